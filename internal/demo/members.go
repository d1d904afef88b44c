package demo

import (
	"context"
	"fmt"
	"time"

	"troika/internal/access"
	"troika/internal/member"
	"troika/internal/org"
)

var (
	memberSurnamesKorean = []string{"金", "朴", "李", "崔", "郑", "姜", "韩", "玄", "全", "许", "南", "文", "申", "池", "方", "俞", "严", "太", "尹", "孔", "黄", "张", "吴", "洪", "车"}
	memberSurnamesHan    = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "于", "董", "宋", "曲", "邢"}
	givenKoreanMale      = []string{"明哲", "成浩", "光日", "永哲", "东植", "京浩", "哲洙", "正日", "龙洙", "昌浩", "英男", "凤吉", "学哲", "泰完", "东春", "贤哲", "勇哲", "世元", "在勋", "相旭"}
	givenKoreanFemale    = []string{"春梅", "英爱", "顺姬", "美玉", "秀珍", "贤淑", "善子", "英淑", "玉顺", "今子", "明淑", "贞姬", "惠英", "银花", "香兰", "美兰", "成淑", "莲花", "顺玉", "明月"}
	givenHanMale         = []string{"建国", "志勇", "国庆", "立新", "文学", "海涛", "振宇", "洪涛", "晓东", "宏伟", "军", "伟", "磊", "强", "德胜", "长青", "春雷", "永刚", "树林", "宝山"}
	givenHanFemale       = []string{"海燕", "玉兰", "红梅", "丽华", "秀英", "桂兰", "淑珍", "凤霞", "艳", "静", "丽娟", "晓燕", "雪梅", "春华", "金凤", "玉霞", "小红", "敏", "丹", "婷"}
	memberRegions        = []string{"222401", "222401", "222401", "222402", "222403", "222404", "222405", "222405", "222406", "222424", "222426"}
	mobileDestinations   = []string{"韩国首尔", "韩国仁川", "山东省青岛市", "辽宁省大连市", "北京市朝阳区", "上海市浦东新区", "吉林省长春市", "延吉市", "浙江省义乌市", "广东省深圳市"}
	phonePrefixes        = []string{"138", "139", "135", "150", "158", "187", "130", "155"}
)

// memberRange is how many members a branch of a domain has.
var memberRange = map[org.Domain][2]int{
	org.DomainRural: {20, 60}, org.DomainCommunity: {100, 160}, org.DomainOrgan: {40, 90}, org.DomainInstitution: {100, 180},
	org.DomainSOE: {50, 90}, org.DomainPrivate: {10, 25}, org.DomainSocial: {6, 12}, org.DomainNewForm: {8, 16},
}

var occupations = map[org.Domain][]string{
	org.DomainRural:       {"农民", "农民", "农民", "村民委员会成员", "种植户", "养殖户", "合作社社员"},
	org.DomainCommunity:   {"离退休人员", "离退休人员", "个体经营者", "社区工作者", "自由职业者", "企业职工"},
	org.DomainOrgan:       {"公务员", "公务员", "参照公务员法管理人员", "机关工勤人员"},
	org.DomainInstitution: {"教师", "医生", "护士", "专业技术人员", "管理人员"},
	org.DomainSOE:         {"企业职工", "企业管理人员", "工程技术人员"},
	org.DomainPrivate:     {"企业职工", "企业管理人员", "销售人员"},
	org.DomainSocial:      {"社会组织工作者", "律师", "社会工作者"},
	org.DomainNewForm:     {"快递员", "外卖骑手", "网约车司机", "网络主播"},
}

// members fills every branch with a realistic roster: about a third 朝鲜族,
// born 1940–2002, a few probationary members who joined in the last year,
// mobile members in villages and communities, most village members
// without a post; then a few transfers in progress and done.
func (g *gen) members(ctx context.Context) error {
	staff := &access.Principal{UserID: 0, Username: "demo", Role: access.RoleStaff, OrgID: g.city.Root.ID, OrgPath: g.city.Root.Path}
	now := time.Now().In(access.Shanghai)
	used := map[string]bool{}
	var ins []member.Input
	for _, br := range g.city.Branches {
		r := memberRange[br.Domain]
		if r[1] == 0 {
			r = [2]int{10, 30}
		}
		n := r[0] + g.rnd.IntN(r[1]-r[0]+1)
		for i := 0; i < n; i++ {
			ins = append(ins, g.member(br, now, used))
		}
	}
	// The demo account "member" is on the roll of the first village.
	if len(g.city.Villages) > 0 {
		in := g.member(g.city.Villages[0], now, used)
		in.Name, in.Ethnicity = "郑光日", "朝鲜族"
		in.IDNumber = member.MakeID("222405", "19780315", 123, true)
		ins = append(ins, in)
	}
	if err := g.a.Members.CreateMany(ctx, staff, ins); err != nil {
		return err
	}
	return g.transfers(ctx, staff, now, used)
}

func (g *gen) member(br org.Org, now time.Time, used map[string]bool) member.Input {
	korean := g.rnd.IntN(100) < 35
	male := g.rnd.IntN(100) < 68
	var name, eth string
	switch {
	case korean:
		eth = "朝鲜族"
		name = g.pick(memberSurnamesKorean) + g.pick(map[bool][]string{true: givenKoreanMale, false: givenKoreanFemale}[male])
	default:
		eth = "汉族"
		switch x := g.rnd.IntN(100); {
		case x < 8:
			eth = "满族"
		case x < 10:
			eth = "回族"
		case x < 11:
			eth = "蒙古族"
		}
		name = g.pick(memberSurnamesHan) + g.pick(map[bool][]string{true: givenHanMale, false: givenHanFemale}[male])
	}
	// Rural rolls are older; organs younger.
	lo, hi := 1940, 2002
	switch br.Domain {
	case org.DomainOrgan, org.DomainInstitution, org.DomainNewForm:
		lo = 1962
	case org.DomainRural:
		hi = 1995
	}
	birth := time.Date(lo+g.rnd.IntN(hi-lo+1), time.Month(1+g.rnd.IntN(12)), 1+g.rnd.IntN(28), 0, 0, 0, 0, time.UTC)
	var id string
	for {
		id = member.MakeID(g.pick(memberRegions), birth.Format("20060102"), g.rnd.IntN(500), male)
		if !used[id] {
			used[id] = true
			break
		}
	}
	in := member.Input{OrgID: br.ID, Name: name, Ethnicity: eth, IDNumber: id, Category: member.Full,
		Occupation: g.pick(occupations[br.Domain])}
	if g.rnd.IntN(100) < 88 {
		in.Phone = fmt.Sprintf("%s%08d", g.pick(phonePrefixes), g.rnd.IntN(100000000))
	}
	// Education follows the generation.
	switch y := birth.Year(); {
	case y < 1955:
		in.Education = []string{"junior", "junior", "highschool", "secondary"}[g.rnd.IntN(4)]
	case y < 1970:
		in.Education = []string{"junior", "highschool", "secondary", "college", "bachelor"}[g.rnd.IntN(5)]
	case y < 1985:
		in.Education = []string{"highschool", "secondary", "college", "bachelor", "bachelor"}[g.rnd.IntN(5)]
	default:
		in.Education = []string{"college", "bachelor", "bachelor", "bachelor", "postgrad"}[g.rnd.IntN(5)]
	}
	if br.Domain == org.DomainRural && in.Education == "postgrad" {
		in.Education = "bachelor"
	}
	// Joined between 18 and 45 (not after last month); about 4% are
	// probationary members who joined within the last year.
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if g.rnd.IntN(100) < 4 && today.Sub(birth) > 19*365*24*time.Hour {
		joined := today.AddDate(0, 0, -(15 + g.rnd.IntN(330)))
		in.JoinedOn, in.Category = joined.Format("2006-01-02"), member.Probationary
	} else {
		joined := birth.AddDate(18+g.rnd.IntN(28), g.rnd.IntN(12), g.rnd.IntN(28))
		if limit := today.AddDate(-1, -1, 0); joined.After(limit) {
			joined = limit.AddDate(0, 0, -g.rnd.IntN(400))
		}
		if joined.Before(birth.AddDate(18, 0, 1)) {
			joined = birth.AddDate(18, 0, 1)
		}
		in.JoinedOn = joined.Format("2006-01-02")
		in.FullOn = joined.AddDate(1, 0, 0).Format("2006-01-02")
	}
	postPct := 50
	if br.Domain == org.DomainRural {
		postPct = 40
	}
	if g.rnd.IntN(100) < postPct {
		in.HasPost = true
		switch br.Domain {
		case org.DomainRural:
			in.Post = []string{"村党支部委员", "村民委员会委员", "村民小组长", "党小组长", "村务监督委员会成员"}[g.rnd.IntN(5)]
		case org.DomainCommunity:
			in.Post = []string{"社区党组织委员", "楼栋长", "党小组长", "网格员", "居民小组长"}[g.rnd.IntN(5)]
		default:
			in.Post = []string{"科员", "副科长", "科长", "党小组长", "部门负责人"}[g.rnd.IntN(5)]
		}
	}
	if (br.Domain == org.DomainRural && g.rnd.IntN(100) < 9) || (br.Domain == org.DomainCommunity && g.rnd.IntN(100) < 4) {
		in.Mobile, in.MobileTo = true, g.pick(mobileDestinations)
	}
	if br.Domain == org.DomainCommunity || br.Domain == org.DomainOrgan {
		in.Community = g.pick(communityRoot) + "社区"
	}
	return in
}

// transfers moves a few members: some waiting for the receiving branch,
// some received, some returned, some gone to other places, some arrived
// from outside, and a few deaths recorded.
func (g *gen) transfers(ctx context.Context, staff *access.Principal, now time.Time, used map[string]bool) error {
	rows, err := g.a.DB.QueryContext(ctx, `SELECT m.id FROM members m JOIN orgs o ON o.id = m.org_id
		WHERE o.domain = 'rural' AND m.category = 'full' ORDER BY m.id`)
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
	if err := rows.Err(); err != nil {
		return err
	}
	if len(ids) < 40 || len(g.city.Communities) == 0 {
		return nil
	}
	pickID := func() int64 {
		i := g.rnd.IntN(len(ids))
		id := ids[i]
		ids = append(ids[:i], ids[i+1:]...)
		return id
	}
	day := func(back int) string { return now.AddDate(0, 0, -back).Format("2006-01-02") }
	reasons := []string{"工作调动", "随迁子女居住", "外出务工", "异地养老", "升学"}
	for i := 0; i < 14; i++ {
		target := g.city.Branches[g.rnd.IntN(len(g.city.Branches))]
		if target.Domain == org.DomainRural || target.Kind == org.KindGroup {
			target = g.city.Communities[len(g.city.Communities)-1]
		}
		id := pickID()
		tr, err := g.a.Members.StartTransfer(ctx, staff, id, member.TransferInput{ToOrgID: target.ID, Reason: g.pick(reasons), On: day(5 + g.rnd.IntN(60))})
		if err != nil {
			continue // the target may not hold members (a general branch): skip it
		}
		switch {
		case i < 7:
			if _, err := g.a.Members.Accept(ctx, staff, tr.ID); err != nil {
				return err
			}
		case i < 9:
			if _, err := g.a.Members.Return(ctx, staff, tr.ID, "组织关系介绍信信息不全，请补充后重新办理"); err != nil {
				return err
			}
		}
	}
	for i := 0; i < 4; i++ {
		if _, err := g.a.Members.StartTransfer(ctx, staff, pickID(), member.TransferInput{External: g.pick(mobileDestinations) + "某党支部",
			Reason: g.pick(reasons), On: day(20 + g.rnd.IntN(200))}); err != nil {
			return err
		}
	}
	for i := 0; i < 3; i++ {
		if err := g.a.Members.MarkDeceased(ctx, staff, pickID(), day(30+g.rnd.IntN(300)), ""); err != nil {
			return err
		}
	}
	for i := 0; i < 3; i++ {
		in := g.member(g.city.Communities[i%len(g.city.Communities)], now, used)
		in.ArrivedFrom, in.ArrivedOn = "辽宁省沈阳市和平区某街道党工委", day(10+g.rnd.IntN(100))
		if in.Category == member.Probationary || in.JoinedOn > in.ArrivedOn {
			in.Category, in.JoinedOn, in.FullOn = member.Full, "2001-07-01", "2002-07-01"
		}
		if _, err := g.a.Members.Create(ctx, staff, in); err != nil {
			return fmt.Errorf("arrival: %w", err)
		}
	}
	return nil
}
