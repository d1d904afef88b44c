package ecommerce

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/service"
	"troika/internal/store"
)

// Seed row 27: enterprises helped (those with sales in the period),
// products sold (distinct products with sales in it) and the sales
// amount, in fen.
const (
	KeyEnterprises = "ecommerce.enterprises"
	KeyProducts    = "ecommerce.products"
	KeySales       = "ecommerce.sales"
)

const periodWhere = `o.path LIKE ? AND x.sold_on >= ? AND x.sold_on < ?`

func init() {
	presence := `SELECT COUNT(*) FROM ecom_enterprises e JOIN orgs o ON o.id = e.org_id WHERE o.path LIKE ?`
	args := func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.From, p.To} }
	for _, f := range []struct {
		key, unit, expr string
		kind            indicator.Kind
	}{
		{KeyEnterprises, "unit.jia", "COUNT(DISTINCT x.enterprise_id)", indicator.Count},
		{KeyProducts, "unit.zhong", "COUNT(DISTINCT x.product_id)", indicator.Count},
		{KeySales, "unit.wanyuan", "COALESCE(SUM(x.amount_fen), 0)", indicator.Money},
	} {
		expr := f.expr
		key := f.key
		indicator.Register(indicator.Indicator{
			Key: key, Name: "ind." + key, Unit: f.unit, Kind: f.kind, Ledger: "ledger.ecommerce", LedgerHref: "/ecommerce/sales",
			Definition: "ind." + key + ".def",
			Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
				v, err := indicator.CountWithPresence(ctx, db, `SELECT `+expr+saleFrom+` WHERE `+periodWhere, presence, args(s, p), []any{s.Like()})
				return v, err
			},
			Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
				return records(ctx, db, key, args(s, p), limit, offset)
			},
		})
	}
}

// records lists, per enterprise (or per product for the products
// figure), what was sold in the period.
func records(ctx context.Context, db store.Querier, key string, a []any, limit, offset int) (indicator.Records, error) {
	group, name := "x.enterprise_id", "e.name"
	cols := []string{i18n.T("ecom.field.name"), i18n.T("ecom.field.kind"), i18n.T("ecom.field.sales_count"), i18n.T("ecom.field.amount")}
	if key == KeyProducts {
		group, name = "x.product_id", "p.name"
		cols = []string{i18n.T("ecom.field.product"), i18n.T("ecom.field.enterprise"), i18n.T("ecom.field.sales_count"), i18n.T("ecom.field.amount")}
	}
	recs := indicator.Records{Columns: cols}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT `+group+`)`+saleFrom+` WHERE `+periodWhere, a...).Scan(&recs.Total); err != nil {
		return recs, err
	}
	second := "e.kind"
	if key == KeyProducts {
		second = "e.name"
	}
	rows, err := db.QueryContext(ctx, `SELECT `+group+`, MIN(x.enterprise_id), MIN(`+name+`), MIN(`+second+`), COUNT(*), SUM(x.amount_fen)`+saleFrom+
		` WHERE `+periodWhere+` GROUP BY `+group+` ORDER BY SUM(x.amount_fen) DESC, `+group+` LIMIT ? OFFSET ?`, append(a, limit, offset)...)
	if err != nil {
		return recs, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, ent int64
		var n1, n2 string
		var n int
		var fen int64
		if err := rows.Scan(&id, &ent, &n1, &n2, &n, &fen); err != nil {
			return recs, err
		}
		recs.Rows = append(recs.Rows, []string{n1, n2, strconv.Itoa(n), service.Yuan(fen)})
		recs.Links = append(recs.Links, "/ecommerce/enterprises/"+strconv.FormatInt(ent, 10))
	}
	return recs, rows.Err()
}
