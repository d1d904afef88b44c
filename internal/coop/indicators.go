package coop

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Figure keys (seed rows 12 and 13).
const (
	KeyHouseholds  = "coop.households"
	KeyPersons     = "coop.persons"
	KeyCoverage    = "coop.coverage"
	KeyIncomeAdded = "coop.income_added"
)

// A cooperative counts for rows 12 at the period's end: a member of a union
// then (joined before the period ended, not left by then), its village in
// the scope. Households and persons are as last recorded on it.
const (
	memberAtEnd = `o.path LIKE ? AND c.union_id IS NOT NULL AND c.joined_on <> '' AND c.joined_on < ? AND (c.left_on = '' OR c.left_on >= ?)`
	coopPresent = `SELECT COUNT(*) FROM coops c JOIN orgs o ON o.id = c.org_id WHERE o.path LIKE ? AND c.union_id IS NOT NULL`
	incomeAdded = `o.path LIKE ? AND x.via_union = TRUE AND x.received_on >= ? AND x.received_on < ?`
)

func memberArgs(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.To, p.To} }

func init() {
	sums := []struct{ key, unit, col string }{
		{KeyHouseholds, "unit.hu", "c.households"},
		{KeyPersons, "unit.ren", "c.persons"},
	}
	for _, x := range sums {
		col := x.col
		indicator.Register(indicator.Indicator{
			Key: x.key, Name: "ind." + x.key, Unit: x.unit, Ledger: "ledger.coop", LedgerHref: "/coop/coops?member=1",
			Definition: "ind." + x.key + ".def",
			Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
				return indicator.CountWithPresence(ctx, db,
					`SELECT COALESCE(SUM(`+col+`), 0) FROM coops c JOIN orgs o ON o.id = c.org_id WHERE `+memberAtEnd, coopPresent,
					memberArgs(s, p), []any{s.Like()})
			},
			Records: coopRecords,
		})
	}
	indicator.Register(indicator.Indicator{
		Key: KeyCoverage, Name: "ind." + KeyCoverage, Unit: "unit.pct", Ledger: "ledger.coop", LedgerHref: "/coop/coops?member=1",
		Definition: "ind." + KeyCoverage + ".def", Kind: indicator.Ratio,
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			v := indicator.Value{Kind: indicator.Ratio}
			if err := db.QueryRowContext(ctx, `SELECT COALESCE(SUM(c.households), 0), COALESCE(SUM(c.resident_households), 0)
				FROM coops c JOIN orgs o ON o.id = c.org_id WHERE `+memberAtEnd, memberArgs(s, p)...).Scan(&v.N, &v.Den); err != nil {
				return v, err
			}
			if v.Den == 0 {
				var n int64
				if err := db.QueryRowContext(ctx, coopPresent, s.Like()).Scan(&n); err != nil {
					return v, err
				}
				v.NoData = n == 0
			}
			return v, nil
		},
		Records: coopRecords,
	})
	indicator.Register(indicator.Indicator{
		Key: KeyIncomeAdded, Name: "ind." + KeyIncomeAdded, Unit: "unit.wanyuan", Ledger: "ledger.coop.income", LedgerHref: "/coop/incomes?via=1",
		Definition: "ind." + KeyIncomeAdded + ".def", Kind: indicator.Money,
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			v, err := indicator.CountWithPresence(ctx, db,
				`SELECT COALESCE(SUM(x.amount), 0) FROM coop_incomes x JOIN orgs o ON o.id = x.org_id WHERE `+incomeAdded,
				`SELECT COUNT(*) FROM coop_incomes x JOIN orgs o ON o.id = x.org_id WHERE o.path LIKE ?`,
				[]any{s.Like(), p.From, p.To}, []any{s.Like()})
			v.Kind = indicator.Money
			return v, err
		},
		Records: incomeRecords,
	})
}

func coopRecords(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
	recs := indicator.Records{Columns: []string{i18n.T("coop.field.coop_name"), i18n.T("coop.field.village"), i18n.T("coop.field.union"),
		i18n.T("coop.field.joined_on"), i18n.T("coop.field.households"), i18n.T("coop.field.persons"), i18n.T("coop.field.resident_households"),
		i18n.T("coop.coverage")}}
	a := memberArgs(s, p)
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM coops c JOIN orgs o ON o.id = c.org_id WHERE `+memberAtEnd, a...).Scan(&recs.Total); err != nil {
		return recs, err
	}
	rows, err := db.QueryContext(ctx, `SELECT `+coopCols+coopFrom+` WHERE `+memberAtEnd+` ORDER BY o.path, c.id LIMIT ? OFFSET ?`, append(a, limit, offset)...)
	if err != nil {
		return recs, err
	}
	defer rows.Close()
	for rows.Next() {
		x, err := scanCoop(rows)
		if err != nil {
			return recs, err
		}
		recs.Rows = append(recs.Rows, []string{x.Name, x.Village, x.UnionName, x.JoinedOn, itoa(x.Households), itoa(x.Persons),
			itoa(x.ResidentHouseholds), indicator.Percent(x.Households, x.ResidentHouseholds)})
		recs.Links = append(recs.Links, "/coop/coops/"+strconv.FormatInt(x.ID, 10))
	}
	return recs, rows.Err()
}

func incomeRecords(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
	recs := indicator.Records{Columns: []string{i18n.T("coop.field.received_on"), i18n.T("coop.field.village"), i18n.T("coop.field.item"),
		i18n.T("coop.field.payer"), i18n.T("coop.field.amount_yuan")}}
	a := []any{s.Like(), p.From, p.To}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+incomeFrom+` WHERE `+incomeAdded, a...).Scan(&recs.Total); err != nil {
		return recs, err
	}
	rows, err := db.QueryContext(ctx, `SELECT `+incomeCols+incomeFrom+` WHERE `+incomeAdded+` ORDER BY x.received_on, x.id LIMIT ? OFFSET ?`, append(a, limit, offset)...)
	if err != nil {
		return recs, err
	}
	defer rows.Close()
	for rows.Next() {
		x, err := scanIncome(rows)
		if err != nil {
			return recs, err
		}
		recs.Rows = append(recs.Rows, []string{x.ReceivedOn, x.Village, x.Item, x.Payer, Yuan(x.Amount)})
		recs.Links = append(recs.Links, "/coop/incomes/"+strconv.FormatInt(x.ID, 10))
	}
	return recs, rows.Err()
}
