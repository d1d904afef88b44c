package bt_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// Town A never sees town B's branch months, rectifications or grid cells
// — by page, by API, by export or by guessing ids; the secretary sees
// only the own branch.
func TestScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		c, staff := setup(t, e)
		var a, b assessment
		staff.API("PUT", monthPath(e.City.BranchA1.ID, "2022-05"), answers(c, true)).JSON(t, &a)
		staff.API("PUT", monthPath(e.City.BranchB1.ID, "2022-05"), answers(c, true, 20)).JSON(t, &b)
		staff.API("POST", fmt.Sprintf("/api/v1/bt/assessments/%d/review", b.ID), map[string]any{})
		var rects struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		staff.API("GET", fmt.Sprintf("/api/v1/bt/rectifications?assessment=%d", b.ID), nil).JSON(t, &rects)
		if len(rects.Items) == 0 {
			t.Fatal("B1's red month opened no rectification")
		}
		rb := rects.Items[0].ID
		e.Run(t, []testapp.Scenario{
			{Name: "A overview", User: testapp.TownA, Page: true, Path: "/bt?month=2022-05", Status: 200, Want: []string{"甲镇东风村支部"}, WantNot: []string{"西岭村"}},
			{Name: "A overview API", User: testapp.TownA, Path: "/api/v1/bt/overview?month=2022-05", Status: 200, Want: []string{"东风村"}, WantNot: []string{"西岭村"}},
			{Name: "A year", User: testapp.TownA, Page: true, Path: "/bt/year?year=2022", Status: 200, Want: []string{"东风村"}, WantNot: []string{"西岭村"}},
			{Name: "A list", User: testapp.TownA, Path: "/api/v1/bt/assessments?period=2022", Status: 200, Want: []string{"东风村"}, WantNot: []string{"西岭村"}},
			{Name: "A list page", User: testapp.TownA, Page: true, Path: "/bt/assessments", Status: 200, Want: []string{"东风村"}, WantNot: []string{"西岭村"}},
			{Name: "A guesses B", User: testapp.TownA, Path: fmt.Sprintf("/api/v1/bt/assessments/%d", b.ID), Status: 404},
			{Name: "A guesses B page", User: testapp.TownA, Page: true, Path: fmt.Sprintf("/bt/assessments/%d", b.ID), Status: 404},
			{Name: "A guesses B form", User: testapp.TownA, Path: monthPath(e.City.BranchB1.ID, "2022-06"), Status: 404},
			{Name: "A guesses B rect", User: testapp.TownA, Path: fmt.Sprintf("/api/v1/bt/rectifications/%d", rb), Status: 404},
			{Name: "A closes B rect", User: testapp.TownA, Method: "POST", Path: fmt.Sprintf("/api/v1/bt/rectifications/%d/close", rb),
				Body: map[string]any{"closed_on": "2022-06-01", "measure": "x"}, Status: 404},
			{Name: "A rects", User: testapp.TownA, Path: "/api/v1/bt/rectifications", Status: 200, WantNot: []string{"西岭村"}},
			{Name: "A group hides B", User: testapp.TownA, Path: "/api/v1/bt/groups", Status: 200, Want: []string{"第一指导组"}},
			{Name: "secretary list", User: testapp.Secretary, Path: "/api/v1/bt/assessments", Status: 200, Want: []string{"东风村"}, WantNot: []string{"西岭村"}},
			{Name: "secretary B", User: testapp.Secretary, Path: fmt.Sprintf("/api/v1/bt/assessments/%d", b.ID), Status: 404},
			{Name: "secretary publishes", User: testapp.Secretary, Method: "POST", Path: "/api/v1/bt/publish", Body: map[string]any{"month": "2022-05"}, Status: 403},
			{Name: "member", User: testapp.Member, Path: "/api/v1/bt/overview", Status: 403},
			{Name: "B overview", User: testapp.TownB, Page: true, Path: "/bt?month=2022-05", Status: 200, Want: []string{"西岭村", "红灯"}, WantNot: []string{"东风村"}},
			{Name: "drill-down scoped", User: testapp.TownA, Page: true, Path: "/indicators/bt.branches_evaluated?period=2022", Status: 200, WantNot: []string{"西岭村"}},
		})
		// The export of town A reads back only its branch.
		townA := e.Login(t, testapp.TownA)
		res := townA.API("GET", "/api/v1/bt/assessments/export?period=2022", nil)
		if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/vnd.openxmlformats") {
			t.Fatalf("export: %d %s", res.Status, res.Header.Get("Content-Type"))
		}
		if rows := xlsxRows(t, res.Body); len(rows) != 2 || !strings.Contains(strings.Join(rows[1], " "), "东风村") {
			t.Errorf("export rows: %v", rows)
		}
		var n int
		_ = db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND object_type = 'bt_assessment'`).Scan(&n)
		if n != 1 {
			t.Errorf("export audited %d times", n)
		}
	})
}

// The checklist and group forms refuse bad input with named fields, keep
// what was typed and save nothing.
func TestConfigForms(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		staff := e.Login(t, testapp.Staff)
		staff.Page("/bt/checklists/new")
		r := staff.Post("/bt/checklists/new", url.Values{"name": {"新清单"}, "version": {"1"}, "effective_from": {"2022-13"}, "green_min": {"80"},
			"yellow_min": {"85"}, "item_title": {"按月召开主题党日", ""}, "item_weight": {"abc", "5"}, "item_category": {"", ""}, "item_evidence": {"", ""}})
		for _, want := range []string{"启用月份", "请填写年月", "黄灯线应低于绿灯线", "第1行", "第2行", "请填写项目内容", `value="新清单"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("checklist form lacks %q", want)
			}
		}
		r2 := staff.Post("/bt/groups/new", url.Values{"name": {""}, "set_up_on": {"2099-01-01"}, "branch_ids": {fmt.Sprint(e.City.TownA.ID)}})
		for _, want := range []string{"指导组名称", "组建日期", "不能晚于今天", "至少选择一名组员", "不是党支部"} {
			if !strings.Contains(r2.Body, want) {
				t.Errorf("group form lacks %q", want)
			}
		}
		var n int
		_ = db.QueryRowContext(t.Context(), `SELECT (SELECT COUNT(*) FROM bt_checklists) + (SELECT COUNT(*) FROM bt_groups)`).Scan(&n)
		if r.Status != 422 || r2.Status != 422 || n != 0 {
			t.Fatalf("forms: %d %d, %d saved", r.Status, r2.Status, n)
		}
		// A checklist in use cannot change.
		c, _ := setup(t, e)
		staff.API("PUT", monthPath(e.City.BranchA1.ID, "2022-05"), answers(c, false))
		if r := staff.API("PUT", fmt.Sprintf("/api/v1/bt/checklists/%d", c.ID), standard); r.Status != 409 || !strings.Contains(r.Body, "发布新版本") {
			t.Errorf("checklist in use edited: %d %s", r.Status, r.Body)
		}
	})
}
