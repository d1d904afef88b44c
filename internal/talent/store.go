package talent

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/personal"
	"troika/internal/store"
)

// selectCols is the column list of a ledger's records, in scan order.
func selectCols(l *Ledger) string {
	cols := []string{"x.id", "x.org_id", "o.name"}
	for _, f := range l.Fields {
		switch f.Kind {
		case Phone:
			cols = append(cols, "x.phone_mask", "x.phone_enc")
		case IDNo:
			cols = append(cols, "x.id_mask", "x.id_enc")
		case Ref:
			ref := bySlug[f.Ref]
			cols = append(cols, "COALESCE(x."+f.Name+", 0)",
				"COALESCE((SELECT r."+ref.NameField+" FROM "+ref.Table+" r WHERE r.id = x."+f.Name+"), '')")
		default:
			cols = append(cols, "x."+f.Name)
		}
	}
	return strings.Join(append(cols, "x.created_at", "x.updated_at"), ", ")
}

func from(l *Ledger) string { return ` FROM ` + l.Table + ` x JOIN orgs o ON o.id = x.org_id` }

func scan(l *Ledger, sc interface{ Scan(...any) error }) (Record, error) {
	r := Record{ledger: l, Values: map[string]any{}, Names: map[string]string{}, sealed: map[string]string{}}
	var created, updated int64
	dst := []any{&r.ID, &r.OrgID, &r.OrgName}
	type later func()
	var fix []later
	for _, f := range l.Fields {
		f := f
		switch f.Kind {
		case Int, Money:
			var n int64
			dst = append(dst, &n)
			fix = append(fix, func() { r.Values[f.Name] = n })
		case Bool:
			var b bool
			dst = append(dst, &b)
			fix = append(fix, func() { r.Values[f.Name] = b })
		case Ref:
			var id int64
			var name string
			dst = append(dst, &id, &name)
			fix = append(fix, func() { r.Values[f.Name], r.Names[f.Name] = id, name })
		case Phone, IDNo:
			var mask, enc string
			dst = append(dst, &mask, &enc)
			fix = append(fix, func() { r.Values[f.Name], r.sealed[f.Name] = mask, enc })
		default:
			var s string
			dst = append(dst, &s)
			fix = append(fix, func() { r.Values[f.Name] = s })
		}
	}
	dst = append(dst, &created, &updated)
	if err := sc.Scan(dst...); err != nil {
		return r, err
	}
	for _, f := range fix {
		f()
	}
	r.CreatedAt, r.UpdatedAt = store.Time(created), store.Time(updated)
	return r, nil
}

// clause is a WHERE clause under construction.
type clause struct {
	conds []string
	args  []any
}

func (c *clause) add(cond string, args ...any) {
	c.conds = append(c.conds, cond)
	c.args = append(c.args, args...)
}

func (c *clause) sql() string { return " WHERE " + strings.Join(c.conds, " AND ") }

// where builds the scope and the filter of a list.
func (s *Service) where(l *Ledger, p *access.Principal, f Filter) *clause {
	c := &clause{}
	c.add("o.path LIKE ?", p.ScopeLike())
	if f.Under > 0 {
		c.add("o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'", f.Under)
	}
	if q := strings.NewReplacer("%", "", "_", "").Replace(strings.TrimSpace(f.Q)); q != "" {
		var parts []string
		for _, fl := range l.Fields {
			if fl.Search {
				parts = append(parts, "x."+fl.Name+" LIKE ?")
				c.args = append(c.args, "%"+q+"%")
			}
			if fl.Kind == Phone {
				if ph, ok := personal.NormalizePhone(q); ok {
					parts = append(parts, "x.phone_hash = ?")
					c.args = append(c.args, s.Keys.Hash(hashPhone, ph))
				}
			}
		}
		if len(parts) > 0 {
			c.conds = append(c.conds, "("+strings.Join(parts, " OR ")+")")
		}
	}
	if l.DateField != "" {
		if f.From != "" {
			c.add("x."+l.DateField+" >= ?", f.From)
		}
		if f.To != "" {
			c.add("x."+l.DateField+" <= ?", f.To)
		}
	}
	for name, v := range f.Eq {
		fl, ok := l.Field(name)
		if !ok || v == "" {
			continue
		}
		switch fl.Kind {
		case Choice:
			c.add("x."+name+" = ?", v)
		case Bool:
			c.add("x."+name+" = ?", v == "1")
		case Ref:
			id, _ := strconv.ParseInt(v, 10, 64)
			c.add("x."+name+" = ?", id)
		}
	}
	return c
}

func order(l *Ledger) string {
	if l.DateField != "" {
		return ` ORDER BY x.` + l.DateField + ` DESC, x.id DESC`
	}
	return ` ORDER BY x.id DESC`
}

// List returns one page of a ledger's records in scope.
func (s *Service) List(ctx context.Context, p *access.Principal, l *Ledger, f Filter) ([]Record, int, error) {
	c := s.where(l, p, f)
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+from(l)+c.sql(), c.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+selectCols(l)+from(l)+c.sql()+order(l)+` LIMIT ? OFFSET ?`, append(c.args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Record{}
	for rows.Next() {
		r, err := scan(l, rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

func get(ctx context.Context, q store.Querier, p *access.Principal, l *Ledger, id int64) (Record, error) {
	r, err := scan(l, q.QueryRowContext(ctx, `SELECT `+selectCols(l)+from(l)+` WHERE x.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
	if store.IsNoRows(err) {
		return r, notFound()
	}
	return r, err
}

// Get returns a record in scope, personal data masked.
func (s *Service) Get(ctx context.Context, p *access.Principal, l *Ledger, id int64) (Record, error) {
	return get(ctx, s.DB, p, l, id)
}

// Unmask returns a record with its personal data in clear for a role that
// may see it; every such view is audited.
func (s *Service) Unmask(ctx context.Context, p *access.Principal, l *Ledger, id int64) (Record, error) {
	if !p.Can(access.PermPersonalClear) {
		return Record{}, forbidden()
	}
	r, err := s.Get(ctx, p, l, id)
	if err != nil {
		return r, err
	}
	var fields []string
	for _, f := range l.Fields {
		if !f.Sealed() {
			continue
		}
		clear, err := s.Keys.Open(r.sealed[f.Name])
		if err != nil {
			return Record{}, err
		}
		r.Values[f.Name] = clear
		if clear != "" {
			fields = append(fields, f.Name)
		}
	}
	r.Unmasked = true
	return r, audit.Log(ctx, s.DB, audit.Event{Action: "personal.view", ObjectType: objectType(l), ObjectID: id,
		Detail: map[string]any{"fields": fields}})
}

func objectType(l *Ledger) string {
	if l.Table == "talents" {
		return "talent"
	}
	return l.Table
}

// insert writes a checked record; the audit detail is the record as read
// back.
func insert(ctx context.Context, tx *store.Tx, l *Ledger, orgID int64, vals map[string]any, now int64) (int64, error) {
	cols := []string{"org_id"}
	args := []any{orgID}
	for col, v := range vals {
		cols = append(cols, col)
		args = append(args, nullRef(l, col, v))
	}
	cols = append(cols, "created_at", "updated_at")
	args = append(args, now, now)
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO `+l.Table+` (`+strings.Join(cols, ", ")+`) VALUES (`+store.Placeholders(len(cols))+`) RETURNING id`,
		args...).Scan(&id)
	return id, err
}

// nullRef stores an absent reference as NULL.
func nullRef(l *Ledger, col string, v any) any {
	if f, ok := l.Field(col); ok && f.Kind == Ref {
		if id, _ := v.(int64); id == 0 {
			return sql.NullInt64{}
		}
	}
	return v
}

func update(ctx context.Context, tx *store.Tx, l *Ledger, id, orgID int64, vals map[string]any, now int64) error {
	sets := []string{"org_id = ?"}
	args := []any{orgID}
	for col, v := range vals {
		sets = append(sets, col+" = ?")
		args = append(args, nullRef(l, col, v))
	}
	sets = append(sets, "updated_at = ?")
	args = append(args, now, id)
	_, err := tx.ExecContext(ctx, `UPDATE `+l.Table+` SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...)
	return err
}

// auditView is what the audit log keeps of a record: its values with the
// personal data masked (never the sealed forms).
func auditView(r Record) map[string]any {
	m := map[string]any{"org_id": r.OrgID}
	for k, v := range r.Values {
		m[k] = v
	}
	return m
}
