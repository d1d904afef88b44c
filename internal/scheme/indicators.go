package scheme

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Seed rows 1 and 4. A scheme counts in a period when it is in force for
// part of it, in a scope when it was set up or assigned there; a plan
// counts in the periods that overlap its year, in the scope that set it up.
func init() {
	inForce := ` FROM schemes s JOIN orgs o ON o.id = s.org_id WHERE ` + schemeScope + ` AND s.starts_on < ? AND s.ends_on >= ?`
	schemePresence := `SELECT COUNT(*) FROM schemes s JOIN orgs o ON o.id = s.org_id WHERE ` + schemeScope
	sargs := func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), s.Like(), p.To, p.From} }
	for _, f := range []struct{ key, unit, count string }{
		{"scheme.aspects", "unit.ge", `SELECT COUNT(*) FROM scheme_aspects a WHERE a.scheme_id IN (SELECT s.id` + inForce + `)`},
		{"scheme.tasks", "unit.xiang", `SELECT COUNT(*) FROM scheme_tasks t JOIN scheme_aspects a ON a.id = t.aspect_id WHERE a.scheme_id IN (SELECT s.id` + inForce + `)`},
		{"scheme.items", "unit.tiao", `SELECT COUNT(*) FROM scheme_items i JOIN scheme_tasks t ON t.id = i.task_id JOIN scheme_aspects a ON a.id = t.aspect_id WHERE a.scheme_id IN (SELECT s.id` + inForce + `)`},
	} {
		indicator.Register(indicator.Indicator{
			Key: f.key, Name: "ind." + f.key, Unit: f.unit, Ledger: "ledger.scheme", LedgerHref: "/schemes", Definition: "ind." + f.key + ".def",
			Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
				return indicator.CountWithPresence(ctx, db, f.count, schemePresence, sargs(s, p), []any{s.Like(), s.Like()})
			},
			Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
				recs := indicator.Records{Columns: []string{i18n.T("scheme.field.name"), i18n.T("scheme.field.period"), i18n.T("scheme.field.aspects"),
					i18n.T("scheme.field.tasks"), i18n.T("scheme.field.items")}}
				if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+inForce, sargs(s, p)...).Scan(&recs.Total); err != nil {
					return recs, err
				}
				rows, err := db.QueryContext(ctx, `SELECT `+schemeCols+inForce+` ORDER BY s.starts_on, s.id LIMIT ? OFFSET ?`, append(sargs(s, p), limit, offset)...)
				if err != nil {
					return recs, err
				}
				defer rows.Close()
				for rows.Next() {
					x, err := scanScheme(rows)
					if err != nil {
						return recs, err
					}
					recs.Rows = append(recs.Rows, []string{x.Name, x.StartsOn + "~" + x.EndsOn, strconv.Itoa(x.Counts.Aspects), strconv.Itoa(x.Counts.Tasks), strconv.Itoa(x.Counts.Items)})
					recs.Links = append(recs.Links, "/schemes/"+strconv.FormatInt(x.ID, 10))
				}
				return recs, rows.Err()
			},
		})
	}

	ofYear := ` FROM plans pl JOIN orgs o ON o.id = pl.org_id WHERE o.path LIKE ? AND (CAST(pl.year AS TEXT) || '-01-01') < ? AND (CAST(pl.year AS TEXT) || '-12-31') >= ?`
	planPresence := `SELECT COUNT(*) FROM plans pl JOIN orgs o ON o.id = pl.org_id WHERE o.path LIKE ?`
	pargs := func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.To, p.From} }
	for _, f := range []struct{ key, count string }{
		{"plan.key_tasks", `SELECT COUNT(*) FROM plan_tasks t WHERE t.plan_id IN (SELECT pl.id` + ofYear + `)`},
		{"plan.measures", `SELECT COUNT(*) FROM plan_measures m JOIN plan_tasks t ON t.id = m.task_id WHERE t.plan_id IN (SELECT pl.id` + ofYear + `)`},
	} {
		indicator.Register(indicator.Indicator{
			Key: f.key, Name: "ind." + f.key, Unit: "unit.xiang", Ledger: "ledger.plan", LedgerHref: "/plans", Definition: "ind." + f.key + ".def",
			Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
				return indicator.CountWithPresence(ctx, db, f.count, planPresence, pargs(s, p), []any{s.Like()})
			},
			Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
				recs := indicator.Records{Columns: []string{i18n.T("scheme.field.plan_name"), i18n.T("scheme.field.year"), i18n.T("scheme.field.key_tasks"),
					i18n.T("scheme.field.measures"), i18n.T("scheme.field.progress")}}
				if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+ofYear, pargs(s, p)...).Scan(&recs.Total); err != nil {
					return recs, err
				}
				rows, err := db.QueryContext(ctx, `SELECT `+planCols+ofYear+` ORDER BY pl.year, pl.id LIMIT ? OFFSET ?`,
					append(append([]any{p.End()}, pargs(s, p)...), limit, offset)...)
				if err != nil {
					return recs, err
				}
				defer rows.Close()
				for rows.Next() {
					x, err := scanPlan(rows)
					if err != nil {
						return recs, err
					}
					recs.Rows = append(recs.Rows, []string{x.Name, strconv.Itoa(x.Year), strconv.Itoa(x.Counts.Tasks), strconv.Itoa(x.Counts.Items), strconv.Itoa(x.Progress) + "%"})
					recs.Links = append(recs.Links, "/plans/"+strconv.FormatInt(x.ID, 10))
				}
				return recs, rows.Err()
			},
		})
	}
}
