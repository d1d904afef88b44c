package grid_test

import (
	"testing"

	"troika/internal/grid"
	"troika/internal/indicator"
	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/testenv"
)

// Residents carry a copy of their grid's organization path for scoped
// counts: a move of the organization, or of the resident to another
// grid, must carry the figures along.
func TestResidentsFollowTheirOrganization(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		gA := f.grid(t, f.pa, f.villA, "A1")
		gB := f.grid(t, f.pb, f.villB, "B1")
		r := f.resident(t, f.pa, gA, "001", "金明哲", "19850312", 1, true)
		counts := func() (a, b int64) {
			t.Helper()
			for i, o := range []org.Org{f.townA, f.townB} {
				s, err := indicator.ScopeOf(f.ctx, db, f.staff, o.ID)
				if err != nil {
					t.Fatal(err)
				}
				v, err := indicator.Compute(f.ctx, db, "gov.residents", s, indicator.Year(2022))
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					a = v.N
				} else {
					b = v.N
				}
			}
			return a, b
		}
		if a, b := counts(); a != 1 || b != 0 {
			t.Fatalf("before: town A %d, town B %d", a, b)
		}
		if _, err := org.NewService(db).Move(f.ctx, f.staff, f.villA.ID, f.townB.ID); err != nil {
			t.Fatal(err)
		}
		if a, b := counts(); a != 0 || b != 1 {
			t.Fatalf("after the village moved: town A %d, town B %d", a, b)
		}
		if _, err := org.NewService(db).Move(f.ctx, f.staff, f.villA.ID, f.townA.ID); err != nil {
			t.Fatal(err)
		}
		if a, b := counts(); a != 1 || b != 0 {
			t.Fatalf("after the village moved back: town A %d, town B %d", a, b)
		}
		if _, err := f.svc.UpdateResident(f.ctx, f.staff, r.ID, grid.ResidentInput{GridID: gB.ID, Household: "009",
			Address: "西岭村9号", Name: "金明哲", MovedIn: "2020-05-01"}); err != nil {
			t.Fatal(err)
		}
		if a, b := counts(); a != 0 || b != 1 {
			t.Fatalf("after the resident moved to town B's grid: town A %d, town B %d", a, b)
		}
	})
}
