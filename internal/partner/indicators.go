package partner

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Figure keys (seed rows 14 and 15).
const (
	KeyOrders         = "partner.orders"
	KeyInvestmentEach = "partner.investment_each"
	KeySpecialFunds   = "partner.special_funds"
	KeyVenueArea      = "partner.venue_area"
)

const (
	dealsIn       = `o.path LIKE ? AND d.kind = ? AND d.signed_on >= ? AND d.signed_on < ?`
	dealsPresent  = `SELECT COUNT(*) FROM partner_deals d JOIN orgs o ON o.id = d.org_id WHERE o.path LIKE ?`
	projectsIn    = `o.path LIKE ? AND ((x.started_on >= ? AND x.started_on < ?) OR (x.completed_on >= ? AND x.completed_on < ?))`
	projectsExist = `SELECT COUNT(*) FROM partner_projects x JOIN orgs o ON o.id = x.org_id WHERE o.path LIKE ?`
)

func dealArgs(kind DealKind) func(indicator.Scope, indicator.Period) []any {
	return func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), string(kind), p.From, p.To} }
}

func projectArgs(s indicator.Scope, p indicator.Period) []any {
	return []any{s.Like(), p.From, p.To, p.From, p.To}
}

func init() {
	for _, x := range []struct {
		key  string
		kind DealKind
	}{{KeyOrders, Order}, {KeySpecialFunds, Fund}} {
		args := dealArgs(x.kind)
		indicator.Register(indicator.Indicator{
			Key: x.key, Name: "ind." + x.key, Unit: "unit.wanyuan", Kind: indicator.Money, Ledger: "ledger.partner.deal",
			LedgerHref: "/partners/deals?kind=" + string(x.kind), Definition: "ind." + x.key + ".def",
			Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
				return indicator.CountWithPresence(ctx, db, `SELECT COALESCE(SUM(d.amount), 0)`+dealFrom+` WHERE `+dealsIn, dealsPresent,
					args(s, p), []any{s.Like()})
			},
			Records: dealRecords(args),
		})
	}
	invest := dealArgs(Investment)
	indicator.Register(indicator.Indicator{
		Key: KeyInvestmentEach, Name: "ind." + KeyInvestmentEach, Unit: "unit.wanyuan", Kind: indicator.Money, Ledger: "ledger.partner.deal",
		LedgerHref: "/partners/deals?kind=investment", Definition: "ind." + KeyInvestmentEach + ".def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			pairs, err := investedPairs(ctx, db, invest(s, p))
			if err != nil {
				return indicator.Value{}, err
			}
			if len(pairs) == 0 {
				var n int64
				if err := db.QueryRowContext(ctx, dealsPresent, s.Like()).Scan(&n); err != nil {
					return indicator.Value{}, err
				}
				return indicator.Value{NoData: n == 0}, nil
			}
			return indicator.Value{N: PerVillage(pairs)}, nil
		},
		Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
			recs := indicator.Records{Columns: []string{i18n.T("partner.field.partner"), i18n.T("partner.field.org"), i18n.T("partner.deals_count"),
				i18n.T("partner.field.amount_yuan")}}
			pairs, err := investedPairs(ctx, db, invest(s, p))
			if err != nil {
				return recs, err
			}
			recs.Total = len(pairs)
			for i, x := range pairs {
				if i < offset || i >= offset+limit {
					continue
				}
				recs.Rows = append(recs.Rows, []string{x.Partner, x.OrgName, strconv.Itoa(x.Deals), Yuan(x.Amount)})
				recs.Links = append(recs.Links, "/partners/deals?kind=investment&under="+strconv.FormatInt(x.OrgID, 10))
			}
			return recs, nil
		},
	})
	indicator.Register(indicator.Indicator{
		Key: KeyVenueArea, Name: "ind." + KeyVenueArea, Unit: "unit.sqm", Kind: indicator.Area, Ledger: "ledger.partner.project",
		LedgerHref: "/partners/projects", Definition: "ind." + KeyVenueArea + ".def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COALESCE(SUM(x.area_m2), 0)`+projectFrom+` WHERE `+projectsIn, projectsExist,
				projectArgs(s, p), []any{s.Like()})
		},
		Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
			recs := indicator.Records{Columns: []string{i18n.T("partner.field.project_name"), i18n.T("partner.field.project_org"),
				i18n.T("partner.field.area_m2"), i18n.T("partner.field.funds_yuan"), i18n.T("partner.field.started_on"), i18n.T("partner.field.completed_on")}}
			a := projectArgs(s, p)
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+projectFrom+` WHERE `+projectsIn, a...).Scan(&recs.Total); err != nil {
				return recs, err
			}
			rows, err := db.QueryContext(ctx, `SELECT `+projectCols+projectFrom+` WHERE `+projectsIn+` ORDER BY x.started_on, x.id LIMIT ? OFFSET ?`,
				append(a, limit, offset)...)
			if err != nil {
				return recs, err
			}
			defer rows.Close()
			for rows.Next() {
				x, err := scanProject(rows)
				if err != nil {
					return recs, err
				}
				recs.Rows = append(recs.Rows, []string{x.Name, x.OrgName, strconv.FormatInt(x.AreaM2, 10), x.FundsYuan(), x.StartedOn, x.CompletedOn})
				recs.Links = append(recs.Links, "/partners/projects/"+strconv.FormatInt(x.ID, 10))
			}
			return recs, rows.Err()
		},
	})
}

// Invested is what one partner invested in one village (organization) in
// a period.
type Invested struct {
	Partner string
	OrgID   int64
	OrgName string
	Deals   int
	Amount  int64 // fen
}

func investedPairs(ctx context.Context, db store.Querier, args []any) ([]Invested, error) {
	rows, err := db.QueryContext(ctx, `SELECT d.partner, d.org_id, MIN(o.name), COUNT(*), SUM(d.amount)`+dealFrom+` WHERE `+dealsIn+`
		GROUP BY d.partner, d.org_id ORDER BY d.partner, MIN(o.path)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Invested
	for rows.Next() {
		var x Invested
		if err := rows.Scan(&x.Partner, &x.OrgID, &x.OrgName, &x.Deals, &x.Amount); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// PerVillage is the investment each village received: the common amount
// when every partner–village pair received the same ("各投资50万元"), else
// their average, rounded to the fen.
func PerVillage(pairs []Invested) int64 {
	if len(pairs) == 0 {
		return 0
	}
	var sum int64
	same := true
	for _, x := range pairs {
		sum += x.Amount
		same = same && x.Amount == pairs[0].Amount
	}
	if same {
		return pairs[0].Amount
	}
	n := int64(len(pairs))
	return (sum + n/2) / n
}

func dealRecords(args func(indicator.Scope, indicator.Period) []any) func(context.Context, store.Querier, indicator.Scope, indicator.Period, int, int) (indicator.Records, error) {
	return func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
		recs := indicator.Records{Columns: []string{i18n.T("partner.field.signed_on"), i18n.T("partner.field.partner"), i18n.T("partner.field.title"),
			i18n.T("partner.field.org"), i18n.T("partner.field.amount_yuan")}}
		a := args(s, p)
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+dealFrom+` WHERE `+dealsIn, a...).Scan(&recs.Total); err != nil {
			return recs, err
		}
		rows, err := db.QueryContext(ctx, `SELECT `+dealCols+dealFrom+` WHERE `+dealsIn+` ORDER BY d.signed_on, d.id LIMIT ? OFFSET ?`, append(a, limit, offset)...)
		if err != nil {
			return recs, err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDeal(rows)
			if err != nil {
				return recs, err
			}
			recs.Rows = append(recs.Rows, []string{d.SignedOn, d.Partner, d.Title, d.OrgName, d.Yuan()})
			recs.Links = append(recs.Links, "/partners/deals/"+strconv.FormatInt(d.ID, 10))
		}
		return recs, rows.Err()
	}
}
