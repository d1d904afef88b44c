package bench

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"troika/internal/app"
	"troika/internal/demo"
	"troika/internal/store"
)

// Run generates the data, starts the server and measures everything.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	scale, ok := Scales[cfg.Scale]
	if !ok {
		return nil, fmt.Errorf("unknown scale %q (city, prefecture, province)", cfg.Scale)
	}
	if cfg.Clients <= 0 {
		cfg.Clients = 8
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 10 * time.Second
	}
	if cfg.ImportRows <= 0 {
		cfg.ImportRows = 100_000
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	rep := &Report{Scale: cfg.Scale, Database: "sqlite", Machine: machine(), Started: time.Now().UTC(), log: cfg.Log}
	if cfg.DB != "" {
		rep.Database = "postgres"
	}

	// Generate the city through the services the pages and API use.
	logf("generating the %s (scale %d)…", cfg.Scale, scale)
	a, err := app.Open(ctx, app.Config{DataDir: cfg.Dir, DB: cfg.DB})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	city, err := demo.GenerateScaled(ctx, a, scale)
	if err != nil {
		a.Close()
		return nil, err
	}
	gen := time.Since(start)
	var orgs, members int
	_ = a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&orgs)
	_ = a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM members`).Scan(&members)
	rep.add(Row{Name: "generate the data", Value: gen.Seconds(), Unit: "s", Note: fmt.Sprintf("%d organizations, %d members", orgs, members)})
	password := ""
	for _, c := range city.Credentials {
		if c.Username == "staff" {
			password = c.Password
		}
	}
	a.Close()

	// The floor talks to the same database through the same driver.
	target := cfg.DB
	if target == "" {
		target = cfg.Dir + "/troika.db"
	}
	floor, err := store.Open(ctx, target)
	if err != nil {
		return nil, err
	}
	defer floor.Close()

	logf("starting the server…")
	srv, startup, err := startServer(cfg)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	rep.latency("start-up to /healthz", startup, 0, "", nil)
	if err := srv.login("staff", password); err != nil {
		return nil, err
	}
	// Idle: past the quiet spell after which the server hands memory back
	// (it checks every 5 s for 10 s without requests).
	time.Sleep(16 * time.Second)
	idle, _ := srv.rss()
	rep.add(Row{Name: "idle memory (RSS)", Value: idle, Unit: "MiB", Goal: "< 50 MiB", Met: boolp(idle < 50)})

	steps := []struct {
		name string
		fn   func(context.Context, Config, *server, *store.DB, *Report) error
	}{
		{"members import", benchImport},
		{"event intake", benchIntake},
		{"lists", benchLists},
		{"events list", benchEventList},
		{"dashboard and report", benchFigures},
	}
	for _, st := range steps {
		logf("measuring %s…", st.name)
		if err := st.fn(ctx, cfg, srv, floor, rep); err != nil {
			return rep, fmt.Errorf("%s: %w", st.name, err)
		}
	}
	loaded, peak := srv.rss()
	rep.add(Row{Name: "memory after the run (RSS)", Value: loaded, Unit: "MiB", Note: fmt.Sprintf("peak %.0f MiB", peak)})
	return rep, nil
}

// Binary returns the running troika executable, for the server process.
func Binary() string {
	exe, err := os.Executable()
	if err != nil || strings.HasSuffix(exe, ".test") {
		return "troika"
	}
	return exe
}
