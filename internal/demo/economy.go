package demo

import (
	"context"
	"fmt"
	"strings"

	"troika/internal/access"
	"troika/internal/coop"
	"troika/internal/org"
	"troika/internal/partner"
)

// The village economy of 2022 in the first township: a union of 党支部领办
// 合作社 with its Party committee, founded by three villages' cooperatives
// that cover all 515 resident households (978 persons) of their villages;
// about 23万元 of collective income added through the union; 吉林工商学院
// ordering 42万元 of the union's products, 吉林建筑大学 investing 50万元
// in each of two villages, and 中组部 special funds of 300万元 building a
// 248 m² 党史党性教育馆 in a village.
func (g *gen) economy(ctx context.Context) error {
	if len(g.city.Towns) == 0 {
		return nil
	}
	staff := &access.Principal{UserID: 0, Username: "demo", Role: access.RoleStaff, OrgID: g.city.Root.ID, OrgPath: g.city.Root.Path}
	town := g.city.Towns[0]
	var villages []org.Org
	for _, v := range g.city.Villages {
		if strings.HasPrefix(v.Path, town.Path) {
			villages = append(villages, v)
		}
	}
	if len(villages) < 4 {
		return nil
	}
	// The seed's villages (勇成村, 石井村, 奋斗村) when the township has
	// them, else its first villages; 明东村 for the education hall.
	pick := func(name string, taken map[int64]bool) org.Org {
		for _, v := range villages {
			if !taken[v.ID] && strings.HasSuffix(coop.VillageName(v.Name), name) {
				return v
			}
		}
		for _, v := range villages {
			if !taken[v.ID] {
				return v
			}
		}
		return villages[0]
	}
	taken := map[int64]bool{}
	var members []org.Org
	for _, n := range []string{"勇成村", "石井村", "奋斗村"} {
		v := pick(n, taken)
		taken[v.ID] = true
		members = append(members, v)
	}
	hall := pick("明东村", taken)

	townName := coop.VillageName(town.Name) // 智新镇
	// Village branches are named with the township's name without 镇:
	// 中共智新勇成村支部委员会 → 勇成村.
	short := func(v org.Org) string {
		return strings.TrimPrefix(coop.VillageName(v.Name), strings.TrimSuffix(strings.TrimSuffix(townName, "镇"), "乡"))
	}
	party, err := g.add(ctx, staff, town, "中共"+townName+"党支部领办合作社联合社委员会", org.KindCommittee, org.DomainRural)
	if err != nil {
		return err
	}
	cs := g.a.Coop
	u, err := cs.CreateUnion(ctx, staff, coop.UnionInput{OrgID: party.ID, Name: "某市" + townName + "党支部领办合作社联合社",
		CreditCode: "93222401MA1" + fmt.Sprintf("%07d", 1000000+g.rnd.IntN(8999999)), FoundedOn: "2022-03-18", Chair: g.name(),
		Business: "大米、黄牛、朝鲜族辣白菜等农副产品统一收购、加工和销售", Note: "全市首个党支部领办合作社联合社，同步成立联合社党委"})
	if err != nil {
		return fmt.Errorf("union: %w", err)
	}
	// Households and persons covered per village: every resident
	// household of the three villages joined (100%).
	cover := [][2]int64{{198, 371}, {176, 335}, {141, 272}}
	business := []string{"有机大米种植与加工", "延边黄牛养殖", "朝鲜族辣白菜、打糕加工"}
	for i, v := range members {
		if _, err := cs.CreateCoop(ctx, staff, coop.CoopInput{OrgID: v.ID, UnionID: u.ID, Name: short(v) + "党支部领办股份经济合作社",
			FoundedOn: fmt.Sprintf("2019-%02d-%02d", 3+i*2, 10+i), JoinedOn: "2022-03-18", Chair: v.Secretary, Business: business[i],
			Households: cover[i][0], Persons: cover[i][1], ResidentHouseholds: cover[i][0], ResidentPersons: cover[i][1]}); err != nil {
			return fmt.Errorf("cooperative %s: %w", v.Name, err)
		}
	}
	// Two more villages lead cooperatives outside the union.
	for i, v := range villages {
		if taken[v.ID] || v.ID == hall.ID || i > 6 {
			continue
		}
		hh := int64(120 + g.rnd.IntN(120))
		if _, err := cs.CreateCoop(ctx, staff, coop.CoopInput{OrgID: v.ID, Name: short(v) + "专业合作社",
			FoundedOn: g.date(2018, 2021), Chair: v.Secretary, Business: "玉米、大豆种植", Households: hh / 2, Persons: hh,
			ResidentHouseholds: hh, ResidentPersons: hh*2 - int64(g.rnd.IntN(20))}); err != nil {
			return err
		}
	}
	// Collective income: what the union's sales channels and dividends
	// added in 2022 (23.16万元), beside the villages' other income.
	added := []struct {
		v       int
		on      string
		yuan    int64
		item    string
		voucher string
	}{
		{0, "2022-06-28", 36000, "联合社统一销售有机大米分红", "记-2022-06-011"},
		{1, "2022-07-15", 41500, "联合社收购延边黄牛利润返还", "记-2022-07-004"},
		{2, "2022-08-30", 28600, "联合社代销辣白菜收入分成", "记-2022-08-009"},
		{0, "2022-10-26", 45200, "联合社大米销售第二批分红", "记-2022-10-017"},
		{1, "2022-11-18", 39800, "吉林工商学院订购农副产品利润分成", "记-2022-11-006"},
		{2, "2022-12-20", 40500, "联合社年终分红", "记-2022-12-013"},
	}
	for _, a := range added {
		if _, err := cs.CreateIncome(ctx, staff, coop.IncomeInput{OrgID: members[a.v].ID, ReceivedOn: a.on, Amount: a.yuan * 100, Item: a.item,
			Payer: u.Name, ViaUnion: true, VoucherNo: a.voucher}); err != nil {
			return fmt.Errorf("income: %w", err)
		}
	}
	for i, v := range members {
		for _, x := range []struct{ on, item string }{{"2022-01-10", "村集体土地发包收入"}, {"2022-09-05", "村集体厂房租赁收入"}, {"2021-11-20", "村集体土地发包收入"}} {
			if _, err := cs.CreateIncome(ctx, staff, coop.IncomeInput{OrgID: v.ID, ReceivedOn: x.on, Amount: int64(18000+g.rnd.IntN(30000)+i*1000) * 100,
				Item: x.item, Payer: g.pick(surnames) + "某（承包户）"}); err != nil {
				return err
			}
		}
	}

	ps := g.a.Partner
	deal := func(in partner.DealInput) (partner.Deal, error) {
		d, err := ps.CreateDeal(ctx, staff, in)
		if err != nil {
			return d, fmt.Errorf("partner %s: %w", in.Title, err)
		}
		return d, nil
	}
	for _, d := range []partner.DealInput{
		{OrgID: party.ID, Kind: partner.Agreement, Partner: "吉林工商学院", PartnerKind: "university", Title: "校地合作框架协议：产销对接与电商人才培养", SignedOn: "2022-04-12"},
		{OrgID: party.ID, Kind: partner.Order, Partner: "吉林工商学院", PartnerKind: "university", Title: "订购联合社有机大米（食堂用）", Amount: 260000_00, SignedOn: "2022-09-20"},
		{OrgID: party.ID, Kind: partner.Order, Partner: "吉林工商学院", PartnerKind: "university", Title: "订购联合社辣白菜、杂粮礼盒", Amount: 160000_00, SignedOn: "2022-12-08"},
		{OrgID: members[0].ID, Kind: partner.Agreement, Partner: "吉林建筑大学", PartnerKind: "university", Title: "乡村振兴包保帮扶协议", SignedOn: "2022-03-30"},
		{OrgID: members[0].ID, Kind: partner.Investment, Partner: "吉林建筑大学", PartnerKind: "university", Title: "投资建设合作社大米加工车间", Amount: 500000_00, SignedOn: "2022-05-16"},
		{OrgID: members[1].ID, Kind: partner.Investment, Partner: "吉林建筑大学", PartnerKind: "university", Title: "投资建设合作社黄牛养殖圈舍", Amount: 500000_00, SignedOn: "2022-05-16"},
		{OrgID: villages[len(villages)-1].ID, Kind: partner.Investment, Partner: "延边大学", PartnerKind: "university", Title: "投资村级电商服务站", Amount: 80000_00, SignedOn: "2021-10-09"},
	} {
		if _, err := deal(d); err != nil {
			return err
		}
	}
	fund, err := deal(partner.DealInput{OrgID: hall.ID, Kind: partner.Fund, Partner: "中共中央组织部", PartnerKind: "government",
		Title: "全国红色美丽村庄建设试点专项资金", Amount: 3000000_00, SignedOn: "2022-04-25"})
	if err != nil {
		return err
	}
	if _, err := ps.CreateProject(ctx, staff, partner.ProjectInput{OrgID: hall.ID, Name: "全市首个党史党性教育馆", Place: short(hall) + "村部东侧",
		AreaM2: 248, Funds: 1850000_00, DealID: fund.ID, StartedOn: "2022-05-20", CompletedOn: "2022-10-28",
		Note: "同步打造党建主题广场，安装多处党建造型"}); err != nil {
		return err
	}
	if len(g.city.Towns) > 1 {
		for _, v := range g.city.Villages {
			if strings.HasPrefix(v.Path, g.city.Towns[1].Path) {
				_, err := ps.CreateProject(ctx, staff, partner.ProjectInput{OrgID: v.ID, Name: "村级党群服务中心改扩建", Place: coop.VillageName(v.Name) + "村部",
					AreaM2: 320, Funds: 600000_00, StartedOn: "2021-04-12", CompletedOn: "2021-09-30"})
				return err
			}
		}
	}
	return nil
}
