package faults

import (
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func rss(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// 200 clients at once for a bounded time, reading lists and the dashboard
// and writing organizations: no errors, no lost writes, and memory back
// near where it started once the load is gone.
func TestLoad200Clients(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	dir := t.TempDir()
	password := demoCity(t, dir)
	srv := serve(t, dir, "")
	srv.login("staff", password)
	var rootID int64
	var orgs struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	srv.json("GET", "/api/v1/orgs?size=1", nil, &orgs)
	rootID = orgs.Items[0].ID
	pid := srv.cmd.Process.Pid
	time.Sleep(500 * time.Millisecond)
	before := rss(pid)

	const clients = 200
	deadline := time.Now().Add(8 * time.Second)
	var requests, errs atomic.Int64
	var acked sync.Map
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				var status int
				switch i % 4 {
				case 0:
					code := fmt.Sprintf("L%d-%d", c, i)
					status = srv.json("POST", "/api/v1/orgs", map[string]any{"parent_id": rootID, "name": "负载测试支部" + code,
						"code": code, "kind": "branch", "domain": "organ"}, nil)
					if status == 201 {
						acked.Store(code, true)
						status = 200
					}
				case 1:
					status = srv.json("GET", "/api/v1/orgs?size=20&q="+"村", nil, nil)
				case 2:
					status = srv.json("GET", "/api/v1/members?size=20&page="+strconv.Itoa(1+i%20), nil, nil)
				case 3:
					status = srv.json("GET", "/api/v1/dashboard?period=2022", nil, nil)
				}
				requests.Add(1)
				if status != 200 {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("request %d of client %d: status %d", i, c, status))
				}
			}
		}(c)
	}
	wg.Wait()
	peak := rss(pid)
	t.Logf("%d requests from %d clients, %d errors; RSS %.0f MiB before, %.0f MiB at the end of the load", requests.Load(), clients, errs.Load(), before, peak)
	if errs.Load() > 0 {
		t.Errorf("%d errors under load, first: %v", errs.Load(), firstErr.Load())
	}
	// Every acknowledged write is there.
	db, err := sql.Open("sqlite", "file:"+dir+"/troika.db?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n, want int
	acked.Range(func(_, _ any) bool { want++; return true })
	if err := db.QueryRow(`SELECT COUNT(*) FROM orgs WHERE code LIKE 'L%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != want || want == 0 {
		t.Errorf("%d writes acknowledged, %d stored", want, n)
	}
	// Memory returns: the runtime hands idle memory back within a couple
	// of minutes; allow it a few seconds with no load and then look.
	var after float64
	for i := 0; i < 20; i++ {
		time.Sleep(time.Second)
		if after = rss(pid); after < before+60 {
			break
		}
	}
	t.Logf("RSS %.0f MiB after the load", after)
	if after > before+60 {
		t.Errorf("memory did not come back: %.0f MiB before, %.0f MiB after", before, after)
	}
}

// A password-guessing loop from one address is throttled: after a burst,
// the server answers 429 without checking the password, and the targeted
// account is locked after five wrong guesses anyway.
func TestSignInThrottle(t *testing.T) {
	dir := t.TempDir()
	password := demoCity(t, dir)
	srv := serve(t, dir, "")
	var codes = map[int]int{}
	for i := 0; i < 60; i++ {
		codes[srv.json("POST", "/api/v1/auth/login", map[string]string{"username": "town1", "password": fmt.Sprintf("Guess#%d", i)}, nil)]++
	}
	t.Logf("answers to 60 guesses: %v", codes)
	if codes[http.StatusTooManyRequests] < 25 {
		t.Errorf("guessing loop not throttled: %v", codes)
	}
	if codes[http.StatusLocked] == 0 {
		t.Errorf("account not locked by the guesses: %v", codes)
	}
	// Another account, from another address, is unaffected: the lock is
	// per account and the throttle per address. (Same address here: so
	// the right password for staff is refused with 429 too — by design.)
	if got := srv.json("POST", "/api/v1/auth/login", map[string]string{"username": "staff", "password": password}, nil); got != http.StatusTooManyRequests {
		t.Errorf("throttle does not hold for this address: %d", got)
	}
}
