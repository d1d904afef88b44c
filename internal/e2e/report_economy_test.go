package e2e

import (
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// economyData enters a small reference dataset of the cooperative and
// partner ledgers through the API only; the comments give the hand counts
// the report must print for 2022.
func economyData(t *testing.T, e *testapp.Env) {
	t.Helper()
	staff := e.Login(t, testapp.Staff)
	c := e.City
	post := func(path string, body map[string]any) int64 {
		t.Helper()
		r := staff.API("POST", path, body)
		if r.Status != 201 {
			t.Fatalf("POST %s: %d %s", path, r.Status, r.Body)
		}
		var out struct {
			ID int64 `json:"id"`
		}
		r.JSON(t, &out)
		return out.ID
	}
	village := func(name, code string) int64 {
		return post("/api/v1/orgs", map[string]any{"parent_id": c.TownA.ID, "name": name, "code": code, "kind": "branch", "domain": "rural", "founded_on": "1998-07-01"})
	}
	v2, v3 := village("中共甲镇南山村支部委员会", "TA02"), village("中共甲镇北沟村支部委员会", "TA03")
	union := post("/api/v1/coop/unions", map[string]any{"org_id": c.TownA.ID, "name": "甲镇党支部领办合作社联合社", "founded_on": "2022-03-01"})
	unionB := post("/api/v1/coop/unions", map[string]any{"org_id": c.TownB.ID, "name": "乙镇合作社联合社", "founded_on": "2022-02-01"})
	coop := func(org, u int64, name, joined, left string, hh, pp, rh int64) {
		body := map[string]any{"org_id": org, "union_id": u, "name": name, "founded_on": "2020-05-01", "joined_on": joined, "left_on": left,
			"households": hh, "persons": pp, "resident_households": rh, "resident_persons": pp + 40}
		post("/api/v1/coop/coops", body)
	}
	// Row 12 at the end of 2022: 东风村 100 of 120 households and 南山村
	// 80 of 80 → 180 户, 190+150 = 340 人, 180/200 = 90.0%. 北沟村 joined
	// in 2023 and 西岭村 left in November 2022: neither counts.
	coop(c.BranchA1.ID, union, "东风村股份经济合作社", "2022-03-01", "", 100, 190, 120)
	coop(v2, union, "南山村股份经济合作社", "2022-04-01", "", 80, 150, 80)
	coop(v3, union, "北沟村股份经济合作社", "2023-01-10", "", 60, 110, 60)
	coop(c.BranchB1.ID, unionB, "西岭村合作社", "2022-03-01", "2022-11-01", 300, 600, 300)
	// Row 13: 120000.00 + 95000.50 元 added through the union in 2022
	// (21.5万 → "20余"); a lease and a 2021 dividend do not count.
	for _, x := range []struct {
		org  int64
		on   string
		fen  int64
		via  bool
		item string
	}{
		{c.BranchA1.ID, "2022-07-01", 12000000, true, "联合社大米分红"},
		{v2, "2022-12-31", 9500050, true, "联合社黄牛利润返还"},
		{v2, "2022-05-01", 5000000, false, "土地发包"},
		{c.BranchA1.ID, "2021-12-31", 3000000, true, "联合社分红"},
	} {
		post("/api/v1/coop/incomes", map[string]any{"org_id": x.org, "received_on": x.on, "amount": x.fen, "via_union": x.via, "item": x.item})
	}
	deal := func(org int64, kind, partner, pkind, title string, fen int64, on string) int64 {
		return post("/api/v1/partners/deals", map[string]any{"org_id": org, "kind": kind, "partner": partner, "partner_kind": pkind,
			"title": title, "amount": fen, "signed_on": on})
	}
	// Row 14: orders 30万 + 12万 = 42万 in 2022 (one of 2021 not counted);
	// 50万 to each of two villages.
	deal(c.TownA.ID, "agreement", "吉林工商学院", "university", "校地合作协议", 0, "2022-03-01")
	deal(c.TownA.ID, "order", "吉林工商学院", "university", "订购大米", 30000000, "2022-09-01")
	deal(c.TownA.ID, "order", "吉林工商学院", "university", "订购礼盒", 12000000, "2022-12-01")
	deal(c.TownA.ID, "order", "吉林工商学院", "university", "订购杂粮", 9999900, "2021-12-01")
	deal(c.BranchA1.ID, "investment", "吉林建筑大学", "university", "加工车间", 50000000, "2022-05-16")
	deal(v2, "investment", "吉林建筑大学", "university", "养殖圈舍", 50000000, "2022-05-16")
	// Row 15: 300万 of funds; 248 m² built in 2022, a 2021 building not.
	fund := deal(v3, "fund", "中共中央组织部", "government", "红色美丽村庄专项资金", 300000000, "2022-04-25")
	post("/api/v1/partners/projects", map[string]any{"org_id": v3, "name": "党史党性教育馆", "area_m2": 248, "funds": 185000000,
		"deal_id": fund, "started_on": "2022-05-20", "completed_on": "2022-10-28"})
	post("/api/v1/partners/projects", map[string]any{"org_id": c.BranchB1.ID, "name": "党群服务中心", "area_m2": 320, "funds": 60000000,
		"started_on": "2021-04-01", "completed_on": "2021-09-30"})
}

func TestAnnualReportEconomySentences(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		economyData(t, e)
		staff := e.Login(t, testapp.Staff)
		page := staff.Page("/reports/annual?period=2022")
		if page.Status != 200 {
			t.Fatalf("report: %d %.300s", page.Status, page.Body)
		}
		for _, s := range []string{
			"辐射带动常住村民<a", ">180</a>户<a", ">340</a>人，覆盖率达到<a", ">90.0%</a>，通过拓宽农产品销售渠道",
			"增加集体收入<a", ">20余</a>万元。",
			"吉林工商学院订购<a", ">42</a>万元",
			"各投资<a", ">50</a>万元，用于加强",
			"积极争取中组部<a", ">300</a>万元专项资金",
			"新建<a", ">248</a>平方米的全市首个党史党性教育馆",
		} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("report lacks %q", s)
			}
		}
		// The exact value behind "20余" stays available.
		r := staff.API("GET", "/api/v1/indicators/coop.income_added?period=2022", nil)
		if !strings.Contains(r.Body, `"n":21500050`) {
			t.Errorf("income added: %.400s", r.Body)
		}
		// Town B's report has none of town A's union: only a member that
		// left before the year's end, so zero households, not "no data".
		pb := e.Login(t, testapp.TownB).Page("/reports/annual?period=2022")
		if !strings.Contains(pb.Body, ">0</a>户") || strings.Contains(pb.Body, ">180</a>户") {
			t.Errorf("town B report: %s", economyExcerpt(pb.Body, "辐射带动"))
		}
	})
}

func economyExcerpt(body, near string) string {
	i := strings.Index(body, near)
	if i < 0 {
		return "(absent)"
	}
	return body[i:min(len(body), i+600)]
}
