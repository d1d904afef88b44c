package web

import (
	"context"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"
)

// idleTrim hands memory back to the operating system once a busy spell is
// over. The runtime returns freed memory only after a garbage collection,
// and with no requests there are no allocations to start one: a server
// left alone after a burst of work would otherwise hold its peak for
// minutes.
type idleTrim struct {
	last    atomic.Int64 // Unix ms of the last request
	pending atomic.Bool  // requests since the last trim
}

func (t *idleTrim) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.last.Store(time.Now().UnixMilli())
		t.pending.Store(true)
		next.ServeHTTP(w, r)
	})
}

// run trims after quiet seconds without requests, until ctx ends; release
// (if any) runs first, to let go of caches held outside the Go heap.
func (t *idleTrim) run(ctx context.Context, quiet time.Duration, release func()) {
	tick := time.NewTicker(quiet / 2)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if t.pending.Load() && time.Since(time.UnixMilli(t.last.Load())) >= quiet {
				t.pending.Store(false)
				if release != nil {
					release()
				}
				debug.FreeOSMemory()
			}
		}
	}
}
