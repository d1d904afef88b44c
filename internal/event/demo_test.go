package event_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"troika/internal/app"
	"troika/internal/demo"
	"troika/internal/indicator"
	"troika/internal/personal"
	"troika/internal/testenv"
)

// The demo city gives the seed's figures of section 一（三）: 5565 events
// resolved in 2022, all evaluated 满意 or 基本满意, and 12 优秀 grid
// workers in every published month.
func TestDemoFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the whole demo city")
	}
	db := testenv.SQLite(t)
	keys, _ := personal.NewKeyring([]byte("troika-test-key-0123456789abcdef"))
	a, err := app.New(db, app.Config{Addr: "127.0.0.1:0", Keys: keys, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	city, err := demo.Generate(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("demo city in %v", time.Since(start).Round(time.Millisecond))
	s := indicator.Scope{OrgID: city.Root.ID, Path: city.Root.Path}
	y := indicator.Year(2022)
	for key, want := range map[string][2]int64{"gov.events_resolved": {5565, 0}, "gov.satisfaction": {5565, 5565}, "grid.excellent_monthly": {12, 0}} {
		v, err := indicator.Compute(ctx, db, key, s, y)
		if err != nil || v.N != want[0] || v.Den != want[1] {
			t.Errorf("%s = %+v (%v), want %v", key, v, err, want)
		}
	}
	v, _ := indicator.Compute(ctx, db, "gov.on_time_rate", s, y)
	if v.Den != 5565 || v.N < 5000 || v.N == v.Den {
		t.Errorf("on-time %+v: want most, not all, on time", v)
	}
	var open, months, paid int
	db.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE status <> 'closed'`).Scan(&open)
	db.QueryRowContext(ctx, `SELECT COUNT(*) FROM appraisal_months WHERE status = 'published' AND month LIKE '2022-%'`).Scan(&months)
	db.QueryRowContext(ctx, `SELECT COUNT(*) FROM appraisal_results WHERE paid = TRUE`).Scan(&paid)
	if open == 0 || months != 12 || paid == 0 {
		t.Errorf("open %d, published months %d, paid %d", open, months, paid)
	}
	town := city.Streets[0]
	if v, _ := indicator.Compute(ctx, db, "gov.events_resolved", indicator.Scope{OrgID: town.ID, Path: town.Path}, y); v.N == 0 || v.N >= 5565 {
		t.Errorf("resolved in %s: %+v", town.Name, v)
	}
}
