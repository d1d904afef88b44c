package member_test

import (
	"testing"

	"troika/internal/fault"
	"troika/internal/indicator"
	"troika/internal/member"
	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/testenv"
)

// Members carry a copy of their organization's path for scoped counts;
// moving a branch to another township must carry its members along in
// lists, reads and figures.
func TestMembersFollowTheirBranchAcrossAMove(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		m := f.create(t, f.pa, f.input("金明哲", "19850312", 1, true))
		total := func(o org.Org) int64 {
			t.Helper()
			s, err := indicator.ScopeOf(f.ctx, db, f.staff, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			v, err := indicator.Compute(f.ctx, db, "member.total", s, indicator.Year(2025))
			if err != nil {
				t.Fatal(err)
			}
			return v.N
		}
		if a, b := total(f.townA), total(f.townB); a != 1 || b != 0 {
			t.Fatalf("before the move: town A %d, town B %d", a, b)
		}
		if _, err := org.NewService(db).Move(f.ctx, f.staff, f.brA1.ID, f.townB.ID); err != nil {
			t.Fatal(err)
		}
		if a, b := total(f.townA), total(f.townB); a != 0 || b != 1 {
			t.Fatalf("after the move: town A %d, town B %d", a, b)
		}
		if _, err := f.svc.Get(f.ctx, f.pb, m.ID); err != nil {
			t.Fatalf("town B cannot read the moved branch's member: %v", err)
		}
		if _, err := f.svc.Get(f.ctx, f.pa, m.ID); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("town A still reads the moved branch's member: %v", err)
		}
		list, n, err := f.svc.List(f.ctx, f.pb, member.Filter{Q: "明哲"})
		if err != nil || n != 1 || len(list) != 1 || list[0].ID != m.ID {
			t.Fatalf("town B's roster: %d %+v %v", n, list, err)
		}
		if _, n, _ := f.svc.List(f.ctx, f.pa, member.Filter{}); n != 0 {
			t.Fatalf("town A's roster still lists %d", n)
		}
	})
}
