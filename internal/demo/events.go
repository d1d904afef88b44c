package demo

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/appraisal"
	"troika/internal/store"
)

// Livelihood events of 2022 (seed rows 17–18: 5565 resolved, all
// evaluated 满意 or 基本满意) and the grid workers' appraisal of every
// month of 2022, published with 12 优秀 (row 19) and their rewards.
const (
	demoEventsClosed = 5565
	demoEventsOpen   = 430
)

var eventPlaces = []string{"%s%d号楼东侧", "%s%d号楼单元门口", "%s小区%d栋楼道", "%s%d组路口", "%s文化广场", "%s卫生室旁",
	"%s%d号楼后身", "%s幼儿园门口", "%s菜市场入口", "%s公交站%d号站台"}

var eventIssues = map[string][]string{
	"infra":    {"路灯不亮", "井盖破损", "人行道地砖松动", "下水道堵塞", "路面塌陷有坑", "护栏损坏"},
	"env":      {"垃圾清运不及时", "楼道堆放杂物", "绿化带杂草丛生", "积水未清理", "私搭乱建棚子", "油烟扰民"},
	"dispute":  {"邻里因漏水发生纠纷", "楼上噪音扰民", "占用公共车位引发争执", "宠物扰邻", "装修噪音扰民"},
	"property": {"电梯故障停运", "单元门禁损坏", "物业服务不到位", "供暖温度不达标", "屋面漏雨"},
	"safety":   {"电动车楼道充电", "消防通道被占用", "燃气管道老化", "外墙皮脱落", "高空抛物隐患"},
	"welfare":  {"独居老人需要帮扶", "低保申请咨询", "残疾人辅具申领", "困难家庭临时救助", "高龄津贴办理"},
	"other":    {"咨询朝鲜语政策宣传资料", "犬只管理问题", "快递柜设置建议", "健身器材损坏"},
}

var handleNotes = []string{"已联系相关部门现场处置完毕", "已协调物业整改", "已组织人员清理", "已上门调解，双方达成一致",
	"已维修恢复正常", "已办理并告知居民", "已现场核实并处置"}

// governance adds the events and then the appraisal computed from them
// (and from the grids' visits).
func (g *gen) governance(ctx context.Context) error {
	if err := g.events(ctx); err != nil {
		return err
	}
	return g.appraisals(ctx)
}

func (g *gen) events(ctx context.Context) error {
	type gridRow struct {
		id, org, worker, user int64
		place                 string
	}
	rows, err := g.a.DB.QueryContext(ctx, `SELECT g.id, g.org_id, COALESCE(gw.id, 0), COALESCE(gw.user_id, 0), o.name
		FROM grids g JOIN orgs o ON o.id = g.org_id
		LEFT JOIN grid_workers gw ON gw.grid_id = g.id AND gw.until = '' ORDER BY g.id`)
	if err != nil {
		return err
	}
	var grids []gridRow
	for rows.Next() {
		var r gridRow
		if err := rows.Scan(&r.id, &r.org, &r.worker, &r.user, &r.place); err != nil {
			rows.Close()
			return err
		}
		r.place = strings.TrimSuffix(strings.TrimPrefix(r.place, "中共"), "委员会")
		r.place = strings.TrimSuffix(strings.TrimSuffix(r.place, "党支部"), "支部")
		grids = append(grids, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(grids) == 0 {
		return err
	}
	cats, err := g.a.Events.Categories(ctx, true)
	if err != nil {
		return err
	}
	cst := time.FixedZone("CST", 8*3600)
	yearStart := time.Date(2022, 1, 1, 0, 0, 0, 0, cst)
	yearEnd := time.Date(2023, 1, 1, 0, 0, 0, 0, cst)
	hours := func(lo, hi float64) time.Duration {
		return time.Duration((lo + g.rnd.Float64()*(hi-lo)) * float64(time.Hour))
	}
	type stepRow struct {
		act, from, to, note, actor string
		handler                    int64
		dept                       string
		late                       bool
		at                         time.Time
	}
	type evRow struct {
		code, place, desc, source, rating string
		org, grid, cat, worker, reporter  int64
		reported                          time.Time
		status                            string
		handler                           int64
		dept                              string
		stage, warn, due, closed          time.Time
		late                              bool
		steps                             []stepRow
	}
	seq := 0
	code := func() string {
		seq++
		sum := sha256.Sum256([]byte(fmt.Sprintf("troika-demo-event-%d", seq)))
		return base32.StdEncoding.EncodeToString(sum[:])[:10]
	}
	depts := []string{"社区居委会", "市住建局", "市城管局", "供电所", "物业服务中心", "街道综合执法队", "市民政局"}
	statuses := []string{"reported", "accepted", "dispatched", "handled", "verified"}
	stagesOf := map[string]string{"reported": "accept", "accepted": "dispatch", "dispatched": "handle", "handled": "verify", "verified": "close"}
	limit := func(c int, stage string) time.Duration {
		cat := cats[c]
		h := map[string]int{"accept": cat.AcceptHours, "dispatch": cat.DispatchHours, "handle": cat.HandleHours,
			"verify": cat.VerifyHours, "close": cat.CloseHours}[stage]
		return time.Duration(h) * time.Hour
	}
	make1 := func(closed bool) evRow {
		gr := grids[g.rnd.IntN(len(grids))]
		c := g.rnd.IntN(len(cats))
		issues := eventIssues[cats[c].Code]
		if len(issues) == 0 {
			issues = eventIssues["other"]
		}
		issue := g.pick(issues)
		e := evRow{code: code(), org: gr.org, grid: gr.id, cat: cats[c].ID, desc: issue + "，请尽快处理。"}
		if f := g.pick(eventPlaces); strings.Contains(f, "%d") {
			e.place = fmt.Sprintf(f, gr.place, 1+g.rnd.IntN(30))
		} else {
			e.place = fmt.Sprintf(f, gr.place)
		}
		switch n := g.rnd.IntN(100); {
		case n < 62 && gr.worker > 0:
			e.source, e.worker, e.reporter = "grid", gr.worker, gr.user
		case n < 82:
			e.source = "public"
		case n < 94:
			e.source = "phone"
		default:
			e.source = "walkin"
		}
		span := yearEnd.Sub(yearStart) - 12*24*time.Hour
		if !closed {
			e.reported = yearEnd.Add(-time.Duration(g.rnd.Int64N(int64(25 * 24 * time.Hour))))
		} else {
			e.reported = yearStart.Add(time.Duration(g.rnd.Int64N(int64(span))))
		}
		// Daytime reports mostly.
		e.reported = time.Date(e.reported.Year(), e.reported.Month(), e.reported.Day(), 7+g.rnd.IntN(12), g.rnd.IntN(60), 0, 0, cst)
		if !e.reported.Before(yearEnd) {
			e.reported = yearEnd.Add(-3 * time.Hour)
		}
		reporterName := "群众"
		if e.source == "grid" {
			reporterName = "网格员"
		}
		e.steps = append(e.steps, stepRow{act: "report", to: "reported", note: map[string]string{"grid": "网格员上报", "public": "群众自主上报",
			"phone": "电话受理", "walkin": "来访受理"}[e.source], actor: reporterName, at: e.reported})
		lateOne := g.rnd.IntN(100) < 7
		t := e.reported
		last := "reported"
		end := len(statuses)
		if !closed {
			end = g.rnd.IntN(len(statuses))
		}
		dur := map[string][2]float64{"accept": {0.1, 0.7}, "dispatch": {0.1, 0.6}, "handle": {0.1, 0.7}, "verify": {0.05, 0.5}, "close": {0.05, 0.5}}
		acts := []string{"accept", "dispatch", "handle", "verify", "close"}
		tos := []string{"accepted", "dispatched", "handled", "verified", "closed"}
		lateStage := []string{"handle", "handle", "handle", "dispatch", "verify"}[g.rnd.IntN(5)]
		for i := 0; i < end; i++ {
			stage := stagesOf[last]
			l := limit(c, stage)
			d := time.Duration(float64(l) * (dur[stage][0] + g.rnd.Float64()*(dur[stage][1]-dur[stage][0])))
			late := lateOne && stage == lateStage
			if late {
				d = l + hours(1, 30)
			}
			t = t.Add(d)
			if t.After(yearEnd.Add(-time.Hour)) && closed {
				t = yearEnd.Add(-time.Duration(5-i) * time.Hour)
				late = false
			}
			s := stepRow{act: acts[i], from: last, to: tos[i], late: late, at: t, actor: g.pick([]string{"金春花", "李明浩", "朴英男", "王丽", "崔哲", "赵红梅"})}
			switch acts[i] {
			case "dispatch":
				s.handler, s.dept = gr.org, g.pick(depts)
				e.handler, e.dept = s.handler, s.dept
			case "handle":
				s.note = g.pick(handleNotes)
			case "close":
				s.note = "事件已办结"
			}
			e.late = e.late || late
			e.steps = append(e.steps, s)
			last = tos[i]
		}
		e.status = last
		e.stage = t
		if closed {
			e.closed = t
			e.rating = "satisfied"
			if g.rnd.IntN(100) < 18 {
				e.rating = "basic"
			}
			at := t.Add(hours(2, 48))
			if !at.Before(yearEnd) {
				at = yearEnd.Add(-time.Minute)
			}
			e.steps = append(e.steps, stepRow{act: "evaluate", from: "closed", to: "closed", note: map[string]string{"satisfied": "满意", "basic": "基本满意"}[e.rating],
				actor: "群众", at: at})
		} else {
			l := limit(c, stagesOf[last])
			e.warn, e.due = t.Add(l*8/10), t.Add(l)
		}
		return e
	}
	var evs []evRow
	for i := 0; i < demoEventsClosed; i++ {
		evs = append(evs, make1(true))
	}
	for i := 0; i < demoEventsOpen; i++ {
		evs = append(evs, make1(false))
	}
	ms := func(t time.Time) int64 { return store.Millis(t) }
	nullID := func(id int64) any {
		if id <= 0 {
			return nil
		}
		return id
	}
	return g.a.DB.InTx(ctx, func(tx *store.Tx) error {
		const batch = 200
		for lo := 0; lo < len(evs); lo += batch {
			hi := min(lo+batch, len(evs))
			var sb strings.Builder
			args := make([]any, 0, (hi-lo)*22)
			sb.WriteString(`INSERT INTO events (code, org_id, grid_id, category_id, place, description, source, reporter_name, reported_by, worker_id,
				reported_at, status, handler_org_id, handler_dept, stage_at, warn_at, due_at, late, closed_at, rating, rated_at, created_at, updated_at) VALUES `)
			for i, e := range evs[lo:hi] {
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("(" + store.Placeholders(23) + ")")
				rated := int64(0)
				if e.rating != "" {
					rated = ms(e.steps[len(e.steps)-1].at)
				}
				args = append(args, e.code, e.org, e.grid, e.cat, e.place, e.desc, e.source, "", e.reporter, nullID(e.worker),
					ms(e.reported), e.status, nullID(e.handler), e.dept, ms(e.stage), ms(e.warn), ms(e.due), e.late, ms(e.closed),
					e.rating, rated, ms(e.reported), ms(e.stage))
			}
			sb.WriteString(" RETURNING id, code")
			rows, err := tx.QueryContext(ctx, sb.String(), args...)
			if err != nil {
				return err
			}
			ids := map[string]int64{}
			for rows.Next() {
				var id int64
				var c string
				if err := rows.Scan(&id, &c); err != nil {
					rows.Close()
					return err
				}
				ids[c] = id
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			var sb2 strings.Builder
			var sargs []any
			n := 0
			flush := func() error {
				if n == 0 {
					return nil
				}
				_, err := tx.ExecContext(ctx, sb2.String(), sargs...)
				sb2.Reset()
				sargs, n = sargs[:0], 0
				return err
			}
			var eargs []any
			var esb strings.Builder
			for _, e := range evs[lo:hi] {
				id := ids[e.code]
				for _, s := range e.steps {
					if n == 0 {
						sb2.WriteString(`INSERT INTO event_steps (event_id, action, from_status, to_status, note, handler_org_id, handler_dept, late, actor_id, actor, at) VALUES `)
					} else {
						sb2.WriteString(", ")
					}
					sb2.WriteString("(" + store.Placeholders(11) + ")")
					sargs = append(sargs, id, s.act, s.from, s.to, s.note, nullID(s.handler), s.dept, s.late, 0, s.actor, ms(s.at))
					n++
					if n == 150 {
						if err := flush(); err != nil {
							return err
						}
					}
				}
				if e.rating != "" {
					if len(eargs) > 0 {
						esb.WriteString(", ")
					}
					esb.WriteString("(?, 1, ?, '', 'public', '群众', ?)")
					eargs = append(eargs, id, e.rating, ms(e.steps[len(e.steps)-1].at))
				}
			}
			if err := flush(); err != nil {
				return err
			}
			if len(eargs) > 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO event_evaluations (event_id, round, rating, comment, channel, actor, at) VALUES `+esb.String(), eargs...); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// appraisals computes, scores, reviews and publishes every month of 2022
// under the city, with the community's scores and the rewards paid on the
// tenth of the next month (December's not yet).
func (g *gen) appraisals(ctx context.Context) error {
	staff := &access.Principal{UserID: 0, Username: "demo", DisplayName: "demo", Role: access.RoleStaff, OrgID: g.city.Root.ID, OrgPath: g.city.Root.Path}
	svc := g.a.Appr
	saved := svc.Now
	defer func() { svc.Now = saved }()
	svc.Now = func() time.Time { return time.Date(2023, 1, 10, 2, 0, 0, 0, time.UTC) }
	base, err := svc.Schemes(ctx)
	if err != nil || len(base) == 0 {
		return err
	}
	items := append([]appraisal.Item(nil), base[len(base)-1].Items...)
	for i := range items {
		switch items[i].Source {
		case appraisal.SourceVisits:
			items[i].Target = 3
		case appraisal.SourceReported:
			items[i].Target = 2
		}
	}
	if _, err := svc.SaveScheme(ctx, staff, appraisal.SchemeInput{MonthFrom: "2022-01", Name: "城市社区网格员绩效管理考评实施方案（2022年版）",
		ExcellentQuota: 12, GoodQuota: 30, PassScore: 60, RewardExcellent: 50000, RewardGood: 20000, Items: items}); err != nil {
		return err
	}
	reasons := []string{"按时参加社区例会，工作台账齐全", "入户走访记录完整，群众认可度高", "配合社区完成重点工作", "台账更新不够及时", "积极参与疫情防控值守"}
	for m := 1; m <= 12; m++ {
		month := fmt.Sprintf("2022-%02d", m)
		mo, err := svc.Compute(ctx, staff, g.city.Root.ID, month)
		if err != nil {
			return fmt.Errorf("%s: %w", month, err)
		}
		err = g.a.DB.InTx(ctx, func(tx *store.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT s.id FROM appraisal_scores s JOIN appraisal_items i ON i.id = s.item_id
				WHERE s.month_id = ? AND i.source = 'manual' ORDER BY s.id`, mo.ID)
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
			at := store.Millis(time.Date(2022, time.Month(m), 28, 8, 0, 0, 0, time.UTC))
			for _, id := range ids {
				if _, err := tx.ExecContext(ctx, `UPDATE appraisal_scores SET score = ?, reason = ?, entered_by = '社区', entered_at = ? WHERE id = ?`,
					7000+g.rnd.IntN(31)*100, g.pick(reasons), at, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if _, err := svc.Compute(ctx, staff, g.city.Root.ID, month); err != nil {
			return err
		}
		if _, err := svc.Review(ctx, staff, mo.ID); err != nil {
			return err
		}
		if _, err := svc.Publish(ctx, staff, mo.ID); err != nil {
			return err
		}
		if m < 12 {
			paid := fmt.Sprintf("2022-%02d-10", m+1)
			if _, err := g.a.DB.ExecContext(ctx, `UPDATE appraisal_results SET paid = TRUE, paid_on = ? WHERE month_id = ? AND reward > 0`, paid, mo.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
