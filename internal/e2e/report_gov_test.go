package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"troika/internal/event"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// Section 一（三） of the annual summary from livelihood events and the
// grid workers' appraisal, all entered through the public pages' API and
// the staff API: residents report five cases, four are closed and
// evaluated (满意, 基本满意, 基本满意, and 不满意 → re-handled → 满意),
// one stays open; two grid workers are appraised in a published month
// under a scheme with 40 points to pass.
func TestAnnualReportGovernance(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		// One test client stands for many residents: lift the per-client
		// limit of the public pages.
		e.App.Events.PublicPosts = event.NewLimiter(6000, 1000, 100)
		staff := e.Login(t, testapp.Staff)
		c := e.City
		year := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006")
		month := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01")

		var opts struct {
			Categories []struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"categories"`
		}
		e.Do(t, "GET", "/api/v1/public/event-options", "", nil).JSON(t, &opts)
		if len(opts.Categories) == 0 {
			t.Fatal("no categories")
		}
		cat := opts.Categories[0].ID
		report := func(org int64, place string) string {
			t.Helper()
			r := e.Do(t, "POST", "/api/v1/public/events", "", map[string]any{"org_id": org, "category_id": cat, "place": place, "description": "需要处理"})
			if r.Status != 201 {
				t.Fatalf("report: %d %s", r.Status, r.Body)
			}
			var out struct {
				Code string `json:"code"`
			}
			r.JSON(t, &out)
			return out.Code
		}
		idOf := func(code string) int64 {
			t.Helper()
			var list struct {
				Items []struct {
					ID int64 `json:"id"`
				} `json:"items"`
			}
			staff.API("GET", "/api/v1/events?q="+code, nil).JSON(t, &list)
			if len(list.Items) != 1 {
				t.Fatalf("find %s: %+v", code, list)
			}
			return list.Items[0].ID
		}
		step := func(id int64, act string, body map[string]any) {
			t.Helper()
			if r := staff.API("POST", fmt.Sprintf("/api/v1/events/%d/steps/%s", id, act), body); r.Status != 200 {
				t.Fatalf("%s: %d %s", act, r.Status, r.Body)
			}
		}
		handle := func(id int64, withAccept bool) {
			if withAccept {
				step(id, "accept", map[string]any{})
				step(id, "dispatch", map[string]any{"handler_org_id": c.BranchA1.ID})
			}
			step(id, "handle", map[string]any{"note": "已处理"})
			step(id, "verify", map[string]any{})
			step(id, "close", map[string]any{})
		}
		evaluate := func(code, rating, comment string, status int) {
			t.Helper()
			if r := e.Do(t, "POST", "/api/v1/public/events/"+code+"/evaluation", "", map[string]any{"rating": rating, "comment": comment}); r.Status != status {
				t.Fatalf("evaluate %s: %d %s", code, r.Status, r.Body)
			}
		}
		codes := []string{report(c.BranchA1.ID, "东风村一组"), report(c.BranchA1.ID, "东风村二组"), report(c.BranchB1.ID, "西岭村桥头"),
			report(c.BranchB1.ID, "西岭村小学"), report(c.BranchA1.ID, "东风村三组")}
		for i, code := range codes[:4] {
			handle(idOf(code), true)
			evaluate(code, []string{"satisfied", "basic", "basic", "unsatisfied"}[i], "还行", 200)
		}
		handle(idOf(codes[3]), false)
		evaluate(codes[3], "satisfied", "", 200)

		// Two grid workers appraised and the month published.
		for i, org := range []int64{c.BranchA1.ID, c.BranchB1.ID} {
			var g struct {
				ID int64 `json:"id"`
			}
			r := staff.API("POST", "/api/v1/grids", map[string]any{"org_id": org, "code": fmt.Sprintf("G%d", i+1), "name": fmt.Sprintf("第%d网格", i+1)})
			if r.Status != 201 {
				t.Fatalf("grid: %d %s", r.Status, r.Body)
			}
			r.JSON(t, &g)
			if r := staff.API("POST", fmt.Sprintf("/api/v1/grids/%d/workers", g.ID), map[string]any{"name": []string{"金美玉", "朴光明"}[i], "kind": "full", "since": year + "-01-01"}); r.Status != 201 {
				t.Fatalf("worker: %d %s", r.Status, r.Body)
			}
		}
		var schemes struct {
			Items []struct {
				Items []map[string]any `json:"items"`
			} `json:"items"`
		}
		staff.API("GET", "/api/v1/appraisal/schemes", nil).JSON(t, &schemes)
		if r := staff.API("POST", "/api/v1/appraisal/schemes", map[string]any{"month_from": year + "-01", "name": "试行", "excellent_quota": 12, "good_quota": 10,
			"pass_score": 40, "reward_excellent": 50000, "reward_good": 20000, "reward_pass": 0, "items": schemes.Items[0].Items}); r.Status != 201 {
			t.Fatalf("scheme: %d %s", r.Status, r.Body)
		}
		var m struct {
			ID int64 `json:"id"`
		}
		r := staff.API("POST", "/api/v1/appraisal/months", map[string]any{"month": month})
		if r.Status != 200 {
			t.Fatalf("compute: %d %s", r.Status, r.Body)
		}
		r.JSON(t, &m)
		var d struct {
			Scheme struct {
				Items []struct {
					ID     int64  `json:"id"`
					Source string `json:"source"`
				} `json:"items"`
			} `json:"scheme"`
			Results []struct {
				WorkerID int64 `json:"worker_id"`
			} `json:"results"`
		}
		staff.API("GET", fmt.Sprintf("/api/v1/appraisal/months/%d", m.ID), nil).JSON(t, &d)
		for _, res := range d.Results {
			for _, it := range d.Scheme.Items {
				if it.Source == "manual" {
					if r := staff.API("POST", fmt.Sprintf("/api/v1/appraisal/months/%d/scores", m.ID), map[string]any{"worker_id": res.WorkerID, "item_id": it.ID, "score": "100", "reason": "表现良好"}); r.Status != 200 {
						t.Fatalf("score: %d %s", r.Status, r.Body)
					}
				}
			}
		}
		for _, op := range []string{"review", "publish"} {
			if r := staff.API("POST", fmt.Sprintf("/api/v1/appraisal/months/%d/%s", m.ID, op), nil); r.Status != 200 {
				t.Fatalf("%s: %d %s", op, r.Status, r.Body)
			}
		}

		page := staff.Page("/reports/annual?period=" + year)
		if page.Status != 200 {
			t.Fatalf("report: %d", page.Status)
		}
		for _, s := range []string{">4</a>件，群众评价满意度达到", ">100%</a>", "每月评选优秀网格员<a", ">2</a>人"} {
			if !strings.Contains(page.Body, s) {
				i := strings.Index(page.Body, "解决民生事件")
				t.Errorf("report lacks %q; around: %.400s", s, page.Body[max(i, 0):])
			}
		}
		// Town B's report counts only its two cases.
		townB := e.Login(t, testapp.TownB)
		pb := townB.Page(fmt.Sprintf("/reports/annual?period=%s&org=%d", year, c.TownB.ID))
		if pb.Status == 200 && !strings.Contains(pb.Body, ">2</a>件，群众评价满意度达到") {
			i := strings.Index(pb.Body, "解决民生事件")
			t.Errorf("town B's report: %.300s", pb.Body[max(i, 0):])
		}
	})
}
