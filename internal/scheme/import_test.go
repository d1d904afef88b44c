package scheme_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"troika/internal/access"
	"troika/internal/imports"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

func workbook(t *testing.T, rows [][]any) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// A plan's breakdown table imports all rows or none; its figures count
// what was imported.
func TestImportPlanTable(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		p := &access.Principal{UserID: 1, Username: "staff", DisplayName: "测试staff", Role: access.RoleStaff, OrgID: e.City.Root.ID, OrgPath: e.City.Root.Path}
		head := []any{"方案名称", "年度", "重点工作", "具体措施", "责任单位", "完成时限"}
		run := func(rows ...[]any) imports.Job {
			t.Helper()
			job, err := e.App.Imports.Start(context.Background(), p, "plans", "分解表.xlsx", workbook(t, append([][]any{head}, rows...)))
			if err != nil {
				t.Fatal(err)
			}
			e.App.Imports.Wait()
			job, err = e.App.Imports.Get(context.Background(), p, job.ID)
			if err != nil {
				t.Fatal(err)
			}
			return job
		}
		const plan = "“基层建设年”活动工作方案"
		job := run(
			[]any{plan, "2022", "抓班子强队伍", "开展书记轮训", "市委组织部", "2022/6/30"},
			[]any{plan, "二〇二二", "抓班子强队伍", "后备力量培养", "各乡镇党委", "2022-09-30"},
			[]any{plan, "2022", "抓阵地提功能", "改造党群服务中心", "", "六月底"},
		)
		if job.Status != imports.Failed || job.FailedRows != 2 {
			t.Fatalf("bad import: %+v", job)
		}
		var n int
		_ = db.QueryRowContext(t.Context(), `SELECT (SELECT COUNT(*) FROM plans) + (SELECT COUNT(*) FROM plan_measures)`).Scan(&n)
		if n != 0 {
			t.Fatalf("failed import wrote %d rows", n)
		}
		job = run(
			[]any{plan, "2022", "抓班子强队伍", "开展书记轮训", "市委组织部", "2022/6/30"},
			[]any{plan, "2022年", "抓班子强队伍", "后备力量培养", "各乡镇党委", "2022年9月30日"},
			[]any{plan, "2022", "抓阵地提功能", "改造党群服务中心", "市委组织部", "2022-10-31"},
		)
		if job.Status != imports.Done || job.Done != 3 {
			t.Fatalf("good import: %+v", job)
		}
		staff := e.Login(t, testapp.Staff)
		var list struct {
			Items []struct {
				Counts struct{ Tasks, Items int } `json:"counts"`
			} `json:"items"`
		}
		staff.API("GET", "/api/v1/plans?year=2022", nil).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].Counts.Tasks != 2 || list.Items[0].Counts.Items != 3 {
			t.Errorf("imported plan: %+v", list)
		}
		var fig struct {
			Figure struct {
				Value struct{ N int64 } `json:"value"`
			} `json:"figure"`
		}
		staff.API("GET", "/api/v1/indicators/plan.measures?period=2022", nil).JSON(t, &fig)
		if fig.Figure.Value.N != 3 {
			t.Errorf("plan.measures = %d", fig.Figure.Value.N)
		}
	})
}
