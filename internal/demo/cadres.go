package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"troika/internal/cadre"
	"troika/internal/idcard"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
)

// The cadre department's records of 2021–2022, near the seed's figures:
// 24 promoted in 2022 of whom 13 aged 35 or less, 254 in the young-cadre
// reserve pool at the end of 2022, training classes of 5,273 person-times
// with one 中青年干部培训班 of 55, two inspections of 72 units, 13 issues of
// “公务员那些事儿” with some 2,000 reads, and three 配套文件. Written with
// batch inserts: the cadre ledgers' rules are tested elsewhere, and the
// demo must stay quick.

var (
	cadrePositions = []string{"科员", "副科长", "科长", "副主任", "主任", "副局长", "党组成员", "副镇长", "镇党委委员", "副书记", "街道办事处副主任", "一级主任科员", "四级主任科员"}
	cadreGrades    = []string{"fuke", "zhengke", "zhuren1", "zhuren2", "zhuren3", "zhuren4", "keyuan1", "keyuan2"}
	moreUnits      = []string{"市审计局", "市统计局", "市林业局", "市水利局", "市生态环境局", "市信访局", "市档案馆", "市总工会", "团市委", "市妇联", "市科协",
		"市工商联", "市残联", "市委党校", "市委政法委", "市委统战部", "市人大常委会办公室", "市政协办公室", "市人民法院", "市人民检察院", "市医疗保障局",
		"市营商环境建设局", "市乡村振兴局", "市民族宗教事务局", "市机关事务管理局", "市融媒体中心", "市城市管理执法局", "市委编办", "市委巡察办",
		"市委老干部局", "市委机要保密局", "市外事办公室", "市粮食和物资储备局", "市政务服务中心", "市公共资源交易中心", "市农业技术推广中心", "市红十字会",
		"市文联", "市侨联", "市委网信办", "市国防动员办公室", "市地方志办公室", "市住房公积金管理中心", "市园林绿化中心"}
)

type demoCadre struct {
	id     int64
	org    int64
	name   string
	birth  string
	unit   string
	number string
}

// batch inserts rows into table in chunks within tx.
func batch(ctx context.Context, tx *store.Tx, table string, cols []string, rows [][]any) error {
	const chunk = 200
	for start := 0; start < len(rows); start += chunk {
		end := min(start+chunk, len(rows))
		var sb strings.Builder
		args := make([]any, 0, (end-start)*len(cols))
		sb.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
		for i, r := range rows[start:end] {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString("(" + store.Placeholders(len(cols)) + ")")
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	return nil
}

func (g *gen) cadres(ctx context.Context) error {
	units, err := g.senderOrgs(ctx)
	if err != nil {
		return err
	}
	units = append(units, g.city.Towns...)
	units = append(units, g.city.Streets...)
	var root int64 = g.city.Root.ID
	now := store.Millis(time.Now())
	keys := g.a.Keys
	return g.a.DB.InTx(ctx, func(tx *store.Tx) error {
		// The roster: 820 cadres, four in ten born 1986 or later.
		var list []demoCadre
		seen := map[string]bool{}
		var rows, posts [][]any
		for i := 0; len(list) < 820; i++ {
			u := units[g.rnd.IntN(len(units))]
			male := g.rnd.IntN(100) < 62
			year := 1963 + g.rnd.IntN(23)
			if g.rnd.IntN(100) < 40 {
				year = 1986 + g.rnd.IntN(11)
			}
			birth := fmt.Sprintf("%04d%02d%02d", year, 1+g.rnd.IntN(12), 1+g.rnd.IntN(28))
			first := fmt.Sprintf("%s%s%03d", g.pick([]string{"222401", "222402", "222403", "222405", "222406"}), birth, g.rnd.IntN(500)*2+boolInt(male))
			number := first + string(idcard.CheckDigit(first))
			if seen[number] {
				continue
			}
			seen[number] = true
			id, err := idcard.Parse(number, end2022)
			if err != nil {
				return err
			}
			name := g.name()
			pos := g.pick(cadrePositions)
			grade := g.pick(cadreGrades)
			since := g.date(max(year+24, 2010), 2021)
			eth := "01"
			if strings.HasPrefix(name, "金") || strings.HasPrefix(name, "朴") || strings.HasPrefix(name, "崔") || strings.HasPrefix(name, "玄") {
				eth = "10"
			}
			edu := g.pick([]string{"21", "21", "21", "14", "31"})
			unitName := shortName(u.Name)
			rows = append(rows, []any{u.ID, name, string(id.Gender), eth, id.Birth.Format("2006-01-02"), keys.Seal(number),
				cadre.IDHash(keys, number), personal.MaskID(number), unitName + pos, grade, since, since,
				fmt.Sprintf("%04d-07-01", year+22), fmt.Sprintf("%04d-%02d-01", year+25, 1+g.rnd.IntN(12)), edu, "21", "cpc", "serving", now, now})
			list = append(list, demoCadre{org: u.ID, name: name, birth: id.Birth.Format("2006-01-02"), unit: unitName, number: number})
		}
		if err := batch(ctx, tx, "cadres", []string{"org_id", "name", "gender", "ethnicity", "birth_date", "id_enc", "id_hash", "id_mask",
			"position", "grade", "post_since", "grade_since", "work_since", "party_since", "edu_fulltime", "edu_inservice", "political",
			"status", "created_at", "updated_at"}, rows); err != nil {
			return err
		}
		if err := g.cadreIDs(ctx, tx, list); err != nil {
			return err
		}
		for _, c := range list {
			posts = append(posts, []any{c.id, "appoint", "2019-01-01", "", "", "", "", "demo", now})
		}
		if err := batch(ctx, tx, "cadre_posts", []string{"cadre_id", "kind", "on_date", "position", "grade", "doc_no", "note", "actor", "at"}, posts); err != nil {
			return err
		}
		young := func(c demoCadre, on string) bool { return ageYears(c.birth, on) <= 35 }
		// Promotions: 24 提拔 in 2022, 13 of them aged 35 or less on the
		// day; 19 in 2021; 36 职级晋升 in 2022.
		var proms [][]any
		used := map[int64]bool{}
		add := func(c demoCadre, kind, on string) {
			used[c.id] = true
			basis := g.pick([]string{"epidemic", "revitalization", "economy", "performance"})
			proms = append(proms, []any{c.org, c.id, kind, on, "科员", c.unit + g.pick([]string{"副局长", "副镇长", "科长", "副主任"}), basis,
				fmt.Sprintf("市委组干字〔%s〕%d号", on[:4], 3+g.rnd.IntN(60)), ageYears(c.birth, on), "", now, now})
		}
		nYoung, nOld := 0, 0
		for _, c := range list {
			on := g.date(2022, 2022)
			switch {
			case used[c.id]:
			case young(c, on) && nYoung < 13 && ageYears(c.birth, on) >= 28:
				add(c, "promote", on)
				nYoung++
			case !young(c, on) && nOld < 11 && ageYears(c.birth, on) <= 52:
				add(c, "promote", on)
				nOld++
			}
		}
		for i, c := range list {
			if used[c.id] {
				continue
			}
			if i%20 == 3 && len(proms) < 24+19 {
				add(c, "promote", g.date(2021, 2021))
			} else if i%17 == 5 && len(proms) < 24+19+36 {
				add(c, "grade", g.date(2022, 2022))
			}
		}
		if err := batch(ctx, tx, "cadre_promotions", []string{"org_id", "cadre_id", "kind", "promoted_on", "from_post", "to_post", "basis",
			"doc_no", "age", "note", "created_at", "updated_at"}, proms); err != nil {
			return err
		}
		// Reserve pool: 254 in at the end of 2022, 18 who left in 2022, 9
		// nominations awaiting review, 6 not passed.
		var res [][]any
		inPool, left, waiting, rejected := 0, 0, 0, 0
		for _, c := range list {
			if ageYears(c.birth, "2022-12-31") > 38 {
				continue
			}
			nom := g.date(2020, 2021)
			entered := g.date(2021, 2022)
			if entered < nom {
				entered = nom
			}
			switch {
			case inPool < 254:
				res = append(res, []any{c.org, c.id, "in", nom, "市委组织部", entered, "", entered, "", "", now, now})
				inPool++
			case left < 18:
				res = append(res, []any{c.org, c.id, "exited", nom, "市委组织部", entered, "", entered, "2022-" + g.date(2022, 2022)[5:], "promoted", now, now})
				left++
			case waiting < 9:
				res = append(res, []any{c.org, c.id, "nominated", "2022-12-" + fmt.Sprintf("%02d", 1+g.rnd.IntN(28)), c.unit, "", "", "", "", "", now, now})
				waiting++
			case rejected < 6:
				res = append(res, []any{c.org, c.id, "rejected", nom, c.unit, nom, "考察未通过", "", "", "", now, now})
				rejected++
			}
		}
		for i := range res {
			// An exit date before the entry date would break the pool's
			// order: leave on the entry date at the latest.
			if res[i][2] == "exited" && res[i][8].(string) < res[i][7].(string) {
				res[i][8] = res[i][7]
			}
		}
		if err := batch(ctx, tx, "cadre_reserve", []string{"org_id", "cadre_id", "status", "nominated_on", "nominated_by", "reviewed_on",
			"review_note", "entered_on", "exited_on", "exit_reason", "created_at", "updated_at"}, res); err != nil {
			return err
		}
		if err := g.cadreTraining(ctx, tx, root, list, now); err != nil {
			return err
		}
		return g.cadreSupervision(ctx, tx, root, list, units, now)
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ageYears is the age in whole years on a date (both YYYY-MM-DD).
func ageYears(birth, on string) int {
	b, _ := time.Parse("2006-01-02", birth)
	d, _ := time.Parse("2006-01-02", on)
	a := d.Year() - b.Year()
	if d.Month() < b.Month() || d.Month() == b.Month() && d.Day() < b.Day() {
		a--
	}
	return a
}

// cadreIDs reads back the ids of the inserted cadres by their ID hash.
func (g *gen) cadreIDs(ctx context.Context, tx *store.Tx, list []demoCadre) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, id_hash FROM cadres`)
	if err != nil {
		return err
	}
	byHash := map[string]int64{}
	for rows.Next() {
		var id int64
		var h string
		if err := rows.Scan(&id, &h); err != nil {
			rows.Close()
			return err
		}
		byHash[h] = id
	}
	rows.Close()
	for i := range list {
		list[i].id = byHash[cadre.IDHash(g.a.Keys, list[i].number)]
	}
	return rows.Err()
}

// insertOne writes a row and returns its id.
func insertOne(ctx context.Context, tx *store.Tx, table string, cols []string, vals ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ("+store.Placeholders(len(cols))+") RETURNING id",
		vals...).Scan(&id)
	return id, err
}

func (g *gen) cadreTraining(ctx context.Context, tx *store.Tx, root int64, list []demoCadre, now int64) error {
	classCols := []string{"org_id", "name", "mode", "young", "started_on", "ended_on", "hours", "place", "note", "created_at", "updated_at"}
	attCols := []string{"class_id", "cadre_id", "name", "unit", "hours", "created_at", "updated_at"}
	class := func(name, mode string, youngClass bool, start string, hours int64, size int) error {
		id, err := insertOne(ctx, tx, "cadre_classes", classCols, root, name, mode, youngClass, start, start, hours*10, "市委党校", "", now, now)
		if err != nil {
			return err
		}
		var rows [][]any
		for _, k := range g.rnd.Perm(len(list))[:min(size, len(list))] {
			c := list[k]
			rows = append(rows, []any{id, c.id, c.name, c.unit, hours * 10, now, now})
		}
		return batch(ctx, tx, "cadre_attendees", attCols, rows)
	}
	// 2022: the 中青年干部培训班 of 55 and special classes summing 5,218.
	if err := class("2022年习近平新时代中国特色社会主义思想中青年干部培训班", "offline", true, "2022-09-13", 120, 55); err != nil {
		return err
	}
	topics := []string{"学习贯彻党的二十大精神专题培训班", "疫情防控能力提升专题培训班", "乡村振兴专题培训班", "公务员法律法规专题培训班",
		"优化营商环境专题培训班", "基层党建实务培训班", "民族团结进步专题培训班", "安全生产专题培训班", "信访工作专题培训班",
		"年轻干部能力提升培训班", "领导干部网络学法专题", "习近平总书记系列重要讲话精神线上学习"}
	left := 5273 - 55
	for i := 0; left > 0; i++ {
		size := min(60+g.rnd.IntN(240), left)
		if left-size < 40 {
			size = left
		}
		mode := g.pick([]string{"offline", "online", "mixed"})
		if err := class(fmt.Sprintf("%s（第%d期）", topics[i%len(topics)], i/len(topics)+1), mode, false, g.date(2022, 2022), int64(4+g.rnd.IntN(20)), size); err != nil {
			return err
		}
		left -= size
	}
	for i := 0; i < 8; i++ {
		if err := class(fmt.Sprintf("%s（2021年第%d期）", topics[i], 1), "offline", i == 0, g.date(2021, 2021), 16, 80+g.rnd.IntN(120)); err != nil {
			return err
		}
	}
	// The 双推双考双评 exam and its scores; reading and online learning.
	exam, err := insertOne(ctx, tx, "cadre_exams", []string{"org_id", "name", "kind", "held_on", "full_score", "pass_score", "note", "created_at", "updated_at"},
		root, "2022年“双推双考双评”理论考试", "double", "2022-06-18", 1000, 600, "", now, now)
	if err != nil {
		return err
	}
	var scores, learn [][]any
	for _, k := range g.rnd.Perm(len(list))[:300] {
		c := list[k]
		scores = append(scores, []any{exam, c.id, c.name, int64(550 + g.rnd.IntN(440)), now, now})
	}
	for _, k := range g.rnd.Perm(len(list))[:400] {
		c := list[k]
		mode := g.pick([]string{"reading", "online"})
		title := g.pick([]string{"《习近平谈治国理政》第四卷", "《中国共产党简史》", "学习强国专题学习", "干部网络学院公需课", "《习近平新时代中国特色社会主义思想学习纲要》"})
		learn = append(learn, []any{c.org, c.id, mode, title, g.date(2022, 2022), int64(10 + g.rnd.IntN(60)), "", now, now})
	}
	if err := batch(ctx, tx, "cadre_scores", []string{"exam_id", "cadre_id", "name", "score", "created_at", "updated_at"}, scores); err != nil {
		return err
	}
	return batch(ctx, tx, "cadre_learning", []string{"org_id", "cadre_id", "mode", "title", "on_date", "hours", "note", "created_at", "updated_at"}, learn)
}

func (g *gen) cadreSupervision(ctx context.Context, tx *store.Tx, root int64, list []demoCadre, units []org.Org, now int64) error {
	keys := g.a.Keys
	// Documents: the three 配套文件 of the 五大工程 programme, two of 2021.
	prog := "《关于进一步提振全市党员干部干事创业精气神“五大工程”体系的实施方案》"
	var docs [][]any
	for i, d := range [][2]string{{"关于激励干部担当作为的实施办法", "2022-03-18"}, {"关于大力发现培养选拔优秀年轻干部的实施意见", "2022-04-22"},
		{"关于建立容错纠错机制的实施办法", "2022-05-30"}, {"市管干部年度考核办法", "2021-11-12"}, {"干部人事档案管理办法", "2021-06-08"}} {
		p := ""
		if d[1] >= "2022" {
			p = prog
		}
		docs = append(docs, []any{root, d[0], fmt.Sprintf("市委组发〔%s〕%d号", d[1][:4], 5+i*3), d[1], p, "", now, now})
	}
	if err := batch(ctx, tx, "cadre_documents", []string{"org_id", "title", "doc_no", "issued_on", "programme", "note", "created_at", "updated_at"}, docs); err != nil {
		return err
	}
	// Publicity: 13 issues of “公务员那些事儿” in 2022.
	var pubs [][]any
	topics := []string{"公务员录用那些事", "试用期那些事", "职务职级并行那些事", "公务员考核那些事", "公务员奖励那些事", "公务员惩戒那些事", "公务员培训那些事",
		"公务员交流那些事", "公务员回避那些事", "公务员休假那些事", "辞职辞退那些事", "公务员申诉那些事", "公务员退休那些事"}
	for i, t := range topics {
		pubs = append(pubs, []any{root, fmt.Sprintf("公务员那些事儿｜%s", t), "公务员那些事儿", "微信公众号“江党韵”",
			fmt.Sprintf("2022-%02d-%02d", 1+i*11/13, 10+g.rnd.IntN(15)), int64(120 + g.rnd.IntN(90)), "", now, now})
	}
	if err := batch(ctx, tx, "sup_publicity", []string{"org_id", "title", "series", "channel", "published_on", "reads", "note", "created_at", "updated_at"}, pubs); err != nil {
		return err
	}
	// Two inspections of 公务员法律法规实施情况 covering 72 units.
	var names []string
	seenUnit := map[string]bool{}
	for _, u := range append(append(append([]string{}, organUnits...), moreUnits...), unitNames(units)...) {
		if !seenUnit[u] && len(names) < 72 {
			seenUnit[u] = true
			names = append(names, u)
		}
	}
	inspCols := []string{"org_id", "title", "topic", "started_on", "ended_on", "note", "created_at", "updated_at"}
	for k, part := range [][]string{names[:40], names[40:]} {
		start := []string{"2022-05-09", "2022-10-17"}[k]
		id, err := insertOne(ctx, tx, "sup_inspections", inspCols, root, fmt.Sprintf("2022年全市公务员法律法规实施情况监督检查（第%s轮）", []string{"一", "二"}[k]),
			"公务员法律法规实施情况", start, start[:8]+"30", "", now, now)
		if err != nil {
			return err
		}
		var us, ps [][]any
		for i, u := range part {
			day := fmt.Sprintf("%s%02d", start[:8], 10+i%18)
			us = append(us, []any{id, u, day, "", now, now})
			if i%6 == 0 {
				rect := ""
				if k == 0 || i%12 == 0 {
					rect = day[:5] + fmt.Sprintf("%02d-20", min(12, 1+int(day[5]-'0')*10+int(day[6]-'0')+1))
				}
				ps = append(ps, []any{id, u, g.pick([]string{"平时考核记录不完整", "公务员登记材料未及时归档", "年度考核等次比例把握不准", "请休假审批手续不全"}),
					"限期补齐材料、完善制度", start[:5] + "12-31", rect, now, now})
			}
		}
		if err := batch(ctx, tx, "sup_inspected_units", []string{"inspection_id", "unit_name", "inspected_on", "note", "created_at", "updated_at"}, us); err != nil {
			return err
		}
		if err := batch(ctx, tx, "sup_problems", []string{"inspection_id", "unit_name", "problem", "measure", "deadline", "rectified_on", "created_at", "updated_at"}, ps); err != nil {
			return err
		}
	}
	// The 12380 duty roster of 2022, day and night.
	var duty [][]any
	staffNames := []string{"金明哲", "朴英爱", "李成浩", "崔顺姬", "王立新", "张海燕"}
	for d := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == 2022; d = d.AddDate(0, 0, 1) {
		for _, sh := range []string{"day", "night"} {
			duty = append(duty, []any{root, d.Format("2006-01-02"), sh, g.pick(staffNames), "0433-12380", "", now, now})
		}
	}
	if err := batch(ctx, tx, "sup_duty", []string{"org_id", "on_date", "shift", "person", "phone", "note", "created_at", "updated_at"}, duty); err != nil {
		return err
	}
	// 12380 cases of 2022: most replied, some under way, two overdue.
	repCols := []string{"org_id", "code", "channel", "received_at", "subject_name", "subject_unit", "category", "content", "reporter_enc", "anonymous",
		"status", "assignee", "due_on", "conclusion", "concluded_on", "reply", "replied_on", "created_at", "updated_at"}
	contents := []string{"反映该同志在干部推荐过程中打招呼、拉票，请组织核查。", "反映该单位在公务员招录中存在优亲厚友问题。",
		"反映该同志工作日中午饮酒，影响工作。", "反映该同志个人有关事项报告中未如实报告房产情况。", "反映该单位超职数配备干部。"}
	for i := 0; i < 16; i++ {
		c := list[g.rnd.IntN(len(list))]
		recv := time.Date(2022, time.Month(1+i*11/16), 3+g.rnd.IntN(24), 9+g.rnd.IntN(9), 0, 0, 0, time.UTC)
		due := recv.AddDate(0, 0, cadre.DueDays).Format("2006-01-02")
		status, concl, reply, cOn, rOn, assignee := "replied", "经核查，反映问题不属实，已向本人反馈。", "您反映的问题已核查办结，感谢您对干部工作的监督。",
			recv.AddDate(0, 0, 40).Format("2006-01-02"), recv.AddDate(0, 0, 45).Format("2006-01-02"), "干部监督科"
		switch {
		case i >= 14:
			status, concl, reply, cOn, rOn = "investigating", "", "", "", ""
		case i >= 12:
			status, reply, rOn = "concluded", "", ""
		}
		enc := ""
		if i%3 != 0 {
			b, _ := json.Marshal(map[string]string{"name": g.name(), "phone": fmt.Sprintf("139%08d", g.rnd.IntN(100000000))})
			enc = keys.Seal(string(b))
		}
		code := fmt.Sprintf("DEMO%08d", 20220000+i)
		id, err := insertOne(ctx, tx, "sup_reports", repCols, root, code, g.pick([]string{"phone", "letter", "visit", "web"}), store.Millis(recv),
			c.name, c.unit, g.pick([]string{"selection", "discipline", "conduct"}), contents[i%len(contents)], enc, enc == "",
			status, assignee, due, concl, cOn, reply, rOn, now, now)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sup_report_events (report_id, kind, detail, actor, at) VALUES (?, 'received', '', 'demo', ?), (?, 'assigned', ?, 'demo', ?)`,
			id, store.Millis(recv), id, assignee, store.Millis(recv.Add(24*time.Hour))); err != nil {
			return err
		}
	}
	// Personal-matter reports of 2022 for 320 cadres and one draw of 32.
	var matters [][]any
	perm := g.rnd.Perm(len(list))[:320]
	for _, k := range perm {
		c := list[k]
		matters = append(matters, []any{c.org, c.id, 2022, g.date(2022, 2022)[:5] + "03-" + fmt.Sprintf("%02d", 1+g.rnd.IntN(28)), "annual", now, now})
	}
	if err := batch(ctx, tx, "sup_matters", []string{"org_id", "cadre_id", "year", "submitted_on", "kind", "created_at", "updated_at"}, matters); err != nil {
		return err
	}
	var pop []int64
	rows, err := tx.QueryContext(ctx, `SELECT id FROM sup_matters WHERE year = 2022 ORDER BY id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		pop = append(pop, id)
	}
	rows.Close()
	seed := fmt.Sprintf("%016x%016x", g.rnd.Uint64(), g.rnd.Uint64())
	sel, err := cadre.Select(seed, pop, 32)
	if err != nil {
		return err
	}
	join := func(ids []int64) string {
		s := make([]string, len(ids))
		for i, x := range ids {
			s[i] = fmt.Sprint(x)
		}
		return strings.Join(s, ",")
	}
	draw, err := insertOne(ctx, tx, "sup_draws", []string{"org_id", "year", "seed", "sample_size", "population", "selected", "drawn_by", "drawn_at"},
		root, 2022, seed, 32, join(pop), join(sel), "demo", store.Millis(time.Date(2022, 4, 15, 2, 0, 0, 0, time.UTC)))
	if err != nil {
		return err
	}
	for i, m := range sel {
		result, cons := "consistent", "none"
		if i%8 == 3 {
			result, cons = "minor", "talk"
		} else if i == 5 {
			result, cons = "concealed", "hold"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sup_matters SET draw_id = ?, result = ?, verified_on = '2022-06-30', consequence = ? WHERE id = ?`,
			draw, result, cons, m); err != nil {
			return err
		}
	}
	return g.cadreArchives(ctx, tx, root, list, now)
}

func unitNames(units []org.Org) []string {
	var out []string
	for _, u := range units {
		out = append(out, shortName(u.Name))
	}
	return out
}

func (g *gen) cadreArchives(ctx context.Context, tx *store.Tx, root int64, list []demoCadre, now int64) error {
	var files [][]any
	for i, c := range list {
		files = append(files, []any{c.org, c.id, fmt.Sprintf("GB-%04d", i+1), "held", g.date(2012, 2021), "", now, now})
	}
	if err := batch(ctx, tx, "pa_files", []string{"org_id", "cadre_id", "shelf_no", "status", "received_on", "note", "created_at", "updated_at"}, files); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM pa_files ORDER BY id`)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var mats [][]any
	titles := map[string]string{"1": "干部履历表", "3": "年度考核登记表", "4": "学历学位证书复印件", "9": "任免审批表"}
	for _, f := range ids[:300] {
		for cat, t := range titles {
			filed := g.date(2022, 2022)
			if g.rnd.IntN(10) == 0 {
				filed = ""
			}
			mats = append(mats, []any{f, cat, t, "2022-01-05", filed, int64(1 + g.rnd.IntN(6)), "", now, now})
		}
	}
	if err := batch(ctx, tx, "pa_materials", []string{"file_id", "category", "title", "received_on", "filed_on", "pages", "note", "created_at", "updated_at"}, mats); err != nil {
		return err
	}
	// Requests: some returned, one lent and overdue, one pending; a file
	// transferred out with its receipt; two custody checks.
	reqCols := []string{"file_id", "kind", "requester_id", "requester", "purpose", "status", "requested_at", "decided_by", "decided_at", "decision_note", "due_on", "returned_on"}
	at := store.Millis(time.Date(2022, 11, 2, 2, 0, 0, 0, time.UTC))
	for i, st := range []string{"returned", "returned", "returned", "lent", "approved", "pending"} {
		kind, due, ret, by := "borrow", "2022-11-20", "", "档案室 刘振宇"
		if st == "returned" {
			ret = "2022-11-15"
		}
		if st == "approved" {
			kind, due = "read", "2022-12-31"
		}
		if st == "pending" {
			due, by = "", ""
		}
		if _, err := insertOne(ctx, tx, "pa_requests", reqCols, ids[10+i], kind, 0, "干部一科 王立新", "干部考察", st, at, by, at, "", due, ret); err != nil {
			return err
		}
		if st == "lent" {
			if _, err := tx.ExecContext(ctx, `UPDATE pa_files SET status = 'lent' WHERE id = ?`, ids[10+i]); err != nil {
				return err
			}
		}
	}
	if _, err := insertOne(ctx, tx, "pa_transfers", []string{"file_id", "to_unit", "sent_on", "receipt_no", "receipt_on", "note", "created_at", "updated_at"},
		ids[20], "延边州委组织部", "2022-08-10", "HZ-2022-031", "2022-08-19", "", now, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE pa_files SET status = 'transferred' WHERE id = ?`, ids[20]); err != nil {
		return err
	}
	return batch(ctx, tx, "pa_checks", []string{"org_id", "checked_on", "checker", "files_checked", "problems", "note", "created_at", "updated_at"},
		[][]any{{root, "2022-06-28", "刘振宇、孙丽华", int64(len(ids) - 1), "3卷材料未及时归档", "", now, now},
			{root, "2022-12-26", "刘振宇、孙丽华", int64(len(ids) - 1), "无", "", now, now}})
}
