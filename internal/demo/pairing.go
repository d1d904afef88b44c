package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/pairing"
)

// 双报到 in 2022: four new-form organizations paired with three streets
// (the seed's 4 ↔ 3), each with joint activities; eighteen members of the
// new employment groups registered at their residential communities and
// served there.
var (
	pairingAgreements = []string{
		"《“双报到”结对共建协议》：共同开展疫情防控值守、文明城市创建和便民服务，每季度至少开展一次共建活动。",
		"《党建共建协议书》：骑手党员担任社区“流动网格员”，发现安全隐患和困难群众及时报告街道。",
		"《红色驿站共建协议》：站点开放为“暖心驿站”，街道提供党员教育阵地，双方联合开展主题党日。",
	}
	pairingActivities = []string{"联合主题党日", "疫情防控卡口值守", "社区环境卫生整治", "为独居老人送餐送药", "“红色骑手”安全培训",
		"文明交通劝导", "冬季清雪志愿服务", "防范电信诈骗宣传"}
	registrationActivities = []string{"社区疫情防控志愿服务", "核酸检测秩序维护", "楼院环境整治", "走访慰问困难党员", "政策宣传入户",
		"清雪除冰", "文明城市创建宣传", "社区议事协商会"}
)

func (g *gen) pairings(ctx context.Context) error {
	staff := &access.Principal{UserID: 0, Username: "demo", Role: access.RoleStaff, OrgID: g.city.Root.ID, OrgPath: g.city.Root.Path}
	svc := g.a.Pairing
	var newForm []int64
	rows, err := g.a.DB.QueryContext(ctx, `SELECT id FROM orgs WHERE domain = 'newform' AND dissolved = FALSE ORDER BY id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		newForm = append(newForm, id)
	}
	rows.Close()
	if len(newForm) < 4 || len(g.city.Streets) < 3 {
		return nil
	}
	// communityOf is a community under the street, if any.
	communityOf := func(street int) int64 {
		for _, c := range g.city.Communities {
			if strings.HasPrefix(c.Path, g.city.Streets[street].Path) {
				return c.ID
			}
		}
		return 0
	}
	for i, street := range []int{0, 0, 1, 2} {
		start := time.Date(2022, time.Month(3+2*i), 5+g.rnd.IntN(20), 0, 0, 0, 0, time.UTC)
		p, err := svc.CreatePairing(ctx, staff, pairing.PairingInput{OrgID: newForm[i], StreetID: g.city.Streets[street].ID,
			CommunityID: communityOf(street), StartedOn: start.Format("2006-01-02"), Agreement: pairingAgreements[i%len(pairingAgreements)]})
		if err != nil {
			return fmt.Errorf("pairing %d: %w", i, err)
		}
		for d := start.AddDate(0, 0, 10); d.Year() == 2022; d = d.AddDate(0, 0, 25+g.rnd.IntN(40)) {
			if _, err := svc.AddActivity(ctx, staff, p.ID, pairing.Activity{HeldOn: d.Format("2006-01-02"), Title: g.pick(pairingActivities),
				Participants: 6 + g.rnd.IntN(25)}); err != nil {
				return err
			}
		}
	}
	// Eighteen members register at a community: new-form members first,
	// then members of other non-public organizations.
	rows, err = g.a.DB.QueryContext(ctx, `SELECT m.id FROM members m JOIN orgs o ON o.id = m.org_id
		WHERE m.status = 'active' AND o.domain IN ('newform', 'private', 'social')
		ORDER BY CASE o.domain WHEN 'newform' THEN 0 ELSE 1 END, m.id`)
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
	if len(ids) > 18 {
		ids = ids[:18]
	}
	for _, id := range ids {
		c := g.city.Communities[g.rnd.IntN(len(g.city.Communities))]
		on := time.Date(2022, time.Month(4+g.rnd.IntN(7)), 1+g.rnd.IntN(28), 0, 0, 0, 0, time.UTC)
		r, err := svc.CreateRegistration(ctx, staff, pairing.RegistrationInput{MemberID: id, CommunityID: c.ID, RegisteredOn: on.Format("2006-01-02")})
		if err != nil {
			return fmt.Errorf("registration: %w", err)
		}
		for k, d := 0, on.AddDate(0, 0, 3+g.rnd.IntN(10)); k < 1+g.rnd.IntN(4) && d.Year() == 2022; k, d = k+1, d.AddDate(0, 0, 12+g.rnd.IntN(30)) {
			if _, err := svc.AddParticipation(ctx, staff, r.ID, pairing.ParticipationInput{HeldOn: d.Format("2006-01-02"),
				Title: g.pick(registrationActivities), Hours: float64(2+g.rnd.IntN(7)) / 2}); err != nil {
				return err
			}
		}
	}
	return nil
}
