package event_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/event"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// benchDBs runs fn on SQLite and, when a server is configured, PostgreSQL.
func benchDBs(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, testenv.SQLite(b)) })
	if testenv.PostgresURL() != "" {
		b.Run("postgres", func(b *testing.B) { fn(b, testenv.Postgres(b)) })
	}
}

// BenchmarkIntake posts reports through the JSON API with 8 concurrent
// clients (events/s), beside the floor: the same rows (the event and its
// first step) written with bare SQL by 8 concurrent writers.
func BenchmarkIntake(b *testing.B) {
	benchDBs(b, func(b *testing.B, db *store.DB) {
		e := testapp.New(b, db)
		staff := e.Login(b, testapp.Staff)
		body := fmt.Sprintf(`{"org_id": %d, "category_id": 1, "place": "东风村3组路口", "description": "路灯不亮", "source": "phone", "phone": "13800138000"}`, e.City.BranchA1.ID)
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		b.Run("api", func(b *testing.B) {
			b.SetParallelism(4) // 8 clients on 2 cores
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req, _ := http.NewRequest("POST", e.URL+"/api/v1/events", strings.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+staff.Token)
					req.Header.Set("Content-Type", "application/json")
					res, err := client.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					res.Body.Close()
					if res.StatusCode != 201 {
						b.Fatalf("status %d", res.StatusCode)
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
		})
		var seq atomic.Int64
		b.Run("sql-floor", func(b *testing.B) {
			b.SetParallelism(4)
			ctx := context.Background()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					n := seq.Add(1)
					err := db.InTx(ctx, func(tx *store.Tx) error {
						var id int64
						now := time.Now().UnixMilli()
						if err := tx.QueryRowContext(ctx, `INSERT INTO events (code, org_id, category_id, place, description, source, phone_enc, phone_mask,
							reported_at, status, stage_at, warn_at, due_at, created_at, updated_at)
							VALUES (?, ?, 1, '东风村3组路口', '路灯不亮', 'phone', 'v1:x', '138****8000', ?, 'reported', ?, ?, ?, ?, ?) RETURNING id`,
							fmt.Sprintf("F%09d", n), e.City.BranchA1.ID, now, now, now, now, now, now).Scan(&id); err != nil {
							return err
						}
						_, err := tx.ExecContext(ctx, `INSERT INTO event_steps (event_id, action, to_status, note, actor, at) VALUES (?, 'report', 'reported', '电话受理', 'x', ?)`, id, now)
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
		})
	})
}

// fill writes n events with SQL alone: half in each township, one in ten
// open, over two years.
func fill(b *testing.B, db *store.DB, e *testapp.Env, n int) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	_, err := db.ExecContext(ctx, `INSERT INTO events (code, org_id, category_id, place, description, source, reported_at, status,
		stage_at, warn_at, due_at, late, closed_at, rating, created_at, updated_at)
		WITH RECURSIVE n(i) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < CAST(? AS BIGINT))
		SELECT 'B' || CAST(i AS TEXT), CASE WHEN i % 2 = 0 THEN CAST(? AS BIGINT) ELSE CAST(? AS BIGINT) END, 1 + i % 7, '东风村' || CAST(i % 50 AS TEXT) || '号楼',
			'路灯不亮', 'grid', CAST(? AS BIGINT) + i * 60000, CASE WHEN i % 10 = 0 THEN 'dispatched' ELSE 'closed' END,
			CAST(? AS BIGINT) + i * 60000, CAST(? AS BIGINT) + i * 60000 + 3600000, CAST(? AS BIGINT) + i * 60000 + 7200000, CASE WHEN i % 13 = 0 THEN TRUE ELSE FALSE END,
			CASE WHEN i % 10 = 0 THEN 0 ELSE CAST(? AS BIGINT) + i * 60000 + 86400000 END, CASE WHEN i % 10 = 0 THEN '' ELSE 'satisfied' END,
			CAST(? AS BIGINT) + i * 60000, CAST(? AS BIGINT) + i * 60000 FROM n`,
		n, e.City.BranchA1.ID, e.City.BranchB1.ID, base, base, base, base, base, base, base)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d events written in %v", n, time.Since(start).Round(time.Millisecond))
}

// median runs fn k times and returns the middle duration.
func median(b *testing.B, k int, fn func() error) time.Duration {
	b.Helper()
	ds := make([]time.Duration, k)
	for i := range ds {
		t := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		ds[i] = time.Since(t)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[k/2]
}

// BenchmarkList1M reads the first page of the events list (with its total)
// at 1M events, for the city and for a township filtered to one category,
// through the service, beside the bare SQL of the same page and count.
// Reported: the median of 15 reads (ms).
func BenchmarkList1M(b *testing.B) {
	benchDBs(b, func(b *testing.B, db *store.DB) {
		e := testapp.New(b, db)
		fill(b, db, e, 1_000_000)
		svc := e.App.Events
		ctx := context.Background()
		c := e.City
		staff := &access.Principal{Role: access.RoleStaff, OrgID: c.Root.ID, OrgPath: c.Root.Path}
		townA := &access.Principal{Role: access.RoleCommittee, OrgID: c.TownA.ID, OrgPath: c.TownA.Path}
		cases := []struct {
			name string
			f    event.Filter
			p    *access.Principal
		}{{"city", event.Filter{Limit: 20}, staff}, {"town-category", event.Filter{Limit: 20, CategoryID: 3}, townA}}
		for _, cs := range cases {
			p := cs.p
			b.Run(cs.name+"/service", func(b *testing.B) {
				var total int
				for i := 0; i < b.N; i++ {
					m := median(b, 15, func() error {
						_, n, err := svc.List(ctx, p, cs.f)
						total = n
						return err
					})
					b.ReportMetric(float64(m.Microseconds())/1000, "median-ms")
				}
				b.Logf("total %d", total)
			})
			b.Run(cs.name+"/sql-floor", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					m := median(b, 15, func() error {
						extra, args := "", []any{p.ScopeLike()}
						if cs.f.CategoryID > 0 {
							extra, args = " AND e.category_id = ?", append(args, cs.f.CategoryID)
						}
						var n int
						if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM events e JOIN orgs o ON o.id = e.org_id WHERE o.path LIKE ?`+extra, args...).Scan(&n); err != nil {
							return err
						}
						rows, err := db.QueryContext(ctx, `SELECT e.id, e.code, e.place, e.status, e.reported_at FROM events e JOIN orgs o ON o.id = e.org_id
							WHERE o.path LIKE ?`+extra+` ORDER BY e.reported_at DESC, e.id DESC LIMIT 20`, args...)
						if err != nil {
							return err
						}
						for rows.Next() {
						}
						rows.Close()
						return rows.Err()
					})
					b.ReportMetric(float64(m.Microseconds())/1000, "median-ms")
				}
			})
		}
	})
}
