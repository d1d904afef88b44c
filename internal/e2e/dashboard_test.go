package e2e

import (
	"strconv"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// The home page shows the viewer's scope: key figures with their change
// against the previous period, each linking to its records, and the
// distributions as SVG.
func TestDashboard(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		referenceData(t, e)
		staff := e.Login(t, testapp.Staff)
		home := staff.Page("/?period=2022")
		if home.Status != 200 {
			t.Fatalf("home: %d", home.Status)
		}
		root := strconv.FormatInt(e.City.Root.ID, 10)
		for _, want := range []string{
			`href="/indicators/org.total?period=2022&amp;org=` + root + `"`,
			"较上期", "<svg", "党组织 · 按类别", "2022年（对比 2021年）",
		} {
			if !strings.Contains(home.Body, want) {
				t.Errorf("home lacks %q", want)
			}
		}
		api := staff.API("GET", "/api/v1/dashboard?period=2022", nil)
		// 6 fixture organizations + 8 of the reference data, 7 of them
		// founded before 2022 or undated: +7 against 2021 (the 2021 one
		// counts in both).
		if api.Status != 200 || !strings.Contains(api.Body, `"key":"org.total"`) || !strings.Contains(api.Body, `"text":"14"`) || !strings.Contains(api.Body, `"delta":"+7"`) {
			t.Errorf("dashboard API: %d %s", api.Status, api.Body)
		}
		a := e.Login(t, testapp.TownA).API("GET", "/api/v1/dashboard?period=2022", nil)
		if !strings.Contains(a.Body, `"text":"7"`) || strings.Contains(a.Body, e.City.TownB.Name) {
			t.Errorf("town A dashboard: %s", a.Body)
		}
		if r := e.Login(t, testapp.TownA).API("GET", "/api/v1/dashboard?org="+strconv.FormatInt(e.City.TownB.ID, 10), nil); r.Status != 404 {
			t.Errorf("town A reads town B's dashboard: %d", r.Status)
		}
		if r := e.Login(t, testapp.Member).Page("/"); r.Status != 200 || strings.Contains(r.Body, "<svg") {
			t.Errorf("member home: %d", r.Status)
		}
	})
}
