package member_test

import (
	"context"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/member"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
)

// fixture is a city with two townships:
//
//	city
//	├── townA → brA1 (branch), brA2 (branch)
//	└── townB → brB1 (branch)
type fixture struct {
	db                      *store.DB
	svc                     *member.Service
	keys                    *personal.Keyring
	ctx                     context.Context
	staff, pa, pb, secA1    *access.Principal
	city, townA, brA1, brA2 org.Org
	townB, brB1             org.Org
	now                     time.Time
}

var testKey = []byte("member-test-key-0123456789abcdef")

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	keys, err := personal.NewKeyring(testKey)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, keys: keys, ctx: audit.WithActor(context.Background(), audit.Actor{ID: 1, Name: "tester"}),
		now: time.Date(2025, 6, 2, 4, 0, 0, 0, time.UTC)}
	orgs := org.NewService(db)
	f.city, err = orgs.CreateRoot(f.ctx, org.Input{Name: "测试市委", Code: "CITY", Kind: org.KindCommittee, Domain: org.DomainMixed})
	if err != nil {
		t.Fatal(err)
	}
	f.staff = &access.Principal{UserID: 1, Role: access.RoleStaff, OrgID: f.city.ID, OrgPath: f.city.Path}
	mk := func(parent org.Org, name, code string, k org.Kind) org.Org {
		t.Helper()
		o, err := orgs.Create(f.ctx, f.staff, org.Input{ParentID: parent.ID, Name: name, Code: code, Kind: k, Domain: org.DomainRural})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	f.townA = mk(f.city, "甲镇党委", "TA", org.KindCommittee)
	f.brA1 = mk(f.townA, "甲镇东风村党支部", "TA01", org.KindBranch)
	f.brA2 = mk(f.townA, "甲镇红旗村党支部", "TA02", org.KindBranch)
	f.townB = mk(f.city, "乙镇党委", "TB", org.KindCommittee)
	f.brB1 = mk(f.townB, "乙镇西岭村党支部", "TB01", org.KindBranch)
	acc := access.New(db, access.DefaultPolicy)
	u, _, err := acc.CreateUser(f.ctx, access.NewUser{Username: "towna", DisplayName: "甲镇", OrgID: f.townA.ID, Role: access.RoleCommittee,
		Password: "Troika#2022", Ready: true})
	if err != nil {
		t.Fatal(err)
	}
	f.pa = &access.Principal{UserID: u.ID, Role: access.RoleCommittee, OrgID: f.townA.ID, OrgPath: f.townA.Path}
	f.pb = &access.Principal{UserID: 3, Role: access.RoleCommittee, OrgID: f.townB.ID, OrgPath: f.townB.Path}
	f.secA1 = &access.Principal{UserID: 4, Role: access.RoleSecretary, OrgID: f.brA1.ID, OrgPath: f.brA1.Path}
	f.svc = member.NewService(db, keys)
	f.svc.Now = func() time.Time { return f.now }
	return f
}

// input is a valid member of brA1 born on birth (YYYYMMDD).
func (f *fixture) input(name, birth string, n int, male bool) member.Input {
	return member.Input{OrgID: f.brA1.ID, Name: name, Ethnicity: "朝鲜族",
		IDNumber: member.MakeID("222405", birth, n, male), Phone: "13843312345",
		Education: "大学本科", JoinedOn: "2010-07-01", FullOn: "2011-07-01", Category: member.Full}
}

func (f *fixture) create(t *testing.T, p *access.Principal, in member.Input) member.Member {
	t.Helper()
	m, err := f.svc.Create(f.ctx, p, in)
	if err != nil {
		t.Fatalf("create %s: %v", in.Name, err)
	}
	return m
}

func count(t *testing.T, db store.Querier, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func ctxFor(p *access.Principal) context.Context {
	return audit.WithActor(access.WithPrincipal(context.Background(), p), audit.Actor{ID: p.UserID, Name: "importer"})
}
