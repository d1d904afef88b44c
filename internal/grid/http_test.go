package grid_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/member"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// gridWorker is the fixture's grid-worker account, bound to branch A1's
// village and assigned to its first grid.
const gridWorker = "grida1"

type httpCity struct {
	e                  *testapp.Env
	gA1, gA2, gB       int64
	rA1, rA2, rB, hhA1 int64
}

// seedHTTP adds two grids in village A1 (the worker works the first), one
// in village B1, and a resident in each.
func seedHTTP(t *testing.T, e *testapp.Env) httpCity {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "fixture"})
	u, _, err := e.App.Access.CreateUser(ctx, access.NewUser{Username: gridWorker, DisplayName: "网格员甲", OrgID: e.City.BranchA1.ID,
		Role: access.RoleGrid, Password: testapp.Password, Ready: true})
	if err != nil {
		t.Fatal(err)
	}
	staff := e.Login(t, testapp.Staff)
	c := httpCity{e: e}
	mkGrid := func(org int64, code string) int64 {
		res := staff.API("POST", "/api/v1/grids", map[string]any{"org_id": org, "code": code, "name": code + "网格", "households": 40})
		if res.Status != 201 {
			t.Fatalf("grid %s: %d %s", code, res.Status, res.Body)
		}
		var g struct{ ID int64 }
		res.JSON(t, &g)
		return g.ID
	}
	c.gA1, c.gA2, c.gB = mkGrid(e.City.BranchA1.ID, "GA1"), mkGrid(e.City.BranchA1.ID, "GA2"), mkGrid(e.City.BranchB1.ID, "GB1")
	if res := staff.API("POST", fmt.Sprintf("/api/v1/grids/%d/workers", c.gA1), map[string]any{"user_id": u.ID, "kind": "full",
		"since": "2021-01-01", "phone": "13900001111"}); res.Status != 201 {
		t.Fatalf("assign: %d %s", res.Status, res.Body)
	}
	mkRes := func(gridID int64, name, birth string, n int) (int64, int64) {
		res := staff.API("POST", "/api/v1/residents", map[string]any{"grid_id": gridID, "household_code": "0001", "address": name + "家",
			"name": name, "id_number": member.MakeID("222405", birth, n, true), "phone": "13843300000", "moved_in": "2020-01-01"})
		if res.Status != 201 {
			t.Fatalf("resident %s: %d %s", name, res.Status, res.Body)
		}
		var r struct {
			ID          int64 `json:"id"`
			HouseholdID int64 `json:"household_id"`
		}
		res.JSON(t, &r)
		return r.ID, r.HouseholdID
	}
	c.rA1, c.hhA1 = mkRes(c.gA1, "金甲一", "19600101", 1)
	c.rA2, _ = mkRes(c.gA2, "朴甲二", "19610202", 2)
	c.rB, _ = mkRes(c.gB, "崔乙一", "19620303", 3)
	return c
}

func TestHTTPScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		c := seedHTTP(t, e)
		id := func(f string, n int64) string { return fmt.Sprintf(f, n) }
		e.Run(t, []testapp.Scenario{
			{Name: "town A list page", User: testapp.TownA, Page: true, Path: "/residents", Status: 200, Want: []string{"金甲一", "朴甲二", "录入居民信息"}, WantNot: []string{"崔乙一"}},
			{Name: "town B list page", User: testapp.TownB, Page: true, Path: "/residents", Status: 200, Want: []string{"崔乙一"}, WantNot: []string{"金甲一", "朴甲二"}},
			{Name: "town A API", User: testapp.TownA, Path: "/api/v1/residents", Status: 200, Want: []string{"金甲一", `"total":2`}, WantNot: []string{"崔乙一", "13843300000"}},
			{Name: "town A grids", User: testapp.TownA, Page: true, Path: "/grids", Status: 200, Want: []string{"GA1网格", "GA2网格"}, WantNot: []string{"GB1"}},
			{Name: "town B guesses a resident", User: testapp.TownB, Path: id("/api/v1/residents/%d", c.rA1), Status: 404, WantNot: []string{"金甲一"}},
			{Name: "town B guesses a resident page", User: testapp.TownB, Page: true, Path: id("/residents/%d", c.rA1), Status: 404, WantNot: []string{"金甲一"}},
			{Name: "town B guesses a household", User: testapp.TownB, Path: id("/api/v1/households/%d", c.hhA1), Status: 404, WantNot: []string{"金甲一"}},
			{Name: "town B guesses a grid", User: testapp.TownB, Page: true, Path: id("/grids/%d", c.gA1), Status: 404},
			{Name: "town B edits a grid", User: testapp.TownB, Method: "PUT", Path: id("/api/v1/grids/%d", c.gA1), Body: map[string]any{"code": "X", "name": "X"}, Status: 404},
			{Name: "town B edits a resident", User: testapp.TownB, Method: "PUT", Path: id("/api/v1/residents/%d", c.rA1), Body: map[string]any{"name": "X"}, Status: 404},
			{Name: "town B visits", User: testapp.TownB, Method: "POST", Path: "/api/v1/visits", Body: map[string]any{"resident_id": c.rA1, "visited_on": "2022-05-01", "method": "home", "notes": "x"}, Status: 404},
			{Name: "worker sees own grid", User: gridWorker, Page: true, Path: "/residents", Status: 200, Want: []string{"金甲一"}, WantNot: []string{"朴甲二", "崔乙一"}},
			{Name: "worker API", User: gridWorker, Path: "/api/v1/residents", Status: 200, Want: []string{"金甲一", `"total":1`}, WantNot: []string{"朴甲二"}},
			{Name: "worker guesses a neighbour grid's resident", User: gridWorker, Path: id("/api/v1/residents/%d", c.rA2), Status: 404},
			{Name: "worker grids", User: gridWorker, Path: "/api/v1/grids", Status: 200, Want: []string{"GA1"}, WantNot: []string{"GA2", "GB1"}},
			{Name: "worker records a visit", User: gridWorker, Method: "POST", Path: "/api/v1/visits", Body: map[string]any{"resident_id": c.rA1, "visited_on": "2022-05-01", "method": "home", "notes": "身体正常"}, Status: 201, Want: []string{"网格员甲"}},
			{Name: "worker cannot export", User: gridWorker, Path: "/api/v1/residents/export", Status: 403},
			{Name: "worker cannot make grids", User: gridWorker, Method: "POST", Path: "/api/v1/grids", Body: map[string]any{"org_id": e.City.BranchA1.ID, "code": "Z", "name": "Z"}, Status: 403},
			{Name: "committee cannot unmask", User: testapp.TownA, Path: id("/api/v1/residents/%d?unmask=1", c.rA1), Status: 403},
			{Name: "staff unmasks", User: testapp.Staff, Path: id("/api/v1/residents/%d?unmask=1", c.rA1), Status: 200, Want: []string{member.MakeID("222405", "19600101", 1, true)}},
			{Name: "member has no resident list", User: testapp.Member, Path: "/api/v1/residents", Status: 403},
			{Name: "bad ID on the API", User: testapp.TownA, Method: "POST", Path: "/api/v1/residents", Body: map[string]any{"grid_id": c.gA1, "household_code": "0009", "address": "x", "name": "坏号", "id_number": "222405196001010000"}, Status: 422, Want: []string{"id_number"}},
			{Name: "figure drill-down masks", User: testapp.TownA, Page: true, Path: "/indicators/gov.residents?period=2022&org=" + fmt.Sprint(e.City.TownA.ID), Status: 200, Want: []string{"金**", "2224**********"}, WantNot: []string{"金甲一", "崔"}},
		})

		// Exports hold the scope and are masked and audited.
		for _, u := range []string{testapp.TownA, testapp.TownB} {
			cl := e.Login(t, u)
			res := cl.Page("/residents/export")
			if res.Status != 200 {
				t.Fatalf("export as %s: %d", u, res.Status)
			}
			xf, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := xf.GetRows(xf.GetSheetList()[0])
			all := fmt.Sprint(rows)
			wantIn, wantOut := "金甲一", "崔乙一"
			if u == testapp.TownB {
				wantIn, wantOut = wantOut, wantIn
			}
			if !strings.Contains(all, wantIn) || strings.Contains(all, wantOut) || strings.Contains(all, "13843300000") {
				t.Fatalf("export as %s: %s", u, all)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND object_type = 'resident'`); n != 2 {
			t.Fatalf("exports audited %d times", n)
		}

		// The form keeps what was typed and names the field.
		cl := e.Login(t, testapp.TownA)
		cl.Page("/residents/new")
		res := cl.Post("/residents/new", url.Values{"grid_id": {fmt.Sprint(c.gA1)}, "household_code": {"0005"}, "name": {"留名"},
			"id_number": {"123"}})
		if res.Status != 422 || !strings.Contains(res.Body, "留名") || !strings.Contains(res.Body, "身份证") || !strings.Contains(res.Body, "新的户号须填写现住址") {
			t.Fatalf("form error: %d %.2000s", res.Status, res.Body)
		}
	})
}
