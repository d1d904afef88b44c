package org_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/org"
	"troika/internal/store"
)

// city is a small tree:
//
//	city 东风市委 (committee)
//	├── townA 东风镇党委 (committee)
//	│   ├── genA 东风社区党总支 (general)
//	│   │   ├── brA1 东风社区第一党支部 (branch, sort 2)
//	│   │   │   └── grpA1 第一党小组 (group)
//	│   │   └── brA2 东风社区第二党支部 (branch, sort 1)
//	│   └── brA3 东风村党支部 (branch)
//	│       └── tmpA 东风村临时党支部 (temp)
//	└── townB 西岭镇党委 (committee)
//	    ├── brB1 西岭村党支部 (branch)
//	    └── genB 西岭社区党总支 (general)
type city struct {
	db    *store.DB
	svc   *org.Service
	ctx   context.Context
	now   time.Time
	staff *access.Principal // whole city
	pa    *access.Principal // township A
	pb    *access.Principal // township B

	city, townA, genA, brA1, grpA1, brA2, brA3, tmpA, townB, brB1, genB org.Org
}

func newCity(t *testing.T, db *store.DB) *city {
	t.Helper()
	c := &city{db: db, ctx: context.Background(), now: time.Date(2025, 6, 2, 4, 0, 0, 0, time.UTC)}
	c.svc = org.NewService(db)
	c.svc.Now = func() time.Time { return c.now }
	var err error
	c.city, err = c.svc.CreateRoot(c.ctx, org.Input{Name: "东风市委", Code: "CITY", Kind: org.KindCommittee, Domain: org.DomainMixed})
	if err != nil {
		t.Fatal(err)
	}
	c.staff = principal(c.city)
	mk := func(parent org.Org, name, code string, k org.Kind, d org.Domain, sort int) org.Org {
		t.Helper()
		o, err := c.svc.Create(c.ctx, c.staff, org.Input{ParentID: parent.ID, Name: name, Code: code, Kind: k, Domain: d,
			Secretary: "书记" + code, FoundedOn: "2001-07-01", Sort: sort})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		return o
	}
	c.townA = mk(c.city, "东风镇党委", "TA", org.KindCommittee, org.DomainMixed, 0)
	c.genA = mk(c.townA, "东风社区党总支", "TA01", org.KindGeneral, org.DomainCommunity, 0)
	c.brA1 = mk(c.genA, "东风社区第一党支部", "TA0101", org.KindBranch, org.DomainCommunity, 2)
	c.grpA1 = mk(c.brA1, "第一党小组", "TA010101", org.KindGroup, org.DomainCommunity, 0)
	c.brA2 = mk(c.genA, "东风社区第二党支部", "TA0102", org.KindBranch, org.DomainCommunity, 1)
	c.brA3 = mk(c.townA, "东风村党支部", "TA02", org.KindBranch, org.DomainRural, 0)
	c.tmpA = mk(c.brA3, "东风村临时党支部", "TA0201", org.KindTemp, org.DomainRural, 0)
	c.townB = mk(c.city, "西岭镇党委", "TB", org.KindCommittee, org.DomainMixed, 0)
	c.brB1 = mk(c.townB, "西岭村党支部", "TB01", org.KindBranch, org.DomainRural, 0)
	c.genB = mk(c.townB, "西岭社区党总支", "TB02", org.KindGeneral, org.DomainCommunity, 0)
	c.pa = principal(c.townA)
	c.pb = principal(c.townB)
	return c
}

func principal(o org.Org) *access.Principal {
	return &access.Principal{UserID: 100 + o.ID, Username: "u" + o.Code, Role: access.RoleCommittee, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}
}

// all returns every organization row, by id, dissolved or not.
func (c *city) all(t *testing.T) map[int64]org.Org {
	t.Helper()
	list, _, err := c.svc.List(c.ctx, c.staff, org.Filter{IncludeDissolved: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]org.Org{}
	for _, o := range list {
		out[o.ID] = o
	}
	return out
}

func (c *city) get(t *testing.T, id int64) org.Org {
	t.Helper()
	o, err := c.svc.Get(c.ctx, c.staff, id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (c *city) auditActions(t *testing.T, objectID int64) []string {
	t.Helper()
	rows, err := c.db.QueryContext(c.ctx, `SELECT action FROM audit_log WHERE object_type = 'org' AND object_id = ? ORDER BY id`, itoa(objectID))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func names(list []org.Org) string {
	var out []string
	for _, o := range list {
		out = append(out, o.Name)
	}
	return strings.Join(out, ",")
}

func wantCode(t *testing.T, err error, code fault.Code) {
	t.Helper()
	if got := fault.CodeOf(err); err == nil || got != code {
		t.Fatalf("got %v (%s), want %s", err, got, code)
	}
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	fe, ok := fault.As(err)
	if !ok || fe.Code != fault.Invalid {
		t.Fatalf("got %v, want an invalid-field error on %s", err, field)
	}
	for _, f := range fe.Fields {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("got field errors %+v, want one on %s", fe.Fields, field)
}
