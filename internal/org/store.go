package org

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/store"
)

const cols = `id, COALESCE(parent_id, 0), path, depth, name, code, kind, domain, secretary, founded_on, sort,
	dissolved, dissolved_on, dissolve_reason, created_at, updated_at`

func scan(sc interface{ Scan(...any) error }) (Org, error) {
	var o Org
	var kind, domain string
	var created, updated int64
	err := sc.Scan(&o.ID, &o.ParentID, &o.Path, &o.Depth, &o.Name, &o.Code, &kind, &domain, &o.Secretary, &o.FoundedOn, &o.Sort,
		&o.Dissolved, &o.DissolvedOn, &o.DissolveReason, &created, &updated)
	o.Kind, o.Domain = Kind(kind), Domain(domain)
	o.CreatedAt, o.UpdatedAt = store.Time(created), store.Time(updated)
	return o, err
}

// get reads one organization inside the scope rooted at scopePath.
func get(ctx context.Context, q store.Querier, scopePath string, id int64) (Org, error) {
	return scan(q.QueryRowContext(ctx, `SELECT `+cols+` FROM orgs WHERE id = ? AND path LIKE ?`, id, access.ScopeLike(scopePath)))
}

// Filter narrows an organization list.
type Filter struct {
	Q                string
	Kind             Kind
	Domain           Domain
	Under            int64 // only this organization's subtree (within scope)
	IncludeDissolved bool
	Limit, Offset    int
}

func (f Filter) where(scopePath string) (string, []any) {
	conds := []string{"path LIKE ?"}
	args := []any{access.ScopeLike(scopePath)}
	if f.Q != "" {
		conds = append(conds, "(name LIKE ? OR code LIKE ?)")
		args = append(args, "%"+escapeLike(f.Q)+"%", escapeLike(f.Q)+"%")
	}
	if f.Kind != "" {
		conds = append(conds, "kind = ?")
		args = append(args, string(f.Kind))
	}
	if f.Domain != "" {
		conds = append(conds, "domain = ?")
		args = append(args, string(f.Domain))
	}
	if f.Under > 0 {
		conds = append(conds, "path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	if !f.IncludeDissolved {
		conds = append(conds, "dissolved = FALSE")
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// escapeLike drops LIKE wildcards from user input; names never need them.
func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

// list returns one page of organizations in scope, in tree order.
func list(ctx context.Context, q store.Querier, scopePath string, f Filter) ([]Org, int, error) {
	where, args := f.where(scopePath)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := q.QueryContext(ctx, `SELECT `+cols+` FROM orgs`+where+` ORDER BY path LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		o, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}

// subtree returns every organization under root (inclusive) in path order.
func subtree(ctx context.Context, q store.Querier, rootPath string, includeDissolved bool) ([]Org, error) {
	sql := `SELECT ` + cols + ` FROM orgs WHERE path LIKE ?`
	if !includeDissolved {
		sql += ` AND dissolved = FALSE`
	}
	rows, err := q.QueryContext(ctx, sql+` ORDER BY path`, access.ScopeLike(rootPath))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		o, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func insert(ctx context.Context, tx *store.Tx, o *Org) error {
	var parent any
	if o.ParentID > 0 {
		parent = o.ParentID
	}
	// The path needs the new id; insert with a placeholder path, then set it.
	if err := tx.QueryRowContext(ctx, `INSERT INTO orgs (parent_id, path, depth, name, code, kind, domain, secretary, founded_on, sort, created_at, updated_at)
		VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		parent, o.Depth, o.Name, o.Code, string(o.Kind), string(o.Domain), o.Secretary, o.FoundedOn, o.Sort,
		store.Millis(o.CreatedAt), store.Millis(o.UpdatedAt)).Scan(&o.ID); err != nil {
		return err
	}
	o.Path = o.Path + strconv.FormatInt(o.ID, 10) + "/"
	_, err := tx.ExecContext(ctx, `UPDATE orgs SET path = ? WHERE id = ?`, o.Path, o.ID)
	return err
}

func update(ctx context.Context, tx *store.Tx, o Org) error {
	_, err := tx.ExecContext(ctx, `UPDATE orgs SET name = ?, code = ?, kind = ?, domain = ?, secretary = ?, founded_on = ?, sort = ?, updated_at = ?
		WHERE id = ?`, o.Name, o.Code, string(o.Kind), string(o.Domain), o.Secretary, o.FoundedOn, o.Sort, store.Millis(o.UpdatedAt), o.ID)
	return err
}

// movePaths rewrites the paths and depths of a whole subtree in one
// statement: every path starting with oldPath gets newPath instead.
func movePaths(ctx context.Context, tx *store.Tx, id, newParent int64, oldPath, newPath string, depthDelta int, now int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE orgs SET path = ? || substr(path, ?), depth = depth + ?, updated_at = ?
		WHERE path LIKE ?`, newPath, len(oldPath)+1, depthDelta, now, access.ScopeLike(oldPath)); err != nil {
		return err
	}
	for _, table := range pathCopies() {
		// table names come from RegisterPathCopy, never from input
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET org_path = ? || substr(org_path, ?)
			WHERE org_path LIKE ?`, newPath, len(oldPath)+1, access.ScopeLike(oldPath)); err != nil {
			return fmt.Errorf("move the organization paths in %s: %w", table, err)
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE orgs SET parent_id = ? WHERE id = ?`, newParent, id)
	return err
}
