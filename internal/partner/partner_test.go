package partner_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/partner"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

func TestPerVillage(t *testing.T) {
	pairs := func(fen ...int64) []partner.Invested {
		var out []partner.Invested
		for i, f := range fen {
			out = append(out, partner.Invested{Partner: "大学", OrgID: int64(i + 1), Amount: f})
		}
		return out
	}
	for _, tc := range []struct {
		in   []partner.Invested
		want int64
	}{
		{pairs(50000000, 50000000), 50000000}, // 各投资50万元
		{pairs(50000000, 30000000), 40000000}, // unequal: the average
		{pairs(100, 100, 101), 100},           // 301/3 rounded to the fen
		{pairs(7), 7},
		{nil, 0},
	} {
		if got := partner.PerVillage(tc.in); got != tc.want {
			t.Errorf("PerVillage(%v) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// Every kind has its label in the catalog (they are built at run time).
func TestKindLabels(t *testing.T) {
	for _, k := range partner.DealKinds {
		if !i18n.Has("partner.kind." + string(k)) {
			t.Errorf("no label for %s", k)
		}
	}
	for _, k := range partner.PartnerKinds {
		if !i18n.Has("partner.pkind." + string(k)) {
			t.Errorf("no label for %s", k)
		}
	}
}

// The figures of rows 14 and 15 against hand counts, scope by page, API,
// export and guessed ids, and forms that name their fields and save
// nothing.
func TestPartnerLedgers(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		c := e.City
		a, b := e.Login(t, testapp.TownA), e.Login(t, testapp.TownB)
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
		val := func(key string, orgID int64, path string, spec string) indicator.Value {
			t.Helper()
			p, _ := indicator.ParsePeriod(spec)
			v, err := indicator.Compute(t.Context(), db, key, indicator.Scope{OrgID: orgID, Path: path}, p)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		root := c.Root
		for _, k := range []string{partner.KeyOrders, partner.KeyInvestmentEach, partner.KeySpecialFunds, partner.KeyVenueArea} {
			if v := val(k, root.ID, root.Path, "2022"); !v.NoData {
				t.Errorf("%s on empty ledgers: %+v", k, v)
			}
		}
		deal := func(cl *testapp.Client, org int64, kind, who, title string, fen int64, on string) int64 {
			return post(cl, "/api/v1/partners/deals", map[string]any{"org_id": org, "kind": kind, "partner": who, "partner_kind": "university",
				"title": title, "amount": fen, "signed_on": on})
		}
		deal(a, c.BranchA1.ID, "order", "吉林工商学院", "订购大米", 26000000, "2022-09-20")
		deal(a, c.TownA.ID, "order", "吉林工商学院", "订购礼盒", 16000000, "2022-12-08")
		deal(a, c.TownA.ID, "order", "吉林工商学院", "旧订单", 5000000, "2021-12-31")
		deal(a, c.BranchA1.ID, "investment", "吉林建筑大学", "车间", 30000000, "2022-05-16")
		deal(a, c.BranchA1.ID, "investment", "吉林建筑大学", "车间二期", 20000000, "2022-08-16") // 50万 to A1 in two deals
		invB := deal(b, c.BranchB1.ID, "investment", "吉林建筑大学", "乙镇秘密圈舍", 50000000, "2022-05-16")
		fundB := deal(b, c.BranchB1.ID, "fund", "中共中央组织部", "乙镇秘密专项资金", 300000000, "2022-04-25")
		projB := post(b, "/api/v1/partners/projects", map[string]any{"org_id": c.BranchB1.ID, "name": "乙镇秘密教育馆", "area_m2": 248, "funds": 185000000,
			"deal_id": fundB, "started_on": "2021-11-20", "completed_on": "2022-10-28"})
		post(a, "/api/v1/partners/projects", map[string]any{"org_id": c.BranchA1.ID, "name": "甲镇旧服务中心", "area_m2": 320, "started_on": "2021-04-01", "completed_on": "2021-09-30"})

		// Hand counts for 2022.
		if v := val(partner.KeyOrders, root.ID, root.Path, "2022"); v.N != 42000000 {
			t.Errorf("orders: %+v", v)
		}
		if v := val(partner.KeyInvestmentEach, root.ID, root.Path, "2022"); v.N != 50000000 {
			t.Errorf("investment each (two villages, 50万 each): %+v", v)
		}
		if v := val(partner.KeyInvestmentEach, root.ID, root.Path, "2022Q2"); v.N != 40000000 {
			t.Errorf("investment each Q2 (30万 and 50万): %+v", v)
		}
		if v := val(partner.KeySpecialFunds, root.ID, root.Path, "2022"); v.N != 300000000 {
			t.Errorf("funds: %+v", v)
		}
		// Started in 2021, completed in 2022: counted in both years, once.
		if v := val(partner.KeyVenueArea, root.ID, root.Path, "2022"); v.N != 248 {
			t.Errorf("area 2022: %+v", v)
		}
		if v := val(partner.KeyVenueArea, root.ID, root.Path, "2021"); v.N != 248+320 {
			t.Errorf("area 2021: %+v", v)
		}
		if v := val(partner.KeySpecialFunds, c.TownA.ID, c.TownA.Path, "2022"); v.N != 0 || v.NoData {
			t.Errorf("town A funds: %+v", v)
		}

		secret := []string{"乙镇秘密圈舍", "乙镇秘密专项资金", "乙镇秘密教育馆"}
		var sc []testapp.Scenario
		for _, p := range []string{"/partners", "/partners/deals", "/partners/projects"} {
			sc = append(sc,
				testapp.Scenario{Name: "page " + p, User: testapp.TownA, Page: true, Path: p, Status: 200, WantNot: secret},
				testapp.Scenario{Name: "page under B " + p, User: testapp.TownA, Page: true, Path: fmt.Sprintf("%s?under=%d", p, c.TownB.ID), WantNot: secret},
				testapp.Scenario{Name: "api " + p, User: testapp.TownA, Path: "/api/v1" + p, Status: 200, WantNot: secret},
				testapp.Scenario{Name: "staff " + p, User: testapp.Staff, Page: true, Path: p, Status: 200},
			)
		}
		for _, g := range []string{fmt.Sprintf("/partners/deals/%d", invB), fmt.Sprintf("/partners/deals/%d", fundB), fmt.Sprintf("/partners/projects/%d", projB)} {
			sc = append(sc,
				testapp.Scenario{Name: "guess page " + g, User: testapp.TownA, Page: true, Path: g, Status: 404, WantNot: secret},
				testapp.Scenario{Name: "guess edit " + g, User: testapp.TownA, Page: true, Path: g + "/edit", Status: 404, WantNot: secret},
				testapp.Scenario{Name: "guess api " + g, User: testapp.TownA, Path: "/api/v1" + g, Status: 404, WantNot: secret},
				testapp.Scenario{Name: "guess delete " + g, User: testapp.TownA, Method: "DELETE", Path: "/api/v1" + g, Status: 404},
			)
		}
		sc = append(sc,
			testapp.Scenario{Name: "staff partners", User: testapp.Staff, Page: true, Path: "/partners?period=2022", Want: []string{"吉林工商学院", "中共中央组织部", ">42<", ">50<", ">300<", ">248<"}},
			testapp.Scenario{Name: "A's partner figures", User: testapp.TownA, Page: true, Path: "/partners/deals?period=2022", Want: []string{">42<"}, WantNot: []string{">300<"}},
			testapp.Scenario{Name: "project funded from B's deal", User: testapp.TownA, Method: "POST", Path: "/api/v1/partners/projects",
				Body: map[string]any{"org_id": c.BranchA1.ID, "name": "x", "area_m2": 10, "deal_id": fundB, "started_on": "2022-01-01"}, Status: 422, Want: []string{"deal_id"}},
			testapp.Scenario{Name: "bad deal names fields", User: testapp.TownA, Method: "POST", Path: "/api/v1/partners/deals",
				Body:   map[string]any{"org_id": c.BranchB1.ID, "kind": "gift", "partner": "", "partner_kind": "university", "title": "x", "amount": -1, "signed_on": "2099-01-01"},
				Status: 422, Want: []string{"事项类型", "合作单位", "金额", "签订/到位日期", "受益村（组织）"}},
			testapp.Scenario{Name: "an order needs an amount", User: testapp.TownA, Method: "POST", Path: "/api/v1/partners/deals",
				Body:   map[string]any{"org_id": c.BranchA1.ID, "kind": "order", "partner": "某大学", "partner_kind": "university", "title": "x", "amount": 0, "signed_on": "2022-01-01"},
				Status: 422, Want: []string{"须填写金额"}},
			testapp.Scenario{Name: "a deal paying for a project stays", User: testapp.TownB, Method: "DELETE", Path: fmt.Sprintf("/api/v1/partners/deals/%d", fundB), Status: 409},
			testapp.Scenario{Name: "member may not read", User: testapp.Member, Path: "/api/v1/partners/deals", Status: 403},
		)
		e.Run(t, sc)

		// Exports are scoped and audited.
		for _, p := range []string{"/partners/deals/export", "/partners/projects/export"} {
			res := a.Page(p)
			if res.Status != 200 {
				t.Fatalf("export %s: %d", p, res.Status)
			}
			text := workbookText(t, res.Body)
			for _, s := range secret {
				if strings.Contains(text, s) {
					t.Errorf("export %s holds %s", p, s)
				}
			}
		}
		var n int
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND object_type IN ('partner_deal', 'partner_project')`).Scan(&n); err != nil || n != 2 {
			t.Errorf("audited exports: %d %v", n, err)
		}

		// A bad page form keeps what was typed, names the fields, saves nothing.
		before := 0
		_ = db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM partner_projects`).Scan(&before)
		res := a.Post("/partners/projects/new", url.Values{"org_id": {fmt.Sprint(c.BranchA1.ID)}, "name": {"甲镇党史馆"}, "area_m2": {"248.5"},
			"funds": {"三百万"}, "started_on": {"2022-05-20"}, "completed_on": {"2022-01-01"}})
		if res.Status != 422 || !strings.Contains(res.Body, "甲镇党史馆") || !strings.Contains(res.Body, "应为整数（平方米）") ||
			!strings.Contains(res.Body, "项目资金（元）") || !strings.Contains(res.Body, "不能早于开工日期") {
			t.Errorf("bad project form: %d %.400s", res.Status, res.Body)
		}
		after := 0
		_ = db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM partner_projects`).Scan(&after)
		if after != before {
			t.Errorf("bad form saved a project")
		}
		res = a.Post("/partners/deals/new", url.Values{"org_id": {fmt.Sprint(c.BranchA1.ID)}, "kind": {"investment"}, "partner": {"延边大学"},
			"partner_kind": {"university"}, "title": {"电商服务站"}, "amount": {"80000"}, "signed_on": {"2022-10-09"}})
		if res.Status != 303 {
			t.Fatalf("good deal form: %d %.300s", res.Status, res.Body)
		}
		if page := a.Page(res.Header.Get("Location")); !strings.Contains(page.Body, "80000.00") {
			t.Errorf("saved deal page lacks the amount")
		}
	})
}

func workbookText(t *testing.T, body string) string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}
