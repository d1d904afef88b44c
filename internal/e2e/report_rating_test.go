package e2e

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// ratingReference enters, through the API only, the records behind seed
// rows 1, 4, 11, 20 and 21, with records outside 2022 and unpublished
// ones that must not count.
func ratingReference(t *testing.T, e *testapp.Env) {
	t.Helper()
	staff := e.Login(t, testapp.Staff)
	sec := e.Login(t, testapp.Secretary)
	must := func(r testapp.Response, want int, what string) testapp.Response {
		t.Helper()
		if r.Status != want {
			t.Fatalf("%s: %d %s", what, r.Status, r.Body)
		}
		return r
	}
	var me struct {
		ID int64 `json:"id"`
	}
	var staffID int64
	if err := e.App.DB.QueryRowContext(t.Context(), `SELECT id FROM users WHERE username = ?`, testapp.Staff).Scan(&staffID); err != nil {
		t.Fatal(err)
	}
	a1, b1 := e.City.BranchA1.ID, e.City.BranchB1.ID

	// Rows 20–21: one checklist, two groups set up in 2022 and one in 2023.
	var c struct {
		Items []struct {
			ID     int64 `json:"id"`
			Weight int   `json:"weight"`
		} `json:"items"`
	}
	must(staff.API("POST", "/api/v1/bt/checklists", map[string]any{"name": "党支部标准体系清单", "version": 1, "effective_from": "2021-01",
		"green_min": 90, "yellow_min": 75, "items": []map[string]any{
			{"title": "按月召开主题党日", "weight": 60, "evidence": "会议记录"}, {"title": "党费按月收缴", "weight": 40}}}), 201, "checklist").JSON(t, &c)
	for _, g := range []map[string]any{
		{"name": "第一指导组", "set_up_on": "2022-01-10", "member_ids": []int64{staffID}, "branch_ids": []int64{a1}},
		{"name": "第二指导组", "set_up_on": "2022-02-01", "member_ids": []int64{staffID}, "branch_ids": []int64{b1}},
		{"name": "第三指导组", "set_up_on": "2023-01-05", "member_ids": []int64{staffID}},
	} {
		must(staff.API("POST", "/api/v1/bt/groups", g), 201, "group")
	}
	month := func(by *testapp.Client, org int64, m string, lost int, publish bool) {
		t.Helper()
		lines := []map[string]any{{"item_id": c.Items[0].ID, "self_score": c.Items[0].Weight - lost, "evidence": m + "主题党日记录"},
			{"item_id": c.Items[1].ID, "self_score": c.Items[1].Weight}}
		must(by.API("PUT", fmt.Sprintf("/api/v1/bt/branches/%d/months/%s", org, m), map[string]any{"lines": lines, "submit": publish}), 200, "assess "+m).JSON(t, &me)
		if publish {
			must(staff.API("POST", fmt.Sprintf("/api/v1/bt/assessments/%d/review", me.ID), map[string]any{}), 200, "review "+m)
		}
	}
	// A1 green all quarter; B1 green, green, then yellow (85) in March:
	// March's rate is 1 of 2. December 2021 (B1 red) and April 2022 (a
	// draft) do not count.
	for _, m := range []string{"2022-01", "2022-02", "2022-03"} {
		month(sec, a1, m, 0, true)
		lost := 0
		if m == "2022-03" {
			lost = 15
		}
		month(staff, b1, m, lost, true)
		must(staff.API("POST", "/api/v1/bt/publish", map[string]any{"month": m}), 200, "publish "+m)
	}
	month(staff, b1, "2021-12", 40, true)
	must(staff.API("POST", "/api/v1/bt/publish", map[string]any{"month": "2021-12"}), 200, "publish 2021-12")
	month(sec, a1, "2022-04", 0, false)

	// Row 11: three more villages in town A; Q1 (2 十佳) and Q2 (3, one
	// withdrawn later) published in 2022; Q4 2021 published; Q3 2022 still
	// open.
	villages := []int64{a1, b1}
	for i, name := range []string{"中共甲镇南山村支部委员会", "中共甲镇北岭村支部委员会", "中共甲镇河东村支部委员会"} {
		var o struct {
			ID int64 `json:"id"`
		}
		must(staff.API("POST", "/api/v1/orgs", map[string]any{"parent_id": e.City.TownA.ID, "name": name, "code": "RV" + strconv.Itoa(i),
			"kind": "branch", "domain": "rural"}), 201, "village").JSON(t, &o)
		villages = append(villages, o.ID)
	}
	evaluate := func(year, q, top int, publish bool) int64 {
		t.Helper()
		var ev struct {
			ID       int64 `json:"id"`
			Criteria []struct {
				ID int64 `json:"id"`
			} `json:"criteria"`
			Ranking []struct {
				ID    int64 `json:"id"`
				OrgID int64 `json:"org_id"`
			} `json:"ranking"`
		}
		must(staff.API("POST", "/api/v1/rating/evaluations", map[string]any{"year": year, "quarter": q, "title": fmt.Sprintf("%d年第%d季度“四优”评比", year, q),
			"top_n": top, "criteria": []map[string]any{{"title": "班子建设优", "max_score": 50}, {"title": "发展业绩优", "max_score": 50}},
			"candidate_ids": villages, "reviewer_ids": []int64{staffID}}), 201, "evaluation").JSON(t, &ev)
		var scores []map[string]any
		for i, cand := range ev.Ranking {
			for _, k := range ev.Criteria {
				scores = append(scores, map[string]any{"candidate_id": cand.ID, "criterion_id": k.ID, "score": 30 + 3*i})
			}
		}
		must(staff.API("PUT", fmt.Sprintf("/api/v1/rating/evaluations/%d/scores", ev.ID), map[string]any{"scores": scores}), 200, "scores")
		if publish {
			must(staff.API("POST", fmt.Sprintf("/api/v1/rating/evaluations/%d/publish", ev.ID), nil), 200, "publish")
		}
		return ev.ID
	}
	evaluate(2022, 1, 2, true)
	q2 := evaluate(2022, 2, 3, true)
	evaluate(2021, 4, 2, true)
	evaluate(2022, 3, 3, false)
	var q2e struct {
		Ranking []struct {
			ID  int64 `json:"id"`
			Top bool  `json:"top"`
		} `json:"ranking"`
	}
	must(staff.API("GET", fmt.Sprintf("/api/v1/rating/evaluations/%d", q2), nil), 200, "q2").JSON(t, &q2e)
	must(staff.API("POST", fmt.Sprintf("/api/v1/rating/evaluations/%d/adjust", q2), map[string]any{"candidate_id": q2e.Ranking[0].ID, "top": false,
		"reason": "经复核，该村季度内发生信访事项，撤销十佳"}), 200, "adjust")

	// Rows 1 and 4: a 2022 scheme (2 aspects, 3 tasks, 5 items) and plan
	// (3 key tasks, 7 measures); a 2021 scheme and plan that do not count.
	item := func(ts ...string) []map[string]any {
		var out []map[string]any
		for _, s := range ts {
			out = append(out, map[string]any{"title": s})
		}
		return out
	}
	must(staff.API("POST", "/api/v1/schemes", map[string]any{"name": "“红领筑基”活动考核方案", "starts_on": "2022-03-01", "ends_on": "2022-12-31",
		"aspects": []map[string]any{
			{"title": "规范组织设置", "tasks": []map[string]any{{"title": "按期换届", "items": item("换届率100%", "程序规范")}, {"title": "规范党小组", "items": item("党小组全覆盖")}}},
			{"title": "规范组织生活", "tasks": []map[string]any{{"title": "三会一课", "items": item("支委会每月一次", "党课每季度一次")}}},
		}, "org_ids": []int64{e.City.TownA.ID, e.City.TownB.ID}}), 201, "scheme")
	must(staff.API("POST", "/api/v1/schemes", map[string]any{"name": "2021年考核方案", "starts_on": "2021-01-01", "ends_on": "2021-12-31",
		"aspects": []map[string]any{{"title": "旧方面", "tasks": []map[string]any{{"title": "旧任务", "items": item("旧清单")}}}}}), 201, "old scheme")
	measure := func(n int) []map[string]any {
		var out []map[string]any
		for i := 0; i < n; i++ {
			out = append(out, map[string]any{"title": fmt.Sprintf("措施%d", i+1), "owner": "市委组织部", "deadline": "2022-06-30"})
		}
		return out
	}
	must(staff.API("POST", "/api/v1/plans", map[string]any{"name": "“基层建设年”活动工作方案", "year": 2022, "tasks": []map[string]any{
		{"title": "抓班子", "measures": measure(3)}, {"title": "抓阵地", "measures": measure(2)}, {"title": "抓制度", "measures": measure(2)}}}), 201, "plan")
	must(staff.API("POST", "/api/v1/plans", map[string]any{"name": "2021年工作方案", "year": 2021, "tasks": []map[string]any{
		{"title": "旧工作", "measures": measure(1)}}}), 201, "old plan")
}

var tags = regexp.MustCompile(`<[^>]+>`)

func plainText(s string) string { return html.UnescapeString(tags.ReplaceAllString(s, "")) }

func TestAnnualReportRatingFigures(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		ratingReference(t, e)
		staff := e.Login(t, testapp.Staff)
		page := staff.Page("/reports/annual?period=2022")
		if page.Status != 200 {
			t.Fatalf("report: %d %.300s", page.Status, page.Body)
		}
		text := plainText(page.Body)
		for _, sentence := range []string{
			"制定3项重点工作，7项具体措施",
			"明确2个方面、3项工作任务和5条考核清单",
			"评选“十佳支部”4个",
			"组建2个BT*建设指导组",
			"全市2个党支部每月绿灯率始终保持在50.0%",
		} {
			if !strings.Contains(text, sentence) {
				i := strings.Index(text, sentence[:len(sentence)/2])
				t.Errorf("report lacks %q (near: %q)", sentence, text[max(i, 0):min(max(i, 0)+200, len(text))])
			}
		}
		// Each figure links to the records it counted.
		for _, key := range []string{"plan.key_tasks", "scheme.items", "rating.top_ten", "bt.guidance_groups", "bt.branches_evaluated", "bt.green_rate_min"} {
			if !strings.Contains(page.Body, "/indicators/"+key+"?period=2022") {
				t.Errorf("no drill-down for %s", key)
			}
		}
		// Town A's report counts its own subtree: A1 was green every month;
		// its villages took 2 + 2 十佳 (the third of Q2 was withdrawn).
		townA := e.Login(t, testapp.TownA)
		a := plainText(townA.Page("/reports/annual?period=2022").Body)
		for _, sentence := range []string{"全市1个党支部每月绿灯率始终保持在100%", "组建1个BT*建设指导组"} {
			if !strings.Contains(a, sentence) {
				t.Errorf("town A report lacks %q", sentence)
			}
		}
		// The drill-down of the lowest month names March.
		d := staff.Page("/indicators/bt.green_rate_min?period=2022")
		if !strings.Contains(d.Body, "2022-03") || !strings.Contains(d.Body, "50.0%") {
			t.Errorf("drill-down: %.500s", plainText(d.Body))
		}
	})
}
