package cadre_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"troika/internal/access"
	"troika/internal/member"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// newCadre enters a cadre through the API and returns its id.
func newCadre(t *testing.T, c *testapp.Client, org int64, name, birth string, n int) int64 {
	t.Helper()
	r := c.API("POST", "/api/v1/cadres", map[string]any{"org_id": org, "name": name, "id_number": member.MakeID("222401", birth, n, true),
		"position": "科员", "grade": "keyuan1", "status": "serving", "ethnicity": "10"})
	if r.Status != 201 {
		t.Fatalf("cadre %s: %d %s", name, r.Status, r.Body)
	}
	var out struct{ ID int64 }
	r.JSON(t, &out)
	return out.ID
}

func post(t *testing.T, c *testapp.Client, path string, body map[string]any) int64 {
	t.Helper()
	r := c.API("POST", path, body)
	if r.Status != 201 {
		t.Fatalf("POST %s: %d %s", path, r.Status, r.Body)
	}
	var out struct{ ID int64 }
	r.JSON(t, &out)
	return out.ID
}

func figure(t *testing.T, c *testapp.Client, key, query string) (int64, int64, bool) {
	t.Helper()
	r := c.API("GET", "/api/v1/indicators/"+key+"?period=2022"+query, nil)
	if r.Status != 200 {
		t.Fatalf("%s: %d %s", key, r.Status, r.Body)
	}
	var out struct {
		Figure struct {
			Value struct {
				N, Den int64
				NoData bool `json:"no_data"`
			}
		}
	}
	r.JSON(t, &out)
	return out.Figure.Value.N, out.Figure.Value.Den, out.Figure.Value.NoData
}

// The ledgers keep to the scope by page, API and guessed ids, and the
// figures match counts made by hand.
func TestLedgersScopeAndFigures(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		staff := e.Login(t, testapp.Staff)
		// Every figure says "no data" while its ledger is empty.
		if _, _, nd := figure(t, staff, "cadre.promoted", ""); !nd {
			t.Error("empty promotions ledger not no-data")
		}
		a := newCadre(t, staff, e.City.BranchA1.ID, "金英哲", "19880301", 1) // 34 on 2022-03-01
		a2 := newCadre(t, staff, e.City.BranchA1.ID, "朴成民", "19700101", 2)
		b := newCadre(t, staff, e.City.BranchB1.ID, "崔东浩", "19870301", 3) // 35 on 2022-03-01
		for _, p := range []map[string]any{
			{"cadre_id": a, "kind": "promote", "promoted_on": "2022-03-01", "to_post": "副镇长", "basis": "epidemic"},
			{"cadre_id": a2, "kind": "promote", "promoted_on": "2022-05-01", "to_post": "镇长", "basis": "revitalization"},
			{"cadre_id": b, "kind": "promote", "promoted_on": "2022-03-01", "to_post": "副书记", "basis": "economy"},
			{"cadre_id": b, "kind": "grade", "promoted_on": "2022-06-01", "to_post": "副书记"},
			{"cadre_id": a2, "kind": "promote", "promoted_on": "2021-05-01", "to_post": "副镇长"},
		} {
			post(t, staff, "/api/v1/cadre/promotions", p)
		}
		for key, want := range map[string]int64{"cadre.promoted": 3, "cadre.promoted_young": 2} {
			if n, _, _ := figure(t, staff, key, ""); n != want {
				t.Errorf("%s = %d, want %d", key, n, want)
			}
		}
		if n, den, _ := figure(t, staff, "cadre.promoted_young_share", ""); n != 2 || den != 3 {
			t.Errorf("share %d/%d", n, den)
		}
		// The threshold is a setting: at 34, only 金英哲 counts.
		if r := staff.API("PUT", "/api/v1/cadre/settings", map[string]any{"young_age": 34}); r.Status != 200 {
			t.Fatalf("settings: %d %s", r.Status, r.Body)
		}
		if n, _, _ := figure(t, staff, "cadre.promoted_young", ""); n != 1 {
			t.Errorf("young at 34 = %d", n)
		}
		// A promotion gives the cadre the post and a line of history.
		r := staff.API("GET", fmt.Sprintf("/api/v1/cadres/%d/posts", a), nil)
		if !strings.Contains(r.Body, "副镇长") || !strings.Contains(r.Body, "promote") {
			t.Errorf("history: %s", r.Body)
		}
		// Reserve pool: in the pool at the end of 2022.
		post(t, staff, "/api/v1/cadre/reserve", map[string]any{"cadre_id": a, "status": "in", "nominated_on": "2022-01-05", "entered_on": "2022-02-01"})
		post(t, staff, "/api/v1/cadre/reserve", map[string]any{"cadre_id": b, "status": "exited", "nominated_on": "2021-01-05", "entered_on": "2021-02-01",
			"exited_on": "2022-06-01", "exit_reason": "promoted"})
		if r := staff.API("POST", "/api/v1/cadre/reserve", map[string]any{"cadre_id": a2, "status": "exited", "nominated_on": "2022-01-05"}); r.Status != 422 ||
			!strings.Contains(r.Body, "出库") {
			t.Errorf("exit without date and reason: %d %s", r.Status, r.Body)
		}
		if n, _, _ := figure(t, staff, "cadre.reserve_pool", ""); n != 1 {
			t.Errorf("pool = %d", n)
		}
		// Training: person-times over classes, the largest young class.
		young := post(t, staff, "/api/v1/cadre/classes", map[string]any{"org_id": e.City.Root.ID, "name": "中青年干部培训班", "mode": "offline", "young": true,
			"started_on": "2022-09-01", "hours": 40})
		other := post(t, staff, "/api/v1/cadre/classes", map[string]any{"org_id": e.City.TownA.ID, "name": "专题培训", "mode": "online",
			"started_on": "2022-04-01", "hours": 2.5})
		post(t, staff, fmt.Sprintf("/api/v1/cadre/classes/%d/attendees", young), map[string]any{"cadre_id": a})
		post(t, staff, fmt.Sprintf("/api/v1/cadre/classes/%d/attendees", young), map[string]any{"cadre_id": b})
		post(t, staff, fmt.Sprintf("/api/v1/cadre/classes/%d/attendees", other), map[string]any{"cadre_id": a})
		post(t, staff, fmt.Sprintf("/api/v1/cadre/classes/%d/attendees", other), map[string]any{"name": "李明", "unit": "某村"})
		if r := staff.API("POST", fmt.Sprintf("/api/v1/cadre/classes/%d/attendees", other), map[string]any{"cadre_id": a}); r.Status != 422 {
			t.Errorf("same cadre twice in a class: %d", r.Status)
		}
		for key, want := range map[string]int64{"cadre.training_person_times": 4, "cadre.class_attendees": 2} {
			if n, _, _ := figure(t, staff, key, ""); n != want {
				t.Errorf("%s = %d, want %d", key, n, want)
			}
		}
		tr := staff.API("GET", fmt.Sprintf("/api/v1/cadres/%d/training", a), nil)
		if !strings.Contains(tr.Body, `"hours":"42.5"`) {
			t.Errorf("training hours: %s", tr.Body)
		}
		// Town A sees its cadre and not town B's, by list, page, API and id.
		ta := e.Login(t, testapp.TownA)
		l := ta.API("GET", "/api/v1/cadres", nil)
		if !strings.Contains(l.Body, "金英哲") || strings.Contains(l.Body, "崔东浩") {
			t.Errorf("town A's list: %s", l.Body)
		}
		for _, path := range []string{fmt.Sprintf("/api/v1/cadres/%d", b), fmt.Sprintf("/api/v1/cadres/%d/posts", b)} {
			if r := ta.API("GET", path, nil); r.Status != 404 {
				t.Errorf("town A reads %s: %d", path, r.Status)
			}
		}
		if p := ta.Page(fmt.Sprintf("/cadres/%d", b)); p.Status != 404 {
			t.Errorf("town A's page of B's cadre: %d", p.Status)
		}
		if p := ta.Page("/cadre/promotions"); p.Status != 200 || strings.Contains(p.Body, "崔东浩") || !strings.Contains(p.Body, "金英哲") {
			t.Errorf("town A's promotions page: %d", p.Status)
		}
		if n, _, _ := figure(t, ta, "cadre.promoted", ""); n != 2 {
			t.Errorf("town A promoted = %d", n)
		}
		// Town A may read, not write.
		if r := ta.API("POST", "/api/v1/cadre/documents", map[string]any{"org_id": e.City.TownA.ID, "title": "x", "issued_on": "2022-01-01"}); r.Status != 403 {
			t.Errorf("committee writes: %d", r.Status)
		}
		// Pages render.
		for _, path := range []string{"/cadres", fmt.Sprintf("/cadres/%d", a), "/cadre/reserve", "/cadre/classes", fmt.Sprintf("/cadre/classes/%d", young),
			"/cadre/documents/new", "/supervision/reports", "/supervision/matters", "/cadre/archives", "/cadre/archive-requests", "/supervision/draws", "/cadre/settings"} {
			if p := staff.Page(path); p.Status != 200 {
				t.Errorf("%s: %d %.300s", path, p.Status, p.Body)
			}
		}
		// The form names a bad field in Chinese and keeps what was typed.
		p := staff.Post("/cadres/new", map[string][]string{"name": {"王小明"}, "org_id": {fmt.Sprint(e.City.BranchA1.ID)}, "id_number": {"123"},
			"position": {"科员"}, "status": {"serving"}})
		if p.Status != 422 || !strings.Contains(p.Body, "王小明") || !strings.Contains(p.Body, "has-err") {
			t.Errorf("bad form: %d", p.Status)
		}
	})
}

// The reporter of a 12380 case is never shown except to the supervision
// role, by an audited action: not in lists, pages, API, exports, search,
// nor the audit log.
func TestSealedReporterNeverLeaks(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		name, phone, idn := "司马举报", "13912345678", member.MakeID("222401", "19800101", 7, false)
		r := e.Do(t, "POST", "/api/v1/public/12380", "", map[string]any{"subject_name": "赵某某", "subject_unit": "某局副局长",
			"category": "selection", "content": "在干部选拔中存在违规打招呼的问题，请核查。", "reporter_name": name, "reporter_phone": phone,
			"reporter_id_number": idn})
		if r.Status != 201 {
			t.Fatalf("public intake: %d %s", r.Status, r.Body)
		}
		var got struct{ Code string }
		r.JSON(t, &got)
		secrets := []string{name, phone, idn, idn[:6] + "19800101"}
		leak := func(where, body string) {
			t.Helper()
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("%s shows %q", where, s)
				}
			}
		}
		staff := e.Login(t, testapp.Staff)
		list := staff.API("GET", "/api/v1/supervision/reports", nil)
		leak("API list", list.Body)
		var l struct{ Items []struct{ ID int64 } }
		list.JSON(t, &l)
		if len(l.Items) != 1 {
			t.Fatalf("list: %s", list.Body)
		}
		id := l.Items[0].ID
		leak("API search", staff.API("GET", "/api/v1/supervision/reports?q="+name, nil).Body)
		leak("API case", staff.API("GET", fmt.Sprintf("/api/v1/supervision/reports/%d", id), nil).Body)
		leak("list page", staff.Page("/supervision/reports").Body)
		leak("case page", staff.Page(fmt.Sprintf("/supervision/reports/%d", id)).Body)
		leak("public status", e.Do(t, "GET", "/api/v1/public/12380/"+got.Code, "", nil).Body)
		ex := staff.API("GET", "/api/v1/supervision/reports/export", nil)
		if ex.Status != 200 {
			t.Fatalf("export: %d", ex.Status)
		}
		leak("export", cells(t, ex.Body))
		// Staff may not open the seal.
		if r := staff.API("POST", fmt.Sprintf("/api/v1/supervision/reports/%d/reporter", id), nil); r.Status != 403 {
			t.Errorf("staff opens the seal: %d", r.Status)
		}
		// The supervisor may, and it is audited without the identity.
		if _, _, err := e.App.Access.CreateUser(context.Background(), access.NewUser{Username: "sup1", DisplayName: "监督员", OrgID: e.City.Root.ID,
			Role: access.RoleSupervisor, Password: testapp.Password, Ready: true}); err != nil {
			t.Fatal(err)
		}
		sup := e.Login(t, "sup1")
		who := sup.API("POST", fmt.Sprintf("/api/v1/supervision/reports/%d/reporter", id), nil)
		if who.Status != 200 || !strings.Contains(who.Body, name) || !strings.Contains(who.Body, phone) {
			t.Errorf("supervisor reveal: %d %s", who.Status, who.Body)
		}
		aud := e.Login(t, testapp.Auditor)
		log := aud.API("GET", "/api/v1/audit?size=200", nil)
		if !strings.Contains(log.Body, "sup_report.reporter_view") {
			t.Error("reveal not audited")
		}
		leak("audit log", log.Body)
		if ax := aud.API("GET", "/api/v1/audit/export", nil); ax.Status == 200 {
			leak("audit export", cells(t, ax.Body))
		} else {
			t.Errorf("audit export: %d", ax.Status)
		}
		// Case flow to the reply, which the public sees by code.
		for _, st := range []struct {
			step string
			body map[string]any
		}{{"assign", map[string]any{"assignee": "干部监督科 李科长"}}, {"investigate", map[string]any{}},
			{"conclude", map[string]any{"conclusion": "经核查，反映问题部分属实，已责令整改。"}},
			{"reply", map[string]any{"reply": "您反映的问题已核查处理，感谢监督。"}}} {
			if r := staff.API("POST", fmt.Sprintf("/api/v1/supervision/reports/%d/%s", id, st.step), st.body); r.Status != 200 {
				t.Fatalf("%s: %d %s", st.step, r.Status, r.Body)
			}
		}
		pub := e.Do(t, "GET", "/api/v1/public/12380/"+got.Code, "", nil)
		if !strings.Contains(pub.Body, "感谢监督") || strings.Contains(pub.Body, "部分属实") || strings.Contains(pub.Body, "赵某某") {
			t.Errorf("public status: %s", pub.Body)
		}
		// Town B sees nothing of a city case.
		if r := e.Login(t, testapp.TownB).API("GET", fmt.Sprintf("/api/v1/supervision/reports/%d", id), nil); r.Status != 403 && r.Status != 404 {
			t.Errorf("town B reads the case: %d", r.Status)
		}
	})
}

// cells returns every cell of every sheet of a workbook, for leak checks.
func cells(t *testing.T, body string) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	var sb strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for _, r := range rows {
			sb.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return sb.String()
}

// The verification draw is recorded with its seed and re-runs to the same
// selection; personnel archives open only by approved request.
func TestDrawAndArchiveAccess(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		staff := e.Login(t, testapp.Staff)
		var ids []int64
		for i := 0; i < 12; i++ {
			c := newCadre(t, staff, e.City.BranchA1.ID, fmt.Sprintf("干部%02d", i), "19850101", 10+i)
			ids = append(ids, c)
			post(t, staff, "/api/v1/supervision/matters", map[string]any{"cadre_id": c, "year": 2022, "submitted_on": "2022-03-01", "kind": "annual"})
		}
		r := staff.API("POST", "/api/v1/supervision/draws", map[string]any{"year": 2022, "sample_size": 4})
		if r.Status != 201 {
			t.Fatalf("draw: %d %s", r.Status, r.Body)
		}
		var d struct {
			ID         int64
			Seed       string
			Selected   []int64
			Population []int64
			Reproduced bool
		}
		r.JSON(t, &d)
		if len(d.Selected) != 4 || len(d.Population) != 12 || !d.Reproduced || len(d.Seed) != 32 {
			t.Fatalf("draw: %+v", d)
		}
		again := staff.API("GET", fmt.Sprintf("/api/v1/supervision/draws/%d", d.ID), nil)
		if !strings.Contains(again.Body, `"reproduced":true`) {
			t.Errorf("re-run: %s", again.Body)
		}
		sel := staff.API("GET", "/api/v1/supervision/matters?selected=1", nil)
		if !strings.Contains(sel.Body, `"total":4`) {
			t.Errorf("selected list: %s", sel.Body)
		}
		// A second draw takes from those not yet drawn.
		r2 := staff.API("POST", "/api/v1/supervision/draws", map[string]any{"year": 2022, "sample_size": 100})
		var d2 struct{ Selected []int64 }
		r2.JSON(t, &d2)
		if len(d2.Selected) != 8 {
			t.Errorf("second draw: %s", r2.Body)
		}
		for _, x := range d2.Selected {
			for _, y := range d.Selected {
				if x == y {
					t.Errorf("submission %d drawn twice", x)
				}
			}
		}
		// Archives: the file's contents open only to an approved request.
		file := post(t, staff, "/api/v1/cadre/archives", map[string]any{"cadre_id": ids[0], "shelf_no": "A-001", "received_on": "2022-01-10"})
		post(t, staff, fmt.Sprintf("/api/v1/cadre/archives/%d/materials", file), map[string]any{"category": "1", "title": "干部履历表", "received_on": "2022-01-10"})
		if _, _, err := e.App.Access.CreateUser(context.Background(), access.NewUser{Username: "sup1", DisplayName: "监督员", OrgID: e.City.Root.ID,
			Role: access.RoleSupervisor, Password: testapp.Password, Ready: true}); err != nil {
			t.Fatal(err)
		}
		sup := e.Login(t, "sup1")
		if p := sup.Page(fmt.Sprintf("/cadre/archives/%d", file)); strings.Contains(p.Body, "干部履历表") {
			t.Error("file contents shown without approval")
		}
		q := post(t, sup, fmt.Sprintf("/api/v1/cadre/archives/%d/requests", file), map[string]any{"kind": "borrow", "purpose": "考察需要"})
		if r := sup.API("POST", fmt.Sprintf("/api/v1/cadre/archive-requests/%d/approve", q), map[string]any{"due_on": "2099-01-01"}); r.Status != 403 {
			t.Errorf("requester approves: %d", r.Status)
		}
		if r := staff.API("POST", fmt.Sprintf("/api/v1/cadre/archive-requests/%d/approve", q), map[string]any{"due_on": "2099-01-01"}); r.Status != 200 {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		if p := sup.Page(fmt.Sprintf("/cadre/archives/%d", file)); !strings.Contains(p.Body, "干部履历表") {
			t.Error("approved request does not open the file")
		}
		if r := staff.API("POST", fmt.Sprintf("/api/v1/cadre/archive-requests/%d/lend", q), map[string]any{}); r.Status != 200 {
			t.Fatalf("lend: %d %s", r.Status, r.Body)
		}
		if r := staff.API("GET", fmt.Sprintf("/api/v1/cadre/archives/%d", file), nil); !strings.Contains(r.Body, `"status":"lent"`) {
			t.Errorf("file not lent: %s", r.Body)
		}
		if r := staff.API("POST", fmt.Sprintf("/api/v1/cadre/archive-requests/%d/return", q), map[string]any{}); r.Status != 200 {
			t.Fatalf("return: %d %s", r.Status, r.Body)
		}
		aud := e.Login(t, testapp.Auditor).API("GET", "/api/v1/audit?size=200", nil)
		for _, a := range []string{"pa_request.approve", "pa_request.lend", "archive.open", "sup_draw.create"} {
			if !strings.Contains(aud.Body, a) {
				t.Errorf("%s not audited", a)
			}
		}
	})
}
