package event

import (
	"context"
	"regexp"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

var codeRe = regexp.MustCompile(`^[a-z][a-z0-9_]{1,19}$`)

// CanConfigure reports whether p may change categories and limits: they
// hold for the whole city, so only writers whose scope is the whole city.
func CanConfigure(ctx context.Context, db store.Querier, p *access.Principal) bool {
	if !p.Can(access.PermOrgWrite) {
		return false
	}
	var parent int64
	err := db.QueryRowContext(ctx, `SELECT COALESCE(parent_id, 0) FROM orgs WHERE id = ?`, p.OrgID).Scan(&parent)
	return err == nil && parent == 0
}

func validateCategory(c *Category) fault.Fields {
	var v fault.Fields
	c.Code = strings.TrimSpace(c.Code)
	if !codeRe.MatchString(c.Code) {
		v.Add("code", i18n.T("event.field.code"), i18n.T("event.category_code"))
	}
	checkText(&v, "name", i18n.T("event.field.category_name"), &c.Name, 20, true)
	for _, h := range []struct {
		field string
		stage Stage
		val   int
	}{
		{"accept_hours", StageAccept, c.AcceptHours}, {"dispatch_hours", StageDispatch, c.DispatchHours},
		{"handle_hours", StageHandle, c.HandleHours}, {"verify_hours", StageVerify, c.VerifyHours}, {"close_hours", StageClose, c.CloseHours},
	} {
		if h.val < 1 || h.val > 24*90 {
			v.Add(h.field, i18n.T("event.limit_of", h.stage.Label()), i18n.T("event.hours_range", 24*90))
		}
	}
	if c.Sort < 0 || c.Sort > 9999 {
		v.Add("sort", i18n.T("event.field.sort"), i18n.T("event.sort_range"))
	}
	return v
}

// SaveCategory creates (id 0) or updates a category. New limits apply to
// stages that begin afterwards; running clocks keep their limits.
func (s *Service) SaveCategory(ctx context.Context, p *access.Principal, id int64, c Category) (Category, error) {
	if !CanConfigure(ctx, s.DB, p) {
		return Category{}, fault.New(fault.Forbidden, "%s", i18n.T("event.config_city_only"))
	}
	v := validateCategory(&c)
	if err := v.Err(); err != nil {
		return Category{}, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.now()
		if id == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO event_categories (code, name, accept_hours, dispatch_hours, handle_hours, verify_hours, close_hours, active, sort, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.Code, c.Name, c.AcceptHours, c.DispatchHours, c.HandleHours,
				c.VerifyHours, c.CloseHours, c.Active, c.Sort, now, now).Scan(&id)
			if err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.Event{Action: "event.category.create", ObjectType: "event_category", ObjectID: id, Detail: c})
		}
		before, err := category(ctx, tx, id)
		if store.IsNoRows(err) {
			return fault.New(fault.NotFound, "%s", i18n.T("event.category_not_found"))
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_categories SET code = ?, name = ?, accept_hours = ?, dispatch_hours = ?, handle_hours = ?,
			verify_hours = ?, close_hours = ?, active = ?, sort = ?, updated_at = ? WHERE id = ?`, c.Code, c.Name, c.AcceptHours, c.DispatchHours,
			c.HandleHours, c.VerifyHours, c.CloseHours, c.Active, c.Sort, now, id); err != nil {
			return err
		}
		c.ID = id
		return audit.Record(ctx, tx, audit.Event{Action: "event.category.update", ObjectType: "event_category", ObjectID: id, Detail: audit.Changes(before, c)})
	})
	if store.IsUniqueViolation(err) {
		var v fault.Fields
		v.Add("name", i18n.T("event.field.category_name"), i18n.T("event.category_taken"))
		return Category{}, v.Err()
	}
	if err != nil {
		return Category{}, err
	}
	return category(ctx, s.DB, id)
}
