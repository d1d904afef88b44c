package report

// SeedFigure is one figure of the annual summary (../shared/INDICATORS.md):
// the indicator key that computes it, its row there, what it is called and
// which ledger feeds it. The report uses this table to name the missing
// ledger when an indicator is not (yet) registered, so that a figure without
// data is never invented and always explained.
type SeedFigure struct {
	Key    string
	Row    int
	Name   string // Chinese
	Ledger string // Chinese name of the ledger that feeds it
	Seed   string // the value printed in the seed, for reference ("**" where masked)
}

// SeedFigures lists them in the order of INDICATORS.md.
var SeedFigures = []SeedFigure{
	{"plan.key_tasks", 1, "基层建设年重点工作", "工作方案台账", "**"},
	{"plan.measures", 1, "基层建设年具体措施", "工作方案台账", "**"},
	{"service.projects", 2, "为民服务实事项目", "为民服务实事项目台账", "**"},
	{"service.wishes_claimed", 3, "认领群众微心愿", "微心愿台账", "**"},
	{"scheme.aspects", 4, "红领筑基方面", "考核方案台账", "*"},
	{"scheme.tasks", 4, "红领筑基工作任务", "考核方案台账", "**"},
	{"scheme.items", 4, "红领筑基考核清单", "考核方案台账", "**"},
	{"archive.received", 5, "接收无职党员档案", "无职党员档案台账", "**"},
	{"frontline.task_forces", 6, "成立工作专班", "工作专班台账", "20"},
	{"org.temp_founded", 7, "成立临时党支部", "组织架构", "15"},
	{"frontline.volunteer_teams", 8, "成立志愿者服务队", "志愿者服务队台账", "62"},
	{"frontline.deployed_people", 9, "下沉党员干部", "下沉台账", "1998"},
	{"frontline.screened_persons", 10, "累计排查外来人员", "排查记录台账", "16140"},
	{"rating.top_ten", 11, "评选十佳支部", "四优评比台账", "20"},
	{"coop.households", 12, "联合社辐射带动户数", "合作社联合社台账", "515"},
	{"coop.persons", 12, "联合社辐射带动人数", "合作社联合社台账", "978"},
	{"coop.coverage", 12, "联合社覆盖率", "合作社联合社台账", "100%"},
	{"coop.income_added", 13, "联合社增加集体收入", "村集体收入台账", "20余"},
	{"partner.orders", 14, "校地合作订购农副产品", "校地合作台账", "42"},
	{"partner.investment_each", 14, "校地合作每村投资", "校地合作台账", "50"},
	{"partner.special_funds", 15, "争取专项资金", "项目资金台账", "300"},
	{"partner.venue_area", 15, "教育馆建筑面积", "建设项目台账", "248"},
	{"gov.residents", 16, "录入居民信息", "居民台账", "65191"},
	{"gov.events_resolved", 17, "解决民生事件", "民生事件台账", "5565"},
	{"gov.satisfaction", 18, "群众评价满意度", "民生事件台账", "100%"},
	{"grid.excellent_monthly", 19, "每月评选优秀网格员", "网格员绩效考评台账", "12"},
	{"bt.guidance_groups", 20, "BT建设指导组", "党支部标准化台账", "5"},
	{"bt.branches_evaluated", 21, "每月评定的党支部", "党支部标准化台账", "231"},
	{"bt.green_rate_min", 21, "党支部每月绿灯率（最低月份）", "党支部标准化台账", "100%"},
	{"org.newform_founded", 22, "新业态新成立党组织", "组织架构", "5"},
	{"twonew.menus", 23, "活动菜单", "两新服务菜单台账", "10"},
	{"twonew.service_items", 23, "服务项目", "两新服务菜单台账", "18"},
	{"twonew.warm_stations", 24, "暖心驿站", "暖心驿站台账", "7"},
	{"pairing.newform_orgs", 25, "结对共建的新业态党组织", "双报到台账", "4"},
	{"pairing.streets", 25, "结对共建的街道", "双报到台账", "3"},
	{"pairing.members_registered", 26, "到社区报到的党员", "双报到台账", "18"},
	{"ecommerce.enterprises", 27, "红色电商圈帮助企业", "红色电商圈台账", "50余"},
	{"ecommerce.products", 27, "红色电商圈销售商品", "红色电商圈台账", "200余"},
	{"ecommerce.sales", 27, "红色电商圈销售额", "红色电商圈台账", "4000余"},
	{"cadre.documents", 28, "配套文件", "文件台账", "3"},
	{"cadre.promoted", 29, "新提拔干部", "干部选拔任用台账", "24"},
	{"cadre.promoted_young", 30, "其中35岁左右干部", "干部选拔任用台账", "13"},
	{"cadre.promoted_young_share", 30, "35岁左右干部占比", "干部选拔任用台账", "54.2%"},
	{"cadre.reserve_pool", 31, "优秀年轻干部储备库", "年轻干部储备库台账", "254"},
	{"cadre.class_attendees", 32, "中青年干部培训班学员", "干部培训台账", "55"},
	{"cadre.training_person_times", 33, "累计培训人次", "干部培训台账", "5273"},
	{"cadre.inspections", 34, "监督检查次数", "监督检查台账", "2"},
	{"cadre.units_inspected", 34, "检查单位", "监督检查台账", "72"},
	{"cadre.publicity_issues", 35, "公众号发布期数", "宣传台账", "13"},
	{"cadre.publicity_reads", 35, "累计阅览量", "宣传台账", "2000余"},
	{"talent.order_categories", 36, "订单式培养专业类别", "订单式培养台账", "5"},
	{"talent.order_positions", 36, "订单式培养岗位", "订单式培养台账", "9"},
	{"talent.rent_subsidies", 37, "发放租房补助", "人才补贴台账", "16.45"},
	{"talent.reading_group", 38, "读书群在线人才", "读书群台账", "50余"},
	{"talent.broadcast_plays", 39, "直播课播放量", "线上课程台账", "2000余"},
	{"talent.stations", 40, "返乡创业服务站", "返乡创业服务站台账", "82"},
	{"talent.problems_solved", 41, "为返乡创业人员解决问题", "返乡创业服务站台账", "30余"},
	{"talent.outside_leads", 42, "收集域外人才信息", "域外人才信息台账", "150余"},
	{"talent.reserve_pool", 43, "纳入人才储备库", "人才储备库台账", "122"},
	{"talent.returnees_featured", 44, "返乡品专栏宣传返乡创业人员", "宣传台账", "8"},
}

// seedFigure returns the entry for key.
func seedFigure(key string) (SeedFigure, bool) {
	for _, f := range SeedFigures {
		if f.Key == key {
			return f, true
		}
	}
	return SeedFigure{}, false
}
