package access

import (
	"time"

	"troika/internal/store"
)

// Policy holds the sign-in rules an operator may tune.
type Policy struct {
	LockAttempts int           // wrong passwords in a row that lock an account
	LockFor      time.Duration // how long a lock lasts
	IdleTimeout  time.Duration // a session unused this long has expired
}

// DefaultPolicy is 5 attempts, 15 minutes' lock, 30 idle minutes.
var DefaultPolicy = Policy{LockAttempts: 5, LockFor: 15 * time.Minute, IdleTimeout: 30 * time.Minute}

// Service signs users in and out and keeps accounts, sessions and tokens.
type Service struct {
	DB     *store.DB
	Policy Policy
	Now    func() time.Time
}

// New returns a service on db with policy p and the wall clock.
func New(db *store.DB, p Policy) *Service {
	return &Service{DB: db, Policy: p, Now: func() time.Time { return time.Now().UTC() }}
}
