package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"strconv"
	"time"

	"troika/internal/access"
	"troika/internal/ecommerce"
	"troika/internal/org"
	"troika/internal/service"
	"troika/internal/twonew"
)

// Serving the masses in 2022: dozens of 为民服务实事项目, a few hundred
// micro-wishes (most claimed, fulfilled and confirmed; some waiting or
// overdue), the e站 menus (10 activity menus, 18 service items on offer at
// year end) with requests from 两新 organizations, and the 红色电商圈 of
// 57 enterprises selling 213 products for 4000余万元.
var (
	projectTitles = []string{"老旧小区楼道照明改造", "村屯道路硬化", "农村饮水安全提升", "社区日间照料中心建设", "便民服务站升级",
		"独居老人“一键呼”安装", "冬季清雪保畅通", "农家书屋更新", "村卫生室设备配置", "朝鲜族老年协会活动室修缮", "困难家庭供暖补贴",
		"留守儿童课后托管", "农村垃圾分类收运", "边境村路灯安装", "社区充电桩建设", "农产品冷库建设", "小区停车位规划",
		"退役军人服务站建设", "居家养老助餐点", "村级文化广场修建"}
	projectOwners = []string{"金明哲", "朴成浩", "李春梅", "崔英爱", "王立新", "张海燕", "郑光日", "韩东旭", "姜美玉", "南春花"}
	wishTexts     = []struct{ text, cat string }{
		{"家里的电视坏了，想请人帮忙修一修", "家电维修"}, {"想要一台收音机听新闻", "生活用品"}, {"孙子上学需要一个新书包", "助学圆梦"},
		{"腿脚不便，希望有人陪同去医院复查", "就医助老"}, {"冬天到了想要一床厚棉被", "生活用品"}, {"想学用智能手机视频通话", "文体需求"},
		{"孩子想要一套课外读物", "助学圆梦"}, {"希望帮忙找一份保洁工作", "就业帮扶"}, {"家里灯泡坏了够不着", "家电维修"},
		{"想要一副老花镜", "就医助老"}, {"希望有人帮忙理发", "生活用品"}, {"想要一台电暖气过冬", "生活用品"},
		{"孩子需要一台学习用的旧电脑", "助学圆梦"}, {"想参加老年合唱队，需要一身演出服", "文体需求"}, {"希望帮忙修理漏水的水龙头", "家电维修"},
		{"想要几袋大米和一桶豆油", "生活用品"}, {"需要一辆轮椅方便出门", "就医助老"}, {"想学做朝鲜族泡菜拿去卖", "就业帮扶"}}
	residentSurnames = []string{"金", "朴", "李", "崔", "张", "王", "郑", "韩", "姜", "南", "刘", "赵"}
	residentTitles   = []string{"大爷", "大娘", "奶奶", "爷爷", "阿姨", "叔叔"}
	fulfilNotes      = []string{"已送到家中，并帮助调试使用", "联系商家上门维修完毕", "党员志愿者陪同前往，已完成", "购置后当面交给群众",
		"组织党员捐赠，已送达", "协调相关单位解决"}
	menuNames = []string{"“筑梦”党建业务指导", "“筑梦”党员教育培训", "“筑梦”组织生活服务", "“筑梦”法律政策服务", "“筑梦”人才招聘服务",
		"“筑梦”金融融资服务", "“筑梦”品牌宣传推介", "“筑梦”关心关爱服务", "“筑梦”文体活动服务", "“筑梦”志愿服务对接"}
	itemNames = []string{"党组织组建指导", "党建工作台账规范", "主题党日策划", "入党积极分子培训", "线上学习平台开通", "政策法规宣讲",
		"劳动合同法律咨询", "专场招聘会", "人才政策申报辅导", "融资对接会", "贷款贴息申报", "企业宣传片拍摄", "新就业群体健康体检",
		"困难党员走访慰问", "职工文体比赛", "志愿服务项目对接", "党员先锋岗创建", "“红色骑手”安全培训"}
	enterpriseWords = []string{"长白山", "图们江", "海兰江", "布尔哈通河", "帽儿山", "仙峰", "明东", "金达莱", "阿里郎", "延边"}
	enterpriseTails = []struct{ tail, kind string }{{"大米专业合作社", "合作社"}, {"食品有限公司", "农产品加工企业"}, {"特产商贸有限公司", "特产商贸企业"},
		{"电子商务有限公司", "电商企业"}, {"蜂业合作社", "合作社"}, {"山珍商行", "个体工商户"}}
	productNames = map[string][]string{"大米杂粮": {"有机大米", "小米", "黄豆", "玉米碴子", "黑米"}, "山珍菌类": {"黑木耳", "松茸", "榛蘑", "猴头菇", "蕨菜"},
		"朝鲜族风味食品": {"辣白菜", "打糕", "冷面", "米肠", "大酱"}, "果蔬": {"苹果梨", "蓝莓", "沙果", "山葡萄"}, "畜禽肉蛋": {"延边黄牛肉", "笨鸡蛋", "林蛙"},
		"蜂蜜特产": {"椴树蜜", "蜂王浆", "人参蜜片"}, "手工艺品": {"长鼓摆件", "朝鲜族刺绣"}}
)

func (g *gen) service(ctx context.Context) error {
	staff := &access.Principal{UserID: 0, Username: "demo", DisplayName: "组织部", Role: access.RoleStaff, OrgID: g.city.Root.ID, OrgPath: g.city.Root.Path}
	if err := g.serviceProjects(ctx, staff); err != nil {
		return fmt.Errorf("projects: %w", err)
	}
	if err := g.wishes(ctx, staff); err != nil {
		return fmt.Errorf("wishes: %w", err)
	}
	if err := g.twoNewMenus(ctx, staff); err != nil {
		return fmt.Errorf("menus: %w", err)
	}
	if err := g.redEcommerce(ctx, staff); err != nil {
		return fmt.Errorf("ecommerce: %w", err)
	}
	return nil
}

func date(t time.Time) string { return t.Format("2006-01-02") }

// day2022 is a day of 2022 from a day-of-year offset.
func day2022(n int) time.Time { return time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n) }

func (g *gen) serviceProjects(ctx context.Context, staff *access.Principal) error {
	owners := append(append([]org.Org{}, g.city.Towns...), g.city.Streets...)
	owners = append(owners, g.city.Villages...)
	n := 38 * g.scale
	for i := 0; i < n; i++ {
		o := owners[g.rnd.IntN(len(owners))]
		est := day2022(10 + g.rnd.IntN(200))
		in := service.ProjectInput{OrgID: o.ID, Title: g.pick(projectTitles), Owner: g.pick(projectOwners),
			Goal:      "解决群众“急难愁盼”问题，" + g.pick([]string{"年内完工并交付使用", "惠及辖区群众", "群众满意率达到95%以上"}),
			BudgetFen: int64(2+g.rnd.IntN(60)) * 1_000_000, EstablishedOn: date(est), PlannedEnd: date(est.AddDate(0, 2+g.rnd.IntN(6), 0)),
			Status: service.ProjectOngoing,
			Milestones: []service.Milestone{{Title: "制定方案", DueOn: date(est.AddDate(0, 0, 15)), DoneOn: date(est.AddDate(0, 0, 10+g.rnd.IntN(10)))},
				{Title: "组织实施", DueOn: date(est.AddDate(0, 2, 0))}, {Title: "验收交付", DueOn: date(est.AddDate(0, 3, 0))}}}
		if g.rnd.IntN(10) < 7 {
			done := est.AddDate(0, 2+g.rnd.IntN(3), g.rnd.IntN(20))
			in.Status, in.CompletedOn = service.ProjectDone, date(done)
			in.Evidence = "验收报告及群众签字确认单已归档（" + date(done) + "）"
			in.Milestones[1].DoneOn, in.Milestones[2].DoneOn = date(done.AddDate(0, 0, -10)), date(done)
		}
		if _, err := g.a.Service.CreateProject(ctx, staff, in); err != nil {
			return err
		}
	}
	return nil
}

// demoPhoto is a small JPEG standing for the photo of a fulfilled wish.
func demoPhoto() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 160, 120))
	for x := 0; x < 160; x++ {
		for y := 0; y < 120; y++ {
			img.Set(x, y, color.RGBA{uint8(180 + x/4), uint8(40 + y), 40, 255})
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, nil)
	return b.Bytes()
}

func (g *gen) wishes(ctx context.Context, staff *access.Principal) error {
	svc := g.a.Service
	clock := svc.Now
	defer func() { svc.Now = clock }()
	at := func(t time.Time) { svc.Now = func() time.Time { return t.Add(3 * time.Hour) } }
	photo, err := svc.Photos.Put(bytes.NewReader(demoPhoto()))
	if err != nil {
		return err
	}
	places := append(append([]org.Org{}, g.city.Communities...), g.city.Villages...)
	n := 320 * g.scale
	for i := 0; i < n; i++ {
		o := places[g.rnd.IntN(len(places))]
		w := wishTexts[g.rnd.IntN(len(wishTexts))]
		sub := day2022(g.rnd.IntN(350))
		at(sub)
		in := service.WishInput{OrgID: o.ID, Content: w.text, Category: w.cat,
			ResidentName: g.pick(residentSurnames) + g.pick(residentTitles), Phone: "139" + fmt.Sprintf("%08d", g.rnd.IntN(100000000))}
		code, err := svc.SubmitPublic(ctx, in)
		if err != nil {
			return err
		}
		var id int64
		if err := g.a.DB.QueryRowContext(ctx, `SELECT id FROM wishes WHERE code = ?`, code).Scan(&id); err != nil {
			return err
		}
		fate := g.rnd.IntN(100)
		if fate < 2 {
			at(sub.AddDate(0, 0, 1))
			if _, err := svc.Reject(ctx, staff, id, service.RejectInput{Reason: "已纳入民政救助，由民政部门办理"}); err != nil {
				return err
			}
			continue
		}
		if fate < 4 && sub.Month() < 12 {
			continue // waiting to be published
		}
		pub := sub.AddDate(0, 0, 1+g.rnd.IntN(3))
		at(pub)
		if _, err := svc.Publish(ctx, staff, id, service.PublishInput{ClaimBy: date(pub.AddDate(0, 0, 14))}); err != nil {
			return err
		}
		if fate < 9 {
			continue // unclaimed, many past their deadline
		}
		claim := pub.AddDate(0, 0, g.rnd.IntN(10))
		at(claim)
		if _, err := svc.Claim(ctx, staff, id, service.ClaimInput{OrgID: o.ID, DueOn: date(claim.AddDate(0, 0, 7+g.rnd.IntN(20)))}); err != nil {
			return err
		}
		if fate < 14 {
			continue // claimed, some overdue
		}
		done := claim.AddDate(0, 0, 2+g.rnd.IntN(12))
		at(done)
		if _, err := svc.Fulfil(ctx, staff, id, service.FulfilInput{FulfilledOn: date(done), Note: g.pick(fulfilNotes)}, photo); err != nil {
			return err
		}
		if fate < 20 {
			continue // waiting for the resident
		}
		at(done.AddDate(0, 0, 1+g.rnd.IntN(4)))
		if _, err := svc.Confirm(ctx, code, service.ConfirmInput{Feedback: g.pick([]string{"非常感谢党员同志！", "很满意", "谢谢党和政府的关心", ""})}); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) twoNewMenus(ctx context.Context, staff *access.Principal) error {
	svc := g.a.TwoNew
	clock := svc.Now
	defer func() { svc.Now = clock }()
	svc.Now = func() time.Time { return time.Date(2022, 12, 31, 4, 0, 0, 0, time.UTC) }
	var items []int64
	k := 0
	for i, name := range menuNames {
		m, err := svc.SaveMenu(ctx, staff, 0, twonew.MenuInput{OrgID: g.city.Root.ID, Name: name, Summary: "面向全市两新组织提供",
			OfferedFrom: date(day2022(20 + 3*i))})
		if err != nil {
			return err
		}
		per := 1
		if i < 8 {
			per = 2
		}
		for j := 0; j < per && k < len(itemNames); j++ {
			it, err := svc.SaveItem(ctx, staff, 0, twonew.ItemInput{MenuID: m.ID, Name: itemNames[k], Provider: "“e站”非公党建指导服务中心",
				OfferedFrom: date(day2022(20 + 3*i))})
			if err != nil {
				return err
			}
			items = append(items, it.ID)
			k++
		}
	}
	// A menu tried in 2021 and withdrawn in spring: no longer on offer.
	old, err := svc.SaveMenu(ctx, staff, 0, twonew.MenuInput{OrgID: g.city.Root.ID, Name: "“红色驿站”试点服务", OfferedFrom: "2021-05-01", WithdrawnOn: "2022-04-30"})
	if err != nil {
		return err
	}
	if _, err := svc.SaveItem(ctx, staff, 0, twonew.ItemInput{MenuID: old.ID, Name: "驿站共建试点", OfferedFrom: "2021-05-01", WithdrawnOn: "2022-04-30"}); err != nil {
		return err
	}
	rows, err := g.a.DB.QueryContext(ctx, `SELECT id FROM orgs WHERE domain IN ('newform', 'private', 'social') AND dissolved = FALSE AND kind <> 'group' ORDER BY id`)
	if err != nil {
		return err
	}
	var reqOrgs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		reqOrgs = append(reqOrgs, id)
	}
	rows.Close()
	if len(reqOrgs) == 0 {
		return nil
	}
	needs := []string{"希望指导规范党支部台账", "申请为新入职党员开展培训", "请协助组织员工体检", "希望对接招聘需求", "申请融资对接服务"}
	for i := 0; i < 46; i++ {
		on := day2022(60 + g.rnd.IntN(290))
		r, err := svc.CreateRequest(ctx, staff, twonew.RequestInput{ItemID: items[g.rnd.IntN(len(items))], OrgID: reqOrgs[g.rnd.IntN(len(reqOrgs))],
			RequestedOn: date(on), Contact: g.pick(projectOwners), Need: g.pick(needs)})
		if err != nil {
			return err
		}
		if g.rnd.IntN(10) < 8 {
			if _, err := svc.Handle(ctx, staff, r.ID, twonew.HandleInput{Status: twonew.RequestDone, HandledOn: date(on.AddDate(0, 0, 3+g.rnd.IntN(10))),
				Note: "已安排专人对接办结"}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *gen) redEcommerce(ctx context.Context, staff *access.Principal) error {
	svc := g.a.Ecom
	clock := svc.Now
	defer func() { svc.Now = clock }()
	svc.Now = func() time.Time { return time.Date(2022, 12, 31, 4, 0, 0, 0, time.UTC) }
	categories := make([]string, 0, len(productNames))
	for _, c := range ecommerce.Categories {
		if len(productNames[c]) > 0 {
			categories = append(categories, c)
		}
	}
	hosts := append(append([]org.Org{}, g.city.Towns...), g.city.Streets...)
	const enterprises, products = 57, 213
	for i := 0; i < enterprises; i++ {
		t := enterpriseTails[i%len(enterpriseTails)]
		name := enterpriseWords[i%len(enterpriseWords)] + []string{"", "鑫", "丰", "源", "盛", "福"}[i/len(enterpriseWords)] + t.tail
		e, err := svc.SaveEnterprise(ctx, staff, 0, ecommerce.EnterpriseInput{OrgID: hosts[g.rnd.IntN(len(hosts))].ID, Name: name, Kind: t.kind,
			Contact: g.pick(projectOwners), JoinedOn: date(day2022(g.rnd.IntN(120)))})
		if err != nil {
			return err
		}
		// 213 products over 57 enterprises: three each and a fourth for 42.
		per := 3
		if i < products-3*enterprises {
			per = 4
		}
		for j := 0; j < per; j++ {
			cat := categories[(i+j)%len(categories)]
			pn := productNames[cat][(i/len(categories)+j)%len(productNames[cat])]
			p, err := svc.AddProduct(ctx, staff, e.ID, ecommerce.ProductInput{Name: pn + strconv.Itoa(j+1) + "号", Category: cat, Unit: "件",
				Price: strconv.Itoa(20 + g.rnd.IntN(180)), ListedOn: e.JoinedOn})
			if err != nil {
				return err
			}
			joined, _ := time.Parse("2006-01-02", e.JoinedOn)
			for s := 0; s < 3+g.rnd.IntN(4); s++ {
				on := joined.AddDate(0, 0, 5+g.rnd.IntN(360-joined.YearDay()))
				if on.Year() != 2022 {
					on = time.Date(2022, 12, 20, 0, 0, 0, 0, time.UTC)
				}
				amount := int64(18_000+g.rnd.IntN(60_000)) * 100 // fen
				if _, err := svc.AddSale(ctx, staff, ecommerce.SaleInput{ProductID: p.ID, SoldOn: date(on), Quantity: int64(100 + g.rnd.IntN(3000)),
					Amount: strconv.FormatInt(amount/100, 10), Channel: g.pick(ecommerce.Channels)}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
