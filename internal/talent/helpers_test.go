package talent_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/idcard"
	"troika/internal/indicator"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
	"troika/internal/talent"
)

// city is a small tree:
//
//	city 东风市委
//	├── townA 东风镇党委 ── brA 明东村党支部
//	└── townB 西岭镇党委 ── brB 西岭村党支部
type city struct {
	db                      *store.DB
	svc                     *talent.Service
	ctx                     context.Context
	keys                    *personal.Keyring
	staff, pa, pb           *access.Principal
	root, townA, brA, townB org.Org
	brB                     org.Org
}

func newCity(t *testing.T, db *store.DB) *city {
	t.Helper()
	keys, err := personal.NewKeyring([]byte("troika-test-key-0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	c := &city{db: db, ctx: context.Background(), keys: keys}
	orgs := org.NewService(db)
	c.svc = talent.NewService(db, keys)
	c.svc.Now = func() time.Time { return time.Date(2023, 3, 1, 2, 0, 0, 0, time.UTC) }
	if c.root, err = orgs.CreateRoot(c.ctx, org.Input{Name: "东风市委", Code: "CITY", Kind: org.KindCommittee, Domain: org.DomainMixed}); err != nil {
		t.Fatal(err)
	}
	c.staff = principal(c.root, access.RoleStaff)
	mk := func(parent org.Org, name, code string, k org.Kind, d org.Domain) org.Org {
		t.Helper()
		o, err := orgs.Create(c.ctx, c.staff, org.Input{ParentID: parent.ID, Name: name, Code: code, Kind: k, Domain: d, FoundedOn: "2001-07-01"})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	c.townA = mk(c.root, "东风镇党委", "TA", org.KindCommittee, org.DomainMixed)
	c.brA = mk(c.townA, "明东村党支部", "TA01", org.KindBranch, org.DomainRural)
	c.townB = mk(c.root, "西岭镇党委", "TB", org.KindCommittee, org.DomainMixed)
	c.brB = mk(c.townB, "西岭村党支部", "TB01", org.KindBranch, org.DomainRural)
	c.pa, c.pb = principal(c.townA, access.RoleCommittee), principal(c.townB, access.RoleCommittee)
	return c
}

func principal(o org.Org, r access.Role) *access.Principal {
	return &access.Principal{UserID: 100 + o.ID, Username: "u" + o.Code, DisplayName: "测试" + o.Code, Role: r, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}
}

// add creates a record through the service and fails the test on error.
func (c *city) add(t *testing.T, p *access.Principal, l *talent.Ledger, orgID int64, kv ...string) talent.Record {
	t.Helper()
	in := talent.Input{OrgID: orgID, Values: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		in.Values[kv[i]] = kv[i+1]
	}
	r, err := c.svc.Create(c.ctx, p, l, in)
	if err != nil {
		t.Fatalf("create %s %v: %v", l.Slug, kv, err)
	}
	return r
}

// idNumber makes a valid identity number born on birth.
func idNumber(birth string, n int) string {
	first := fmt.Sprintf("222401%s%03d", birth, n)
	return first + string(idcard.CheckDigit(first))
}

func id(r talent.Record) string { return strconv.FormatInt(r.ID, 10) }

func (c *city) figure(t *testing.T, key string, o org.Org, p indicator.Period) indicator.Value {
	t.Helper()
	v, err := indicator.Compute(c.ctx, c.db, key, indicator.Scope{OrgID: o.ID, Path: o.Path, Name: o.Name}, p)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (c *city) audits(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := c.db.QueryRowContext(c.ctx, `SELECT COUNT(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
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
			if f.Label == "" || f.Message == "" {
				t.Errorf("field error on %s without label or message: %+v", field, f)
			}
			return
		}
	}
	t.Fatalf("got field errors %+v, want one on %s", fe.Fields, field)
}
