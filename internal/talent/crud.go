package talent

import (
	"context"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

func forbidden() error { return fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden")) }

// rules are what a ledger asks beyond its fields' own checks.
func (s *Service) rules(ctx context.Context, q store.Querier, l *Ledger, c *checked, before *Record, selfID int64) error {
	switch l {
	case Leads:
		st, _ := c.vals["status"].(string)
		was := ""
		if before != nil {
			was = before.Str("status")
		}
		if st == "converted" && was != "converted" {
			c.v.Add("status", label(l.Slug, "status"), i18n.T("talent.lead.convert_by_action"))
		}
		if was == "converted" && st != "converted" {
			c.v.Add("status", label(l.Slug, "status"), i18n.T("talent.lead.converted_stays"))
		}
	case Subsidies:
		if before != nil && before.Str("status") != "applied" {
			return conflict("talent.subsidy.locked", optLabel(l.Slug, "status", before.Str("status")))
		}
	case Talents:
		if h, _ := c.vals["id_hash"].(string); h != "" {
			var n int
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM talents WHERE id_hash = ? AND id <> ?`, h, selfID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				c.v.Add("id_number", label(l.Slug, "id_number"), i18n.T("talent.id_taken"))
			}
		}
	}
	return c.v.Err()
}

// Create adds a record to ledger l.
func (s *Service) Create(ctx context.Context, p *access.Principal, l *Ledger, in Input) (Record, error) {
	c := s.check(l, in, nil)
	var r Record
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.rules(ctx, tx, l, c, nil, 0); err != nil && fault.CodeOf(err) != fault.Invalid {
			return err
		}
		orgID, err := s.resolve(ctx, tx, p, l, in, c)
		if err != nil || c.v.Err() != nil {
			return mergeFields(c.v, err)
		}
		id, err := insert(ctx, tx, l, orgID, c.vals, store.Millis(s.Now()))
		if err != nil {
			return err
		}
		if r, err = get(ctx, tx, p, l, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "talent." + l.Slug + ".create", ObjectType: objectType(l), ObjectID: id, Detail: auditView(r)})
	})
	return r, err
}

// Update edits a record of ledger l in scope.
func (s *Service) Update(ctx context.Context, p *access.Principal, l *Ledger, id int64, in Input) (Record, error) {
	var after Record
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := get(ctx, tx, p, l, id)
		if err != nil {
			return err
		}
		c := s.check(l, in, &before)
		if err := s.rules(ctx, tx, l, c, &before, id); err != nil && fault.CodeOf(err) != fault.Invalid {
			return err
		}
		orgID, err := s.resolve(ctx, tx, p, l, in, c)
		if err != nil || c.v.Err() != nil {
			return mergeFields(c.v, err)
		}
		now := store.Millis(s.Now())
		if err := update(ctx, tx, l, id, orgID, c.vals, now); err != nil {
			return err
		}
		if orgID != before.OrgID {
			// Records that take this one's organization follow it.
			for _, k := range All {
				if pf, ok := k.Field(k.Parent); ok && k.Parent != "" && pf.Ref == l.Slug {
					if _, err := tx.ExecContext(ctx, `UPDATE `+k.Table+` SET org_id = ?, updated_at = ? WHERE `+k.Parent+` = ?`, orgID, now, id); err != nil {
						return err
					}
				}
			}
		}
		if after, err = get(ctx, tx, p, l, id); err != nil {
			return err
		}
		changes := audit.Changes(auditView(before), auditView(after))
		return audit.Record(ctx, tx, audit.Event{Action: "talent." + l.Slug + ".update", ObjectType: objectType(l), ObjectID: id, Detail: changes})
	})
	return after, err
}

// Delete removes a record that nothing refers to.
func (s *Service) Delete(ctx context.Context, p *access.Principal, l *Ledger, id int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := get(ctx, tx, p, l, id)
		if err != nil {
			return err
		}
		if l == Subsidies && r.Str("status") == "paid" {
			return conflict("talent.subsidy.paid_stays")
		}
		for _, k := range All {
			for _, f := range k.Fields {
				if f.Kind != Ref || f.Ref != l.Slug {
					continue
				}
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+k.Table+` WHERE `+f.Name+` = ?`, id).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					return conflict("talent.in_use", n, k.Title())
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+l.Table+` WHERE id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "talent." + l.Slug + ".delete", ObjectType: objectType(l), ObjectID: id, Detail: auditView(r)})
	})
}
