package frontline_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/xuri/excelize/v2"

	"troika/internal/frontline"
	"troika/internal/indicator"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// Offices import deployments and screenings from Excel: a file with a bad
// row writes nothing; a good one writes every row, and the figures count
// them (one person twice is one person).
func TestImports(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		c := e.Login(t, testapp.TownA)
		x := idNumber("19700101", 31)
		head := []any{"姓名", "身份证号", "派出党组织编码", "下沉地点", "开始日期", "结束日期"}
		bad := [][]any{head, {"赵建国", x, "TA01", "甲镇卡口", "2022/3/12", "2022-04-01"}, {"钱某", "222401197001010010", "TB01", "乙镇卡口", "2022-03-12", ""}}
		job := upload(t, e, c.Token, "deployments", bad)
		if job.Status != "failed" || job.FailedRows != 1 {
			t.Fatalf("bad file: %+v", job)
		}
		good := [][]any{head, {"赵建国", x, "TA01", "甲镇卡口", "2022/3/12", "2022-04-01"}, {"赵建国", x, "TA", "甲镇车站", "2022年10月1日", "2022-10-20"},
			{"钱某", idNumber("19710101", 32), "TA01", "甲镇高速口", "2022-05-01", ""}}
		if job = upload(t, e, c.Token, "deployments", good); job.Status != "done" || job.Done != 3 {
			t.Fatalf("good file: %+v", job)
		}
		scope := indicator.Scope{OrgID: e.City.TownA.ID, Path: e.City.TownA.Path}
		if v, _ := indicator.Compute(t.Context(), db, frontline.KeyDeployed, scope, indicator.Year(2022)); v.N != 2 {
			t.Errorf("deployed after import: %+v", v)
		}
		sheet := [][]any{{"排查日期", "排查地点", "填报组织编码", "排查人数"}, {"2022-04-02", "甲镇卡口", "TA01", 35}, {"2022-04-03", "甲镇卡口", "TA01", 12}}
		if job = upload(t, e, c.Token, "screenings", sheet); job.Status != "done" || job.Done != 2 {
			t.Fatalf("screenings: %+v", job)
		}
		if v, _ := indicator.Compute(t.Context(), db, frontline.KeyScreened, scope, indicator.Year(2022)); v.N != 47 {
			t.Errorf("screened after import: %+v", v)
		}
	})
}

type jobView struct {
	ID         int64  `json:"id"`
	Status     string `json:"status"`
	Done       int    `json:"done"`
	FailedRows int    `json:"failed_rows"`
	Message    string `json:"message"`
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
