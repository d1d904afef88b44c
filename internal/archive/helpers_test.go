package archive_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/archive"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/idcard"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// fixture is a city with two townships, a branch in each, and the
// archive service with its clock at 2022-06-15 (Shanghai noon).
type fixture struct {
	db                 *store.DB
	svc                *archive.Service
	ctx                context.Context
	staff, pa, pb      *access.Principal
	city, townA, townB org.Org
	brA, brB           org.Org
	seq                int
}

func principal(o org.Org) *access.Principal {
	return &access.Principal{UserID: 1, Username: "t", DisplayName: "测试员", Role: access.RoleStaff, OrgID: o.ID, OrgPath: o.Path}
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, ctx: audit.WithActor(context.Background(), audit.Actor{ID: 1, Name: "档案员"})}
	os := org.NewService(db)
	var err error
	if f.city, err = os.CreateRoot(f.ctx, org.Input{Name: "某市委", Code: "CITY", Kind: org.KindCommittee, Domain: org.DomainMixed}); err != nil {
		t.Fatal(err)
	}
	f.staff = principal(f.city)
	mk := func(parent org.Org, name, code string, k org.Kind, d org.Domain) org.Org {
		t.Helper()
		o, err := os.Create(f.ctx, f.staff, org.Input{ParentID: parent.ID, Name: name, Code: code, Kind: k, Domain: d})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	f.townA = mk(f.city, "甲镇党委", "TA", org.KindCommittee, org.DomainMixed)
	f.townB = mk(f.city, "乙镇党委", "TB", org.KindCommittee, org.DomainMixed)
	f.brA = mk(f.townA, "甲镇明东村党支部", "TA01", org.KindBranch, org.DomainRural)
	f.brB = mk(f.townB, "乙镇石井村党支部", "TB01", org.KindBranch, org.DomainRural)
	f.pa, f.pb = principal(f.townA), principal(f.townB)
	keys, err := personal.NewKeyring([]byte("archive-test-key-0123456789abcde"))
	if err != nil {
		t.Fatal(err)
	}
	f.svc = archive.NewService(db, keys)
	f.svc.Now = func() time.Time { return time.Date(2022, 6, 15, 4, 0, 0, 0, time.UTC) }
	return f
}

// idNumber makes a valid ID number: region 222405, born 1960+n%30.
func idNumber(n int) string {
	first := fmt.Sprintf("222405%04d%02d%02d%03d", 1960+n%30, 1+n%12, 1+n%28, 100+n%900)
	return first + string(idcard.CheckDigit(first))
}

// receive registers an archive of a new person under o on date.
func (f *fixture) receive(t *testing.T, p *access.Principal, o org.Org, on string) archive.Archive {
	t.Helper()
	f.seq++
	a, err := f.svc.Create(f.ctx, p, archive.Input{OrgID: o.ID, Name: fmt.Sprintf("金%d", f.seq), IDNumber: idNumber(f.seq),
		ReceivedOn: on, ReceivedFrom: o.Name + " 李春梅", Receiver: "崔英爱",
		Materials: []archive.Material{{Name: "入党志愿书", Copies: 1}, {Name: "政治审查材料", Copies: 2}}})
	if err != nil {
		t.Fatalf("receive: %v", err)
	}
	return a
}

func fieldsOf(err error) map[string]string {
	out := map[string]string{}
	if e, ok := fault.As(err); ok {
		for _, fe := range e.Fields {
			out[fe.Field] = fe.Message
		}
	}
	return out
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
