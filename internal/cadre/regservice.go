package cadre

import (
	"context"
	"strconv"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

func notFound() error { return fault.New(fault.NotFound, "%s", i18n.T("cadre.not_found")) }

// Get reads a record of g in the principal's scope.
func (s *Service) Get(ctx context.Context, p *access.Principal, g *register, id int64) (Record, error) {
	r, err := g.get(ctx, s.DB, p.OrgPath, id)
	if store.IsNoRows(err) {
		return r, notFound()
	}
	return r, err
}

// List returns a page of g's records in scope.
func (s *Service) List(ctx context.Context, p *access.Principal, g *register, f listFilter) ([]Record, int, error) {
	return g.list(ctx, s.DB, p.OrgPath, f)
}

// orgInScope checks an organization id against the scope.
func orgInScope(ctx context.Context, q store.Querier, p *access.Principal, id int64) (string, bool, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM orgs WHERE id = ? AND path LIKE ? AND dissolved = FALSE`, id, p.ScopeLike()).Scan(&name)
	if store.IsNoRows(err) {
		return "", false, nil
	}
	return name, err == nil, err
}

// cadreInScope returns a cadre's organization and birth date when the
// cadre's unit lies in the scope.
func cadreInScope(ctx context.Context, q store.Querier, p *access.Principal, id int64) (orgID int64, birth string, ok bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT c.org_id, c.birth_date FROM cadres c JOIN orgs o ON o.id = c.org_id
		WHERE c.id = ? AND o.path LIKE ?`, id, p.ScopeLike()).Scan(&orgID, &birth)
	if store.IsNoRows(err) {
		return 0, "", false, nil
	}
	return orgID, birth, err == nil, err
}

// resolve checks the references of a change against the scope.
func (s *Service) resolve(ctx context.Context, tx *store.Tx, p *access.Principal, g *register, c *change) error {
	for _, f := range g.Fields {
		if !f.entered() {
			continue
		}
		n, _ := c.Vals[f.Key].(int64)
		switch f.Kind {
		case kOrg:
			if n == 0 {
				if !c.V.Has(f.Key) {
					c.V.Add(f.Key, f.Label(), i18n.T("field.required"))
				}
				continue
			}
			if _, ok, err := orgInScope(ctx, tx, p, n); err != nil {
				return err
			} else if !ok {
				c.V.Add(f.Key, f.Label(), i18n.T("field.not_found"))
			}
		case kCadre:
			if n == 0 {
				continue
			}
			if _, _, ok, err := cadreInScope(ctx, tx, p, n); err != nil {
				return err
			} else if !ok {
				c.V.Add(f.Key, f.Label(), i18n.T("field.not_found"))
			}
		}
	}
	return nil
}

// Create adds a record to g; for a child register parentID names the
// parent record, which must be in scope.
func (s *Service) Create(ctx context.Context, p *access.Principal, g *register, parentID int64, in map[string]string) (Record, error) {
	var out Record
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = s.createIn(ctx, tx, p, g, parentID, in)
		return err
	})
	return out, err
}

// createIn adds a record inside tx (the import writes many in one).
func (s *Service) createIn(ctx context.Context, tx *store.Tx, p *access.Principal, g *register, parentID int64, in map[string]string) (Record, error) {
	var v fault.Fields
	c := &change{Vals: g.parse(in, s.today(), &v), ParentID: parentID, V: &v, reg: g}
	var out Record
	if g.Parent != nil {
		if _, err := g.Parent.get(ctx, tx, p.OrgPath, parentID); store.IsNoRows(err) {
			return out, notFound()
		} else if err != nil {
			return out, err
		}
	}
	if err := s.resolve(ctx, tx, p, g, c); err != nil {
		return out, err
	}
	if g.Prepare != nil {
		if err := g.Prepare(ctx, tx, s, p, c); err != nil {
			return out, err
		}
	}
	if err := v.Err(); err != nil {
		return out, err
	}
	id, err := g.insert(ctx, tx, c.Vals, parentID, store.Millis(s.Now()))
	if store.IsUniqueViolation(err) {
		return out, fault.New(fault.Conflict, "%s", i18n.T("cadre.duplicate"))
	}
	if err != nil {
		return out, err
	}
	if g.After != nil {
		if err := g.After(ctx, tx, s, id, c); err != nil {
			return out, err
		}
	}
	if out, err = g.get(ctx, tx, p.OrgPath, id); err != nil {
		return out, err
	}
	return out, audit.Record(ctx, tx, audit.Event{Action: g.Audit + ".create", ObjectType: g.Audit, ObjectID: id, Detail: out})
}

// Update edits a record of g in scope.
func (s *Service) Update(ctx context.Context, p *access.Principal, g *register, id int64, in map[string]string) (Record, error) {
	var v fault.Fields
	c := &change{Vals: g.parse(in, s.today(), &v), V: &v, reg: g}
	var out Record
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := g.get(ctx, tx, p.OrgPath, id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		c.Before, c.ParentID = &before, before.ParentID
		if err := s.resolve(ctx, tx, p, g, c); err != nil {
			return err
		}
		if g.Prepare != nil {
			if err := g.Prepare(ctx, tx, s, p, c); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		err = g.update(ctx, tx, id, c.Vals, store.Millis(s.Now()))
		if store.IsUniqueViolation(err) {
			return fault.New(fault.Conflict, "%s", i18n.T("cadre.duplicate"))
		}
		if err != nil {
			return err
		}
		if g.After != nil {
			if err := g.After(ctx, tx, s, id, c); err != nil {
				return err
			}
		}
		if out, err = g.get(ctx, tx, p.OrgPath, id); err != nil {
			return err
		}
		changes := audit.Changes(before, out)
		delete(changes, "updated_at")
		if len(changes) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Event{Action: g.Audit + ".update", ObjectType: g.Audit, ObjectID: id, Detail: changes})
	})
	return out, err
}

// Delete removes a record of g in scope that no other record points at.
func (s *Service) Delete(ctx context.Context, p *access.Principal, g *register, id int64) (Record, error) {
	var before Record
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		before, err = g.get(ctx, tx, p.OrgPath, id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if g.NoDelete {
			return fault.New(fault.Conflict, "%s", i18n.T("cadre.no_delete"))
		}
		for _, ch := range g.Children {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+ch.Table+` WHERE `+ch.ParentKey+` = ?`, id).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fault.New(fault.Conflict, "%s", i18n.T("cadre.has_children", ch.Title(), n))
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+g.Table+` WHERE id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: g.Audit + ".delete", ObjectType: g.Audit, ObjectID: id, Detail: before})
	})
	return before, err
}

// backTo is the page to return to after a change of a record.
func (g *register) backTo(r Record) string {
	if g.Parent != nil {
		return g.Parent.Base + "/" + strconv.FormatInt(r.ParentID, 10)
	}
	return g.Base + "/" + strconv.FormatInt(r.ID, 10)
}
