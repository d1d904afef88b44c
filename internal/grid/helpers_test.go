package grid_test

import (
	"context"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/grid"
	"troika/internal/member"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
)

// fixture is a city with two townships:
//
//	city
//	├── townA → commA (community branch → group), villA (village branch)
//	└── townB → villB (village branch)
//
// with a grid worker account bound to commA.
type fixture struct {
	db                        *store.DB
	svc                       *grid.Service
	ctx                       context.Context
	staff, pa, pb, worker     *access.Principal
	city, townA, commA, villA org.Org
	groupA, townB, villB      org.Org
	now                       time.Time
}

var testKey = []byte("grid-test-key-0123456789abcdefgh")

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	keys, err := personal.NewKeyring(testKey)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, ctx: audit.WithActor(context.Background(), audit.Actor{ID: 1, Name: "tester"}),
		now: time.Date(2023, 3, 2, 4, 0, 0, 0, time.UTC)}
	orgs := org.NewService(db)
	f.city, err = orgs.CreateRoot(f.ctx, org.Input{Name: "测试市委", Code: "CITY", Kind: org.KindCommittee, Domain: org.DomainMixed})
	if err != nil {
		t.Fatal(err)
	}
	f.staff = &access.Principal{UserID: 1, Role: access.RoleStaff, OrgID: f.city.ID, OrgPath: f.city.Path}
	mk := func(parent org.Org, name, code string, k org.Kind, d org.Domain) org.Org {
		t.Helper()
		o, err := orgs.Create(f.ctx, f.staff, org.Input{ParentID: parent.ID, Name: name, Code: code, Kind: k, Domain: d})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	f.townA = mk(f.city, "甲街道党工委", "TA", org.KindWorking, org.DomainMixed)
	f.commA = mk(f.townA, "春华社区党支部", "TA01", org.KindBranch, org.DomainCommunity)
	f.groupA = mk(f.commA, "第一党小组", "TA0101", org.KindGroup, org.DomainCommunity)
	f.villA = mk(f.townA, "东风村党支部", "TA02", org.KindBranch, org.DomainRural)
	f.townB = mk(f.city, "乙镇党委", "TB", org.KindCommittee, org.DomainMixed)
	f.villB = mk(f.townB, "西岭村党支部", "TB01", org.KindBranch, org.DomainRural)
	acc := access.New(db, access.DefaultPolicy)
	user := func(name string, role access.Role, o org.Org) int64 {
		t.Helper()
		u, _, err := acc.CreateUser(f.ctx, access.NewUser{Username: name, DisplayName: name, OrgID: o.ID, Role: role, Password: "Troika#2022", Ready: true})
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	f.staff.UserID = user("staff", access.RoleStaff, f.city)
	paID := user("towna", access.RoleCommittee, f.townA)
	pbID := user("townb", access.RoleCommittee, f.townB)
	u, _, err := acc.CreateUser(f.ctx, access.NewUser{Username: "wanggrid", DisplayName: "王网格", OrgID: f.commA.ID, Role: access.RoleGrid,
		Password: "Troika#2022", Ready: true})
	if err != nil {
		t.Fatal(err)
	}
	f.worker = &access.Principal{UserID: u.ID, Role: access.RoleGrid, OrgID: f.commA.ID, OrgPath: f.commA.Path}
	f.pa = &access.Principal{UserID: paID, Role: access.RoleCommittee, OrgID: f.townA.ID, OrgPath: f.townA.Path}
	f.pb = &access.Principal{UserID: pbID, Role: access.RoleCommittee, OrgID: f.townB.ID, OrgPath: f.townB.Path}
	f.svc = grid.NewService(db, keys)
	f.svc.Now = func() time.Time { return f.now }
	return f
}

func (f *fixture) grid(t testing.TB, p *access.Principal, o org.Org, code string) grid.Grid {
	t.Helper()
	g, err := f.svc.CreateGrid(f.ctx, p, grid.GridInput{OrgID: o.ID, Code: code, Name: code + "网格", Households: 50})
	if err != nil {
		t.Fatalf("grid %s: %v", code, err)
	}
	return g
}

func (f *fixture) resident(t testing.TB, p *access.Principal, g grid.Grid, hh, name, birth string, n int, male bool) grid.Resident {
	t.Helper()
	r, err := f.svc.CreateResident(f.ctx, p, grid.ResidentInput{GridID: g.ID, Household: hh, Address: g.Name + hh + "号", Name: name,
		IDNumber: member.MakeID("222401", birth, n, male), Phone: "13843312345", MovedIn: "2020-05-01"})
	if err != nil {
		t.Fatalf("resident %s: %v", name, err)
	}
	return r
}

func count(t testing.TB, db store.Querier, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
