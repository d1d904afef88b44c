package bt_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A branch's month goes draft → submitted → reviewed → published; a yellow
// light opens rectifications that are closed with who, when and how; a
// published month is frozen and changes only through a recorded
// adjustment; the next month's form is prefilled from the last.
func TestMonthlyWorkflow(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		c, staff := setup(t, e)
		sec := e.Login(t, testapp.Secretary)
		a1 := e.City.BranchA1.ID

		// A draft may be incomplete; submitting needs evidence where the
		// item asks for it.
		bad := answers(c, true)
		bad["lines"].([]map[string]any)[0]["evidence"] = ""
		res := sec.API("PUT", monthPath(a1, "2022-05"), bad)
		if res.Status != 422 || !strings.Contains(res.Body, "得分须附佐证：换届批复") {
			t.Fatalf("missing evidence: %d %s", res.Status, res.Body)
		}
		var n int
		_ = db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM bt_assessments`).Scan(&n)
		if n != 0 {
			t.Fatal("a refused submission saved something")
		}
		over := answers(c, false, -5)
		if res := sec.API("PUT", monthPath(a1, "2022-05"), over); res.Status != 422 || !strings.Contains(res.Body, "分数应为 0–40 的整数") {
			t.Fatalf("score above weight: %d %s", res.Status, res.Body)
		}
		// Yellow: 100 - 10 - 5 = 85 < 90.
		res = sec.API("PUT", monthPath(a1, "2022-05"), answers(c, true, 10, 5))
		if res.Status != 200 {
			t.Fatalf("submit: %d %s", res.Status, res.Body)
		}
		var a assessment
		res.JSON(t, &a)
		if a.Status != "submitted" || a.SelfScore != 85 {
			t.Fatalf("submitted: %+v", a)
		}
		// The secretary cannot review, nor assess town B's branch.
		if r := sec.API("POST", fmt.Sprintf("/api/v1/bt/assessments/%d/review", a.ID), map[string]any{}); r.Status != 403 {
			t.Errorf("secretary reviews: %d", r.Status)
		}
		if r := sec.API("PUT", monthPath(e.City.BranchB1.ID, "2022-05"), answers(c, true)); r.Status != 404 {
			t.Errorf("secretary assesses another branch: %d %s", r.Status, r.Body)
		}
		// Town B's committee is not in the group and cannot see the branch.
		townB := e.Login(t, testapp.TownB)
		if r := townB.API("POST", fmt.Sprintf("/api/v1/bt/assessments/%d/review", a.ID), map[string]any{}); r.Status != 404 {
			t.Errorf("town B reviews A1: %d", r.Status)
		}
		// The group reviews: one more point off the second item → 84, yellow.
		res = staff.API("POST", fmt.Sprintf("/api/v1/bt/assessments/%d/review", a.ID), map[string]any{
			"lines": []map[string]any{{"item_id": c.Items[1].ID, "score": 24}}, "note": "主题党日记录不全"})
		if res.Status != 200 {
			t.Fatalf("review: %d %s", res.Status, res.Body)
		}
		res.JSON(t, &a)
		if a.Light != "yellow" || a.Score != 84 || a.Status != "reviewed" {
			t.Fatalf("reviewed: %+v", a)
		}
		var rects struct {
			Items []struct {
				ID      int64  `json:"id"`
				Problem string `json:"problem"`
			} `json:"items"`
			Total int `json:"total"`
		}
		sec.API("GET", fmt.Sprintf("/api/v1/bt/rectifications?assessment=%d&state=open", a.ID), nil).JSON(t, &rects)
		if rects.Total != 2 || !strings.Contains(rects.Items[0].Problem+rects.Items[1].Problem, "按期换届，班子配备齐全（扣10分）") {
			t.Fatalf("rectifications: %+v", rects)
		}
		// Closing needs how and a date not before the month.
		rid := rects.Items[0].ID
		if r := sec.API("POST", fmt.Sprintf("/api/v1/bt/rectifications/%d/close", rid), map[string]any{"closed_on": "2022-04-30", "measure": ""}); r.Status != 422 ||
			!strings.Contains(r.Body, "整改措施及成效") || !strings.Contains(r.Body, "完成日期不能早于2022-05") {
			t.Errorf("bad close: %d %s", r.Status, r.Body)
		}
		res = sec.API("POST", fmt.Sprintf("/api/v1/bt/rectifications/%d/close", rid), map[string]any{"closed_on": "2022-06-10", "measure": "补齐换届批复并归档"})
		if res.Status != 200 || !strings.Contains(res.Body, `"closed_by":"测试seca1"`) || !strings.Contains(res.Body, `"closed":true`) {
			t.Fatalf("close: %d %s", res.Status, res.Body)
		}

		// Publish the month: the result is frozen.
		if r := sec.API("POST", "/api/v1/bt/publish", map[string]any{"month": "2022-05"}); r.Status != 403 {
			t.Errorf("secretary publishes: %d", r.Status)
		}
		res = staff.API("POST", "/api/v1/bt/publish", map[string]any{"month": "2022-05"})
		if res.Status != 200 || !strings.Contains(res.Body, `"published":1`) {
			t.Fatalf("publish: %d %s", res.Status, res.Body)
		}
		if r := sec.API("PUT", monthPath(a1, "2022-05"), answers(c, true)); r.Status != 409 {
			t.Errorf("published month edited: %d %s", r.Status, r.Body)
		}
		// Adjustment: reason required, recorded with old and new.
		if r := staff.API("POST", fmt.Sprintf("/api/v1/bt/assessments/%d/adjust", a.ID), map[string]any{"score": 92}); r.Status != 422 || !strings.Contains(r.Body, "调整理由") {
			t.Errorf("adjust without reason: %d %s", r.Status, r.Body)
		}
		res = staff.API("POST", fmt.Sprintf("/api/v1/bt/assessments/%d/adjust", a.ID), map[string]any{"score": 92, "reason": "复核换届批复已于当月取得"})
		if res.Status != 200 || !strings.Contains(res.Body, `"light":"green"`) {
			t.Fatalf("adjust: %d %s", res.Status, res.Body)
		}
		res = staff.API("GET", fmt.Sprintf("/api/v1/bt/assessments/%d/adjustments", a.ID), nil)
		if !strings.Contains(res.Body, `"old_score":84,"new_score":92,"old_light":"yellow","new_light":"green"`) {
			t.Errorf("adjustments: %s", res.Body)
		}

		// June prefills from May.
		var form assessment
		sec.API("GET", monthPath(a1, "2022-06"), nil).JSON(t, &form)
		if form.Status != "none" || form.Prefilled != "2022-05" || form.SelfScore != 85 || form.Lines[0].Evidence != "佐证1" {
			t.Errorf("prefill: %+v", form)
		}

		// Bulk review: B1 and A1 in June; all or none.
		townBsec := staff // staff assesses B1 on its behalf
		if r := townBsec.API("PUT", monthPath(e.City.BranchB1.ID, "2022-06"), answers(c, true)); r.Status != 200 {
			t.Fatalf("B1 June: %d %s", r.Status, r.Body)
		}
		var a6 assessment
		sec.API("PUT", monthPath(a1, "2022-06"), answers(c, true)).JSON(t, &a6)
		var b6 assessment
		staff.API("GET", monthPath(e.City.BranchB1.ID, "2022-06"), nil).JSON(t, &b6)
		if r := staff.API("POST", "/api/v1/bt/review", map[string]any{"ids": []int64{a6.ID, b6.ID, a.ID}}); r.Status != 409 {
			t.Errorf("bulk with a published month: %d %s", r.Status, r.Body)
		}
		var st string
		_ = db.QueryRowContext(t.Context(), `SELECT status FROM bt_assessments WHERE id = ?`, a6.ID).Scan(&st)
		if st != "submitted" {
			t.Errorf("bulk half-applied: %s", st)
		}
		townA := e.Login(t, testapp.TownA)
		// Town A's committee sits in the group but cannot reach B1.
		if r := townA.API("POST", "/api/v1/bt/review", map[string]any{"ids": []int64{a6.ID, b6.ID}}); r.Status != 404 {
			t.Errorf("town A bulk-reviews B1: %d %s", r.Status, r.Body)
		}
		res = staff.API("POST", "/api/v1/bt/review", map[string]any{"ids": []int64{a6.ID, b6.ID}})
		if res.Status != 200 || !strings.Contains(res.Body, `"reviewed":2`) {
			t.Fatalf("bulk: %d %s", res.Status, res.Body)
		}
		var ov struct {
			Tally struct{ Branches, Green int } `json:"tally"`
		}
		staff.API("GET", "/api/v1/bt/overview?month=2022-06", nil).JSON(t, &ov)
		if ov.Tally.Branches != 2 || ov.Tally.Green != 2 {
			t.Errorf("overview: %+v", ov)
		}
		_ = strconv.Itoa
	})
}
