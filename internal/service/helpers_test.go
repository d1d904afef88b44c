package service_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/service"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// fixture is a city with two townships, a village branch in each, the
// accounts that work the wishes, and the service with its clock at
// 2022-06-15 (Shanghai noon).
type fixture struct {
	db                 *store.DB
	svc                *service.Service
	ctx                context.Context
	staff, pa, pb      *access.Principal
	memberA, memberA2  *access.Principal
	memberB            *access.Principal
	city, townA, townB org.Org
	brA, brA2, brB     org.Org
}

func principal(o org.Org, role access.Role, id int64, name string) *access.Principal {
	return &access.Principal{UserID: id, Username: name, DisplayName: name, Role: role, OrgID: o.ID, OrgPath: o.Path}
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, ctx: audit.WithActor(context.Background(), audit.Actor{ID: 1, Name: "测试员"})}
	os := org.NewService(db)
	var err error
	if f.city, err = os.CreateRoot(f.ctx, org.Input{Name: "某市委", Code: "CITY", Kind: org.KindCommittee, Domain: org.DomainMixed}); err != nil {
		t.Fatal(err)
	}
	root := principal(f.city, access.RoleStaff, 0, "root")
	mk := func(parent org.Org, name, code string, k org.Kind, d org.Domain) org.Org {
		t.Helper()
		o, err := os.Create(f.ctx, root, org.Input{ParentID: parent.ID, Name: name, Code: code, Kind: k, Domain: d})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	f.townA = mk(f.city, "甲镇党委", "TA", org.KindCommittee, org.DomainMixed)
	f.townB = mk(f.city, "乙镇党委", "TB", org.KindCommittee, org.DomainMixed)
	f.brA = mk(f.townA, "甲镇明东村党支部", "TA01", org.KindBranch, org.DomainRural)
	f.brA2 = mk(f.townA, "甲镇新兴社区党支部", "TA02", org.KindBranch, org.DomainCommunity)
	f.brB = mk(f.townB, "乙镇石井村党支部", "TB01", org.KindBranch, org.DomainRural)
	acc := access.New(db, access.DefaultPolicy)
	user := func(o org.Org, role access.Role, name string) *access.Principal {
		t.Helper()
		u, _, err := acc.CreateUser(f.ctx, access.NewUser{Username: name, DisplayName: name, OrgID: o.ID, Role: role, Password: "Troika#2022x", Ready: true})
		if err != nil {
			t.Fatal(err)
		}
		return principal(o, role, u.ID, name)
	}
	f.staff = user(f.city, access.RoleStaff, "staff")
	f.pa = user(f.townA, access.RoleCommittee, "towna")
	f.pb = user(f.townB, access.RoleCommittee, "townb")
	f.memberA = user(f.brA, access.RoleMember, "membera")
	f.memberA2 = user(f.brA2, access.RoleMember, "membera2")
	f.memberB = user(f.brB, access.RoleMember, "memberb")
	keys, err := personal.NewKeyring([]byte("service-test-key-0123456789abcde"))
	if err != nil {
		t.Fatal(err)
	}
	f.svc = service.NewService(db, keys, t.TempDir())
	f.svc.Now = func() time.Time { return time.Date(2022, 6, 15, 4, 0, 0, 0, time.UTC) }
	return f
}

// submit files a public wish addressed to o and returns its id.
func (f *fixture) submit(t *testing.T, o org.Org, content string) (int64, string) {
	t.Helper()
	code, err := f.svc.SubmitPublic(f.ctx, service.WishInput{OrgID: o.ID, Content: content, Category: "生活用品", ResidentName: "朴大爷", Phone: "13904331234"})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	var id int64
	if err := f.db.QueryRowContext(f.ctx, `SELECT id FROM wishes WHERE code = ?`, code).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id, code
}

func (f *fixture) publish(t *testing.T, id int64, by string) {
	t.Helper()
	if _, err := f.svc.Publish(f.ctx, f.staff, id, service.PublishInput{ClaimBy: by}); err != nil {
		t.Fatalf("publish: %v", err)
	}
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

// pngPhoto is a small real PNG.
func pngPhoto(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{uint8(200 + x%50), uint8(30 + y%60), 40, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
