package frontline_test

import (
	"testing"
	"troika/internal/access"

	"troika/internal/frontline"
	"troika/internal/indicator"
	"troika/internal/store"
	"troika/internal/testenv"
)

// The figures of rows 6, 8, 9 and 10 against counts made by hand, for
// several periods and subtrees.
func TestFigures(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		y2021, y2022, q2 := indicator.Year(2021), indicator.Year(2022), indicator.Quarter(2022, 2)
		// An empty ledger has no data; that is not a zero.
		for _, k := range []string{frontline.KeyTaskForces, frontline.KeyVolunteers, frontline.KeyDeployed, frontline.KeyScreened} {
			if v := c.figure(t, k, c.root, y2022); !v.NoData || v.N != 0 {
				t.Errorf("%s on an empty ledger: %+v", k, v)
			}
		}

		team := func(kind frontline.TeamKind, owner int64, founded string) {
			t.Helper()
			must[frontline.Team](t)(c.svc.CreateTeam(c.ctx, c.staff, kind, frontline.TeamInput{OrgID: owner, Name: "队" + founded, Purpose: "p", Leader: "l", FoundedOn: founded}))
		}
		team(frontline.TaskForce, c.root.ID, "2022-03-10")
		team(frontline.TaskForce, c.brA.ID, "2022-04-01")
		team(frontline.TaskForce, c.brB.ID, "2022-12-31")
		team(frontline.TaskForce, c.brA.ID, "2021-12-31")
		team(frontline.Volunteer, c.brA.ID, "2022-05-01")
		team(frontline.Volunteer, c.brB.ID, "2022-01-01")

		// Deployments: person X (not on the roll) twice in 2022; member
		// mA1 once by member id and once by identity number — one person;
		// mA2 from 2021-12-20 to 2022-01-05 (both years); Y ended
		// 2021-12-31 (only 2021); Z ongoing since 2021-06-01 (both); W from
		// 2023-01-01 (neither); V of town B in April 2022.
		x, y, z, w, v := idNumber("19700101", 11), idNumber("19710101", 12), idNumber("19720101", 13), idNumber("19730101", 14), idNumber("19740101", 15)
		dep := func(p *frontlinePrincipal, in frontline.DeploymentInput) {
			t.Helper()
			if in.ToPlace == "" {
				in.ToPlace = "春华社区卡口"
			}
			must[frontline.Deployment](t)(c.svc.CreateDeployment(c.ctx, p.p, in))
		}
		pa, pb := &frontlinePrincipal{c.pa}, &frontlinePrincipal{c.pb}
		dep(pa, frontline.DeploymentInput{OrgID: c.brA.ID, Name: "赵建国", IDNumber: x, StartedOn: "2022-03-10", EndedOn: "2022-04-10"})
		dep(pa, frontline.DeploymentInput{OrgID: c.townA.ID, Name: "赵建国", IDNumber: x, StartedOn: "2022-10-01", EndedOn: "2022-10-20"})
		dep(pa, frontline.DeploymentInput{OrgID: c.brA.ID, MemberID: c.mA1, StartedOn: "2022-04-02", EndedOn: "2022-05-01"})
		dep(pa, frontline.DeploymentInput{OrgID: c.brA.ID, Name: "写错的名字", IDNumber: c.idA1, StartedOn: "2022-06-01", EndedOn: "2022-06-20"})
		dep(pa, frontline.DeploymentInput{OrgID: c.brA.ID, MemberID: c.mA2, StartedOn: "2021-12-20", EndedOn: "2022-01-05"})
		dep(pa, frontline.DeploymentInput{OrgID: c.brA.ID, Name: "孙丽华", IDNumber: y, StartedOn: "2021-11-01", EndedOn: "2021-12-31"})
		dep(pa, frontline.DeploymentInput{OrgID: c.townA.ID, Name: "刘振宇", IDNumber: z, StartedOn: "2021-06-01"})
		dep(pa, frontline.DeploymentInput{OrgID: c.townA.ID, Name: "吴美玉", IDNumber: w, StartedOn: "2023-01-01", EndedOn: "2023-02-01"})
		dep(pb, frontline.DeploymentInput{OrgID: c.brB.ID, Name: "许正日", IDNumber: v, StartedOn: "2022-04-05", EndedOn: "2022-04-25"})

		scr := func(o int64, on string, n int) {
			t.Helper()
			must[frontline.Screening](t)(c.svc.CreateScreening(c.ctx, c.staff, frontline.ScreeningInput{OrgID: o, ScreenedOn: on, Place: "卡口", Persons: n}))
		}
		scr(c.brA.ID, "2022-01-01", 30)
		scr(c.brA.ID, "2022-04-15", 45)
		scr(c.townA.ID, "2022-12-31", 7)
		scr(c.brA.ID, "2021-12-31", 100)
		scr(c.brB.ID, "2022-06-30", 12)
		scr(c.brA.ID, "2022-08-01", 0)

		for _, tc := range []struct {
			key   string
			scope string
			p     indicator.Period
			want  int64
		}{
			{frontline.KeyTaskForces, "root", y2022, 3}, {frontline.KeyTaskForces, "townA", y2022, 1}, {frontline.KeyTaskForces, "townB", y2022, 1},
			{frontline.KeyTaskForces, "root", y2021, 1}, {frontline.KeyTaskForces, "root", q2, 1},
			{frontline.KeyVolunteers, "root", y2022, 2}, {frontline.KeyVolunteers, "townA", y2022, 1}, {frontline.KeyVolunteers, "townA", y2021, 0},
			// X, mA1, mA2, Z, V
			{frontline.KeyDeployed, "root", y2022, 5},
			// X, mA1, mA2, Z
			{frontline.KeyDeployed, "townA", y2022, 4}, {frontline.KeyDeployed, "brA", y2022, 3},
			// mA2, Y, Z
			{frontline.KeyDeployed, "root", y2021, 3},
			// X (Mar–Apr), mA1, Z, V
			{frontline.KeyDeployed, "root", q2, 4},
			{frontline.KeyDeployed, "townB", y2021, 0},
			{frontline.KeyScreened, "root", y2022, 94}, {frontline.KeyScreened, "townA", y2022, 82}, {frontline.KeyScreened, "brA", y2022, 75},
			{frontline.KeyScreened, "root", y2021, 100}, {frontline.KeyScreened, "root", q2, 57}, {frontline.KeyScreened, "townB", y2021, 0},
		} {
			o := map[string]orgOf{"root": {c.root.ID, c.root.Path}, "townA": {c.townA.ID, c.townA.Path}, "townB": {c.townB.ID, c.townB.Path}, "brA": {c.brA.ID, c.brA.Path}}[tc.scope]
			got, err := indicator.Compute(c.ctx, db, tc.key, indicator.Scope{OrgID: o.id, Path: o.path}, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if got.N != tc.want || got.NoData {
				t.Errorf("%s %s %s = %+v, want %d", tc.key, tc.scope, tc.p.Spec, got, tc.want)
			}
		}

		// The drill-down lists the 5 people once each, masked.
		ind, _ := indicator.Get(frontline.KeyDeployed)
		recs, err := ind.Records(c.ctx, db, indicator.Scope{OrgID: c.root.ID, Path: c.root.Path}, y2022, 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		if recs.Total != 5 || len(recs.Rows) != 5 {
			t.Fatalf("deployed records: %d rows, total %d", len(recs.Rows), recs.Total)
		}
		twice := 0
		for _, r := range recs.Rows {
			for _, cell := range r {
				for _, id := range []string{x, c.idA1, c.idA2, z, v} {
					if cell == id {
						t.Errorf("drill-down shows an unmasked identity number")
					}
				}
			}
			if r[3] == "2" {
				twice++
			}
		}
		if twice != 2 {
			t.Errorf("people with two deployments in 2022: %d, want 2 (%v)", twice, recs.Rows)
		}
		// The member's deployment typed by number carries the roll's name.
		list, _, err := c.svc.ListDeployments(c.ctx, c.pa, frontline.Filter{Q: "写错"})
		if err != nil || len(list) != 0 {
			t.Errorf("the roll's name was not used: %+v %v", list, err)
		}
		// The list by dates finds those under way.
		_, total, err := c.svc.ListDeployments(c.ctx, c.staff, frontline.Filter{From: "2022-01-01", To: "2022-01-31"})
		if err != nil || total != 2 {
			t.Errorf("deployments under way in January 2022: %d (%v), want 2", total, err)
		}
		_, n, persons, err := c.svc.ListScreenings(c.ctx, c.pa, frontline.Filter{From: "2022-01-01", To: "2022-12-31"})
		if err != nil || n != 4 || persons != 82 {
			t.Errorf("town A screenings of 2022: %d records, %d persons (%v)", n, persons, err)
		}
	})
}

type frontlinePrincipal struct{ p *access.Principal }

type orgOf struct {
	id   int64
	path string
}
