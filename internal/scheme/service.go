package scheme

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// Service applies the rules of schemes and plans.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// NewService returns the service on db.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

func (s *Service) today() string { return s.Now().In(access.Shanghai).Format("2006-01-02") }

func checkText(v *fault.Fields, field, label string, val *string, max int, required bool) {
	*val = strings.TrimSpace(*val)
	switch {
	case *val == "" && required:
		v.Add(field, label, i18n.T("field.required"))
	case utf8.RuneCountInString(*val) > max:
		v.Add(field, label, i18n.T("field.max_len", max))
	}
}

func validDate(d string) bool {
	_, err := time.Parse("2006-01-02", d)
	return err == nil
}

func who(ctx context.Context, p *access.Principal) audit.Actor {
	a := audit.ActorFrom(ctx)
	if p != nil && p.DisplayName != "" {
		a.Name = p.DisplayName
	}
	return a
}

func forbidden() error { return fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden")) }

// A scheme is visible where it was set up, and where it was assigned.
const schemeScope = `(o.path LIKE ? OR s.id IN (SELECT sa.scheme_id FROM scheme_assignments sa JOIN orgs ao ON ao.id = sa.org_id WHERE ao.path LIKE ?))`

const schemeCols = `s.id, s.org_id, o.name, s.name, s.starts_on, s.ends_on, s.note, s.created_at, s.updated_at,
	(SELECT COUNT(*) FROM scheme_aspects a WHERE a.scheme_id = s.id),
	(SELECT COUNT(*) FROM scheme_tasks t JOIN scheme_aspects a ON a.id = t.aspect_id WHERE a.scheme_id = s.id),
	(SELECT COUNT(*) FROM scheme_items i JOIN scheme_tasks t ON t.id = i.task_id JOIN scheme_aspects a ON a.id = t.aspect_id WHERE a.scheme_id = s.id),
	(SELECT COUNT(*) FROM scheme_assignments sa WHERE sa.scheme_id = s.id)`

func scanScheme(sc interface{ Scan(...any) error }) (Scheme, error) {
	var x Scheme
	var c, u int64
	err := sc.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.Name, &x.StartsOn, &x.EndsOn, &x.Note, &c, &u, &x.Counts.Aspects, &x.Counts.Tasks, &x.Counts.Items, &x.Counts.Orgs)
	x.CreatedAt, x.UpdatedAt = store.Time(c), store.Time(u)
	return x, err
}

func schemeNotFound() error { return fault.New(fault.NotFound, "%s", i18n.T("scheme.not_found")) }

// Schemes lists the schemes visible in scope, the latest first; year
// keeps those in force during that year.
func (s *Service) Schemes(ctx context.Context, p *access.Principal, year int, limit, offset int) ([]Scheme, int, error) {
	where := ` FROM schemes s JOIN orgs o ON o.id = s.org_id WHERE ` + schemeScope
	args := []any{p.ScopeLike(), p.ScopeLike()}
	if year > 0 {
		where += ` AND s.starts_on <= ? AND s.ends_on >= ?`
		args = append(args, itoa(year)+"-12-31", itoa(year)+"-01-01")
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+schemeCols+where+` ORDER BY s.starts_on DESC, s.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Scheme{}
	for rows.Next() {
		x, err := scanScheme(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, x)
	}
	return out, total, rows.Err()
}

// Scheme returns a scheme with its outline and the progress of the
// organizations it is assigned to (those in the caller's scope).
func (s *Service) Scheme(ctx context.Context, p *access.Principal, id int64) (Scheme, error) {
	x, err := getScheme(ctx, s.DB, p.ScopeLike(), id)
	if store.IsNoRows(err) {
		return x, schemeNotFound()
	}
	return x, err
}

func getScheme(ctx context.Context, q store.Querier, scopeLike string, id int64) (Scheme, error) {
	x, err := schemeOutline(ctx, q, scopeLike, id)
	if err != nil {
		return x, err
	}
	return x, x.loadProgress(ctx, q, scopeLike)
}

// schemeOutline reads a scheme in scope with its aspects, tasks and items,
// without the progress of the organizations it is assigned to (which
// grows with them: a province's scheme reaches thousands of townships).
func schemeOutline(ctx context.Context, q store.Querier, scopeLike string, id int64) (Scheme, error) {
	x, err := scanScheme(q.QueryRowContext(ctx, `SELECT `+schemeCols+` FROM schemes s JOIN orgs o ON o.id = s.org_id WHERE s.id = ? AND `+schemeScope, id, scopeLike, scopeLike))
	if err != nil {
		return x, err
	}
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.title, COALESCE(t.id, 0), COALESCE(t.title, ''), COALESCE(i.id, 0), COALESCE(i.title, '')
		FROM scheme_aspects a LEFT JOIN scheme_tasks t ON t.aspect_id = a.id LEFT JOIN scheme_items i ON i.task_id = t.id
		WHERE a.scheme_id = ? ORDER BY a.sort, a.id, t.sort, t.id, i.sort, i.id`, id)
	if err != nil {
		return x, err
	}
	for rows.Next() {
		var aid, tid, iid int64
		var at, tt, it string
		if err := rows.Scan(&aid, &at, &tid, &tt, &iid, &it); err != nil {
			rows.Close()
			return x, err
		}
		if len(x.Aspects) == 0 || x.Aspects[len(x.Aspects)-1].ID != aid {
			x.Aspects = append(x.Aspects, Aspect{ID: aid, Title: at})
		}
		a := &x.Aspects[len(x.Aspects)-1]
		if tid == 0 {
			continue
		}
		if len(a.Tasks) == 0 || a.Tasks[len(a.Tasks)-1].ID != tid {
			a.Tasks = append(a.Tasks, Task{ID: tid, Title: tt})
		}
		if iid > 0 {
			t := &a.Tasks[len(a.Tasks)-1]
			t.Items = append(t.Items, Item{ID: iid, Title: it})
		}
	}
	rows.Close()
	return x, rows.Err()
}

// loadProgress reads the progress of the scheme's organizations in scope,
// and whether anything of it has been reported.
func (x *Scheme) loadProgress(ctx context.Context, q store.Querier, scopeLike string) error {
	id := x.ID
	rows, err := q.QueryContext(ctx, `SELECT o.id, o.name, (SELECT COUNT(*) FROM scheme_completions c JOIN scheme_items i ON i.id = c.item_id
		JOIN scheme_tasks t ON t.id = i.task_id JOIN scheme_aspects a ON a.id = t.aspect_id WHERE a.scheme_id = sa.scheme_id AND c.org_id = o.id)
		FROM scheme_assignments sa JOIN orgs o ON o.id = sa.org_id WHERE sa.scheme_id = ? AND o.path LIKE ? ORDER BY o.path`, id, scopeLike)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		pr := Progress{Total: x.Counts.Items}
		if err := rows.Scan(&pr.OrgID, &pr.OrgName, &pr.Done); err != nil {
			return err
		}
		x.Assigned = append(x.Assigned, pr)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM scheme_completions c JOIN scheme_items i ON i.id = c.item_id JOIN scheme_tasks t ON t.id = i.task_id
		JOIN scheme_aspects a ON a.id = t.aspect_id WHERE a.scheme_id = ?`, id).Scan(&n); err != nil {
		return err
	}
	x.Completed = n > 0
	return nil
}

func dedupe(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func validateScheme(in *Input) fault.Fields {
	var v fault.Fields
	checkText(&v, "name", i18n.T("scheme.field.name"), &in.Name, 60, true)
	checkText(&v, "note", i18n.T("scheme.field.note"), &in.Note, 1000, false)
	in.StartsOn, in.EndsOn = strings.TrimSpace(in.StartsOn), strings.TrimSpace(in.EndsOn)
	if !validDate(in.StartsOn) {
		v.Add("starts_on", i18n.T("scheme.field.starts_on"), i18n.T("field.date_format"))
	}
	if !validDate(in.EndsOn) {
		v.Add("ends_on", i18n.T("scheme.field.ends_on"), i18n.T("field.date_format"))
	} else if validDate(in.StartsOn) && in.EndsOn < in.StartsOn {
		v.Add("ends_on", i18n.T("scheme.field.ends_on"), i18n.T("scheme.ends_before_start"))
	}
	items := 0
	for ai := range in.Aspects {
		a := &in.Aspects[ai]
		a.Title = strings.TrimSpace(a.Title)
		if a.Title == "" || utf8.RuneCountInString(a.Title) > 100 {
			v.AddRow(ai+1, "outline", i18n.T("scheme.field.aspect"), i18n.T("scheme.title_len", 100))
		}
		if len(a.Tasks) == 0 {
			v.AddRow(ai+1, "outline", a.Title, i18n.T("scheme.aspect_empty"))
		}
		for ti := range a.Tasks {
			t := &a.Tasks[ti]
			t.Title = strings.TrimSpace(t.Title)
			if t.Title == "" || utf8.RuneCountInString(t.Title) > 200 {
				v.AddRow(ti+1, "outline", a.Title+" · "+i18n.T("scheme.field.task"), i18n.T("scheme.title_len", 200))
			}
			if len(t.Items) == 0 {
				v.AddRow(ti+1, "outline", t.Title, i18n.T("scheme.task_empty"))
			}
			for ii := range t.Items {
				it := &t.Items[ii]
				it.Title = strings.TrimSpace(it.Title)
				if it.Title == "" || utf8.RuneCountInString(it.Title) > 300 {
					v.AddRow(ii+1, "outline", t.Title+" · "+i18n.T("scheme.field.item"), i18n.T("scheme.title_len", 300))
				}
				items++
			}
		}
	}
	if len(in.Aspects) == 0 && !v.Has("outline") {
		v.Add("outline", i18n.T("scheme.field.outline"), i18n.T("scheme.outline_required"))
	}
	if items > 1000 {
		v.Add("outline", i18n.T("scheme.field.outline"), i18n.T("scheme.too_many", 1000))
	}
	in.OrgIDs = dedupe(in.OrgIDs)
	return v
}

func checkOrgs(ctx context.Context, tx *store.Tx, p *access.Principal, ids []int64, v *fault.Fields) error {
	for _, id := range ids {
		var dissolved bool
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT kind, dissolved FROM orgs WHERE id = ? AND path LIKE ?`, id, p.ScopeLike()).Scan(&kind, &dissolved)
		if store.IsNoRows(err) || (err == nil && (dissolved || kind == "group")) {
			v.Add("org_ids", i18n.T("scheme.field.orgs"), i18n.T("field.not_found"))
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func writeOutline(ctx context.Context, tx *store.Tx, id int64, as []Aspect) error {
	for ai, a := range as {
		var aid int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO scheme_aspects (scheme_id, sort, title) VALUES (?, ?, ?) RETURNING id`, id, ai, a.Title).Scan(&aid); err != nil {
			return err
		}
		for ti, t := range a.Tasks {
			var tid int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO scheme_tasks (aspect_id, sort, title) VALUES (?, ?, ?) RETURNING id`, aid, ti, t.Title).Scan(&tid); err != nil {
				return err
			}
			for ii, it := range t.Items {
				if _, err := tx.ExecContext(ctx, `INSERT INTO scheme_items (task_id, sort, title) VALUES (?, ?, ?)`, tid, ii, it.Title); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func deleteOutline(ctx context.Context, tx *store.Tx, id int64) error {
	for _, q := range []string{
		`DELETE FROM scheme_items WHERE task_id IN (SELECT t.id FROM scheme_tasks t JOIN scheme_aspects a ON a.id = t.aspect_id WHERE a.scheme_id = ?)`,
		`DELETE FROM scheme_tasks WHERE aspect_id IN (SELECT id FROM scheme_aspects WHERE scheme_id = ?)`,
		`DELETE FROM scheme_aspects WHERE scheme_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

func writeAssignments(ctx context.Context, tx *store.Tx, id int64, ids []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM scheme_assignments WHERE scheme_id = ?`, id); err != nil {
		return err
	}
	for _, o := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO scheme_assignments (scheme_id, org_id) VALUES (?, ?)`, id, o); err != nil {
			return err
		}
	}
	return nil
}

// CreateScheme sets up a scheme with its outline and assignments.
func (s *Service) CreateScheme(ctx context.Context, p *access.Principal, in Input) (Scheme, error) {
	if !p.Can(access.PermRatingManage) {
		return Scheme{}, forbidden()
	}
	v := validateScheme(&in)
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := checkOrgs(ctx, tx, p, in.OrgIDs, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO schemes (org_id, name, starts_on, ends_on, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.OrgID, in.Name, in.StartsOn, in.EndsOn, in.Note, now, now).Scan(&id); err != nil {
			return err
		}
		if err := writeOutline(ctx, tx, id, in.Aspects); err != nil {
			return err
		}
		if err := writeAssignments(ctx, tx, id, in.OrgIDs); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "scheme.create", ObjectType: "scheme", ObjectID: id,
			Detail: map[string]any{"name": in.Name, "starts_on": in.StartsOn, "ends_on": in.EndsOn, "outline": Outline(in.Aspects), "org_ids": in.OrgIDs}})
	})
	if err != nil {
		return Scheme{}, err
	}
	return s.Scheme(ctx, p, id)
}

// UpdateScheme edits a scheme. Its outline is the record of what
// organizations completed: once any completion is reported, the outline
// stays and only the name, dates, note and assignments change.
func (s *Service) UpdateScheme(ctx context.Context, p *access.Principal, id int64, in Input) (Scheme, error) {
	if !p.Can(access.PermRatingManage) {
		return Scheme{}, forbidden()
	}
	v := validateScheme(&in)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getScheme(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return schemeNotFound()
		}
		if err != nil {
			return err
		}
		if !p.InScope(orgPath(ctx, tx, before.OrgID)) {
			return schemeNotFound()
		}
		if before.Completed && Outline(before.Aspects) != Outline(in.Aspects) {
			v.Add("outline", i18n.T("scheme.field.outline"), i18n.T("scheme.outline_frozen"))
		}
		if err := checkOrgs(ctx, tx, p, in.OrgIDs, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE schemes SET name = ?, starts_on = ?, ends_on = ?, note = ?, updated_at = ? WHERE id = ?`,
			in.Name, in.StartsOn, in.EndsOn, in.Note, store.Millis(s.Now()), id); err != nil {
			return err
		}
		if !before.Completed {
			if err := deleteOutline(ctx, tx, id); err != nil {
				return err
			}
			if err := writeOutline(ctx, tx, id, in.Aspects); err != nil {
				return err
			}
		}
		if err := writeAssignments(ctx, tx, id, in.OrgIDs); err != nil {
			return err
		}
		var bo []int64
		for _, a := range before.Assigned {
			bo = append(bo, a.OrgID)
		}
		return audit.Record(ctx, tx, audit.Event{Action: "scheme.update", ObjectType: "scheme", ObjectID: id,
			Detail: map[string]any{"name": [2]string{before.Name, in.Name}, "starts_on": [2]string{before.StartsOn, in.StartsOn},
				"ends_on": [2]string{before.EndsOn, in.EndsOn}, "outline": [2]string{Outline(before.Aspects), Outline(in.Aspects)}, "org_ids": [2][]int64{bo, in.OrgIDs}}})
	})
	if err != nil {
		return Scheme{}, err
	}
	return s.Scheme(ctx, p, id)
}

func orgPath(ctx context.Context, q store.Querier, id int64) string {
	var path string
	_ = q.QueryRowContext(ctx, `SELECT path FROM orgs WHERE id = ?`, id).Scan(&path)
	return path
}

// Completions lists what an assigned organization has reported done.
func (s *Service) Completions(ctx context.Context, p *access.Principal, id, orgID int64) (map[int64]Completion, error) {
	if _, err := s.Scheme(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT c.item_id, c.org_id, c.done_on, c.evidence, c.actor, c.at FROM scheme_completions c
		JOIN scheme_items i ON i.id = c.item_id JOIN scheme_tasks t ON t.id = i.task_id JOIN scheme_aspects a ON a.id = t.aspect_id
		JOIN orgs o ON o.id = c.org_id WHERE a.scheme_id = ? AND c.org_id = ? AND o.path LIKE ?`, id, orgID, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]Completion{}
	for rows.Next() {
		var c Completion
		var at int64
		if err := rows.Scan(&c.ItemID, &c.OrgID, &c.DoneOn, &c.Evidence, &c.Actor, &at); err != nil {
			return nil, err
		}
		c.At = store.Time(at)
		out[c.ItemID] = c
	}
	return out, rows.Err()
}

// Complete records that an assigned organization in scope finished an
// item of the scheme.
func (s *Service) Complete(ctx context.Context, p *access.Principal, id int64, in Completion) (Completion, error) {
	if !p.Can(access.PermSchemeReport) {
		return Completion{}, forbidden()
	}
	var v fault.Fields
	checkText(&v, "evidence", i18n.T("scheme.field.evidence"), &in.Evidence, 500, true)
	in.DoneOn = strings.TrimSpace(in.DoneOn)
	switch {
	case !validDate(in.DoneOn):
		v.Add("done_on", i18n.T("scheme.field.done_on"), i18n.T("field.date_format"))
	case in.DoneOn > s.today():
		v.Add("done_on", i18n.T("scheme.field.done_on"), i18n.T("field.date_future"))
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		// Only the outline and this one assignment are read: reloading every
		// organization's progress made each report cost as much as the
		// scheme's whole progress page.
		x, err := schemeOutline(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return schemeNotFound()
		}
		if err != nil {
			return err
		}
		var assigned int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM scheme_assignments sa JOIN orgs o ON o.id = sa.org_id
			WHERE sa.scheme_id = ? AND sa.org_id = ? AND o.path LIKE ?`, id, in.OrgID, p.ScopeLike()).Scan(&assigned); err != nil {
			return err
		}
		if assigned == 0 {
			v.Add("org_id", i18n.T("scheme.field.org"), i18n.T("scheme.not_assigned"))
		}
		known := false
		for _, a := range x.Aspects {
			for _, t := range a.Tasks {
				for _, it := range t.Items {
					known = known || it.ID == in.ItemID
				}
			}
		}
		if !known {
			v.Add("item_id", i18n.T("scheme.field.item"), i18n.T("field.not_found"))
		}
		if in.DoneOn != "" && (in.DoneOn < x.StartsOn) {
			v.Add("done_on", i18n.T("scheme.field.done_on"), i18n.T("scheme.done_before_start", x.StartsOn))
		}
		if err := v.Err(); err != nil {
			return err
		}
		actor := who(ctx, p)
		now := store.Millis(s.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO scheme_completions (item_id, org_id, done_on, evidence, actor, at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (item_id, org_id) DO UPDATE SET done_on = excluded.done_on, evidence = excluded.evidence, actor = excluded.actor, at = excluded.at`,
			in.ItemID, in.OrgID, in.DoneOn, in.Evidence, actor.Name, now); err != nil {
			return err
		}
		in.Actor, in.At = actor.Name, store.Time(now)
		return audit.Record(ctx, tx, audit.Event{Action: "scheme.complete", ObjectType: "scheme", ObjectID: id,
			Detail: map[string]any{"item_id": in.ItemID, "org_id": in.OrgID, "done_on": in.DoneOn, "evidence": in.Evidence}})
	})
	return in, err
}

func itoa(n int) string {
	if n <= 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
