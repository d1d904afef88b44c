package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"troika/internal/imports"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// hostile is what an attacker types into every text field.
const hostile = `'); DROP TABLE orgs; -- <script>alert("x")</script> ${7*7} ../../etc/passwd`

type operation struct {
	method, path string
	body         map[string]any // the request schema, resolved
}

// operations lists the API's operations with their JSON request schemas.
func operations(t *testing.T, e *testapp.Env) []operation {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	e.Do(t, "GET", "/api/v1/openapi.json", "", nil).JSON(t, &doc)
	var resolve func(s map[string]any, depth int) map[string]any
	resolve = func(s map[string]any, depth int) map[string]any {
		if ref, ok := s["$ref"].(string); ok && depth < 5 {
			return resolve(doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")], depth+1)
		}
		return s
	}
	var ops []operation
	for path, methods := range doc.Paths {
		for method, raw := range methods {
			var op struct {
				RequestBody struct {
					Content map[string]struct {
						Schema map[string]any `json:"schema"`
					} `json:"content"`
				} `json:"requestBody"`
			}
			_ = json.Unmarshal(raw, &op)
			o := operation{method: strings.ToUpper(method), path: path}
			if c, ok := op.RequestBody.Content["application/json"]; ok {
				o.body = resolve(c.Schema, 0)
			}
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].path+ops[i].method < ops[j].path+ops[j].method })
	return ops
}

// payload fills a schema: hostile text in every string, small numbers.
func payload(s map[string]any, depth int) any {
	if depth > 4 {
		return nil
	}
	switch s["type"] {
	case "object", nil:
		props, _ := s["properties"].(map[string]any)
		out := map[string]any{}
		for k, v := range props {
			if m, ok := v.(map[string]any); ok {
				out[k] = payload(m, depth+1)
			}
		}
		return out
	case "string":
		return hostile
	case "integer", "number":
		return 1
	case "boolean":
		return true
	case "array":
		if items, ok := s["items"].(map[string]any); ok {
			return []any{payload(items, depth+1)}
		}
		return []any{}
	}
	return nil
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

func TestBadInputCampaign(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	staff := e.Login(t, testapp.Staff)
	ops := operations(t, e)
	if len(ops) < 50 {
		t.Fatalf("only %d operations found", len(ops))
	}
	var orgsBefore int
	_ = e.App.DB.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM orgs`).Scan(&orgsBefore)

	for _, op := range ops {
		if op.method == "GET" || op.body == nil {
			continue
		}
		path := pathParam.ReplaceAllString(op.path, "1")
		// Hostile text in every field: a clear answer, never a crash.
		res := staff.API(op.method, path, payload(op.body, 0))
		if res.Status >= 500 {
			t.Errorf("%s %s with hostile text: %d %.200s", op.method, op.path, res.Status, res.Body)
		}
		if res.Status >= 400 && !strings.Contains(res.Body, `"message"`) {
			t.Errorf("%s %s: %d without an error message: %.200s", op.method, op.path, res.Status, res.Body)
		}
		// An oversized body is refused.
		big := `{"x":"` + strings.Repeat("长", 700_000) + `"}`
		if r := staff.API(op.method, path, big); r.Status < 400 || r.Status >= 500 {
			t.Errorf("%s %s with a 2 MiB body: %d", op.method, op.path, r.Status)
		}
		// Unknown fields are refused, whatever else the body holds.
		if r := staff.API(op.method, path, `{"__proto__":{"admin":true}}`); r.Status < 400 || r.Status >= 500 {
			t.Errorf("%s %s with an unknown field: %d", op.method, op.path, r.Status)
		}
	}
	// The injection changed nothing it should not: the tables stand, and
	// whatever was stored is shown escaped on every page.
	var orgsAfter int
	if err := e.App.DB.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM orgs`).Scan(&orgsAfter); err != nil || orgsAfter < orgsBefore {
		t.Fatalf("organizations table damaged: %d before, %d after, %v", orgsBefore, orgsAfter, err)
	}
	home := staff.Page("/")
	links := regexp.MustCompile(`class="navlink[^"]*" href="([^"]+)"`).FindAllStringSubmatch(home.Body, -1)
	if len(links) < 10 {
		t.Fatalf("only %d navigation links", len(links))
	}
	for _, l := range links {
		page := staff.Page(l[1])
		if page.Status >= 500 {
			t.Errorf("page %s after the campaign: %d", l[1], page.Status)
		}
		if strings.Contains(page.Body, `<script>alert(`) {
			t.Errorf("page %s shows stored script unescaped", l[1])
		}
	}
}

func TestBadWorkbooks(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	staff := e.Login(t, testapp.Staff)
	var bomb bytes.Buffer
	z := zip.NewWriter(&bomb)
	w, _ := z.Create("xl/worksheets/sheet1.xml")
	chunk := bytes.Repeat([]byte("A"), 1<<20)
	for i := 0; i < 700; i++ {
		_, _ = w.Write(chunk)
	}
	z.Close()
	files := map[string][]byte{
		"random bytes":     bytes.Repeat([]byte{0x13, 0x37, 0xff}, 5000),
		"empty":            {},
		"zip bomb":         bomb.Bytes(),
		"html as xlsx":     []byte("<html><script>alert(1)</script></html>"),
		"zip without book": zipBytes(map[string]string{"hello.txt": "hi"}),
	}
	for _, kind := range imports.Kinds() {
		for name, data := range files {
			for _, fname := range []string{"roster.xlsx", "../../../../etc/cron.d/x.xlsx"} {
				status, body := upload(t, e, staff.Token, "/api/v1/imports/"+kind, fname, data)
				if status != 422 && status != 413 {
					t.Errorf("import %s, %s as %q: %d %.200s", kind, name, fname, status, body)
				}
			}
		}
	}
	var jobs int
	_ = e.App.DB.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM import_jobs`).Scan(&jobs)
	if jobs != 0 {
		t.Errorf("%d import jobs started from bad files", jobs)
	}
}

func zipBytes(parts map[string]string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for n, s := range parts {
		w, _ := z.Create(n)
		_, _ = w.Write([]byte(s))
	}
	z.Close()
	return b.Bytes()
}

func upload(t *testing.T, e *testapp.Env, token, path, name string, data []byte) (int, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", e.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Cross-origin state changes and revoked sessions are refused on every
// route that changes or reads anything.
func TestCrossOriginAndRevokedSession(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	ops := operations(t, e)
	c := e.Login(t, testapp.Staff)
	for _, op := range ops {
		if op.method == "GET" || strings.HasPrefix(op.path, "/api/v1/auth/") {
			continue
		}
		path := pathParam.ReplaceAllString(op.path, "1")
		req, _ := http.NewRequest(op.method, e.URL+path, strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "http://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := c.Web.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin %s %s: %d", op.method, op.path, resp.StatusCode)
		}
	}
	if r := c.API("POST", "/api/v1/auth/logout", nil); r.Status != 204 {
		t.Fatalf("logout: %d", r.Status)
	}
	checked := 0
	for _, op := range ops {
		if op.method != "GET" || strings.Contains(op.path, "openapi") {
			continue
		}
		r := e.Do(t, "GET", pathParam.ReplaceAllString(op.path, "1"), c.Token, nil)
		// Public pages (tracking codes) answer without a session; nothing
		// else may answer the revoked token with data.
		if r.Status == 200 && !isPublic(op.path) {
			t.Errorf("revoked token read %s: %d", op.path, r.Status)
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d GET routes checked", checked)
	}
}

func isPublic(path string) bool {
	return strings.Contains(path, "/public/") || strings.Contains(path, "/track") || strings.HasSuffix(path, "/openapi.json")
}
