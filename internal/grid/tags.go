package grid

import (
	"context"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// Tags lists the tags (active only unless all), with the number of
// residents on record in the principal's scope holding each.
func (s *Service) Tags(ctx context.Context, p *access.Principal, all bool) ([]Tag, error) {
	cond, args := scoped(p)
	where := ""
	if !all {
		where = " WHERE t.active = TRUE"
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT t.id, t.name, t.sort, t.active, COALESCE(c.n, 0) FROM resident_tags t
		LEFT JOIN (SELECT l.tag_id, COUNT(*) AS n FROM resident_tag_links l JOIN residents r ON r.id = l.resident_id
			JOIN grids g ON g.id = r.grid_id JOIN orgs o ON o.id = g.org_id WHERE r.status = 'active' AND `+cond+` GROUP BY l.tag_id) c
		ON c.tag_id = t.id`+where+` ORDER BY t.sort, t.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Tag{}
	for rows.Next() {
		var t Tag
		if err := rows.Scan(&t.ID, &t.Name, &t.Sort, &t.Active, &t.Count); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TagInput adds or edits a tag.
type TagInput struct {
	Name   string `json:"name"`
	Sort   int    `json:"sort"`
	Active *bool  `json:"active,omitempty"`
}

func tagTaken() error {
	var v fault.Fields
	v.Add("tag_name", label("tag_name"), i18n.T("grid.tag_taken"))
	return v.Err()
}

// CreateTag adds a tag to the list; tags are city-wide, so only staff of
// the whole city (the root's scope) keep them.
func (s *Service) CreateTag(ctx context.Context, p *access.Principal, in TagInput) (Tag, error) {
	var t Tag
	if err := s.cityWide(ctx, p); err != nil {
		return t, err
	}
	var v fault.Fields
	t.Name = text(&v, "tag_name", in.Name, 20, true)
	t.Sort, t.Active = in.Sort, true
	if err := v.Err(); err != nil {
		return t, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO resident_tags (name, sort, active, created_at) VALUES (?, ?, TRUE, ?) RETURNING id`,
			t.Name, t.Sort, store.Millis(s.Now())).Scan(&t.ID)
		if store.IsUniqueViolation(err) {
			return tagTaken()
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "resident_tag.create", ObjectType: "resident_tag", ObjectID: t.ID, Detail: t})
	})
	return t, err
}

// UpdateTag renames, reorders, disables or enables a tag. A disabled tag
// stays on the residents who hold it but can no longer be given.
func (s *Service) UpdateTag(ctx context.Context, p *access.Principal, id int64, in TagInput) (Tag, error) {
	var after Tag
	if err := s.cityWide(ctx, p); err != nil {
		return after, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var before Tag
		err := tx.QueryRowContext(ctx, `SELECT id, name, sort, active FROM resident_tags WHERE id = ?`, id).Scan(&before.ID, &before.Name,
			&before.Sort, &before.Active)
		if store.IsNoRows(err) {
			return notFound("tag")
		}
		if err != nil {
			return err
		}
		after = before
		var v fault.Fields
		if in.Name != "" {
			after.Name = text(&v, "tag_name", in.Name, 20, true)
		}
		after.Sort = in.Sort
		if in.Active != nil {
			after.Active = *in.Active
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE resident_tags SET name = ?, sort = ?, active = ? WHERE id = ?`, after.Name, after.Sort, after.Active, id)
		if store.IsUniqueViolation(err) {
			return tagTaken()
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "resident_tag.update", ObjectType: "resident_tag", ObjectID: id,
			Detail: audit.Changes(before, after)})
	})
	return after, err
}

// cityWide refuses a principal whose scope is not the whole city.
func (s *Service) cityWide(ctx context.Context, p *access.Principal) error {
	if !p.Can(access.PermOrgWrite) {
		return forbidden()
	}
	var n int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE id = ? AND parent_id IS NULL`, p.OrgID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fault.New(fault.Forbidden, "%s", i18n.T("grid.tags_city_only"))
	}
	return nil
}
