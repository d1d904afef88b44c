package access_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/store"
)

// clock is a hand-driven time for the service.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

type fixture struct {
	db    *store.DB
	svc   *access.Service
	clock *clock
	city  int64 // root organization
	town  int64 // a child of the city
	ctx   context.Context
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, clock: &clock{t: time.Date(2025, 6, 2, 1, 0, 0, 0, time.UTC)}, ctx: context.Background()}
	f.svc = access.New(db, access.DefaultPolicy)
	f.svc.Now = f.clock.Now
	f.city = f.org(t, 0, "东风市委", "C0")
	f.town = f.org(t, f.city, "东风镇党委", "T1")
	return f
}

// org inserts an organization directly, for the accounts to belong to.
func (f *fixture) org(t *testing.T, parent int64, name, code string) int64 {
	t.Helper()
	var parentID any
	path, depth := "/", 0
	if parent > 0 {
		parentID = parent
		if err := f.db.QueryRowContext(f.ctx, `SELECT path, depth + 1 FROM orgs WHERE id = ?`, parent).Scan(&path, &depth); err != nil {
			t.Fatal(err)
		}
	}
	var id int64
	if err := f.db.QueryRowContext(f.ctx, `INSERT INTO orgs (parent_id, path, depth, name, code, kind, domain, created_at, updated_at)
		VALUES (?, '', ?, ?, ?, 'committee', 'mixed', 1, 1) RETURNING id`, parentID, depth, name, code).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ExecContext(f.ctx, `UPDATE orgs SET path = ? WHERE id = ?`, path+strconv.FormatInt(id, 10)+"/", id); err != nil {
		t.Fatal(err)
	}
	return id
}

// user creates a ready account (no forced change) with a role.
func (f *fixture) user(t *testing.T, name, pw string, role access.Role) access.User {
	t.Helper()
	u, got, err := f.svc.CreateUser(f.ctx, access.NewUser{Username: name, DisplayName: "用户" + name, OrgID: f.town, Role: role, Password: pw, Ready: true})
	if err != nil {
		t.Fatal(err)
	}
	if got != pw {
		t.Fatalf("CreateUser returned password %q, want the one given", got)
	}
	return u
}

func (f *fixture) login(username, pw string) (string, *access.Principal, error) {
	return f.svc.Login(f.ctx, username, pw, "10.0.0.7", "test-agent", access.KindCookie)
}

func (f *fixture) mustLogin(t *testing.T, username, pw string) (string, *access.Principal) {
	t.Helper()
	tok, p, err := f.login(username, pw)
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return tok, p
}

// auditRow is one audit entry as the tests look at it.
type auditRow struct {
	ActorID  int64
	Actor    string
	IP       string
	Action   string
	ObjectID string
	Detail   string
}

// auditLog returns every entry, oldest first, and checks that the chain holds.
func (f *fixture) auditLog(t *testing.T) []auditRow {
	t.Helper()
	rows, err := f.db.QueryContext(f.ctx, `SELECT actor_id, actor, ip, action, object_id, detail FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		var r auditRow
		if err := rows.Scan(&r.ActorID, &r.Actor, &r.IP, &r.Action, &r.ObjectID, &r.Detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if _, brk, err := audit.Verify(f.ctx, f.db); err != nil || brk != nil {
		t.Fatalf("audit chain: %v %v", brk, err)
	}
	return out
}

// actionsSince returns the actions recorded after the first n entries.
func (f *fixture) actionsSince(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	for _, r := range f.auditLog(t)[n:] {
		out = append(out, r.Action)
	}
	return out
}

func (f *fixture) auditCount(t *testing.T) int {
	t.Helper()
	return len(f.auditLog(t))
}

func wantCode(t *testing.T, err error, code fault.Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := fault.CodeOf(err); got != code {
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

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// audit returns a context whose actor is p, as the web layer sets it.
func (f *fixture) audit(p *access.Principal) context.Context {
	return audit.WithActor(f.ctx, audit.Actor{ID: p.UserID, Name: p.Username, IP: "10.0.0.7"})
}
