package archive

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// The archive centre's figures. Seed row 5 (接收**名无职党员档案) is the
// number of archives received in the period; loans and transfers out are
// counted the same way for the centre's own report.
func init() {
	presence := `SELECT COUNT(*) FROM archives a JOIN orgs o ON o.id = a.org_id WHERE o.path LIKE ?`
	scopeArgs := func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.From, p.To} }
	type fig struct {
		key, unit, href, where string
	}
	for _, f := range []fig{
		{"archive.received", "unit.ming", "/archives", `a.received_on >= ? AND a.received_on < ?`},
		{"archive.lent", "unit.fen", "/archives?status=lent", `a.id IN (SELECT archive_id FROM archive_loans WHERE lent_on >= ? AND lent_on < ?)`},
		{"archive.transferred", "unit.fen", "/archives?status=transferred", `a.status = 'transferred' AND a.transferred_on >= ? AND a.transferred_on < ?`},
	} {
		where := `o.path LIKE ? AND ` + f.where
		indicator.Register(indicator.Indicator{
			Key: f.key, Name: "ind." + f.key, Unit: f.unit, Ledger: "ledger.archive", LedgerHref: f.href,
			Definition: "ind." + f.key + ".def",
			Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
				return indicator.CountWithPresence(ctx, db,
					`SELECT COUNT(*) FROM archives a JOIN orgs o ON o.id = a.org_id WHERE `+where, presence,
					scopeArgs(s, p), []any{s.Like()})
			},
			Records: records(where, scopeArgs),
		})
	}
}

// records lists the archives matching where for a drill-down, ID numbers
// masked.
func records(where string, args func(indicator.Scope, indicator.Period) []any) func(context.Context, store.Querier, indicator.Scope, indicator.Period, int, int) (indicator.Records, error) {
	return func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		recs := indicator.Records{Columns: []string{i18n.T("archive.field.name"), i18n.T("archive.field.id_number"),
			i18n.T("archive.field.org"), i18n.T("archive.field.received_on"), i18n.T("archive.field.received_from"), i18n.T("common.status")}}
		a := args(s, p)
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM archives a JOIN orgs o ON o.id = a.org_id WHERE `+where, a...).Scan(&recs.Total); err != nil {
			return recs, err
		}
		rows, err := db.QueryContext(ctx, `SELECT `+cols+fromSQL+` WHERE `+where+` ORDER BY a.received_on, a.id LIMIT ? OFFSET ?`, append(a, limit, offset)...)
		if err != nil {
			return recs, err
		}
		defer rows.Close()
		for rows.Next() {
			x, err := scan(rows)
			if err != nil {
				return recs, err
			}
			recs.Rows = append(recs.Rows, []string{x.Name, x.IDMask, x.OrgName, x.ReceivedOn, x.ReceivedFrom, x.StatusLabel})
			recs.Links = append(recs.Links, "/archives/"+strconv.FormatInt(x.ID, 10))
		}
		return recs, rows.Err()
	}
}
