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
	// The floor runs the same queries the services run, without HTTP,
	// sessions, permissions, decryption or JSON: for a name search, one pass
	// over the members its first pair of characters names gives the page's
	// ids and the number of matches; other filters count, then read one
	// page (the whole roll's by walking it in pinyin order).
	d := db.Dialect()
	search := `m.id IN (SELECT member_id FROM member_grams WHERE gram = ?) AND ` + d.Contains("m.name")
	const members = ` WHERE m.org_path LIKE ? AND m.status IN ('active', 'transferring')`
	withPage := func(page string) string {
		return `SELECT m.*, o.name, pg.total FROM members m JOIN orgs o ON o.id = m.org_id JOIN (` + page + `) pg ON pg.id = m.id ORDER BY m.name_key, m.id`
	}
	memberPage := func(hint, where string) string {
		return withPage(`SELECT m.id, 0 AS total FROM members m` + hint + members + where + ` ORDER BY m.name_key, m.id LIMIT 20 OFFSET ?`)
	}
	searchPage := withPage(`SELECT id, total FROM (SELECT m.id, m.name_key, COUNT(*) OVER () AS total FROM members m` + members +
		` AND ` + search + `) hits ORDER BY name_key, id LIMIT 20 OFFSET ?`)
	cases := []struct {
		name        string
		path        string
		count, page string
		args        []any
		offset      int
	}{
		{"members list, 2-character name search", "/api/v1/members?size=20&q=" + url.QueryEscape("明哲"),
			"", searchPage, []any{rootPath + "%", "明哲", "明哲"}, 0},
		{"members list, whole roll, page 5", "/api/v1/members?size=20&page=5",
			`SELECT COUNT(*) FROM members m` + members, memberPage(d.IndexedBy("members_pinyin"), ""), []any{rootPath + "%"}, 80},
		// the API takes the ethnicity's code: 10 is 朝鲜族
		{"members list, ethnicity filter, page 5", "/api/v1/members?size=20&page=5&ethnicity=10",
			`SELECT COUNT(*) FROM members m` + members + ` AND m.ethnicity = ?`, memberPage("", ` AND m.ethnicity = ?`), []any{rootPath + "%", "10"}, 80},
		{"organizations search", "/api/v1/orgs?size=20&q=" + url.QueryEscape("村"),
			`SELECT COUNT(*) FROM orgs o WHERE o.path LIKE ? AND o.name LIKE ? AND o.dissolved = FALSE`,
			`SELECT * FROM orgs o WHERE o.path LIKE ? AND o.name LIKE ? AND o.dissolved = FALSE ORDER BY o.path LIMIT 20 OFFSET ?`,
			[]any{rootPath + "%", "%村%"}, 0},
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
			if err := floorList(ctx, db, c.count, c.page, c.args, c.offset); err != nil {
				return err
			}
			raw = append(raw, time.Since(start))
		}
		p95 := percentile(api, 95)
		rep.latency(c.name+" p95", p95, percentile(raw, 95), "< 50 ms", boolp(p95 < 50*time.Millisecond))
	}
	return nil
}

// floorList runs a list's count (when it takes a query of its own) and
// one page directly.
func floorList(ctx context.Context, db *store.DB, count, page string, args []any, offset int) error {
	if count != "" {
		var n int
		if err := db.QueryRowContext(ctx, count, args...).Scan(&n); err != nil {
			return err
		}
	}
	rows, err := db.QueryContext(ctx, page, append(append([]any{}, args...), offset)...)
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
		const from = ` FROM events e JOIN orgs o ON o.id = e.org_id WHERE o.path LIKE ? AND e.status = ?`
		if err := floorList(ctx, db, `SELECT COUNT(*)`+from, `SELECT e.*, o.name`+from+` ORDER BY e.reported_at DESC, e.id DESC LIMIT 20 OFFSET ?`,
			[]any{rootPath + "%", "closed"}, 20*(i%10)); err != nil {
			return err
		}
		raw = append(raw, time.Since(start))
	}
	p95 := percentile(api, 95)
	rep.latency(fmt.Sprintf("events list (%d events), status filter p95", n), p95, percentile(raw, 95), "< 50 ms", boolp(p95 < 50*time.Millisecond))
	return nil
}
