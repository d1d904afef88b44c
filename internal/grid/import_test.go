package grid_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/grid"
	"troika/internal/imports"
	"troika/internal/member"
	"troika/internal/store"
	"troika/internal/testenv"
	"troika/internal/xlsx"
)

var importHeaders = []string{"网格编号", "户号", "现住址", "姓名", "与户主关系", "身份证号", "性别", "民族", "手机号", "户籍地址", "登记日期", "人员类别", "备注"}

func workbook(t testing.TB, rows func(emit func(cells ...any) error) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, xlsx.Sheet{Name: "居民花名册", Headers: importHeaders, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func ctxFor(p *access.Principal) context.Context {
	return audit.WithActor(access.WithPrincipal(context.Background(), p), audit.Actor{ID: p.UserID, Name: "importer"})
}

func runImport(t testing.TB, db *store.DB, dir string, p *access.Principal, data io.Reader) (imports.Job, *imports.Service) {
	t.Helper()
	svc := imports.New(db, dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	job, err := svc.Start(ctxFor(p), p, "residents", "居民.xlsx", data)
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

func TestImportAllOrNothing(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ga := f.grid(t, f.pa, f.commA, "GA01")
		f.grid(t, f.staff, f.villB, "GB01")
		existing := f.resident(t, f.pa, ga, "0001", "金明哲", "19500101", 1, true)
		existingID := member.MakeID("222401", "19500101", 1, true)
		good := member.MakeID("222405", "19700101", 5, true)
		badCheck := good[:17] + map[bool]string{true: "0", false: "1"}[good[17] != '0']
		data := workbook(t, func(emit func(cells ...any) error) error {
			for _, r := range [][]any{
				{"GA01", "0002", "春华社区1号楼101", "朴成浩", "户主", good, "男", "朝鲜族", "13843300001", "", "2015-05-01", "低保、残疾人", ""},
				{"GA01", "0002", "", "错校验", "配偶", badCheck, "", "朝鲜族", "", "", "", "", ""},
				{"GB01", "0001", "西岭村1组", "外镇", "户主", member.MakeID("222403", "19760606", 8, false), "", "汉族", "", "", "", "", ""},
				{"GA01", "0003", "", "无址新户", "户主", member.MakeID("222404", "19800808", 9, true), "", "汉族", "", "", "", "", ""},
				{"GA01", "0001", "", "重复库", "子女", existingID, "", "", "", "", "", "", ""},
				{"GA01", "0002", "", "重复文件", "子女", good, "", "", "", "", "", "", ""},
				{"GA01", "0002", "", "错标签", "子女", member.MakeID("222406", "20100909", 10, false), "男", "", "", "", "", "五保户", ""},
			} {
				if err := emit(r...); err != nil {
					return err
				}
			}
			return nil
		})
		job, svc := runImport(t, db, t.TempDir(), f.pa, bytes.NewReader(data))
		if job.Status != imports.Failed || job.FailedRows != 6 || !job.HasErrors {
			t.Fatalf("job: %+v", job)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM residents`); n != 1 {
			t.Fatalf("a failed import wrote %d residents", n-1)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM households`); n != 1 {
			t.Fatalf("a failed import opened %d households", n-1)
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
			"4|网格编码|GB01|网格编码不存在或不在您的管辖范围内",
			"5|现住址||新的户号须填写现住址",
			"6|公民身份号码|" + existingID + "|该身份证号已在居民信息中",
			"7|公民身份号码|" + good + "|与第 2 行的身份证号重复",
			"8|性别|男|与身份证号不一致",
			"8|标签|五保户|“五保户”不是可选的标签",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("error workbook lacks %q:\n%s", want, all)
			}
		}
		_ = existing

		// A good file: 40 residents in 15 households, two of them joining
		// an existing household.
		data = workbook(t, func(emit func(cells ...any) error) error {
			for i := 0; i < 40; i++ {
				hh := fmt.Sprintf("%04d", 10+i/3)
				if i >= 38 {
					hh = "0001"
				}
				addr := ""
				if i%3 == 0 && i < 38 {
					addr = "春华社区" + hh + "号"
				}
				tag := ""
				if i%10 == 0 {
					tag = "独居老人"
				}
				id := member.MakeID("222401", fmt.Sprintf("19%02d%02d%02d", 40+i, 1+i%12, 1+i%28), i, i%2 == 0)
				if err := emit("ga01", hh, addr, fmt.Sprintf("居民%02d", i), "", id, "", "朝鲜族", "", "", "2018-03-01", tag, ""); err != nil {
					return err
				}
			}
			return nil
		})
		job, _ = runImport(t, db, t.TempDir(), f.pa, bytes.NewReader(data))
		if job.Status != imports.Done || job.Done != 40 {
			t.Fatalf("good import: %+v", job)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM residents WHERE household_id = ?`, existing.HouseholdID); n != 3 {
			t.Fatalf("existing household holds %d", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM households`); n != 14 {
			t.Fatalf("households after import: %d", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM resident_tag_links`); n != 4 {
			t.Fatalf("tags after import: %d", n)
		}
		items, _, _ := f.svc.Residents(f.ctx, f.pa, grid.ResidentFilter{Q: member.MakeID("222401", "19420303", 2, true)})
		if len(items) != 1 || items[0].Name != "居民02" || items[0].MovedIn != "2018-03-01" {
			t.Fatalf("imported resident by ID: %+v", items)
		}
	})
}

// BenchmarkImport65k imports a 65,000-row resident register (25,000
// households in 300 grids) through the import service on SQLite: rows/s
// and the peak Go heap above the baseline while it runs.
func BenchmarkImport65k(b *testing.B) {
	const rows = 65_000
	db := testenv.SQLite(b)
	f := newFixture(b, db)
	var codes []string
	for i := 0; i < 300; i++ {
		o := f.commA
		if i%2 == 1 {
			o = f.villA
		}
		codes = append(codes, f.grid(b, f.staff, o, fmt.Sprintf("G%03d", i)).Code)
	}
	birth0 := time.Date(1928, 1, 1, 0, 0, 0, 0, time.UTC)
	data := workbook(b, func(emit func(cells ...any) error) error {
		for i := 0; i < rows; i++ {
			hh := i * 25000 / rows
			addr := fmt.Sprintf("幸福路%d号", hh)
			birth := birth0.AddDate(0, 0, (i*7919)%34000)
			id := member.MakeID(fmt.Sprintf("2224%02d", 1+(i/500)%6), birth.Format("20060102"), i%500, i%2 == 0)
			tag := ""
			if i%40 == 0 {
				tag = "低保"
			}
			if err := emit(codes[hh%len(codes)], fmt.Sprintf("%05d", hh), addr, "金明哲", "", id, "", "朝鲜族", fmt.Sprintf("138%08d", i),
				"", "", tag, ""); err != nil {
				return err
			}
		}
		return nil
	})
	path := filepath.Join(b.TempDir(), "residents.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	b.Logf("workbook: %d rows, %.1f MB", rows, float64(len(data))/(1<<20))
	data = nil
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		for _, q := range []string{`DELETE FROM resident_tag_links`, `DELETE FROM residents`, `DELETE FROM households`} {
			if _, err := db.ExecContext(context.Background(), q); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak.Load() {
					peak.Store(ms.HeapAlloc)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		file, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		job, _ := runImport(b, db, b.TempDir(), f.staff, file)
		el := time.Since(start)
		b.StopTimer()
		file.Close()
		close(stop)
		<-done
		if job.Status != imports.Done || job.Done != rows {
			b.Fatalf("import: %+v", job)
		}
		b.ReportMetric(float64(rows)/el.Seconds(), "rows/s")
		b.ReportMetric(float64(peak.Load()-min(peak.Load(), base.HeapAlloc))/(1<<20), "peakMB")
		b.StartTimer()
	}
}
