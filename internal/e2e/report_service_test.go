package e2e

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

var tagRe = regexp.MustCompile(`<[^>]+>`)

// The service figures of the annual report (seed rows 2, 3, 23, 24, 27)
// come from records entered through the public wish pages and the API
// only, and stand in the seed's sentences.
func TestAnnualReportServiceFigures(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		c := e.City
		staff := e.Login(t, testapp.Staff)
		towna := e.Login(t, testapp.TownA)
		member := e.Login(t, testapp.Member)
		must := func(r testapp.Response, want int, what string) testapp.Response {
			t.Helper()
			if r.Status != want {
				t.Fatalf("%s: %d %s", what, r.Status, r.Body)
			}
			return r
		}
		id := func(r testapp.Response) string {
			t.Helper()
			var x struct {
				ID int64 `json:"id"`
			}
			r.JSON(t, &x)
			return strconv.FormatInt(x.ID, 10)
		}

		// Row 2: three projects established in 2022, one in 2021.
		for _, p := range []struct {
			org int64
			on  string
		}{{c.TownA.ID, "2022-03-01"}, {c.BranchA1.ID, "2022-11-30"}, {c.TownB.ID, "2022-01-01"}, {c.TownB.ID, "2021-12-31"}} {
			must(staff.API("POST", "/api/v1/service/projects", map[string]any{"org_id": p.org, "title": "村屯道路硬化", "goal": "年内完工",
				"owner": "金明哲", "budget": "120000", "established_on": p.on}), 201, "project")
		}

		// Row 3: the wish clock runs in 2022. Three residents submit on the
		// public page, a grid worker's wish is entered through the API.
		e.App.Service.Now = func() time.Time { return time.Date(2022, 6, 15, 4, 0, 0, 0, time.UTC) }
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		var codes []string
		for _, org := range []int64{c.BranchA1.ID, c.BranchA1.ID, c.BranchB1.ID} {
			res, err := noRedirect.PostForm(e.URL+"/wish", url.Values{"content": {"想要一台收音机"}, "category": {"生活用品"},
				"resident_name": {"朴大爷"}, "phone": {"139 0433 1234"}, "org_id": {strconv.FormatInt(org, 10)}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			loc, _ := url.Parse(res.Header.Get("Location"))
			if res.StatusCode != http.StatusSeeOther || loc.Query().Get("code") == "" {
				t.Fatalf("public submission: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			codes = append(codes, loc.Query().Get("code"))
		}
		var wishes []string
		for _, code := range codes {
			r := must(e.Do(t, "GET", "/api/v1/public/wishes/"+code, "", nil), 200, "public lookup")
			if !strings.Contains(r.Body, `"status":"submitted"`) || strings.Contains(r.Body, "1234") {
				t.Errorf("public view: %s", r.Body)
			}
		}
		list := must(staff.API("GET", "/api/v1/service/wishes?status=submitted", nil), 200, "list")
		for _, m := range regexp.MustCompile(`"id":(\d+),"org_id"`).FindAllStringSubmatch(list.Body, -1) {
			wishes = append(wishes, m[1])
		}
		grid := must(staff.API("POST", "/api/v1/service/wishes", map[string]any{"org_id": c.BranchB1.ID, "content": "需要一辆轮椅",
			"category": "就医助老", "resident_name": "崔奶奶", "phone": "13843312345"}), 201, "grid wish")
		wishes = append(wishes, id(grid))
		if len(wishes) != 4 {
			t.Fatalf("wishes %v", wishes)
		}
		for _, w := range wishes {
			must(staff.API("POST", "/api/v1/service/wishes/"+w+"/publish", map[string]any{"claim_by": "2022-06-30"}), 200, "publish")
		}
		// The member of branch A1 claims one of town A, town A's committee
		// another for the branch, staff one of town B for its branch; the
		// fourth stays unclaimed.
		must(member.API("POST", "/api/v1/service/wishes/"+wishes[2]+"/claim", map[string]any{"due_on": "2022-06-20"}), 200, "member claim")
		must(towna.API("POST", "/api/v1/service/wishes/"+wishes[1]+"/claim", map[string]any{"org_id": c.BranchA1.ID, "due_on": "2022-06-25"}), 200, "town claim")
		must(staff.API("POST", "/api/v1/service/wishes/"+wishes[0]+"/claim", map[string]any{"org_id": c.BranchB1.ID, "due_on": "2022-06-25"}), 200, "staff claim")
		// A wish claimed in 2021 does not count for 2022.
		e.App.Service.Now = func() time.Time { return time.Date(2021, 12, 20, 4, 0, 0, 0, time.UTC) }
		old := id(must(staff.API("POST", "/api/v1/service/wishes", map[string]any{"org_id": c.BranchA1.ID, "content": "想要一床厚棉被",
			"category": "生活用品", "resident_name": "金大娘", "phone": "13943312345"}), 201, "old wish"))
		must(staff.API("POST", "/api/v1/service/wishes/"+old+"/publish", map[string]any{"claim_by": "2021-12-31"}), 200, "old publish")
		must(staff.API("POST", "/api/v1/service/wishes/"+old+"/claim", map[string]any{"org_id": c.BranchA1.ID, "due_on": "2021-12-25"}), 200, "old claim")

		// Row 23: menus and items on offer at the end of 2022.
		m1 := id(must(staff.API("POST", "/api/v1/twonew/menus", map[string]any{"org_id": c.Root.ID, "name": "“筑梦”党建指导", "offered_from": "2022-03-01"}), 201, "menu"))
		m2 := id(must(staff.API("POST", "/api/v1/twonew/menus", map[string]any{"org_id": c.Root.ID, "name": "试点服务", "offered_from": "2022-01-01", "withdrawn_on": "2022-06-30"}), 201, "menu 2"))
		must(staff.API("POST", "/api/v1/twonew/menus", map[string]any{"org_id": c.Root.ID, "name": "次年菜单", "offered_from": "2023-02-01"}), 201, "menu 3")
		for _, it := range []struct{ menu, name string }{{m1, "党组织组建指导"}, {m1, "主题党日策划"}, {m2, "驿站共建试点"}} {
			must(staff.API("POST", "/api/v1/twonew/menus/"+it.menu+"/items", map[string]any{"name": it.name, "offered_from": "2022-03-01"}), 201, "item")
		}
		// Row 24: warm stations are sites of the service-site registry.
		for _, s := range []struct{ kind, name string }{{"warm", "甲镇暖心驿站"}, {"warm", "乙镇暖心驿站"}, {"centre", "甲镇党群服务中心"}} {
			must(staff.API("POST", "/api/v1/service-sites", map[string]any{"org_id": c.TownA.ID, "kind": s.kind, "name": s.name,
				"address": "甲镇中心街1号", "opened_on": "2022-05-01"}), 201, "site")
		}
		// Row 27: three enterprises, two of them selling in 2022 (three
		// products, 1234500 元 in all); the third sold only in 2021.
		var products []string
		for i, name := range []string{"明东大米专业合作社", "长白山食品有限公司", "仙峰特产商贸有限公司"} {
			ent := id(must(staff.API("POST", "/api/v1/ecommerce/enterprises", map[string]any{"org_id": c.TownA.ID, "name": name, "kind": "合作社", "joined_on": "2021-06-01"}), 201, "enterprise"))
			products = append(products, id(must(staff.API("POST", "/api/v1/ecommerce/enterprises/"+ent+"/products", map[string]any{"name": "有机大米", "category": "大米杂粮", "listed_on": "2021-06-01"}), 201, "product")))
			if i == 0 {
				products = append(products, id(must(staff.API("POST", "/api/v1/ecommerce/enterprises/"+ent+"/products", map[string]any{"name": "黑木耳", "category": "山珍菌类", "listed_on": "2021-06-01"}), 201, "product")))
			}
		}
		for _, s := range []struct{ product, on, amount string }{{products[0], "2022-02-01", "500000"}, {products[0], "2022-12-31", "34500"},
			{products[1], "2022-07-01", "300000"}, {products[2], "2022-09-09", "400000"}, {products[3], "2021-10-01", "999999"}} {
			must(staff.API("POST", "/api/v1/ecommerce/sales", map[string]any{"product_id": atoi(s.product), "sold_on": s.on, "quantity": 100,
				"amount": s.amount, "channel": "电商平台"}), 201, "sale")
		}

		page := must(staff.Page("/reports/annual?period=2022"), 200, "report")
		text := tagRe.ReplaceAllString(page.Body, "")
		for _, sentence := range []string{
			"确立为民服务实事项目3个，认领群众“微心愿”3个",
			"面向全市两新组织提供1套活动菜单、2个服务项目",
			"设立2个“暖心驿站”",
			"累计帮助2家企业，销售3种商品，销售额达120余万元",
		} {
			if !strings.Contains(text, sentence) {
				t.Errorf("report lacks %q", sentence)
			}
		}
		if !strings.Contains(page.Body, `href="/indicators/service.wishes_claimed?period=2022&amp;org=`+strconv.FormatInt(c.Root.ID, 10)+`"`) {
			t.Error("the wish figure does not link to its records")
		}
		// Town A's report counts its own subtree: two projects, two wishes.
		a := tagRe.ReplaceAllString(must(towna.Page("/reports/annual?period=2022"), 200, "town report").Body, "")
		if !strings.Contains(a, "确立为民服务实事项目2个，认领群众“微心愿”2个") {
			i := strings.Index(a, "确立为民服务")
			t.Errorf("town A report: %.200s", a[max(i, 0):])
		}
	})
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
