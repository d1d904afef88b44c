package org

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// The organization ledger's figures. An organization exists on a day when
// it was founded on or before it (or has no founding date) and was not
// dissolved by then.
func init() {
	aliveAt := `(founded_on = '' OR founded_on < ?) AND (dissolved = FALSE OR dissolved_on >= ?)`
	indicator.Register(indicator.Indicator{
		Key: "org.total", Name: "ind.org.total", Unit: "unit.ge", Ledger: "ledger.org", LedgerHref: "/orgs",
		Definition: "ind.org.total.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db,
				`SELECT COUNT(*) FROM orgs WHERE path LIKE ? AND `+aliveAt,
				`SELECT COUNT(*) FROM orgs WHERE path LIKE ?`,
				[]any{s.Like(), p.To, p.To}, []any{s.Like()})
		},
		Records: orgRecords(`path LIKE ? AND `+aliveAt, func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.To, p.To} }),
	})
	indicator.Register(indicator.Indicator{
		Key: "org.branches", Name: "ind.org.branches", Unit: "unit.ge", Ledger: "ledger.org", LedgerHref: "/orgs",
		Definition: "ind.org.branches.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db,
				`SELECT COUNT(*) FROM orgs WHERE path LIKE ? AND kind IN ('branch', 'temp') AND `+aliveAt,
				`SELECT COUNT(*) FROM orgs WHERE path LIKE ?`,
				[]any{s.Like(), p.To, p.To}, []any{s.Like()})
		},
		Records: orgRecords(`path LIKE ? AND kind IN ('branch', 'temp') AND `+aliveAt, func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.To, p.To} }),
	})
	// Seed row 7: temporary branches set up in the period.
	indicator.Register(indicator.Indicator{
		Key: "org.temp_founded", Name: "ind.org.temp_founded", Unit: "unit.ge", Ledger: "ledger.org", LedgerHref: "/orgs/search?kind=temp&dissolved=1",
		Definition: "ind.org.temp_founded.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db,
				`SELECT COUNT(*) FROM orgs WHERE path LIKE ? AND kind = 'temp' AND founded_on >= ? AND founded_on < ?`,
				`SELECT COUNT(*) FROM orgs WHERE path LIKE ? AND kind = 'temp'`,
				[]any{s.Like(), p.From, p.To}, []any{s.Like()})
		},
		Records: orgRecords(`path LIKE ? AND kind = 'temp' AND founded_on >= ? AND founded_on < ?`, func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.From, p.To} }),
	})
	// Seed row 22: organizations founded in new business forms.
	indicator.Register(indicator.Indicator{
		Key: "org.newform_founded", Name: "ind.org.newform_founded", Unit: "unit.ge", Ledger: "ledger.org", LedgerHref: "/orgs/search?domain=newform",
		Definition: "ind.org.newform_founded.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db,
				`SELECT COUNT(*) FROM orgs WHERE path LIKE ? AND domain = 'newform' AND founded_on >= ? AND founded_on < ?`,
				`SELECT COUNT(*) FROM orgs WHERE path LIKE ? AND domain = 'newform'`,
				[]any{s.Like(), p.From, p.To}, []any{s.Like()})
		},
		Records: orgRecords(`path LIKE ? AND domain = 'newform' AND founded_on >= ? AND founded_on < ?`, func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.From, p.To} }),
	})
}

// orgRecords lists the organizations matching where, for a drill-down.
func orgRecords(where string, args func(indicator.Scope, indicator.Period) []any) func(context.Context, store.Querier, indicator.Scope, indicator.Period, int, int) (indicator.Records, error) {
	return func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		recs := indicator.Records{Columns: []string{i18n.T("org.field.name"), i18n.T("org.field.code"), i18n.T("org.field.kind"),
			i18n.T("org.field.domain"), i18n.T("org.field.founded_on"), i18n.T("org.field.status")}}
		a := args(s, p)
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE `+where, a...).Scan(&recs.Total); err != nil {
			return recs, err
		}
		rows, err := db.QueryContext(ctx, `SELECT `+cols+` FROM orgs WHERE `+where+` ORDER BY path LIMIT ? OFFSET ?`, append(a, limit, offset)...)
		if err != nil {
			return recs, err
		}
		defer rows.Close()
		for rows.Next() {
			o, err := scan(rows)
			if err != nil {
				return recs, err
			}
			status := i18n.T("org.status.active")
			if o.Dissolved {
				status = i18n.T("org.status.dissolved") + " " + o.DissolvedOn
			}
			recs.Rows = append(recs.Rows, []string{o.Name, o.Code, o.Kind.Label(), o.Domain.Label(), o.FoundedOn, status})
			recs.Links = append(recs.Links, "/orgs/"+strconv.FormatInt(o.ID, 10))
		}
		return recs, rows.Err()
	}
}
