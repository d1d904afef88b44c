package grid

import (
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/personal"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// Service applies the rules of grids, residents, visits and sites.
type Service struct {
	DB   *store.DB
	Keys *personal.Keyring
	Now  func() time.Time
}

// services finds the service of a database, for the import registered
// once per process.
var services sync.Map // *store.DB -> *Service

// NewService returns a service on db sealing personal data with keys.
func NewService(db *store.DB, keys *personal.Keyring) *Service {
	s := &Service{DB: db, Keys: keys, Now: func() time.Time { return time.Now().UTC() }}
	services.Store(db, s)
	return s
}

// today is the date where the users are.
func (s *Service) today() string { return s.Now().In(access.Shanghai).Format(day) }

// label is the Chinese name of an input field.
func label(field string) string { return i18n.T("grid.field." + field) }

func notFound(what string) error {
	return fault.New(fault.NotFound, "%s", i18n.T("grid."+what+"_not_found"))
}

func forbidden() error { return fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden")) }

// text trims s and checks its length (and presence when required).
func text(v *fault.Fields, field, s string, n int, required bool) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		v.Add(field, label(field), i18n.T("field.required"))
	case utf8.RuneCountInString(s) > n:
		v.Add(field, label(field), i18n.T("field.max_len", n))
	}
	return s
}

// date reads a calendar date, not after today.
func (s *Service) date(v *fault.Fields, field, in string, required bool) string {
	in = strings.TrimSpace(in)
	if in == "" {
		if required {
			v.Add(field, label(field), i18n.T("field.required"))
		}
		return ""
	}
	d, ok := xlsx.ParseDate(in)
	if !ok || d.Year() < 1900 {
		v.Add(field, label(field), i18n.T("field.date_format"))
		return ""
	}
	out := d.Format(day)
	if out > s.today() {
		v.Add(field, label(field), i18n.T("field.date_future"))
		return ""
	}
	return out
}

func oneOf(v *fault.Fields, field, val string, list []string) string {
	val = strings.TrimSpace(val)
	for _, x := range list {
		if x == val {
			return val
		}
	}
	if val == "" {
		v.Add(field, label(field), i18n.T("field.choose"))
	} else {
		v.Add(field, label(field), i18n.T("field.unknown_value"))
	}
	return ""
}

// escapeLike drops LIKE wildcards from user input.
func escapeLike(s string) string { return strings.NewReplacer("%", "", "_", "").Replace(s) }

// IDHash is the keyed hash of a normalized ID number (the same as the
// member roster's, so one person hashes alike in both ledgers).
func IDHash(k *personal.Keyring, number string) string { return k.Hash("id", number) }

// PhoneHash is the keyed hash of a normalized phone.
func PhoneHash(k *personal.Keyring, phone string) string { return k.Hash("phone", phone) }
