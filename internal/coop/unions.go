package coop

import (
	"context"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/store"
)

// unionCols reads a union with its members today (passed as the first
// two arguments: the day twice).
const unionCols = `u.id, u.org_id, o.name, u.name, u.credit_code, u.founded_on, u.chair, u.business, u.note, u.created_at, u.updated_at,
	(SELECT COUNT(*) FROM coops c WHERE c.union_id = u.id AND c.joined_on <> '' AND c.joined_on <= ? AND (c.left_on = '' OR c.left_on > ?)),
	(SELECT COALESCE(SUM(c.households), 0) FROM coops c WHERE c.union_id = u.id AND c.joined_on <> '' AND c.joined_on <= ? AND (c.left_on = '' OR c.left_on > ?)),
	(SELECT COALESCE(SUM(c.persons), 0) FROM coops c WHERE c.union_id = u.id AND c.joined_on <> '' AND c.joined_on <= ? AND (c.left_on = '' OR c.left_on > ?)),
	(SELECT COALESCE(SUM(c.resident_households), 0) FROM coops c WHERE c.union_id = u.id AND c.joined_on <> '' AND c.joined_on <= ? AND (c.left_on = '' OR c.left_on > ?))`

const unionFrom = ` FROM coop_unions u JOIN orgs o ON o.id = u.org_id`

func dayArgs(today string) []any {
	return []any{today, today, today, today, today, today, today, today}
}

func scanUnion(sc interface{ Scan(...any) error }) (Union, error) {
	var u Union
	var created, updated int64
	err := sc.Scan(&u.ID, &u.OrgID, &u.OrgName, &u.Name, &u.CreditCode, &u.FoundedOn, &u.Chair, &u.Business, &u.Note, &created, &updated,
		&u.Members, &u.Households, &u.Persons, &u.Residents)
	u.CreatedAt, u.UpdatedAt = store.Time(created), store.Time(updated)
	return u, err
}

// ListUnions returns one page of unions in scope.
func (s *Service) ListUnions(ctx context.Context, p *access.Principal, f Filter) ([]Union, int, error) {
	c := scoped(p, f.Under)
	c.keyword(f.Q, "u.name", "u.chair", "u.business")
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+unionFrom+c.sql(), c.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	args := append(dayArgs(s.today()), c.args...)
	rows, err := s.DB.QueryContext(ctx, `SELECT `+unionCols+unionFrom+c.sql()+` ORDER BY u.founded_on, u.id LIMIT ? OFFSET ?`,
		append(args, limit(f), f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Union
	for rows.Next() {
		u, err := scanUnion(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

func (s *Service) getUnion(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Union, error) {
	args := append(dayArgs(s.today()), id, p.ScopeLike())
	u, err := scanUnion(q.QueryRowContext(ctx, `SELECT `+unionCols+unionFrom+` WHERE u.id = ? AND o.path LIKE ?`, args...))
	if store.IsNoRows(err) {
		return u, notFound("coop.union.not_found")
	}
	return u, err
}

// GetUnion returns a union in scope.
func (s *Service) GetUnion(ctx context.Context, p *access.Principal, id int64) (Union, error) {
	return s.getUnion(ctx, s.DB, p, id)
}

func (s *Service) checkUnion(ctx context.Context, q store.Querier, p *access.Principal, in *UnionInput) error {
	f := s.newForm()
	f.text("name", "coop.field.union_name", &in.Name, 80, true)
	f.text("credit_code", "coop.field.credit_code", &in.CreditCode, 18, false)
	f.date("founded_on", "coop.field.founded_on", &in.FoundedOn, true)
	f.text("chair", "coop.field.chair", &in.Chair, 20, false)
	f.text("business", "coop.field.business", &in.Business, 200, false)
	f.text("note", "coop.field.note", &in.Note, 500, false)
	if _, _, err := orgInScope(ctx, q, p, in.OrgID, f, "org_id", "coop.field.union_org"); err != nil {
		return err
	}
	return f.err()
}

// CreateUnion registers a union.
func (s *Service) CreateUnion(ctx context.Context, p *access.Principal, in UnionInput) (Union, error) {
	var u Union
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkUnion(ctx, tx, p, &in); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO coop_unions (org_id, name, credit_code, founded_on, chair, business, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.Name, in.CreditCode, in.FoundedOn, in.Chair, in.Business, in.Note, now, now).Scan(&id); err != nil {
			return err
		}
		var err error
		if u, err = s.getUnion(ctx, tx, p, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "coop.union.create", ObjectType: "coop_union", ObjectID: id, Detail: u})
	})
	return u, err
}

// UpdateUnion edits a union.
func (s *Service) UpdateUnion(ctx context.Context, p *access.Principal, id int64, in UnionInput) (Union, error) {
	var after Union
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := s.getUnion(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := s.checkUnion(ctx, tx, p, &in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE coop_unions SET org_id = ?, name = ?, credit_code = ?, founded_on = ?, chair = ?, business = ?, note = ?, updated_at = ?
			WHERE id = ?`, in.OrgID, in.Name, in.CreditCode, in.FoundedOn, in.Chair, in.Business, in.Note, store.Millis(s.Now()), id); err != nil {
			return err
		}
		if after, err = s.getUnion(ctx, tx, p, id); err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "coop.union.update", ObjectType: "coop_union", ObjectID: id, Detail: changes})
	})
	return after, err
}

// unionOptions lists the unions in scope, for a cooperative's form.
func (s *Service) unionOptions(ctx context.Context, p *access.Principal) ([]Union, error) {
	items, _, err := s.ListUnions(ctx, p, Filter{Limit: 500})
	return items, err
}
