package member_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"troika/internal/access"
	"troika/internal/imports"
	"troika/internal/member"
	"troika/internal/store"
	"troika/internal/testenv"
	"troika/internal/xlsx"
)

var importHeaders = []string{"姓名", "性别", "民族", "出生日期", "身份证号", "手机号", "学历", "职业", "入党日期", "转正日期",
	"人员类别", "是否有职", "现任职务", "是否流动党员", "流出去向", "居住社区", "党组织编码"}

// workbook builds an .xlsx with the roster headers (using the aliases a
// branch's own sheet has) and rows.
func workbook(t testing.TB, rows func(emit func(cells ...any) error) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, xlsx.Sheet{Name: "花名册", Headers: importHeaders, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func runImport(t testing.TB, db *store.DB, p *access.Principal, data []byte) (imports.Job, *imports.Service) {
	t.Helper()
	svc := imports.New(db, t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	job, err := svc.Start(ctxFor(p), p, "members", "花名册.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	svc.Wait()
	job, err = svc.Get(ctxFor(p), p, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	return job, svc
}

func TestImportAllOrNothingWithErrorWorkbook(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.create(t, f.pa, f.input("金明哲", "19850312", 1, true))
		existing := member.MakeID("222405", "19850312", 1, true)
		good := member.MakeID("222401", "19700101", 5, true)
		badCheck := good[:17] + string("0123456789"[(int(good[17]-'0')+1)%10])
		if good[17] == 'X' {
			badCheck = good[:17] + "0"
		}
		data := workbook(t, func(emit func(cells ...any) error) error {
			rows := [][]any{
				{"朴成浩", "男", "朝鲜族", "1970-01-01", good, "13843300001", "大学本科", "村民", "1995-07-01", "1996-07-01", "正式党员", "否", "", "否", "", "", "TA01"},
				{"错校验", "男", "朝鲜族", "", badCheck, "", "高中", "", "1995-07-01", "1996-07-01", "正式党员", "", "", "", "", "", "TA01"},
				{"性别错", "女", "汉族", "", member.MakeID("222402", "19750505", 7, true), "", "", "", "2000-07-01", "", "预备党员", "", "", "", "", "", "TA01"},
				{"外镇", "", "朝鲜族", "", member.MakeID("222403", "19760606", 8, false), "", "", "", "2000-07-01", "2001-07-01", "正式党员", "", "", "", "", "", "TB01"},
				{"重复库", "", "朝鲜族", "", existing, "", "", "", "2000-07-01", "2001-07-01", "正式党员", "", "", "", "", "", "TA01"},
				{"重复文件", "", "朝鲜族", "", good, "", "", "", "2000-07-01", "2001-07-01", "正式党员", "", "", "", "", "", "TA01"},
				{"未来", "", "朝鲜族", "", member.MakeID("222404", "19800808", 9, true), "", "", "", "2099-07-01", "", "预备党员", "", "", "", "", "", "TA01"},
				{"倒序", "", "朝鲜族", "", member.MakeID("222406", "19810909", 10, true), "", "", "", "2005-07-01", "2004-07-01", "正式党员", "", "", "", "", "", "TA01"},
				{"类别错", "", "朝鲜族", "", member.MakeID("222424", "19821010", 11, true), "", "博士后", "", "2005-07-01", "", "积极分子", "", "", "也许", "", "", "TA01"},
			}
			for _, r := range rows {
				if err := emit(r...); err != nil {
					return err
				}
			}
			return nil
		})
		job, svc := runImport(t, db, f.pa, data)
		if job.Status != imports.Failed || job.FailedRows != 8 || !job.HasErrors {
			t.Fatalf("job: %+v", job)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM members`); n != 1 {
			t.Fatalf("a failed import wrote %d members", n-1)
		}
		book, err := svc.ErrorWorkbook(ctxFor(f.pa), f.pa, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		xf, err := excelize.OpenReader(bytes.NewReader(book))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := xf.GetRows(xf.GetSheetList()[0])
		var lines []string
		for _, r := range rows[1:] {
			lines = append(lines, strings.Join(r, "|"))
		}
		all := strings.Join(lines, "\n")
		for _, want := range []string{
			"3|公民身份号码|" + badCheck + "|身份证号校验码不正确",
			"4|性别|女|与身份证号不一致",
			"5|所在党组织编码|TB01|组织编码不存在或不在您的管辖范围内",
			"6|公民身份号码|" + existing + "|该身份证号已在党员名册中",
			"7|公民身份号码|" + good + "|与第 2 行的身份证号重复",
			"8|入党日期|2099-07-01|不能晚于今天",
			"9|转正日期|2004-07-01|不能早于入党日期",
			"10|人员类别|积极分子|应为“正式党员”或“预备党员”",
			"10|学历|博士后|不是可选的值",
			"10|是否流动党员|也许|应为“是”或“否”",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("error workbook lacks %q:\n%s", want, all)
			}
		}

		// The same file without its bad rows goes in whole.
		data = workbook(t, func(emit func(cells ...any) error) error {
			for i := 0; i < 30; i++ {
				id := member.MakeID("222405", fmt.Sprintf("1960%02d%02d", 1+i%12, 1+i), i, i%2 == 0)
				if err := emit(fmt.Sprintf("测试%02d", i), "", "朝鲜族", "", id, "", "初中", "村民", "1990-07-01", "1991-07-01",
					"正式党员", "", "", "否", "", "", "TA02"); err != nil {
					return err
				}
			}
			return nil
		})
		job, _ = runImport(t, db, f.pa, data)
		if job.Status != imports.Done || job.Done != 30 {
			t.Fatalf("good import: %+v", job)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM members m WHERE m.org_id = ?`, f.brA2.ID); n != 30 {
			t.Fatalf("imported %d", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM member_events WHERE kind = 'imported'`); n != 30 {
			t.Fatalf("history entries %d", n)
		}
		items, _, _ := f.svc.List(f.ctx, f.pa, member.Filter{Q: member.MakeID("222405", "19600303", 2, true)})
		if len(items) != 1 || items[0].Name != "测试02" || items[0].Gender != "male" {
			t.Fatalf("imported member by ID: %+v", items)
		}
	})
}
