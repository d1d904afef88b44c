package coop

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// Service applies the rules of the cooperative ledgers.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// NewService returns a service on db with the wall clock.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

const day = "2006-01-02"

func (s *Service) today() string { return s.Now().In(access.Shanghai).Format(day) }

func notFound(key string) error { return fault.New(fault.NotFound, "%s", i18n.T(key)) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// form collects field errors with the ledger's labels.
type form struct {
	v     fault.Fields
	today string
}

func (f *form) add(field, labelKey, msgKey string, args ...any) {
	f.v.Add(field, i18n.T(labelKey), i18n.T(msgKey, args...))
}

func (f *form) text(field, labelKey string, s *string, max int, required bool) {
	*s = strings.TrimSpace(*s)
	switch {
	case required && *s == "":
		f.add(field, labelKey, "field.required")
	case utf8.RuneCountInString(*s) > max:
		f.add(field, labelKey, "field.max_len", max)
	}
}

// date checks a YYYY-MM-DD date not after today.
func (f *form) date(field, labelKey string, s *string, required bool) bool {
	*s = strings.TrimSpace(*s)
	if *s == "" {
		if required {
			f.add(field, labelKey, "field.required")
		}
		return false
	}
	if _, err := time.Parse(day, *s); err != nil {
		f.add(field, labelKey, "field.date_format")
		return false
	}
	if *s > f.today {
		f.add(field, labelKey, "field.date_future")
		return false
	}
	return true
}

func (f *form) count(field, labelKey string, n int64, max int64) {
	if n < 0 || n > max {
		f.add(field, labelKey, "field.range", 0, max)
	}
}

func (f *form) err() error { return f.v.Err() }

func (s *Service) newForm() *form { return &form{today: s.today()} }

// orgRef is an organization in scope that a record hangs on.
type orgRef struct {
	ID     int64
	Name   string
	Kind   string
	Domain string
}

// orgInScope reads a live organization in the principal's scope; missing,
// outside the scope or dissolved, it is a field error on field.
func orgInScope(ctx context.Context, q store.Querier, p *access.Principal, id int64, f *form, field, labelKey string) (orgRef, bool, error) {
	var o orgRef
	if id <= 0 {
		f.add(field, labelKey, "field.choose")
		return o, false, nil
	}
	var dissolved bool
	err := q.QueryRowContext(ctx, `SELECT id, name, kind, domain, dissolved FROM orgs WHERE id = ? AND path LIKE ?`, id, p.ScopeLike()).
		Scan(&o.ID, &o.Name, &o.Kind, &o.Domain, &dissolved)
	switch {
	case store.IsNoRows(err):
		f.add(field, labelKey, "field.not_found")
		return o, false, nil
	case err != nil:
		return o, false, err
	case dissolved:
		f.add(field, labelKey, "org.is_dissolved")
		return o, false, nil
	}
	return o, true, nil
}

// village checks that the organization is a village's branch.
func village(o orgRef, f *form, field, labelKey string) {
	if o.Domain != "rural" || (o.Kind != "branch" && o.Kind != "general") {
		f.add(field, labelKey, "coop.not_village")
	}
}

// clause builds a WHERE clause: the scope first, then the filter's parts.
type clause struct {
	conds []string
	args  []any
}

func (c *clause) add(cond string, args ...any) {
	c.conds = append(c.conds, cond)
	c.args = append(c.args, args...)
}

func (c *clause) sql() string { return " WHERE " + strings.Join(c.conds, " AND ") }

func scoped(p *access.Principal, under int64) *clause {
	c := &clause{}
	c.add("o.path LIKE ?", p.ScopeLike())
	if under > 0 {
		c.add("o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'", under)
	}
	return c
}

func (c *clause) keyword(q string, cols ...string) {
	q = strings.NewReplacer("%", "", "_", "").Replace(strings.TrimSpace(q))
	if q == "" {
		return
	}
	parts := make([]string, len(cols))
	for i, col := range cols {
		parts[i] = col + " LIKE ?"
		c.args = append(c.args, "%"+q+"%")
	}
	c.conds = append(c.conds, "("+strings.Join(parts, " OR ")+")")
}

func limit(f Filter) int {
	if f.Limit <= 0 {
		return 50
	}
	return f.Limit
}

// ParseYuan reads an amount in 元 with at most two decimals into fen:
// "23500", "23,500.5", "1200.00". A sign, letters or a third decimal fail.
func ParseYuan(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), "，", "")
	s = strings.TrimSuffix(s, "元")
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || (dot && (frac == "" || len(frac) > 2)) {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	for len(frac) < 2 {
		frac += "0"
	}
	c, _ := strconv.ParseInt(frac, 10, 64)
	return w*100 + c, true
}

func isNotFound(err error) bool { return fault.CodeOf(err) == fault.NotFound }
