package talent_test

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/imports"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// apiCreate posts a record and returns its id.
func apiCreate(t *testing.T, c *testapp.Client, path string, body map[string]any) int64 {
	t.Helper()
	r := c.API("POST", path, body)
	if r.Status != 201 {
		t.Fatalf("POST %s: %d %s", path, r.Status, r.Body)
	}
	var out struct {
		ID int64 `json:"id"`
	}
	r.JSON(t, &out)
	return out.ID
}

// Town A never sees town B's talents, stations or subsidies: not in lists,
// not by page, not by API, not by guessing ids; a secretary has no talent
// pages at all.
func TestScopeOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		a, b := e.Login(t, testapp.TownA), e.Login(t, testapp.TownB)
		ta := apiCreate(t, a, "/api/v1/talent/talents", map[string]any{"org_id": e.City.BranchA1.ID, "name": "金甲才", "specialty": "agronomy", "origin": "local", "phone": "13800000001"})
		tb := apiCreate(t, b, "/api/v1/talent/talents", map[string]any{"org_id": e.City.BranchB1.ID, "name": "朴乙才", "specialty": "food", "origin": "outside", "phone": "13800000002"})
		sb := apiCreate(t, b, "/api/v1/talent/stations", map[string]any{"org_id": e.City.BranchB1.ID, "name": "乙镇西岭村返乡创业服务站", "site_kind": "village", "founded_on": "2022-03-01"})
		subB := apiCreate(t, b, "/api/v1/talent/subsidies", map[string]any{"talent_id": tb, "kind": "rent", "amount": 80000, "applied_on": "2022-03-01"})
		apiCreate(t, a, "/api/v1/talent/subsidies", map[string]any{"talent_id": ta, "kind": "rent", "amount": 60000, "applied_on": "2022-03-01"})
		tbs, sbs, subs := strconv.FormatInt(tb, 10), strconv.FormatInt(sb, 10), strconv.FormatInt(subB, 10)
		e.Run(t, []testapp.Scenario{
			{Name: "A list page", User: testapp.TownA, Page: true, Path: "/talent/talents", Status: 200, Want: []string{"金甲才", "138****0001"}, WantNot: []string{"朴乙才", "13800000001"}},
			{Name: "A list API", User: testapp.TownA, Path: "/api/v1/talent/talents", Status: 200, Want: []string{"金甲才"}, WantNot: []string{"朴乙才"}},
			{Name: "A stations", User: testapp.TownA, Page: true, Path: "/talent/stations", Status: 200, WantNot: []string{"西岭村返乡"}},
			{Name: "A subsidies", User: testapp.TownA, Path: "/api/v1/talent/subsidies", Status: 200, Want: []string{"金甲才"}, WantNot: []string{"朴乙才", "80000"}},
			{Name: "A guesses B's talent page", User: testapp.TownA, Page: true, Path: "/talent/talents/" + tbs, Status: 404, WantNot: []string{"朴乙才"}},
			{Name: "A guesses B's talent API", User: testapp.TownA, Path: "/api/v1/talent/talents/" + tbs, Status: 404, WantNot: []string{"朴乙才"}},
			{Name: "A guesses B's station", User: testapp.TownA, Path: "/api/v1/talent/stations/" + sbs, Status: 404},
			{Name: "A edits B's station", User: testapp.TownA, Method: "PUT", Path: "/api/v1/talent/stations/" + sbs, Body: map[string]any{"org_id": e.City.BranchA1.ID, "name": "x", "site_kind": "village", "founded_on": "2022-03-01"}, Status: 404},
			{Name: "A deletes B's subsidy", User: testapp.TownA, Method: "DELETE", Path: "/api/v1/talent/subsidies/" + subs, Status: 404},
			{Name: "A approves B's subsidy", User: testapp.TownA, Method: "POST", Path: "/api/v1/talent/subsidies/" + subs + "/approve", Body: map[string]any{}, Status: 404},
			{Name: "A cannot unmask", User: testapp.TownA, Path: fmt.Sprintf("/api/v1/talent/talents/%d?unmask=1", ta), Status: 403},
			{Name: "staff unmasks", User: testapp.Staff, Path: fmt.Sprintf("/api/v1/talent/talents/%d?unmask=1", ta), Status: 200, Want: []string{"13800000001"}},
			{Name: "staff hub", User: testapp.Staff, Page: true, Path: "/talent/overview", Status: 200, Want: []string{"人才工作概览", "返乡创业服务站", "人才库"}},
			{Name: "staff detail", User: testapp.Staff, Page: true, Path: "/talent/talents/" + tbs, Status: 200, Want: []string{"朴乙才", "人才补贴", "查看完整号码"}},
			{Name: "staff new form", User: testapp.Staff, Page: true, Path: "/talent/subsidies/new?talent_id=" + tbs, Status: 200, Want: []string{"金额（元）"}},
			{Name: "unknown field", User: testapp.TownA, Method: "POST", Path: "/api/v1/talent/talents", Body: map[string]any{"org_id": e.City.BranchA1.ID, "name": "x", "specialty": "it", "origin": "local", "salary": 1}, Status: 422, Want: []string{"salary"}},
			{Name: "secretary has no talent pages", User: testapp.Secretary, Page: true, Path: "/talent/talents", Status: 403},
		})
		// Every ledger's list, new form and export answer for staff.
		staff := e.Login(t, testapp.Staff)
		for _, slug := range []string{"talents", "pool", "leads", "orders", "demands", "visits", "recruits", "subsidies", "groups", "members", "pushes", "courses", "stations", "cases", "features", "documents"} {
			for _, p := range []string{"/talent/" + slug, "/talent/" + slug + "/new", "/talent/" + slug + "/export"} {
				if r := staff.Page(p); r.Status != 200 {
					t.Errorf("%s: %d %.300s", p, r.Status, r.Body)
				}
			}
		}
		// A form error keeps what was typed and names the field.
		r := staff.Post("/talent/talents/new", map[string][]string{"org_id": {strconv.FormatInt(e.City.BranchA1.ID, 10)}, "name": {"留住的名字"}, "specialty": {""}, "origin": {"local"}})
		if r.Status != 422 || !strings.Contains(r.Body, "留住的名字") || !strings.Contains(r.Body, "专业类别") {
			t.Errorf("form error: %d %.500s", r.Status, r.Body)
		}
	})
}

// A talents sheet exported with personal data in clear imports into
// another city's ledger as the same records; a masked export is refused
// row by row rather than imported with broken phones.
func TestExcelRoundTrip(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		staff := e.Login(t, testapp.Staff)
		for i, n := range []string{"金明哲", "朴顺姬", "李春梅"} {
			apiCreate(t, staff, "/api/v1/talent/talents", map[string]any{"org_id": e.City.BranchA1.ID, "name": n, "specialty": "agronomy", "origin": "outside",
				"outside_place": "北京市", "returnee": i == 1, "phone": fmt.Sprintf("1390000000%d", i), "id_number": idNumber("19900101", i+1), "tags": "返乡"})
		}
		clear := e.Do(t, "GET", "/api/v1/talent/talents/export?unmask=1", staff.Token, nil)
		masked := e.Do(t, "GET", "/api/v1/talent/talents/export", staff.Token, nil)
		if clear.Status != 200 || masked.Status != 200 {
			t.Fatalf("export: %d %d", clear.Status, masked.Status)
		}
		var n int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND object_type = 'talent'`).Scan(&n); err != nil || n != 2 {
			t.Errorf("exports audited: %d %v", n, err)
		}
		e2 := testapp.New(t, testenv.SQLite(t))
		p := &access.Principal{UserID: 1, Username: "staff", Role: access.RoleStaff, OrgID: e2.City.Root.ID, OrgPath: e2.City.Root.Path}
		ctx := audit.WithActor(access.WithPrincipal(context.Background(), p), audit.Actor{ID: 1, Name: "importer"})
		run := func(data string) imports.Job {
			job, err := e2.App.Imports.Start(ctx, p, "talent-talents", "人才库.xlsx", bytes.NewReader([]byte(data)))
			if err != nil {
				t.Fatal(err)
			}
			e2.App.Imports.Wait()
			job, _ = e2.App.Imports.Get(ctx, p, job.ID)
			return job
		}
		if job := run(masked.Body); job.Status != imports.Failed || job.FailedRows != 3 {
			t.Errorf("masked import: %+v", job)
		}
		if job := run(clear.Body); job.Status != imports.Done || job.Total != 3 {
			t.Fatalf("import: %+v", job)
		}
		s2 := e2.Login(t, testapp.Staff)
		got := s2.API("GET", "/api/v1/talent/talents", nil)
		want := staff.API("GET", "/api/v1/talent/talents", nil)
		for _, s := range []string{"金明哲", "朴顺姬", "李春梅", "139****0001", "北京市", `"returnee":true`, "中共甲镇东风村支部委员会"} {
			if !strings.Contains(got.Body, s) || !strings.Contains(want.Body, s) {
				t.Errorf("after the round trip %q is missing", s)
			}
		}
		var list struct{ Items []map[string]any }
		got.JSON(t, &list)
		for _, it := range list.Items {
			u := s2.API("GET", fmt.Sprintf("/api/v1/talent/talents/%v?unmask=1", it["id"]), nil)
			if !strings.Contains(u.Body, "1390000000") || !strings.Contains(u.Body, "2224011990010100") {
				t.Errorf("personal data lost in the round trip: %s", u.Body)
			}
		}
	})
}
