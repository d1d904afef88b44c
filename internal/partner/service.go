package partner

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// Service applies the rules of the partner ledgers.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// NewService returns a service on db with the wall clock.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

const day = "2006-01-02"

// maxMoney bounds one amount: 10 亿元 in fen.
const maxMoney = 1_000_000_000_00

func (s *Service) today() string { return s.Now().In(access.Shanghai).Format(day) }

func notFound(key string) error { return fault.New(fault.NotFound, "%s", i18n.T(key)) }

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

func (f *form) err() error { return f.v.Err() }

func (s *Service) newForm() *form { return &form{today: s.today()} }

// orgInScope checks a live organization in the principal's scope.
func orgInScope(ctx context.Context, q store.Querier, p *access.Principal, id int64, f *form, field, labelKey string) error {
	if id <= 0 {
		f.add(field, labelKey, "field.choose")
		return nil
	}
	var dissolved bool
	err := q.QueryRowContext(ctx, `SELECT dissolved FROM orgs WHERE id = ? AND path LIKE ?`, id, p.ScopeLike()).Scan(&dissolved)
	switch {
	case store.IsNoRows(err):
		f.add(field, labelKey, "field.not_found")
	case err != nil:
		return err
	case dissolved:
		f.add(field, labelKey, "org.is_dissolved")
	}
	return nil
}

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

func isNotFound(err error) bool { return fault.CodeOf(err) == fault.NotFound }

func conflict(key string) error { return fault.New(fault.Conflict, "%s", i18n.T(key)) }
