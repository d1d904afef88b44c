package bt

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// monthsOf is the span of months [from, to) whose first day lies in p: a
// month counts in a period when it begins there.
func monthsOf(p indicator.Period) (string, string) {
	first := func(d string) string {
		if len(d) < 10 {
			return d
		}
		if d[8:] == "01" {
			return d[:7]
		}
		y, _ := strconv.Atoi(d[:4])
		m, _ := strconv.Atoi(d[5:7])
		if m == 12 {
			y, m = y+1, 1
		} else {
			m++
		}
		return strconv.Itoa(y) + "-" + two(m)
	}
	return first(p.From), first(p.To)
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// published is the set of published months in a scope and period.
const published = ` FROM bt_assessments a JOIN orgs o ON o.id = a.org_id WHERE o.path LIKE ? AND a.published = TRUE AND a.month >= ? AND a.month < ?`

// presence: has the scope any assessment at all (the ledger is kept).
const presence = `SELECT COUNT(*) FROM bt_assessments a JOIN orgs o ON o.id = a.org_id WHERE o.path LIKE ?`

func pubArgs(s indicator.Scope, p indicator.Period) []any {
	from, to := monthsOf(p)
	return []any{s.Like(), from, to}
}

// monthRate is one month's published lights.
type monthRate struct {
	Month                         string
	Evaluated, Green, Yellow, Red int64
}

func monthRates(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) ([]monthRate, error) {
	rows, err := db.QueryContext(ctx, `SELECT a.month, COUNT(*),
		SUM(CASE WHEN a.light = 'green' THEN 1 ELSE 0 END), SUM(CASE WHEN a.light = 'yellow' THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.light = 'red' THEN 1 ELSE 0 END)`+published+` GROUP BY a.month ORDER BY a.month`, pubArgs(s, p)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []monthRate
	for rows.Next() {
		var m monthRate
		if err := rows.Scan(&m.Month, &m.Evaluated, &m.Green, &m.Yellow, &m.Red); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func init() {
	groupsWhere := `FROM bt_groups g WHERE ` + groupScope
	indicator.Register(indicator.Indicator{
		Key: "bt.guidance_groups", Name: "ind.bt.guidance_groups", Unit: "unit.ge", Ledger: "ledger.bt", LedgerHref: "/bt/groups",
		Definition: "ind.bt.guidance_groups.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*) `+groupsWhere+` AND g.set_up_on < ?`, `SELECT COUNT(*) `+groupsWhere,
				[]any{s.Like(), s.Like(), p.To}, []any{s.Like(), s.Like()})
		},
		Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
			recs := indicator.Records{Columns: []string{i18n.T("bt.field.group_name"), i18n.T("bt.field.set_up_on"), i18n.T("bt.field.leader"), i18n.T("bt.field.members"), i18n.T("bt.field.branches")}}
			args := []any{s.Like(), s.Like(), p.To}
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) `+groupsWhere+` AND g.set_up_on < ?`, args...).Scan(&recs.Total); err != nil {
				return recs, err
			}
			rows, err := db.QueryContext(ctx, `SELECT `+groupCols+` `+groupsWhere+` AND g.set_up_on < ? ORDER BY g.name LIMIT ? OFFSET ?`, append(args, limit, offset)...)
			if err != nil {
				return recs, err
			}
			defer rows.Close()
			for rows.Next() {
				g, err := scanGroup(rows)
				if err != nil {
					return recs, err
				}
				recs.Rows = append(recs.Rows, []string{g.Name, g.SetUpOn, g.Leader, strconv.Itoa(g.MemberCount), strconv.Itoa(g.BranchCount)})
				recs.Links = append(recs.Links, "/bt/groups/"+strconv.FormatInt(g.ID, 10))
			}
			return recs, rows.Err()
		},
	})

	indicator.Register(indicator.Indicator{
		Key: "bt.branches_evaluated", Name: "ind.bt.branches_evaluated", Unit: "unit.ge", Ledger: "ledger.bt", LedgerHref: "/bt",
		Definition: "ind.bt.branches_evaluated.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(DISTINCT a.org_id)`+published, presence, pubArgs(s, p), []any{s.Like()})
		},
		Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
			recs := indicator.Records{Columns: []string{i18n.T("bt.field.branch"), i18n.T("bt.field.parent"), i18n.T("bt.rec.months"), i18n.T("bt.light.green"),
				i18n.T("bt.light.yellow"), i18n.T("bt.light.red")}}
			args := pubArgs(s, p)
			if err := db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT a.org_id)`+published, args...).Scan(&recs.Total); err != nil {
				return recs, err
			}
			rows, err := db.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(pa.name, ''), COUNT(*),
				SUM(CASE WHEN a.light = 'green' THEN 1 ELSE 0 END), SUM(CASE WHEN a.light = 'yellow' THEN 1 ELSE 0 END),
				SUM(CASE WHEN a.light = 'red' THEN 1 ELSE 0 END)
				FROM bt_assessments a JOIN orgs o ON o.id = a.org_id LEFT JOIN orgs pa ON pa.id = o.parent_id
				WHERE o.path LIKE ? AND a.published = TRUE AND a.month >= ? AND a.month < ?
				GROUP BY o.id, o.name, pa.name, o.path ORDER BY o.path LIMIT ? OFFSET ?`, append(args, limit, offset)...)
			if err != nil {
				return recs, err
			}
			defer rows.Close()
			for rows.Next() {
				var id, n, g, y, r int64
				var name, parent string
				if err := rows.Scan(&id, &name, &parent, &n, &g, &y, &r); err != nil {
					return recs, err
				}
				recs.Rows = append(recs.Rows, []string{name, parent, strconv.FormatInt(n, 10), strconv.FormatInt(g, 10), strconv.FormatInt(y, 10), strconv.FormatInt(r, 10)})
				recs.Links = append(recs.Links, "/bt/assessments?under="+strconv.FormatInt(id, 10))
			}
			return recs, rows.Err()
		},
	})

	rateRecords := func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		recs := indicator.Records{Columns: []string{i18n.T("bt.field.month"), i18n.T("bt.rec.evaluated"), i18n.T("bt.light.green"), i18n.T("bt.light.yellow"),
			i18n.T("bt.light.red"), i18n.T("bt.rec.green_rate")}}
		ms, err := monthRates(ctx, db, s, p)
		if err != nil {
			return recs, err
		}
		recs.Total = len(ms)
		for i, m := range ms {
			if i < offset || i >= offset+limit {
				continue
			}
			recs.Rows = append(recs.Rows, []string{m.Month, strconv.FormatInt(m.Evaluated, 10), strconv.FormatInt(m.Green, 10),
				strconv.FormatInt(m.Yellow, 10), strconv.FormatInt(m.Red, 10), indicator.Percent(m.Green, m.Evaluated)})
			recs.Links = append(recs.Links, "/bt?month="+m.Month)
		}
		return recs, nil
	}
	indicator.Register(indicator.Indicator{
		Key: "bt.green_rate", Name: "ind.bt.green_rate", Unit: "unit.pct", Ledger: "ledger.bt", LedgerHref: "/bt", Kind: indicator.Ratio,
		Definition: "ind.bt.green_rate.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			v := indicator.Value{Kind: indicator.Ratio}
			err := db.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN a.light = 'green' THEN 1 ELSE 0 END), 0), COUNT(*)`+published, pubArgs(s, p)...).Scan(&v.N, &v.Den)
			v.NoData = v.Den == 0
			return v, err
		},
		Records: rateRecords,
	})
	indicator.Register(indicator.Indicator{
		Key: "bt.green_rate_min", Name: "ind.bt.green_rate_min", Unit: "unit.pct", Ledger: "ledger.bt", LedgerHref: "/bt", Kind: indicator.Ratio,
		Definition: "ind.bt.green_rate_min.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			v := indicator.Value{Kind: indicator.Ratio, NoData: true}
			ms, err := monthRates(ctx, db, s, p)
			for _, m := range ms {
				// m is lower when Green/Evaluated < N/Den.
				if v.NoData || m.Green*v.Den < v.N*m.Evaluated {
					v = indicator.Value{Kind: indicator.Ratio, N: m.Green, Den: m.Evaluated}
				}
			}
			return v, err
		},
		Records: rateRecords,
	})
}
