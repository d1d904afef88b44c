package archive_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// Township A never sees township B's archives: not in lists, exports or
// the overdue list, not by guessing ids, not by stepping them.
func TestScopeOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		ca, cb := e.Login(t, testapp.TownA), e.Login(t, testapp.TownB)
		mk := func(c *testapp.Client, orgID int64, name string, n int) int64 {
			t.Helper()
			res := c.API("POST", "/api/v1/archives", map[string]any{"org_id": orgID, "name": name, "id_number": idNumber(n),
				"received_on": "2022-03-01", "received_from": "村党支部", "materials": []map[string]any{{"name": "入党志愿书", "copies": 1}}})
			if res.Status != 201 {
				t.Fatalf("create %s: %d %s", name, res.Status, res.Body)
			}
			var out struct{ ID int64 }
			res.JSON(t, &out)
			return out.ID
		}
		aID := mk(ca, e.City.BranchA1.ID, "甲镇金顺姬", 11)
		bID := mk(cb, e.City.BranchB1.ID, "乙镇朴英爱", 12)
		for _, c := range []*testapp.Client{ca, cb} {
			if res := c.API("POST", "/api/v1/archives/"+fmt.Sprint(map[*testapp.Client]int64{ca: aID, cb: bID}[c])+"/file",
				map[string]string{"shelf_no": fmt.Sprint("S", c.Token[:6]), "filed_on": "2022-03-02"}); res.Status != 200 {
				t.Fatalf("file: %d %s", res.Status, res.Body)
			}
		}
		if res := cb.API("POST", fmt.Sprintf("/api/v1/archives/%d/lend", bID), map[string]string{"borrower": "乙", "purpose": "查阅",
			"lent_on": "2022-03-03", "due_on": "2022-03-10"}); res.Status != 200 {
			t.Fatalf("lend: %d %s", res.Status, res.Body)
		}
		// Township B's archive in township A's city-wide view and the staff's.
		bPath := fmt.Sprintf("/archives/%d", bID)
		e.Run(t, []testapp.Scenario{
			{Name: "A list page", User: testapp.TownA, Page: true, Path: "/archives", Status: 200, Want: []string{"甲镇金顺姬"}, WantNot: []string{"乙镇朴英爱"}},
			{Name: "A list API", User: testapp.TownA, Path: "/api/v1/archives", Status: 200, Want: []string{"甲镇金顺姬"}, WantNot: []string{"乙镇朴英爱"}},
			{Name: "A overdue page", User: testapp.TownA, Page: true, Path: "/archives/overdue", Status: 200, WantNot: []string{"乙镇朴英爱"}},
			{Name: "A overdue API", User: testapp.TownA, Path: "/api/v1/archives/overdue", Status: 200, WantNot: []string{"乙镇朴英爱"}},
			{Name: "B overdue API", User: testapp.TownB, Path: "/api/v1/archives/overdue", Status: 200, Want: []string{"乙镇朴英爱"}},
			{Name: "A guesses B page", User: testapp.TownA, Page: true, Path: bPath, Status: 404, WantNot: []string{"乙镇朴英爱"}},
			{Name: "A guesses B API", User: testapp.TownA, Path: "/api" + "/v1" + bPath, Status: 404, WantNot: []string{"乙镇朴英爱"}},
			{Name: "A guesses B history", User: testapp.TownA, Path: "/api/v1" + bPath + "/history", Status: 404},
			{Name: "A returns B's archive", User: testapp.TownA, Method: "POST", Path: "/api/v1" + bPath + "/return", Body: map[string]string{"returned_on": "2022-03-05"}, Status: 404},
			{Name: "A edits B's archive", User: testapp.TownA, Method: "PUT", Path: "/api/v1" + bPath, Body: map[string]any{"org_id": e.City.BranchA1.ID, "name": "x",
				"id_number": idNumber(12), "received_on": "2022-03-01", "received_from": "x", "materials": []map[string]any{{"name": "x", "copies": 1}}}, Status: 404},
			{Name: "A step page of B", User: testapp.TownA, Page: true, Path: bPath + "/return", Status: 404},
			{Name: "staff sees both", User: testapp.Staff, Path: "/api/v1/archives", Status: 200, Want: []string{"甲镇金顺姬", "乙镇朴英爱"}},
			{Name: "masked in list", User: testapp.Staff, Path: "/api/v1/archives", Status: 200, WantNot: []string{idNumber(11)}},
			{Name: "staff reveals", User: testapp.Staff, Method: "POST", Path: fmt.Sprintf("/api/v1/archives/%d/reveal", aID), Status: 200, Want: []string{idNumber(11)}},
			{Name: "committee may not reveal", User: testapp.TownA, Method: "POST", Path: fmt.Sprintf("/api/v1/archives/%d/reveal", aID), Status: 403},
			{Name: "sysadmin reads no archives", User: testapp.SysAdmin, Path: "/api/v1/archives", Status: 403},
			{Name: "member reads no archives", User: testapp.Member, Page: true, Path: "/archives", Status: 403},
			{Name: "illegal step refused", User: testapp.TownB, Method: "POST", Path: "/api/v1" + bPath + "/transfer",
				Body: map[string]string{"transferred_on": "2022-03-05", "transferred_to": "某地", "receipt_no": "1"}, Status: 409, Want: []string{"须先归还"}},
		})
		// Exports: A's workbook lacks B's name; the export is audited.
		res := ca.Page("/archives/export")
		if res.Status != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheet") {
			t.Fatalf("export: %d %s", res.Status, res.Header.Get("Content-Type"))
		}
		if book := xlsxText(t, res.Body); !strings.Contains(book, "甲镇金顺姬") || strings.Contains(book, "乙镇朴英爱") || strings.Contains(book, idNumber(11)) {
			t.Errorf("township A's export: %s", book)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND object_type = 'archive'`); n != 1 {
			t.Errorf("export audit entries: %d", n)
		}
		// The form keeps what was typed and names the field.
		res = ca.Post("/archives/new", url.Values{"name": {"崔明哲"}, "id_number": {"123"}, "org_id": {fmt.Sprint(e.City.BranchA1.ID)},
			"received_on": {"2022-03-01"}, "received_from": {"东风村党支部"}, "material_name": {"入党志愿书"}, "material_copies": {"1"}})
		if res.Status != 422 || !strings.Contains(res.Body, "身份证号应为18位") || !strings.Contains(res.Body, `value="崔明哲"`) || !strings.Contains(res.Body, `value="东风村党支部"`) {
			t.Errorf("bad form: %d %.600s", res.Status, res.Body)
		}
	})
}
