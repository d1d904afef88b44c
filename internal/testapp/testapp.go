// Package testapp starts a whole Troika on a test database, with a small
// city of two townships and an account for every role, and drives it over
// HTTP: scenario tables with expected and not-expected content, the shape
// of "township A never sees township B".
package testapp

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"troika/internal/access"
	"troika/internal/app"
	"troika/internal/audit"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
)

// Password is every fixture account's password.
const Password = "Troika#2022"

// Env is a running Troika with its fixture city.
type Env struct {
	App  *app.App
	URL  string
	City City
}

// City is the fixture: root → town A (branch A1 → group), town B (branch B1).
type City struct {
	Root, TownA, TownB, BranchA1, BranchB1, GroupA1 org.Org
}

// Accounts of the fixture, by role: all with Password.
const (
	Staff     = "staff"
	TownA     = "towna"
	TownB     = "townb"
	Secretary = "seca1"
	Member    = "membera1"
	SysAdmin  = "sysadmin"
	SecAdmin  = "secadmin"
	Auditor   = "auditor"
)

// New starts Troika on db with the fixture city, listening on a free
// loopback port until the test ends.
func New(t testing.TB, db *store.DB) *Env {
	t.Helper()
	keys, err := personal.NewKeyring([]byte("troika-test-key-0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(db, app.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Keys: keys, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{App: a}
	e.City = buildCity(t, a)
	addr, err := a.Listen()
	if err != nil {
		t.Fatal(err)
	}
	e.URL = "http://" + addr
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		_ = a.Serve(ctx)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return e
}

func buildCity(t testing.TB, a *app.App) City {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "fixture"})
	var c City
	var err error
	must := func(o org.Org, err error) org.Org {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	c.Root, err = a.Orgs.CreateRoot(ctx, org.Input{Name: "中共测试市委员会", Code: "ROOT", Kind: org.KindCommittee, Domain: org.DomainMixed})
	if err != nil {
		t.Fatal(err)
	}
	root := &access.Principal{Role: access.RoleStaff, OrgID: c.Root.ID, OrgPath: c.Root.Path}
	c.TownA = must(a.Orgs.Create(ctx, root, org.Input{ParentID: c.Root.ID, Name: "中共甲镇委员会", Code: "TA", Kind: org.KindCommittee, Domain: org.DomainMixed}))
	c.TownB = must(a.Orgs.Create(ctx, root, org.Input{ParentID: c.Root.ID, Name: "中共乙镇委员会", Code: "TB", Kind: org.KindCommittee, Domain: org.DomainMixed}))
	c.BranchA1 = must(a.Orgs.Create(ctx, root, org.Input{ParentID: c.TownA.ID, Name: "中共甲镇东风村支部委员会", Code: "TA01", Kind: org.KindBranch, Domain: org.DomainRural, Secretary: "金东植"}))
	c.BranchB1 = must(a.Orgs.Create(ctx, root, org.Input{ParentID: c.TownB.ID, Name: "中共乙镇西岭村支部委员会", Code: "TB01", Kind: org.KindBranch, Domain: org.DomainRural, Secretary: "朴顺姬"}))
	c.GroupA1 = must(a.Orgs.Create(ctx, root, org.Input{ParentID: c.BranchA1.ID, Name: "第一党小组", Code: "TA0101", Kind: org.KindGroup, Domain: org.DomainRural}))
	for _, u := range []struct {
		name string
		role access.Role
		org  org.Org
	}{
		{Staff, access.RoleStaff, c.Root},
		{TownA, access.RoleCommittee, c.TownA},
		{TownB, access.RoleCommittee, c.TownB},
		{Secretary, access.RoleSecretary, c.BranchA1},
		{Member, access.RoleMember, c.BranchA1},
		{SysAdmin, access.RoleSysAdmin, c.Root},
		{SecAdmin, access.RoleSecAdmin, c.Root},
		{Auditor, access.RoleAuditor, c.Root},
	} {
		if _, _, err := a.Access.CreateUser(ctx, access.NewUser{Username: u.name, DisplayName: "测试" + u.name, OrgID: u.org.ID,
			Role: u.role, Password: Password, Ready: true}); err != nil {
			t.Fatal(err)
		}
	}
	return c
}
