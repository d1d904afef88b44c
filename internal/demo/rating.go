package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/bt"
	"troika/internal/org"
	"troika/internal/rating"
	"troika/internal/scheme"
	"troika/internal/store"
)

// The ratings of 2022: the BT checklist with 5 guidance groups and every
// branch's months — all green once published in 2022 (the seed's 100%),
// some yellow and red in late 2021 with their rectifications closed, and
// January 2023 under way (drafts, submissions, a few lights not yet
// published); four quarters of 四优 with 5 十佳 each; the 五星级 standard;
// the 红领筑基 scheme (3 aspects, 12 tasks, 36 items) and the 基层建设年 plan
// (16 key tasks, 48 measures).
var (
	btItems = []bt.Item{
		{Category: "组织建设", Title: "支部委员会按期换届，委员配备齐全", Weight: 10, Evidence: "换届选举批复"},
		{Category: "组织建设", Title: "党小组设置合理，组长履职到位", Weight: 5},
		{Category: "组织生活", Title: "按月召开支委会、党员大会或党小组会", Weight: 15, Evidence: "会议记录"},
		{Category: "组织生活", Title: "按月开展主题党日活动", Weight: 10, Evidence: "活动照片及签到表"},
		{Category: "组织生活", Title: "书记按要求讲党课", Weight: 5, Evidence: "党课讲稿"},
		{Category: "党员管理", Title: "党费按月足额收缴并公示", Weight: 10, Evidence: "党费收缴台账"},
		{Category: "党员管理", Title: "流动党员联系管理到位", Weight: 5},
		{Category: "党员管理", Title: "发展党员程序规范", Weight: 10, Evidence: "发展党员档案"},
		{Category: "阵地建设", Title: "活动场所标识规范、制度上墙", Weight: 5},
		{Category: "阵地建设", Title: "党建工作台账完整规范", Weight: 10, Evidence: "台账目录"},
		{Category: "作用发挥", Title: "党员设岗定责、承诺践诺", Weight: 10},
		{Category: "作用发挥", Title: "开展为民服务、疫情防控等志愿服务", Weight: 5, Evidence: "服务记录"},
	}
	btGroupNames = []string{"第一指导组", "第二指导组", "第三指导组", "第四指导组", "第五指导组"}
	btLeaders    = []string{"朴成浩", "李春梅", "崔英爱", "金美玉", "韩正日"}

	starStandard = []struct {
		star            int
		title, criteria string
	}{
		{1, "班子队伍好", "村党组织书记政治过硬、能力突出；班子团结协作，无违纪违法问题"},
		{1, "组织生活规范", "“三会一课”、主题党日、组织生活会按期召开，记录完整"},
		{1, "阵地建设达标", "党群服务中心功能完善，标识规范，常态开放"},
		{2, "集体经济发展好", "村集体经济年收入稳定在10万元以上并逐年增长"},
		{2, "领办合作社见效", "党支部领办合作社规范运营，带动农户增收"},
		{3, "乡村治理好", "网格化管理全覆盖，矛盾纠纷就地化解，无越级上访"},
		{3, "村规民约落实", "红白理事会等群众组织作用发挥明显，移风易俗成效显著"},
		{4, "服务群众好", "为民服务实事项目按期完成，群众微心愿认领率100%"},
		{4, "民族团结进步", "各族群众交往交流交融，创建民族团结进步示范村"},
		{5, "示范引领好", "获评省级以上先进或示范，经验做法在全市推广"},
		{5, "群众满意度高", "群众满意度测评达到95%以上"},
	}
	fourBest = []string{"班子建设优", "党员队伍优", "工作机制优", "发展业绩优"}

	hongling = []struct {
		aspect string
		tasks  [4]struct {
			title string
			items [3]string
		}
	}{
		{"规范组织设置", [4]struct {
			title string
			items [3]string
		}{
			{"规范党组织设置", [3]string{"村（社区）、机关、企事业单位党组织应建尽建", "党员3人以上的单位单独建立党支部", "党组织隶属关系清晰、名称规范"}},
			{"规范按期换届", [3]string{"党组织按期换届率达到100%", "换届程序规范、材料齐全", "届中调整及时报批"}},
			{"规范党小组设置", [3]string{"党员7人以上的党支部划分党小组", "党小组长由政治素质好的党员担任", "党小组每月至少开展一次活动"}},
			{"规范信息管理", [3]string{"党组织和党员信息及时录入维护", "组织关系转接全程网上办理", "党员档案管理规范"}},
		}},
		{"规范组织生活", [4]struct {
			title string
			items [3]string
		}{
			{"落实“三会一课”", [3]string{"支委会每月至少召开一次", "党员大会每季度至少召开一次", "党课每季度至少一次"}},
			{"开展主题党日", [3]string{"每月固定主题党日", "主题党日内容贴近实际", "活动记录完整"}},
			{"开好组织生活会", [3]string{"每年召开组织生活会", "会前谈心谈话全覆盖", "整改清单按期销号"}},
			{"开展民主评议党员", [3]string{"每年开展民主评议党员", "评议结果运用到位", "不合格党员稳妥处置"}},
		}},
		{"规范阵地建设，提升党员队伍素质", [4]struct {
			title string
			items [3]string
		}{
			{"建强党群服务中心", [3]string{"党群服务中心面积达标、功能齐全", "标识标牌统一规范", "每周开放不少于5天"}},
			{"加强党员教育培训", [3]string{"党员每年集中学习培训不少于32学时", "用好“学习强国”等平台", "开展“双语”宣讲"}},
			{"严格发展党员", [3]string{"发展党员计划完成率100%", "发展党员“五个环节”规范", "注重在青年农民中发展党员"}},
			{"发挥党员作用", [3]string{"党员设岗定责全覆盖", "党员联系服务群众常态化", "疫情防控党员先锋岗作用突出"}},
		}},
	}

	jcjsn = []struct {
		title    string
		measures [3]string
		owner    string
	}{
		{"抓班子强队伍", [3]string{"开展村党组织书记全员轮训", "实施村级后备力量培养工程", "选派优秀干部到软弱涣散村任第一书记"}, "市委组织部"},
		{"抓阵地提功能", [3]string{"改造提升村级党群服务中心", "统一规范党建标识", "建设党史党性教育馆"}, "市委组织部"},
		{"抓制度促规范", [3]string{"推行党支部标准体系建设", "落实“三会一课”纪实管理", "开展党建工作述职评议考核"}, "市委组织部"},
		{"抓党员提素质", [3]string{"开展党员冬春训", "推进党员积分制管理", "开展“亮身份、作表率”活动"}, "各乡镇（街道）党（工）委"},
		{"促乡村振兴", [3]string{"推广党支部领办合作社", "成立合作社联合社及其党委", "开展校地合作助农增收"}, "市农业农村局"},
		{"促集体增收", [3]string{"清理规范村集体“三资”", "实施集体经济“消薄”行动", "发展庭院经济和特色种养"}, "市农业农村局"},
		{"促基层治理", [3]string{"推进网格化管理全覆盖", "建设数字化党建引领基层治理平台", "推行网格员绩效考评"}, "市委政法委"},
		{"促民族团结", [3]string{"开展民族团结进步创建", "推行“双语”党课", "选树民族团结先进典型"}, "市民族宗教局"},
		{"提升为民服务水平", [3]string{"确立为民服务实事项目", "开展群众“微心愿”认领", "推行代办帮办服务"}, "各乡镇（街道）党（工）委"},
		{"提升服务效能", [3]string{"推进街道管理体制改革", "健全党群服务中心体系", "建立群众满意度评价机制"}, "市委组织部"},
		{"提升两新党建水平", [3]string{"实施“四红工程”", "升级非公党建指导服务中心", "设立“暖心驿站”"}, "市委两新工委"},
		{"提升城市党建水平", [3]string{"深化“双报到”活动", "推进街道社区党组织共驻共建", "打造“红色电商圈”"}, "市委组织部"},
		{"强化疫情防控组织保障", [3]string{"组建工作专班", "成立临时党支部", "组织党员干部下沉一线"}, "市委组织部"},
		{"强化志愿服务", [3]string{"组建志愿者服务队", "开展常态化志愿服务", "建立志愿服务激励机制"}, "团市委"},
		{"强化考核问效", [3]string{"开展“四优”评比", "推进“五星级”创建", "开展“红领筑基”考核"}, "市委组织部"},
		{"强化宣传引导", [3]string{"开设“**江党韵”专栏", "选树基层党建典型", "编发基层党建简报"}, "市委宣传部"},
	}
)

// ratings generates the ledgers of internal/bt, internal/rating and
// internal/scheme.
func (g *gen) ratings(ctx context.Context) error {
	var staffID int64
	if err := g.a.DB.QueryRowContext(ctx, `SELECT id FROM users WHERE username = 'staff'`).Scan(&staffID); err != nil {
		return err
	}
	staff := &access.Principal{UserID: staffID, Username: "staff", DisplayName: "金明哲", Role: access.RoleStaff, OrgID: g.city.Root.ID, OrgPath: g.city.Root.Path}
	if err := g.btDemo(ctx, staff); err != nil {
		return fmt.Errorf("BT: %w", err)
	}
	if err := g.fourBestDemo(ctx, staff); err != nil {
		return fmt.Errorf("四优: %w", err)
	}
	if err := g.schemeDemo(ctx, staff); err != nil {
		return fmt.Errorf("方案: %w", err)
	}
	return nil
}

type demoBranch struct {
	id     int64
	parent int64
}

func (g *gen) btDemo(ctx context.Context, staff *access.Principal) error {
	first := bt.ChecklistInput{Name: "党支部标准体系（BT）建设清单", Version: 1, EffectiveFrom: "2021-11", GreenMin: 90, YellowMin: 75,
		Note: "依据《中国共产党支部工作条例（试行）》制定", Items: btItems[:10]}
	if _, err := g.a.BT.CreateChecklist(ctx, staff, first); err != nil {
		return err
	}
	second := first
	second.Version, second.EffectiveFrom, second.Items = 2, "2022-01", btItems
	second.Note = "2022年版：增加“作用发挥”类项目"
	if _, err := g.a.BT.CreateChecklist(ctx, staff, second); err != nil {
		return err
	}
	rows, err := g.a.DB.QueryContext(ctx, `SELECT id, COALESCE(parent_id, 0) FROM orgs WHERE kind = 'branch' AND dissolved = FALSE ORDER BY path`)
	if err != nil {
		return err
	}
	var branches []demoBranch
	for rows.Next() {
		var b demoBranch
		if err := rows.Scan(&b.id, &b.parent); err != nil {
			rows.Close()
			return err
		}
		branches = append(branches, b)
	}
	rows.Close()
	// Guidance groups: the township committees' accounts and the
	// department's staff; branches dealt out by their parent so that one
	// group looks after whole townships.
	var members []int64
	mrows, err := g.a.DB.QueryContext(ctx, `SELECT id FROM users WHERE role IN ('staff', 'committee') ORDER BY id`)
	if err != nil {
		return err
	}
	for mrows.Next() {
		var id int64
		if err := mrows.Scan(&id); err != nil {
			mrows.Close()
			return err
		}
		members = append(members, id)
	}
	mrows.Close()
	parentGroup := map[int64]int{}
	assign := make([][]int64, len(btGroupNames))
	for _, b := range branches {
		gi, ok := parentGroup[b.parent]
		if !ok {
			gi = len(parentGroup) % len(btGroupNames)
			parentGroup[b.parent] = gi
		}
		assign[gi] = append(assign[gi], b.id)
	}
	for i, name := range btGroupNames {
		ms := []int64{members[0]}
		if len(members) > 1 {
			ms = append(ms, members[1+i%(len(members)-1)])
		}
		if _, err := g.a.BT.CreateGroup(ctx, staff, bt.GroupInput{Name: name, Leader: btLeaders[i], SetUpOn: "2021-10-15", MemberIDs: ms, BranchIDs: assign[i],
			Note: "负责所联系乡镇（街道）党支部标准体系建设的指导和月度审核"}); err != nil {
			return err
		}
	}
	cs, err := g.a.BT.Checklists(ctx)
	if err != nil {
		return err
	}
	var v1, v2 bt.Checklist
	for _, c := range cs {
		full, err := g.a.BT.Checklist(ctx, c.ID)
		if err != nil {
			return err
		}
		if c.Version == 1 {
			v1 = full
		} else {
			v2 = full
		}
	}
	return g.a.DB.InTx(ctx, func(tx *store.Tx) error {
		var months []string
		for _, m := range []string{"2021-11", "2021-12"} {
			months = append(months, m)
		}
		for m := 1; m <= 12; m++ {
			months = append(months, fmt.Sprintf("2022-%02d", m))
		}
		months = append(months, "2023-01")
		for _, month := range months {
			c := v2
			if month < "2022-01" {
				c = v1
			}
			if err := g.btMonth(ctx, tx, branches, c, month); err != nil {
				return err
			}
		}
		return nil
	})
}

// btMonth writes every branch's month in batches: scores, light,
// publication and, for a red or yellow light, closed rectifications.
func (g *gen) btMonth(ctx context.Context, tx *store.Tx, branches []demoBranch, c bt.Checklist, month string) error {
	t, _ := time.ParseInLocation("2006-01", month, access.Shanghai)
	submitted := store.Millis(t.AddDate(0, 1, 3).Add(10 * time.Hour))
	reviewed := submitted + 2*24*3600*1000
	published := reviewed + 5*24*3600*1000
	type row struct {
		org           int64
		status, light string
		self, score   int
		pub           bool
		lost          map[int]int
	}
	var list []row
	for _, b := range branches {
		r := row{org: b.id, status: "reviewed", pub: true, lost: map[int]int{}}
		switch {
		case month == "2023-01":
			// The month under way: most submitted, some drafts, a few
			// reviewed and not yet published.
			switch x := g.rnd.IntN(10); {
			case x < 2:
				r.status, r.pub = "draft", false
			case x < 7:
				r.status, r.pub = "submitted", false
			default:
				r.pub = false
				// Reviewed: a few lost points, now being put right.
				if y := g.rnd.IntN(6); y == 0 {
					r.lost[2], r.lost[3], r.lost[5], r.lost[9] = 9, 6, 6, 6 // red
				} else if y < 3 {
					r.lost[2], r.lost[9] = 8, 5 // yellow
				}
			}
		case month < "2022-01":
			// Before the year of the seed: a few lost points.
			if x := g.rnd.IntN(12); x == 0 {
				r.lost[2], r.lost[3], r.lost[5], r.lost[9] = 8, 6, 5, 6 // red
			} else if x < 3 {
				r.lost[2], r.lost[9] = 7, 5 // yellow
			}
		}
		if len(r.lost) == 0 && g.rnd.IntN(4) == 0 {
			r.lost[g.rnd.IntN(len(c.Items))] = 1 // green with a point off
		}
		for i, it := range c.Items {
			s := max(it.Weight-r.lost[i], 0)
			r.self += s
		}
		r.score = r.self
		if r.status == "reviewed" {
			r.light = string(c.LightOf(r.score))
		}
		list = append(list, r)
	}
	const batch = 200
	now := store.Millis(g.now())
	for start := 0; start < len(list); start += batch {
		part := list[start:min(start+batch, len(list))]
		var sb strings.Builder
		args := make([]any, 0, len(part)*14)
		sb.WriteString(`INSERT INTO bt_assessments (org_id, month, checklist_id, status, self_score, score, full_score, light, submitted_by, submitted_at,
			reviewed_by, reviewed_at, published, published_at, created_at, updated_at) VALUES `)
		for i, r := range part {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			subBy, subAt, revBy, revAt, pubAt := "", int64(0), "", int64(0), int64(0)
			if r.status != "draft" {
				subBy, subAt = "党支部书记", submitted
			}
			if r.status == "reviewed" {
				revBy, revAt = btLeaders[g.rnd.IntN(len(btLeaders))], reviewed
			}
			if r.pub {
				pubAt = published
			}
			args = append(args, r.org, month, c.ID, r.status, r.self, r.score, c.FullScore, r.light, subBy, subAt, revBy, revAt, r.pub, pubAt, now, now)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
	}
	ids := map[int64]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT id, org_id FROM bt_assessments WHERE month = ?`, month)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, org int64
		if err := rows.Scan(&id, &org); err != nil {
			rows.Close()
			return err
		}
		ids[org] = id
	}
	rows.Close()
	// Scores: one row per item, in batches.
	type scoreRow struct {
		aid, item int64
		s         int
		ev        string
	}
	var scores []scoreRow
	var rects []any
	for _, r := range list {
		aid := ids[r.org]
		for i, it := range c.Items {
			s := max(it.Weight-r.lost[i], 0)
			ev := ""
			if it.Evidence != "" {
				ev = month + it.Evidence
			}
			scores = append(scores, scoreRow{aid, it.ID, s, ev})
			if r.light == "yellow" || r.light == "red" {
				if s < it.Weight {
					// Earlier months' items are closed; the current month's
					// are still open.
					closed, on, how, by, at := true, t.AddDate(0, 1, 10+g.rnd.IntN(15)).Format("2006-01-02"), "已补齐"+it.Title+"相关材料，经指导组复核销号",
						btLeaders[g.rnd.IntN(len(btLeaders))], now
					if !r.pub {
						closed, on, how, by, at = false, "", "", "", 0
					}
					rects = append(rects, aid, r.org, it.ID, fmt.Sprintf("%s（扣%d分）", it.Title, it.Weight-s), t.AddDate(0, 2, -1).Format("2006-01-02"),
						closed, on, how, by, at, now)
				}
			}
		}
	}
	for start := 0; start < len(scores); start += 500 {
		part := scores[start:min(start+500, len(scores))]
		var sb strings.Builder
		args := make([]any, 0, len(part)*5)
		sb.WriteString(`INSERT INTO bt_scores (assessment_id, item_id, self_score, score, evidence) VALUES `)
		for i, s := range part {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?)")
			args = append(args, s.aid, s.item, s.s, s.s, s.ev)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
	}
	for start := 0; start < len(rects); start += 11 * 100 {
		part := rects[start:min(start+11*100, len(rects))]
		var sb strings.Builder
		sb.WriteString(`INSERT INTO bt_rectifications (assessment_id, org_id, item_id, problem, due_on, closed, closed_on, measure, closed_by, closed_at, created_at) VALUES `)
		for i := 0; i < len(part)/11; i++ {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		}
		if _, err := tx.ExecContext(ctx, sb.String(), part...); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) now() time.Time { return time.Now().UTC() }

func (g *gen) fourBestDemo(ctx context.Context, staff *access.Principal) error {
	for _, s := range starStandard {
		if _, err := g.a.Rating.SaveStar(ctx, staff, 0, rating.StarInput{Star: s.star, Title: s.title, Criteria: s.criteria}); err != nil {
			return err
		}
	}
	rows, err := g.a.DB.QueryContext(ctx, `SELECT id FROM orgs WHERE kind = 'branch' AND domain = 'rural' AND dissolved = FALSE ORDER BY path`)
	if err != nil {
		return err
	}
	var villages []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		villages = append(villages, id)
	}
	rows.Close()
	for q := 1; q <= 4; q++ {
		// Each township recommends its best villages: about 24 a quarter.
		var cands []int64
		for _, v := range villages {
			if g.rnd.IntN(len(villages)) < 24 {
				cands = append(cands, v)
			}
		}
		var crits []rating.Criterion
		for _, c := range fourBest {
			crits = append(crits, rating.Criterion{Title: c, MaxScore: 25})
		}
		e, err := g.a.Rating.Create(ctx, staff, rating.Input{Year: 2022, Quarter: q, Title: fmt.Sprintf("2022年第%d季度“四优”村党组织评比", q), TopN: 5,
			Criteria: crits, CandidateIDs: cands, ReviewerIDs: []int64{staff.UserID}})
		if err != nil {
			return err
		}
		var scores []rating.Score
		for _, c := range e.Ranking {
			for _, k := range e.Criteria {
				scores = append(scores, rating.Score{CandidateID: c.ID, CriterionID: k.ID, Score: 16 + g.rnd.IntN(10)})
			}
		}
		if _, err := g.a.Rating.SaveScores(ctx, staff, e.ID, scores); err != nil {
			return err
		}
		if _, err := g.a.Rating.Publish(ctx, staff, e.ID); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) schemeDemo(ctx context.Context, staff *access.Principal) error {
	var aspects []scheme.Aspect
	for _, a := range hongling {
		asp := scheme.Aspect{Title: a.aspect}
		for _, t := range a.tasks {
			task := scheme.Task{Title: t.title}
			for _, it := range t.items {
				task.Items = append(task.Items, scheme.Item{Title: it})
			}
			asp.Tasks = append(asp.Tasks, task)
		}
		aspects = append(aspects, asp)
	}
	var orgIDs []int64
	for _, o := range append(append([]org.Org{}, g.city.Towns...), g.city.Streets...) {
		orgIDs = append(orgIDs, o.ID)
	}
	x, err := g.a.Schemes.CreateScheme(ctx, staff, scheme.Input{Name: "“红领筑基”活动考核方案", StartsOn: "2022-03-01", EndsOn: "2022-12-31",
		Note: "重点抓好“三个规范一个提升”", Aspects: aspects, OrgIDs: orgIDs})
	if err != nil {
		return err
	}
	for _, o := range x.Assigned {
		for _, a := range x.Aspects {
			for _, t := range a.Tasks {
				for _, it := range t.Items {
					if g.rnd.IntN(10) < 8 {
						done := fmt.Sprintf("2022-%02d-%02d", 4+g.rnd.IntN(8), 1+g.rnd.IntN(28))
						if _, err := g.a.Schemes.Complete(ctx, staff, x.ID, scheme.Completion{ItemID: it.ID, OrgID: o.OrgID, DoneOn: done,
							Evidence: "已完成，材料存" + o.OrgName + "组织办"}); err != nil {
							return err
						}
					}
				}
			}
		}
	}
	var tasks []scheme.PlanTask
	for i, k := range jcjsn {
		t := scheme.PlanTask{Title: k.title}
		for j, m := range k.measures {
			t.Measures = append(t.Measures, scheme.Measure{Title: m, Owner: k.owner, Deadline: fmt.Sprintf("2022-%02d-%02d", 3+(i*3+j)%10, 28)})
		}
		tasks = append(tasks, t)
	}
	p, err := g.a.Schemes.CreatePlan(ctx, staff, scheme.PlanInput{Name: "“基层建设年”活动工作方案", Year: 2022,
		Note: "以“四抓四促四提升”为统领，全面释放基层党建、基层治理、为民服务、疫情防控四方面工作效能", Tasks: tasks})
	if err != nil {
		return err
	}
	for _, t := range p.Tasks {
		for _, m := range t.Measures {
			prog := 100
			if g.rnd.IntN(8) == 0 {
				prog = 60 + 10*g.rnd.IntN(4)
			}
			note := "已按期完成"
			if prog < 100 {
				note = "正在推进，预计下月完成"
			}
			if _, err := g.a.Schemes.ReportProgress(ctx, staff, m.ID, scheme.ProgressInput{Progress: prog, StatusNote: note}); err != nil {
				return err
			}
		}
	}
	return nil
}
