package e2e

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// The three administrators are separated, and no one else does their work.
func TestAdministratorsSeparated(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		e.Run(t, []testapp.Scenario{
			{Name: "sysadmin lists users", User: testapp.SysAdmin, Path: "/api/v1/users", Status: 200, Want: []string{testapp.TownA}},
			{Name: "secadmin lists users", User: testapp.SecAdmin, Path: "/api/v1/users", Status: 200},
			{Name: "sysadmin cannot read audit", User: testapp.SysAdmin, Path: "/api/v1/audit", Status: 403},
			{Name: "sysadmin audit page", User: testapp.SysAdmin, Page: true, Path: "/admin/audit", Status: 403},
			{Name: "secadmin cannot read audit", User: testapp.SecAdmin, Path: "/api/v1/audit", Status: 403},
			{Name: "auditor reads audit", User: testapp.Auditor, Path: "/api/v1/audit", Status: 200, Want: []string{"auth.login"}},
			{Name: "auditor cannot list users", User: testapp.Auditor, Path: "/api/v1/users", Status: 403},
			{Name: "staff cannot list users", User: testapp.Staff, Path: "/api/v1/users", Status: 403},
			{Name: "staff cannot read audit", User: testapp.Staff, Path: "/api/v1/audit", Status: 403},
			{Name: "secadmin cannot create users", User: testapp.SecAdmin, Method: "POST", Path: "/api/v1/users",
				Body: map[string]any{"username": "x1", "display_name": "某", "org_id": e.City.Root.ID}, Status: 403},
			{Name: "sysadmin cannot grant", User: testapp.SysAdmin, Method: "POST", Path: "/api/v1/users/2/grant",
				Body: map[string]any{"role": "staff", "org_id": e.City.Root.ID}, Status: 403},
			{Name: "sysadmin has no org write", User: testapp.SysAdmin, Method: "POST", Path: "/api/v1/orgs",
				Body: map[string]any{"parent_id": e.City.Root.ID, "name": "某", "code": "Z1", "kind": "branch", "domain": "rural"}, Status: 403},
			{Name: "audit verify", User: testapp.Auditor, Path: "/api/v1/audit/verify", Status: 200, Want: []string{`"ok":true`}},
		})
	})
}

// A user created by the system administrator gets no role until the security
// administrator grants one, and must change the password at first sign-in.
func TestUserLifecycle(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		sys := e.Login(t, testapp.SysAdmin)
		res := sys.API("POST", "/api/v1/users", map[string]any{"username": "wangli", "display_name": "王丽", "org_id": e.City.TownA.ID})
		if res.Status != 201 {
			t.Fatalf("create: %d %s", res.Status, res.Body)
		}
		var created struct {
			User struct {
				ID int64 `json:"id"`
			} `json:"user"`
			Password string `json:"initial_password"`
		}
		res.JSON(t, &created)
		bad := sys.API("POST", "/api/v1/users", map[string]any{"username": "A", "display_name": "", "org_id": 0})
		if bad.Status != 422 || !strings.Contains(bad.Body, "用户名") || !strings.Contains(bad.Body, "姓名") {
			t.Errorf("bad user: %d %s", bad.Status, bad.Body)
		}
		dup := sys.API("POST", "/api/v1/users", map[string]any{"username": "wangli", "display_name": "王丽", "org_id": e.City.TownA.ID})
		if dup.Status != 422 || !strings.Contains(dup.Body, "已被使用") {
			t.Errorf("duplicate: %d %s", dup.Status, dup.Body)
		}

		login := e.Do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "wangli", "password": created.Password})
		if login.Status != 200 || !strings.Contains(login.Body, `"must_change_password":true`) {
			t.Fatalf("first login: %d %s", login.Status, login.Body)
		}
		var tok struct {
			Token string `json:"token"`
		}
		login.JSON(t, &tok)
		if r := e.Do(t, "GET", "/api/v1/orgs", tok.Token, nil); r.Status != 403 || !strings.Contains(r.Body, "修改密码") {
			t.Errorf("before change: %d %s", r.Status, r.Body)
		}
		weak := e.Do(t, "POST", "/api/v1/me/password", tok.Token, map[string]string{"old_password": created.Password, "password": "abcdefgh"})
		if weak.Status != 422 || !strings.Contains(weak.Body, "三类") {
			t.Errorf("weak password: %d %s", weak.Status, weak.Body)
		}
		if r := e.Do(t, "POST", "/api/v1/me/password", tok.Token, map[string]string{"old_password": created.Password, "password": "Xin#Mima2022"}); r.Status != 204 {
			t.Fatalf("change: %d %s", r.Status, r.Body)
		}
		// No role yet: nothing but the own account.
		if r := e.Do(t, "GET", "/api/v1/orgs", tok.Token, nil); r.Status != 403 {
			t.Errorf("no role: %d", r.Status)
		}
		sec := e.Login(t, testapp.SecAdmin)
		uid := strconv.FormatInt(created.User.ID, 10)
		if r := sec.API("POST", "/api/v1/users/"+uid+"/grant", map[string]any{"role": "committee", "org_id": e.City.TownA.ID}); r.Status != 200 {
			t.Fatalf("grant: %d %s", r.Status, r.Body)
		}
		// A grant ends the old sessions; sign in again.
		if r := e.Do(t, "GET", "/api/v1/me", tok.Token, nil); r.Status != 401 {
			t.Errorf("old session after grant: %d", r.Status)
		}
		login = e.Do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "wangli", "password": "Xin#Mima2022"})
		login.JSON(t, &tok)
		if r := e.Do(t, "GET", "/api/v1/orgs?size=50", tok.Token, nil); r.Status != 200 || !strings.Contains(r.Body, e.City.BranchA1.Name) || strings.Contains(r.Body, e.City.BranchB1.Name) {
			t.Errorf("after grant: %d %s", r.Status, r.Body)
		}
		// The security administrator cannot raise their own grant.
		var secID int64
		if err := db.QueryRowContext(t.Context(), `SELECT id FROM users WHERE username = ?`, testapp.SecAdmin).Scan(&secID); err != nil {
			t.Fatal(err)
		}
		if r := sec.API("POST", "/api/v1/users/"+strconv.FormatInt(secID, 10)+"/grant", map[string]any{"role": "staff", "org_id": e.City.Root.ID}); r.Status != 403 {
			t.Errorf("self grant: %d %s", r.Status, r.Body)
		}
		// Page flow: the system administrator creates a user on the page and
		// sees the initial password once.
		page := sys.Post("/admin/users", url.Values{"username": {"lihua"}, "display_name": {"李华"}, "org_id": {strconv.FormatInt(e.City.TownB.ID, 10)}})
		if page.Status != 200 || !strings.Contains(page.Body, "initial-password") {
			t.Errorf("create on page: %d %.300s", page.Status, page.Body)
		}
		// The audit administrator sees the whole story.
		aud := e.Login(t, testapp.Auditor)
		log := aud.API("GET", "/api/v1/audit?size=200", nil)
		for _, action := range []string{"user.create", "user.change_password", "user.grant", "auth.login"} {
			if !strings.Contains(log.Body, `"action":"`+action+`"`) {
				t.Errorf("audit lacks %s", action)
			}
		}
	})
}
