package web

import (
	"fmt"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := NewLimiter(1, 3)
	l.now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if !l.Allow("a") {
			t.Fatalf("burst request %d refused", i)
		}
	}
	if l.Allow("a") {
		t.Fatal("fourth request in the same instant allowed")
	}
	if !l.Allow("b") {
		t.Fatal("another address shares the bucket")
	}
	now = now.Add(2 * time.Second)
	if !l.Allow("a") || !l.Allow("a") || l.Allow("a") {
		t.Fatal("refill of 1 a second not applied")
	}
	l.max = 100
	for i := 0; i < 1000; i++ {
		now = now.Add(time.Millisecond)
		l.Allow(fmt.Sprint("ip", i))
	}
	if len(l.buckets) > 100 {
		t.Fatalf("limiter holds %d buckets", len(l.buckets))
	}
}
