package twonew

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// Service applies the rules of the 两新 service ledgers.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// NewService returns a service on db.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

const day = "2006-01-02"

func (s *Service) today() string { return s.Now().In(access.Shanghai).Format(day) }

func notFound(what string) error {
	return fault.New(fault.NotFound, "%s", i18n.T("twonew.not_found."+what))
}

func checkText(v *fault.Fields, field, label string, val *string, max int, required bool) {
	*val = strings.TrimSpace(*val)
	switch {
	case *val == "" && required:
		v.Add(field, label, i18n.T("field.required"))
	case utf8.RuneCountInString(*val) > max:
		v.Add(field, label, i18n.T("field.max_len", max))
	}
}

func (s *Service) checkDate(v *fault.Fields, field, label string, val *string, required bool) {
	*val = strings.TrimSpace(*val)
	if *val == "" {
		if required {
			v.Add(field, label, i18n.T("field.required"))
		}
		return
	}
	if _, err := time.Parse(day, *val); err != nil {
		v.Add(field, label, i18n.T("field.date_format"))
		*val = ""
	} else if *val > s.today() {
		v.Add(field, label, i18n.T("field.date_future"))
		*val = ""
	}
}

// checkSpan checks an optional end date is not before the start.
func checkSpan(v *fault.Fields, field, label, start, end, startLabel string) {
	if end != "" && start != "" && end < start {
		v.Add(field, label, i18n.T("twonew.date_after", startLabel))
	}
}

// checkOrg checks an organization is in scope and live; domains, when
// given, are the domains it must be of.
func checkOrg(ctx context.Context, q store.Querier, p *access.Principal, id int64, v *fault.Fields, field, label string, domains []string) error {
	if id <= 0 {
		v.Add(field, label, i18n.T("field.choose"))
		return nil
	}
	var dissolved bool
	var domain string
	err := q.QueryRowContext(ctx, `SELECT dissolved, domain FROM orgs WHERE id = ? AND path LIKE ?`, id, p.ScopeLike()).Scan(&dissolved, &domain)
	switch {
	case store.IsNoRows(err):
		v.Add(field, label, i18n.T("field.not_found"))
	case err != nil:
		return err
	case dissolved:
		v.Add(field, label, i18n.T("twonew.org_dissolved"))
	case domains != nil && !contains(domains, domain):
		v.Add(field, label, i18n.T("twonew.not_twonew"))
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func escapeLike(s string) string { return strings.NewReplacer("%", "", "_", "").Replace(s) }

// record writes an audit entry for a create or update.
func record(ctx context.Context, tx *store.Tx, action, object string, id int64, detail any) error {
	return audit.Record(ctx, tx, audit.Event{Action: object + "." + action, ObjectType: object, ObjectID: id, Detail: detail})
}

// ---- menus ----

const menuCols = `m.id, m.org_id, o.name, m.name, m.summary, m.offered_from, m.withdrawn_on, m.created_at, m.updated_at,
	(SELECT COUNT(*) FROM twonew_items i WHERE i.menu_id = m.id)`
const menuFrom = ` FROM twonew_menus m JOIN orgs o ON o.id = m.org_id`

func scanMenu(sc interface{ Scan(...any) error }) (Menu, error) {
	var m Menu
	var c, u int64
	err := sc.Scan(&m.ID, &m.OrgID, &m.OrgName, &m.Name, &m.Summary, &m.OfferedFrom, &m.WithdrawnOn, &c, &u, &m.ItemCount)
	m.CreatedAt, m.UpdatedAt = store.Time(c), store.Time(u)
	return m, err
}

// Menus lists the menus in scope, newest first.
func (s *Service) Menus(ctx context.Context, p *access.Principal, q string, limit, offset int) ([]Menu, int, error) {
	where, args := ` WHERE o.path LIKE ?`, []any{p.ScopeLike()}
	if q = strings.TrimSpace(q); q != "" {
		where += ` AND (m.name LIKE ? OR m.summary LIKE ?)`
		args = append(args, "%"+escapeLike(q)+"%", "%"+escapeLike(q)+"%")
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+menuFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+menuCols+menuFrom+where+` ORDER BY m.offered_from DESC, m.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Menu{}
	for rows.Next() {
		m, err := scanMenu(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

func getMenu(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Menu, error) {
	return scanMenu(q.QueryRowContext(ctx, `SELECT `+menuCols+menuFrom+` WHERE m.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
}

// Menu returns a menu in scope with its items.
func (s *Service) Menu(ctx context.Context, p *access.Principal, id int64) (Menu, error) {
	m, err := getMenu(ctx, s.DB, p, id)
	if store.IsNoRows(err) {
		return m, notFound("menu")
	}
	if err != nil {
		return m, err
	}
	m.Items, err = s.items(ctx, ` WHERE i.menu_id = ?`, id)
	return m, err
}

func (s *Service) validateMenu(in *MenuInput) fault.Fields {
	var v fault.Fields
	checkText(&v, "name", i18n.T("twonew.field.menu_name"), &in.Name, 60, true)
	checkText(&v, "summary", i18n.T("twonew.field.summary"), &in.Summary, 500, false)
	s.checkDate(&v, "offered_from", i18n.T("twonew.field.offered_from"), &in.OfferedFrom, true)
	s.checkDate(&v, "withdrawn_on", i18n.T("twonew.field.withdrawn_on"), &in.WithdrawnOn, false)
	checkSpan(&v, "withdrawn_on", i18n.T("twonew.field.withdrawn_on"), in.OfferedFrom, in.WithdrawnOn, i18n.T("twonew.field.offered_from"))
	return v
}

// SaveMenu creates (id 0) or updates a menu.
func (s *Service) SaveMenu(ctx context.Context, p *access.Principal, id int64, in MenuInput) (Menu, error) {
	v := s.validateMenu(&in)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var before Menu
		if id > 0 {
			var err error
			if before, err = getMenu(ctx, tx, p, id); store.IsNoRows(err) {
				return notFound("menu")
			} else if err != nil {
				return err
			}
		}
		if err := checkOrg(ctx, tx, p, in.OrgID, &v, "org_id", i18n.T("twonew.field.owner_org"), nil); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		if id == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO twonew_menus (org_id, name, summary, offered_from, withdrawn_on, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.Name, in.Summary, in.OfferedFrom, in.WithdrawnOn, now, now).Scan(&id); err != nil {
				return err
			}
			return record(ctx, tx, "create", "twonew_menu", id, in)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE twonew_menus SET org_id = ?, name = ?, summary = ?, offered_from = ?, withdrawn_on = ?, updated_at = ? WHERE id = ?`,
			in.OrgID, in.Name, in.Summary, in.OfferedFrom, in.WithdrawnOn, now, id); err != nil {
			return err
		}
		after, err := getMenu(ctx, tx, p, id)
		if err != nil {
			return err
		}
		ch := audit.Changes(before, after)
		delete(ch, "updated_at")
		delete(ch, "org_name")
		return record(ctx, tx, "update", "twonew_menu", id, ch)
	})
	if err != nil {
		return Menu{}, err
	}
	return s.Menu(ctx, p, id)
}

// ---- items ----

const itemCols = `i.id, i.menu_id, m.name, i.name, i.summary, i.provider, i.offered_from, i.withdrawn_on,
	(SELECT COUNT(*) FROM twonew_requests r WHERE r.item_id = i.id)`
const itemFrom = ` FROM twonew_items i JOIN twonew_menus m ON m.id = i.menu_id JOIN orgs o ON o.id = m.org_id`

func scanItem(sc interface{ Scan(...any) error }) (Item, error) {
	var it Item
	err := sc.Scan(&it.ID, &it.MenuID, &it.MenuName, &it.Name, &it.Summary, &it.Provider, &it.OfferedFrom, &it.WithdrawnOn, &it.Requests)
	return it, err
}

func (s *Service) items(ctx context.Context, where string, args ...any) ([]Item, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+itemCols+itemFrom+where+` ORDER BY i.offered_from, i.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Item{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// Items lists the service items in scope still on offer today (all when
// all is set), for the request form.
func (s *Service) Items(ctx context.Context, p *access.Principal, all bool) ([]Item, error) {
	if all {
		return s.items(ctx, ` WHERE o.path LIKE ?`, p.ScopeLike())
	}
	return s.items(ctx, ` WHERE o.path LIKE ? AND i.withdrawn_on = '' AND m.withdrawn_on = ''`, p.ScopeLike())
}

func getItem(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Item, error) {
	return scanItem(q.QueryRowContext(ctx, `SELECT `+itemCols+itemFrom+` WHERE i.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
}

// Item returns a service item in scope.
func (s *Service) Item(ctx context.Context, p *access.Principal, id int64) (Item, error) {
	it, err := getItem(ctx, s.DB, p, id)
	if store.IsNoRows(err) {
		return it, notFound("item")
	}
	return it, err
}

// SaveItem creates (id 0) or updates a service item of a menu in scope.
func (s *Service) SaveItem(ctx context.Context, p *access.Principal, id int64, in ItemInput) (Item, error) {
	var v fault.Fields
	checkText(&v, "name", i18n.T("twonew.field.item_name"), &in.Name, 60, true)
	checkText(&v, "summary", i18n.T("twonew.field.summary"), &in.Summary, 500, false)
	checkText(&v, "provider", i18n.T("twonew.field.provider"), &in.Provider, 60, false)
	s.checkDate(&v, "offered_from", i18n.T("twonew.field.offered_from"), &in.OfferedFrom, true)
	s.checkDate(&v, "withdrawn_on", i18n.T("twonew.field.withdrawn_on"), &in.WithdrawnOn, false)
	checkSpan(&v, "withdrawn_on", i18n.T("twonew.field.withdrawn_on"), in.OfferedFrom, in.WithdrawnOn, i18n.T("twonew.field.offered_from"))
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var before Item
		if id > 0 {
			var err error
			if before, err = getItem(ctx, tx, p, id); store.IsNoRows(err) {
				return notFound("item")
			} else if err != nil {
				return err
			}
			if in.MenuID == 0 {
				in.MenuID = before.MenuID
			}
		}
		if _, err := getMenu(ctx, tx, p, in.MenuID); store.IsNoRows(err) {
			v.Add("menu_id", i18n.T("twonew.field.menu"), i18n.T("field.not_found"))
		} else if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		if id == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO twonew_items (menu_id, name, summary, provider, offered_from, withdrawn_on, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.MenuID, in.Name, in.Summary, in.Provider, in.OfferedFrom, in.WithdrawnOn, now, now).Scan(&id); err != nil {
				return err
			}
			return record(ctx, tx, "create", "twonew_item", id, in)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE twonew_items SET menu_id = ?, name = ?, summary = ?, provider = ?, offered_from = ?, withdrawn_on = ?, updated_at = ? WHERE id = ?`,
			in.MenuID, in.Name, in.Summary, in.Provider, in.OfferedFrom, in.WithdrawnOn, now, id); err != nil {
			return err
		}
		after, err := getItem(ctx, tx, p, id)
		if err != nil {
			return err
		}
		return record(ctx, tx, "update", "twonew_item", id, audit.Changes(before, after))
	})
	if err != nil {
		return Item{}, err
	}
	return s.Item(ctx, p, id)
}
