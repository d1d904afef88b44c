package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/grid"
	"troika/internal/member"
	"troika/internal/org"
)

var (
	gridHanMale     = []string{"建国", "志勇", "国庆", "立新", "海涛", "振宇", "晓东", "宏伟", "伟", "磊", "强", "德胜", "长青", "永刚", "宝山", "浩然", "子轩", "宇航", "博文", "俊杰"}
	gridHanFemale   = []string{"海燕", "玉兰", "红梅", "丽华", "秀英", "桂兰", "淑珍", "凤霞", "静", "丽娟", "晓燕", "雪梅", "金凤", "欣怡", "梓涵", "雨桐", "佳琪", "思雨", "婷", "敏"}
	gridKoreanMale  = []string{"明哲", "成浩", "光日", "永哲", "东植", "京浩", "哲洙", "正日", "龙洙", "昌浩", "英男", "学哲", "泰完", "贤哲", "勇哲", "世元", "在勋", "相旭", "俊浩", "宇镇"}
	gridKoreanFemal = []string{"春梅", "英爱", "顺姬", "美玉", "秀珍", "贤淑", "善子", "英淑", "玉顺", "明淑", "贞姬", "惠英", "银花", "香兰", "美兰", "莲花", "顺玉", "明月", "秀妍", "智慧"}
	gridRegions     = []string{"222401", "222401", "222402", "222403", "222404", "222405", "222405", "222406", "222424", "222426"}
	visitNotes      = []string{"了解家庭近况，身体和生活正常", "宣传防诈骗知识，发放宣传单", "核实家庭成员信息，已更新", "询问冬季取暖情况，供暖正常",
		"老人反映腿脚不便，已联系社区卫生服务站上门", "宣传医保缴费政策", "了解就业需求，推荐社区招聘信息", "提醒接种疫苗，登记意愿",
		"反映楼道灯损坏，已报物业维修", "慰问低保户，了解生活困难", "宣传垃圾分类", "核查出租房屋居住人员"}
	followUps = []string{"", "", "", "下周回访", "联系民政办核实救助", "协调物业处理"}
)

// grids gives every community and village its grids (about 300), each
// with a grid worker who signs in as one, about 65,000 residents in about
// 25,000 households (about 35% 朝鲜族, ages 0–95, valid Yanbian ID
// numbers), tags on a few percent, visits in 2022, a 党群服务中心 per
// street and township and 7 暖心驿站.
func (g *gen) grids(ctx context.Context) error {
	staff := &access.Principal{UserID: 0, Username: "demo", Role: access.RoleStaff, OrgID: g.city.Root.ID, OrgPath: g.city.Root.Path}
	svc := g.a.Grids
	end2022 := time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)
	type made struct {
		grid  grid.Grid
		rural bool
		place string // community or village name for addresses
	}
	var grids []made
	for ci, c := range append(append([]org.Org{}, g.city.Communities...), g.city.Villages...) {
		rural := ci >= len(g.city.Communities)
		n := 15 + g.rnd.IntN(4)
		if rural {
			n = 1 + g.rnd.IntN(2)
		}
		var groups []int64
		rows, err := g.a.DB.QueryContext(ctx, `SELECT id FROM orgs WHERE path LIKE ? AND kind = 'group' ORDER BY path`, c.Path+"%")
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			groups = append(groups, id)
		}
		rows.Close()
		place := shortName(c.Name)
		if i := strings.Index(place, "镇"); rural && i > 0 {
			place = place[i+len("镇"):]
		}
		for k := 1; k <= n; k++ {
			in := grid.GridInput{OrgID: c.ID, Code: fmt.Sprintf("G%s%02d", strings.TrimPrefix(c.Code, "D"), k),
				Name: fmt.Sprintf("%s第%s网格", place, chineseDigit(k))}
			if rural {
				in.Households = 30 + g.rnd.IntN(50)
				in.Boundary = fmt.Sprintf("%s%d至%d组", place, 2*k-1, 2*k)
			} else {
				in.Households = 84 + g.rnd.IntN(36)
				in.Boundary = fmt.Sprintf("%s%d–%d号楼", place, 6*k-5, 6*k)
			}
			if len(groups) > 0 {
				in.PartyOrgID = groups[(k-1)%len(groups)]
			}
			gr, err := svc.CreateGrid(ctx, staff, in)
			if err != nil {
				return fmt.Errorf("grid %s: %w", in.Code, err)
			}
			grids = append(grids, made{gr, rural, place})
		}
	}
	if err := g.gridWorkers(ctx, staff, func() []grid.Grid {
		out := make([]grid.Grid, len(grids))
		for i, m := range grids {
			out[i] = m.grid
		}
		return out
	}()); err != nil {
		return err
	}
	// Households and residents.
	var tagIDs = map[string]int64{}
	tags, err := svc.Tags(ctx, staff, false)
	if err != nil {
		return err
	}
	for _, t := range tags {
		tagIDs[t.Name] = t.ID
	}
	used := map[string]bool{}
	// Households go in chunks, so that a province's millions of residents
	// are never all in memory at once.
	var hs []grid.HouseholdInput
	flush := func() error {
		err := svc.CreateHouseholds(ctx, staff, hs)
		hs = hs[:0]
		return err
	}
	for _, m := range grids {
		if len(hs) >= householdChunk {
			if err := flush(); err != nil {
				return err
			}
		}
		for k := 1; k <= m.grid.Households; k++ {
			h := grid.HouseholdInput{GridID: m.grid.ID, Code: fmt.Sprintf("%04d", k)}
			if m.rural {
				h.Address = fmt.Sprintf("%s%d组%d号", m.place, 1+g.rnd.IntN(8), 1+g.rnd.IntN(120))
			} else {
				h.Address = fmt.Sprintf("%s%d号楼%d单元%d0%d室", m.place, 1+g.rnd.IntN(36), 1+g.rnd.IntN(4), 1+g.rnd.IntN(6), 1+g.rnd.IntN(3))
			}
			h.Residents = g.household(m.rural, end2022, used, tagIDs)
			hs = append(hs, h)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := g.gridVisits(ctx, staff); err != nil {
		return err
	}
	return g.serviceSites(ctx, staff)
}

// householdChunk is how many households the demo writes per transaction.
const householdChunk = 50_000

// gridWorkers makes an account for every grid's worker; the demo's own
// "grid" account works the first grid of its community.
func (g *gen) gridWorkers(ctx context.Context, staff *access.Principal, grids []grid.Grid) error {
	var gridUser int64
	if err := g.a.DB.QueryRowContext(ctx, `SELECT id FROM users WHERE username = 'grid'`).Scan(&gridUser); err != nil {
		return err
	}
	type acct struct {
		gr    grid.Grid
		name  string
		phone string
		user  int64
	}
	accts := make([]acct, len(grids))
	for i, gr := range grids {
		accts[i] = acct{gr: gr, name: g.personName(g.rnd.IntN(100) < 35, g.rnd.IntN(100) < 30),
			phone: fmt.Sprintf("%s%08d", g.pick(phonePrefixes), g.rnd.IntN(100000000))}
	}
	if len(g.city.Communities) > 0 {
		for i := range accts {
			if accts[i].gr.OrgID == g.city.Communities[0].ID {
				accts[i].user, accts[i].name = gridUser, "张海燕"
				break
			}
		}
	}
	// The workers' accounts share one hash of a password no one is told:
	// a sign-in needs a reset by the system administrator first, as for
	// any account handed over in person.
	shared, err := access.HashPassword(access.RandomPassword())
	if err != nil {
		return err
	}
	errs := make([]error, len(accts))
	for i := range accts {
		if accts[i].user != 0 {
			continue
		}
		u, _, err := g.a.Access.CreateUser(ctx, access.NewUser{Username: fmt.Sprintf("grid%03d", i+1), DisplayName: accts[i].name,
			OrgID: accts[i].gr.OrgID, Role: access.RoleGrid, PasswordHash: shared})
		accts[i].user, errs[i] = u.ID, err
	}
	for i, a := range accts {
		if errs[i] != nil {
			return errs[i]
		}
		kind := grid.WorkerFull
		if a.gr.Households < 80 {
			kind = grid.WorkerPart
		}
		if _, err := g.a.Grids.AssignWorker(ctx, staff, a.gr.ID, grid.WorkerInput{UserID: a.user, Name: a.name, Phone: a.phone,
			Kind: kind, Since: g.date(2016, 2021)}); err != nil {
			return fmt.Errorf("worker of %s: %w", a.gr.Code, err)
		}
	}
	return nil
}

func (g *gen) personName(korean, male bool) string {
	if korean {
		given := gridKoreanFemal
		if male {
			given = gridKoreanMale
		}
		return g.pick(memberSurnamesKorean) + g.pick(given)
	}
	given := gridHanFemale
	if male {
		given = gridHanMale
	}
	return g.pick(memberSurnamesHan) + g.pick(given)
}

// household makes the residents of one household: a head, often a spouse,
// children, sometimes a parent; 2.6 people on average.
func (g *gen) household(rural bool, end time.Time, used map[string]bool, tags map[string]int64) []grid.ResidentInput {
	korean := g.rnd.IntN(100) < 35
	surname := g.pick(memberSurnamesHan)
	if korean {
		surname = g.pick(memberSurnamesKorean)
	}
	eth := member.Han
	if korean {
		eth = member.Korean
	}
	headAge := 22 + g.rnd.IntN(70)
	if rural {
		headAge = 30 + g.rnd.IntN(62)
	}
	movedIn := g.date(1995, 2021)
	var out []grid.ResidentInput
	add := func(relation string, age int, male bool, name string) {
		birth := end.AddDate(-age, -g.rnd.IntN(12), -g.rnd.IntN(28))
		var id string
		for {
			id = member.MakeID(g.pick(gridRegions), birth.Format("20060102"), g.rnd.IntN(500), male)
			if !used[id] {
				used[id] = true
				break
			}
		}
		in := grid.ResidentInput{Name: name, Relation: relation, Ethnicity: eth, IDNumber: id, MovedIn: movedIn}
		if b := birth.Format("2006-01-02"); in.MovedIn < b {
			in.MovedIn = b
		}
		if age >= 16 && g.rnd.IntN(100) < 75 {
			in.Phone = fmt.Sprintf("%s%08d", g.pick(phonePrefixes), g.rnd.IntN(100000000))
		}
		out = append(out, in)
	}
	headMale := g.rnd.IntN(100) < 70
	pickGiven := func(male bool) string {
		if korean {
			if male {
				return g.pick(gridKoreanMale)
			}
			return g.pick(gridKoreanFemal)
		}
		if male {
			return g.pick(gridHanMale)
		}
		return g.pick(gridHanFemale)
	}
	add("户主", headAge, headMale, surname+pickGiven(headMale))
	alone := headAge >= 70 && g.rnd.IntN(100) < 35 || g.rnd.IntN(100) < 5
	if !alone {
		if g.rnd.IntN(100) < 85 {
			sk := g.rnd.IntN(100) < 35 == korean
			add("配偶", max(20, headAge-3+g.rnd.IntN(7)), !headMale, g.personName(sk && korean || !sk && !korean, !headMale))
		}
		if headAge < 70 {
			kids := 0
			switch x := g.rnd.IntN(100); {
			case x < 18:
				kids = 0
			case x < 66:
				kids = 1
			default:
				kids = 2
			}
			for k := 0; k < kids && headAge-22 > 0; k++ {
				age := g.rnd.IntN(min(headAge-20, 40) + 1)
				male := g.rnd.IntN(2) == 0
				add("子女", age, male, surname+pickGiven(male))
			}
		}
		if headAge < 55 && g.rnd.IntN(100) < 12 {
			male := g.rnd.IntN(2) == 0
			add("父母", min(95, headAge+24+g.rnd.IntN(8)), male, surname+pickGiven(male))
		}
	}
	// Tags the way a community's lists read: a few percent each.
	for i := range out {
		age := ageAt(out[i].IDNumber, end)
		var t []int64
		if alone && age >= 70 {
			t = append(t, tags["独居老人"])
		}
		if g.rnd.IntN(1000) < 25 {
			t = append(t, tags["低保"])
		} else if g.rnd.IntN(1000) < 4 {
			t = append(t, tags["特困"])
		}
		if g.rnd.IntN(1000) < 18 {
			t = append(t, tags["残疾人"])
		}
		if age >= 40 && out[i].IDNumber[16]%2 == 1 && g.rnd.IntN(100) < 4 {
			t = append(t, tags["退役军人"])
		}
		if rural && age < 16 && g.rnd.IntN(100) < 12 {
			t = append(t, tags["留守儿童"])
		}
		if age >= 18 && g.rnd.IntN(1000) < 3 {
			t = append(t, tags["重点人员"])
		}
		out[i].TagIDs = t
	}
	return out
}

func ageAt(id string, at time.Time) int {
	b, err := time.Parse("20060102", id[6:14])
	if err != nil {
		return 0
	}
	age := at.Year() - b.Year()
	if at.YearDay() < b.YearDay() {
		age--
	}
	return age
}

// gridVisits files the workers' visits of 2022: every household with a
// tagged resident about quarterly, others now and then.
func (g *gen) gridVisits(ctx context.Context, staff *access.Principal) error {
	rows, err := g.a.DB.QueryContext(ctx, `SELECT h.id, MIN(r.id), COUNT(l.tag_id) FROM households h JOIN residents r ON r.household_id = h.id
		LEFT JOIN resident_tag_links l ON l.resident_id = r.id GROUP BY h.id ORDER BY h.id`)
	if err != nil {
		return err
	}
	type hh struct {
		id, resident int64
		tagged       bool
	}
	var all []hh
	for rows.Next() {
		var h hh
		var n int
		if err := rows.Scan(&h.id, &h.resident, &n); err != nil {
			rows.Close()
			return err
		}
		h.tagged = n > 0
		all = append(all, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var ins []grid.VisitInput
	for _, h := range all {
		n := 0
		switch {
		case h.tagged:
			n = 3 + g.rnd.IntN(3)
		case g.rnd.IntN(100) < 15:
			n = 1
		}
		for k := 0; k < n; k++ {
			in := grid.VisitInput{HouseholdID: h.id, VisitedOn: g.date(2022, 2022), Method: "home", Notes: g.pick(visitNotes), FollowUp: g.pick(followUps)}
			if g.rnd.IntN(100) < 25 {
				in.Method = "phone"
			}
			if h.tagged && g.rnd.IntN(2) == 0 {
				in.ResidentID = h.resident
			}
			ins = append(ins, in)
		}
	}
	return g.a.Grids.RecordVisits(ctx, staff, ins)
}

// serviceSites opens a 党群服务中心 in every street and township and the
// seven 暖心驿站 in street service centres.
func (g *gen) serviceSites(ctx context.Context, staff *access.Principal) error {
	add := func(in grid.SiteInput) error {
		if _, err := g.a.Grids.CreateSite(ctx, staff, in); err != nil {
			return fmt.Errorf("site %s: %w", in.Name, err)
		}
		return nil
	}
	centre := "党建活动\n政务代办\n就业和社保咨询\n法律援助\n志愿服务\n老年人日间照料"
	for _, t := range append(append([]org.Org{}, g.city.Streets...), g.city.Towns...) {
		place := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(t.Name, "中共"), "工作委员会"), "委员会")
		if err := add(grid.SiteInput{OrgID: t.ID, Kind: grid.SiteCentre, Name: place + "党群服务中心", Address: place + "人民路" +
			fmt.Sprint(10+g.rnd.IntN(200)) + "号", Hours: "周一至周五 8:30–17:00，周六 9:00–12:00", Services: centre,
			Phone: fmt.Sprintf("0433-%07d", 2000000+g.rnd.IntN(999999)), AreaSqm: 300 + g.rnd.IntN(900), OpenedOn: g.date(2018, 2021)}); err != nil {
			return err
		}
	}
	warm := "饮水热饭\n手机充电\n休息避暑取暖\n应急药箱\n如厕便利"
	for i := 0; i < 7 && len(g.city.Streets) > 0; i++ {
		st := g.city.Streets[i%len(g.city.Streets)]
		place := strings.TrimSuffix(strings.TrimPrefix(st.Name, "中共"), "工作委员会")
		name := fmt.Sprintf("%s暖心驿站（%s）", place, []string{"外卖骑手", "快递小哥", "网约车司机", "环卫工人"}[i%4])
		if err := add(grid.SiteInput{OrgID: st.ID, Kind: grid.SiteWarm, Name: name, Address: place + "党群服务中心一楼",
			Hours: "每天 7:00–21:00", Services: warm, AreaSqm: 30 + g.rnd.IntN(60), OpenedOn: fmt.Sprintf("2022-%02d-%02d", 3+i, 1+g.rnd.IntN(28))}); err != nil {
			return err
		}
	}
	return nil
}
