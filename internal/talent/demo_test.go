package talent_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"troika/internal/app"
	"troika/internal/demo"
	"troika/internal/indicator"
	"troika/internal/personal"
	"troika/internal/talent"
	"troika/internal/testenv"
)

// The demo city's talent records give the seed's figures of 2022.
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
	city, err := demo.Generate(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	s := indicator.Scope{OrgID: city.Root.ID, Path: city.Root.Path, Name: city.Root.Name}
	y := indicator.Year(2022)
	for key, want := range map[string]int64{talent.KeyOrderCategories: 5, talent.KeyOrderPositions: 9, talent.KeyRent: 16_450_000,
		talent.KeyReading: 57, talent.KeyStations: 82, talent.KeySolved: 35, talent.KeyLeads: 156, talent.KeyReservePool: 122, talent.KeyFeatured: 8} {
		v, err := indicator.Compute(ctx, db, key, s, y)
		if err != nil || v.N != want {
			t.Errorf("%s = %+v (%v), want %d", key, v, err, want)
		}
	}
	v, err := indicator.Compute(ctx, db, talent.KeyPlays, s, y)
	if err != nil || indicator.About(v.N) != "2000余" {
		t.Errorf("plays %+v (%v), want 2000余", v, err)
	}
	// A township sees only its own share.
	town := city.Towns[0]
	v, err = indicator.Compute(ctx, db, talent.KeyStations, indicator.Scope{OrgID: town.ID, Path: town.Path}, y)
	if err != nil || v.N == 0 || v.N >= 82 {
		t.Errorf("stations of %s: %+v (%v)", town.Name, v, err)
	}
}
