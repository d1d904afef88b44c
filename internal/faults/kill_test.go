package faults

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"troika/internal/bench"
	"troika/internal/store"
)

func countOf(t testing.TB, dbPath, query string, args ...any) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func branchCodes(t testing.TB, dbPath string) []string {
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT code FROM orgs WHERE kind = 'branch' AND dissolved = FALSE`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		_ = rows.Scan(&c)
		out = append(out, c)
	}
	return out
}

// afterCrash checks what must hold whatever the moment of the kill.
func afterCrash(t *testing.T, dir string) {
	t.Helper()
	dbPath := filepath.Join(dir, "troika.db")
	if err := store.CheckSQLiteFile(context.Background(), dbPath); err != nil {
		t.Fatalf("integrity after SIGKILL: %v", err)
	}
	if out, code := run(t, "audit", "verify", "--data", dir); code != 0 {
		t.Fatalf("audit chain after SIGKILL: %s", out)
	}
}

// Killed while an import writes: the import is not half-applied, the job
// says it was interrupted, and the database and audit chain hold.
func TestKillDuringImport(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "troika.db")
	password := demoCity(t, dir)
	before := countOf(t, dbPath, `SELECT COUNT(*) FROM members`)
	book, err := bench.MemberWorkbook(40000, branchCodes(t, dbPath))
	if err != nil {
		t.Fatal(err)
	}

	srv := serve(t, dir, "")
	srv.login("staff", password)
	var job struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
		Done   int    `json:"done"`
	}
	must(t, srv.upload("/api/v1/imports/members", "roster.xlsx", book, &job) == 202, "upload refused")
	deadline := time.Now().Add(2 * time.Minute)
	for !(job.Status == "writing" && job.Done > 0) {
		must(t, time.Now().Before(deadline), "import never started writing")
		must(t, job.Status != "done" && job.Status != "failed", "import ended before the kill: %s", job.Status)
		time.Sleep(10 * time.Millisecond)
		srv.json("GET", "/api/v1/imports/"+strconv.FormatInt(job.ID, 10), nil, &job)
	}
	t.Logf("killing the server with %d of 40000 rows written in the open transaction", job.Done)
	srv.kill()

	afterCrash(t, dir)
	if after := countOf(t, dbPath, `SELECT COUNT(*) FROM members`); after != before {
		t.Fatalf("import half-applied: %d members before, %d after", before, after)
	}
	srv = serve(t, dir, "")
	srv.login("staff", password)
	srv.json("GET", "/api/v1/imports/"+strconv.FormatInt(job.ID, 10), nil, &job)
	must(t, job.Status == "failed", "interrupted job reads %q", job.Status)
	// The same file imports whole afterwards.
	must(t, srv.upload("/api/v1/imports/members", "roster.xlsx", book, &job) == 202, "second upload refused")
	for job.Status != "done" && job.Status != "failed" {
		time.Sleep(100 * time.Millisecond)
		srv.json("GET", "/api/v1/imports/"+strconv.FormatInt(job.ID, 10), nil, &job)
	}
	must(t, job.Status == "done", "re-import: %s", job.Status)
	srv.kill()
	must(t, countOf(t, dbPath, `SELECT COUNT(*) FROM members`) == before+40000, "re-import did not write every row")
	afterCrash(t, dir)
}

// Killed under write load and during a backup: every write the server
// acknowledged is there after the restart, the backup (if it finished) is
// whole, and the database and audit chain hold.
func TestKillUnderLoadAndDuringBackup(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "troika.db")
	password := demoCity(t, dir)
	var rootID int64
	db, _ := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	_ = db.QueryRow(`SELECT id FROM orgs WHERE parent_id IS NULL`).Scan(&rootID)
	db.Close()

	srv := serve(t, dir, "")
	srv.login("staff", password)
	var acked sync.Map // code -> true, once the server answered 201
	var n atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				code := fmt.Sprintf("K%d-%d", w, i)
				status := srv.json("POST", "/api/v1/orgs", map[string]any{"parent_id": rootID, "name": "压力测试支部" + code,
					"code": code, "kind": "branch", "domain": "organ"}, nil)
				if status == 201 {
					acked.Store(code, true)
					n.Add(1)
				}
				if status == 0 {
					return // the server is gone
				}
			}
		}(w)
	}
	time.Sleep(1500 * time.Millisecond)
	backup := filepath.Join(t.TempDir(), "b.db")
	done := make(chan string, 1)
	go func() {
		out, _ := run(t, "backup", "--data", dir, backup)
		done <- out
	}()
	time.Sleep(30 * time.Millisecond)
	srv.kill()
	close(stop)
	wg.Wait()
	t.Logf("%d writes acknowledged before SIGKILL; backup: %s", n.Load(), strings.TrimSpace(<-done))

	afterCrash(t, dir)
	missing := 0
	acked.Range(func(k, _ any) bool {
		if countOf(t, dbPath, `SELECT COUNT(*) FROM orgs WHERE code = ?`, k) != 1 {
			missing++
		}
		return true
	})
	must(t, n.Load() > 0, "no write was acknowledged")
	must(t, missing == 0, "%d acknowledged writes lost", missing)
	// Every write has its audit entry: the change and its record commit
	// together or not at all.
	orgs := countOf(t, dbPath, `SELECT COUNT(*) FROM orgs WHERE code LIKE 'K%'`)
	audited := countOf(t, dbPath, `SELECT COUNT(*) FROM audit_log WHERE action = 'org.create' AND detail LIKE '%"code":"K%'`)
	must(t, orgs == audited, "%d organizations but %d audit entries", orgs, audited)
	if _, err := os.Stat(backup); err == nil {
		must(t, store.CheckSQLiteFile(context.Background(), backup) == nil, "a finished backup is not whole")
	}
}

// A backup restored elsewhere gives the same figures as the original.
func TestBackupRestoreSameFigures(t *testing.T) {
	dir := t.TempDir()
	password := demoCity(t, dir)
	backup := filepath.Join(t.TempDir(), "b.db")
	if out, code := run(t, "backup", "--data", dir, backup); code != 0 {
		t.Fatal(out)
	}
	restored := t.TempDir()
	if out, code := run(t, "restore", "--data", restored, "--key-file", filepath.Join(dir, "troika.key"), backup); code != 0 {
		t.Fatal(out)
	}
	// The restored copy serves with the original's key, kept beside it.
	key, err := os.ReadFile(filepath.Join(dir, "troika.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, "troika.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	figures := func(d string) string {
		srv := serve(t, d, "")
		defer srv.kill()
		srv.login("staff", password)
		var out struct {
			Items []struct {
				Key  string `json:"key"`
				Text string `json:"text"`
			} `json:"items"`
		}
		must(t, srv.json("GET", "/api/v1/indicators?period=2022", nil, &out) == 200, "indicators")
		var b strings.Builder
		for _, it := range out.Items {
			fmt.Fprintf(&b, "%s=%s\n", it.Key, it.Text)
		}
		return b.String()
	}
	a, b := figures(dir), figures(restored)
	must(t, a == b && strings.Count(a, "\n") > 10, "figures differ after restore:\n%s\n---\n%s", a, b)
}
