package event

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// The figures of seed rows 17 and 18 and the on-time rate. An event is
// resolved in the period it was closed (办结) in; a case reopened by 不满意
// counts again only once closed again. Satisfaction is 满意 + 基本满意 over
// the evaluated cases among those closed in the period; the on-time rate
// is the closed cases none of whose stages ran past its limit, over the
// closed cases.
const (
	inScope  = ` FROM events e JOIN orgs o ON o.id = e.org_id WHERE o.path LIKE ?`
	closedIn = ` AND e.status = 'closed' AND e.closed_at >= ? AND e.closed_at < ?`
)

func periodArgs(s indicator.Scope, p indicator.Period) []any {
	return []any{s.Like(), p.FromMillis(), p.ToMillis()}
}

// FigureKeys are the figures shown above the events list.
var FigureKeys = []string{"gov.events_resolved", "gov.satisfaction", "gov.on_time_rate"}

func init() {
	indicator.Register(indicator.Indicator{
		Key: "gov.events_resolved", Name: "ind.gov.events_resolved", Unit: "unit.jian", Ledger: "ledger.event", LedgerHref: "/events",
		Definition: "ind.gov.events_resolved.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*)`+inScope+closedIn, `SELECT COUNT(*)`+inScope,
				periodArgs(s, p), []any{s.Like()})
		},
		Records: records(closedIn),
	})
	ratio := func(key, num, den string) {
		indicator.Register(indicator.Indicator{
			Key: key, Name: "ind." + key, Unit: "unit.pct", Ledger: "ledger.event", LedgerHref: "/events", Kind: indicator.Ratio,
			Definition: "ind." + key + ".def",
			Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
				v := indicator.Value{Kind: indicator.Ratio}
				err := db.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN `+num+` THEN 1 ELSE 0 END), 0), COUNT(*)`+inScope+closedIn+den,
					periodArgs(s, p)...).Scan(&v.N, &v.Den)
				if err != nil || v.Den > 0 {
					return v, err
				}
				var n int64
				err = db.QueryRowContext(ctx, `SELECT COUNT(*)`+inScope, s.Like()).Scan(&n)
				v.NoData = n == 0
				return v, err
			},
			Records: records(closedIn + den),
		})
	}
	ratio("gov.satisfaction", `e.rating IN ('satisfied', 'basic')`, ` AND e.rating <> ''`)
	ratio("gov.on_time_rate", `e.late = FALSE`, ``)
}

// records lists the counted cases for a drill-down, without the reporter.
func records(where string) func(context.Context, store.Querier, indicator.Scope, indicator.Period, int, int) (indicator.Records, error) {
	return func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		recs := indicator.Records{Columns: []string{i18n.T("event.field.code"), i18n.T("event.field.category"), i18n.T("event.field.org"),
			i18n.T("event.field.place"), i18n.T("event.field.reported_at"), i18n.T("event.field.closed_at"), i18n.T("event.on_time"),
			i18n.T("event.field.rating")}}
		a := periodArgs(s, p)
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+inScope+where, a...).Scan(&recs.Total); err != nil {
			return recs, err
		}
		rows, err := db.QueryContext(ctx, `SELECT `+cols+fromSQL+` WHERE o.path LIKE ?`+where+` ORDER BY e.closed_at, e.id LIMIT ? OFFSET ?`,
			append(a, limit, offset)...)
		if err != nil {
			return recs, err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scan(rows, 0)
			if err != nil {
				return recs, err
			}
			onTime := i18n.T("common.yes")
			if e.Late {
				onTime = i18n.T("common.no")
			}
			recs.Rows = append(recs.Rows, []string{e.Code, e.Category, e.OrgName, e.Place, fmtTime(e.ReportedAt), fmtTime(e.ClosedAt), onTime, e.RatingLabel})
			recs.Links = append(recs.Links, "/events/"+strconv.FormatInt(e.ID, 10))
		}
		return recs, rows.Err()
	}
}
