package cadre

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Figure keys of part 二 of the annual summary (INDICATORS.md rows 28–35).
const (
	KeyDocuments           = "cadre.documents"
	KeyPromoted            = "cadre.promoted"
	KeyPromotedYoung       = "cadre.promoted_young"
	KeyPromotedYoungShare  = "cadre.promoted_young_share"
	KeyReservePool         = "cadre.reserve_pool"
	KeyClassAttendees      = "cadre.class_attendees"
	KeyTrainingPersonTimes = "cadre.training_person_times"
	KeyInspections         = "cadre.inspections"
	KeyUnitsInspected      = "cadre.units_inspected"
	KeyPublicityIssues     = "cadre.publicity_issues"
	KeyPublicityReads      = "cadre.publicity_reads"
)

type computeFn = func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error)
type recordsFn = func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error)

// count is a count figure: the count over where, NoData when g holds no
// records in the scope at all.
func count(g *register, expr, where string, args func(indicator.Scope, indicator.Period) []any) computeFn {
	return func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
		return indicator.CountWithPresence(ctx, db, `SELECT `+expr+g.from()+` WHERE o.path LIKE ? AND `+where,
			`SELECT COUNT(*)`+g.from()+` WHERE o.path LIKE ?`, append([]any{s.Like()}, args(s, p)...), []any{s.Like()})
	}
}

// records lists g's records matching where for a drill-down: its list
// columns, with a cadre's masked ID number beside the name.
func records(g *register, where string, args func(indicator.Scope, indicator.Period) []any) recordsFn {
	return func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		var recs indicator.Records
		cols := g.ListFields()
		for _, f := range cols {
			recs.Columns = append(recs.Columns, f.Label())
			if f.Kind == kCadre {
				recs.Columns = append(recs.Columns, i18n.T("cadre.f.id_mask"))
			}
		}
		w := ` WHERE o.path LIKE ? AND ` + where
		a := append([]any{s.Like()}, args(s, p)...)
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+g.from()+w, a...).Scan(&recs.Total); err != nil {
			return recs, err
		}
		var list []Record
		if err := g.each(ctx, db, w+` ORDER BY `+g.order()+` LIMIT ? OFFSET ?`, append(a, limit, offset), func(r Record) error {
			list = append(list, r)
			return nil
		}); err != nil {
			return recs, err
		}
		for _, r := range list {
			var row []string
			for _, f := range cols {
				row = append(row, r.Show(f.Key))
				if f.Kind == kCadre {
					var mask string
					if id := r.Int(f.Key); id != 0 {
						if err := db.QueryRowContext(ctx, `SELECT id_mask FROM cadres WHERE id = ?`, id).Scan(&mask); err != nil {
							return recs, err
						}
					}
					row = append(row, mask)
				}
			}
			recs.Rows = append(recs.Rows, row)
			link := g.Base + "/" + strconv.FormatInt(r.ID, 10)
			if g.Parent != nil {
				link = g.Parent.Base + "/" + strconv.FormatInt(r.ParentID, 10)
			}
			recs.Links = append(recs.Links, link)
		}
		return recs, nil
	}
}

func inPeriod(col string) (string, func(indicator.Scope, indicator.Period) []any) {
	return col + ` >= ? AND ` + col + ` < ?`, func(_ indicator.Scope, p indicator.Period) []any { return []any{p.From, p.To} }
}

func reg(key, unit string, g *register, c computeFn, r recordsFn, kind indicator.Kind) {
	indicator.Register(indicator.Indicator{Key: key, Name: "ind." + key, Unit: unit, Ledger: "cadre.reg." + g.Name,
		LedgerHref: g.Base, Definition: "ind." + key + ".def", Kind: kind, Compute: c, Records: r})
}

// youngWhere selects promotions (提拔) of cadres aged at most the
// configured threshold on the day.
func youngArgs(ctx context.Context, db store.Querier, p indicator.Period) ([]any, error) {
	age, err := YoungAge(ctx, db)
	return []any{p.From, p.To, age}, err
}

func init() {
	w, a := inPeriod("x.issued_on")
	reg(KeyDocuments, "unit.ge", documents, count(documents, "COUNT(*)", w, a), records(documents, w, a), indicator.Count)

	// Rows 29–30: cadres promoted (提拔, not 重用 or 职级晋升) in the period,
	// each counted once; the young among them by the age at the promotion.
	pw := `x.kind = 'promote' AND x.promoted_on >= ? AND x.promoted_on < ?`
	pa := func(_ indicator.Scope, p indicator.Period) []any { return []any{p.From, p.To} }
	reg(KeyPromoted, "unit.ming", promotions, count(promotions, "COUNT(DISTINCT x.cadre_id)", pw, pa), records(promotions, pw, pa), indicator.Count)
	yw := pw + ` AND x.age <= ?`
	young := func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
		args, err := youngArgs(ctx, db, p)
		if err != nil {
			return indicator.Value{}, err
		}
		return count(promotions, "COUNT(DISTINCT x.cadre_id)", yw, func(indicator.Scope, indicator.Period) []any { return args })(ctx, db, s, p)
	}
	youngRecords := func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		args, err := youngArgs(ctx, db, p)
		if err != nil {
			return indicator.Records{}, err
		}
		return records(promotions, yw, func(indicator.Scope, indicator.Period) []any { return args })(ctx, db, s, p, limit, offset)
	}
	reg(KeyPromotedYoung, "unit.ming", promotions, young, youngRecords, indicator.Count)
	reg(KeyPromotedYoungShare, "unit.pct", promotions, func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
		y, err := young(ctx, db, s, p)
		if err != nil || y.NoData {
			return indicator.Value{Kind: indicator.Ratio, NoData: y.NoData}, err
		}
		all, err := count(promotions, "COUNT(DISTINCT x.cadre_id)", pw, pa)(ctx, db, s, p)
		if err != nil {
			return indicator.Value{}, err
		}
		return indicator.Value{Kind: indicator.Ratio, N: y.N, Den: all.N, NoData: all.N == 0}, nil
	}, youngRecords, indicator.Ratio)

	// Row 31: in the pool at the end of the period.
	rw := `x.entered_on <> '' AND x.entered_on < ? AND (x.exited_on = '' OR x.exited_on >= ?)`
	ra := func(_ indicator.Scope, p indicator.Period) []any { return []any{p.To, p.To} }
	reg(KeyReservePool, "unit.ming", reserve, count(reserve, "COUNT(*)", rw, ra), records(reserve, rw, ra), indicator.Count)

	// Row 33: every attendance of a class that started in the period.
	cw, ca := inPeriod("pr.started_on")
	reg(KeyTrainingPersonTimes, "unit.renci", classes, count(attendees, "COUNT(*)", cw, ca), records(attendees, cw, ca), indicator.Count)

	// Row 32: the attendees of the period's 中青年干部培训班 — the largest
	// class marked young that started in the period.
	largest := func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (int64, int64, error) {
		var id, n int64
		err := db.QueryRowContext(ctx, `SELECT x.class_id, COUNT(*)`+attendees.from()+` WHERE o.path LIKE ? AND pr.young = TRUE
			AND pr.started_on >= ? AND pr.started_on < ? GROUP BY x.class_id ORDER BY COUNT(*) DESC, x.class_id LIMIT 1`,
			s.Like(), p.From, p.To).Scan(&id, &n)
		if store.IsNoRows(err) {
			return 0, 0, nil
		}
		return id, n, err
	}
	reg(KeyClassAttendees, "unit.ming", classes, func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
		_, n, err := largest(ctx, db, s, p)
		if err != nil || n > 0 {
			return indicator.Value{Kind: indicator.Count, N: n}, err
		}
		var any int64
		err = db.QueryRowContext(ctx, `SELECT COUNT(*)`+classes.from()+` WHERE o.path LIKE ? AND x.young = TRUE`, s.Like()).Scan(&any)
		return indicator.Value{Kind: indicator.Count, NoData: any == 0}, err
	}, func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		id, _, err := largest(ctx, db, s, p)
		if err != nil {
			return indicator.Records{}, err
		}
		return records(attendees, `x.class_id = ?`, func(indicator.Scope, indicator.Period) []any { return []any{id} })(ctx, db, s, p, limit, offset)
	}, indicator.Count)

	// Row 34: inspections begun in the period and the distinct units they
	// inspected.
	iw, ia := inPeriod("x.started_on")
	reg(KeyInspections, "unit.ci", inspections, count(inspections, "COUNT(*)", iw, ia), records(inspections, iw, ia), indicator.Count)
	uw, ua := inPeriod("pr.started_on")
	reg(KeyUnitsInspected, "unit.jia", inspections, count(inspectedUnits, "COUNT(DISTINCT x.unit_name)", uw, ua),
		records(inspectedUnits, uw, ua), indicator.Count)

	// Row 35: articles published in the period and their reads.
	bw, ba := inPeriod("x.published_on")
	reg(KeyPublicityIssues, "unit.qi", publicity, count(publicity, "COUNT(*)", bw, ba), records(publicity, bw, ba), indicator.Count)
	reg(KeyPublicityReads, "unit.ci", publicity, count(publicity, "COALESCE(SUM(x.reads), 0)", bw, ba), records(publicity, bw, ba), indicator.Count)
}
