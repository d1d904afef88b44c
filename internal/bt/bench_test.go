package bt_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/bt"
	"troika/internal/indicator"
	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/testenv"
)

// benchBT is a city of towns × 21 branches with every branch's twelve
// published months of 2022 (10 items each) on SQLite.
func benchBT(b *testing.B, towns int) (*bt.Service, *access.Principal, indicator.Scope) {
	b.Helper()
	db := testenv.SQLite(b)
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "bench"})
	orgs := org.NewService(db)
	root, err := orgs.CreateRoot(ctx, org.Input{Name: "市委", Code: "CITY", Kind: org.KindCommittee, Domain: org.DomainMixed})
	if err != nil {
		b.Fatal(err)
	}
	staff := &access.Principal{UserID: 1, DisplayName: "bench", Role: access.RoleStaff, OrgID: root.ID, OrgPath: root.Path}
	var branches []int64
	for ti := 0; ti < towns; ti++ {
		town, err := orgs.Create(ctx, staff, org.Input{ParentID: root.ID, Name: fmt.Sprintf("第%d镇党委", ti), Code: fmt.Sprintf("T%03d", ti),
			Kind: org.KindCommittee, Domain: org.DomainMixed})
		if err != nil {
			b.Fatal(err)
		}
		for bi := 0; bi < 21; bi++ {
			br, err := orgs.Create(ctx, staff, org.Input{ParentID: town.ID, Name: fmt.Sprintf("第%d镇第%d村党支部", ti, bi),
				Code: fmt.Sprintf("T%03dB%02d", ti, bi), Kind: org.KindBranch, Domain: org.DomainRural})
			if err != nil {
				b.Fatal(err)
			}
			branches = append(branches, br.ID)
		}
	}
	svc := bt.NewService(db)
	var items []bt.Item
	for i := 0; i < 10; i++ {
		items = append(items, bt.Item{Title: fmt.Sprintf("项目%d", i), Weight: 10})
	}
	c, err := svc.CreateChecklist(ctx, staff, bt.ChecklistInput{Name: "清单", Version: 1, EffectiveFrom: "2022-01", GreenMin: 90, YellowMin: 75, Items: items})
	if err != nil {
		b.Fatal(err)
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for m := 1; m <= 12; m++ {
			month := fmt.Sprintf("2022-%02d", m)
			for start := 0; start < len(branches); start += 200 {
				part := branches[start:min(start+200, len(branches))]
				var sb strings.Builder
				var args []any
				sb.WriteString(`INSERT INTO bt_assessments (org_id, month, checklist_id, status, self_score, score, full_score, light, published, created_at, updated_at) VALUES `)
				for i, id := range part {
					if i > 0 {
						sb.WriteString(", ")
					}
					sb.WriteString("(?, ?, ?, 'reviewed', 100, 100, 100, ?, TRUE, 0, 0)")
					light := "green"
					if (int(id)+m)%17 == 0 {
						light = "yellow"
					}
					args = append(args, id, month, c.ID, light)
				}
				if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
					return err
				}
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO bt_scores (assessment_id, item_id, self_score, score, evidence)
			SELECT a.id, i.id, 10, 10, '' FROM bt_assessments a JOIN bt_items i ON i.checklist_id = a.checklist_id`)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return svc, staff, indicator.Scope{OrgID: root.ID, Path: root.Path}
}

// BenchmarkBT measures what the pages of the month and the year cost for
// the seed's city (11 × 21 = 231 branches) and a prefecture (2310), with
// a scoped count of the organizations as the baseline every page pays.
func BenchmarkBT(b *testing.B) {
	for _, towns := range []int{11, 110} {
		svc, staff, scope := benchBT(b, towns)
		ctx := context.Background()
		n := towns * 21
		b.Run(fmt.Sprintf("baseline-count/%d", n), func(b *testing.B) {
			for b.Loop() {
				var k int
				if err := svc.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE path LIKE ?`, staff.ScopeLike()).Scan(&k); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("month-grid/%d", n), func(b *testing.B) {
			for b.Loop() {
				cells, _, err := svc.Overview(ctx, staff, bt.OverviewFilter{Month: "2022-06"})
				if err != nil || len(cells) != n {
					b.Fatal(err, len(cells))
				}
			}
		})
		b.Run(fmt.Sprintf("year-matrix/%d", n), func(b *testing.B) {
			for b.Loop() {
				rows, err := svc.Year(ctx, staff, "2022", 0)
				if err != nil || len(rows) != n {
					b.Fatal(err, len(rows))
				}
			}
		})
		b.Run(fmt.Sprintf("green-rate-min/%d", n), func(b *testing.B) {
			for b.Loop() {
				v, err := indicator.Compute(ctx, svc.DB, "bt.green_rate_min", scope, indicator.Year(2022))
				if err != nil || v.Den != int64(n) {
					b.Fatal(err, v)
				}
			}
		})
		b.Run(fmt.Sprintf("form-prefilled/%d", n), func(b *testing.B) {
			var org int64
			_ = svc.DB.QueryRowContext(ctx, `SELECT org_id FROM bt_assessments LIMIT 1`).Scan(&org)
			for b.Loop() {
				a, err := svc.Form(ctx, staff, org, "2023-01")
				if err != nil || a.Prefilled != "2022-12" {
					b.Fatal(err, a.Prefilled)
				}
			}
		})
	}
}
