package cadre

import (
	"context"
	"database/sql"
	"strings"

	"troika/internal/access"
	"troika/internal/store"
)

// The SQL of a register is built from its field list, which is code: no
// user input ever becomes a column name; values are always parameters.

// from joins the register's table (x) to the organization that scopes it
// (o): its own org_id, or its parent's.
func (g *register) from() string {
	if g.Parent != nil {
		return ` FROM ` + g.Table + ` x JOIN ` + g.Parent.Table + ` pr ON pr.id = x.` + g.ParentKey + ` JOIN orgs o ON o.id = pr.org_id`
	}
	return ` FROM ` + g.Table + ` x JOIN orgs o ON o.id = x.org_id`
}

// columns are the stored fields, in order.
func (g *register) columns() []field {
	var out []field
	for _, f := range g.Fields {
		if f.stored() {
			out = append(out, f)
		}
	}
	return out
}

// readCols are the columns read back: sealed values never are.
func (g *register) readCols() []field {
	var out []field
	for _, f := range g.columns() {
		if !f.Secret {
			out = append(out, f)
		}
	}
	return out
}

func (g *register) selectCols() string {
	var sb strings.Builder
	sb.WriteString(`x.id, o.id, o.name, `)
	if g.Parent != nil {
		sb.WriteString(`x.` + g.ParentKey + `, `)
	} else {
		sb.WriteString(`0, `)
	}
	for _, f := range g.readCols() {
		sb.WriteString(`x.` + f.Key + `, `)
		if f.Kind == kCadre {
			sb.WriteString(`COALESCE((SELECT c.name FROM cadres c WHERE c.id = x.` + f.Key + `), ''), `)
		}
	}
	sb.WriteString(`x.created_at, x.updated_at`)
	return sb.String()
}

func (g *register) scan(sc interface{ Scan(...any) error }) (Record, error) {
	r := Record{Vals: map[string]any{}, Names: map[string]string{}, reg: g}
	cols := g.readCols()
	dest := []any{&r.ID, &r.OrgID, &r.OrgName, &r.ParentID}
	type slot struct {
		f    field
		s    sql.NullString
		n    sql.NullInt64
		b    sql.NullBool
		name string
	}
	slots := make([]*slot, len(cols))
	for i, f := range cols {
		sl := &slot{f: f}
		slots[i] = sl
		switch f.Kind {
		case kInt, kDec1, kOrg, kCadre:
			dest = append(dest, &sl.n)
		case kBool:
			dest = append(dest, &sl.b)
		default:
			dest = append(dest, &sl.s)
		}
		if f.Kind == kCadre {
			dest = append(dest, &sl.name)
		}
	}
	var created, updated int64
	dest = append(dest, &created, &updated)
	if err := sc.Scan(dest...); err != nil {
		return r, err
	}
	for _, sl := range slots {
		switch sl.f.Kind {
		case kInt, kDec1, kOrg, kCadre:
			r.Vals[sl.f.Key] = sl.n.Int64
		case kBool:
			r.Vals[sl.f.Key] = sl.b.Bool
		default:
			r.Vals[sl.f.Key] = sl.s.String
		}
		if sl.f.Kind == kCadre {
			r.Names[sl.f.Key] = sl.name
		}
	}
	r.CreatedAt, r.UpdatedAt = store.Time(created), store.Time(updated)
	return r, nil
}

// get reads one record in scope.
func (g *register) get(ctx context.Context, q store.Querier, scopePath string, id int64) (Record, error) {
	return g.scan(q.QueryRowContext(ctx, `SELECT `+g.selectCols()+g.from()+` WHERE x.id = ? AND o.path LIKE ?`,
		id, access.ScopeLike(scopePath)))
}

// listFilter narrows a register's list.
type listFilter struct {
	Q        string
	From, To string // period on the register's date
	Selects  map[string]string
	Extra    []string
	ExtraArg []any
	Under    int64
	ParentID int64
	Limit    int
	Offset   int
}

func (g *register) where(scopePath string, f listFilter) (string, []any) {
	conds := []string{"o.path LIKE ?"}
	args := []any{access.ScopeLike(scopePath)}
	if f.Under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	if f.ParentID > 0 && g.Parent != nil {
		conds = append(conds, "x."+g.ParentKey+" = ?")
		args = append(args, f.ParentID)
	}
	if q := strings.NewReplacer("%", "", "_", "").Replace(f.Q); q != "" {
		var or []string
		for _, fl := range g.Fields {
			if fl.Search && fl.stored() {
				or = append(or, "x."+fl.Key+" LIKE ?")
				args = append(args, "%"+q+"%")
			}
			if fl.Search && fl.Kind == kCadre {
				or = append(or, "x."+fl.Key+" IN (SELECT c.id FROM cadres c WHERE c.name LIKE ?)")
				args = append(args, "%"+q+"%")
			}
		}
		if len(or) > 0 {
			conds = append(conds, "("+strings.Join(or, " OR ")+")")
		}
	}
	if g.Date != "" && f.From != "" {
		conds = append(conds, "x."+g.Date+" >= ? AND x."+g.Date+" < ?")
		args = append(args, f.From, f.To)
	}
	for _, fl := range g.FilterFields() {
		if v := f.Selects[fl.Key]; v != "" && contains(fl.Options, v) {
			conds = append(conds, "x."+fl.Key+" = ?")
			args = append(args, v)
		}
	}
	conds = append(conds, f.Extra...)
	args = append(args, f.ExtraArg...)
	return " WHERE " + strings.Join(conds, " AND "), args
}

func (g *register) order() string {
	if g.Order != "" {
		return g.Order
	}
	if g.Date != "" {
		return "x." + g.Date + " DESC, x.id DESC"
	}
	return "x.id"
}

// list returns one page and the total.
func (g *register) list(ctx context.Context, q store.Querier, scopePath string, f listFilter) ([]Record, int, error) {
	where, args := g.where(scopePath, f)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*)`+g.from()+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	out := []Record{}
	err := g.each(ctx, q, where+` ORDER BY `+g.order()+` LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset), func(r Record) error {
		out = append(out, r)
		return nil
	})
	return out, total, err
}

// each streams the records matching a where clause.
func (g *register) each(ctx context.Context, q store.Querier, where string, args []any, fn func(Record) error) error {
	rows, err := q.QueryContext(ctx, `SELECT `+g.selectCols()+g.from()+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := g.scan(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// insert writes a record's stored values and returns its id.
func (g *register) insert(ctx context.Context, tx *store.Tx, vals map[string]any, parentID int64, at int64) (int64, error) {
	var cols []string
	var args []any
	if g.Parent != nil {
		cols = append(cols, g.ParentKey)
		args = append(args, parentID)
	}
	for _, f := range g.columns() {
		if g.Parent != nil && f.Key == g.ParentKey {
			continue
		}
		cols = append(cols, f.Key)
		args = append(args, dbValue(f, vals[f.Key]))
	}
	cols = append(cols, "created_at", "updated_at")
	args = append(args, at, at)
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO `+g.Table+` (`+strings.Join(cols, ", ")+`) VALUES (`+
		store.Placeholders(len(cols))+`) RETURNING id`, args...).Scan(&id)
	return id, err
}

// update writes a record's stored values.
func (g *register) update(ctx context.Context, tx *store.Tx, id int64, vals map[string]any, at int64) error {
	var sets []string
	var args []any
	for _, f := range g.columns() {
		if g.Parent != nil && f.Key == g.ParentKey {
			continue
		}
		v, ok := vals[f.Key]
		if !ok {
			continue
		}
		sets = append(sets, f.Key+" = ?")
		args = append(args, dbValue(f, v))
	}
	sets = append(sets, "updated_at = ?")
	args = append(args, at, id)
	_, err := tx.ExecContext(ctx, `UPDATE `+g.Table+` SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...)
	return err
}

// dbValue maps an absent reference to NULL and fills zero values.
func dbValue(f field, v any) any {
	switch f.Kind {
	case kCadre, kOrg:
		n, _ := v.(int64)
		if n == 0 {
			return nil
		}
		return n
	case kInt, kDec1:
		n, _ := v.(int64)
		return n
	case kBool:
		b, _ := v.(bool)
		return b
	}
	s, _ := v.(string)
	return s
}
