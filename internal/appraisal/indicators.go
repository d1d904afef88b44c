package appraisal

import (
	"context"
	"sort"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Seed row 19 (每月评选优秀网格员12人): the number of 优秀 of a published
// month, counted over the workers in the scope; for a period of several
// months the figure is the median of the published months' counts (the
// value common to all months when they agree, as the seed's "每月 12").
// Months not yet published do not count.
const excellentIn = ` FROM appraisal_results r JOIN appraisal_months m ON m.id = r.month_id JOIN orgs o ON o.id = r.org_id
	WHERE o.path LIKE ? AND m.status = 'published' AND m.month >= ? AND m.month < ?`

func monthArgs(s indicator.Scope, p indicator.Period) []any {
	return []any{s.Like(), p.From[:7], p.To[:7]}
}

// Median is the middle value of counts (the lower middle of an even
// number), 0 for none.
func Median(counts []int64) int64 {
	if len(counts) == 0 {
		return 0
	}
	c := append([]int64(nil), counts...)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	return c[(len(c)-1)/2]
}

// FigureKeys are the figures shown on the appraisal page.
var FigureKeys = []string{"grid.excellent_monthly"}

func init() {
	indicator.Register(indicator.Indicator{
		Key: "grid.excellent_monthly", Name: "ind.grid.excellent_monthly", Unit: "unit.ren", Ledger: "ledger.appraisal", LedgerHref: "/appraisal",
		Definition: "ind.grid.excellent_monthly.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			// Every published month with workers in scope counts, also
			// one with no 优秀 among them.
			rows, err := db.QueryContext(ctx, `SELECT m.month, SUM(CASE WHEN r.grade = 'excellent' THEN 1 ELSE 0 END)`+excellentIn+` GROUP BY m.month`, monthArgs(s, p)...)
			if err != nil {
				return indicator.Value{}, err
			}
			defer rows.Close()
			var counts []int64
			for rows.Next() {
				var month string
				var n int64
				if err := rows.Scan(&month, &n); err != nil {
					return indicator.Value{}, err
				}
				counts = append(counts, n)
			}
			if err := rows.Err(); err != nil {
				return indicator.Value{}, err
			}
			if len(counts) == 0 {
				var any int64
				err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM appraisal_results r JOIN appraisal_months m ON m.id = r.month_id
					JOIN orgs o ON o.id = r.org_id WHERE o.path LIKE ? AND m.status = 'published'`, s.Like()).Scan(&any)
				return indicator.Value{Kind: indicator.Count, NoData: any == 0}, err
			}
			return indicator.Value{Kind: indicator.Count, N: Median(counts)}, nil
		},
		Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
			recs := indicator.Records{Columns: []string{i18n.T("appraisal.field.month"), i18n.T("appraisal.field.worker"), i18n.T("appraisal.field.grid"),
				i18n.T("appraisal.field.org"), i18n.T("appraisal.field.total"), i18n.T("appraisal.field.rank")}}
			a := monthArgs(s, p)
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+excellentIn+` AND r.grade = 'excellent'`, a...).Scan(&recs.Total); err != nil {
				return recs, err
			}
			rows, err := db.QueryContext(ctx, `SELECT m.id, m.month, r.worker_name, g.name, o.name, r.total, r.rank`+
				` FROM appraisal_results r JOIN appraisal_months m ON m.id = r.month_id JOIN orgs o ON o.id = r.org_id JOIN grids g ON g.id = r.grid_id
				WHERE o.path LIKE ? AND m.status = 'published' AND m.month >= ? AND m.month < ? AND r.grade = 'excellent'
				ORDER BY m.month, r.rank LIMIT ? OFFSET ?`, append(a, limit, offset)...)
			if err != nil {
				return recs, err
			}
			defer rows.Close()
			for rows.Next() {
				var id, total int64
				var month, name, gridName, org string
				var rk int
				if err := rows.Scan(&id, &month, &name, &gridName, &org, &total, &rk); err != nil {
					return recs, err
				}
				recs.Rows = append(recs.Rows, []string{month, name, gridName, org, Points(total), strconv.Itoa(rk)})
				recs.Links = append(recs.Links, "/appraisal/months/"+strconv.FormatInt(id, 10))
			}
			return recs, rows.Err()
		},
	})
}
