package grid

import (
	"context"
	"strconv"
	"time"

	"troika/internal/chart"
	"troika/internal/dashboard"
	"troika/internal/indicator"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
)

// onRecordAt is true for a resident on the record on the period's last
// day: entered before the period ended and not gone by then. Both
// arguments are the period's exclusive end.
const onRecordAt = `r.moved_in < ? AND (r.moved_out = '' OR r.moved_out >= ?)`

// residentsIn reads residents by their copy of the organization path: one
// index range per subtree (see migration 00015).
const residentsIn = ` FROM residents r WHERE r.org_path LIKE ?`

// FigureKeys are the figures the resident and grid pages show.
var FigureKeys = []string{"gov.residents", "gov.households", "gov.grids", "gov.visits"}

func init() {
	org.RegisterPathCopy("residents")
	endArgs := func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.To, p.To} }
	// Seed row 16: resident records on the platform at the period's end.
	indicator.Register(indicator.Indicator{
		Key: "gov.residents", Name: "ind.gov.residents", Unit: "unit.tiao", Ledger: "ledger.resident", LedgerHref: "/residents",
		Definition: "ind.gov.residents.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*)`+residentsIn+` AND `+onRecordAt,
				`SELECT COUNT(*)`+residentsIn, endArgs(s, p), []any{s.Like()})
		},
		Records: residentRecords(onRecordAt, endArgs),
	})
	indicator.Register(indicator.Indicator{
		Key: "gov.households", Name: "ind.gov.households", Unit: "unit.hu", Ledger: "ledger.resident", LedgerHref: "/residents",
		Definition: "ind.gov.households.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			// A household lies in one grid, so its residents share one path:
			// grouping by (path, household) streams in the scope index's order
			// where COUNT(DISTINCT) would sort every row.
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*) FROM (SELECT r.org_path, r.household_id`+residentsIn+` AND `+onRecordAt+
				` GROUP BY r.org_path, r.household_id) hh`,
				`SELECT COUNT(*)`+residentsIn, endArgs(s, p), []any{s.Like()})
		},
		Records: householdRecords,
	})
	indicator.Register(indicator.Indicator{
		Key: "gov.grids", Name: "ind.gov.grids", Unit: "unit.ge", Ledger: "ledger.grid", LedgerHref: "/grids",
		Definition: "ind.gov.grids.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*) FROM grids g JOIN orgs o ON o.id = g.org_id
				WHERE o.path LIKE ? AND g.active = TRUE AND g.created_at < ?`,
				`SELECT COUNT(*) FROM grids g JOIN orgs o ON o.id = g.org_id WHERE o.path LIKE ?`,
				[]any{s.Like(), p.ToMillis()}, []any{s.Like()})
		},
		Records: gridRecords,
	})
	indicator.Register(indicator.Indicator{
		Key: "gov.visits", Name: "ind.gov.visits", Unit: "unit.ci", Ledger: "ledger.visit", LedgerHref: "/visits",
		Definition: "ind.gov.visits.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*) FROM resident_visits v JOIN grids g ON g.id = v.grid_id
				JOIN orgs o ON o.id = g.org_id WHERE o.path LIKE ? AND v.visited_on >= ? AND v.visited_on < ?`,
				`SELECT COUNT(*) FROM resident_visits v JOIN grids g ON g.id = v.grid_id JOIN orgs o ON o.id = g.org_id WHERE o.path LIKE ?`,
				[]any{s.Like(), p.From, p.To}, []any{s.Like()})
		},
		Records: visitRecords,
	})

	dashboard.RegisterDistribution(dashboard.Distribution{Key: "gov.residents_age", Title: "dash.dist.resident_age",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, asOf string) ([]chart.Slice, error) {
			return ageDistribution(ctx, db, s, asOf)
		}})
	dashboard.RegisterDistribution(dashboard.Distribution{Key: "gov.residents_tags", Title: "dash.dist.resident_tags", Bars: true,
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, asOf string) ([]chart.Slice, error) {
			return tagDistribution(ctx, db, s, asOf)
		}})
}

// nextDay is the day after d (the exclusive end of "on record at the end
// of d").
func nextDay(d string) string {
	t, err := time.Parse(day, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, 1).Format(day)
}

// ageDistribution counts the residents on record at the end of asOf by
// age band.
func ageDistribution(ctx context.Context, db store.Querier, s indicator.Scope, asOf string) ([]chart.Slice, error) {
	end := nextDay(asOf)
	// One pass counts the residents born after each band's bounds; a band
	// (after, upTo] is then born-after(after) − born-after(upTo). One-sided
	// filters are the cheapest per row, and the scope index holds the dates.
	var bounds []string
	seen := map[string]int{}
	for _, b := range AgeBands {
		after, upTo, _ := ageBandBounds(b, asOf)
		for _, x := range []string{after, upTo} {
			if _, ok := seen[x]; !ok && x != "" {
				seen[x] = len(bounds)
				bounds = append(bounds, x)
			}
		}
	}
	sel := "COUNT(*)"
	args := make([]any, 0, len(bounds)+3)
	for _, x := range bounds {
		sel += ", COUNT(*) FILTER (WHERE r.birth_date > ?)"
		args = append(args, x)
	}
	args = append(args, s.Like(), end, end)
	counts := make([]int64, len(bounds)+1)
	dest := make([]any, len(counts))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := db.QueryRowContext(ctx, `SELECT `+sel+residentsIn+` AND `+onRecordAt, args...).Scan(dest...); err != nil {
		return nil, err
	}
	bornAfter := func(x string) int64 {
		if x == "" {
			return counts[0]
		}
		return counts[seen[x]+1]
	}
	out := make([]chart.Slice, len(AgeBands))
	for i, b := range AgeBands {
		after, upTo, _ := ageBandBounds(b, asOf)
		n := bornAfter(after)
		if upTo != "" {
			n -= bornAfter(upTo)
		}
		out[i] = chart.Slice{Label: AgeBandLabel(b), Value: float64(n)}
	}
	return out, nil
}

// tagDistribution counts the residents on record at the end of asOf by
// tag (a resident with two tags counts under both).
func tagDistribution(ctx context.Context, db store.Querier, s indicator.Scope, asOf string) ([]chart.Slice, error) {
	end := nextDay(asOf)
	// CROSS JOIN keeps SQLite's join order: the links are far fewer than
	// the residents, so each link looks up its resident rather than each
	// resident of the scope probing the links.
	rows, err := db.QueryContext(ctx, `SELECT t.name, c.n FROM resident_tags t JOIN (SELECT l.tag_id, COUNT(*) AS n
		FROM resident_tag_links l CROSS JOIN residents r WHERE r.id = l.resident_id AND r.org_path LIKE ? AND `+onRecordAt+`
		GROUP BY l.tag_id) c ON c.tag_id = t.id ORDER BY t.sort, t.id`, s.Like(), end, end)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []chart.Slice
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		out = append(out, chart.Slice{Label: name, Value: float64(n)})
	}
	return out, rows.Err()
}

type recordsFunc = func(context.Context, store.Querier, indicator.Scope, indicator.Period, int, int) (indicator.Records, error)

// residentRecords lists the counted residents for a drill-down: names
// masked to the surname and ID numbers masked, since figures are open to
// every reader of the scope.
func residentRecords(where string, args func(indicator.Scope, indicator.Period) []any) recordsFunc {
	return func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		recs := indicator.Records{Columns: []string{label("name"), label("id_number"), label("gender"), label("birth_date"),
			label("grid_id"), label("org_id"), label("moved_in")}}
		a := args(s, p)
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+residentsIn+` AND `+where, a...).Scan(&recs.Total); err != nil {
			return recs, err
		}
		rows, err := db.QueryContext(ctx, `SELECT `+residentCols+residentFrom+` WHERE r.org_path LIKE ? AND `+where+
			` ORDER BY r.org_path, g.code, h.code, r.id LIMIT ? OFFSET ?`, append(a, limit, offset)...)
		if err != nil {
			return recs, err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanResident(rows)
			if err != nil {
				return recs, err
			}
			recs.Rows = append(recs.Rows, []string{personal.MaskName(r.Name), r.IDNumber, r.Gender.Label(), r.BirthDate, r.GridName,
				r.OrgName, r.MovedIn})
			recs.Links = append(recs.Links, "/residents/"+strconv.FormatInt(r.ID, 10))
		}
		return recs, rows.Err()
	}
}

func householdRecords(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
	recs := indicator.Records{Columns: []string{label("household_code"), label("address"), label("grid_id"), label("org_id"), label("members")}}
	from := ` FROM households h JOIN grids g ON g.id = h.grid_id JOIN orgs o ON o.id = g.org_id
		JOIN (SELECT r.household_id, COUNT(*) AS n FROM residents r WHERE r.org_path LIKE ? AND ` + onRecordAt + `
			GROUP BY r.household_id) c ON c.household_id = h.id
		WHERE o.path LIKE ?`
	a := []any{s.Like(), p.To, p.To, s.Like()}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+from, a...).Scan(&recs.Total); err != nil {
		return recs, err
	}
	rows, err := db.QueryContext(ctx, `SELECT h.id, h.code, h.address, g.name, o.name, c.n`+from+` ORDER BY o.path, g.code, h.code
		LIMIT ? OFFSET ?`, append(a, limit, offset)...)
	if err != nil {
		return recs, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code, addr, grid, org string
		var n int
		if err := rows.Scan(&id, &code, &addr, &grid, &org, &n); err != nil {
			return recs, err
		}
		recs.Rows = append(recs.Rows, []string{code, addr, grid, org, strconv.Itoa(n)})
		recs.Links = append(recs.Links, "/households/"+strconv.FormatInt(id, 10))
	}
	return recs, rows.Err()
}

func gridRecords(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
	recs := indicator.Records{Columns: []string{label("grid_name"), label("code"), label("org_id"), label("households")}}
	from := ` FROM grids g JOIN orgs o ON o.id = g.org_id WHERE o.path LIKE ? AND g.active = TRUE AND g.created_at < ?`
	a := []any{s.Like(), p.ToMillis()}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+from, a...).Scan(&recs.Total); err != nil {
		return recs, err
	}
	rows, err := db.QueryContext(ctx, `SELECT g.id, g.name, g.code, o.name, g.households`+from+` ORDER BY o.path, g.code LIMIT ? OFFSET ?`,
		append(a, limit, offset)...)
	if err != nil {
		return recs, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, code, org string
		var n int
		if err := rows.Scan(&id, &name, &code, &org, &n); err != nil {
			return recs, err
		}
		recs.Rows = append(recs.Rows, []string{name, code, org, strconv.Itoa(n)})
		recs.Links = append(recs.Links, "/grids/"+strconv.FormatInt(id, 10))
	}
	return recs, rows.Err()
}

func visitRecords(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
	recs := indicator.Records{Columns: []string{label("visited_on"), label("method"), label("grid_id"), label("address"), label("worker_name")}}
	where := ` WHERE o.path LIKE ? AND v.visited_on >= ? AND v.visited_on < ?`
	a := []any{s.Like(), p.From, p.To}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+visitFrom+where, a...).Scan(&recs.Total); err != nil {
		return recs, err
	}
	rows, err := db.QueryContext(ctx, `SELECT `+visitCols+visitFrom+where+` ORDER BY v.visited_on DESC, v.id DESC LIMIT ? OFFSET ?`,
		append(a, limit, offset)...)
	if err != nil {
		return recs, err
	}
	defer rows.Close()
	for rows.Next() {
		var v Visit
		var at int64
		if err := rows.Scan(&v.ID, &v.GridID, &v.GridName, &v.HouseholdID, &v.Household, &v.ResidentID, &v.ResidentName, &v.WorkerID,
			&v.WorkerName, &v.VisitedOn, &v.Method, &v.Notes, &v.FollowUp, &at); err != nil {
			return recs, err
		}
		recs.Rows = append(recs.Rows, []string{v.VisitedOn, v.MethodLabel(), v.GridName, v.Household, v.WorkerName})
		recs.Links = append(recs.Links, "/households/"+strconv.FormatInt(v.HouseholdID, 10))
	}
	return recs, rows.Err()
}
