package archive_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"troika/internal/access"
	"troika/internal/archive"
	"troika/internal/imports"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// xlsxText flattens every cell of the first sheet of a workbook.
func xlsxText(t *testing.T, body string) string {
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
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	return b.String()
}

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

func TestParseMaterials(t *testing.T) {
	ms, ok := archive.ParseMaterials("入党志愿书×1；政治审查材料*2、思想汇报3份; 党员登记表")
	want := []archive.Material{{Name: "入党志愿书", Copies: 1}, {Name: "政治审查材料", Copies: 2}, {Name: "思想汇报", Copies: 3}, {Name: "党员登记表", Copies: 1}}
	if !ok || len(ms) != len(want) {
		t.Fatalf("%v %v", ms, ok)
	}
	for i := range want {
		if ms[i] != want[i] {
			t.Errorf("item %d: %+v, want %+v", i, ms[i], want[i])
		}
	}
	for _, bad := range []string{"", "；", "入党志愿书×0", "入党志愿书×1000"} {
		if _, ok := archive.ParseMaterials(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

// The receipt register imports all rows or none.
func TestImportReceiptRegister(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		p := &access.Principal{UserID: 1, Username: "towna", Role: access.RoleCommittee, OrgID: e.City.TownA.ID, OrgPath: e.City.TownA.Path}
		head := []any{"姓名", "身份证号", "所属组织编码", "接收日期", "移交单位", "经办人", "材料清单", "备注"}
		run := func(rows ...[]any) imports.Job {
			t.Helper()
			job, err := e.App.Imports.Start(context.Background(), p, "archives", "接收登记.xlsx", workbook(t, append([][]any{head}, rows...)))
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
		// Row 3 is township B's organization, row 4 repeats row 2's person: nothing is written.
		job := run(
			[]any{"金顺姬", idNumber(21), "TA01", "2022/3/15", "东风村党支部 李春梅", "崔英爱", "入党志愿书×1；政治审查材料×2", ""},
			[]any{"朴英爱", idNumber(22), "TB01", "2022-03-16", "西岭村党支部", "", "入党志愿书", ""},
			[]any{"金顺姬", idNumber(21), "TA01", "2022-03-17", "东风村党支部", "", "入党志愿书", ""},
		)
		if job.Status != imports.Failed || job.FailedRows != 2 {
			t.Fatalf("bad import: %+v", job)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM archives`); n != 0 {
			t.Fatalf("failed import wrote %d archives", n)
		}
		job = run(
			[]any{"金顺姬", idNumber(21), "TA01", "2022/3/15", "东风村党支部 李春梅", "崔英爱", "入党志愿书×1；政治审查材料×2", ""},
			[]any{"李明哲", idNumber(23), "ta01", "2022年4月2日", "东风村党支部", "", "入党志愿书", "本人外出务工"},
		)
		if job.Status != imports.Done || job.Done != 2 {
			t.Fatalf("good import: %+v", job)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM archive_materials`); n != 3 {
			t.Errorf("materials %d", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM archive_events WHERE action = 'receive'`); n != 2 {
			t.Errorf("history entries %d", n)
		}
		// Importing the same people again is refused: they are held.
		job = run([]any{"金顺姬", idNumber(21), "TA01", "2022-05-01", "东风村党支部", "", "入党志愿书", ""})
		if job.Status != imports.Failed {
			t.Errorf("re-import of held archive: %+v", job)
		}
	})
}
