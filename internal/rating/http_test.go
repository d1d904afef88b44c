package rating_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

type evaluation struct {
	ID        int64 `json:"id"`
	Organizer bool  `json:"organizer"`
	Criteria  []struct {
		ID int64 `json:"id"`
	} `json:"criteria"`
	Ranking []struct {
		ID      int64  `json:"id"`
		OrgID   int64  `json:"org_id"`
		OrgName string `json:"org_name"`
		Rank    int    `json:"rank"`
		Top     bool   `json:"top"`
		Total   int    `json:"total"`
	} `json:"ranking"`
	Status string `json:"status"`
}

func staffID(t *testing.T, e *testapp.Env) int64 {
	t.Helper()
	var id int64
	if err := e.App.DB.QueryRowContext(t.Context(), `SELECT id FROM users WHERE username = ?`, testapp.Staff).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// A quarter's evaluation from creation to frozen 十佳: scores by the
// reviewer only, ranking by the sum of criterion averages, publication
// only when complete, no change after but a recorded adjustment; town A
// sees only its own candidate, town B's page and API never name it.
func TestEvaluationWorkflowAndScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		staff := e.Login(t, testapp.Staff)
		a1, b1 := e.City.BranchA1.ID, e.City.BranchB1.ID
		body := map[string]any{"year": 2022, "quarter": 1, "title": "2022年第一季度“四优”评比", "top_n": 1,
			"criteria":      []map[string]any{{"title": "班子建设优", "max_score": 50}, {"title": "发展业绩优", "max_score": 50}},
			"candidate_ids": []int64{a1, b1}, "reviewer_ids": []int64{staffID(t, e)}}
		// Bad input names the fields and saves nothing.
		bad := map[string]any{"year": 1999, "quarter": 5, "title": "", "top_n": 3, "criteria": []map[string]any{{"title": "班子建设优", "max_score": 0}},
			"candidate_ids": []int64{e.City.TownA.ID}, "reviewer_ids": []int64{}}
		r := staff.API("POST", "/api/v1/rating/evaluations", bad)
		for _, want := range []string{"评比名称", "年度", "季度", "满分应为 1–100 的整数", "中共甲镇委员会不是村党支部", "至少选择一名评委", "十佳个数"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("bad input: lacks %q: %s", want, r.Body)
			}
		}
		var n int
		_ = db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM rating_evaluations`).Scan(&n)
		if r.Status != 422 || n != 0 {
			t.Fatalf("bad input: %d, %d saved", r.Status, n)
		}
		// Town committees may not set one up.
		if r := e.Login(t, testapp.TownA).API("POST", "/api/v1/rating/evaluations", body); r.Status != 403 {
			t.Errorf("town A creates: %d", r.Status)
		}
		var ev evaluation
		r = staff.API("POST", "/api/v1/rating/evaluations", body)
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		r.JSON(t, &ev)
		if r := staff.API("POST", "/api/v1/rating/evaluations", body); r.Status != 422 || !strings.Contains(r.Body, "本季度已发起过评比") {
			t.Errorf("same quarter twice: %d %s", r.Status, r.Body)
		}
		cand := map[int64]int64{}
		for _, c := range ev.Ranking {
			cand[c.OrgID] = c.ID
		}
		score := func(org int64, a, b int) []map[string]any {
			return []map[string]any{{"candidate_id": cand[org], "criterion_id": ev.Criteria[0].ID, "score": a},
				{"candidate_id": cand[org], "criterion_id": ev.Criteria[1].ID, "score": b}}
		}
		// Incomplete: not publishable. Over the maximum: refused.
		staff.API("PUT", fmt.Sprintf("/api/v1/rating/evaluations/%d/scores", ev.ID), map[string]any{"scores": score(a1, 40, 45)})
		if r := staff.API("POST", fmt.Sprintf("/api/v1/rating/evaluations/%d/publish", ev.ID), nil); r.Status != 409 || !strings.Contains(r.Body, "还有2个分数未录入") {
			t.Errorf("publish incomplete: %d %s", r.Status, r.Body)
		}
		if r := staff.API("PUT", fmt.Sprintf("/api/v1/rating/evaluations/%d/scores", ev.ID), map[string]any{"scores": score(b1, 51, 40)}); r.Status != 422 ||
			!strings.Contains(r.Body, "分数应为 0–50 的整数") {
			t.Errorf("over max: %d %s", r.Status, r.Body)
		}
		staff.API("PUT", fmt.Sprintf("/api/v1/rating/evaluations/%d/scores", ev.ID), map[string]any{"scores": score(b1, 48, 44)})
		r = staff.API("POST", fmt.Sprintf("/api/v1/rating/evaluations/%d/publish", ev.ID), nil)
		if r.Status != 200 {
			t.Fatalf("publish: %d %s", r.Status, r.Body)
		}
		r.JSON(t, &ev)
		if ev.Status != "published" || ev.Ranking[0].OrgID != b1 || !ev.Ranking[0].Top || ev.Ranking[0].Total != 9200 || ev.Ranking[1].Top {
			t.Fatalf("published ranking: %+v", ev)
		}
		// Frozen: no more scores; an adjustment needs a reason and is kept.
		if r := staff.API("PUT", fmt.Sprintf("/api/v1/rating/evaluations/%d/scores", ev.ID), map[string]any{"scores": score(a1, 50, 50)}); r.Status != 409 {
			t.Errorf("score after publication: %d", r.Status)
		}
		if r := staff.API("POST", fmt.Sprintf("/api/v1/rating/evaluations/%d/adjust", ev.ID), map[string]any{"candidate_id": cand[a1], "top": true}); r.Status != 422 {
			t.Errorf("adjust without reason: %d", r.Status)
		}
		if r := staff.API("POST", fmt.Sprintf("/api/v1/rating/evaluations/%d/adjust", ev.ID), map[string]any{"candidate_id": cand[a1], "top": true,
			"reason": "市委常委会研究增补"}); r.Status != 200 {
			t.Fatalf("adjust: %d %s", r.Status, r.Body)
		}
		r = staff.API("GET", fmt.Sprintf("/api/v1/rating/evaluations/%d/adjustments", ev.ID), nil)
		if !strings.Contains(r.Body, `"old_top":false,"new_top":true,"reason":"市委常委会研究增补"`) {
			t.Errorf("adjustments: %s", r.Body)
		}

		// Scope: town A sees the evaluation with its own village only,
		// and may change nothing; town B likewise; guessed ids are 404.
		townA := e.Login(t, testapp.TownA)
		var seen evaluation
		townA.API("GET", fmt.Sprintf("/api/v1/rating/evaluations/%d", ev.ID), nil).JSON(t, &seen)
		if seen.Organizer || len(seen.Ranking) != 1 || seen.Ranking[0].OrgID != a1 {
			t.Errorf("town A's view: %+v", seen)
		}
		e.Run(t, []testapp.Scenario{
			{Name: "town A page", User: testapp.TownA, Page: true, Path: fmt.Sprintf("/rating/%d", ev.ID), Status: 200, Want: []string{"甲镇东风村"}, WantNot: []string{"西岭村", "发布结果"}},
			{Name: "town B page", User: testapp.TownB, Page: true, Path: fmt.Sprintf("/rating/%d", ev.ID), Status: 200, Want: []string{"西岭村"}, WantNot: []string{"东风村"}},
			{Name: "town B list", User: testapp.TownB, Path: "/api/v1/rating/evaluations", Status: 200, Want: []string{"第一季度"}},
			{Name: "secretary page", User: testapp.Secretary, Page: true, Path: fmt.Sprintf("/rating/%d", ev.ID), Status: 200, Want: []string{"东风村"}, WantNot: []string{"西岭村"}},
			{Name: "guessed id", User: testapp.TownA, Path: fmt.Sprintf("/api/v1/rating/evaluations/%d", ev.ID+100), Status: 404},
			{Name: "member", User: testapp.Member, Path: "/api/v1/rating/evaluations", Status: 403},
			{Name: "town A export", User: testapp.TownA, Path: "/api/v1/rating/evaluations/export", Status: 200},
			{Name: "town A adjusts", User: testapp.TownA, Method: "POST", Path: fmt.Sprintf("/api/v1/rating/evaluations/%d/adjust", ev.ID),
				Body: map[string]any{"candidate_id": cand[a1], "top": false, "reason": "x"}, Status: 403},
			{Name: "figure strip", User: testapp.Staff, Page: true, Path: "/rating?year=2022", Status: 200, Want: []string{"评选十佳支部", "/indicators/rating.top_ten?period=2022"}},
		})
		var exports int
		_ = db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND object_type = 'rating_evaluation'`).Scan(&exports)
		if exports != 1 {
			t.Errorf("export audited %d times", exports)
		}
	})
}

// The star standard's form refuses bad input with named fields and saves
// nothing; a good item appears in the list.
func TestStarStandardForm(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		staff := e.Login(t, testapp.Staff)
		staff.Page("/rating/stars")
		r := staff.Post("/rating/stars", url.Values{"star": {"6"}, "title": {""}, "criteria": {"x"}})
		if r.Status != 422 || !strings.Contains(r.Body, "星级应为 1–5") || !strings.Contains(r.Body, "创建项目") || !strings.Contains(r.Body, `value="x"`) && !strings.Contains(r.Body, ">x</textarea>") {
			t.Errorf("bad star: %d %.600s", r.Status, r.Body)
		}
		var n int
		_ = db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM star_items`).Scan(&n)
		if n != 0 {
			t.Fatal("bad star item saved")
		}
		if r := staff.Post("/rating/stars", url.Values{"star": {"2"}, "title": {"集体经济发展好"}, "criteria": {"村集体经济年收入10万元以上"}}); r.Status != 303 {
			t.Fatalf("good star: %d", r.Status)
		}
		if p := staff.Page("/rating/stars"); !strings.Contains(p.Body, "集体经济发展好") || !strings.Contains(p.Body, "★★") {
			t.Error("star item not listed")
		}
		if r := e.Login(t, testapp.TownA).API("POST", "/api/v1/rating/stars", map[string]any{"star": 1, "title": "x"}); r.Status != 403 {
			t.Errorf("town A edits the standard: %d", r.Status)
		}
	})
}
