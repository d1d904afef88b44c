package frontline_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/frontline"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// Township A never sees township B's front-line records: not by page, API,
// export or guessed ids; and a form's errors name the field and keep what
// was typed.
func TestHTTPScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		ctx := audit.WithActor(t.Context(), audit.Actor{Name: "fixture"})
		b := &access.Principal{Role: access.RoleCommittee, OrgID: e.City.TownB.ID, OrgPath: e.City.TownB.Path}
		a := &access.Principal{Role: access.RoleCommittee, OrgID: e.City.TownA.ID, OrgPath: e.City.TownA.Path}
		svc := e.App.Front
		tfB := must[frontline.Team](t)(svc.CreateTeam(ctx, b, frontline.TaskForce, frontline.TeamInput{OrgID: e.City.BranchB1.ID, Name: "乙镇卡口专班", Purpose: "值守", Leader: "朴顺姬", FoundedOn: "2022-03-01"}))
		vtB := must[frontline.Team](t)(svc.CreateTeam(ctx, b, frontline.Volunteer, frontline.TeamInput{OrgID: e.City.BranchB1.ID, Name: "乙镇青年志愿者服务队", Purpose: "排查", Leader: "朴顺姬", FoundedOn: "2022-03-01"}))
		tbB := must[frontline.TempBranch](t)(svc.CreateTemp(ctx, b, frontline.TempInput{ParentID: e.City.BranchB1.ID, Name: "乙镇防控临时党支部", Code: "TBT1", Task: "乙镇封控区值守", StartedOn: "2022-03-01"}))
		dpB := must[frontline.Deployment](t)(svc.CreateDeployment(ctx, b, frontline.DeploymentInput{OrgID: e.City.BranchB1.ID, Name: "乙镇下沉人", IDNumber: idNumber("19700101", 21), ToPlace: "乙镇卡口", StartedOn: "2022-03-01"}))
		scB := must[frontline.Screening](t)(svc.CreateScreening(ctx, b, frontline.ScreeningInput{OrgID: e.City.BranchB1.ID, ScreenedOn: "2022-03-02", Place: "乙镇高速口", Persons: 77}))
		must[frontline.Screening](t)(svc.CreateScreening(ctx, a, frontline.ScreeningInput{OrgID: e.City.BranchA1.ID, ScreenedOn: "2022-03-02", Place: "甲镇火车站", Persons: 41}))

		secret := []string{"乙镇卡口专班", "乙镇青年志愿者服务队", "乙镇防控临时党支部", "乙镇下沉人", "乙镇高速口"}
		var sc []testapp.Scenario
		for _, p := range []string{"/frontline/taskforces", "/frontline/volunteers", "/frontline/temp", "/frontline/deployments", "/frontline/screenings"} {
			sc = append(sc,
				testapp.Scenario{Name: "page " + p, User: testapp.TownA, Page: true, Path: p, Status: 200, WantNot: secret},
				testapp.Scenario{Name: "page under B " + p, User: testapp.TownA, Page: true, Path: fmt.Sprintf("%s?under=%d", p, e.City.TownB.ID), WantNot: secret},
				testapp.Scenario{Name: "api " + p, User: testapp.TownA, Path: "/api/v1" + p, Status: 200, WantNot: secret},
				testapp.Scenario{Name: "staff " + p, User: testapp.Staff, Page: true, Path: p, Status: 200},
			)
		}
		sc = append(sc,
			testapp.Scenario{Name: "A's own screening", User: testapp.TownA, Page: true, Path: "/frontline/screenings", Want: []string{"甲镇火车站", "41"}},
			testapp.Scenario{Name: "B's screening total", User: testapp.TownB, Path: "/api/v1/frontline/screenings", Want: []string{`"persons":77`}},
			testapp.Scenario{Name: "staff sees B", User: testapp.Staff, Page: true, Path: "/frontline/deployments", Want: []string{"乙镇下沉人"}, WantNot: []string{idNumber("19700101", 21)}},
		)
		for _, g := range []struct{ page, api string }{
			{fmt.Sprintf("/frontline/taskforces/%d", tfB.ID), fmt.Sprintf("/api/v1/frontline/taskforces/%d", tfB.ID)},
			{fmt.Sprintf("/frontline/volunteers/%d", vtB.ID), fmt.Sprintf("/api/v1/frontline/volunteers/%d/people", vtB.ID)},
			{fmt.Sprintf("/frontline/taskforces/%d", vtB.ID), fmt.Sprintf("/api/v1/frontline/taskforces/%d", vtB.ID)},
			{fmt.Sprintf("/frontline/temp/%d", tbB.ID), fmt.Sprintf("/api/v1/frontline/temp/%d", tbB.ID)},
			{fmt.Sprintf("/frontline/deployments/%d", dpB.ID), fmt.Sprintf("/api/v1/frontline/deployments/%d", dpB.ID)},
			{fmt.Sprintf("/frontline/screenings/%d", scB.ID), fmt.Sprintf("/api/v1/frontline/screenings/%d", scB.ID)},
			{fmt.Sprintf("/frontline/screenings/%d/edit", scB.ID), fmt.Sprintf("/api/v1/frontline/temp/%d/people", tbB.ID)},
		} {
			sc = append(sc,
				testapp.Scenario{Name: "guess page " + g.page, User: testapp.TownA, Page: true, Path: g.page, Status: 404, WantNot: secret},
				testapp.Scenario{Name: "guess api " + g.api, User: testapp.TownA, Path: g.api, Status: 404, WantNot: secret},
			)
		}
		sc = append(sc,
			testapp.Scenario{Name: "api put B's screening", User: testapp.TownA, Method: "PUT", Path: fmt.Sprintf("/api/v1/frontline/screenings/%d", scB.ID),
				Body: map[string]any{"org_id": e.City.BranchA1.ID, "screened_on": "2022-03-02", "place": "x", "persons": 1}, Status: 404},
			testapp.Scenario{Name: "api delete B's deployment", User: testapp.TownA, Method: "DELETE", Path: fmt.Sprintf("/api/v1/frontline/deployments/%d", dpB.ID), Status: 404},
			testapp.Scenario{Name: "api screening into B", User: testapp.TownA, Method: "POST", Path: "/api/v1/frontline/screenings",
				Body: map[string]any{"org_id": e.City.BranchB1.ID, "screened_on": "2022-03-02", "place": "x", "persons": 1}, Status: 422, Want: []string{"org_id"}},
			testapp.Scenario{Name: "api bad screening names fields", User: testapp.TownA, Method: "POST", Path: "/api/v1/frontline/screenings",
				Body: map[string]any{"org_id": e.City.BranchA1.ID, "screened_on": "2022-03-02", "persons": -3}, Status: 422, Want: []string{"排查地点", "排查人数"}},
			testapp.Scenario{Name: "member may not read", User: testapp.Member, Path: "/api/v1/frontline/screenings", Status: 403},
			testapp.Scenario{Name: "secretary may not create teams", User: testapp.Secretary, Method: "POST", Path: "/api/v1/frontline/taskforces", Body: map[string]any{}, Status: 403},
			testapp.Scenario{Name: "sysadmin may not file", User: testapp.SysAdmin, Method: "POST", Path: "/api/v1/frontline/screenings", Body: map[string]any{}, Status: 403},
		)
		e.Run(t, sc)

		// Exports: A's workbook lacks B's rows, and every export is audited.
		ca := e.Login(t, testapp.TownA)
		for _, p := range []string{"/frontline/taskforces/export", "/frontline/volunteers/export", "/frontline/temp/export", "/frontline/deployments/export", "/frontline/screenings/export"} {
			res := ca.Page(p)
			if res.Status != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheet") {
				t.Fatalf("export %s: %d %s", p, res.Status, res.Header.Get("Content-Type"))
			}
			text := workbookText(t, res.Body)
			for _, s := range secret {
				if strings.Contains(text, s) {
					t.Errorf("export %s holds %s", p, s)
				}
			}
			if p == "/frontline/screenings/export" && !strings.Contains(text, "甲镇火车站") {
				t.Errorf("A's export lacks A's screening: %q", text)
			}
		}
		var n int
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND object_type IN ('frontline_team', 'temp_branch', 'deployment', 'screening')`).Scan(&n); err != nil || n != 5 {
			t.Errorf("audited exports: %d %v", n, err)
		}

		// The page form keeps what was typed and names the field.
		res := ca.Post("/frontline/screenings/new", url.Values{"org_id": {fmt.Sprint(e.City.BranchA1.ID)}, "screened_on": {"2022-03-05"}, "place": {"甲镇客运站"}, "persons": {"许多"}})
		if res.Status != 422 || !strings.Contains(res.Body, "排查人数") || !strings.Contains(res.Body, "甲镇客运站") {
			t.Errorf("bad form: %d %.300s", res.Status, res.Body)
		}
		// The figure strip of the ledger page counts A's screenings.
		page := ca.Page("/frontline/screenings?period=2022")
		if !strings.Contains(page.Body, ">41<") {
			t.Errorf("figure strip lacks A's 41 persons")
		}
	})
}

// workbookText is every cell of every sheet, joined.
func workbookText(t *testing.T, body string) string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}
