package pairing

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/org"
	"troika/internal/store"
)

// The 双报到 figures. Seed row 25: new-form organizations paired with
// streets in the period (4 organizations ↔ 3 streets) — two counts of
// distinct organizations and distinct streets over pairings started in the
// period whose organization is of the new-form domain. Seed row 26:
// distinct members registered at a community in the period (18).
func init() {
	args := func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), s.Like(), p.From, p.To} }
	newform := pairingScope + ` AND o.domain = 'newform' AND p.started_on >= ? AND p.started_on < ?`
	pairingPresence := `SELECT COUNT(*)` + pairingFrom + ` WHERE ` + pairingScope
	for _, f := range []struct{ key, distinct string }{
		{"pairing.newform_orgs", "p.org_id"},
		{"pairing.streets", "p.street_id"},
	} {
		count := `SELECT COUNT(DISTINCT ` + f.distinct + `)` + pairingFrom + ` WHERE ` + newform
		indicator.Register(indicator.Indicator{
			Key: f.key, Name: "ind." + f.key, Unit: "unit.ge", Ledger: "ledger.pairing", LedgerHref: "/pairings?domain=" + string(org.DomainNewForm),
			Definition: "ind." + f.key + ".def",
			Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
				return indicator.CountWithPresence(ctx, db, count, pairingPresence, args(s, p), []any{s.Like(), s.Like()})
			},
			Records: pairingRecords(newform, args),
		})
	}
	registered := regScope + ` AND r.registered_on >= ? AND r.registered_on < ?`
	indicator.Register(indicator.Indicator{
		Key: "pairing.members_registered", Name: "ind.pairing.members_registered", Unit: "unit.ming", Ledger: "ledger.registration",
		LedgerHref: "/registrations", Definition: "ind.pairing.members_registered.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(DISTINCT r.member_id)`+regFrom+` WHERE `+registered,
				`SELECT COUNT(*)`+regFrom+` WHERE `+regScope, args(s, p), []any{s.Like(), s.Like()})
		},
		Records: regRecords(registered, args),
	})
}

type recordsFunc func(context.Context, store.Querier, indicator.Scope, indicator.Period, int, int) (indicator.Records, error)

func pairingRecords(where string, args func(indicator.Scope, indicator.Period) []any) recordsFunc {
	return func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		recs := indicator.Records{Columns: []string{i18n.T("pairing.field.org"), i18n.T("pairing.field.street"), i18n.T("pairing.field.community"),
			i18n.T("pairing.field.started_on"), i18n.T("pairing.activities")}}
		a := args(s, p)
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+pairingFrom+` WHERE `+where, a...).Scan(&recs.Total); err != nil {
			return recs, err
		}
		rows, err := db.QueryContext(ctx, `SELECT `+pairingCols+pairingFrom+` WHERE `+where+` ORDER BY p.started_on, p.id LIMIT ? OFFSET ?`, append(a, limit, offset)...)
		if err != nil {
			return recs, err
		}
		defer rows.Close()
		for rows.Next() {
			x, err := scanPairing(rows)
			if err != nil {
				return recs, err
			}
			recs.Rows = append(recs.Rows, []string{x.OrgName, x.StreetName, x.CommunityName, x.StartedOn, strconv.Itoa(x.Activities)})
			recs.Links = append(recs.Links, "/pairings/"+strconv.FormatInt(x.ID, 10))
		}
		return recs, rows.Err()
	}
}

// regRecords lists registrations; ID numbers masked.
func regRecords(where string, args func(indicator.Scope, indicator.Period) []any) recordsFunc {
	return func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		recs := indicator.Records{Columns: []string{i18n.T("registration.field.member"), i18n.T("registration.field.id_number"),
			i18n.T("registration.field.member_org"), i18n.T("registration.field.community"), i18n.T("registration.field.registered_on"),
			i18n.T("registration.field.hours")}}
		a := args(s, p)
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+regFrom+` WHERE `+where, a...).Scan(&recs.Total); err != nil {
			return recs, err
		}
		rows, err := db.QueryContext(ctx, `SELECT `+regCols+regFrom+` WHERE `+where+` ORDER BY r.registered_on, r.id LIMIT ? OFFSET ?`, append(a, limit, offset)...)
		if err != nil {
			return recs, err
		}
		defer rows.Close()
		for rows.Next() {
			x, err := scanReg(rows)
			if err != nil {
				return recs, err
			}
			recs.Rows = append(recs.Rows, []string{x.MemberName, x.IDMask, x.MemberOrgName, x.CommunityName, x.RegisteredOn, x.Hours()})
			recs.Links = append(recs.Links, "/registrations/"+strconv.FormatInt(x.ID, 10))
		}
		return recs, rows.Err()
	}
}
