package e2e

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// Township A never sees township B's service projects, wishes, 两新
// requests or e-commerce enterprises — by page, by API or by guessing ids;
// a member sees only the wishes of their own township; bad input on the
// forms gets a message naming the field and saves nothing.
func TestServiceLedgersScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		c := e.City
		staff := e.Login(t, testapp.Staff)
		idOf := func(r testapp.Response) string {
			t.Helper()
			if r.Status != 201 {
				t.Fatalf("create: %d %s", r.Status, r.Body)
			}
			i := strings.Index(r.Body, `"id":`)
			j := strings.IndexAny(r.Body[i+5:], ",}")
			return r.Body[i+5 : i+5+j]
		}
		projB := idOf(staff.API("POST", "/api/v1/service/projects", map[string]any{"org_id": c.TownB.ID, "title": "乙镇供暖改造",
			"goal": "年内完工", "owner": "朴顺姬", "established_on": "2022-03-01"}))
		wishB := idOf(staff.API("POST", "/api/v1/service/wishes", map[string]any{"org_id": c.BranchB1.ID, "content": "乙镇心愿轮椅",
			"category": "就医助老", "resident_name": "崔奶奶", "phone": "13843312345"}))
		if r := staff.API("POST", "/api/v1/service/wishes/"+wishB+"/publish", map[string]any{"claim_by": "2099-12-31"}); r.Status != 200 {
			t.Fatalf("publish: %d %s", r.Status, r.Body)
		}
		menu := idOf(staff.API("POST", "/api/v1/twonew/menus", map[string]any{"org_id": c.TownB.ID, "name": "乙镇菜单", "offered_from": "2022-01-01"}))
		item := idOf(staff.API("POST", "/api/v1/twonew/menus/"+menu+"/items", map[string]any{"name": "乙镇服务项目", "offered_from": "2022-01-01"}))
		nf := idOf(staff.API("POST", "/api/v1/orgs", map[string]any{"parent_id": c.TownB.ID, "name": "中共乙镇快递员支部委员会", "code": "NFB",
			"kind": "branch", "domain": "newform", "founded_on": "2022-01-01"}))
		nfID, _ := strconv.ParseInt(nf, 10, 64)
		itemID, _ := strconv.ParseInt(item, 10, 64)
		req := idOf(staff.API("POST", "/api/v1/twonew/requests", map[string]any{"item_id": itemID, "org_id": nfID, "requested_on": "2022-05-01", "need": "乙镇需求"}))
		ent := idOf(staff.API("POST", "/api/v1/ecommerce/enterprises", map[string]any{"org_id": c.TownB.ID, "name": "乙镇大米合作社", "kind": "合作社", "joined_on": "2022-01-01"}))

		e.Run(t, []testapp.Scenario{
			{Name: "B sees its project", User: testapp.TownB, Path: "/api/v1/service/projects", Want: []string{"乙镇供暖改造"}},
			{Name: "A list lacks B project", User: testapp.TownA, Path: "/api/v1/service/projects", WantNot: []string{"乙镇供暖改造"}},
			{Name: "A page lacks B project", User: testapp.TownA, Page: true, Path: "/service/projects", WantNot: []string{"乙镇供暖改造"}},
			{Name: "A guesses B project", User: testapp.TownA, Path: "/api/v1/service/projects/" + projB, Status: 404},
			{Name: "A guesses B project page", User: testapp.TownA, Page: true, Path: "/service/projects/" + projB, Status: 404},
			{Name: "A edits B project", User: testapp.TownA, Method: "PUT", Path: "/api/v1/service/projects/" + projB,
				Body: map[string]any{"org_id": c.TownA.ID, "title": "x", "goal": "x", "owner": "x", "established_on": "2022-01-01"}, Status: 404},
			{Name: "A wish list lacks B", User: testapp.TownA, Path: "/api/v1/service/wishes", WantNot: []string{"乙镇心愿"}},
			{Name: "A page lacks B wish", User: testapp.TownA, Page: true, Path: "/service/wishes?view=unclaimed", WantNot: []string{"乙镇心愿"}},
			{Name: "A guesses B wish", User: testapp.TownA, Path: "/api/v1/service/wishes/" + wishB, Status: 404},
			{Name: "A claims B wish", User: testapp.TownA, Method: "POST", Path: "/api/v1/service/wishes/" + wishB + "/claim",
				Body: map[string]any{"org_id": c.BranchA1.ID, "due_on": "2099-12-01"}, Status: 404},
			{Name: "B sees its wish", User: testapp.TownB, Path: "/api/v1/service/wishes", Want: []string{"乙镇心愿", "138****2345"}, WantNot: []string{"13843312345"}},
			{Name: "member A lacks B wish", User: testapp.Member, Page: true, Path: "/service/my-wishes", WantNot: []string{"乙镇心愿"}},
			{Name: "member guesses B wish", User: testapp.Member, Path: "/api/v1/service/wishes/" + wishB, Status: 404},
			{Name: "member reads no ledger", User: testapp.Member, Page: true, Path: "/service/wishes", Status: 403},
			{Name: "member publishes nothing", User: testapp.Member, Method: "POST", Path: "/api/v1/service/wishes/" + wishB + "/publish", Body: map[string]any{"claim_by": "2099-01-01"}, Status: 403},
			{Name: "A menus lack B", User: testapp.TownA, Path: "/api/v1/twonew/menus", WantNot: []string{"乙镇菜单"}},
			{Name: "A guesses B menu", User: testapp.TownA, Path: "/api/v1/twonew/menus/" + menu, Status: 404},
			{Name: "A guesses B item", User: testapp.TownA, Path: "/api/v1/twonew/items/" + item, Status: 404},
			{Name: "A requests lack B", User: testapp.TownA, Page: true, Path: "/twonew/requests", WantNot: []string{"乙镇快递员"}},
			{Name: "A guesses B request", User: testapp.TownA, Path: "/api/v1/twonew/requests/" + req, Status: 404},
			{Name: "B sees its request", User: testapp.TownB, Path: "/api/v1/twonew/requests", Want: []string{"乙镇需求"}},
			{Name: "A enterprises lack B", User: testapp.TownA, Path: "/api/v1/ecommerce/enterprises", WantNot: []string{"乙镇大米合作社"}},
			{Name: "A guesses B enterprise", User: testapp.TownA, Page: true, Path: "/ecommerce/enterprises/" + ent, Status: 404},
			{Name: "A adds product to B", User: testapp.TownA, Method: "POST", Path: "/api/v1/ecommerce/enterprises/" + ent + "/products",
				Body: map[string]any{"name": "x", "category": "果蔬", "listed_on": "2022-01-01"}, Status: 404},
			{Name: "public needs no sign-in", Path: "/api/v1/public/wish-orgs", Want: []string{"东风村"}},
			{Name: "bad code", Path: "/api/v1/public/wishes/abc", Status: 422, Want: []string{"查询码应为8位"}},
			{Name: "unknown code", Path: "/api/v1/public/wishes/ZZZZ-ZZZZ", Status: 404, Want: []string{"查询码不正确"}},
		})

		// Bad input on each form: a message naming the field, nothing saved.
		a := e.Login(t, testapp.TownA)
		before := map[string]int{}
		tables := []string{"service_projects", "wishes", "twonew_menus", "twonew_requests", "ecom_enterprises", "ecom_sales"}
		for _, tb := range tables {
			before[tb] = countRows(t, db, tb)
		}
		for _, f := range []struct {
			path string
			form url.Values
			want []string
		}{
			{"/service/projects/new", url.Values{"title": {""}, "org_id": {strconv.FormatInt(c.TownA.ID, 10)}, "goal": {"x"}, "owner": {"x"},
				"established_on": {"2022-13-01"}, "budget": {"12.345"}, "status": {"done"}}, []string{"项目名称", "确立日期", "预算", "完成佐证"}},
			{"/service/wishes/new", url.Values{"content": {"心愿"}, "category": {"生活用品"}, "resident_name": {"朴大爷"}, "phone": {"abc"},
				"org_id": {strconv.FormatInt(c.BranchB1.ID, 10)}}, []string{"联系电话", "所在村（社区）"}},
			{"/twonew/menus/new", url.Values{"name": {""}, "org_id": {strconv.FormatInt(c.TownA.ID, 10)}, "offered_from": {"2022-05-01"},
				"withdrawn_on": {"2022-01-01"}}, []string{"菜单名称", "停止提供日期"}},
			{"/twonew/requests/new", url.Values{"item_id": {item}, "org_id": {strconv.FormatInt(c.BranchA1.ID, 10)}, "requested_on": {"2022-05-01"},
				"need": {""}}, []string{"需求说明", "申请组织"}},
			{"/ecommerce/enterprises/new", url.Values{"name": {"甲镇合作社"}, "kind": {"不存在"}, "org_id": {strconv.FormatInt(c.TownA.ID, 10)},
				"joined_on": {""}}, []string{"企业类型", "加入日期"}},
		} {
			a.Page(f.path)
			res := a.Post(f.path, f.form)
			if res.Status != 422 {
				t.Errorf("%s: status %d", f.path, res.Status)
			}
			for _, w := range f.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("%s: message lacks %q", f.path, w)
				}
			}
			if !strings.Contains(res.Body, `value="`+f.form.Get("org_id")+`" selected`) && f.form.Get("org_id") != "" && !strings.Contains(f.path, "requests") && !strings.Contains(f.path, "wishes") {
				t.Errorf("%s: the form does not keep what was typed", f.path)
			}
		}
		for _, tb := range tables {
			if n := countRows(t, db, tb); n != before[tb] {
				t.Errorf("%s: %d rows after refused forms, %d before", tb, n, before[tb])
			}
		}
	})
}

func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
