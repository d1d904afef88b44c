package bench

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"troika/internal/store"
)

// benchIntake posts livelihood events through the API with Clients
// concurrent clients for Duration, and measures the floor: transactional
// single-row inserts of the same shape by as many goroutines, directly on
// the database.
func benchIntake(ctx context.Context, cfg Config, srv *server, db *store.DB, rep *Report) error {
	var cats struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := srv.json(ctx, "GET", "/api/v1/event-categories", nil, &cats); err != nil {
		return err
	}
	if len(cats.Items) == 0 {
		return fmt.Errorf("no event categories")
	}
	type target struct{ org, grid int64 }
	var targets []target
	rows, err := db.QueryContext(ctx, `SELECT org_id, id FROM grids ORDER BY id LIMIT 200`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var t target
		if err := rows.Scan(&t.org, &t.grid); err != nil {
			rows.Close()
			return err
		}
		targets = append(targets, t)
	}
	rows.Close()
	if len(targets) == 0 {
		return fmt.Errorf("no grids to report events in")
	}

	var mu sync.Mutex
	var lat []time.Duration
	var fails int
	deadline := time.Now().Add(cfg.Duration)
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < cfg.Clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				t := targets[(c*7919+i)%len(targets)]
				body := map[string]any{"org_id": t.org, "grid_id": t.grid, "category_id": cats.Items[i%len(cats.Items)].ID,
					"place": "幸福小区" + strconv.Itoa(i%40) + "号楼", "description": "楼道照明损坏，夜间出行不便，请尽快维修。", "source": "phone"}
				s := time.Now()
				err := srv.json(ctx, "POST", "/api/v1/events", body, nil)
				d := time.Since(s)
				mu.Lock()
				if err != nil {
					fails++
				} else {
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	if fails > 0 {
		return fmt.Errorf("%d of %d event reports failed", fails, fails+len(lat))
	}
	rate := float64(len(lat)) / elapsed.Seconds()

	floor, err := floorIntake(ctx, db, cfg.Clients, cfg.Duration)
	if err != nil {
		return err
	}
	goal := rate >= floor/4
	rep.rate(fmt.Sprintf("event intake, %d clients", cfg.Clients), rate, floor, "events/s", "≥ ¼ of the floor", &goal)
	rep.add(Row{Name: "event intake latency p50 / p95 / p99", Value: ms(percentile(lat, 50)), Unit: "ms",
		Note: fmt.Sprintf("p95 %.1f ms, p99 %.1f ms", ms(percentile(lat, 95)), ms(percentile(lat, 99)))})
	return nil
}

// floorIntake inserts event-shaped rows, one transaction each, from n
// goroutines for d, into a scratch table; it returns rows per second.
func floorIntake(ctx context.Context, db *store.DB, n int, d time.Duration) (float64, error) {
	if _, err := db.ExecContext(ctx, `DROP TABLE IF EXISTS bench_floor_events`); err != nil {
		return 0, err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE bench_floor_events (org_id BIGINT, grid_id BIGINT, category_id BIGINT, code TEXT,
		place TEXT, description TEXT, source TEXT, status TEXT, reported_at BIGINT)`); err != nil {
		return 0, err
	}
	defer db.ExecContext(context.Background(), `DROP TABLE IF EXISTS bench_floor_events`) //nolint:errcheck
	var total int64
	var mu sync.Mutex
	var firstErr error
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < n; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var done int64
			for i := 0; time.Now().Before(deadline); i++ {
				err := db.InTx(ctx, func(tx *store.Tx) error {
					_, err := tx.ExecContext(ctx, `INSERT INTO bench_floor_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
						1, 1, 1, fmt.Sprintf("F%d-%d", c, i), "幸福小区1号楼", "楼道照明损坏，夜间出行不便，请尽快维修。", "phone", "reported", time.Now().UnixMilli())
					return err
				})
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				done++
			}
			mu.Lock()
			total += done
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	return float64(total) / time.Since(start).Seconds(), nil
}
