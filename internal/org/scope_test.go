package org_test

import (
	"strings"
	"testing"

	"troika/internal/fault"
	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/testenv"
)

// A township sees and touches only its own subtree: the other township's
// organizations, and the city above it, do not exist for it.
func TestScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		outside := []org.Org{c.city, c.townB, c.brB1, c.genB}
		before := c.all(t)

		for _, o := range outside {
			_, err := c.svc.Get(c.ctx, c.pa, o.ID)
			wantCode(t, err, fault.NotFound)
			_, err = c.svc.Update(c.ctx, c.pa, o.ID, org.Input{Name: "改名", Code: o.Code, Kind: o.Kind, Domain: o.Domain})
			wantCode(t, err, fault.NotFound)
			_, err = c.svc.Move(c.ctx, c.pa, o.ID, c.townA.ID)
			wantCode(t, err, fault.NotFound)
			wantCode(t, c.svc.Dissolve(c.ctx, c.pa, o.ID, "2024-01-01", "x"), fault.NotFound)
			_, err = c.svc.Subtree(c.ctx, c.pa, o.ID, true)
			wantCode(t, err, fault.NotFound)
			_, err = c.svc.Tree(c.ctx, c.pa, o.ID, 5)
			wantCode(t, err, fault.NotFound)
			_, err = c.svc.ByCode(c.ctx, c.pa.OrgPath, o.Code)
			wantCode(t, err, fault.NotFound)
			// Creating under it is refused as an unknown parent.
			_, err = c.svc.Create(c.ctx, c.pa, org.Input{ParentID: o.ID, Name: "渗透支部", Code: "X" + o.Code, Kind: org.KindBranch, Domain: org.DomainRural})
			wantField(t, err, "parent_id")
		}
		// Its own organizations cannot be moved out of its subtree.
		_, err := c.svc.Move(c.ctx, c.pa, c.brA3.ID, c.townB.ID)
		wantField(t, err, "parent_id")
		if err != nil && strings.Contains(err.Error(), c.townB.Name) {
			t.Fatalf("the refusal names the other township: %v", err)
		}
		after := c.all(t)
		for id, o := range before {
			a := after[id]
			if a.Name != o.Name || a.Path != o.Path || a.Dissolved != o.Dissolved {
				t.Errorf("%s changed through another township's principal", o.Name)
			}
		}

		inA := func(list []org.Org) {
			t.Helper()
			for _, o := range list {
				if !strings.HasPrefix(o.Path, c.townA.Path) {
					t.Errorf("township A sees %s (%s)", o.Name, o.Path)
				}
			}
		}
		list, total, err := c.svc.List(c.ctx, c.pa, org.Filter{IncludeDissolved: true, Limit: 100})
		if err != nil || total != 7 || len(list) != 7 {
			t.Fatalf("List A: %d/%d %v", len(list), total, err)
		}
		inA(list)
		for _, f := range []org.Filter{{Q: "西岭"}, {Q: "TB"}, {Under: c.townB.ID}, {Under: c.city.ID}, {Kind: org.KindBranch}, {Domain: org.DomainRural}} {
			list, _, err := c.svc.List(c.ctx, c.pa, f)
			if err != nil {
				t.Fatal(err)
			}
			inA(list)
		}
		if list, total, _ := c.svc.List(c.ctx, c.pa, org.Filter{Under: c.townB.ID}); total != 0 || len(list) != 0 {
			t.Fatalf("Under B as A: %s", names(list))
		}
		sub, err := c.svc.Subtree(c.ctx, c.pa, c.townA.ID, true)
		if err != nil || len(sub) != 7 {
			t.Fatalf("Subtree A: %d %v", len(sub), err)
		}
		inA(sub)
		tally, err := c.svc.Tally(c.ctx, c.pa)
		if err != nil || tally.Total != 7 {
			t.Fatalf("Tally A: %+v %v", tally, err)
		}
		anc, err := c.svc.Ancestors(c.ctx, c.pa, c.grpA1)
		if err != nil || names(anc) != "东风镇党委,东风社区党总支,东风社区第一党支部" {
			t.Fatalf("Ancestors in A: %q %v", names(anc), err)
		}
		anc, err = c.svc.Ancestors(c.ctx, c.staff, c.grpA1)
		if err != nil || names(anc) != "东风市委,东风镇党委,东风社区党总支,东风社区第一党支部" {
			t.Fatalf("Ancestors in city: %q %v", names(anc), err)
		}

		// Township B sees its own 3 and nothing of A.
		list, total, _ = c.svc.List(c.ctx, c.pb, org.Filter{Limit: 100})
		if total != 3 || names(list) != "西岭镇党委,西岭村党支部,西岭社区党总支" {
			t.Fatalf("List B: %d %s", total, names(list))
		}
		if o, err := c.svc.ByCode(c.ctx, c.pb.OrgPath, "TB01"); err != nil || o.ID != c.brB1.ID {
			t.Fatalf("ByCode in B: %+v %v", o, err)
		}
	})
}
