package bench

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"troika/internal/store"
)

const listRequests = 200

// benchLists times the roster and organization lists with filters and
// search through the API, and the same queries on the database.
func benchLists(ctx context.Context, cfg Config, srv *server, db *store.DB, rep *Report) error {
	var rootPath string
	if err := db.QueryRowContext(ctx, `SELECT path FROM orgs WHERE parent_id IS NULL`).Scan(&rootPath); err != nil {
		return err
	}
	cases := []struct {
		name  string
		path  string
		query string
		args  []any
	}{
		{"members list, 2-character name search", "/api/v1/members?size=20&q=" + url.QueryEscape("明哲"),
			`FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.path LIKE ? AND m.name LIKE ? AND m.status IN ('active', 'transferring')`,
			[]any{rootPath + "%", "%明哲%"}},
		{"members list, ethnicity filter, page 5", "/api/v1/members?size=20&page=5&ethnicity=" + url.QueryEscape("朝鲜族"),
			`FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.path LIKE ? AND m.ethnicity = ? AND m.status IN ('active', 'transferring')`,
			[]any{rootPath + "%", "朝鲜族"}},
		{"organizations search", "/api/v1/orgs?size=20&q=" + url.QueryEscape("村"),
			`FROM orgs o WHERE o.path LIKE ? AND o.name LIKE ? AND o.dissolved = FALSE`,
			[]any{rootPath + "%", "%村%"}},
	}
	for _, c := range cases {
		var api, raw []time.Duration
		for i := 0; i < listRequests; i++ {
			d, err := srv.get(c.path)
			if err != nil {
				return err
			}
			api = append(api, d)
			start := time.Now()
			if err := floorList(ctx, db, c.query, c.args); err != nil {
				return err
			}
			raw = append(raw, time.Since(start))
		}
		p95 := percentile(api, 95)
		rep.latency(c.name+" p95", p95, percentile(raw, 95), "< 50 ms", boolp(p95 < 50*time.Millisecond))
	}
	return nil
}

// floorList runs a list's count and first page directly.
func floorList(ctx context.Context, db *store.DB, from string, args []any) error {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) `+from, args...).Scan(&n); err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT * `+from+` LIMIT 20`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	rows.Close()
	return rows.Err()
}

// benchEventList times the events list, filtered, against the same query.
func benchEventList(ctx context.Context, cfg Config, srv *server, db *store.DB, rep *Report) error {
	var rootPath string
	if err := db.QueryRowContext(ctx, `SELECT path FROM orgs WHERE parent_id IS NULL`).Scan(&rootPath); err != nil {
		return err
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM events`).Scan(&n); err != nil {
		return err
	}
	var api, raw []time.Duration
	for i := 0; i < listRequests; i++ {
		d, err := srv.get("/api/v1/events?size=20&status=closed&page=" + fmt.Sprint(1+i%10))
		if err != nil {
			return err
		}
		api = append(api, d)
		start := time.Now()
		if err := floorList(ctx, db, `FROM events e JOIN orgs o ON o.id = e.org_id WHERE o.path LIKE ? AND e.status = ?`,
			[]any{rootPath + "%", "closed"}); err != nil {
			return err
		}
		raw = append(raw, time.Since(start))
	}
	p95 := percentile(api, 95)
	rep.latency(fmt.Sprintf("events list (%d events), status filter p95", n), p95, percentile(raw, 95), "< 50 ms", boolp(p95 < 50*time.Millisecond))
	return nil
}
