package member

import (
	"context"
	"strconv"

	"troika/internal/indicator"
	"troika/internal/personal"
	"troika/internal/store"
)

// onRollAt is true for a member on the roll on the period's last day: they
// came onto this city's roll before the period ended and had not left by
// then. Both arguments are the period's exclusive end.
const onRollAt = `m.entered_on < ? AND (m.left_on = '' OR m.left_on >= ?)`

const inScope = `FROM members m WHERE m.org_path LIKE ?`

func init() {
	rollArgs := func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.To, p.To} }
	roll := func(key, extra string, args func(indicator.Scope, indicator.Period) []any) {
		indicator.Register(indicator.Indicator{
			Key: key, Name: "ind." + key, Unit: "unit.ming", Ledger: "ledger.member", LedgerHref: "/members",
			Definition: "ind." + key + ".def",
			Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
				return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*) `+inScope+` AND `+onRollAt+extra,
					`SELECT COUNT(*) `+inScope, args(s, p), []any{s.Like()})
			},
			Records: memberRecords(onRollAt+extra, args),
		})
	}
	roll("member.total", "", rollArgs)
	// 正式 on the last day: the category follows the date of full membership
	// (a full member whose date is not on record counts as full).
	roll("member.full", ` AND m.category = 'full' AND (m.full_on = '' OR m.full_on < ?)`,
		func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.To, p.To, p.To} })
	roll("member.probationary", ` AND (m.category = 'probationary' OR m.full_on >= ?)`,
		func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.To, p.To, p.To} })
	roll("member.mobile", ` AND m.mobile = TRUE`, rollArgs)
	roll("member.no_post", ` AND m.has_post = FALSE`, rollArgs)
	indicator.Register(indicator.Indicator{
		Key: "member.joined", Name: "ind.member.joined", Unit: "unit.ming", Ledger: "ledger.member", LedgerHref: "/members",
		Definition: "ind.member.joined.def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*) `+inScope+` AND m.joined_on >= ? AND m.joined_on < ?`,
				`SELECT COUNT(*) `+inScope, []any{s.Like(), p.From, p.To}, []any{s.Like()})
		},
		Records: memberRecords(`m.joined_on >= ? AND m.joined_on < ?`, func(s indicator.Scope, p indicator.Period) []any {
			return []any{s.Like(), p.From, p.To}
		}),
	})
}

// FigureKeys are the figures the roster page shows.
var FigureKeys = []string{"member.total", "member.full", "member.probationary", "member.mobile", "member.no_post", "member.joined"}

// memberRecords lists the counted members for a drill-down: names masked
// to the surname, since figures are open to every reader of the scope.
func memberRecords(where string, args func(indicator.Scope, indicator.Period) []any) func(context.Context, store.Querier, indicator.Scope, indicator.Period, int, int) (indicator.Records, error) {
	return func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		recs := indicator.Records{Columns: []string{label("name"), label("gender"), label("ethnicity"), label("org_id"),
			label("joined_on"), label("category"), label("status")}}
		a := args(s, p)
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) `+inScope+` AND `+where, a...).Scan(&recs.Total); err != nil {
			return recs, err
		}
		rows, err := db.QueryContext(ctx, `SELECT `+cols+listFrom+` WHERE m.org_path LIKE ? AND `+where+` ORDER BY m.name_key, m.id LIMIT ? OFFSET ?`,
			append(a, limit, offset)...)
		if err != nil {
			return recs, err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scan(rows)
			if err != nil {
				return recs, err
			}
			recs.Rows = append(recs.Rows, []string{personal.MaskName(m.Name), m.Gender.Label(), m.EthnicityLabel(), m.OrgName,
				m.JoinedOn, m.Category.Label(), m.Status.Label()})
			recs.Links = append(recs.Links, "/members/"+strconv.FormatInt(m.ID, 10))
		}
		return recs, rows.Err()
	}
}
