package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/frontline"
	"troika/internal/idcard"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
)

// The front line of the spring 2022 outbreak: task forces of the city and
// the townships, temporary branches at checkpoints and sealed communities,
// volunteer teams in every community and many villages, members and
// cadres of the city's organs deployed to the communities (some twice, in
// spring and again in autumn), and the screening records of incoming
// people at checkpoints.
const (
	demoTaskForces = 20
	demoTemps      = 15
	demoVolunteers = 62
	demoDeployed   = 1998  // distinct people
	demoTwice      = 180   // of them deployed a second time in autumn
	demoScreened   = 16140 // persons over all screening records
	demoScreenings = 420
)

var (
	taskForceNames = []string{"综合协调", "流调溯源", "隔离管控", "物资保障", "核酸检测", "社区防控", "交通卡口", "宣传引导", "医疗救治", "督导检查",
		"重点人员排查", "企业复工复产", "外来人员管理", "转运保障", "信息数据", "边境口岸防控", "农村防控", "市场保供", "心理疏导", "环境消杀"}
	volunteerKinds = []string{"党员志愿者服务队", "青年志愿者服务队", "巾帼志愿者服务队", "红袖标志愿者服务队", "平安志愿者服务队"}
	posts          = []string{"卡口值守", "核酸检测秩序维护", "入户排查", "物资配送", "信息登记", "小区封控值守", "隔离点服务", "政策宣传"}
	checkpoints    = []string{"高速公路出口卡口", "火车站出站口", "客运站", "国道检查站", "村口卡点", "小区出入口", "集贸市场入口", "隔离酒店"}
	duties         = []string{"队长", "副队长", "队员", "队员", "队员", "信息员", "联络员"}
	tempDuties     = []string{"书记", "组织委员", "宣传委员", "党员", "党员", "党员"}
	regionCodes    = []string{"222401", "222402", "222403", "222404", "222405", "222406"}
)

// demoPerson is someone who can be deployed or put on a team.
type demoPerson struct {
	memberID             any
	name                 string
	enc, hash, mask, org string
}

func (g *gen) frontline(ctx context.Context) error {
	a := g.a
	c := g.city
	staff := &access.Principal{Username: "demo", Role: access.RoleStaff, OrgID: c.Root.ID, OrgPath: c.Root.Path}
	svc := frontline.NewService(a.DB, a.Orgs, a.Keys)
	svc.Now = func() time.Time { return end2022 }
	members, err := g.demoMembers(ctx)
	if err != nil {
		return err
	}
	day := func(m1, m2 int) string {
		return fmt.Sprintf("2022-%02d-%02d", m1+g.rnd.IntN(m2-m1+1), 1+g.rnd.IntN(28))
	}
	later := func(d string, minDays, maxDays int) string { return addDays(d, minDays+g.rnd.IntN(maxDays-minDays+1)) }

	// Task forces: most set up by the city, the rest by townships.
	var teams []int64
	for i := 0; i < demoTaskForces; i++ {
		owner, prefix := c.Root, "市"
		if i >= 12 {
			t := c.Towns[g.rnd.IntN(len(c.Towns))]
			owner, prefix = t, strings.TrimSuffix(strings.TrimPrefix(t.Name, "中共"), "委员会")
		}
		founded := day(3, 4)
		ended := ""
		if g.rnd.IntN(3) > 0 {
			ended = later(founded, 40, 200)
		}
		t, err := svc.CreateTeam(ctx, staff, frontline.TaskForce, frontline.TeamInput{OrgID: owner.ID,
			Name: prefix + taskForceNames[i%len(taskForceNames)] + "工作专班", Purpose: "负责疫情防控" + taskForceNames[i%len(taskForceNames)] + "工作，统筹调度、每日报告",
			Leader: g.name(), FoundedOn: founded, EndedOn: ended})
		if err != nil {
			return fmt.Errorf("task force: %w", err)
		}
		teams = append(teams, t.ID)
	}
	// Volunteer teams: every community, then villages.
	var vteams []int64
	var vteamOrgs []org.Org
	places := append(append([]org.Org{}, c.Communities...), c.Villages...)
	for i := 0; i < demoVolunteers; i++ {
		o := places[i%len(places)]
		kind := volunteerKinds[(i/len(places)+i)%len(volunteerKinds)]
		founded := day(3, 11)
		t, err := svc.CreateTeam(ctx, staff, frontline.Volunteer, frontline.TeamInput{OrgID: o.ID, Name: shortName(o.Name) + kind,
			Purpose: "协助开展核酸检测秩序维护、入户排查、物资配送和政策宣传", Leader: g.name(), FoundedOn: founded})
		if err != nil {
			return fmt.Errorf("volunteer team: %w", err)
		}
		vteams, vteamOrgs = append(vteams, t.ID), append(vteamOrgs, o)
	}
	// People of the teams: members where the roll has them, else residents.
	var rows [][]any
	now := store.Millis(end2022)
	for _, id := range append(append([]int64{}, teams...), vteams...) {
		n := 6 + g.rnd.IntN(10)
		for k := 0; k < n; k++ {
			duty := duties[min(k, len(duties)-1)]
			if len(members) > 0 && g.rnd.IntN(3) > 0 {
				m := members[g.rnd.IntN(len(members))]
				rows = append(rows, []any{id, m.memberID, m.name, duty, now})
			} else {
				rows = append(rows, []any{id, nil, g.name(), duty, now})
			}
		}
	}
	// A member is on a team once: drop repeats.
	seen := map[string]bool{}
	uniq := rows[:0]
	for _, r := range rows {
		if r[1] != nil {
			k := fmt.Sprint(r[0], "/", r[1])
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		uniq = append(uniq, r)
	}
	if err := batchInsert(ctx, a.DB, "frontline_team_members", []string{"team_id", "member_id", "name", "duty", "created_at"}, uniq); err != nil {
		return err
	}

	// Temporary branches at checkpoints and sealed communities.
	parents := append(append([]org.Org{}, c.Streets...), c.Towns...)
	for i := 0; i < demoTemps; i++ {
		p := parents[i%len(parents)]
		g.seq++
		place := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(p.Name, "中共"), "工作委员会"), "委员会")
		name := fmt.Sprintf("中共%s疫情防控第%s临时支部委员会", place, chineseDigit(1+i/len(parents)))
		started := day(3, 4)
		tb, err := svc.CreateTemp(ctx, staff, frontline.TempInput{ParentID: p.ID, Name: name, Code: fmt.Sprintf("D%04d", g.seq),
			Secretary: g.name(), StartedOn: started, Task: "在" + checkpoints[i%len(checkpoints)] + "和封控区域组织党员值守、排查和服务群众",
			PlannedEnd: later(started, 30, 60)})
		if err != nil {
			return fmt.Errorf("temporary branch: %w", err)
		}
		if len(members) > 0 {
			var brows [][]any
			taken := map[any]bool{}
			for k := 0; k < 5+g.rnd.IntN(5); k++ {
				m := members[g.rnd.IntN(len(members))]
				if taken[m.memberID] {
					continue
				}
				taken[m.memberID] = true
				brows = append(brows, []any{tb.ID, m.memberID, tempDuties[min(k, len(tempDuties)-1)], now})
			}
			if err := batchInsert(ctx, a.DB, "temp_branch_members", []string{"org_id", "member_id", "duty", "created_at"}, brows); err != nil {
				return err
			}
		}
		if i < 11 {
			if _, err := svc.DissolveTemp(ctx, staff, tb.ID, later(started, 35, 80), "疫情防控任务完成"); err != nil {
				return fmt.Errorf("dissolve temporary branch: %w", err)
			}
		}
	}

	// Deployments: the organs', institutions' and enterprises' members and
	// cadres to the communities and villages.
	senders, err := g.senderOrgs(ctx)
	if err != nil {
		return err
	}
	people := make([]demoPerson, 0, demoDeployed)
	for _, m := range members {
		if len(people) >= demoDeployed*3/5 {
			break
		}
		if g.rnd.IntN(4) == 0 {
			people = append(people, m)
		}
	}
	used := map[string]bool{}
	for _, p := range people {
		used[p.hash] = true
	}
	for len(people) < demoDeployed {
		number := g.idNumber()
		hash := a.Keys.Hash("id", number)
		if used[hash] {
			continue
		}
		used[hash] = true
		people = append(people, demoPerson{name: g.name(), enc: a.Keys.Seal(number), hash: hash, mask: personal.MaskID(number)})
	}
	cols := []string{"org_id", "member_id", "name", "id_enc", "id_hash", "id_mask", "from_unit", "to_org_id", "to_place", "post",
		"started_on", "ended_on", "note", "created_at", "updated_at"}
	rows = rows[:0]
	deploy := func(p demoPerson, from, to int) {
		s := senders[g.rnd.IntN(len(senders))]
		dest := places[g.rnd.IntN(len(places))]
		start := day(from, to)
		rows = append(rows, []any{s.ID, p.memberID, p.name, p.enc, p.hash, p.mask, unitOf(s.Name), dest.ID,
			checkpoints[g.rnd.IntN(len(checkpoints))], posts[g.rnd.IntN(len(posts))],
			start, later(start, 7, 45), "", now, now})
	}
	for i, p := range people {
		deploy(p, 3, 5)
		if i%(demoDeployed/demoTwice) == 0 {
			deploy(p, 10, 11)
		}
	}
	if err := batchInsert(ctx, a.DB, "deployments", cols, rows); err != nil {
		return err
	}

	// Screenings at checkpoints, weighted to the spring outbreak; the
	// persons are spread so that they add up to the year's total.
	weights := make([]int, demoScreenings)
	sum := 0
	for i := range weights {
		weights[i] = 5 + g.rnd.IntN(60)
		sum += weights[i]
	}
	rows = rows[:0]
	left := demoScreened
	for i, w := range weights {
		n := w * demoScreened / sum
		if i == len(weights)-1 {
			n = left
		}
		left -= n
		k := g.rnd.IntN(len(vteams))
		o := vteamOrgs[k]
		var team any = vteams[k]
		if g.rnd.IntN(4) == 0 {
			team = nil
		}
		month := 3 + g.rnd.IntN(3)
		if i%5 == 0 {
			month = 6 + g.rnd.IntN(7)
		}
		rows = append(rows, []any{o.ID, fmt.Sprintf("2022-%02d-%02d", month, 1+g.rnd.IntN(28)), shortName(o.Name) + checkpoints[g.rnd.IntN(len(checkpoints))],
			team, n, "", 0, now, now})
	}
	return batchInsert(ctx, a.DB, "screenings", []string{"org_id", "screened_on", "place", "team_id", "persons", "note", "created_by", "created_at", "updated_at"}, rows)
}

// demoMembers reads the member roll (when the demo has one) in a fixed order.
func (g *gen) demoMembers(ctx context.Context) ([]demoPerson, error) {
	rows, err := g.a.DB.QueryContext(ctx, `SELECT m.id, m.name, m.id_enc, m.id_hash, m.id_mask FROM members m ORDER BY m.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []demoPerson
	for rows.Next() {
		var p demoPerson
		var id int64
		if err := rows.Scan(&id, &p.name, &p.enc, &p.hash, &p.mask); err != nil {
			return nil, err
		}
		p.memberID = id
		out = append(out, p)
	}
	return out, rows.Err()
}

// senderOrgs are the branches of the city's organs, institutions and
// enterprises and of the township and street organs.
func (g *gen) senderOrgs(ctx context.Context) ([]org.Org, error) {
	rows, err := g.a.DB.QueryContext(ctx, `SELECT id, name FROM orgs WHERE kind = 'branch' AND domain IN ('organ', 'institution', 'soe') ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.Org
	for rows.Next() {
		var o org.Org
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// idNumber makes a valid identity number of a Yanbian resident of working age.
func (g *gen) idNumber() string {
	first := fmt.Sprintf("%s%04d%02d%02d%03d", g.pick(regionCodes), 1962+g.rnd.IntN(38), 1+g.rnd.IntN(12), 1+g.rnd.IntN(28), g.rnd.IntN(1000))
	id := first + string(idcard.CheckDigit(first))
	if _, err := idcard.Parse(id, end2022); err != nil {
		panic(err)
	}
	return id
}

// shortName drops the Party-organization wrapping: 中共春华社区支部委员会 → 春华社区.
func shortName(n string) string {
	n = strings.TrimPrefix(n, "中共")
	for _, s := range []string{"总支部委员会", "支部委员会", "工作委员会", "委员会", "党支部"} {
		if strings.HasSuffix(n, s) {
			return strings.TrimSuffix(n, s)
		}
	}
	return n
}

// unitOf is the work unit of a sending branch: 中共市教育局支部委员会 → 市教育局.
func unitOf(branch string) string { return strings.TrimSuffix(shortName(branch), "机关") }

func addDays(d string, n int) string {
	t, _ := time.Parse("2006-01-02", d)
	return t.AddDate(0, 0, n).Format("2006-01-02")
}

// batchInsert writes rows in one transaction, many rows per statement.
func batchInsert(ctx context.Context, db *store.DB, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	one := "(" + store.Placeholders(len(cols)) + ")"
	per := 500 / len(cols) * 10
	return db.InTx(ctx, func(tx *store.Tx) error {
		for i := 0; i < len(rows); i += per {
			chunk := rows[i:min(i+per, len(rows))]
			vals := make([]string, len(chunk))
			args := make([]any, 0, len(chunk)*len(cols))
			for j, r := range chunk {
				vals[j] = one
				args = append(args, r...)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES `+strings.Join(vals, ", "), args...); err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
		}
		return nil
	})
}

// end2022 is the service's clock while the demo writes: the records are
// of 2022, and a date after "today" would be refused.
var end2022 = time.Date(2022, 12, 31, 4, 0, 0, 0, time.UTC)
