package appraisal_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"troika/internal/access"
	"troika/internal/appraisal"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/indicator"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// May 2022, counted by hand (weights 30/20/20/20/10; full marks at 20
// visits and 5 reports; rates over the grid's cases closed in May):
//
//	worker  visits  reported  on time  satisfied  community  total
//	w1      20→100  5→100     3/4→75   3/4→75     90         89.00
//	w2      10→50   2→40      none→100 none→100   80         71.00
//	w3      0→0     0→0       0/2→0    2/2→100    70         27.00
//
// With 1 优秀 and 1 良好 and 60 to pass: w1 优秀 (500 元), w2 良好
// (200 元), w3 不合格. w4 left in April and is not appraised.
func TestMonthByHand(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		svc := e.App.Appr
		svc.Now = func() time.Time { return time.Date(2022, 6, 10, 2, 0, 0, 0, time.UTC) }
		ctx := audit.WithActor(context.Background(), audit.Actor{ID: 1, Name: "考评员"})
		c := e.City
		exec := func(q string, args ...any) int64 {
			t.Helper()
			var id int64
			if err := db.QueryRowContext(ctx, q+` RETURNING id`, args...).Scan(&id); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return id
		}
		grid := func(org int64, code string) int64 {
			return exec(`INSERT INTO grids (org_id, code, name, created_at, updated_at) VALUES (?, ?, ?, 0, 0)`, org, code, code+"网格")
		}
		gA, gA2, gB := grid(c.BranchA1.ID, "A1"), grid(c.BranchA1.ID, "A2"), grid(c.BranchB1.ID, "B1")
		worker := func(g int64, name, until string) int64 {
			return exec(`INSERT INTO grid_workers (grid_id, name, kind, since, until, created_at, updated_at) VALUES (?, ?, 'full', '2022-01-01', ?, 0, 0)`, g, name, until)
		}
		w1, w2, w3 := worker(gA, "金一", ""), worker(gA2, "李二", ""), worker(gB, "朴三", "")
		worker(gA, "崔四", "2022-04-30")
		visits := func(w, g int64, n int, day string) {
			for i := 0; i < n; i++ {
				exec(`INSERT INTO resident_visits (grid_id, worker_id, visited_on, method, notes, created_at, updated_at) VALUES (?, ?, ?, '入户走访', '走访', 0, 0)`, g, w, day)
			}
		}
		visits(w1, gA, 20, "2022-05-12")
		visits(w1, gA, 3, "2022-04-30")
		visits(w2, gA2, 10, "2022-05-31")
		cst := time.FixedZone("CST", 8*3600)
		may := time.Date(2022, 5, 10, 9, 0, 0, 0, cst).UnixMilli()
		seq := 0
		ev := func(org, g, w int64, closed bool, late bool, rating string) {
			seq++
			var wk any
			if w > 0 {
				wk = w
			}
			status, closedAt := "dispatched", int64(0)
			if closed {
				status, closedAt = "closed", may+3600_000
			}
			exec(`INSERT INTO events (code, org_id, grid_id, category_id, place, description, source, worker_id, reported_at, status,
				stage_at, warn_at, due_at, late, closed_at, rating, created_at, updated_at)
				VALUES (?, ?, ?, 1, '某处', '某事', 'grid', ?, ?, ?, 0, 0, 0, ?, ?, ?, 0, 0)`,
				fmt.Sprintf("TESTCODE%02d", seq), org, g, wk, may, status, late, closedAt, rating)
		}
		ev(c.BranchA1.ID, gA, w1, true, false, "satisfied")
		ev(c.BranchA1.ID, gA, w1, true, false, "satisfied")
		ev(c.BranchA1.ID, gA, w1, true, false, "basic")
		ev(c.BranchA1.ID, gA, w1, true, true, "unsatisfied")
		ev(c.BranchA1.ID, gA, w1, false, false, "")
		ev(c.BranchA1.ID, gA2, w2, false, false, "")
		ev(c.BranchA1.ID, gA2, w2, false, false, "")
		ev(c.BranchB1.ID, gB, 0, true, true, "satisfied")
		ev(c.BranchB1.ID, gB, 0, true, true, "satisfied")

		staff := &access.Principal{UserID: 1, Role: access.RoleStaff, OrgID: c.Root.ID, OrgPath: c.Root.Path}
		pa := &access.Principal{UserID: 2, Role: access.RoleCommittee, OrgID: c.TownA.ID, OrgPath: c.TownA.Path}
		pb := &access.Principal{UserID: 3, Role: access.RoleCommittee, OrgID: c.TownB.ID, OrgPath: c.TownB.Path}
		base, err := svc.Schemes(ctx)
		if err != nil || len(base) != 1 {
			t.Fatalf("schemes: %v %v", base, err)
		}
		in := appraisal.SchemeInput{MonthFrom: "2022-05", Name: "试行方案", ExcellentQuota: 1, GoodQuota: 1, PassScore: 60,
			RewardExcellent: 50000, RewardGood: 20000, Items: base[0].Items}
		if _, err := svc.SaveScheme(ctx, staff, appraisal.SchemeInput{MonthFrom: "2022-05", Name: "x", Items: base[0].Items[:2]}); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("weights not adding up to 100: %v", err)
		}
		if _, err := svc.SaveScheme(ctx, staff, in); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Compute(ctx, staff, 0, "2022-07"); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("future month: %v", err)
		}
		m, err := svc.Compute(ctx, staff, 0, "2022-05")
		if err != nil {
			t.Fatal(err)
		}
		if m.Workers != 3 {
			t.Fatalf("workers %d, want 3", m.Workers)
		}
		if _, err := svc.Review(ctx, staff, m.ID); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("review before community scores: %v", err)
		}
		manual := in.Items[4].Code
		var manualID int64
		sc, _ := svc.Schemes(ctx)
		for _, it := range sc[0].Items {
			if it.Code == manual {
				manualID = it.ID
			}
		}
		score := func(p *access.Principal, w int64, s string) error {
			return svc.SetManual(ctx, p, m.ID, appraisal.ManualInput{WorkerID: w, ItemID: manualID, Score: s, Reason: "社区评议"})
		}
		if err := score(pa, w1, "90"); err != nil {
			t.Fatal(err)
		}
		if err := score(pa, w2, "80.00"); err != nil {
			t.Fatal(err)
		}
		if err := score(pa, w3, "70"); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("town A scoring town B's worker: %v", err)
		}
		if err := score(pb, w3, "101"); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("101 points: %v", err)
		}
		if err := score(pb, w3, "70"); err != nil {
			t.Fatal(err)
		}
		// Town A sees its two workers only and may not review the
		// city's month.
		if rs, _ := svc.Results(ctx, pa, m.ID); len(rs) != 2 {
			t.Errorf("town A sees %d results", len(rs))
		}
		if _, err := svc.Review(ctx, pa, m.ID); fault.CodeOf(err) != fault.Forbidden {
			t.Errorf("town A reviewing the city's month: %v", err)
		}
		if _, err := svc.Review(ctx, staff, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Publish(ctx, staff, m.ID); err != nil {
			t.Fatal(err)
		}
		rs, err := svc.Results(ctx, staff, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			w      int64
			total  int64
			grade  appraisal.Grade
			reward int64
		}{{w1, 8900, appraisal.GradeExcellent, 50000}, {w2, 7100, appraisal.GradeGood, 20000}, {w3, 2700, appraisal.GradeFail, 0}}
		for i, wnt := range want {
			r := rs[i]
			if r.WorkerID != wnt.w || r.Total != wnt.total || r.Grade != wnt.grade || r.Reward != wnt.reward || r.Rank != i+1 {
				t.Errorf("rank %d: %+v, want %+v", i+1, r, wnt)
			}
		}
		// Published means frozen; corrections are adjustments.
		if _, err := svc.Compute(ctx, staff, 0, "2022-05"); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("recompute a published month: %v", err)
		}
		if err := score(pb, w3, "75"); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("score a published month: %v", err)
		}
		if err := svc.Adjust(ctx, staff, m.ID, appraisal.AdjustInput{WorkerID: w3, ItemID: manualID, Score: "75"}); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("adjust without reason: %v", err)
		}
		if err := svc.Adjust(ctx, staff, m.ID, appraisal.AdjustInput{WorkerID: w3, ItemID: manualID, Score: "75", Reason: "复核更正"}); err != nil {
			t.Fatal(err)
		}
		rs, _ = svc.Results(ctx, staff, m.ID)
		if rs[2].Total != 2750 || rs[2].Grade != appraisal.GradeFail {
			t.Errorf("adjusted w3: %+v", rs[2])
		}
		if adj, _ := svc.Adjustments(ctx, staff, m.ID); len(adj) != 1 || adj[0].Before != "70.00" || adj[0].After != "75.00" {
			t.Errorf("adjustments %+v", adj)
		}
		if err := svc.Pay(ctx, staff, m.ID, w1, "2022-06-08"); err != nil {
			t.Fatal(err)
		}
		if err := svc.Pay(ctx, staff, m.ID, w1, "2022-06-08"); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("paid twice: %v", err)
		}
		// Row 19: 1 优秀 in the one published month; town B's workers
		// had none.
		y := indicator.Year(2022)
		if v, err := indicator.Compute(ctx, db, "grid.excellent_monthly", indicator.Scope{OrgID: c.Root.ID, Path: c.Root.Path}, y); err != nil || v.N != 1 || v.NoData {
			t.Errorf("excellent monthly = %+v %v", v, err)
		}
		if v, _ := indicator.Compute(ctx, db, "grid.excellent_monthly", indicator.Scope{OrgID: c.TownB.ID, Path: c.TownB.Path}, y); v.N != 0 || v.NoData {
			t.Errorf("town B excellent monthly = %+v", v)
		}
		// Pages and API: each township sees the city's month with its own
		// workers only; guessing an id outside scope is "not found".
		mid := fmt.Sprint(m.ID)
		e.Run(t, []testapp.Scenario{
			{Name: "town A month page", User: testapp.TownA, Page: true, Path: "/appraisal/months/" + mid, Status: 200, Want: []string{"金一", "李二", "89.00", "优秀"}, WantNot: []string{"朴三"}},
			{Name: "town B month API", User: testapp.TownB, Path: "/api/v1/appraisal/months/" + mid, Status: 200, Want: []string{"朴三"}, WantNot: []string{"金一", "李二"}},
			{Name: "town B list", User: testapp.TownB, Path: "/api/v1/appraisal/months", Status: 200, Want: []string{`"excellent":0`}},
			{Name: "town A adjusts", User: testapp.TownA, Method: "POST", Path: "/api/v1/appraisal/months/" + mid + "/adjustments", Body: map[string]any{"worker_id": w1, "grade": "good", "reason": "x"}, Status: 403},
			{Name: "unknown month", User: testapp.TownA, Path: "/api/v1/appraisal/months/999999", Status: 404},
			{Name: "staff page", User: testapp.Staff, Page: true, Path: "/appraisal/months/" + mid, Status: 200, Want: []string{"朴三", "复核更正", "已公布"}},
			{Name: "list page", User: testapp.Staff, Page: true, Path: "/appraisal", Status: 200, Want: []string{"2022-05", "每月评选优秀网格员"}},
			{Name: "schemes page", User: testapp.Staff, Page: true, Path: "/appraisal/schemes", Status: 200, Want: []string{"试行方案", "城市社区网格员绩效考评方案"}},
		})
		if db.Dialect() == store.SQLite {
			bctx := testenv.Browser(t, 1280, 900)
			testenv.Step(t, bctx, chromedp.Navigate(e.URL+"/login?next=/appraisal/months/"+mid),
				chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.Staff),
				chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
				chromedp.Click(chromedp.CSS(`form.login button`)),
				chromedp.WaitVisible(chromedp.CSS(`#appraisal-results`)))
			testenv.Screenshot(t, bctx, "appraisal-month")
			testenv.Step(t, bctx, chromedp.EmulateViewport(375, 800), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#appraisal-results`)))
			testenv.Screenshot(t, bctx, "appraisal-month-phone")
		}
	})
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []int64
		want int64
	}{{nil, 0}, {[]int64{12}, 12}, {[]int64{12, 12, 12}, 12}, {[]int64{11, 13, 12}, 12}, {[]int64{10, 12, 12, 14}, 12}} {
		if got := appraisal.Median(c.in); got != c.want {
			t.Errorf("Median(%v) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestParsePoints(t *testing.T) {
	for s, want := range map[string]int64{"0": 0, "100": 10000, "92.5": 9250, "92.55": 9255, "7": 700} {
		if got, ok := appraisal.ParsePoints(s); !ok || got != want {
			t.Errorf("%q = %d %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "100.01", "-1", "92.555", "abc", "1e2", ".5"} {
		if _, ok := appraisal.ParsePoints(s); ok {
			t.Errorf("%q accepted", s)
		}
	}
}
