package talent

import (
	"context"

	"troika/internal/indicator"
	"troika/internal/store"
)

// Figure keys of part 三 of the annual summary (seed rows 36–44).
const (
	KeyOrderCategories = "talent.order_categories"
	KeyOrderPositions  = "talent.order_positions"
	KeyRent            = "talent.rent_subsidies"
	KeyReading         = "talent.reading_group"
	KeyPlays           = "talent.broadcast_plays"
	KeyStations        = "talent.stations"
	KeySolved          = "talent.problems_solved"
	KeyLeads           = "talent.outside_leads"
	KeyReservePool     = "talent.reserve_pool"
	KeyFeatured        = "talent.returnees_featured"
)

// Keys lists them in the order of the summary.
var Keys = []string{KeyOrderCategories, KeyOrderPositions, KeyRent, KeyReading, KeyPlays, KeyStations, KeySolved, KeyLeads, KeyReservePool, KeyFeatured}

// figure is one registration: value and presence queries over ledger l,
// and the records behind the value (the ledger's own, or the talents
// counted when the figure counts people).
type figure struct {
	key, unit string
	kind      indicator.Kind
	l         *Ledger
	value     string // SELECT … FROM <l> x JOIN orgs o … WHERE: the scope and period conditions follow
	where     string // conditions after the scope: args From, To as marked by period()
	period    func(p indicator.Period) []any
	people    string // when set, the records are talents whose id is in this subquery (same args)
}

func init() {
	inPeriod := func(col string) (string, func(indicator.Period) []any) {
		return "x." + col + " >= ? AND x." + col + " < ?", func(p indicator.Period) []any { return []any{p.From, p.To} }
	}
	atEnd := func(start, end string) (string, func(indicator.Period) []any) {
		return "x." + start + " < ? AND (x." + end + " = '' OR x." + end + " >= ?)", func(p indicator.Period) []any { return []any{p.To, p.To} }
	}
	orders, ordersArgs := inPeriod("collected_on")
	rent, rentArgs := inPeriod("paid_on")
	reading, readingArgs := atEnd("joined_on", "left_on")
	reading += " AND x.group_id IN (SELECT g.id FROM talent_groups g WHERE g.kind = 'reading' AND g.online = TRUE)"
	plays, playsArgs := inPeriod("held_on")
	stations, stationsArgs := atEnd("founded_on", "closed_on")
	solved, solvedArgs := inPeriod("solved_on")
	leads, leadsArgs := inPeriod("collected_on")
	pool, poolArgs := atEnd("entered_on", "left_on")
	featured, featuredArgs := inPeriod("published_on")
	featured += " AND x.talent_id IN (SELECT t.id FROM talents t WHERE t.returnee = TRUE)"

	for _, f := range []figure{
		{key: KeyOrderCategories, unit: "unit.ge", l: Orders, value: "COUNT(DISTINCT x.category)", where: orders, period: ordersArgs},
		{key: KeyOrderPositions, unit: "unit.ge", l: Orders, value: "COUNT(*)", where: orders, period: ordersArgs},
		{key: KeyRent, unit: "unit.wanyuan", kind: indicator.Money, l: Subsidies, value: "COALESCE(SUM(x.amount), 0)",
			where: rent + " AND x.kind = 'rent' AND x.status = 'paid'", period: rentArgs},
		{key: KeyReading, unit: "unit.ming", l: Members, value: "COUNT(DISTINCT x.talent_id)", where: reading, period: readingArgs, people: "x.talent_id"},
		{key: KeyPlays, unit: "unit.ci", l: Courses, value: "COALESCE(SUM(x.plays), 0)", where: plays + " AND x.kind IN ('broadcast', 'video')", period: playsArgs},
		{key: KeyStations, unit: "unit.ge", l: Stations, value: "COUNT(*)", where: stations, period: stationsArgs},
		{key: KeySolved, unit: "unit.ge", l: Cases, value: "COUNT(*)", where: solved, period: solvedArgs},
		{key: KeyLeads, unit: "unit.tiao", l: Leads, value: "COUNT(*)", where: leads, period: leadsArgs},
		{key: KeyReservePool, unit: "unit.ren", l: Pool, value: "COUNT(DISTINCT x.talent_id)", where: pool, period: poolArgs, people: "x.talent_id"},
		{key: KeyFeatured, unit: "unit.ming", l: Features, value: "COUNT(DISTINCT x.talent_id)", where: featured, period: featuredArgs, people: "x.talent_id"},
	} {
		register(f)
	}
}

func register(f figure) {
	kind := f.kind
	if kind == "" {
		kind = indicator.Count
	}
	where := "o.path LIKE ? AND " + f.where
	args := func(s indicator.Scope, p indicator.Period) []any { return append([]any{s.Like()}, f.period(p)...) }
	indicator.Register(indicator.Indicator{
		Key: f.key, Name: "ind." + f.key, Unit: f.unit, Kind: kind, Ledger: "ledger.talent." + f.l.Slug,
		LedgerHref: f.l.Base(), Definition: "ind." + f.key + ".def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			v, err := indicator.CountWithPresence(ctx, db, `SELECT `+f.value+from(f.l)+` WHERE `+where,
				`SELECT COUNT(*)`+from(f.l)+` WHERE o.path LIKE ?`, args(s, p), []any{s.Like()})
			v.Kind = kind
			return v, err
		},
		Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
			if f.people != "" {
				return records(ctx, db, Talents, "o.path LIKE ? AND x.id IN (SELECT "+f.people+from(f.l)+" WHERE "+where+")",
					append([]any{s.Like()}, args(s, p)...), limit, offset)
			}
			return records(ctx, db, f.l, where, args(s, p), limit, offset)
		},
	})
}

// records lists a ledger's records matching where, for a drill-down;
// personal data stays masked.
func records(ctx context.Context, db store.Querier, l *Ledger, where string, args []any, limit, offset int) (indicator.Records, error) {
	cols := l.ListFields()
	recs := indicator.Records{}
	for _, f := range cols {
		recs.Columns = append(recs.Columns, f.Label(l))
	}
	recs.Columns = append(recs.Columns, l.OrgLabel())
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+from(l)+` WHERE `+where, args...).Scan(&recs.Total); err != nil {
		return recs, err
	}
	ord := order(l)
	if l.DateField != "" {
		ord = ` ORDER BY x.` + l.DateField + `, x.id`
	}
	rows, err := db.QueryContext(ctx, `SELECT `+selectCols(l)+from(l)+` WHERE `+where+ord+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return recs, err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scan(l, rows)
		if err != nil {
			return recs, err
		}
		row := make([]string, 0, len(cols)+1)
		for _, f := range cols {
			row = append(row, r.Show(f))
		}
		recs.Rows = append(recs.Rows, append(row, r.OrgName))
		recs.Links = append(recs.Links, r.Href())
	}
	return recs, rows.Err()
}
