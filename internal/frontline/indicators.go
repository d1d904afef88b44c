package frontline

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Figure keys of the front line (seed rows 6, 8, 9, 10; row 7, temporary
// branches set up, is the organization ledger's org.temp_founded).
const (
	KeyTaskForces = "frontline.task_forces"
	KeyVolunteers = "frontline.volunteer_teams"
	KeyDeployed   = "frontline.deployed"
	KeyScreened   = "frontline.screened"
	KeyTempFound  = "org.temp_founded"
)

func init() {
	for _, k := range []struct {
		key  string
		kind TeamKind
		unit string
	}{{KeyTaskForces, TaskForce, "unit.ge"}, {KeyVolunteers, Volunteer, "unit.zhi"}} {
		kind := k.kind
		where := `o.path LIKE ? AND t.kind = ? AND t.founded_on >= ? AND t.founded_on < ?`
		args := func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), string(kind), p.From, p.To} }
		indicator.Register(indicator.Indicator{
			Key: k.key, Name: "ind." + k.key, Unit: k.unit, Ledger: "ledger.frontline." + string(kind),
			LedgerHref: "/frontline/" + kind.Slug(), Definition: "ind." + k.key + ".def",
			Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
				return indicator.CountWithPresence(ctx, db,
					`SELECT COUNT(*) FROM frontline_teams t JOIN orgs o ON o.id = t.org_id WHERE `+where,
					`SELECT COUNT(*) FROM frontline_teams t JOIN orgs o ON o.id = t.org_id WHERE o.path LIKE ? AND t.kind = ?`,
					args(s, p), []any{s.Like(), string(kind)})
			},
			Records: teamRecords(where, args),
		})
	}
	// Seed row 9: distinct people with a deployment under way in the
	// period, however many deployments each had.
	deployWhere := `o.path LIKE ? AND d.started_on < ? AND (d.ended_on = '' OR d.ended_on >= ?)`
	deployArgs := func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.To, p.From} }
	indicator.Register(indicator.Indicator{
		Key: KeyDeployed, Name: "ind." + KeyDeployed, Unit: "unit.ming", Ledger: "ledger.frontline.deployment",
		LedgerHref: "/frontline/deployments", Definition: "ind." + KeyDeployed + ".def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db,
				`SELECT COUNT(DISTINCT d.id_hash) FROM deployments d JOIN orgs o ON o.id = d.org_id WHERE `+deployWhere,
				`SELECT COUNT(*) FROM deployments d JOIN orgs o ON o.id = d.org_id WHERE o.path LIKE ?`,
				deployArgs(s, p), []any{s.Like()})
		},
		Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
			recs := indicator.Records{Columns: []string{i18n.T("frontline.field.person_name"), i18n.T("frontline.field.id_number"),
				i18n.T("frontline.field.sender"), i18n.T("frontline.deployment_count"), i18n.T("frontline.field.started_on"), i18n.T("frontline.field.ended_on")}}
			a := deployArgs(s, p)
			if err := db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT d.id_hash) FROM deployments d JOIN orgs o ON o.id = d.org_id WHERE `+deployWhere, a...).Scan(&recs.Total); err != nil {
				return recs, err
			}
			// One row per person: the name and sender of the earliest
			// deployment, how many overlap the period, and their span.
			rows, err := db.QueryContext(ctx, `SELECT d.id_hash, MIN(d.id), COUNT(*), MIN(d.started_on),
				CASE WHEN SUM(CASE WHEN d.ended_on = '' THEN 1 ELSE 0 END) > 0 THEN '' ELSE MAX(d.ended_on) END
				FROM deployments d JOIN orgs o ON o.id = d.org_id WHERE `+deployWhere+`
				GROUP BY d.id_hash ORDER BY MIN(d.started_on), MIN(d.id) LIMIT ? OFFSET ?`, append(a, limit, offset)...)
			if err != nil {
				return recs, err
			}
			type agg struct {
				first    int64
				n        int
				from, to string
			}
			var list []agg
			for rows.Next() {
				var hash string
				var g agg
				if err := rows.Scan(&hash, &g.first, &g.n, &g.from, &g.to); err != nil {
					rows.Close()
					return recs, err
				}
				list = append(list, g)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return recs, err
			}
			for _, g := range list {
				var name, mask, sender string
				if err := db.QueryRowContext(ctx, `SELECT d.name, d.id_mask, o.name FROM deployments d JOIN orgs o ON o.id = d.org_id WHERE d.id = ?`, g.first).
					Scan(&name, &mask, &sender); err != nil {
					return recs, err
				}
				to := g.to
				if to == "" {
					to = i18n.T("frontline.ongoing")
				}
				recs.Rows = append(recs.Rows, []string{name, mask, sender, strconv.Itoa(g.n), g.from, to})
				recs.Links = append(recs.Links, "/frontline/deployments/"+strconv.FormatInt(g.first, 10))
			}
			return recs, nil
		},
	})
	// Seed row 10: persons screened, summed over the period's records.
	screenWhere := `o.path LIKE ? AND x.screened_on >= ? AND x.screened_on < ?`
	screenArgs := func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.From, p.To} }
	indicator.Register(indicator.Indicator{
		Key: KeyScreened, Name: "ind." + KeyScreened, Unit: "unit.ren", Ledger: "ledger.frontline.screening",
		LedgerHref: "/frontline/screenings", Definition: "ind." + KeyScreened + ".def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db,
				`SELECT COALESCE(SUM(x.persons), 0) FROM screenings x JOIN orgs o ON o.id = x.org_id WHERE `+screenWhere,
				`SELECT COUNT(*) FROM screenings x JOIN orgs o ON o.id = x.org_id WHERE o.path LIKE ?`,
				screenArgs(s, p), []any{s.Like()})
		},
		Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
			recs := indicator.Records{Columns: []string{i18n.T("frontline.field.screened_on"), i18n.T("frontline.field.place"),
				i18n.T("frontline.field.filer"), i18n.T("frontline.field.team"), i18n.T("frontline.field.persons")}}
			a := screenArgs(s, p)
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM screenings x JOIN orgs o ON o.id = x.org_id WHERE `+screenWhere, a...).Scan(&recs.Total); err != nil {
				return recs, err
			}
			rows, err := db.QueryContext(ctx, `SELECT `+screenCols+screenFrom+` WHERE `+screenWhere+` ORDER BY x.screened_on, x.id LIMIT ? OFFSET ?`,
				append(a, limit, offset)...)
			if err != nil {
				return recs, err
			}
			defer rows.Close()
			for rows.Next() {
				x, err := scanScreening(rows)
				if err != nil {
					return recs, err
				}
				recs.Rows = append(recs.Rows, []string{x.ScreenedOn, x.Place, x.OrgName, x.TeamName, strconv.Itoa(x.Persons)})
				recs.Links = append(recs.Links, "/frontline/screenings/"+strconv.FormatInt(x.ID, 10))
			}
			return recs, rows.Err()
		},
	})
}

// teamRecords lists the teams matching where, for a drill-down.
func teamRecords(where string, args func(indicator.Scope, indicator.Period) []any) func(context.Context, store.Querier, indicator.Scope, indicator.Period, int, int) (indicator.Records, error) {
	return func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		recs := indicator.Records{Columns: []string{i18n.T("frontline.field.team_name"), i18n.T("frontline.field.owner"),
			i18n.T("frontline.field.leader"), i18n.T("frontline.field.founded_on"), i18n.T("frontline.field.ended_on"), i18n.T("frontline.people")}}
		a := args(s, p)
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM frontline_teams t JOIN orgs o ON o.id = t.org_id WHERE `+where, a...).Scan(&recs.Total); err != nil {
			return recs, err
		}
		rows, err := db.QueryContext(ctx, `SELECT `+teamCols+` FROM frontline_teams t JOIN orgs o ON o.id = t.org_id WHERE `+where+
			` ORDER BY t.founded_on, t.id LIMIT ? OFFSET ?`, append(a, limit, offset)...)
		if err != nil {
			return recs, err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanTeam(rows)
			if err != nil {
				return recs, err
			}
			recs.Rows = append(recs.Rows, []string{t.Name, t.OrgName, t.Leader, t.FoundedOn, t.EndedOn, strconv.Itoa(t.Members)})
			recs.Links = append(recs.Links, "/frontline/"+t.Kind.Slug()+"/"+strconv.FormatInt(t.ID, 10))
		}
		return recs, rows.Err()
	}
}
