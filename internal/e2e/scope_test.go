package e2e

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A township sees its own subtree and nothing of another township: not by
// page, not by API, not by guessing ids.
func TestTownshipScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		c := e.City
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		e.Run(t, []testapp.Scenario{
			{Name: "tree page A", User: testapp.TownA, Page: true, Path: "/orgs", Status: 200,
				Want: []string{c.TownA.Name, c.BranchA1.Name}, WantNot: []string{c.TownB.Name, c.BranchB1.Name, c.Root.Name}},
			{Name: "search page A", User: testapp.TownA, Page: true, Path: "/orgs/search?q=" + "村", Status: 200,
				Want: []string{c.BranchA1.Name}, WantNot: []string{c.BranchB1.Name}},
			{Name: "two-char search", User: testapp.Staff, Page: true, Path: "/orgs/search?q=" + "西岭", Status: 200,
				Want: []string{c.BranchB1.Name}, WantNot: []string{c.BranchA1.Name}},
			{Name: "detail of B as A", User: testapp.TownA, Page: true, Path: "/orgs/" + id(c.BranchB1.ID), Status: 404,
				WantNot: []string{c.BranchB1.Name, c.BranchB1.Secretary}},
			{Name: "tree rooted at B as A", User: testapp.TownA, Page: true, Path: "/orgs?root=" + id(c.TownB.ID), Status: 404,
				WantNot: []string{c.BranchB1.Name}},
			{Name: "export as A", User: testapp.TownA, Page: true, Path: "/orgs/export", Status: 200},
			{Name: "API list A", User: testapp.TownA, Path: "/api/v1/orgs?size=200", Status: 200,
				Want: []string{c.BranchA1.Name, `"total":3`}, WantNot: []string{c.BranchB1.Name, c.TownB.Name}},
			{Name: "API list A filtered by B", User: testapp.TownA, Path: "/api/v1/orgs?under=" + id(c.TownB.ID), Status: 200,
				Want: []string{`"total":0`}, WantNot: []string{c.BranchB1.Name}},
			{Name: "API get B as A", User: testapp.TownA, Path: "/api/v1/orgs/" + id(c.BranchB1.ID), Status: 404, WantNot: []string{c.BranchB1.Name}},
			{Name: "API tree B as A", User: testapp.TownA, Path: "/api/v1/orgs/" + id(c.TownB.ID) + "/tree", Status: 404, WantNot: []string{c.BranchB1.Name}},
			{Name: "API update B as A", User: testapp.TownA, Method: "PUT", Path: "/api/v1/orgs/" + id(c.BranchB1.ID),
				Body: map[string]any{"name": "改名", "code": "TB01", "kind": "branch", "domain": "rural"}, Status: 404},
			{Name: "API move B under A", User: testapp.TownA, Method: "POST", Path: "/api/v1/orgs/" + id(c.BranchB1.ID) + "/move",
				Body: map[string]any{"parent_id": c.TownA.ID}, Status: 404},
			{Name: "API move A under B", User: testapp.TownA, Method: "POST", Path: "/api/v1/orgs/" + id(c.BranchA1.ID) + "/move",
				Body: map[string]any{"parent_id": c.TownB.ID}, Status: 422, WantNot: []string{c.TownB.Name}},
			{Name: "API create under B as A", User: testapp.TownA, Method: "POST", Path: "/api/v1/orgs",
				Body: map[string]any{"parent_id": c.TownB.ID, "name": "渗透支部", "code": "X1", "kind": "branch", "domain": "rural"}, Status: 422},
			{Name: "API dissolve B as A", User: testapp.TownA, Method: "POST", Path: "/api/v1/orgs/" + id(c.BranchB1.ID) + "/dissolve",
				Body: map[string]any{"dissolved_on": "2022-01-01", "reason": "x"}, Status: 404},
			{Name: "tally A", User: testapp.TownA, Path: "/api/v1/orgs/tally", Status: 200, Want: []string{`"total":3`}},
			{Name: "staff sees both", User: testapp.Staff, Path: "/api/v1/orgs?size=200", Status: 200,
				Want: []string{c.BranchA1.Name, c.BranchB1.Name, `"total":6`}},
			{Name: "secretary sees own branch only", User: testapp.Secretary, Path: "/api/v1/orgs?size=200", Status: 200,
				Want: []string{c.BranchA1.Name, `"total":2`}, WantNot: []string{c.TownA.Name, c.BranchB1.Name}},
			{Name: "secretary cannot write", User: testapp.Secretary, Method: "POST", Path: "/api/v1/orgs",
				Body: map[string]any{"parent_id": c.BranchA1.ID, "name": "第二党小组", "code": "TA0102", "kind": "group", "domain": "rural"}, Status: 403},
			{Name: "member has no org list", User: testapp.Member, Path: "/api/v1/orgs", Status: 403},
			{Name: "anonymous API", Path: "/api/v1/orgs", Status: 401},
		})

		// Guessing ids: every id in the database answers 404 unless it lies in
		// town A's subtree.
		a := e.Login(t, testapp.TownA)
		var maxID int64
		if err := db.QueryRowContext(t.Context(), `SELECT MAX(id) FROM orgs`).Scan(&maxID); err != nil {
			t.Fatal(err)
		}
		inA := map[int64]bool{c.TownA.ID: true, c.BranchA1.ID: true, c.GroupA1.ID: true}
		for i := int64(1); i <= maxID+3; i++ {
			res := a.API("GET", fmt.Sprintf("/api/v1/orgs/%d", i), nil)
			want := http.StatusNotFound
			if inA[i] {
				want = http.StatusOK
			}
			if res.Status != want {
				t.Errorf("GET org %d as town A: %d, want %d", i, res.Status, want)
			}
			page := a.Page(fmt.Sprintf("/orgs/%d", i))
			if page.Status != want {
				t.Errorf("page org %d as town A: %d, want %d", i, page.Status, want)
			}
		}
	})
}
