package bt_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"troika/internal/testapp"
)

// userID reads a fixture account's id.
func userID(t *testing.T, e *testapp.Env, username string) int64 {
	t.Helper()
	var id int64
	if err := e.App.DB.QueryRowContext(t.Context(), `SELECT id FROM users WHERE username = ?`, username).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// standard is a small checklist: 40 + 30 + 20 + 10 = 100 points, green at
// 90, yellow at 75, in force from January 2022.
var standard = map[string]any{
	"name": "党支部标准体系清单", "version": 1, "effective_from": "2022-01", "green_min": 90, "yellow_min": 75,
	"items": []map[string]any{
		{"category": "组织建设", "title": "按期换届，班子配备齐全", "weight": 40, "evidence": "换届批复"},
		{"category": "组织生活", "title": "按月召开主题党日", "weight": 30, "evidence": "会议记录"},
		{"category": "党员管理", "title": "党费按月足额收缴", "weight": 20},
		{"category": "阵地建设", "title": "活动场所标识规范", "weight": 10},
	},
}

type checklist struct {
	ID    int64 `json:"id"`
	Items []struct {
		ID     int64 `json:"id"`
		Weight int   `json:"weight"`
	} `json:"items"`
}

type assessment struct {
	ID        int64  `json:"id"`
	Status    string `json:"status"`
	Light     string `json:"light"`
	Score     int    `json:"score"`
	SelfScore int    `json:"self_score"`
	Prefilled string `json:"prefilled_from"`
	Lines     []struct {
		ItemID    int64  `json:"item_id"`
		SelfScore int    `json:"self_score"`
		Evidence  string `json:"evidence"`
	} `json:"lines"`
}

// setup creates the checklist and one guidance group (staff and town A's
// committee account) reviewing both fixture branches.
func setup(t *testing.T, e *testapp.Env) (checklist, *testapp.Client) {
	t.Helper()
	staff := e.Login(t, testapp.Staff)
	res := staff.API("POST", "/api/v1/bt/checklists", standard)
	if res.Status != 201 {
		t.Fatalf("checklist: %d %s", res.Status, res.Body)
	}
	var c checklist
	res.JSON(t, &c)
	res = staff.API("POST", "/api/v1/bt/groups", map[string]any{"name": "第一指导组", "leader": "金明哲", "set_up_on": "2022-01-10",
		"member_ids": []int64{userID(t, e, testapp.Staff), userID(t, e, testapp.TownA)},
		"branch_ids": []int64{e.City.BranchA1.ID, e.City.BranchB1.ID}})
	if res.Status != 201 {
		t.Fatalf("group: %d %s", res.Status, res.Body)
	}
	return c, staff
}

// answers gives every item scores: full marks minus lost[i] points.
func answers(c checklist, submit bool, lost ...int) map[string]any {
	var lines []map[string]any
	for i, it := range c.Items {
		s := it.Weight
		if i < len(lost) {
			s -= lost[i]
		}
		lines = append(lines, map[string]any{"item_id": it.ID, "self_score": s, "evidence": fmt.Sprintf("佐证%d", i+1)})
	}
	return map[string]any{"lines": lines, "submit": submit}
}

func monthPath(org int64, month string) string {
	return fmt.Sprintf("/api/v1/bt/branches/%d/months/%s", org, month)
}

// xlsxRows reads the first sheet of a workbook.
func xlsxRows(t *testing.T, body string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
