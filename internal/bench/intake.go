package bench

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"troika/internal/store"
)

// target is an organization and one of its grids that events are
// reported in.
type target struct{ org, grid int64 }

// benchIntake posts livelihood events through the API with Clients
// concurrent clients for Duration, and measures the floor (floorIntake):
// the same rows written directly on the database by as many goroutines,
// one transaction per event.
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

	catIDs := make([]int64, len(cats.Items))
	for i, c := range cats.Items {
		catIDs[i] = c.ID
	}
	floor, err := floorIntake(ctx, db, cfg.Clients, cfg.Duration, targets, catIDs)
	if err != nil {
		return err
	}
	goal := rate >= floor/4
	rep.rate(fmt.Sprintf("event intake, %d clients", cfg.Clients), rate, floor, "events/s", "≥ ¼ of the floor", &goal)
	rep.add(Row{Name: "event intake latency p50 / p95 / p99", Value: ms(percentile(lat, 50)), Unit: "ms",
		Note: fmt.Sprintf("p95 %.1f ms, p99 %.1f ms", ms(percentile(lat, 95)), ms(percentile(lat, 99)))})
	return nil
}

// floorCode marks the floor's events: "F~" and eight digits, ten
// characters like a tracking code but never one (a code is base32).
const floorCode = "F~%08d"

// floorIntake writes what a report writes besides its audit entry — the
// event row into events (with its indexes) and its first step into
// event_steps — one transaction per event through store.DB.InTx, from n
// goroutines for d, into the targets' organizations and grids, with kept
// prepared statements like the intake's (store.Kept); it returns events
// per second. The floor's rows (codes of floorCode) are deleted
// afterwards so that the measurements after it see the data the intake
// left.
func floorIntake(ctx context.Context, db *store.DB, n int, d time.Duration, targets []target, cats []int64) (float64, error) {
	var before int64
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM events`).Scan(&before); err != nil {
		return 0, err
	}
	defer func() {
		// A fresh context: the floor's rows go even when ctx is cancelled.
		ctx := context.Background()
		_ = db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.ExecContext(ctx, `DELETE FROM event_steps WHERE event_id IN
				(SELECT id FROM events WHERE id > ? AND code LIKE 'F~%')`, before); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `DELETE FROM events WHERE id > ? AND code LIKE 'F~%'`, before)
			return err
		})
	}()
	var seq atomic.Int64
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
				t := targets[(c*7919+i)%len(targets)]
				cat := cats[i%len(cats)]
				place := "幸福小区" + strconv.Itoa(i%40) + "号楼"
				err := db.InTx(ctx, func(tx *store.Tx) error {
					now := time.Now().UTC()
					ms := now.UnixMilli()
					var id int64
					if err := store.Kept.QueryRowContext(ctx, tx, `INSERT INTO events (code, org_id, grid_id, category_id, place, description, source, reporter_name,
						phone_enc, phone_mask, reported_by, worker_id, reported_at, status, stage_at, warn_at, due_at, created_at, updated_at)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reported', ?, ?, ?, ?, ?)
						ON CONFLICT (code) DO NOTHING RETURNING id`,
						fmt.Sprintf(floorCode, seq.Add(1)), t.org, t.grid, cat, place, "楼道照明损坏，夜间出行不便，请尽快维修。", "phone", "",
						"", "", 0, nil, ms, ms, now.Add(96*time.Minute).UnixMilli(), now.Add(2*time.Hour).UnixMilli(), ms, ms).Scan(&id); err != nil {
						return err
					}
					_, err := store.Kept.ExecContext(ctx, tx, `INSERT INTO event_steps (event_id, action, from_status, to_status, note, handler_org_id, handler_dept, late, actor_id, actor, at)
						VALUES (?, 'report', '', 'reported', ?, ?, '', ?, ?, ?, ?)`, id, "电话受理", nil, false, 0, "bench", ms)
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
