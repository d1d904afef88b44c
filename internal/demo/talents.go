package demo

import (
	"context"
	"fmt"
	"strings"

	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
)

// The talent work of 2022 (part 三 of the summary): the 人才办 keeps the
// talents and the reserve pool (122 at the end of the year), collects
// leads on the city's people working outside the region (about 156),
// collects 9 positions in 5 categories for the order-based training plan,
// visits enterprises in the 人才服务企业月 and records their demands and
// the people recruited, pays the recruits' rent subsidies (16.45万元 in
// all), runs an online reading group (about 57 talents) and training
// broadcasts (about 2300 plays), and supports 82 return-home
// entrepreneurship service stations that solved about 35 problems; 8
// returnees were featured in the 返乡品 column.
const (
	demoPool        = 122    // in the pool at the end of 2022
	demoLeads       = 156    // collected in 2022
	demoRentYuan    = 164500 // rent subsidies paid in 2022, 元
	demoReading     = 57     // in the reading group at the end of 2022
	demoStations    = 82
	demoSolved      = 35
	demoFeatured    = 8
	demoRecruits    = 42
	demoLocalPeople = 150 // local talents on the ledger besides leads and recruits
)

var (
	talentEmployers = []string{"市农业技术推广中心", "市人民医院", "市第一中学", "海兰江米业有限公司", "延边红参科技有限公司", "长白山泉水饮品有限公司",
		"图们江农产品加工有限公司", "丰泽生态农业有限公司", "江畔旅游开发有限公司", "长虹电子商务有限公司", "市畜牧总站", "市林业站"}
	outsidePlaces = []string{"北京市海淀区", "上海市浦东新区", "长春市", "沈阳市", "大连市", "青岛市", "天津市", "杭州市", "深圳市", "韩国首尔", "哈尔滨市", "延吉市"}
	orderPlan     = []struct{ cat, position, employer string }{
		{"agronomy", "水稻栽培技术员", "明东村党支部领办合作社"}, {"agronomy", "大豆种植技术员", "勇成村党支部领办合作社"},
		{"horticulture", "设施蔬菜技术员", "石井村党支部领办合作社"}, {"horticulture", "苹果梨栽培技术员", "光明村党支部领办合作社"},
		{"animal", "黄牛养殖兽医", "市畜牧总站"}, {"animal", "生猪防疫员", "奋斗村养殖合作社"},
		{"food", "农产品质检员", "图们江农产品加工有限公司"}, {"agri_econ", "合作社会计", "联合社"}, {"agri_econ", "农村电商运营", "长虹电子商务有限公司"},
	}
	demandPositions = []struct{ position, spec string }{{"农艺师", "agronomy"}, {"食品工程师", "food"}, {"电商运营", "business"}, {"会计", "business"},
		{"软件工程师", "it"}, {"导游", "tourism"}, {"兽医", "animal"}, {"护士", "medicine"}, {"教师", "education"}, {"机电技术员", "engineering"}}
	problems = []string{"申请创业担保贷款", "办理营业执照", "协调土地流转", "对接农产品销路", "申请厂房用地", "办理食品经营许可", "对接电商平台", "申请返乡创业补贴",
		"协调用电增容", "解决子女入学", "对接技术指导", "申请品牌商标"}
	bookList = []string{"《习近平谈治国理政》", "《乡村振兴战略规划》", "《之江新语》", "《平凡的世界》", "《乡土中国》", "《人类简史》", "《原则》", "《置身事内》",
		"《大国大城》", "《创新者的窘境》", "《农业的常识》", "《长白山下》"}
)

// talentOrg is where the demo's talent records hang.
type talentRow struct {
	id      int64
	org     int64
	name    string
	outside bool
}

func (g *gen) talents(ctx context.Context) error {
	a, c := g.a, g.city
	root := c.Root.ID
	now := store.Millis(end2022)
	ins := func(tx *store.Tx, table string, orgID int64, cols []string, vals ...any) (int64, error) {
		cols = append([]string{"org_id"}, append(cols, "created_at", "updated_at")...)
		args := append([]any{orgID}, append(vals, now, now)...)
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES (`+store.Placeholders(len(cols))+`) RETURNING id`, args...).Scan(&id)
		if err != nil {
			err = fmt.Errorf("%s: %w", table, err)
		}
		return id, err
	}
	day := func(m1, m2 int) string {
		return fmt.Sprintf("2022-%02d-%02d", m1+g.rnd.IntN(m2-m1+1), 1+g.rnd.IntN(28))
	}
	phone := func() (string, string, string) {
		p := fmt.Sprintf("1%d%09d", []int{3, 5, 8}[g.rnd.IntN(3)], g.rnd.IntN(1_000_000_000))
		return a.Keys.Seal(p), a.Keys.Hash("phone", p), personal.MaskPhone(p)
	}
	towns := append(append([]org.Org{}, c.Towns...), c.Streets...)
	return a.DB.InTx(ctx, func(tx *store.Tx) error {
		talentCols := []string{"name", "gender", "birth_date", "specialty", "education", "employer", "title", "origin", "outside_place", "returnee",
			"phone_enc", "phone_hash", "phone_mask", "tags", "note"}
		var people []talentRow
		addTalent := func(orgID int64, name, spec, employer, title string, outside, returnee bool, tags string) (talentRow, error) {
			pe, ph, pm := phone()
			origin, place := "local", ""
			if outside {
				origin, place = "outside", g.pick(outsidePlaces)
			}
			gender := []string{"male", "female"}[g.rnd.IntN(2)]
			id, err := ins(tx, "talents", orgID, talentCols, name, gender, g.date(1965, 2000), spec, g.pick([]string{"college", "bachelor", "bachelor", "master", "vocational"}),
				employer, title, origin, place, returnee, pe, ph, pm, tags, "")
			t := talentRow{id: id, org: orgID, name: name, outside: outside}
			people = append(people, t)
			return t, err
		}
		// Local talents found by the townships.
		for i := 0; i < demoLocalPeople; i++ {
			o := towns[g.rnd.IntN(len(towns))].ID
			returnee := i%4 == 0
			tags := ""
			if returnee {
				tags = "返乡创业"
			}
			if _, err := addTalent(o, g.name(), g.pick(talentSpecialties), g.pick(talentEmployers), g.pick([]string{"农艺师", "助理农艺师", "主治医师", "一级教师", "经理", "技术员"}),
				false, returnee, tags); err != nil {
				return err
			}
		}
		// Leads from outside the region: 156 in 2022 and 18 in 2021; some
		// converted into talents of the pool.
		leadCols := []string{"name", "phone_enc", "phone_hash", "phone_mask", "specialty", "location", "employer", "hometown", "channel", "collected_on", "status", "talent_id"}
		var converted []talentRow
		for i := 0; i < demoLeads+18; i++ {
			on := day(1, 12)
			if i >= demoLeads {
				on = fmt.Sprintf("2021-%02d-%02d", 9+g.rnd.IntN(4), 1+g.rnd.IntN(28))
			}
			name, spec, place := g.name(), g.pick(talentSpecialties), g.pick(outsidePlaces)
			status, tid := []string{"new", "contacted", "contacted", "dropped"}[g.rnd.IntN(4)], any(nil)
			if i%3 == 0 {
				t, err := addTalent(root, name, spec, g.pick([]string{"某科技有限公司", "某大学", "某医院", "某设计院", "某贸易公司"}), "", true, false, "域外人才")
				if err != nil {
					return err
				}
				t.outside = true
				converted = append(converted, t)
				status, tid = "converted", t.id
			}
			pe, ph, pm := phone()
			if _, err := ins(tx, "talent_leads", root, leadCols, name, pe, ph, pm, spec, place, "", g.pick(townNames), g.pick([]string{"alumni", "chamber", "family", "online"}),
				on, status, tid); err != nil {
				return err
			}
		}
		// Enterprise demands from the 人才服务企业月 visits and the 招才引智
		// drive; recruits fill most of them.
		visitCols := []string{"enterprise", "visited_on", "visitors", "findings", "demands_found"}
		for i, e := range privates {
			if _, err := ins(tx, "talent_visits", root, visitCols, e, day(5, 5), g.name()+"、"+g.name(), "了解企业用人需求和人才引进情况，宣传人才政策", 1+i%3); err != nil {
				return err
			}
		}
		demandCols := []string{"enterprise", "position", "headcount", "specialty", "requirements", "source", "raised_on", "status"}
		recruitCols := []string{"talent_id", "demand_id", "enterprise", "position", "recruited_on"}
		var recruits []talentRow
		for i := 0; len(recruits) < demoRecruits; i++ {
			dp := demandPositions[i%len(demandPositions)]
			ent := privates[i%len(privates)]
			head := 1 + g.rnd.IntN(3)
			raised := day(2, 6)
			source := []string{"month", "drive", "report"}[i%3]
			did, err := ins(tx, "talent_demands", root, demandCols, ent, dp.position, head, dp.spec, "全日制本科及以上学历，"+dp.position+"相关专业", source, raised, "open")
			if err != nil {
				return err
			}
			got := head
			if i%4 == 3 {
				got = head - 1
			}
			for k := 0; k < got && len(recruits) < demoRecruits; k++ {
				t, err := addTalent(root, g.name(), dp.spec, ent, dp.position, g.rnd.IntN(3) == 0, false, "招才引智")
				if err != nil {
					return err
				}
				recruits = append(recruits, t)
				if _, err := ins(tx, "talent_recruits", root, recruitCols, t.id, did, ent, dp.position, g.after(raised, 30)); err != nil {
					return err
				}
				if k+1 == head {
					if _, err := tx.ExecContext(ctx, `UPDATE talent_demands SET status = 'filled' WHERE id = ?`, did); err != nil {
						return err
					}
				}
			}
		}
		// The reserve pool: 122 at the end of 2022 — converted leads, every
		// recruit, and local talents; 5 more entered and left in the year.
		poolCols := []string{"talent_id", "entered_on", "source", "left_on", "exit_reason"}
		inPool := 0
		enter := func(t talentRow, source, on string) error {
			inPool++
			_, err := ins(tx, "talent_pool", t.org, poolCols, t.id, on, source, "", "")
			return err
		}
		for _, t := range converted {
			if inPool < demoPool {
				if err := enter(t, "lead", day(3, 12)); err != nil {
					return err
				}
			}
		}
		for _, t := range recruits {
			if inPool < demoPool {
				if err := enter(t, "recruit", day(4, 10)); err != nil {
					return err
				}
			}
		}
		for i := 0; inPool < demoPool; i++ {
			on := day(1, 12)
			if i%3 == 0 {
				on = fmt.Sprintf("2021-%02d-%02d", 6+g.rnd.IntN(6), 1+g.rnd.IntN(28))
			}
			if err := enter(people[i], []string{"local", "recommend"}[i%2], on); err != nil {
				return err
			}
		}
		for i := 0; i < 5; i++ {
			t := people[demoLocalPeople-1-i]
			if _, err := ins(tx, "talent_pool", t.org, poolCols, t.id, day(1, 4), "local", day(8, 11), "调离本市"); err != nil {
				return err
			}
		}
		// Rent subsidies of the recruits, paid by half-year; the paid total
		// of 2022 is exactly the seed's 16.45万元.
		subCols := []string{"talent_id", "kind", "span", "amount", "applied_on", "status", "approved_on", "approved_by", "paid_on"}
		left := int64(demoRentYuan)
		for i := 0; left > 0; i++ {
			t := recruits[i%len(recruits)]
			amount := int64(2400 + 300*g.rnd.IntN(13))
			if left-amount < 2400 {
				amount = left
			}
			left -= amount
			applied := day(6, 11)
			span := "2022年1—6月"
			if applied > "2022-09" {
				span = "2022年7—12月"
			}
			if _, err := ins(tx, "talent_subsidies", t.org, subCols, t.id, "rent", span, amount*100, applied, "paid", g.after(applied, 10), "人才办", g.after(applied, 20)); err != nil {
				return err
			}
		}
		for i := 0; i < 4; i++ {
			t := recruits[i]
			if _, err := ins(tx, "talent_subsidies", t.org, subCols, t.id, "rent", "2022年7—12月", int64(3600*100), "2022-12-26", "applied", "", "", ""); err != nil {
				return err
			}
			if _, err := ins(tx, "talent_subsidies", t.org, subCols, t.id, "settle", "", int64(20000*100), "2022-08-01", "paid", "2022-08-10", "人才办", "2022-08-20"); err != nil {
				return err
			}
		}
		// The order-based training plan: 9 positions in 5 categories.
		orderCols := []string{"plan_year", "category", "position", "employer", "places", "matched", "progress", "collected_on"}
		for _, o := range orderPlan {
			places := 1 + g.rnd.IntN(3)
			if _, err := ins(tx, "talent_orders", root, orderCols, 2022, o.cat, o.position, o.employer, places, g.rnd.IntN(places+1),
				g.pick([]string{"matching", "studying", "studying"}), day(3, 5)); err != nil {
				return err
			}
		}
		// The online reading group: 60 joined, 3 left; books pushed monthly.
		groupCols := []string{"name", "kind", "online", "founded_on"}
		reading, err := ins(tx, "talent_groups", root, groupCols, "人才微信读书群", "reading", true, "2022-01-10")
		if err != nil {
			return err
		}
		training, err := ins(tx, "talent_groups", root, groupCols, "春耕备耕科技培训微信群", "training", true, "2022-03-15")
		if err != nil {
			return err
		}
		memberCols := []string{"group_id", "talent_id", "joined_on", "left_on"}
		for i := 0; i < demoReading+3; i++ {
			leftOn := ""
			if i >= demoReading {
				leftOn = day(9, 12)
			}
			if _, err := ins(tx, "talent_group_members", root, memberCols, reading, people[i*2].id, day(1, 6), leftOn); err != nil {
				return err
			}
		}
		for i := 0; i < 40; i++ {
			if _, err := ins(tx, "talent_group_members", root, memberCols, training, people[i*3+1].id, day(3, 4), ""); err != nil {
				return err
			}
		}
		for m := 1; m <= 12; m++ {
			books := g.pick(bookList) + "、" + g.pick(bookList)
			if _, err := ins(tx, "talent_pushes", root, []string{"group_id", "pushed_on", "books"}, reading, fmt.Sprintf("2022-%02d-05", m), books); err != nil {
				return err
			}
		}
		// Courses of the spring sowing: broadcasts and videos, about 2300 plays.
		courseCols := []string{"title", "kind", "platform", "held_on", "plays", "attendees"}
		for i, title := range []string{"水稻育秧技术", "玉米高产栽培", "大豆种植技术", "设施蔬菜管理", "黄牛春季防疫", "农机安全使用", "测土配方施肥", "病虫害绿色防控",
			"农村电商入门", "农产品直播带货", "庭院经济", "苹果梨春季修剪"} {
			kind, platform := "broadcast", g.pick([]string{"科教云", "吉农云"})
			if i%3 == 2 {
				kind, platform = "video", "腾讯课堂"
			}
			if _, err := ins(tx, "talent_courses", root, courseCols, "乡村振兴科技支撑行动："+title, kind, platform, day(3, 5), 140+g.rnd.IntN(100), 0); err != nil {
				return err
			}
		}
		if _, err := ins(tx, "talent_courses", root, courseCols, "参观革命老区现场教学", "offline", "", "2022-07-01", 0, 45); err != nil {
			return err
		}
		// 82 return-home stations: the city, the townships and streets, the
		// villages, project sites and scenic spots.
		stationCols := []string{"name", "site_kind", "address", "contact", "founded_on"}
		var stations []struct {
			id, org int64
		}
		addStation := func(orgID int64, name, kind, founded string) error {
			id, err := ins(tx, "talent_stations", orgID, stationCols, name, kind, "", g.name(), founded)
			stations = append(stations, struct{ id, org int64 }{id, orgID})
			return err
		}
		if err := addStation(root, "市返乡创业服务中心站", "county", "2021-04-01"); err != nil {
			return err
		}
		for _, t := range towns {
			if err := addStation(t.ID, shortName(t.Name)+"返乡创业服务站", "township", fmt.Sprintf("2021-%02d-15", 4+g.rnd.IntN(6))); err != nil {
				return err
			}
		}
		projects := []string{"图们江生态农业产业园", "红参种植基地", "大米加工产业园", "黄牛养殖基地", "电商产业园", "冷链物流园", "苹果梨产业园"}
		scenic := []string{"明东村红色旅游景区", "图们江风景区", "长白山泉水小镇", "朝鲜族民俗村", "江畔湿地公园"}
		for i, p := range projects {
			if err := addStation(towns[i%len(towns)].ID, p+"返乡创业服务站", "project", day(3, 8)); err != nil {
				return err
			}
		}
		for i, s := range scenic {
			if err := addStation(towns[(i+3)%len(towns)].ID, s+"返乡创业服务站", "scenic", day(4, 8)); err != nil {
				return err
			}
		}
		for i := 0; len(stations) < demoStations; i++ {
			v := c.Villages[i%len(c.Villages)]
			if err := addStation(v.ID, shortName(v.Name)+"返乡创业服务站", "village", day(1, 9)); err != nil {
				return err
			}
		}
		// Cases: 35 solved in 2022, some still open, 3 solved in 2023 are
		// left out of the demo's year.
		caseCols := []string{"station_id", "returnee", "raised_on", "problem", "solved_on", "solution"}
		for i := 0; i < demoSolved+12; i++ {
			st := stations[g.rnd.IntN(len(stations))]
			raised := day(2, 10)
			solved, solution := "", ""
			if i < demoSolved {
				solved, solution = g.after(raised, 25), "服务站协调有关部门办结"
			}
			if _, err := ins(tx, "talent_cases", st.org, caseCols, st.id, g.name(), raised, g.pick(problems), solved, solution); err != nil {
				return err
			}
		}
		// 返乡品: 8 returnees featured, two of them twice.
		featureCols := []string{"talent_id", "published_on", "title", "channel"}
		n := 0
		for _, t := range people {
			if n >= demoFeatured {
				break
			}
			var ret bool
			if err := tx.QueryRowContext(ctx, `SELECT returnee FROM talents WHERE id = ?`, t.id).Scan(&ret); err != nil {
				return err
			}
			if !ret {
				continue
			}
			times := 1
			if n < 2 {
				times = 2
			}
			for k := 0; k < times; k++ {
				if _, err := ins(tx, "talent_features", t.org, featureCols, t.id, day(4+k*4, 7+k*4), "返乡品｜"+t.name+"：把家乡的好产品卖出去", "江党韵微信公众号"); err != nil {
					return err
				}
			}
			n++
		}
		// The documents of the year.
		docCols := []string{"title", "kind", "doc_no", "issuer", "issued_on"}
		for _, d := range [][]string{
			{"2022年全市人才工作要点", "points", "市人才组〔2022〕1号", "市委人才工作领导小组", "2022-02-20"},
			{"市委人才工作领导小组工作规则", "rules", "市人才组〔2022〕2号", "市委人才工作领导小组", "2022-03-10"},
			{"全市人才发展三年工作规划（2022—2024年）", "plan", "市委办发〔2022〕9号", "市委办公室", "2022-04-15"},
			{"关于开展“人才服务企业月”活动的通知", "notice", "市人才办〔2022〕3号", "市委人才工作领导小组办公室", "2022-04-28"},
			{"招才引智人员租房补助发放办法", "measure", "市人才办〔2022〕5号", "市委人才工作领导小组办公室", "2022-05-20"},
		} {
			if _, err := ins(tx, "talent_documents", root, docCols, d[0], d[1], d[2], d[3], d[4]); err != nil {
				return err
			}
		}
		return nil
	})
}

// specialties of the demo's talents, mostly agricultural.
var talentSpecialties = []string{"agronomy", "agronomy", "horticulture", "animal", "food", "agri_econ", "forestry", "medicine", "education", "it", "business", "tourism", "engineering"}

func (g *gen) after(d string, maxDays int) string { return addDays(d, 1+g.rnd.IntN(maxDays)) }
