package service

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Figure keys. Seed row 2 counts the projects established in the period,
// row 3 the wishes claimed in it; submitted and fulfilled wishes are the
// ledger's own counts beside them.
const (
	KeyProjects        = "service.projects"
	KeyWishesSubmitted = "service.wishes_submitted"
	KeyWishesClaimed   = "service.wishes_claimed"
	KeyWishesFulfilled = "service.wishes_fulfilled"
)

func periodArgs(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.From, p.To} }

func init() {
	projWhere := `o.path LIKE ? AND x.established_on >= ? AND x.established_on < ?`
	indicator.Register(indicator.Indicator{
		Key: KeyProjects, Name: "ind." + KeyProjects, Unit: "unit.ge", Ledger: "ledger.service.projects",
		LedgerHref: "/service/projects", Definition: "ind." + KeyProjects + ".def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*)`+projFrom+` WHERE `+projWhere,
				`SELECT COUNT(*)`+projFrom+` WHERE o.path LIKE ?`, periodArgs(s, p), []any{s.Like()})
		},
		Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
			recs := indicator.Records{Columns: []string{i18n.T("service.field.title"), i18n.T("service.field.org"), i18n.T("service.field.owner"),
				i18n.T("service.field.established_on"), i18n.T("service.field.budget"), i18n.T("common.status")}}
			a := periodArgs(s, p)
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+projFrom+` WHERE `+projWhere, a...).Scan(&recs.Total); err != nil {
				return recs, err
			}
			rows, err := db.QueryContext(ctx, `SELECT `+projCols+projFrom+` WHERE `+projWhere+` ORDER BY x.established_on, x.id LIMIT ? OFFSET ?`,
				append(a, limit, offset)...)
			if err != nil {
				return recs, err
			}
			defer rows.Close()
			for rows.Next() {
				x, err := scanProject(rows)
				if err != nil {
					return recs, err
				}
				recs.Rows = append(recs.Rows, []string{x.Title, x.OrgName, x.Owner, x.EstablishedOn, x.Budget(), x.StatusLabel})
				recs.Links = append(recs.Links, "/service/projects/"+strconv.FormatInt(x.ID, 10))
			}
			return recs, rows.Err()
		},
	})
	for _, f := range []struct{ key, col, href string }{
		{KeyWishesSubmitted, "w.submitted_on", "/service/wishes"},
		{KeyWishesClaimed, "w.claimed_on", "/service/wishes?status=claimed"},
		{KeyWishesFulfilled, "w.fulfilled_on", "/service/wishes?status=fulfilled"},
	} {
		where := `o.path LIKE ? AND ` + f.col + ` >= ? AND ` + f.col + ` < ?`
		col := f.col
		indicator.Register(indicator.Indicator{
			Key: f.key, Name: "ind." + f.key, Unit: "unit.ge", Ledger: "ledger.service.wishes",
			LedgerHref: f.href, Definition: "ind." + f.key + ".def",
			Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
				return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*)`+wishFrom+` WHERE `+where,
					`SELECT COUNT(*)`+wishFrom+` WHERE o.path LIKE ?`, periodArgs(s, p), []any{s.Like()})
			},
			Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
				recs := indicator.Records{Columns: []string{i18n.T("wish.field.content"), i18n.T("wish.field.org"), i18n.T("wish.field.submitted_on"),
					i18n.T("wish.field.claimant"), i18n.T("wish.field.claimed_on"), i18n.T("wish.field.fulfilled_on"), i18n.T("common.status")}}
				a := periodArgs(s, p)
				if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+wishFrom+` WHERE `+where, a...).Scan(&recs.Total); err != nil {
					return recs, err
				}
				rows, err := db.QueryContext(ctx, `SELECT `+wishCols+wishFrom+` WHERE `+where+` ORDER BY `+col+`, w.id LIMIT ? OFFSET ?`,
					append(a, limit, offset)...)
				if err != nil {
					return recs, err
				}
				defer rows.Close()
				for rows.Next() {
					w, err := scanWish(rows)
					if err != nil {
						return recs, err
					}
					recs.Rows = append(recs.Rows, []string{w.Content, w.OrgName, w.SubmittedOn, w.ClaimantName, w.ClaimedOn, w.FulfilledOn, w.StatusLabel})
					recs.Links = append(recs.Links, "/service/wishes/"+strconv.FormatInt(w.ID, 10))
				}
				return recs, rows.Err()
			},
		})
	}
}
