package service

import (
	"sync"
	"time"
)

// Limiter is a token bucket per client address for the public pages:
// each address may make Burst requests at once and gains one more every
// Every. It holds at most Max addresses; when full it forgets addresses
// whose bucket has refilled, and failing that an arbitrary one, so memory
// stays bounded whatever a client sends.
type Limiter struct {
	Burst int
	Every time.Duration
	Max   int
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewLimiter returns a limiter of at most max addresses: 20 requests at
// once, then one every 30 seconds.
func NewLimiter(max int, now func() time.Time) *Limiter {
	return &Limiter{Burst: 20, Every: 30 * time.Second, Max: max, now: now, buckets: map[string]*bucket{}}
}

// Allow takes cost tokens from addr's bucket, reporting whether it had
// them.
func (l *Limiter) Allow(addr string, cost int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[addr]
	if b == nil {
		if len(l.buckets) >= l.Max {
			l.evict(now)
		}
		b = &bucket{tokens: float64(l.Burst), at: now}
		l.buckets[addr] = b
	}
	if el := now.Sub(b.at); el > 0 {
		b.tokens += float64(el) / float64(l.Every)
		if b.tokens > float64(l.Burst) {
			b.tokens = float64(l.Burst)
		}
	}
	b.at = now
	if b.tokens < float64(cost) {
		return false
	}
	b.tokens -= float64(cost)
	return true
}

// Len is how many addresses the limiter remembers.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

func (l *Limiter) evict(now time.Time) {
	full := time.Duration(l.Burst) * l.Every
	for k, b := range l.buckets {
		if now.Sub(b.at) >= full {
			delete(l.buckets, k)
		}
	}
	for k := range l.buckets {
		if len(l.buckets) < l.Max {
			return
		}
		delete(l.buckets, k)
	}
}
