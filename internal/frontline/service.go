package frontline

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/org"
	"troika/internal/personal"
	"troika/internal/store"
)

// Service applies the rules of the front-line ledgers.
type Service struct {
	DB   *store.DB
	Orgs *org.Service
	Keys *personal.Keyring
	Now  func() time.Time
}

// NewService returns a service on db with the wall clock.
func NewService(db *store.DB, orgs *org.Service, keys *personal.Keyring) *Service {
	return &Service{DB: db, Orgs: orgs, Keys: keys, Now: func() time.Time { return time.Now().UTC() }}
}

// idHashKind is the label under which identity numbers are hashed; it is
// the member roll's, so a deployed member and the same person typed in by
// number are one person.
const idHashKind = "id"

func notFound() error { return fault.New(fault.NotFound, "%s", i18n.T("frontline.not_found")) }

// today is the current date in Asia/Shanghai, where the users are.
func (s *Service) today() string { return s.Now().In(access.Shanghai).Format("2006-01-02") }

// form collects field errors with the ledger's labels.
type form struct {
	v     fault.Fields
	today string
}

func (f *form) add(field, labelKey, msgKey string, args ...any) {
	f.v.Add(field, i18n.T(labelKey), i18n.T(msgKey, args...))
}

// text trims *s and checks its length (and presence when required).
func (f *form) text(field, labelKey string, s *string, max int, required bool) {
	*s = strings.TrimSpace(*s)
	switch {
	case required && *s == "":
		f.add(field, labelKey, "field.required")
	case utf8.RuneCountInString(*s) > max:
		f.add(field, labelKey, "field.max_len", max)
	}
}

// date checks a YYYY-MM-DD date that may not lie after today.
func (f *form) date(field, labelKey string, s *string, required bool) bool {
	*s = strings.TrimSpace(*s)
	if *s == "" {
		if required {
			f.add(field, labelKey, "field.required")
		}
		return false
	}
	if _, err := time.Parse("2006-01-02", *s); err != nil {
		f.add(field, labelKey, "field.date_format")
		return false
	}
	if *s > f.today {
		f.add(field, labelKey, "field.date_future")
		return false
	}
	return true
}

// span checks an end date (which may lie ahead: a planned end) against the
// start.
func (f *form) span(field, labelKey, start string, end *string) {
	*end = strings.TrimSpace(*end)
	if *end == "" {
		return
	}
	if _, err := time.Parse("2006-01-02", *end); err != nil {
		f.add(field, labelKey, "field.date_format")
		return
	}
	if start != "" && *end < start {
		f.add(field, labelKey, "frontline.end_before_start")
	}
}

func (f *form) err() error { return f.v.Err() }

func (s *Service) newForm() *form { return &form{today: s.today()} }

// orgRef is an organization in scope that a record hangs on.
type orgRef struct {
	ID   int64
	Path string
	Name string
	Kind string
}

// orgInScope reads an organization for a write: outside the scope (or
// dissolved, when live is asked) it is a field error on field.
func orgInScope(ctx context.Context, q store.Querier, p *access.Principal, id int64, field, labelKey string, live bool) (orgRef, error) {
	var o orgRef
	var dissolved bool
	err := q.QueryRowContext(ctx, `SELECT id, path, name, kind, dissolved FROM orgs WHERE id = ? AND path LIKE ?`, id, p.ScopeLike()).
		Scan(&o.ID, &o.Path, &o.Name, &o.Kind, &dissolved)
	var v fault.Fields
	if store.IsNoRows(err) || id <= 0 {
		v.Add(field, i18n.T(labelKey), i18n.T("field.not_found"))
		return o, v.Err()
	}
	if err != nil {
		return o, err
	}
	if live && dissolved {
		v.Add(field, i18n.T(labelKey), i18n.T("org.is_dissolved"))
		return o, v.Err()
	}
	return o, nil
}

// memberRef is a member of the roll as these ledgers need it.
type memberRef struct {
	ID                    int64
	Name                  string
	IDEnc, IDHash, IDMask string
}

// memberInScope finds a member of the roll in the principal's scope by id
// or, when id is 0, by identity number hash.
func memberInScope(ctx context.Context, q store.Querier, p *access.Principal, id int64, hash string) (memberRef, error) {
	var m memberRef
	where, arg := "m.id = ?", any(id)
	if id == 0 {
		where, arg = "m.id_hash = ?", hash
	}
	err := q.QueryRowContext(ctx, `SELECT m.id, m.name, m.id_enc, m.id_hash, m.id_mask FROM members m
		WHERE `+where+` AND m.org_path LIKE ?`, arg, p.ScopeLike()).Scan(&m.ID, &m.Name, &m.IDEnc, &m.IDHash, &m.IDMask)
	return m, err
}

// escapeLike drops LIKE wildcards from user input.
func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
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

// scoped starts a clause on the organization alias o: the principal's scope
// and, when asked, one organization's subtree inside it.
func scoped(p *access.Principal, f Filter) *clause {
	c := &clause{}
	c.add("o.path LIKE ?", p.ScopeLike())
	if f.Under > 0 {
		c.add("o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'", f.Under)
	}
	return c
}

// keyword adds a LIKE search over cols.
func (c *clause) keyword(q string, cols ...string) {
	q = escapeLike(strings.TrimSpace(q))
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
