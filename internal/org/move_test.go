package org_test

import (
	"strings"
	"testing"

	"troika/internal/fault"
	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestMoveRewritesSubtree(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		before := c.all(t)

		// brA1 (with its group) moves from genA (depth 2) to townB (depth 1):
		// one level up.
		moved, err := c.svc.Move(c.ctx, c.staff, c.brA1.ID, c.townB.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantBr := c.townB.Path + itoa(c.brA1.ID) + "/"
		if moved.Path != wantBr || moved.Depth != 2 || moved.ParentID != c.townB.ID {
			t.Fatalf("moved %+v, want path %s depth 2", moved, wantBr)
		}
		after := c.all(t)
		grp := after[c.grpA1.ID]
		if grp.Path != wantBr+itoa(c.grpA1.ID)+"/" || grp.Depth != 3 || grp.ParentID != c.brA1.ID {
			t.Fatalf("group after move %+v", grp)
		}
		for id, o := range before {
			if id == c.brA1.ID || id == c.grpA1.ID {
				continue
			}
			if a := after[id]; a.Path != o.Path || a.Depth != o.Depth || a.ParentID != o.ParentID {
				t.Errorf("%s changed: %s/%d → %s/%d", o.Name, o.Path, o.Depth, a.Path, a.Depth)
			}
		}
		if a := c.auditActions(t, c.brA1.ID); len(a) != 2 || a[1] != "org.move" {
			t.Fatalf("audit %v", a)
		}

		// genA (with brA2 under it) moves under townB too: same depth.
		if _, err := c.svc.Move(c.ctx, c.staff, c.genA.ID, c.townB.ID); err != nil {
			t.Fatal(err)
		}
		// tmpA moves down: from brA3 (depth 2) to brA2 (now depth 3).
		if _, err := c.svc.Move(c.ctx, c.staff, c.tmpA.ID, c.brA2.ID); err != nil {
			t.Fatal(err)
		}
		after = c.all(t)
		for _, w := range []struct {
			o     org.Org
			path  []int64
			depth int
		}{
			{c.genA, []int64{c.city.ID, c.townB.ID, c.genA.ID}, 2},
			{c.brA2, []int64{c.city.ID, c.townB.ID, c.genA.ID, c.brA2.ID}, 3},
			{c.tmpA, []int64{c.city.ID, c.townB.ID, c.genA.ID, c.brA2.ID, c.tmpA.ID}, 4},
			{c.brA3, []int64{c.city.ID, c.townA.ID, c.brA3.ID}, 2},
		} {
			var parts []string
			for _, id := range w.path {
				parts = append(parts, itoa(id))
			}
			want := "/" + strings.Join(parts, "/") + "/"
			if got := after[w.o.ID]; got.Path != want || got.Depth != w.depth {
				t.Errorf("%s at %s/%d, want %s/%d", w.o.Name, got.Path, got.Depth, want, w.depth)
			}
		}
		// Every row agrees with its parent.
		for _, o := range after {
			if o.ParentID == 0 {
				continue
			}
			p := after[o.ParentID]
			if o.Path != p.Path+itoa(o.ID)+"/" || o.Depth != p.Depth+1 {
				t.Errorf("%s (%s, %d) does not follow its parent %s (%s, %d)", o.Name, o.Path, o.Depth, p.Name, p.Path, p.Depth)
			}
		}
	})
}

func TestMoveRefusals(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		before := c.all(t)
		for _, m := range []struct {
			name   string
			id, to int64
			field  string
			code   fault.Code
		}{
			{name: "into itself", id: c.genA.ID, to: c.genA.ID, field: "parent_id"},
			{name: "into own child", id: c.genA.ID, to: c.brA1.ID, field: "parent_id"},
			{name: "into own grandchild", id: c.townA.ID, to: c.brA1.ID, field: "parent_id"},
			{name: "same parent", id: c.brA1.ID, to: c.genA.ID, field: "parent_id"},
			{name: "kind does not fit", id: c.brA1.ID, to: c.brA3.ID, field: "kind"},
			{name: "missing parent", id: c.brA1.ID, to: 99999, field: "parent_id"},
			{name: "the root", id: c.city.ID, to: c.townA.ID, code: fault.Forbidden},
			{name: "missing org", id: 99999, to: c.townA.ID, code: fault.NotFound},
		} {
			_, err := c.svc.Move(c.ctx, c.staff, m.id, m.to)
			if m.field != "" {
				wantField(t, err, m.field)
			} else {
				wantCode(t, err, m.code)
			}
		}
		// A township cannot move itself, the top of its scope.
		_, err := c.svc.Move(c.ctx, c.pa, c.townA.ID, c.townB.ID)
		wantCode(t, err, fault.Forbidden)
		// Nor move under a dissolved organization.
		if err := c.svc.Dissolve(c.ctx, c.staff, c.genB.ID, "2024-01-01", "合并"); err != nil {
			t.Fatal(err)
		}
		_, err = c.svc.Move(c.ctx, c.staff, c.brA1.ID, c.genB.ID)
		wantField(t, err, "parent_id")

		after := c.all(t)
		for id, o := range before {
			if a := after[id]; a.Path != o.Path || a.Depth != o.Depth || a.ParentID != o.ParentID {
				t.Errorf("refused moves changed %s", o.Name)
			}
		}
	})
}
