package faults

import (
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"troika/internal/testenv"
)

// With PostgreSQL, the server's connections are cut (terminated by the
// database) three times under write load: the server reconnects, answers
// again within seconds, loses no acknowledged write, and the audit chain
// holds.
func TestPostgresConnectionsCut(t *testing.T) {
	db := testenv.Postgres(t)
	dir := t.TempDir()
	password := demoCity(t, dir, "--db", db.DSN)
	var rootID int64
	if err := db.QueryRowContext(t.Context(), `SELECT id FROM orgs WHERE parent_id IS NULL`).Scan(&rootID); err != nil {
		t.Fatal(err)
	}
	var dbName string
	if err := db.QueryRowContext(t.Context(), `SELECT current_database()`).Scan(&dbName); err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", testenv.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()

	srv := serve(t, dir, db.DSN)
	srv.login("staff", password)
	var acked sync.Map
	var ok, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				code := fmt.Sprintf("P%d-%d", w, i)
				switch srv.json("POST", "/api/v1/orgs", map[string]any{"parent_id": rootID, "name": "断连测试支部" + code,
					"code": code, "kind": "branch", "domain": "organ"}, nil) {
				case 201:
					acked.Store(code, true)
					ok.Add(1)
				default:
					failed.Add(1)
				}
			}
		}(w)
	}
	for cut := 0; cut < 3; cut++ {
		time.Sleep(700 * time.Millisecond)
		var n int
		if err := admin.QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, dbName).Scan(&n); err != nil {
			t.Fatal(err)
		}
		t.Logf("cut %d: terminated %d connections", cut+1, n)
	}
	// After the last cut the server must answer again.
	recovered := false
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if srv.json("GET", "/api/v1/orgs?size=1", nil, nil) == 200 {
			recovered = true
			break
		}
	}
	close(stop)
	wg.Wait()
	must(t, recovered, "the server did not recover after the connections were cut")
	t.Logf("%d writes acknowledged, %d refused during the cuts", ok.Load(), failed.Load())
	missing := 0
	acked.Range(func(k, _ any) bool {
		var n int
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM orgs WHERE code = ?`, k).Scan(&n); err != nil || n != 1 {
			missing++
		}
		return true
	})
	must(t, ok.Load() > 0 && missing == 0, "%d of %d acknowledged writes lost", missing, ok.Load())
	srv.kill()
	if out, code := run(t, "audit", "verify", "--data", dir, "--db", db.DSN); code != 0 {
		t.Fatalf("audit chain after the cuts: %s", out)
	}
}
