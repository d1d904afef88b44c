package member_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/member"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// seedHTTP puts one member in branch A1 and one in branch B1 of the
// fixture city.
func seedHTTP(t *testing.T, e *testapp.Env) (a, b member.Member, idA, idB string) {
	t.Helper()
	c := e.City
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "fixture"})
	staff := &access.Principal{UserID: 1, Role: access.RoleStaff, OrgID: c.Root.ID, OrgPath: c.Root.Path}
	idA, idB = member.MakeID("222405", "19800101", 1, true), member.MakeID("222401", "19750505", 2, false)
	var err error
	a, err = e.App.Members.Create(ctx, staff, member.Input{OrgID: c.BranchA1.ID, Name: "金东哲", Ethnicity: "朝鲜族", IDNumber: idA,
		Phone: "13843311111", JoinedOn: "2005-07-01", FullOn: "2006-07-01", Category: member.Full})
	if err != nil {
		t.Fatal(err)
	}
	b, err = e.App.Members.Create(ctx, staff, member.Input{OrgID: c.BranchB1.ID, Name: "朴西岭", Ethnicity: "朝鲜族", IDNumber: idB,
		Phone: "13943322222", JoinedOn: "2000-07-01", FullOn: "2001-07-01", Category: member.Full})
	if err != nil {
		t.Fatal(err)
	}
	return a, b, idA, idB
}

func TestMemberScopeOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		a, b, idA, idB := seedHTTP(t, e)
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		e.Run(t, []testapp.Scenario{
			{Name: "roster page A", User: testapp.TownA, Page: true, Path: "/members", Status: 200,
				Want: []string{a.Name, "2224**********", "党员总数"}, WantNot: []string{b.Name, idA}},
			{Name: "two-char search A for B's name", User: testapp.TownA, Page: true, Path: "/members?q=" + url.QueryEscape("西岭"), Status: 200,
				WantNot: []string{b.Name}},
			{Name: "two-char search staff", User: testapp.Staff, Page: true, Path: "/members?q=" + url.QueryEscape("西岭"), Status: 200,
				Want: []string{b.Name}, WantNot: []string{a.Name}},
			{Name: "ID search A for B", User: testapp.TownA, Path: "/api/v1/members?q=" + idB, Status: 200, Want: []string{`"total":0`}, WantNot: []string{b.Name}},
			{Name: "ID search B for B", User: testapp.TownB, Path: "/api/v1/members?q=" + idB, Status: 200, Want: []string{`"total":1`, b.Name}, WantNot: []string{idB}},
			{Name: "detail of B as A", User: testapp.TownA, Page: true, Path: "/members/" + id(b.ID), Status: 404, WantNot: []string{b.Name}},
			{Name: "API B as A", User: testapp.TownA, Path: "/api/v1/members/" + id(b.ID), Status: 404, WantNot: []string{b.Name}},
			{Name: "API events B as A", User: testapp.TownA, Path: "/api/v1/members/" + id(b.ID) + "/events", Status: 404},
			{Name: "API edit B as A", User: testapp.TownA, Method: "PUT", Path: "/api/v1/members/" + id(b.ID),
				Body: map[string]any{"name": "改名", "ethnicity": "汉族", "joined_on": "2000-07-01", "category": "full"}, Status: 404},
			{Name: "API transfer B as A", User: testapp.TownA, Method: "POST", Path: "/api/v1/members/" + id(b.ID) + "/transfer",
				Body: map[string]any{"to_org_code": "TA01", "on": "2024-01-01"}, Status: 404},
			{Name: "API create in B as A", User: testapp.TownA, Method: "POST", Path: "/api/v1/members",
				Body: map[string]any{"org_id": e.City.BranchB1.ID, "name": "渗透", "ethnicity": "汉族", "id_number": member.MakeID("222402", "19900101", 5, true),
					"joined_on": "2015-07-01", "full_on": "2016-07-01", "category": "full"}, Status: 422, WantNot: []string{e.City.BranchB1.Name}},
			{Name: "API distribution of B as A", User: testapp.TownA, Path: "/api/v1/members/distribution?org=" + id(e.City.TownB.ID), Status: 404},
			{Name: "export A", User: testapp.TownA, Path: "/api/v1/members/export", Status: 200},
			{Name: "export unmasked A", User: testapp.TownA, Path: "/api/v1/members/export?unmask=1", Status: 403},
			{Name: "unmask as committee", User: testapp.TownA, Path: "/api/v1/members/" + id(a.ID) + "?unmask=1", Status: 403, WantNot: []string{idA}},
			{Name: "unmask as staff", User: testapp.Staff, Path: "/api/v1/members/" + id(a.ID) + "?unmask=1", Status: 200, Want: []string{idA, "13843311111", `"unmasked":true`}},
			{Name: "masked as staff", User: testapp.Staff, Path: "/api/v1/members/" + id(a.ID), Status: 200, Want: []string{"138****1111"}, WantNot: []string{idA}},
			{Name: "secretary sees own branch", User: testapp.Secretary, Path: "/api/v1/members", Status: 200, Want: []string{a.Name, `"total":1`}, WantNot: []string{b.Name}},
			{Name: "secretary cannot create", User: testapp.Secretary, Method: "POST", Path: "/api/v1/members", Body: map[string]any{"name": "x"}, Status: 403},
			{Name: "member role has no roster", User: testapp.Member, Path: "/api/v1/members", Status: 403},
			{Name: "anonymous", Path: "/api/v1/members", Status: 401},
			{Name: "tree counts members", User: testapp.Staff, Path: "/api/v1/orgs/" + id(e.City.Root.ID) + "/tree", Status: 200, Want: []string{`"member.counter":2`}},
		})
		// Guessed ids: every id but A's own answers 404 to town A.
		ca := e.Login(t, testapp.TownA)
		for n := int64(1); n <= b.ID+3; n++ {
			res := ca.API("GET", "/api/v1/members/"+id(n), nil)
			if want := map[bool]int{true: 200, false: 404}[n == a.ID]; res.Status != want {
				t.Errorf("GET member %d as A: %d, want %d", n, res.Status, want)
			}
		}
		// The unmasked view through the page is a POST with the CSRF token,
		// and lands in the audit log.
		cs := e.Login(t, testapp.Staff)
		if res := cs.Page("/members/" + id(a.ID)); !strings.Contains(res.Body, "查看完整信息") || strings.Contains(res.Body, idA) {
			t.Fatalf("detail page: %d", res.Status)
		}
		res := cs.Post("/members/"+id(a.ID)+"/unmask", url.Values{})
		if res.Status != 200 || !strings.Contains(res.Body, idA) {
			t.Fatalf("unmask page: %d", res.Status)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'personal.view' AND object_id = ?`, fmt.Sprint(a.ID)); n != 2 {
			t.Fatalf("personal.view audited %d times", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND object_type = 'member'`); n != 1 {
			t.Fatalf("exports audited %d times", n)
		}

		// Transfer A → B by code through the API; B's incoming list and accept.
		tr := ca.API("POST", "/api/v1/members/"+id(a.ID)+"/transfer", map[string]any{"to_org_code": "TB01", "on": "2024-06-01", "reason": "工作调动"})
		if tr.Status != 201 {
			t.Fatalf("transfer: %d %s", tr.Status, tr.Body)
		}
		var tv member.Transfer
		tr.JSON(t, &tv)
		cb := e.Login(t, testapp.TownB)
		if res := cb.Page("/member-transfers?box=in"); !strings.Contains(res.Body, a.Name) || !strings.Contains(res.Body, "接收") {
			t.Fatalf("B's incoming page lacks the transfer")
		}
		if res := ca.API("POST", "/api/v1/member-transfers/"+id(tv.ID)+"/accept", nil); res.Status != 404 {
			t.Fatalf("sender accepting: %d", res.Status)
		}
		if res := cb.API("POST", "/api/v1/member-transfers/"+id(tv.ID)+"/accept", nil); res.Status != 200 {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}
		if res := cb.API("GET", "/api/v1/members/"+id(a.ID)+"/events", nil); !strings.Contains(res.Body, "transfer_in") {
			t.Fatalf("events after accept: %s", res.Body)
		}
		if res := ca.API("GET", "/api/v1/members/"+id(a.ID), nil); res.Status != 404 {
			t.Fatalf("A still reads the moved member: %d", res.Status)
		}
	})
}
