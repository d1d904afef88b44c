package bench

import (
	"context"
	"fmt"
	"time"

	"troika/internal/indicator"
	"troika/internal/store"
)

const figureRuns = 5

// benchFigures times the dashboard (uncached: each run a different
// period) and the annual report, against computing every registered
// indicator directly on the database.
func benchFigures(ctx context.Context, cfg Config, srv *server, db *store.DB, rep *Report) error {
	var scope indicator.Scope
	if err := db.QueryRowContext(ctx, `SELECT id, path, name FROM orgs WHERE parent_id IS NULL`).Scan(&scope.OrgID, &scope.Path, &scope.Name); err != nil {
		return err
	}
	var dash, report, floor []time.Duration
	for i := 0; i < figureRuns; i++ {
		period := fmt.Sprint(2022 - i) // a new period each time: nothing cached
		d, err := srv.get("/api/v1/dashboard?period=" + period)
		if err != nil {
			return err
		}
		dash = append(dash, d)
		d, err = srv.get("/api/v1/reports/annual?period=2022&format=docx")
		if err != nil {
			return err
		}
		report = append(report, d)
		start := time.Now()
		p := indicator.Year(2022)
		for _, ind := range indicator.All() {
			if _, err := ind.Compute(ctx, db, scope, p); err != nil {
				return fmt.Errorf("floor %s: %w", ind.Key, err)
			}
		}
		floor = append(floor, time.Since(start))
	}
	dm, rm := percentile(dash, 50), percentile(report, 50)
	rep.latency("dashboard, uncached, median", dm, 0, "< 1 s", boolp(dm < time.Second))
	rep.latency("annual report (.docx), median", rm, percentile(floor, 50), "< 1 s", boolp(rm < time.Second))
	return nil
}
