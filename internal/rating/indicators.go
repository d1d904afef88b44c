package rating

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Seed row 11 (评选“十佳支部”20个): the 十佳 awards of the quarterly 四优
// evaluations published for quarters that begin in the period, counted by
// the awarded branch's place in the tree; a branch awarded in two
// quarters counts twice, as the awards do.
func init() {
	from := ` FROM rating_candidates c JOIN rating_evaluations e ON e.id = c.evaluation_id JOIN orgs o ON o.id = c.org_id`
	where := ` WHERE o.path LIKE ? AND e.status = 'published' AND c.top = TRUE
		AND (CAST(e.year AS TEXT) || '-' || CASE e.quarter WHEN 1 THEN '01' WHEN 2 THEN '04' WHEN 3 THEN '07' ELSE '10' END || '-01') >= ?
		AND (CAST(e.year AS TEXT) || '-' || CASE e.quarter WHEN 1 THEN '01' WHEN 2 THEN '04' WHEN 3 THEN '07' ELSE '10' END || '-01') < ?`
	awards := from + where
	presence := `SELECT COUNT(*) FROM rating_candidates c JOIN orgs o ON o.id = c.org_id WHERE o.path LIKE ?`
	args := func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.From, p.To} }
	indicator.Register(indicator.Indicator{
		Key: "rating.top_ten", Name: "ind.rating.top_ten", Unit: "unit.ge", Ledger: "ledger.rating", LedgerHref: "/rating",
		Definition: "ind.rating.top_ten.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*)`+awards, presence, args(s, p), []any{s.Like()})
		},
		Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
			recs := indicator.Records{Columns: []string{i18n.T("rating.field.candidate"), i18n.T("rating.field.parent"), i18n.T("rating.field.quarter"),
				i18n.T("rating.field.rank"), i18n.T("rating.field.total")}}
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+awards, args(s, p)...).Scan(&recs.Total); err != nil {
				return recs, err
			}
			rows, err := db.QueryContext(ctx, `SELECT e.id, o.name, COALESCE(pa.name, ''), e.year, e.quarter, c.rank, c.total`+from+` LEFT JOIN orgs pa ON pa.id = o.parent_id`+where+` ORDER BY e.year, e.quarter, c.rank LIMIT ? OFFSET ?`, append(args(s, p), limit, offset)...)
			if err != nil {
				return recs, err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				var name, parent string
				var y, q, rank, total int
				if err := rows.Scan(&id, &name, &parent, &y, &q, &rank, &total); err != nil {
					return recs, err
				}
				recs.Rows = append(recs.Rows, []string{name, parent, i18n.T("period.quarter", y, q), strconv.Itoa(rank), hundredths(total)})
				recs.Links = append(recs.Links, "/rating/"+strconv.FormatInt(id, 10))
			}
			return recs, rows.Err()
		},
	})
}
