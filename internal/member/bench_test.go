package member_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/imports"
	"troika/internal/member"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
	"troika/internal/testenv"
)

// benchCity is a city of 10 townships with 30 branches each.
type benchCity struct {
	db       *store.DB
	svc      *member.Service
	staff    *access.Principal
	town     *access.Principal // the first township
	branches []org.Org
	userID   int64
}

func newBenchCity(b *testing.B) *benchCity {
	b.Helper()
	db := testenv.SQLite(b)
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "bench"})
	orgs := org.NewService(db)
	root, err := orgs.CreateRoot(ctx, org.Input{Name: "市委", Code: "CITY", Kind: org.KindCommittee, Domain: org.DomainMixed})
	if err != nil {
		b.Fatal(err)
	}
	c := &benchCity{db: db}
	c.staff = &access.Principal{Role: access.RoleStaff, OrgID: root.ID, OrgPath: root.Path}
	for ti := 0; ti < 10; ti++ {
		town, err := orgs.Create(ctx, c.staff, org.Input{ParentID: root.ID, Name: fmt.Sprintf("第%d镇党委", ti), Code: fmt.Sprintf("T%02d", ti),
			Kind: org.KindCommittee, Domain: org.DomainMixed})
		if err != nil {
			b.Fatal(err)
		}
		if ti == 0 {
			c.town = &access.Principal{Role: access.RoleCommittee, OrgID: town.ID, OrgPath: town.Path}
		}
		for bi := 0; bi < 30; bi++ {
			br, err := orgs.Create(ctx, c.staff, org.Input{ParentID: town.ID, Name: fmt.Sprintf("第%d镇第%d村党支部", ti, bi),
				Code: fmt.Sprintf("T%02dB%02d", ti, bi), Kind: org.KindBranch, Domain: org.DomainRural})
			if err != nil {
				b.Fatal(err)
			}
			c.branches = append(c.branches, br)
		}
	}
	u, _, err := access.New(db, access.DefaultPolicy).CreateUser(ctx, access.NewUser{Username: "bench", DisplayName: "bench", OrgID: root.ID,
		Role: access.RoleStaff, Password: "Troika#2022", Ready: true})
	if err != nil {
		b.Fatal(err)
	}
	c.staff.UserID, c.userID = u.ID, u.ID
	keys, _ := personal.NewKeyring(testKey)
	c.svc = member.NewService(db, keys)
	return c
}

var (
	benchSurnames = []string{"金", "朴", "李", "崔", "郑", "王", "张", "刘", "韩", "姜", "许", "文", "玄", "赵", "孙"}
	benchGiven    = []string{"明哲", "成浩", "春梅", "英爱", "光日", "永哲", "顺姬", "海燕", "立新", "东植", "美玉", "秀珍", "志勇", "玉兰", "建国"}
)

// benchRow is the i-th member of the generated roster: unique ID numbers
// (birth date and sequence from i, born 1945–1999), realistic values.
func benchRow(i int, code string) []any {
	birth := time.Date(1945, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%20000)
	male := i%3 != 0
	id := member.MakeID("222401", birth.Format("20060102"), i/20000, male)
	eth := "汉族"
	if i%3 == 1 {
		eth = "朝鲜族"
	}
	joined := birth.AddDate(18+i%7, i%12, 0).Format("2006-01-02")
	full := birth.AddDate(19+i%7, i%12, 0).Format("2006-01-02")
	return []any{benchSurnames[i%len(benchSurnames)] + benchGiven[(i/7)%len(benchGiven)], "", eth, "", id,
		fmt.Sprintf("138%08d", i), "高中", "农民", joined, full, "正式党员", "", "", "否", "", "", code}
}

// BenchmarkImport100k imports a 100,000-row roster workbook through the
// import service, as a user's upload is, on SQLite: rows/s and the peak
// Go heap while it runs.
func BenchmarkImport100k(b *testing.B) {
	const rows = 100_000
	c := newBenchCity(b)
	var buf bytes.Buffer
	data := workbook(b, func(emit func(cells ...any) error) error {
		for i := 0; i < rows; i++ {
			if err := emit(benchRow(i, c.branches[i%len(c.branches)].Code)...); err != nil {
				return err
			}
		}
		return nil
	})
	buf.Write(data)
	path := filepath.Join(b.TempDir(), "roster.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	b.Logf("workbook: %d rows, %.1f MB", rows, float64(len(data))/(1<<20))
	data = nil
	buf = bytes.Buffer{}
	ctx := audit.WithActor(access.WithPrincipal(context.Background(), c.staff), audit.Actor{ID: c.userID, Name: "bench"})
	svc := imports.New(c.db, b.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		if _, err := c.db.ExecContext(ctx, `DELETE FROM member_events`); err != nil {
			b.Fatal(err)
		}
		if _, err := c.db.ExecContext(ctx, `DELETE FROM members`); err != nil {
			b.Fatal(err)
		}
		if _, err := c.db.ExecContext(ctx, `DELETE FROM member_grams`); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		job, err := svc.Start(ctx, c.staff, "members", "roster.xlsx", f)
		if err != nil {
			b.Fatal(err)
		}
		svc.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		f.Close()
		close(stop)
		<-done
		job, _ = svc.Get(ctx, c.staff, job.ID)
		if job.Status != imports.Done || job.Done != rows {
			b.Fatalf("import: %+v", job)
		}
		b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(base.HeapInuse)/(1<<20), "base-heap-MB")
		b.StartTimer()
	}
}

// BenchmarkList100k measures one page of the roster filtered to a
// township, 朝鲜族 and an age band, at 100,000 members, through the
// service, against the bare SQL of the same query (count and page) run on
// the same database in the same run. Medians are reported.
func BenchmarkList100k(b *testing.B) {
	c := newBenchCity(b)
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "bench"})
	const total = 100_000
	for start := 0; start < total; start += 10_000 {
		var ins []member.Input
		for i := start; i < start+10_000; i++ {
			r := benchRow(i, "")
			ins = append(ins, member.Input{OrgID: c.branches[i%len(c.branches)].ID, Name: r[0].(string), Ethnicity: r[2].(string),
				IDNumber: r[4].(string), Phone: r[5].(string), Education: "高中", Occupation: "农民", JoinedOn: r[8].(string),
				FullOn: r[9].(string), Category: member.Full})
		}
		if err := c.svc.CreateMany(ctx, c.staff, ins); err != nil {
			b.Fatal(err)
		}
	}
	filter := member.Filter{Ethnicity: member.Korean, AgeBand: "46_55", Limit: 20, Offset: 40}
	where := ` FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.path LIKE ? AND m.status IN ('active', 'transferring')
		AND m.ethnicity = ? AND m.birth_date > ? AND m.birth_date <= ?`
	today := time.Now().In(access.Shanghai)
	args := []any{c.town.ScopeLike(), member.Korean, today.AddDate(-56, 0, 0).Format("2006-01-02"), today.AddDate(-46, 0, 0).Format("2006-01-02")}
	bare := func() int {
		var n int
		if err := c.db.QueryRowContext(ctx, `SELECT COUNT(*)`+where, args...).Scan(&n); err != nil {
			b.Fatal(err)
		}
		rows, err := c.db.QueryContext(ctx, `SELECT m.id, m.name, o.name`+where+` ORDER BY m.name_key, m.id LIMIT 20 OFFSET 40`, args...)
		if err != nil {
			b.Fatal(err)
		}
		got := 0
		for rows.Next() {
			var id int64
			var name, oname string
			if err := rows.Scan(&id, &name, &oname); err != nil {
				b.Fatal(err)
			}
			got++
		}
		rows.Close()
		return n
	}
	svcList := func() int {
		items, n, err := c.svc.List(ctx, c.town, filter)
		if err != nil || len(items) != 20 {
			b.Fatalf("list: %d items, %v", len(items), err)
		}
		return n
	}
	if a, bb := svcList(), bare(); a != bb || a < 100 {
		b.Fatalf("service counts %d, bare SQL %d", a, bb)
	}
	median := func(d []time.Duration) float64 {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return float64(d[len(d)/2].Microseconds()) / 1000
	}
	var ts, tb []time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		t0 := time.Now()
		svcList()
		ts = append(ts, time.Since(t0))
		t0 = time.Now()
		bare()
		tb = append(tb, time.Since(t0))
	}
	b.StopTimer()
	ms, mb := median(ts), median(tb)
	b.ReportMetric(ms, "median-ms")
	b.ReportMetric(mb, "bare-median-ms")
	if mb > 0 {
		b.ReportMetric(ms/mb, "ratio")
	}
}
