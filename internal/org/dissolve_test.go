package org_test

import (
	"testing"

	"troika/internal/fault"
	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestDissolve(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		total := len(c.all(t))

		wantField(t, c.svc.Dissolve(c.ctx, c.staff, c.grpA1.ID, "2024-05-01", "  "), "reason")
		wantField(t, c.svc.Dissolve(c.ctx, c.staff, c.grpA1.ID, "2024/05/01", "合并"), "dissolved_on")
		wantField(t, c.svc.Dissolve(c.ctx, c.staff, c.grpA1.ID, "2099-01-01", "合并"), "dissolved_on")
		// A branch with a live group under it cannot go first.
		wantCode(t, c.svc.Dissolve(c.ctx, c.staff, c.brA1.ID, "2024-05-01", "合并"), fault.Conflict)
		// The root, and a township's own top, cannot be dissolved.
		wantCode(t, c.svc.Dissolve(c.ctx, c.staff, c.city.ID, "2024-05-01", "x"), fault.Forbidden)
		wantCode(t, c.svc.Dissolve(c.ctx, c.pa, c.townA.ID, "2024-05-01", "x"), fault.Forbidden)
		wantCode(t, c.svc.Dissolve(c.ctx, c.staff, 99999, "2024-05-01", "x"), fault.NotFound)

		if err := c.svc.Dissolve(c.ctx, c.pa, c.grpA1.ID, " 2024-05-01 ", " 并入第二党小组 "); err != nil {
			t.Fatal(err)
		}
		g := c.get(t, c.grpA1.ID)
		if !g.Dissolved || g.DissolvedOn != "2024-05-01" || g.DissolveReason != "并入第二党小组" || !g.UpdatedAt.Equal(c.now) {
			t.Fatalf("dissolved group %+v", g)
		}
		if a := c.auditActions(t, c.grpA1.ID); len(a) != 2 || a[1] != "org.dissolve" {
			t.Fatalf("audit %v", a)
		}
		// Now the branch can go, and nothing is ever deleted.
		if err := c.svc.Dissolve(c.ctx, c.pa, c.brA1.ID, "2024-05-02", "合并"); err != nil {
			t.Fatal(err)
		}
		if n := len(c.all(t)); n != total {
			t.Fatalf("%d rows after dissolving, want %d", n, total)
		}
		live, n, err := c.svc.List(c.ctx, c.staff, org.Filter{Limit: 100})
		if err != nil || n != total-2 || len(live) != total-2 {
			t.Fatalf("live list %d/%d, %v", len(live), n, err)
		}
		for _, o := range live {
			if o.Dissolved {
				t.Fatalf("dissolved %s listed", o.Name)
			}
		}

		// A dissolved organization is read-only and takes no new children.
		wantCode(t, c.svc.Dissolve(c.ctx, c.staff, c.grpA1.ID, "2024-05-01", "again"), fault.Conflict)
		_, err = c.svc.Update(c.ctx, c.staff, c.brA1.ID, org.Input{Name: "x", Code: c.brA1.Code, Kind: org.KindBranch, Domain: org.DomainRural})
		wantCode(t, err, fault.Conflict)
		_, err = c.svc.Create(c.ctx, c.staff, org.Input{ParentID: c.brA1.ID, Name: "新党小组", Code: "NEW", Kind: org.KindGroup, Domain: org.DomainRural})
		wantField(t, err, "parent_id")
	})
}
