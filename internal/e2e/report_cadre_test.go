package e2e

import (
	"fmt"
	"strings"
	"testing"

	"troika/internal/member"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// cadreReference enters a small set of cadre records through the API only
// and returns the figures of part 二 as counted by hand.
func cadreReference(t *testing.T, e *testapp.Env) {
	t.Helper()
	c := e.Login(t, testapp.Staff)
	post := func(path string, body map[string]any) int64 {
		t.Helper()
		r := c.API("POST", path, body)
		if r.Status != 201 {
			t.Fatalf("POST %s: %d %s", path, r.Status, r.Body)
		}
		var out struct{ ID int64 }
		r.JSON(t, &out)
		return out.ID
	}
	root := e.City.Root.ID
	// Row 28: three documents of 2022, one of 2021.
	for i, d := range []string{"2022-02-10", "2022-03-15", "2022-06-30", "2021-12-01"} {
		post("/api/v1/cadre/documents", map[string]any{"org_id": root, "title": fmt.Sprintf("配套文件%d", i), "issued_on": d, "programme": "五大工程"})
	}
	// Rows 29–30: seven cadres promoted in 2022, four aged ≤ 35 at the
	// date; one more promoted in 2021 and one 职级晋升 that do not count.
	births := []string{"19900105", "19880615", "19870301", "19920220", "19860101", "19750707", "19700303", "19800808"}
	var ids []int64
	for i, b := range births {
		ids = append(ids, post("/api/v1/cadres", map[string]any{"org_id": e.City.BranchA1.ID, "name": fmt.Sprintf("干部%d", i),
			"id_number": member.MakeID("222401", b, i, i%2 == 0), "position": "科员", "status": "serving"}))
	}
	for i := 0; i < 7; i++ {
		post("/api/v1/cadre/promotions", map[string]any{"cadre_id": ids[i], "kind": "promote", "promoted_on": "2022-03-01", "to_post": "副镇长"})
	}
	post("/api/v1/cadre/promotions", map[string]any{"cadre_id": ids[7], "kind": "promote", "promoted_on": "2021-03-01", "to_post": "副镇长"})
	post("/api/v1/cadre/promotions", map[string]any{"cadre_id": ids[6], "kind": "grade", "promoted_on": "2022-05-01", "to_post": "镇长"})
	// Row 31: three in the pool at the end of 2022 (one left in 2022).
	for i := 0; i < 4; i++ {
		in := map[string]any{"cadre_id": ids[i], "status": "in", "nominated_on": "2022-01-05", "entered_on": "2022-02-01"}
		if i == 3 {
			in["status"], in["exited_on"], in["exit_reason"] = "exited", "2022-09-01", "promoted"
		}
		post("/api/v1/cadre/reserve", in)
	}
	// Rows 32–33: a young-cadre class of 5 and a class of 3: 8 person-times.
	young := post("/api/v1/cadre/classes", map[string]any{"org_id": root, "name": "中青年干部培训班", "mode": "offline", "young": true, "started_on": "2022-06-01", "hours": 40})
	other := post("/api/v1/cadre/classes", map[string]any{"org_id": root, "name": "专题培训班", "mode": "online", "started_on": "2022-04-01", "hours": 3})
	for i := 0; i < 5; i++ {
		post(fmt.Sprintf("/api/v1/cadre/classes/%d/attendees", young), map[string]any{"cadre_id": ids[i]})
	}
	for i := 0; i < 3; i++ {
		post(fmt.Sprintf("/api/v1/cadre/classes/%d/attendees", other), map[string]any{"name": fmt.Sprintf("学员%d", i)})
	}
	// Row 34: two inspections, five distinct units (one inspected twice).
	i1 := post("/api/v1/supervision/inspections", map[string]any{"org_id": root, "title": "公务员法律法规实施情况监督检查（一）", "started_on": "2022-05-01"})
	i2 := post("/api/v1/supervision/inspections", map[string]any{"org_id": root, "title": "公务员法律法规实施情况监督检查（二）", "started_on": "2022-10-01"})
	for i, u := range []string{"市财政局", "市教育局", "市卫健局"} {
		post(fmt.Sprintf("/api/v1/supervision/inspections/%d/units", i1), map[string]any{"unit_name": u, "inspected_on": fmt.Sprintf("2022-05-0%d", i+2)})
	}
	for _, u := range []string{"市财政局", "市民政局", "市水利局"} {
		post(fmt.Sprintf("/api/v1/supervision/inspections/%d/units", i2), map[string]any{"unit_name": u, "inspected_on": "2022-10-09"})
	}
	// Row 35: four issues with 2,345 reads.
	for i, n := range []int{500, 600, 745, 500} {
		post("/api/v1/supervision/publicity", map[string]any{"org_id": root, "title": fmt.Sprintf("公务员那些事儿（%d）", i+1), "series": "公务员那些事儿",
			"published_on": fmt.Sprintf("2022-0%d-15", i+2), "reads": n})
	}
}

func TestAnnualReportCadreFigures(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		cadreReference(t, e)
		page := e.Login(t, testapp.Staff).Page("/reports/annual?period=2022")
		if page.Status != 200 {
			t.Fatalf("report: %d", page.Status)
		}
		body := page.Body
		for _, want := range [][]string{
			{"和", "3", "</a>个配套文件"},
			{"新提拔干部", "7", "</a>名，其中35岁左右干部", "4", "</a>名，占", "57.1%"},
			{"“双推双考双评”理论考试，", "3", "</a>名干部列入全市优秀年轻干部储备库"},
			{"组织", "5", "</a>名中青年干部参加"},
			{"累计培训", "8", "</a>人次"},
			{"监督检查", "2", "</a>次，共检查", "5", "</a>家单位"},
			{"“公务员那些事儿”", "4", "</a>期", "累计阅览量达到", "2000余", "</a>次"},
		} {
			at := 0
			for _, piece := range want {
				i := strings.Index(body[at:], piece)
				if i < 0 {
					t.Errorf("report lacks %q in order %q", piece, want)
					break
				}
				at += i + len(piece)
			}
		}
	})
}
