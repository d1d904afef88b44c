package demo

import (
	"context"
	"fmt"

	"troika/internal/access"
	"troika/internal/org"
)

var (
	townNames     = []string{"智新镇", "勇成镇", "石井镇", "明东镇", "奋斗镇", "三合镇", "开山屯镇", "白金乡"}
	streetNames   = []string{"江南街道", "北山街道", "新兴街道", "河南街道"}
	villageRoot   = []string{"明东", "勇成", "石井", "奋斗", "光明", "新华", "长财", "东盛", "龙渊", "仁化", "南阳", "大成", "和龙", "德新", "金谷", "青松", "红旗", "丰产", "太平", "柳洞"}
	villagePrefix = []string{"", "", "", "东", "西", "南", "北", "新", "上"}
	communityRoot = []string{"春华", "向阳", "新风", "民主", "团结", "建设", "光华", "胜利", "友谊", "和平", "丹岭", "长安"}
	organUnits    = []string{"市委办公室", "市政府办公室", "市委组织部", "市委宣传部", "市纪委监委", "市发展和改革局", "市教育局", "市财政局", "市人力资源和社会保障局", "市自然资源局", "市住房和城乡建设局", "市交通运输局", "市农业农村局", "市商务局", "市文化广播电视和旅游局", "市卫生健康局", "市应急管理局", "市市场监督管理局", "市民政局", "市司法局", "市公安局", "市退役军人事务局"}
	institutions  = []string{"市第一中学", "市实验小学", "市人民医院", "市中医院", "市疾病预防控制中心", "市图书馆"}
	soes          = []string{"市城市建设投资集团", "市供水公司", "市交通投资公司"}
	privates      = []string{"长白山泉水饮品有限公司", "图们江农产品加工有限公司", "海兰江米业有限公司", "边城物流有限公司", "延边红参科技有限公司", "金达莱服饰有限公司", "北国建材有限公司", "鑫源汽车销售服务有限公司", "丰泽生态农业有限公司", "长虹电子商务有限公司", "江畔旅游开发有限公司", "和信会计师事务所"}
	socials       = []string{"市律师协会", "市个体劳动者协会", "市青年志愿者协会", "市社会工作者协会", "市物业管理协会", "市朝鲜族民俗文化协会"}
	newForms      = []string{"美团外卖市站点", "顺丰速运市营业部", "中通快递市分拨中心", "滴滴出行市服务站", "网络主播联合会"}
	surnames      = []string{"金", "朴", "李", "崔", "郑", "姜", "张", "王", "刘", "赵", "孙", "许", "韩", "文", "玄", "全", "黄", "吴", "陈", "高"}
	givenNames    = []string{"明哲", "成浩", "春梅", "英爱", "光日", "永哲", "顺姬", "海燕", "立新", "东植", "美玉", "京浩", "秀珍", "哲洙", "贤淑", "春花", "国庆", "建华", "玉兰", "志勇", "红梅", "正日", "善子", "文学"}
)

func (g *gen) name() string { return g.pick(surnames) + g.pick(givenNames) }

func (g *gen) date(fromYear, toYear int) string {
	y := fromYear + g.rnd.IntN(toYear-fromYear+1)
	return fmt.Sprintf("%04d-%02d-%02d", y, 1+g.rnd.IntN(12), 1+g.rnd.IntN(28))
}

// add creates one organization under parent as the city's staff would.
func (g *gen) add(ctx context.Context, staff *access.Principal, parent org.Org, name string, k org.Kind, d org.Domain) (org.Org, error) {
	g.seq++
	o, err := g.a.Orgs.Create(ctx, staff, org.Input{ParentID: parent.ID, Name: name, Code: fmt.Sprintf("D%04d", g.seq),
		Kind: k, Domain: d, Secretary: g.name(), FoundedOn: g.date(1978, 2021), Sort: g.seq})
	if err != nil {
		return o, fmt.Errorf("%s: %w", name, err)
	}
	if k.IsBranch() {
		g.city.Branches = append(g.city.Branches, o)
	}
	return o, nil
}

// groups adds n party groups under a branch.
func (g *gen) groups(ctx context.Context, staff *access.Principal, branch org.Org, n int) error {
	for i := 1; i <= n; i++ {
		if _, err := g.add(ctx, staff, branch, fmt.Sprintf("第%s党小组", chineseDigit(i)), org.KindGroup, branch.Domain); err != nil {
			return err
		}
	}
	return nil
}

func chineseDigit(n int) string {
	d := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n <= 10 {
		return d[n]
	}
	return fmt.Sprint(n)
}

func (g *gen) orgs(ctx context.Context) error {
	root, err := g.a.Orgs.CreateRoot(ctx, org.Input{Name: "中共某市委员会", Code: "D0000", Kind: org.KindCommittee,
		Domain: org.DomainMixed, Secretary: "金永哲", FoundedOn: "1952-09-03"})
	if err != nil {
		return err
	}
	g.city.Root = root
	staff := &access.Principal{UserID: 0, Username: "demo", Role: access.RoleStaff, OrgID: root.ID, OrgPath: root.Path}

	// Townships: a committee, the government organ's branch, and villages.
	used := map[string]bool{}
	// Village names: a root alone, or with a prefix as villages split from
	// one another are named (东明东, 新光明 …): 20 roots × 9 forms.
	village := func() string {
		for {
			n := g.pick(villagePrefix) + g.pick(villageRoot) + "村"
			if !used[n] {
				used[n] = true
				return n
			}
		}
	}
	for ti, tn := range scaled(townNames, g.scale) {
		clear(used) // village names need only be unique within a township
		town, err := g.add(ctx, staff, root, "中共"+tn+"委员会", org.KindCommittee, org.DomainMixed)
		if err != nil {
			return err
		}
		g.city.Towns = append(g.city.Towns, town)
		if _, err := g.add(ctx, staff, town, tn+"机关党支部", org.KindBranch, org.DomainOrgan); err != nil {
			return err
		}
		villages := 9 + g.rnd.IntN(4)
		if ti%len(townNames) >= 6 {
			villages = 6
		}
		for v := 0; v < villages; v++ {
			vb, err := g.add(ctx, staff, town, "中共"+tn[:len(tn)-3]+village()+"支部委员会", org.KindBranch, org.DomainRural)
			if err != nil {
				return err
			}
			g.city.Villages = append(g.city.Villages, vb)
			if err := g.groups(ctx, staff, vb, 1+g.rnd.IntN(3)); err != nil {
				return err
			}
		}
	}
	// Streets: a working committee, communities with branches.
	ci := 0
	for _, sn := range scaled(streetNames, g.scale) {
		street, err := g.add(ctx, staff, root, "中共"+sn+"工作委员会", org.KindWorking, org.DomainMixed)
		if err != nil {
			return err
		}
		g.city.Streets = append(g.city.Streets, street)
		if _, err := g.add(ctx, staff, street, sn+"机关党支部", org.KindBranch, org.DomainOrgan); err != nil {
			return err
		}
		for c := 0; c < 3; c++ {
			cn := communityRoot[ci%len(communityRoot)] + "社区"
			ci++
			// Large communities have a general branch over several
			// branches; small ones a single branch.
			if c == 0 {
				gb, err := g.add(ctx, staff, street, "中共"+cn+"总支部委员会", org.KindGeneral, org.DomainCommunity)
				if err != nil {
					return err
				}
				g.city.Communities = append(g.city.Communities, gb)
				for b := 1; b <= 3; b++ {
					br, err := g.add(ctx, staff, gb, fmt.Sprintf("%s第%s党支部", cn, chineseDigit(b)), org.KindBranch, org.DomainCommunity)
					if err != nil {
						return err
					}
					if err := g.groups(ctx, staff, br, 2); err != nil {
						return err
					}
				}
				continue
			}
			br, err := g.add(ctx, staff, street, "中共"+cn+"支部委员会", org.KindBranch, org.DomainCommunity)
			if err != nil {
				return err
			}
			g.city.Communities = append(g.city.Communities, br)
			if err := g.groups(ctx, staff, br, 2); err != nil {
				return err
			}
		}
	}
	// City organs under the organs' working committee.
	organs, err := g.add(ctx, staff, root, "中共某市直属机关工作委员会", org.KindWorking, org.DomainOrgan)
	if err != nil {
		return err
	}
	for _, u := range organUnits {
		if _, err := g.add(ctx, staff, organs, "中共"+u+"支部委员会", org.KindBranch, org.DomainOrgan); err != nil {
			return err
		}
	}
	for _, u := range institutions {
		if _, err := g.add(ctx, staff, organs, "中共"+u+"支部委员会", org.KindBranch, org.DomainInstitution); err != nil {
			return err
		}
	}
	for _, u := range soes {
		gb, err := g.add(ctx, staff, organs, "中共"+u+"总支部委员会", org.KindGeneral, org.DomainSOE)
		if err != nil {
			return err
		}
		for b := 1; b <= 2; b++ {
			if _, err := g.add(ctx, staff, gb, fmt.Sprintf("%s第%s党支部", u, chineseDigit(b)), org.KindBranch, org.DomainSOE); err != nil {
				return err
			}
		}
	}
	// Non-public enterprises, social organizations and new business forms.
	twoNew, err := g.add(ctx, staff, root, "中共某市非公有制经济组织和社会组织工作委员会", org.KindWorking, org.DomainPrivate)
	if err != nil {
		return err
	}
	for _, u := range privates {
		if _, err := g.add(ctx, staff, twoNew, "中共"+u+"支部委员会", org.KindBranch, org.DomainPrivate); err != nil {
			return err
		}
	}
	for _, u := range socials {
		if _, err := g.add(ctx, staff, twoNew, "中共"+u+"支部委员会", org.KindBranch, org.DomainSocial); err != nil {
			return err
		}
	}
	for _, u := range newForms {
		if _, err := g.add(ctx, staff, twoNew, "中共"+u+"支部委员会", org.KindBranch, org.DomainNewForm); err != nil {
			return err
		}
	}
	return nil
}

// districts tell apart the copies of the towns and streets in a city
// generated at a larger scale (a prefecture is ten counties' worth).
var districts = []string{"", "东", "西", "南", "北", "新", "中", "上", "下", "前"}

// scaled repeats names scale times, each copy with its own prefix.
func scaled(names []string, scale int) []string {
	if scale <= 1 {
		return names
	}
	out := make([]string, 0, len(names)*scale)
	for s := 0; s < scale; s++ {
		prefix := districts[s%len(districts)]
		if s >= len(districts) {
			prefix = fmt.Sprintf("%s%d", prefix, s/len(districts))
		}
		for _, n := range names {
			out = append(out, prefix+n)
		}
	}
	return out
}
