package event_test

import (
	"context"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/event"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// fx is the fixture city of testapp with a grid in each township's branch,
// a grid worker on grid A1 (account "grida1") and one on grid B1, the
// service clock at 2022-06-15 09:00 Shanghai, and principals.
type fx struct {
	e              *testapp.Env
	db             *store.DB
	svc            *event.Service
	ctx            context.Context
	now            time.Time
	gridA, gridB   int64
	gridA2         int64
	workerA        int64
	staff, pa, pb  *access.Principal
	gridWorker     *access.Principal
	catInfra, catX int64
}

const gridUser = "grida1"

func newFx(t *testing.T, db *store.DB) *fx {
	t.Helper()
	e := testapp.New(t, db)
	f := &fx{e: e, db: db, svc: e.App.Events, ctx: audit.WithActor(context.Background(), audit.Actor{ID: 1, Name: "测试员"})}
	f.now = time.Date(2022, 6, 15, 1, 0, 0, 0, time.UTC)
	f.svc.Now = func() time.Time { return f.now }
	e.App.Appr.Now = func() time.Time { return f.now.AddDate(0, 1, 0) }
	f.svc.PublicPosts, f.svc.PublicReads = event.NewLimiter(6000, 1000, 100), event.NewLimiter(6000, 1000, 100)
	c := e.City
	mkGrid := func(org int64, code, name string) int64 {
		t.Helper()
		var id int64
		if err := db.QueryRowContext(f.ctx, `INSERT INTO grids (org_id, code, name, created_at, updated_at) VALUES (?, ?, ?, 0, 0) RETURNING id`, org, code, name).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	f.gridA = mkGrid(c.BranchA1.ID, "GA1", "东风一网格")
	f.gridA2 = mkGrid(c.BranchA1.ID, "GA2", "东风二网格")
	f.gridB = mkGrid(c.BranchB1.ID, "GB1", "西岭一网格")
	u, _, err := e.App.Access.CreateUser(f.ctx, access.NewUser{Username: gridUser, DisplayName: "网格员甲", OrgID: c.BranchA1.ID,
		Role: access.RoleGrid, Password: testapp.Password, Ready: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(f.ctx, `INSERT INTO grid_workers (grid_id, user_id, name, kind, since, created_at, updated_at)
		VALUES (?, ?, '李网格', 'full', '2022-01-01', 0, 0) RETURNING id`, f.gridA, u.ID).Scan(&f.workerA); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(f.ctx, `INSERT INTO grid_workers (grid_id, name, kind, since, created_at, updated_at)
		VALUES (?, '朴网格', 'full', '2022-01-01', 0, 0)`, f.gridB); err != nil {
		t.Fatal(err)
	}
	pr := func(role access.Role, id int64, path string, user int64) *access.Principal {
		return &access.Principal{UserID: user, Username: "t", DisplayName: "测试员", Role: role, OrgID: id, OrgPath: path}
	}
	f.staff = pr(access.RoleStaff, c.Root.ID, c.Root.Path, 1)
	f.pa = pr(access.RoleCommittee, c.TownA.ID, c.TownA.Path, 2)
	f.pb = pr(access.RoleCommittee, c.TownB.ID, c.TownB.Path, 3)
	f.gridWorker = pr(access.RoleGrid, c.BranchA1.ID, c.BranchA1.Path, u.ID)
	if err := db.QueryRowContext(f.ctx, `SELECT id FROM event_categories WHERE code = 'infra'`).Scan(&f.catInfra); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(f.ctx, `SELECT id FROM event_categories WHERE code = 'env'`).Scan(&f.catX); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fx) report(t *testing.T, p *access.Principal, in event.Input) event.Event {
	t.Helper()
	ev, err := f.svc.Report(f.ctx, p, in, nil)
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return ev
}

func (f *fx) step(t *testing.T, p *access.Principal, id int64, act event.Action, in event.StepInput) event.Event {
	t.Helper()
	ev, err := f.svc.Step(f.ctx, p, id, act, in, nil)
	if err != nil {
		t.Fatalf("%s: %v", act, err)
	}
	return ev
}
