package e2e

import (
	"strconv"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// talentData enters a small reference dataset of the talent ledgers
// through the API only and returns the figures part 三 must print.
func talentData(t *testing.T, e *testapp.Env) {
	t.Helper()
	staff := e.Login(t, testapp.Staff)
	c := e.City
	post := func(path string, body map[string]any) int64 {
		t.Helper()
		r := staff.API("POST", path, body)
		if r.Status != 201 && r.Status != 200 {
			t.Fatalf("POST %s: %d %s", path, r.Status, r.Body)
		}
		var out struct {
			ID int64 `json:"id"`
		}
		r.JSON(t, &out)
		return out.ID
	}
	// Row 36: 3 positions in 2 categories in 2022 (one of 2021 not counted).
	for _, o := range []struct{ cat, on string }{{"agronomy", "2022-03-01"}, {"agronomy", "2022-03-02"}, {"animal", "2022-04-01"}, {"food", "2021-12-01"}} {
		post("/api/v1/talent/orders", map[string]any{"org_id": c.TownA.ID, "plan_year": 2022, "category": o.cat, "position": "农技岗位", "employer": "甲镇农业站", "places": 2, "collected_on": o.on})
	}
	// Row 37: rent of 1234.50 元 and 2000 元 paid in 2022; one approved only.
	t1 := post("/api/v1/talent/talents", map[string]any{"org_id": c.BranchA1.ID, "name": "金才", "specialty": "agronomy", "origin": "outside", "returnee": true})
	t2 := post("/api/v1/talent/talents", map[string]any{"org_id": c.BranchB1.ID, "name": "朴才", "specialty": "it", "origin": "local", "returnee": true})
	for i, amount := range []int{123450, 200000, 99900} {
		s := post("/api/v1/talent/subsidies", map[string]any{"talent_id": t1, "kind": "rent", "amount": amount, "applied_on": "2022-05-01"})
		p := "/api/v1/talent/subsidies/" + strconv.FormatInt(s, 10)
		post(p+"/approve", map[string]any{"on": "2022-05-02"})
		if i < 2 {
			post(p+"/pay", map[string]any{"on": "2022-05-10"})
		}
	}
	// Row 38: two talents in an online reading group at the end of 2022.
	g := post("/api/v1/talent/groups", map[string]any{"org_id": c.Root.ID, "name": "人才微信读书群", "kind": "reading", "online": true, "founded_on": "2022-01-01"})
	for _, tl := range []int64{t1, t2} {
		post("/api/v1/talent/members", map[string]any{"group_id": g, "talent_id": tl, "joined_on": "2022-02-01"})
	}
	// Row 39: 1500 + 780 plays.
	post("/api/v1/talent/courses", map[string]any{"org_id": c.Root.ID, "title": "乡村振兴科技支撑行动直播课", "kind": "broadcast", "platform": "吉农云", "held_on": "2022-04-01", "plays": 1500})
	post("/api/v1/talent/courses", map[string]any{"org_id": c.Root.ID, "title": "腾讯线上技能培训", "kind": "video", "platform": "腾讯", "held_on": "2022-04-05", "plays": 780})
	// Row 40–41: 3 stations; 2 problems solved in 2022.
	var st int64
	for i, k := range []string{"county", "township", "scenic"} {
		st = post("/api/v1/talent/stations", map[string]any{"org_id": c.TownA.ID, "name": "返乡创业服务站" + strconv.Itoa(i), "site_kind": k, "founded_on": "2022-03-01"})
	}
	for _, solved := range []string{"2022-06-01", "2022-07-01", ""} {
		body := map[string]any{"station_id": st, "returnee": "许正日", "raised_on": "2022-05-01", "problem": "办理营业执照"}
		if solved != "" {
			body["solved_on"] = solved
		}
		post("/api/v1/talent/cases", body)
	}
	// Row 42–43: 4 leads; 2 converted into the pool; t1 entered directly.
	var leads []int64
	for i := 0; i < 4; i++ {
		leads = append(leads, post("/api/v1/talent/leads", map[string]any{"org_id": c.TownB.ID, "name": "域外才" + strconv.Itoa(i), "specialty": "business", "location": "上海市", "collected_on": "2022-06-01"}))
	}
	for _, l := range leads[:2] {
		post("/api/v1/talent/leads/"+strconv.FormatInt(l, 10)+"/convert", map[string]any{"entered_on": "2022-06-10"})
	}
	post("/api/v1/talent/pool", map[string]any{"talent_id": t1, "entered_on": "2022-06-01"})
	// Row 44: both returnees featured, t1 twice.
	for _, tl := range []int64{t1, t1, t2} {
		post("/api/v1/talent/features", map[string]any{"talent_id": tl, "published_on": "2022-09-01", "title": "返乡品：乡村振兴带头人", "channel": "公众号"})
	}
}

func TestAnnualReportTalentSentences(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		talentData(t, e)
		page := e.Login(t, testapp.Staff).Page("/reports/annual?period=2022")
		if page.Status != 200 {
			t.Fatalf("report: %d %.300s", page.Status, page.Body)
		}
		for _, s := range []string{
			">2</a>个专业类别共", ">3</a>个培养计划岗位",
			"发放租房补助<a", ">0.32</a>万元",
			">2</a>名人才在线交流",
			"播放量达<a", ">2000余</a>次",
			"建立的<a", ">3</a>个返乡创业服务站",
			"解决问题<a", ">2</a>个",
			"收集域外**人才信息<a", ">4</a>条",
			"纳入人才储备库<a", ">3</a>人",
			">2</a>名返乡创业人员进行宣传报道",
		} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("report lacks %q", s)
			}
		}
		i, j := strings.Index(page.Body, "栽梧筑巢"), strings.Index(page.Body, "示范引领效应")
		if i < 0 || j < i || strings.Contains(page.Body[i:j], "无数据") {
			t.Errorf("part 三 has a figure without data")
		}
	})
}
