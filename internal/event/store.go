package event

import (
	"context"
	"strings"

	"troika/internal/store"
)

// cols reads an event with the names of its organization, grid, category
// and handler.
const cols = `e.id, e.code, e.org_id, o.name, COALESCE(e.grid_id, 0), COALESCE(g.name, ''), e.category_id, c.name,
	e.place, e.description, e.source, e.reporter_name, e.phone_mask, COALESCE(e.worker_id, 0), e.reported_at, e.status,
	COALESCE(e.handler_org_id, 0), COALESCE(h.name, ''), e.handler_dept, e.stage_at, e.warn_at, e.due_at, e.late, e.reopened,
	e.closed_at, e.rating, e.rated_at, e.created_at, e.updated_at`

const fromSQL = ` FROM events e JOIN orgs o ON o.id = e.org_id
	JOIN event_categories c ON c.id = e.category_id
	LEFT JOIN grids g ON g.id = e.grid_id
	LEFT JOIN orgs h ON h.id = e.handler_org_id`

func scan(sc interface{ Scan(...any) error }, now int64) (Event, error) {
	var e Event
	var src, status, rating string
	var reported, stage, warn, due, closed, rated, created, updated int64
	err := sc.Scan(&e.ID, &e.Code, &e.OrgID, &e.OrgName, &e.GridID, &e.GridName, &e.CategoryID, &e.Category,
		&e.Place, &e.Description, &src, &e.ReporterName, &e.PhoneMask, &e.WorkerID, &reported, &status,
		&e.HandlerOrgID, &e.HandlerOrg, &e.HandlerDept, &stage, &warn, &due, &e.Late, &e.Reopened,
		&closed, &rating, &rated, &created, &updated)
	if err != nil {
		return e, err
	}
	e.Source, e.Status, e.Rating = Source(src), Status(status), Rating(rating)
	e.ReportedAt, e.StageAt, e.WarnAt, e.DueAt = store.Time(reported), store.Time(stage), store.Time(warn), store.Time(due)
	e.ClosedAt, e.RatedAt, e.CreatedAt, e.UpdatedAt = store.Time(closed), store.Time(rated), store.Time(created), store.Time(updated)
	e.derive(now)
	return e, nil
}

// derive fills what an event shows beside its columns: the labels, the
// stage and its clock at now (Unix ms), whether it can be rated.
func (e *Event) derive(now int64) {
	e.SourceLabel, e.StatusLabel, e.RatingLabel = e.Source.Label(), e.Status.Label(), e.Rating.Label()
	due, warn := store.Millis(e.DueAt), store.Millis(e.WarnAt)
	if e.Status.Open() {
		e.StageLabel = stageOf(e.Status).Label()
		switch {
		case now >= due:
			e.Clock = "overdue"
			e.OverdueHours = int((now - due) / 3_600_000)
		case now >= warn:
			e.Clock = "warn"
		default:
			e.Clock = "ok"
		}
	}
	e.CanBeRated = e.Status == StatusClosed && e.Rating == ""
}

// scope limits events to the principal's subtree and, for a grid worker,
// to their grids (grid.WorkerGridFilter).
type scope struct {
	Like  string
	Extra string // " AND e.grid_id IN (…)" or ""
	Args  []any
}

func (s scope) where() (string, []any) {
	return "o.path LIKE ?" + s.Extra, append([]any{s.Like}, s.Args...)
}

func get(ctx context.Context, q store.Querier, sc scope, id int64, now int64) (Event, error) {
	w, args := sc.where()
	return scan(q.QueryRowContext(ctx, `SELECT `+cols+fromSQL+` WHERE e.id = ? AND `+w, append([]any{id}, args...)...), now)
}

func getByCode(ctx context.Context, q store.Querier, code string, now int64) (Event, error) {
	return scan(q.QueryRowContext(ctx, `SELECT `+cols+fromSQL+` WHERE e.code = ?`, code), now)
}

// Filter narrows the events list.
type Filter struct {
	Q          string
	Status     Status
	CategoryID int64
	GridID     int64
	Under      int64  // an organization's subtree within scope
	Clock      string // "overdue" or "warn": open events past their limit or its 80%
	From, To   int64  // reported in [From, To) (Unix ms), 0 for open
	Now        int64
	Limit      int
	Offset     int
}

func (f Filter) where(sc scope) (string, []any) {
	w, args := sc.where()
	conds := []string{w}
	if f.Q != "" {
		like := "%" + escapeLike(f.Q) + "%"
		conds = append(conds, "(e.code = ? OR e.place LIKE ? OR e.description LIKE ?)")
		args = append(args, strings.ToUpper(f.Q), like, like)
	}
	if f.Status != "" {
		conds = append(conds, "e.status = ?")
		args = append(args, string(f.Status))
	}
	if f.CategoryID > 0 {
		conds = append(conds, "e.category_id = ?")
		args = append(args, f.CategoryID)
	}
	if f.GridID > 0 {
		conds = append(conds, "e.grid_id = ?")
		args = append(args, f.GridID)
	}
	if f.Under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	switch f.Clock {
	case "overdue":
		conds = append(conds, "e.status <> 'closed' AND e.due_at <= ?")
		args = append(args, f.Now)
	case "warn":
		conds = append(conds, "e.status <> 'closed' AND e.warn_at <= ? AND e.due_at > ?")
		args = append(args, f.Now, f.Now)
	}
	if f.From > 0 {
		conds = append(conds, "e.reported_at >= ?")
		args = append(args, f.From)
	}
	if f.To > 0 {
		conds = append(conds, "e.reported_at < ?")
		args = append(args, f.To)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func escapeLike(s string) string { return strings.NewReplacer("%", "", "_", "").Replace(s) }

func list(ctx context.Context, q store.Querier, sc scope, f Filter) ([]Event, int, error) {
	where, args := f.where(sc)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM events e JOIN orgs o ON o.id = e.org_id`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	order := ` ORDER BY e.reported_at DESC, e.id DESC`
	if f.Clock != "" {
		order = ` ORDER BY e.due_at, e.id`
	}
	rows, err := q.QueryContext(ctx, `SELECT `+cols+fromSQL+where+order+` LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		e, err := scan(rows, f.Now)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

func steps(ctx context.Context, q store.Querier, id int64) ([]Step, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.action, s.from_status, s.to_status, s.note, COALESCE(h.name, ''), s.handler_dept,
		s.late, s.actor, s.at FROM event_steps s LEFT JOIN orgs h ON h.id = s.handler_org_id WHERE s.event_id = ? ORDER BY s.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Step{}
	for rows.Next() {
		var s Step
		var act, fs, ts string
		var at int64
		if err := rows.Scan(&s.ID, &act, &fs, &ts, &s.Note, &s.HandlerOrg, &s.HandlerDep, &s.Late, &s.Actor, &at); err != nil {
			return nil, err
		}
		s.Action, s.FromStatus, s.ToStatus, s.At = Action(act), Status(fs), Status(ts), store.Time(at)
		s.Label = s.Action.Label()
		out = append(out, s)
	}
	return out, rows.Err()
}

func photos(ctx context.Context, q store.Querier, id int64) ([]Photo, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, COALESCE(step_id, 0), sha256, content_type, bytes, width, height
		FROM event_photos WHERE event_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Photo{}
	for rows.Next() {
		var p Photo
		if err := rows.Scan(&p.ID, &p.StepID, &p.SHA256, &p.ContentType, &p.Bytes, &p.Width, &p.Height); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func evaluations(ctx context.Context, q store.Querier, id int64) ([]Evaluation, error) {
	rows, err := q.QueryContext(ctx, `SELECT round, rating, comment, channel, at FROM event_evaluations WHERE event_id = ? ORDER BY round`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Evaluation{}
	for rows.Next() {
		var ev Evaluation
		var r string
		var at int64
		if err := rows.Scan(&ev.Round, &r, &ev.Comment, &ev.Channel, &at); err != nil {
			return nil, err
		}
		ev.Rating, ev.At = Rating(r), store.Time(at)
		ev.Label = ev.Rating.Label()
		out = append(out, ev)
	}
	return out, rows.Err()
}

func addStep(ctx context.Context, tx *store.Tx, id int64, act Action, fromS, toS Status, note string, handler int64, dept string, late bool, actorID int64, actor string, now int64) (int64, error) {
	var sid int64
	err := store.Kept.QueryRowContext(ctx, tx, `INSERT INTO event_steps (event_id, action, from_status, to_status, note, handler_org_id, handler_dept, late, actor_id, actor, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, id, string(act), string(fromS), string(toS), note, nullID(handler), dept, late, actorID, actor, now).Scan(&sid)
	return sid, err
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

// categories lists the categories, active ones only when activeOnly.
func categories(ctx context.Context, q store.Querier, activeOnly bool) ([]Category, error) {
	w := ""
	if activeOnly {
		w = ` WHERE active = TRUE`
	}
	rows, err := q.QueryContext(ctx, `SELECT id, code, name, accept_hours, dispatch_hours, handle_hours, verify_hours, close_hours, active, sort
		FROM event_categories`+w+` ORDER BY sort, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Category{}
	for rows.Next() {
		var c Category
		if err := rows.Scan(&c.ID, &c.Code, &c.Name, &c.AcceptHours, &c.DispatchHours, &c.HandleHours, &c.VerifyHours, &c.CloseHours, &c.Active, &c.Sort); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func category(ctx context.Context, q store.Querier, id int64) (Category, error) {
	var c Category
	err := store.Kept.QueryRowContext(ctx, q, `SELECT id, code, name, accept_hours, dispatch_hours, handle_hours, verify_hours, close_hours, active, sort
		FROM event_categories WHERE id = ?`, id).
		Scan(&c.ID, &c.Code, &c.Name, &c.AcceptHours, &c.DispatchHours, &c.HandleHours, &c.VerifyHours, &c.CloseHours, &c.Active, &c.Sort)
	return c, err
}
