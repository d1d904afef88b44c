package coop_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// Township A never sees township B's unions, cooperatives or income: not
// by page, API, export or guessed ids; a bad form names its fields, keeps
// what was typed and saves nothing.
func TestHTTPScopeAndForms(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		c := e.City
		b := e.Login(t, testapp.TownB)
		post := func(cl *testapp.Client, path string, body map[string]any) int64 {
			t.Helper()
			r := cl.API("POST", path, body)
			if r.Status != 201 {
				t.Fatalf("POST %s: %d %s", path, r.Status, r.Body)
			}
			var out struct {
				ID int64 `json:"id"`
			}
			r.JSON(t, &out)
			return out.ID
		}
		uB := post(b, "/api/v1/coop/unions", map[string]any{"org_id": c.TownB.ID, "name": "乙镇秘密联合社", "founded_on": "2022-03-01"})
		cB := post(b, "/api/v1/coop/coops", map[string]any{"org_id": c.BranchB1.ID, "union_id": uB, "name": "西岭秘密合作社", "founded_on": "2021-01-01",
			"joined_on": "2022-03-01", "households": 77, "persons": 150, "resident_households": 80, "resident_persons": 160})
		iB := post(b, "/api/v1/coop/incomes", map[string]any{"org_id": c.BranchB1.ID, "received_on": "2022-06-01", "amount": 1234500, "item": "乙镇秘密分红", "via_union": true})
		a := e.Login(t, testapp.TownA)
		post(a, "/api/v1/coop/coops", map[string]any{"org_id": c.BranchA1.ID, "name": "东风合作社", "founded_on": "2021-01-01",
			"households": 40, "persons": 90, "resident_households": 50, "resident_persons": 100})

		secret := []string{"乙镇秘密联合社", "西岭秘密合作社", "乙镇秘密分红"}
		var sc []testapp.Scenario
		for _, p := range []string{"/coop/unions", "/coop/coops", "/coop/incomes"} {
			sc = append(sc,
				testapp.Scenario{Name: "page " + p, User: testapp.TownA, Page: true, Path: p, Status: 200, WantNot: secret},
				testapp.Scenario{Name: "page under B " + p, User: testapp.TownA, Page: true, Path: fmt.Sprintf("%s?under=%d", p, c.TownB.ID), WantNot: secret},
				testapp.Scenario{Name: "api " + p, User: testapp.TownA, Path: "/api/v1" + p, Status: 200, WantNot: secret},
				testapp.Scenario{Name: "staff " + p, User: testapp.Staff, Page: true, Path: p, Status: 200},
			)
		}
		for _, g := range []string{fmt.Sprintf("/coop/unions/%d", uB), fmt.Sprintf("/coop/coops/%d", cB), fmt.Sprintf("/coop/incomes/%d", iB),
			fmt.Sprintf("/coop/coops/%d/edit", cB), fmt.Sprintf("/coop/unions/%d/edit", uB)} {
			sc = append(sc,
				testapp.Scenario{Name: "guess page " + g, User: testapp.TownA, Page: true, Path: g, Status: 404, WantNot: secret},
				testapp.Scenario{Name: "guess api " + g, User: testapp.TownA, Path: "/api/v1" + strings.TrimSuffix(g, "/edit"), Status: 404, WantNot: secret},
			)
		}
		sc = append(sc,
			testapp.Scenario{Name: "staff sees B", User: testapp.Staff, Page: true, Path: "/coop/coops", Want: []string{"西岭秘密合作社", "96.3%"}},
			testapp.Scenario{Name: "B's union detail", User: testapp.TownB, Page: true, Path: fmt.Sprintf("/coop/unions/%d", uB), Want: []string{"西岭秘密合作社", "77"}},
			testapp.Scenario{Name: "api put B's cooperative", User: testapp.TownA, Method: "PUT", Path: fmt.Sprintf("/api/v1/coop/coops/%d", cB),
				Body: map[string]any{"org_id": c.BranchA1.ID, "name": "x"}, Status: 404},
			testapp.Scenario{Name: "api delete B's income", User: testapp.TownA, Method: "DELETE", Path: fmt.Sprintf("/api/v1/coop/incomes/%d", iB), Status: 404},
			testapp.Scenario{Name: "api income into B", User: testapp.TownA, Method: "POST", Path: "/api/v1/coop/incomes",
				Body: map[string]any{"org_id": c.BranchB1.ID, "received_on": "2022-06-01", "amount": 100, "item": "x"}, Status: 422, Want: []string{"org_id"}},
			testapp.Scenario{Name: "api bad cooperative names fields", User: testapp.TownA, Method: "POST", Path: "/api/v1/coop/coops",
				Body:   map[string]any{"org_id": c.GroupA1.ID, "name": "", "founded_on": "2022-13-01", "households": 9, "persons": 3, "resident_households": 5, "resident_persons": 5},
				Status: 422, Want: []string{"合作社名称", "成立日期", "领办村党组织", "带动户数"}},
			testapp.Scenario{Name: "member may not read", User: testapp.Member, Path: "/api/v1/coop/coops", Status: 403},
			testapp.Scenario{Name: "sysadmin may not write", User: testapp.SysAdmin, Method: "POST", Path: "/api/v1/coop/unions", Body: map[string]any{}, Status: 403},
		)
		e.Run(t, sc)

		// Exports: A's workbooks lack B's rows; every export is audited.
		for _, p := range []string{"/coop/unions/export", "/coop/coops/export", "/coop/incomes/export"} {
			res := a.Page(p)
			if res.Status != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheet") {
				t.Fatalf("export %s: %d %s", p, res.Status, res.Header.Get("Content-Type"))
			}
			text := workbookText(t, res.Body)
			for _, s := range secret {
				if strings.Contains(text, s) {
					t.Errorf("export %s holds %s", p, s)
				}
			}
		}
		if text := workbookText(t, a.Page("/coop/coops/export").Body); !strings.Contains(text, "东风合作社") {
			t.Errorf("A's export lacks A's cooperative: %q", text)
		}
		var n int
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND object_type IN ('coop_union', 'coop', 'coop_income')`).Scan(&n); err != nil || n != 4 {
			t.Errorf("audited exports: %d %v", n, err)
		}

		// Page forms: errors beside the fields, what was typed kept, nothing saved.
		res := a.Post("/coop/incomes/new", url.Values{"org_id": {fmt.Sprint(c.BranchA1.ID)}, "received_on": {"2022-06-01"}, "amount": {"一万"}, "item": {"甲镇大米分红"}})
		if res.Status != 422 || !strings.Contains(res.Body, "金额（元）") || !strings.Contains(res.Body, "甲镇大米分红") {
			t.Errorf("bad income form: %d %.300s", res.Status, res.Body)
		}
		res = a.Post("/coop/coops/new", url.Values{"org_id": {fmt.Sprint(c.BranchA1.ID)}, "name": {"第二个东风合作社"}, "founded_on": {"2022-01-01"},
			"households": {"12x"}, "persons": {"5"}, "resident_households": {"10"}, "resident_persons": {"20"}})
		if res.Status != 422 || !strings.Contains(res.Body, "带动户数") || !strings.Contains(res.Body, "已领办合作社") || !strings.Contains(res.Body, "第二个东风合作社") {
			t.Errorf("bad cooperative form: %d %.500s", res.Status, res.Body)
		}
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM coops`).Scan(&n); err != nil || n != 2 {
			t.Errorf("cooperatives after bad forms: %d", n)
		}
		// A good page form saves and shows the record.
		res = a.Post("/coop/incomes/new", url.Values{"org_id": {fmt.Sprint(c.BranchA1.ID)}, "received_on": {"2022-06-01"}, "amount": {"23,500.5"},
			"item": {"甲镇大米分红"}, "via_union": {"1"}})
		if res.Status != 303 {
			t.Fatalf("good income form: %d %.300s", res.Status, res.Body)
		}
		if page := a.Page(res.Header.Get("Location")); !strings.Contains(page.Body, "23500.50") || !strings.Contains(page.Body, "已登记") {
			t.Errorf("saved income page: %.300s", page.Body)
		}
		// The ledger page's figure strip counts A's income only.
		if page := a.Page("/coop/incomes?period=2022"); !strings.Contains(page.Body, ">2.35<") {
			t.Errorf("figure strip lacks A's 2.35万元")
		}
	})
}

// Village offices import income from Excel: a file with a bad row writes
// nothing; a good one writes every row and the figure counts them.
func TestIncomeImport(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		c := e.Login(t, testapp.TownA)
		head := []any{"入账日期", "村党组织编码", "收入项目", "金额（元）", "通过联合社增收", "凭证号"}
		bad := [][]any{head, {"2022-06-01", "TA01", "大米分红", "12000.50", "是", "记-1"}, {"2022/7/1", "TB01", "乙镇", "100", "是", ""},
			{"2022-07-02", "TA", "镇里", "abc", "也许", ""}, {"2022-07-03", "TA01", "重复", "5", "否", "记-1"}}
		job := upload(t, e, c.Token, "coop-incomes", bad)
		if job.Status != "failed" || job.FailedRows != 3 {
			t.Fatalf("bad file: %+v", job)
		}
		var n int
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM coop_incomes`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("a failed import wrote %d rows", n)
		}
		good := [][]any{head, {"2022-06-01", "TA01", "大米分红", "12000.50", "是", "记-1"}, {"2022年12月31日", "TA01", "黄牛利润", 8000, "是", "记-2"},
			{"2022-03-01", "TA01", "土地发包", "5000", "", ""}}
		if job = upload(t, e, c.Token, "coop-incomes", good); job.Status != "done" || job.Done != 3 {
			t.Fatalf("good file: %+v", job)
		}
		r := c.API("GET", fmt.Sprintf("/api/v1/indicators/coop.income_added?period=2022&org=%d", e.City.TownA.ID), nil)
		if !strings.Contains(r.Body, `"n":2000050`) {
			t.Errorf("income added after import: %.300s", r.Body)
		}
	})
}

type jobView struct {
	ID         int64  `json:"id"`
	Status     string `json:"status"`
	Done       int    `json:"done"`
	FailedRows int    `json:"failed_rows"`
}

// upload sends a workbook to the import API and waits for the job.
func upload(t *testing.T, e *testapp.Env, token, kind string, rows [][]any) jobView {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var book bytes.Buffer
	if err := f.Write(&book); err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", kind+".xlsx")
	_, _ = io.Copy(fw, &book)
	mw.Close()
	req, _ := http.NewRequest("POST", e.URL+"/api/v1/imports/"+kind, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var job jobView
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload %s: %d %s", kind, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, &job); err != nil {
		t.Fatal(err)
	}
	e.App.Imports.Wait()
	res := e.Do(t, "GET", fmt.Sprintf("/api/v1/imports/%d", job.ID), token, nil)
	res.JSON(t, &job)
	return job
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
