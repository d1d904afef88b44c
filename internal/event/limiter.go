package event

import (
	"sync"
	"time"
)

// Limiter is a token bucket per client: Burst requests at once, refilled at
// Rate per second. It keeps at most Max clients; when full it forgets the
// clients whose buckets have refilled (they would be allowed anyway), and
// if none have, the least recently seen one, so memory stays bounded
// whatever addresses arrive.
type Limiter struct {
	Rate  float64
	Burst float64
	Max   int

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	seen   time.Time
}

// NewLimiter returns a limiter of burst requests refilled at perMinute.
func NewLimiter(perMinute, burst, max int) *Limiter {
	return &Limiter{Rate: float64(perMinute) / 60, Burst: float64(burst), Max: max, buckets: map[string]*bucket{}}
}

// Allow takes a token for key at now, reporting whether one was there.
func (l *Limiter) Allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.Max {
			l.evict(now)
		}
		b = &bucket{tokens: l.Burst, seen: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.Burst, b.tokens+now.Sub(b.seen).Seconds()*l.Rate)
	b.seen = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (l *Limiter) evict(now time.Time) {
	var oldest string
	var oldestAt time.Time
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.seen).Seconds()*l.Rate >= l.Burst {
			delete(l.buckets, k)
			continue
		}
		if oldest == "" || b.seen.Before(oldestAt) {
			oldest, oldestAt = k, b.seen
		}
	}
	if len(l.buckets) >= l.Max && oldest != "" {
		delete(l.buckets, oldest)
	}
}

// Len is the number of clients remembered.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
