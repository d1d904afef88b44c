package e2e

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"troika/internal/testapp"
	"troika/internal/testenv"
)

func TestSecurityHeadersAndCSRF(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	res := e.Do(t, "GET", "/login", "", nil)
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
	} {
		if !strings.Contains(res.Header.Get(h), want) {
			t.Errorf("%s = %q, want %q", h, res.Header.Get(h), want)
		}
	}
	if strings.Contains(res.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline script")
	}
	if strings.Contains(res.Body, "<script>") || strings.Contains(res.Body, "http://") || strings.Contains(res.Body, "https://") {
		t.Error("login page has inline script or loads from outside")
	}

	c := e.Login(t, testapp.Staff)
	parent := strconv.FormatInt(e.City.TownA.ID, 10)
	form := url.Values{"name": {"中共甲镇新村支部委员会"}, "code": {"TA09"}, "kind": {"branch"}, "domain": {"rural"}}

	// A form without the session's token is refused and saves nothing.
	bad := url.Values{"_csrf": {"forged"}}
	for k, v := range form {
		bad[k] = v
	}
	if r := c.Post("/orgs/"+parent+"/new", bad); r.Status != http.StatusForbidden {
		t.Errorf("forged token: %d", r.Status)
	}
	// A cross-origin POST is refused even with a token.
	c.Page("/orgs/" + parent + "/new")
	req, _ := http.NewRequest("POST", e.URL+"/orgs/"+parent+"/new", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Web.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST: %d", resp.StatusCode)
	}
	var n int
	if err := e.App.DB.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM orgs WHERE code = 'TA09'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("refused requests saved something: %d %v", n, err)
	}
	// The real form works.
	if r := c.Post("/orgs/"+parent+"/new", form); r.Status != http.StatusSeeOther {
		t.Errorf("real form: %d %.300s", r.Status, r.Body)
	}
	// The API with the cookie but without the header token is refused.
	req, _ = http.NewRequest("POST", e.URL+"/api/v1/orgs", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err = c.Web.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cookie API POST without token: %d", resp.StatusCode)
	}
}

func TestBadInputAnswers(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	c := e.Login(t, testapp.Staff)
	root := e.City.Root.ID
	cases := []struct {
		name   string
		body   any
		status int
		want   []string
	}{
		{"unknown field", `{"parent_id":1,"name":"x","bogus":1}`, 422, []string{"bogus", "不是可接受的字段"}},
		{"syntax", `{"name":`, 422, []string{"JSON 格式错误"}},
		{"trailing", `{"name":"a"} {}`, 422, []string{"多余"}},
		{"wrong type", `{"parent_id":"one"}`, 422, []string{"类型不正确"}},
		{"too large", `{"name":"` + strings.Repeat("长", 600000) + `"}`, 413, []string{"过大"}},
		{"all fields wrong", map[string]any{"parent_id": root, "name": "", "code": "??", "kind": "club", "domain": "moon", "founded_on": "2099-01-01"}, 422,
			[]string{"组织名称", "组织编码", "组织类别", "所属领域", "成立日期", "不能晚于今天"}},
		{"group under committee", map[string]any{"parent_id": root, "name": "某党小组", "code": "G1", "kind": "group", "domain": "rural"}, 422,
			[]string{"党小组不能设在党委之下"}},
		{"duplicate code", map[string]any{"parent_id": root, "name": "某支部", "code": "TA01", "kind": "branch", "domain": "rural"}, 422,
			[]string{"编码已被使用"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.API("POST", "/api/v1/orgs", tc.body)
			if r.Status != tc.status {
				t.Errorf("status %d, want %d: %.300s", r.Status, tc.status, r.Body)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("body lacks %q: %.400s", w, r.Body)
				}
			}
		})
	}
	var n int
	if err := e.App.DB.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM orgs`).Scan(&n); err != nil || n != 6 {
		t.Errorf("bad input changed the tree: %d orgs", n)
	}
	// Dissolving a branch that still has a party group is refused.
	r := c.API("POST", "/api/v1/orgs/"+strconv.FormatInt(e.City.BranchA1.ID, 10)+"/dissolve", map[string]string{"dissolved_on": "2022-05-01", "reason": "合并"})
	if r.Status != 409 || !strings.Contains(r.Body, "下级组织") {
		t.Errorf("dissolve with children: %d %s", r.Status, r.Body)
	}
}

func TestSignInAnswers(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	wrong := map[string]string{"username": testapp.TownB, "password": "Wrong#Pass1"}
	for i := 1; i <= 4; i++ {
		if r := e.Do(t, "POST", "/api/v1/auth/login", "", wrong); r.Status != 401 || !strings.Contains(r.Body, "用户名或密码错误") {
			t.Fatalf("attempt %d: %d %s", i, r.Status, r.Body)
		}
	}
	if r := e.Do(t, "POST", "/api/v1/auth/login", "", wrong); r.Status != 423 || !strings.Contains(r.Body, "锁定") {
		t.Fatalf("5th attempt: %d %s", r.Status, r.Body)
	}
	right := map[string]string{"username": testapp.TownB, "password": testapp.Password}
	if r := e.Do(t, "POST", "/api/v1/auth/login", "", right); r.Status != 423 {
		t.Fatalf("right password while locked: %d %s", r.Status, r.Body)
	}
	if r := e.Do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "nobody", "password": "x"}); r.Status != 401 {
		t.Errorf("unknown user: %d", r.Status)
	}
	// The security administrator unlocks.
	sec := e.Login(t, testapp.SecAdmin)
	var id int64
	if err := e.App.DB.QueryRowContext(t.Context(), `SELECT id FROM users WHERE username = ?`, testapp.TownB).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if r := sec.API("POST", "/api/v1/users/"+strconv.FormatInt(id, 10)+"/unlock", nil); r.Status != 200 {
		t.Fatalf("unlock: %d %s", r.Status, r.Body)
	}
	if r := e.Do(t, "POST", "/api/v1/auth/login", "", right); r.Status != 200 {
		t.Fatalf("after unlock: %d %s", r.Status, r.Body)
	}

	// Sign-out revokes the token; a personal token works until revoked.
	c := e.Login(t, testapp.Staff)
	pat := c.API("POST", "/api/v1/me/tokens", map[string]any{"name": "统计脚本", "days": 30})
	var made struct {
		Token struct {
			ID int64 `json:"id"`
		} `json:"token"`
		Secret string `json:"secret"`
	}
	pat.JSON(t, &made)
	if r := e.Do(t, "GET", "/api/v1/orgs", made.Secret, nil); r.Status != 200 {
		t.Errorf("personal token: %d", r.Status)
	}
	if r := c.API("POST", "/api/v1/auth/logout", nil); r.Status != 204 {
		t.Errorf("logout: %d", r.Status)
	}
	if r := c.API("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("revoked session still works: %d", r.Status)
	}
	c2 := e.Login(t, testapp.Staff)
	if r := c2.API("DELETE", "/api/v1/me/tokens/"+strconv.FormatInt(made.Token.ID, 10), nil); r.Status != 204 {
		t.Errorf("revoke token: %d", r.Status)
	}
	if r := e.Do(t, "GET", "/api/v1/orgs", made.Secret, nil); r.Status != 401 {
		t.Errorf("revoked personal token still works: %d", r.Status)
	}
	if r := e.Do(t, "GET", "/healthz", "", nil); r.Status != 200 || !strings.Contains(r.Body, `"status":"ok"`) {
		t.Errorf("healthz: %d %s", r.Status, r.Body)
	}
}
