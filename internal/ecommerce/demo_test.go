package ecommerce_test

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

func TestMain(m *testing.M) { testenv.Main(m) }

// The demo city's service ledgers give the seed's figures of 2022: 10
// menus and 18 items on offer, 7 warm stations, 50余 enterprises, 200余
// products and 4000余万元 of sales; dozens of projects and hundreds of
// wishes, most claimed.
func TestDemoFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the whole demo city")
	}
	db := testenv.SQLite(t)
	keys, _ := personal.NewKeyring([]byte("troika-test-key-0123456789abcdef"))
	a, err := app.New(db, app.Config{Addr: "127.0.0.1:0", Keys: keys, DataDir: t.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	city, err := demo.Generate(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("demo city in %v", time.Since(start))
	s := indicator.Scope{OrgID: city.Root.ID, Path: city.Root.Path, Name: city.Root.Name}
	y := indicator.Year(2022)
	get := func(key string) int64 {
		v, err := indicator.Compute(ctx, db, key, s, y)
		if err != nil || v.NoData {
			t.Fatalf("%s: %+v %v", key, v, err)
		}
		return v.N
	}
	for key, want := range map[string]int64{"twonew.menus": 10, "twonew.service_items": 18, "twonew.warm_stations": 7,
		"ecommerce.enterprises": 57, "ecommerce.products": 213} {
		if got := get(key); got != want {
			t.Errorf("%s = %d, want %d", key, got, want)
		}
	}
	if got := indicator.About(get("ecommerce.sales") / 1_000_000); got != "4000余" {
		t.Errorf("sales %s万元, want 4000余", got)
	}
	if n := get("service.projects"); n < 24 || n > 60 {
		t.Errorf("projects %d, want dozens", n)
	}
	sub, claimed, done := get("service.wishes_submitted"), get("service.wishes_claimed"), get("service.wishes_fulfilled")
	if sub < 200 || claimed*10 < sub*8 || done > claimed || done*10 < claimed*8 {
		t.Errorf("wishes submitted %d, claimed %d, fulfilled %d", sub, claimed, done)
	}
	t.Logf("projects %d; wishes submitted %d, claimed %d, fulfilled %d", get("service.projects"), sub, claimed, done)
}
