package frontline_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/frontline"
	"troika/internal/idcard"
	"troika/internal/indicator"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
)

// city is a small tree with a member roll:
//
//	city 东风市委
//	├── townA 东风镇党委 ── brA 春华社区党支部 (members mA1, mA2)
//	└── townB 西岭镇党委 ── brB 西岭村党支部 (member mB1)
type city struct {
	db                      *store.DB
	svc                     *frontline.Service
	ctx                     context.Context
	now                     time.Time
	keys                    *personal.Keyring
	staff, pa, pb           *access.Principal
	root, townA, brA, townB org.Org
	brB                     org.Org
	mA1, mA2, mB1           int64
	idA1, idA2, idB1        string
}

func newCity(t *testing.T, db *store.DB) *city {
	t.Helper()
	keys, err := personal.NewKeyring([]byte("troika-test-key-0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	c := &city{db: db, ctx: context.Background(), now: time.Date(2023, 3, 1, 2, 0, 0, 0, time.UTC), keys: keys}
	orgs := org.NewService(db)
	c.svc = frontline.NewService(db, orgs, keys)
	c.svc.Now = func() time.Time { return c.now }
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
	c.brA = mk(c.townA, "春华社区党支部", "TA01", org.KindBranch, org.DomainCommunity)
	c.townB = mk(c.root, "西岭镇党委", "TB", org.KindCommittee, org.DomainMixed)
	c.brB = mk(c.townB, "西岭村党支部", "TB01", org.KindBranch, org.DomainRural)
	c.pa, c.pb = principal(c.townA, access.RoleCommittee), principal(c.townB, access.RoleCommittee)
	c.idA1, c.idA2, c.idB1 = idNumber("19800101", 1), idNumber("19850505", 2), idNumber("19900909", 3)
	c.mA1 = c.member(t, c.brA, "金明哲", c.idA1)
	c.mA2 = c.member(t, c.brA, "朴顺姬", c.idA2)
	c.mB1 = c.member(t, c.brB, "李春梅", c.idB1)
	return c
}

func principal(o org.Org, r access.Role) *access.Principal {
	return &access.Principal{UserID: 100 + o.ID, Username: "u" + o.Code, Role: r, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}
}

// idNumber makes a valid identity number born on birth.
func idNumber(birth string, n int) string {
	first := fmt.Sprintf("222401%s%03d", birth, n)
	return first + string(idcard.CheckDigit(first))
}

// member puts a person on the roll as the member ledger stores them.
func (c *city) member(t *testing.T, o org.Org, name, number string) int64 {
	t.Helper()
	var id int64
	now := store.Millis(c.now)
	if err := c.db.QueryRowContext(c.ctx, `INSERT INTO members (org_id, name, name_key, gender, ethnicity, birth_date, id_enc, id_hash, id_mask,
		joined_on, category, status, entered_on, created_at, updated_at, org_path) VALUES (?, ?, ?, 'male', 'korean', '1980-01-01', ?, ?, ?, '2005-07-01', 'full', 'active', '2005-07-01', ?, ?,
		(SELECT path FROM orgs WHERE id = ?)) RETURNING id`,
		o.ID, name, name, c.keys.Seal(number), c.keys.Hash("id", number), personal.MaskID(number), now, now, o.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

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
			return
		}
	}
	t.Fatalf("got field errors %+v, want one on %s", fe.Fields, field)
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
