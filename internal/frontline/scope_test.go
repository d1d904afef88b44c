package frontline_test

import (
	"testing"

	"troika/internal/fault"
	"troika/internal/frontline"
	"troika/internal/store"
	"troika/internal/testenv"
)

// Township A never sees, edits or uses township B's front-line records,
// in any ledger; its writes cannot land in B either.
func TestScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		tf := must[frontline.Team](t)(c.svc.CreateTeam(c.ctx, c.pb, frontline.TaskForce, frontline.TeamInput{OrgID: c.brB.ID, Name: "西岭专班", Purpose: "p", Leader: "l", FoundedOn: "2022-03-01"}))
		vt := must[frontline.Team](t)(c.svc.CreateTeam(c.ctx, c.pb, frontline.Volunteer, frontline.TeamInput{OrgID: c.brB.ID, Name: "西岭志愿队", Purpose: "p", Leader: "l", FoundedOn: "2022-03-01"}))
		tb := must[frontline.TempBranch](t)(c.svc.CreateTemp(c.ctx, c.pb, frontline.TempInput{ParentID: c.brB.ID, Name: "西岭临时支部", Code: "TBT", Task: "值守", StartedOn: "2022-03-01"}))
		dp := must[frontline.Deployment](t)(c.svc.CreateDeployment(c.ctx, c.pb, frontline.DeploymentInput{OrgID: c.brB.ID, MemberID: c.mB1, ToPlace: "西岭卡口", StartedOn: "2022-03-01"}))
		sc := must[frontline.Screening](t)(c.svc.CreateScreening(c.ctx, c.pb, frontline.ScreeningInput{OrgID: c.brB.ID, ScreenedOn: "2022-03-02", Place: "西岭卡口", TeamID: vt.ID, Persons: 9}))

		// B's principal cannot reach A's member or organizations either.
		_, err := c.svc.CreateDeployment(c.ctx, c.pb, frontline.DeploymentInput{OrgID: c.brB.ID, MemberID: c.mA1, ToPlace: "x", StartedOn: "2022-03-01"})
		wantField(t, err, "member_id")

		pa := c.pa
		_, err = c.svc.GetTeam(c.ctx, pa, frontline.TaskForce, tf.ID)
		wantCode(t, err, fault.NotFound)
		_, err = c.svc.UpdateTeam(c.ctx, pa, frontline.TaskForce, tf.ID, frontline.TeamInput{OrgID: c.brA.ID, Name: "n", Purpose: "p", Leader: "l", FoundedOn: "2022-03-01"})
		wantCode(t, err, fault.NotFound)
		_, err = c.svc.TeamPeople(c.ctx, pa, frontline.Volunteer, vt.ID)
		wantCode(t, err, fault.NotFound)
		_, err = c.svc.AddTeamPerson(c.ctx, pa, frontline.Volunteer, vt.ID, frontline.PersonInput{Name: "x"})
		wantCode(t, err, fault.NotFound)
		_, err = c.svc.GetTemp(c.ctx, pa, tb.ID)
		wantCode(t, err, fault.NotFound)
		_, err = c.svc.SaveTask(c.ctx, pa, tb.ID, frontline.TempInput{Task: "x"})
		wantCode(t, err, fault.NotFound)
		_, err = c.svc.DissolveTemp(c.ctx, pa, tb.ID, "2022-06-01", "x")
		wantCode(t, err, fault.NotFound)
		_, err = c.svc.GetDeployment(c.ctx, pa, dp.ID)
		wantCode(t, err, fault.NotFound)
		_, err = c.svc.UpdateDeployment(c.ctx, pa, dp.ID, frontline.DeploymentInput{OrgID: c.brA.ID, ToPlace: "x", StartedOn: "2022-03-01"})
		wantCode(t, err, fault.NotFound)
		wantCode(t, c.svc.DeleteDeployment(c.ctx, pa, dp.ID), fault.NotFound)
		if all, err := c.svc.PersonDeployments(c.ctx, pa, dp.ID); err != nil || len(all) != 0 {
			t.Errorf("person's deployments across scope: %d %v", len(all), err)
		}
		_, err = c.svc.GetScreening(c.ctx, pa, sc.ID)
		wantCode(t, err, fault.NotFound)
		_, err = c.svc.UpdateScreening(c.ctx, pa, sc.ID, frontline.ScreeningInput{OrgID: c.brA.ID, ScreenedOn: "2022-03-02", Place: "x", Persons: 1})
		wantCode(t, err, fault.NotFound)
		wantCode(t, c.svc.DeleteScreening(c.ctx, pa, sc.ID), fault.NotFound)

		// Writes naming B's organizations, teams or members are refused.
		_, err = c.svc.CreateTeam(c.ctx, pa, frontline.TaskForce, frontline.TeamInput{OrgID: c.brB.ID, Name: "n", Purpose: "p", Leader: "l", FoundedOn: "2022-03-01"})
		wantField(t, err, "org_id")
		_, err = c.svc.CreateTemp(c.ctx, pa, frontline.TempInput{ParentID: c.brB.ID, Name: "n", Code: "X1", Task: "t", StartedOn: "2022-03-01"})
		wantField(t, err, "parent_id")
		_, err = c.svc.CreateDeployment(c.ctx, pa, frontline.DeploymentInput{OrgID: c.brB.ID, Name: "n", IDNumber: idNumber("19600101", 9), ToPlace: "x", StartedOn: "2022-03-01"})
		wantField(t, err, "org_id")
		_, err = c.svc.CreateDeployment(c.ctx, pa, frontline.DeploymentInput{OrgID: c.brA.ID, Name: "n", IDNumber: idNumber("19600101", 9), ToOrgID: c.brB.ID, StartedOn: "2022-03-01"})
		wantField(t, err, "to_org_id")
		_, err = c.svc.CreateScreening(c.ctx, pa, frontline.ScreeningInput{OrgID: c.brA.ID, ScreenedOn: "2022-03-02", Place: "x", TeamID: vt.ID, Persons: 1})
		wantField(t, err, "team_id")
		_, err = c.svc.CreateScreening(c.ctx, pa, frontline.ScreeningInput{OrgID: c.brB.ID, ScreenedOn: "2022-03-02", Place: "x", Persons: 1})
		wantField(t, err, "org_id")

		// Lists: nothing of B, whatever the filter.
		for _, f := range []frontline.Filter{{}, {Under: c.townB.ID}, {Under: c.root.ID}, {Q: "西岭"}} {
			for _, k := range frontline.TeamKinds {
				if _, n, _ := c.svc.ListTeams(c.ctx, pa, k, f); n != 0 {
					t.Errorf("A lists %d %s of B with %+v", n, k, f)
				}
			}
			if _, n, _ := c.svc.ListTemp(c.ctx, pa, f); n != 0 {
				t.Errorf("A lists %d temporary branches of B", n)
			}
			if _, n, _ := c.svc.ListDeployments(c.ctx, pa, f); n != 0 {
				t.Errorf("A lists %d deployments of B", n)
			}
			if _, n, p, _ := c.svc.ListScreenings(c.ctx, pa, f); n != 0 || p != 0 {
				t.Errorf("A lists %d screenings of B", n)
			}
		}
		// B sees its own.
		if _, n, _ := c.svc.ListDeployments(c.ctx, c.pb, frontline.Filter{}); n != 1 {
			t.Errorf("B lists %d deployments", n)
		}
	})
}

func TestValidation(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		_, err := c.svc.CreateDeployment(c.ctx, c.pa, frontline.DeploymentInput{OrgID: c.brA.ID, IDNumber: "222401198001010010", StartedOn: "2023-03-02"})
		for _, f := range []string{"id_number", "started_on", "to_place"} {
			wantField(t, err, f)
		}
		// An identity number not on the roll needs a name.
		_, err = c.svc.CreateDeployment(c.ctx, c.pa, frontline.DeploymentInput{OrgID: c.brA.ID, IDNumber: idNumber("19600101", 9), ToPlace: "x", StartedOn: "2022-03-02"})
		wantField(t, err, "name")
		d := must[frontline.Deployment](t)(c.svc.CreateDeployment(c.ctx, c.pa, frontline.DeploymentInput{OrgID: c.brA.ID, Name: "赵建国",
			IDNumber: idNumber("19600101", 9), ToOrgID: c.brA.ID, Post: "卡口", StartedOn: "2022-03-02"}))
		if d.MemberID != 0 || d.IDMask == "" || d.Where() != c.brA.Name {
			t.Fatalf("deployment %+v", d)
		}
		var enc string
		_ = db.QueryRowContext(c.ctx, `SELECT id_enc FROM deployments WHERE id = ?`, d.ID).Scan(&enc)
		if plain, err := c.keys.Open(enc); err != nil || plain != idNumber("19600101", 9) {
			t.Fatalf("identity number not sealed: %q %v", plain, err)
		}
		// An edit without a number keeps the person; a number changes them.
		up := must[frontline.Deployment](t)(c.svc.UpdateDeployment(c.ctx, c.pa, d.ID, frontline.DeploymentInput{OrgID: c.brA.ID, Name: "赵建国",
			ToPlace: "高速口", StartedOn: "2022-03-02", EndedOn: "2022-04-01"}))
		if up.IDMask != d.IDMask || up.EndedOn != "2022-04-01" || up.ToOrgID != 0 {
			t.Fatalf("kept %+v", up)
		}
		up = must[frontline.Deployment](t)(c.svc.UpdateDeployment(c.ctx, c.pa, d.ID, frontline.DeploymentInput{OrgID: c.brA.ID, IDNumber: c.idA2,
			ToPlace: "高速口", StartedOn: "2022-03-02"}))
		if up.MemberID != c.mA2 || up.Name != "朴顺姬" {
			t.Fatalf("changed to member %+v", up)
		}
		must[struct{}](t)(struct{}{}, c.svc.DeleteDeployment(c.ctx, c.pa, d.ID))
		if c.audits(t, "frontline.deployment.delete") != 1 || c.audits(t, "frontline.deployment.update") != 2 {
			t.Error("deployment changes not audited")
		}

		_, err = c.svc.CreateScreening(c.ctx, c.pa, frontline.ScreeningInput{OrgID: c.brA.ID, ScreenedOn: "2022-13-01", Persons: -1})
		for _, f := range []string{"screened_on", "place", "persons"} {
			wantField(t, err, f)
		}
		x := must[frontline.Screening](t)(c.svc.CreateScreening(c.ctx, c.pa, frontline.ScreeningInput{OrgID: c.brA.ID, ScreenedOn: "2022-03-02", Place: "卡口", Persons: 20}))
		x = must[frontline.Screening](t)(c.svc.UpdateScreening(c.ctx, c.pa, x.ID, frontline.ScreeningInput{OrgID: c.brA.ID, ScreenedOn: "2022-03-02", Place: "卡口", Persons: 25}))
		if x.Persons != 25 || c.audits(t, "frontline.screening.update") != 1 {
			t.Fatalf("screening update %+v", x)
		}
	})
}
