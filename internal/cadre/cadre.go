// Package cadre keeps the Organization Department's cadre work (干部工作),
// part 二 of the annual summary: 选 the roster and promotions with the
// young-cadre reserve pool, 育 training classes, exams and learning, 用
// appointment history, 管 supervision — 12380 reports with sealed reporter
// identities, personal-matter reports and their reproducible verification
// draws, inspections of units, publicity — and the personnel archives
// (干部人事档案) with lending by request and approval.
package cadre

import (
	"sync"
	"time"

	"troika/internal/access"
	"troika/internal/personal"
	"troika/internal/store"
)

// Service applies the cadre ledgers' rules.
type Service struct {
	DB   *store.DB
	Keys *personal.Keyring
	Now  func() time.Time
	// limiter bounds the public 12380 intake per client address.
	limiter *limiter
}

var services sync.Map // *store.DB -> *Service, for the imports

// NewService returns the service on db sealing personal data with keys.
func NewService(db *store.DB, keys *personal.Keyring) *Service {
	s := &Service{DB: db, Keys: keys, Now: func() time.Time { return time.Now().UTC() },
		limiter: newLimiter(5, time.Hour)}
	services.Store(db, s)
	return s
}

const day = "2006-01-02"

// today is the date where the users are.
func (s *Service) today() string { return s.Now().In(access.Shanghai).Format(day) }

// ageOn is the age in whole years on date of someone born on birth.
func ageOn(birth, on string) int64 {
	b, err1 := time.Parse(day, birth)
	d, err2 := time.Parse(day, on)
	if err1 != nil || err2 != nil {
		return 0
	}
	age := d.Year() - b.Year()
	if d.Month() < b.Month() || d.Month() == b.Month() && d.Day() < b.Day() {
		age--
	}
	return int64(age)
}

// IDHash is the keyed hash of an ID number, the same as the member roll's,
// so that a cadre who is a member is one person to the figures.
func IDHash(k *personal.Keyring, number string) string { return k.Hash("id", number) }
