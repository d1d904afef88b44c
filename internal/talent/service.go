package talent

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/personal"
	"troika/internal/store"
)

// Service applies the rules of the talent ledgers.
type Service struct {
	DB   *store.DB
	Keys *personal.Keyring
	Now  func() time.Time
}

// services finds the service of a database, for the imports registered
// once per process (each test app has its own database).
var services sync.Map // *store.DB -> *Service

// NewService returns a service on db sealing personal data with keys.
func NewService(db *store.DB, keys *personal.Keyring) *Service {
	s := &Service{DB: db, Keys: keys, Now: func() time.Time { return time.Now().UTC() }}
	services.Store(db, s)
	return s
}

// The keyed-hash kinds are the member roll's, so that one phone or
// identity number hashes alike across ledgers.
const (
	hashID    = "id"
	hashPhone = "phone"
)

func notFound() error { return fault.New(fault.NotFound, "%s", i18n.T("talent.not_found")) }

func conflict(key string, args ...any) error {
	return fault.New(fault.Conflict, "%s", i18n.T(key, args...))
}

// today is the current date in Asia/Shanghai, where the users are.
func (s *Service) today() string { return s.Now().In(access.Shanghai).Format(day) }

const day = "2006-01-02"

// checked is an input turned into column values, with the field errors.
type checked struct {
	vals map[string]any // column -> value, sealed fields as their three columns
	v    fault.Fields
}

// check validates in against l. before is the stored record on edit (nil
// on create): empty personal data keeps what is stored.
func (s *Service) check(l *Ledger, in Input, before *Record) *checked {
	c := &checked{vals: map[string]any{}}
	today := s.today()
	add := func(f Field, key string, args ...any) { c.v.Add(f.Name, f.Label(l), i18n.T(key, args...)) }
	dates := map[string]string{}
	for _, f := range l.Fields {
		if f.ReadOnly {
			if before == nil && f.Default != "" {
				c.vals[f.Name] = f.Default
			}
			continue
		}
		raw, given := in.Values[f.Name]
		raw = strings.TrimSpace(raw)
		if !given && before == nil && f.Default != "" {
			raw = f.Default
		}
		if raw == "" {
			if f.Required && !(f.Sealed() && before != nil) {
				add(f, "field.required")
				continue
			}
		}
		switch f.Kind {
		case Text, Long:
			max := f.Max
			if max == 0 {
				max = 80
			}
			if utf8.RuneCountInString(raw) > max {
				add(f, "field.max_len", max)
			}
			c.vals[f.Name] = raw
		case Date:
			if raw != "" {
				t, err := time.Parse(day, raw)
				if err != nil {
					add(f, "field.date_format")
					continue
				}
				raw = t.Format(day)
				if !f.Future && raw > today {
					add(f, "field.date_future")
					continue
				}
			}
			dates[f.Name] = raw
			c.vals[f.Name] = raw
		case Int:
			var n int64
			if raw != "" {
				var err error
				if n, err = strconv.ParseInt(raw, 10, 64); err != nil {
					add(f, "field.number")
					continue
				}
				if n < 0 || f.Max > 0 && n > int64(f.Max) {
					add(f, "field.range", 0, f.Max)
					continue
				}
			}
			c.vals[f.Name] = n
		case Money:
			var fen int64
			if raw != "" {
				var ok bool
				if fen, ok = parseYuan(raw); !ok {
					add(f, "talent.money_format")
					continue
				}
				if fen <= 0 || fen > int64(f.Max)*100 {
					add(f, "talent.money_range", f.Max)
					continue
				}
			}
			c.vals[f.Name] = fen
		case Bool:
			switch raw {
			case "1", "true", "on", "yes", i18n.T("common.yes"):
				c.vals[f.Name] = true
			case "", "0", "false", "no", i18n.T("common.no"):
				c.vals[f.Name] = false
			default:
				add(f, "field.unknown_value")
			}
		case Choice:
			if raw != "" && !has(f.Choices, raw) {
				// An office's sheet names the choice in Chinese.
				code := ""
				for _, o := range f.Options(l) {
					if o.Label == raw {
						code = o.Value
					}
				}
				if code == "" {
					add(f, "field.unknown_value")
					continue
				}
				raw = code
			}
			c.vals[f.Name] = raw
		case Ref:
			var id int64
			if raw != "" {
				var err error
				if id, err = strconv.ParseInt(raw, 10, 64); err != nil || id <= 0 {
					add(f, "field.choose")
					continue
				}
			}
			c.vals[f.Name] = id
		case Phone:
			if raw == "" {
				if before == nil {
					c.vals["phone_enc"], c.vals["phone_hash"], c.vals["phone_mask"] = "", "", ""
				}
				continue
			}
			ph, ok := personal.NormalizePhone(raw)
			if !ok {
				add(f, "talent.phone_format")
				continue
			}
			c.vals["phone_enc"], c.vals["phone_hash"], c.vals["phone_mask"] = s.Keys.Seal(ph), s.Keys.Hash(hashPhone, ph), personal.MaskPhone(ph)
		case IDNo:
			if raw == "" {
				if before == nil {
					c.vals["id_enc"], c.vals["id_hash"], c.vals["id_mask"] = "", "", ""
				}
				continue
			}
			id, err := idcard.Parse(raw, s.Now())
			if err != nil {
				c.v.Add(f.Name, f.Label(l), err.Error())
				continue
			}
			c.vals["id_enc"], c.vals["id_hash"], c.vals["id_mask"] = s.Keys.Seal(id.Number), s.Keys.Hash(hashID, id.Number), personal.MaskID(id.Number)
		}
	}
	for _, f := range l.Fields {
		if f.After == "" || dates[f.Name] == "" {
			continue
		}
		start := dates[f.After]
		if start == "" && before != nil {
			start = before.Str(f.After)
		}
		if start != "" && dates[f.Name] < start {
			add(f, "talent.before_start", label(l.Slug, f.After))
		}
	}
	return c
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseYuan reads an amount in 元 with at most two decimals into fen.
func parseYuan(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSuffix(strings.TrimSpace(s), "元"), ",", "")
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || dot && frac == "" {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	if len(whole) > 12 {
		return 0, false
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	return w*100 + f, true
}

// orgInScope reads the organization a record is put on: in scope and
// live, or a field error.
func orgInScope(ctx context.Context, q store.Querier, p *access.Principal, l *Ledger, id int64) error {
	var dissolved bool
	var kind string
	err := q.QueryRowContext(ctx, `SELECT dissolved, kind FROM orgs WHERE id = ? AND path LIKE ?`, id, p.ScopeLike()).Scan(&dissolved, &kind)
	var v fault.Fields
	switch {
	case id <= 0:
		v.Add("org_id", l.OrgLabel(), i18n.T("field.choose"))
	case store.IsNoRows(err):
		v.Add("org_id", l.OrgLabel(), i18n.T("field.not_found"))
	case err != nil:
		return err
	case dissolved:
		v.Add("org_id", l.OrgLabel(), i18n.T("org.is_dissolved"))
	}
	return v.Err()
}

// refOrg returns the organization of a referenced record in scope, or a
// field error naming f.
func refOrg(ctx context.Context, q store.Querier, p *access.Principal, l *Ledger, f Field, id int64) (int64, error) {
	ref := bySlug[f.Ref]
	var org int64
	err := q.QueryRowContext(ctx, `SELECT x.org_id FROM `+ref.Table+` x JOIN orgs o ON o.id = x.org_id WHERE x.id = ? AND o.path LIKE ?`,
		id, p.ScopeLike()).Scan(&org)
	if store.IsNoRows(err) {
		var v fault.Fields
		v.Add(f.Name, f.Label(l), i18n.T("field.not_found"))
		return 0, v.Err()
	}
	return org, err
}

// resolve checks the organization and references of a checked input and
// returns the organization the record hangs on.
func (s *Service) resolve(ctx context.Context, q store.Querier, p *access.Principal, l *Ledger, in Input, c *checked) (int64, error) {
	orgID := in.OrgID
	for _, f := range l.Fields {
		if f.Kind != Ref || f.ReadOnly {
			continue
		}
		id, _ := c.vals[f.Name].(int64)
		if id == 0 {
			continue
		}
		o, err := refOrg(ctx, q, p, l, f, id)
		if err != nil {
			return 0, err
		}
		if f.Name == l.Parent {
			orgID = o
		}
	}
	if l.Parent == "" {
		if err := orgInScope(ctx, q, p, l, orgID); err != nil {
			return 0, err
		}
	}
	return orgID, nil
}

// mergeFields joins field errors found in two passes.
func mergeFields(a fault.Fields, err error) error {
	if fe, ok := fault.As(err); ok && fe.Code == fault.Invalid {
		for _, f := range fe.Fields {
			a.Add(f.Field, f.Label, f.Message)
		}
		return a.Err()
	}
	if err != nil {
		return err
	}
	return a.Err()
}
