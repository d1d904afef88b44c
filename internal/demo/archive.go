package demo

import (
	"context"
	"fmt"
	"time"

	"troika/internal/access"
	"troika/internal/archive"
	"troika/internal/idcard"
)

// The archive centre for members without posts opened in 2022 and took in
// the archives of village and community members without posts, handed
// over by their branches. Most were received in 2022, a few since; almost
// all were filed, some lent (a few still out, some of those overdue) and a
// handful transferred out with members who moved away.
var (
	archiveMaterials = []string{"入党申请书", "入党积极分子培养考察登记表", "入党志愿书", "政治审查材料", "转正申请书",
		"思想汇报", "党员登记表", "组织关系介绍信", "党员民主评议表", "奖惩材料"}
	archiveClerks    = []string{"崔英爱", "金美玉", "李秀珍"}
	archiveBorrowers = []struct{ who, unit, purpose string }{
		{"朴成浩", "市委组织部干部科", "干部考察查阅入党材料"},
		{"姜京浩", "市纪委监委", "核查党龄"},
		{"许善子", "智新镇党委", "发展党员材料比对"},
		{"韩正日", "市人力资源和社会保障局", "退休审批核对入党时间"},
		{"文学", "江南街道党工委", "党员信息采集核对"},
	}
	transferPlaces = []string{"延吉市委组织部", "龙井市委组织部", "珲春市委组织部", "敦化市委组织部", "青岛市城阳区委组织部"}
)

type archivePerson struct {
	memberID, orgID int64
	orgName         string
}

// archives registers the centre's archives through the service, step by
// step, so that every one has its history and audit trail.
func (g *gen) archives(ctx context.Context) error {
	staff := &access.Principal{UserID: 0, Username: "demo", DisplayName: "demo", Role: access.RoleStaff, OrgID: g.city.Root.ID, OrgPath: g.city.Root.Path}
	svc := g.a.Archive
	// Members without posts in villages and communities, from the roster.
	rows, err := g.a.DB.QueryContext(ctx, `SELECT m.id, m.org_id, o.name FROM members m JOIN orgs o ON o.id = m.org_id
		WHERE m.has_post = FALSE AND m.status = 'active' AND o.domain IN ('rural', 'community') ORDER BY m.id`)
	if err != nil {
		return err
	}
	var pool []archivePerson
	for rows.Next() {
		var p archivePerson
		if err := rows.Scan(&p.memberID, &p.orgID, &p.orgName); err != nil {
			rows.Close()
			return err
		}
		pool = append(pool, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	g.rnd.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	today := time.Now().In(access.Shanghai)
	todayS := today.Format("2006-01-02")
	n := 280 + g.rnd.IntN(40)
	shelf := 0
	for i := 0; i < n; i++ {
		// 85% in 2022 (from the centre's opening in March), the rest in 2023.
		recv := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rnd.IntN(300))
		if g.rnd.IntN(100) >= 85 {
			recv = time.Date(2023, 1, 3, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rnd.IntN(340))
		}
		in := archive.Input{ReceivedOn: recv.Format("2006-01-02"), Receiver: g.pick(archiveClerks)}
		if i < len(pool) {
			p := pool[i]
			in.MemberID, in.OrgID = p.memberID, p.orgID
			in.ReceivedFrom = p.orgName + " " + g.name()
		} else {
			// Members who left the roll before it was kept here: typed in.
			var o = g.city.Villages[g.rnd.IntN(len(g.city.Villages))]
			in.OrgID, in.Name = o.ID, g.name()
			in.IDNumber = demoID(g, 1938+g.rnd.IntN(50))
			in.ReceivedFrom = o.Name + " " + g.name()
			in.Note = "原件不全，已补登记"
		}
		k := 2 + g.rnd.IntN(5)
		for _, j := range g.rnd.Perm(len(archiveMaterials))[:k] {
			in.Materials = append(in.Materials, archive.Material{Name: archiveMaterials[j], Copies: 1 + g.rnd.IntN(3)})
		}
		a, err := svc.Create(ctx, staff, in)
		for try := 0; err != nil && in.IDNumber != "" && try < 3; try++ {
			in.IDNumber = demoID(g, 1938+g.rnd.IntN(50)) // a drawn number already held
			a, err = svc.Create(ctx, staff, in)
		}
		if err != nil {
			return fmt.Errorf("archive %d: %w", i, err)
		}
		if g.rnd.IntN(100) < 6 {
			continue // still awaiting filing
		}
		filed := recv.AddDate(0, 0, 1+g.rnd.IntN(10))
		shelf++
		if _, err := svc.File(ctx, staff, a.ID, archive.FileInput{ShelfNo: fmt.Sprintf("%c-%02d-%02d", 'A'+rune(shelf/300), 1+shelf%300/30, 1+shelf%30),
			FiledOn: filed.Format("2006-01-02")}); err != nil {
			return err
		}
		r := g.rnd.IntN(100)
		switch {
		case r < 16: // lent and returned
			b := archiveBorrowers[g.rnd.IntN(len(archiveBorrowers))]
			lent := filed.AddDate(0, 0, 5+g.rnd.IntN(120))
			due := lent.AddDate(0, 0, 7+g.rnd.IntN(14))
			back := lent.AddDate(0, 0, 2+g.rnd.IntN(24))
			if _, err := svc.Lend(ctx, staff, a.ID, archive.LendInput{Borrower: b.who, BorrowerUnit: b.unit, Purpose: b.purpose,
				LentOn: lent.Format("2006-01-02"), DueOn: due.Format("2006-01-02")}); err != nil {
				return err
			}
			if _, err := svc.Return(ctx, staff, a.ID, archive.ReturnInput{ReturnedOn: back.Format("2006-01-02")}); err != nil {
				return err
			}
		case r < 22: // out right now; lent within the last five weeks, some overdue
			b := archiveBorrowers[g.rnd.IntN(len(archiveBorrowers))]
			lent := today.AddDate(0, 0, -1-g.rnd.IntN(35))
			due := lent.AddDate(0, 0, 7+g.rnd.IntN(21))
			if _, err := svc.Lend(ctx, staff, a.ID, archive.LendInput{Borrower: b.who, BorrowerUnit: b.unit, Purpose: b.purpose,
				LentOn: lent.Format("2006-01-02"), DueOn: due.Format("2006-01-02")}); err != nil {
				return err
			}
		case r < 25: // transferred out with a member who moved
			on := filed.AddDate(0, 0, 20+g.rnd.IntN(200))
			if s := on.Format("2006-01-02"); s < todayS {
				if _, err := svc.Transfer(ctx, staff, a.ID, archive.TransferInput{TransferredOn: s, TransferredTo: g.pick(transferPlaces),
					ReceiptNo: fmt.Sprintf("ZC-%d-%03d", on.Year(), i+1)}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// demoID makes a valid identity number of the prefecture, born in year.
func demoID(g *gen, year int) string {
	regions := []string{"222401", "222402", "222403", "222404", "222405", "222406", "222424", "222426"}
	first := fmt.Sprintf("%s%04d%02d%02d%03d", g.pick(regions), year, 1+g.rnd.IntN(12), 1+g.rnd.IntN(28), g.rnd.IntN(1000))
	return first + string(idcard.CheckDigit(first))
}
