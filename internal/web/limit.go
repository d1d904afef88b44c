package web

import (
	"net/http"
	"sync"
	"time"

	"troika/internal/fault"
	"troika/internal/i18n"
)

// Limiter is a token bucket per client address: rate tokens a second up to
// burst. Its memory is bounded: past max addresses, the idlest half is
// forgotten (a forgotten address starts with a full bucket, which only
// errs on the side of the client).
type Limiter struct {
	rate  float64
	burst float64
	max   int
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewLimiter allows rate requests a second per address with bursts of burst.
func NewLimiter(rate float64, burst int) *Limiter {
	return &Limiter{rate: rate, burst: float64(burst), max: 10000, now: time.Now, buckets: map[string]*bucket{}}
}

// Allow takes a token for key, reporting whether one was left.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.max {
			l.evict(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens += now.Sub(b.last).Seconds() * l.rate
	if b.tokens > l.burst {
		b.tokens = l.burst
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// evict forgets the buckets idle longest: every one full again, or else
// the older half.
func (l *Limiter) evict(now time.Time) {
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.last) > full {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) < l.max {
		return
	}
	var sum time.Duration
	for _, b := range l.buckets {
		sum += now.Sub(b.last)
	}
	avg := sum / time.Duration(len(l.buckets))
	for k, b := range l.buckets {
		if now.Sub(b.last) >= avg {
			delete(l.buckets, k)
		}
	}
}

// ErrTooMany answers a client over its rate.
var ErrTooMany = fault.New(fault.TooMany, "%s", i18n.T("http.too_many"))

// Limit wraps a handler with the limiter, keyed by the client's address.
func (l *Limiter) Limit(next HandlerFunc) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !l.Allow(ClientIP(r)) {
			w.Header().Set("Retry-After", "10")
			return ErrTooMany
		}
		return next(w, r)
	}
}
