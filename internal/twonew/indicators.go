package twonew

import (
	"context"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Figure keys of seed rows 23 (menus and items on offer) and 24 (warm
// stations). Both are states at the period's end, not flows: what was on
// offer (or open) on its last day.
const (
	KeyMenus    = "twonew.menus"
	KeyItems    = "twonew.service_items"
	KeyStations = "twonew.warm_stations"
	KeyRequests = "twonew.requests"
)

// stationFrom reads the warm stations from the governance registry of
// service sites.
const stationFrom = ` FROM service_sites w JOIN orgs o ON o.id = w.org_id`

func endArgs(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.To, p.To} }

func init() {
	menuWhere := `o.path LIKE ? AND m.offered_from < ? AND (m.withdrawn_on = '' OR m.withdrawn_on >= ?)`
	register(KeyMenus, "unit.tao", "/twonew/menus", menuFrom, menuWhere, endArgs,
		[]string{"twonew.field.menu_name", "twonew.field.owner_org", "twonew.field.offered_from", "twonew.items"},
		func(ctx context.Context, db store.Querier, where string, args []any) ([][]string, []string, error) {
			rows, err := db.QueryContext(ctx, `SELECT `+menuCols+menuFrom+` WHERE `+where+` ORDER BY m.offered_from, m.id LIMIT ? OFFSET ?`, args...)
			if err != nil {
				return nil, nil, err
			}
			defer rows.Close()
			var out [][]string
			var links []string
			for rows.Next() {
				m, err := scanMenu(rows)
				if err != nil {
					return nil, nil, err
				}
				out = append(out, []string{m.Name, m.OrgName, m.OfferedFrom, strconv.Itoa(m.ItemCount)})
				links = append(links, "/twonew/menus/"+strconv.FormatInt(m.ID, 10))
			}
			return out, links, rows.Err()
		})
	itemWhere := `o.path LIKE ? AND i.offered_from < ? AND (i.withdrawn_on = '' OR i.withdrawn_on >= ?) AND m.offered_from < ? AND (m.withdrawn_on = '' OR m.withdrawn_on >= ?)`
	register(KeyItems, "unit.ge", "/twonew/menus", itemFrom, itemWhere,
		func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.To, p.To, p.To, p.To} },
		[]string{"twonew.field.item_name", "twonew.field.menu", "twonew.field.provider", "twonew.field.offered_from"},
		func(ctx context.Context, db store.Querier, where string, args []any) ([][]string, []string, error) {
			rows, err := db.QueryContext(ctx, `SELECT `+itemCols+itemFrom+` WHERE `+where+` ORDER BY i.offered_from, i.id LIMIT ? OFFSET ?`, args...)
			if err != nil {
				return nil, nil, err
			}
			defer rows.Close()
			var out [][]string
			var links []string
			for rows.Next() {
				it, err := scanItem(rows)
				if err != nil {
					return nil, nil, err
				}
				out = append(out, []string{it.Name, it.MenuName, it.Provider, it.OfferedFrom})
				links = append(links, "/twonew/menus/"+strconv.FormatInt(it.MenuID, 10))
			}
			return out, links, rows.Err()
		})
	// Seed row 24: the 暖心驿站 of the service-site registry open at the
	// period's end (a site without an opening date counts as open).
	stationWhere := `o.path LIKE ? AND w.kind = 'warm' AND (w.opened_on = '' OR w.opened_on < ?) AND (w.closed_on = '' OR w.closed_on >= ?)`
	register(KeyStations, "unit.ge", "/service-sites?kind=warm", stationFrom, stationWhere, endArgs,
		[]string{"twonew.field.station_name", "twonew.field.station_org", "twonew.field.address", "twonew.field.opened_on"},
		func(ctx context.Context, db store.Querier, where string, args []any) ([][]string, []string, error) {
			rows, err := db.QueryContext(ctx, `SELECT w.id, w.name, o.name, w.address, w.opened_on`+stationFrom+` WHERE `+where+` ORDER BY w.opened_on, w.id LIMIT ? OFFSET ?`, args...)
			if err != nil {
				return nil, nil, err
			}
			defer rows.Close()
			var out [][]string
			var links []string
			for rows.Next() {
				var id int64
				var name, org, addr, opened string
				if err := rows.Scan(&id, &name, &org, &addr, &opened); err != nil {
					return nil, nil, err
				}
				out = append(out, []string{name, org, addr, opened})
				links = append(links, "/service-sites/"+strconv.FormatInt(id, 10))
			}
			return out, links, rows.Err()
		})
	reqWhere := `o.path LIKE ? AND r.requested_on >= ? AND r.requested_on < ?`
	register(KeyRequests, "unit.ci", "/twonew/requests", reqFrom, reqWhere,
		func(s indicator.Scope, p indicator.Period) []any { return []any{s.Like(), p.From, p.To} },
		[]string{"twonew.field.requester", "twonew.field.item", "twonew.field.requested_on", "common.status"},
		func(ctx context.Context, db store.Querier, where string, args []any) ([][]string, []string, error) {
			rows, err := db.QueryContext(ctx, `SELECT `+reqCols+reqFrom+` WHERE `+where+` ORDER BY r.requested_on, r.id LIMIT ? OFFSET ?`, args...)
			if err != nil {
				return nil, nil, err
			}
			defer rows.Close()
			var out [][]string
			var links []string
			for rows.Next() {
				r, err := scanRequest(rows)
				if err != nil {
					return nil, nil, err
				}
				out = append(out, []string{r.OrgName, r.ItemName, r.RequestedOn, r.StatusLabel})
				links = append(links, "/twonew/requests/"+strconv.FormatInt(r.ID, 10))
			}
			return out, links, rows.Err()
		})
}

// register adds a count figure over from/where, NoData when the table
// holds nothing in the scope, with its drill-down.
func register(key, unit, href, from, where string, args func(indicator.Scope, indicator.Period) []any, cols []string,
	list func(context.Context, store.Querier, string, []any) ([][]string, []string, error)) {
	indicator.Register(indicator.Indicator{
		Key: key, Name: "ind." + key, Unit: unit, Ledger: "ledger." + key, LedgerHref: href, Definition: "ind." + key + ".def",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period) (indicator.Value, error) {
			return indicator.CountWithPresence(ctx, db, `SELECT COUNT(*)`+from+` WHERE `+where, `SELECT COUNT(*)`+from+` WHERE o.path LIKE ?`,
				args(s, p), []any{s.Like()})
		},
		Records: func(ctx context.Context, db store.Querier, s indicator.Scope, p indicator.Period, limit, offset int) (indicator.Records, error) {
			recs := indicator.Records{}
			for _, c := range cols {
				recs.Columns = append(recs.Columns, i18n.T(c))
			}
			a := args(s, p)
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+from+` WHERE `+where, a...).Scan(&recs.Total); err != nil {
				return recs, err
			}
			var err error
			recs.Rows, recs.Links, err = list(ctx, db, where, append(a, limit, offset))
			return recs, err
		},
	})
}
