package scheme_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

type schemeOut struct {
	ID      int64 `json:"id"`
	Aspects []struct {
		Tasks []struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		} `json:"tasks"`
	} `json:"aspects"`
	Assigned []struct {
		OrgID int64 `json:"org_id"`
		Done  int   `json:"done"`
		Total int   `json:"total"`
	} `json:"assigned"`
}

// A scheme assigned to both townships: each reports its own completions,
// sees only its own progress, never the other's; the outline freezes once
// something is reported. Bad forms name their fields and save nothing.
func TestSchemeCompletionAndScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		staff := e.Login(t, testapp.Staff)
		// The page form: an outline with an item before any task.
		staff.Page("/schemes/new")
		r := staff.Post("/schemes/new", url.Values{"name": {"红领筑基"}, "starts_on": {"2022-03-01"}, "ends_on": {"2022-02-01"}, "outline": {"第一条\n# 方面"}})
		for _, want := range []string{"结束日期不能早于开始日期", "第1行", "考核清单之前须先有工作任务", "红领筑基"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("bad scheme form lacks %q", want)
			}
		}
		var n int
		_ = db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM schemes`).Scan(&n)
		if r.Status != 422 || n != 0 {
			t.Fatalf("bad form: %d, %d saved", r.Status, n)
		}
		r = staff.Post("/schemes/new", url.Values{"name": {"“红领筑基”活动考核方案"}, "starts_on": {"2022-03-01"}, "ends_on": {"2022-12-31"},
			"outline": {"# 规范组织设置\n## 按期换届\n换届率100%\n程序规范\n# 规范组织生活\n## 三会一课\n支委会每月一次"},
			"org_ids": {fmt.Sprint(e.City.TownA.ID), fmt.Sprint(e.City.TownB.ID)}})
		if r.Status != 303 {
			t.Fatalf("create: %d %.400s", r.Status, r.Body)
		}
		loc := r.Header.Get("Location")
		var id int64
		fmt.Sscanf(loc, "/schemes/%d", &id)
		var x schemeOut
		staff.API("GET", fmt.Sprintf("/api/v1/schemes/%d", id), nil).JSON(t, &x)
		item := x.Aspects[0].Tasks[0].Items[0].ID

		townA, townB := e.Login(t, testapp.TownA), e.Login(t, testapp.TownB)
		done := func(c *testapp.Client, org int64, body map[string]any) testapp.Response {
			body["org_id"], body["item_id"] = org, item
			return c.API("POST", fmt.Sprintf("/api/v1/schemes/%d/completions", id), body)
		}
		if r := done(townA, e.City.TownB.ID, map[string]any{"done_on": "2022-05-01", "evidence": "x"}); r.Status != 422 || !strings.Contains(r.Body, "未承担") {
			t.Errorf("town A reports for town B: %d %s", r.Status, r.Body)
		}
		if r := done(townA, e.City.TownA.ID, map[string]any{"done_on": "2022-02-01", "evidence": ""}); r.Status != 422 ||
			!strings.Contains(r.Body, "完成情况及佐证") || !strings.Contains(r.Body, "不能早于方案开始日期2022-03-01") {
			t.Errorf("bad completion: %d %s", r.Status, r.Body)
		}
		if r := done(townA, e.City.TownA.ID, map[string]any{"done_on": "2022-05-01", "evidence": "全镇换届完成"}); r.Status != 201 {
			t.Fatalf("complete: %d %s", r.Status, r.Body)
		}
		var ax schemeOut
		townA.API("GET", fmt.Sprintf("/api/v1/schemes/%d", id), nil).JSON(t, &ax)
		if len(ax.Assigned) != 1 || ax.Assigned[0].OrgID != e.City.TownA.ID || ax.Assigned[0].Done != 1 || ax.Assigned[0].Total != 3 {
			t.Errorf("town A progress: %+v", ax.Assigned)
		}
		// The outline is frozen now; the name may still change.
		upd := map[string]any{"name": "红领筑基（修订）", "starts_on": "2022-03-01", "ends_on": "2022-12-31", "org_ids": []int64{e.City.TownA.ID, e.City.TownB.ID},
			"aspects": []map[string]any{{"title": "只有一个方面", "tasks": []map[string]any{{"title": "任务", "items": []map[string]any{{"title": "清单"}}}}}}}
		if r := staff.API("PUT", fmt.Sprintf("/api/v1/schemes/%d", id), upd); r.Status != 422 || !strings.Contains(r.Body, "已有党组织报告完成") {
			t.Errorf("outline changed after a completion: %d %s", r.Status, r.Body)
		}
		if r := townA.API("PUT", fmt.Sprintf("/api/v1/schemes/%d", id), upd); r.Status != 403 {
			t.Errorf("town A edits the scheme: %d", r.Status)
		}
		e.Run(t, []testapp.Scenario{
			{Name: "town B page", User: testapp.TownB, Page: true, Path: fmt.Sprintf("/schemes/%d", id), Status: 200, Want: []string{"乙镇"}, WantNot: []string{"全镇换届完成", "中共甲镇委员会"}},
			{Name: "town B completions of A", User: testapp.TownB, Path: fmt.Sprintf("/api/v1/schemes/%d/completions?org=%d", id, e.City.TownA.ID), Status: 200, WantNot: []string{"全镇换届完成"}},
			{Name: "town A page", User: testapp.TownA, Page: true, Path: fmt.Sprintf("/schemes/%d?org=%d", id, e.City.TownA.ID), Status: 200, Want: []string{"全镇换届完成", "2022-05-01完成"}},
			{Name: "guessed id", User: testapp.TownA, Path: fmt.Sprintf("/api/v1/schemes/%d", id+50), Status: 404},
			{Name: "list figures", User: testapp.Staff, Page: true, Path: "/schemes?year=2022", Status: 200, Want: []string{"红领筑基考核清单", "/indicators/scheme.items?period=2022"}},
			{Name: "export", User: testapp.Staff, Path: "/api/v1/schemes/export?year=2022", Status: 200},
		})
		_ = townB
	})
}

// A plan's measures carry owners and deadlines; progress is reported with
// a note; the outline freezes once progress is in; another township does
// not see a plan set up above it.
func TestPlanProgressAndScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		staff := e.Login(t, testapp.Staff)
		staff.Page("/plans/new")
		r := staff.Post("/plans/new", url.Values{"name": {""}, "year": {"2022"}, "outline": {"# 抓班子\n书记轮训｜市委组织部｜六月底"}})
		if r.Status != 422 || !strings.Contains(r.Body, "方案名称") || !strings.Contains(r.Body, "完成时限应为 YYYY-MM-DD") || !strings.Contains(r.Body, "书记轮训｜市委组织部｜六月底") {
			t.Errorf("bad plan: %d", r.Status)
		}
		var n int
		_ = db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM plans`).Scan(&n)
		if n != 0 {
			t.Fatal("bad plan saved")
		}
		var p struct {
			ID    int64 `json:"id"`
			Tasks []struct {
				Measures []struct {
					ID       int64 `json:"id"`
					Progress int   `json:"progress"`
				} `json:"measures"`
			} `json:"tasks"`
			Progress int `json:"progress"`
		}
		body := map[string]any{"name": "“基层建设年”活动工作方案", "year": 2022, "tasks": []map[string]any{
			{"title": "抓班子强队伍", "measures": []map[string]any{{"title": "书记轮训", "owner": "市委组织部", "deadline": "2022-06-30"},
				{"title": "后备力量培养", "owner": "各乡镇党委", "deadline": "2022-09-30"}}}}}
		r = staff.API("POST", "/api/v1/plans", body)
		if r.Status != 201 {
			t.Fatalf("plan: %d %s", r.Status, r.Body)
		}
		r.JSON(t, &p)
		m := p.Tasks[0].Measures[0].ID
		if r := staff.API("POST", fmt.Sprintf("/api/v1/plans/measures/%d/progress", m), map[string]any{"progress": 120, "status_note": ""}); r.Status != 422 ||
			!strings.Contains(r.Body, "进度应为 0–100") || !strings.Contains(r.Body, "进展情况") {
			t.Errorf("bad progress: %d %s", r.Status, r.Body)
		}
		r = staff.API("POST", fmt.Sprintf("/api/v1/plans/measures/%d/progress", m), map[string]any{"progress": 100, "status_note": "已完成两期轮训"})
		if r.Status != 200 {
			t.Fatalf("progress: %d %s", r.Status, r.Body)
		}
		r.JSON(t, &p)
		if p.Progress != 50 || p.Tasks[0].Measures[0].Progress != 100 {
			t.Errorf("plan progress: %+v", p)
		}
		body["tasks"] = []map[string]any{{"title": "另起炉灶", "measures": []map[string]any{{"title": "x", "owner": "y", "deadline": "2022-01-01"}}}}
		if r := staff.API("PUT", fmt.Sprintf("/api/v1/plans/%d", p.ID), body); r.Status != 422 || !strings.Contains(r.Body, "已有措施报告进度") {
			t.Errorf("outline changed after progress: %d %s", r.Status, r.Body)
		}
		e.Run(t, []testapp.Scenario{
			{Name: "town A list", User: testapp.TownA, Path: "/api/v1/plans", Status: 200, WantNot: []string{"基层建设年"}},
			{Name: "town A guessed", User: testapp.TownA, Path: fmt.Sprintf("/api/v1/plans/%d", p.ID), Status: 404},
			{Name: "town A page guessed", User: testapp.TownA, Page: true, Path: fmt.Sprintf("/plans/%d", p.ID), Status: 404},
			{Name: "town A progress guessed", User: testapp.TownA, Method: "POST", Path: fmt.Sprintf("/api/v1/plans/measures/%d/progress", m),
				Body: map[string]any{"progress": 10, "status_note": "x"}, Status: 404},
			{Name: "staff page", User: testapp.Staff, Page: true, Path: fmt.Sprintf("/plans/%d", p.ID), Status: 200, Want: []string{"书记轮训", "已完成两期轮训", "后备力量培养"}},
			{Name: "figures", User: testapp.Staff, Page: true, Path: "/plans?year=2022", Status: 200, Want: []string{"基层建设年重点工作", "/indicators/plan.measures?period=2022"}},
			{Name: "export", User: testapp.Staff, Path: "/api/v1/plans/export", Status: 200},
		})
	})
}
