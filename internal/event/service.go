package event

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/grid"
	"troika/internal/i18n"
	"troika/internal/personal"
	"troika/internal/store"
)

// Service applies the rules of livelihood events.
type Service struct {
	DB   *store.DB
	Keys *personal.Keyring
	// Now is the clock of every time limit; tests move it.
	Now func() time.Time
	// Photos is the directory photos are stored in, by SHA-256.
	Photos string
	// Public limits the public pages per client address: reports and
	// evaluations (posts) and lookups by tracking code.
	PublicPosts, PublicReads *Limiter
}

// NewService returns the service; photos go under dataDir/uploads/events.
func NewService(db *store.DB, keys *personal.Keyring, dataDir string) *Service {
	return &Service{DB: db, Keys: keys, Now: func() time.Time { return time.Now().UTC() },
		Photos:      filepath.Join(dataDir, "uploads", "events"),
		PublicPosts: NewLimiter(10, 5, 10000), PublicReads: NewLimiter(120, 30, 10000)}
}

func notFound() error { return fault.New(fault.NotFound, "%s", i18n.T("event.not_found")) }

func (s *Service) now() int64 { return store.Millis(s.Now()) }

// scopeOf is the principal's event scope.
func scopeOf(p *access.Principal) scope {
	extra, args := grid.WorkerGridFilter(p, "e.grid_id")
	return scope{Like: p.ScopeLike(), Extra: extra, Args: args}
}

// Get returns an event in the principal's scope.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (Event, error) {
	e, err := get(ctx, s.DB, scopeOf(p), id, s.now())
	if store.IsNoRows(err) {
		return e, notFound()
	}
	return e, err
}

// Detail is a case with everything its page shows.
type Detail struct {
	Event       Event        `json:"event"`
	Steps       []Step       `json:"steps"`
	Photos      []Photo      `json:"photos"`
	Evaluations []Evaluation `json:"evaluations"`
	Duplicates  []Event      `json:"possible_duplicates"`
}

// Detail returns a case in scope with its timeline.
func (s *Service) Detail(ctx context.Context, p *access.Principal, id int64) (Detail, error) {
	e, err := s.Get(ctx, p, id)
	if err != nil {
		return Detail{}, err
	}
	d, err := s.detail(ctx, e)
	if err != nil {
		return d, err
	}
	d.Duplicates, err = s.duplicates(ctx, scopeOf(p), e)
	return d, err
}

func (s *Service) detail(ctx context.Context, e Event) (Detail, error) {
	d := Detail{Event: e}
	var err error
	if d.Steps, err = steps(ctx, s.DB, e.ID); err != nil {
		return d, err
	}
	if d.Photos, err = photos(ctx, s.DB, e.ID); err != nil {
		return d, err
	}
	for i := range d.Steps {
		for _, ph := range d.Photos {
			if ph.StepID == d.Steps[i].ID {
				d.Steps[i].Photos = append(d.Steps[i].Photos, ph)
			}
		}
	}
	d.Evaluations, err = evaluations(ctx, s.DB, e.ID)
	return d, err
}

// List returns one page of events in scope.
func (s *Service) List(ctx context.Context, p *access.Principal, f Filter) ([]Event, int, error) {
	f.Now = s.now()
	return list(ctx, s.DB, scopeOf(p), f)
}

// Categories lists the categories (active ones only when active).
func (s *Service) Categories(ctx context.Context, active bool) ([]Category, error) {
	return categories(ctx, s.DB, active)
}

// newCode is a tracking code: 10 characters of base32, 50 random bits.
func newCode() string {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base32.StdEncoding.EncodeToString(b)[:10]
}

// NormalizeCode reads a code as typed: case and spaces do not matter; ok is
// false unless it has the shape of a code.
func NormalizeCode(s string) (string, bool) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if len(s) != 10 {
		return "", false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '2' && r <= '7') {
			return "", false
		}
	}
	return s, true
}

func checkText(v *fault.Fields, field, label string, val *string, max int, required bool) {
	*val = strings.TrimSpace(*val)
	switch {
	case *val == "" && required:
		v.Add(field, label, i18n.T("field.required"))
	case !utf8.ValidString(*val):
		v.Add(field, label, i18n.T("event.bad_text"))
	case utf8.RuneCountInString(*val) > max:
		v.Add(field, label, i18n.T("field.max_len", max))
	}
}

// validate checks a report without the database; phone is normalized.
func validate(in *Input) fault.Fields {
	var v fault.Fields
	if in.CategoryID <= 0 {
		v.Add("category_id", i18n.T("event.field.category"), i18n.T("field.choose"))
	}
	if in.OrgID <= 0 && in.GridID <= 0 {
		v.Add("org_id", i18n.T("event.field.org"), i18n.T("field.choose"))
	}
	checkText(&v, "place", i18n.T("event.field.place"), &in.Place, 100, true)
	checkText(&v, "description", i18n.T("event.field.description"), &in.Description, 1000, true)
	checkText(&v, "reporter_name", i18n.T("event.field.reporter_name"), &in.ReporterName, 20, false)
	if in.Phone = strings.TrimSpace(in.Phone); in.Phone != "" {
		n, ok := personal.NormalizePhone(in.Phone)
		if !ok {
			v.Add("phone", i18n.T("event.field.phone"), i18n.T("event.phone_format"))
		}
		in.Phone = n
	}
	return v
}

// publicOrgs is the condition on organizations that take reports: the live
// communities and villages, and any organization that has a grid.
const publicOrgs = `o.dissolved = FALSE AND ((o.kind IN ('general', 'branch') AND o.domain IN ('community', 'rural'))
	OR o.id IN (SELECT org_id FROM grids WHERE active = TRUE))`

// Place is an organization (or grid) a report can be filed under.
type Place struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// PublicPlaces lists the organizations residents can report to.
func (s *Service) PublicPlaces(ctx context.Context) ([]Place, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT o.id, o.name FROM orgs o WHERE `+publicOrgs+` ORDER BY o.path`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Place{}
	for rows.Next() {
		var pl Place
		if err := rows.Scan(&pl.ID, &pl.Name); err != nil {
			return nil, err
		}
		out = append(out, pl)
	}
	return out, rows.Err()
}

// resolved is where a report is filed after checking the input against
// the database.
type resolved struct {
	orgID, gridID, workerID int64
	orgName, gridName       string
	cat                     Category
}

// resolve checks category, organization and grid. like is the reporter's
// scope ("%" for the public, who may report anywhere that takes reports).
func (s *Service) resolve(ctx context.Context, tx store.Querier, p *access.Principal, in Input, v *fault.Fields) (resolved, error) {
	var r resolved
	c, err := category(ctx, tx, in.CategoryID)
	switch {
	case store.IsNoRows(err) || (err == nil && !c.Active):
		if in.CategoryID > 0 {
			v.Add("category_id", i18n.T("event.field.category"), i18n.T("field.not_found"))
		}
	case err != nil:
		return r, err
	}
	r.cat = c
	if in.GridID > 0 {
		extra, args := grid.WorkerGridFilter(p, "g.id")
		like := "%"
		if p != nil {
			like = p.ScopeLike()
		}
		err := store.Kept.QueryRowContext(ctx, tx, `SELECT g.id, g.org_id, g.name, o.name FROM grids g JOIN orgs o ON o.id = g.org_id
			WHERE g.id = ? AND g.active = TRUE AND o.path LIKE ?`+extra, append([]any{in.GridID, like}, args...)...).Scan(&r.gridID, &r.orgID, &r.gridName, &r.orgName)
		switch {
		case store.IsNoRows(err):
			v.Add("grid_id", i18n.T("event.field.grid"), i18n.T("field.not_found"))
			return r, nil
		case err != nil:
			return r, err
		}
		if in.OrgID > 0 && in.OrgID != r.orgID {
			v.Add("grid_id", i18n.T("event.field.grid"), i18n.T("event.grid_other_org"))
		}
	} else if p != nil && p.Role == access.RoleGrid {
		v.Add("grid_id", i18n.T("event.field.grid"), i18n.T("field.choose"))
		return r, nil
	} else if in.OrgID > 0 {
		q := `SELECT o.id, o.name FROM orgs o WHERE o.id = ? AND `
		args := []any{in.OrgID}
		if p == nil {
			q += publicOrgs
		} else {
			q += `o.dissolved = FALSE AND o.path LIKE ?`
			args = append(args, p.ScopeLike())
		}
		err := store.Kept.QueryRowContext(ctx, tx, q, args...).Scan(&r.orgID, &r.orgName)
		switch {
		case store.IsNoRows(err):
			v.Add("org_id", i18n.T("event.field.org"), i18n.T("field.not_found"))
		case err != nil:
			return r, err
		}
	}
	if p != nil && p.Role == access.RoleGrid && r.gridID > 0 {
		err := tx.QueryRowContext(ctx, `SELECT id FROM grid_workers WHERE user_id = ? AND grid_id = ? AND until = '' ORDER BY id LIMIT 1`,
			p.UserID, r.gridID).Scan(&r.workerID)
		if err != nil && !store.IsNoRows(err) {
			return r, err
		}
	}
	return r, nil
}

// Report files a case for a signed-in reporter: a grid worker (source
// grid, on their grid) or staff taking a phone call or a visitor.
func (s *Service) Report(ctx context.Context, p *access.Principal, in Input, files [][]byte) (Event, error) {
	v := checkReport(p, &in)
	c, err := s.create(ctx, p, in, files, v)
	return c.Event, err
}

// checkReport sets the source of a signed-in reporter's case and checks
// the input without the database.
func checkReport(p *access.Principal, in *Input) fault.Fields {
	if p.Role == access.RoleGrid {
		in.Source = SourceGrid
	} else if in.Source == "" {
		in.Source = SourcePhone
	}
	v := validate(in)
	if !in.Source.Valid() || in.Source == SourcePublic {
		v.Add("source", i18n.T("event.field.source"), i18n.T("field.choose"))
	}
	return v
}

// ReportDetail files a case like Report and returns it with its timeline
// and the open cases it may duplicate, as the case's page shows it. The
// new case is not read back: everything in it was just written.
func (s *Service) ReportDetail(ctx context.Context, p *access.Principal, in Input, files [][]byte) (Detail, error) {
	v := checkReport(p, &in)
	c, err := s.create(ctx, p, in, files, v)
	if err != nil {
		return Detail{}, err
	}
	var d Detail
	if c.photos > 0 {
		// Photos of the same content are kept once: read what was kept.
		if d, err = s.detail(ctx, c.Event); err != nil {
			return d, err
		}
	} else {
		d = Detail{Event: c.Event, Steps: []Step{c.step}, Photos: []Photo{}, Evaluations: []Evaluation{}}
	}
	d.Duplicates, err = s.duplicates(ctx, scopeOf(p), c.Event)
	return d, err
}

// PublicReport files a resident's report from the public page and returns
// the tracking code.
func (s *Service) PublicReport(ctx context.Context, in Input, files [][]byte) (string, error) {
	in.Source = SourcePublic
	v := validate(&in)
	c, err := s.create(ctx, nil, in, files, v)
	return c.Code, err
}

// created is a case just filed: the event as it was written (as get would
// read it back), its first step and how many photos came with it.
type created struct {
	Event
	step   Step
	photos int
}

func (s *Service) create(ctx context.Context, p *access.Principal, in Input, files [][]byte, v fault.Fields) (created, error) {
	if len(files) > MaxPhotos {
		v.Add("photo", i18n.T("event.field.photo"), i18n.T("event.photo.too_many", MaxPhotos))
	}
	ups := make([]upload, 0, len(files))
	for _, f := range files {
		u, err := processPhoto(f)
		if err != nil {
			if fe, ok := fault.As(err); ok {
				for _, x := range fe.Fields {
					v.Add(x.Field, x.Label, x.Message)
				}
				continue
			}
			return created{}, err
		}
		ups = append(ups, u)
	}
	// The checks read; only the writes hold the (SQLite: only) write lock.
	r, err := s.resolve(ctx, s.DB, p, in, &v)
	if err != nil {
		return created{}, err
	}
	if err := v.Err(); err != nil {
		return created{}, err
	}
	actor := audit.ActorFrom(ctx)
	var by int64
	if p != nil {
		by = p.UserID
	}
	phoneEnc, phoneMask := "", ""
	if in.Phone != "" {
		phoneEnc, phoneMask = s.Keys.Seal(in.Phone), personal.MaskPhone(in.Phone)
	}
	limit := r.cat.Limit(StageAccept)
	var id, sid int64
	var code string
	var nowMs int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		now := s.Now()
		nowMs = store.Millis(now)
		for try := 0; ; try++ {
			code = newCode()
			err = store.Kept.QueryRowContext(ctx, tx, `INSERT INTO events (code, org_id, grid_id, category_id, place, description, source, reporter_name,
				phone_enc, phone_mask, reported_by, worker_id, reported_at, status, stage_at, warn_at, due_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reported', ?, ?, ?, ?, ?)
				ON CONFLICT (code) DO NOTHING RETURNING id`,
				code, r.orgID, nullID(r.gridID), r.cat.ID, in.Place, in.Description, string(in.Source), in.ReporterName,
				phoneEnc, phoneMask, by, nullID(r.workerID), nowMs, nowMs, store.Millis(now.Add(limit*8/10)), store.Millis(now.Add(limit)),
				nowMs, nowMs).Scan(&id)
			if store.IsNoRows(err) && try < 5 {
				continue // a code already taken: draw another
			}
			if err != nil {
				return err
			}
			break
		}
		sid, err = addStep(ctx, tx, id, ActReport, "", StatusReported, in.Source.Label(), 0, "", false, actor.ID, actor.Name, nowMs)
		if err != nil {
			return err
		}
		if err := s.savePhotos(ctx, tx, id, sid, ups, nowMs); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "event.create", ObjectType: "event", ObjectID: id,
			Detail: map[string]any{"org_id": r.orgID, "grid_id": r.gridID, "category": r.cat.Name, "source": in.Source,
				"place": in.Place, "phone": phoneMask, "photos": len(ups)}})
	})
	if err != nil {
		return created{}, err
	}
	// The row as get reads it back (the stored times are milliseconds).
	at := store.Time(nowMs)
	e := Event{ID: id, Code: code, OrgID: r.orgID, OrgName: r.orgName, GridID: r.gridID, GridName: r.gridName,
		CategoryID: r.cat.ID, Category: r.cat.Name, Place: in.Place, Description: in.Description, Source: in.Source,
		ReporterName: in.ReporterName, PhoneMask: phoneMask, WorkerID: r.workerID, ReportedAt: at, Status: StatusReported,
		StageAt: at, WarnAt: store.Time(store.Millis(at.Add(limit * 8 / 10))), DueAt: store.Time(store.Millis(at.Add(limit))),
		CreatedAt: at, UpdatedAt: at}
	e.derive(nowMs)
	st := Step{ID: sid, Action: ActReport, Label: ActReport.Label(), ToStatus: StatusReported, Note: in.Source.Label(),
		Actor: actor.Name, At: at}
	return created{Event: e, step: st, photos: len(ups)}, nil
}

func (s *Service) savePhotos(ctx context.Context, tx *store.Tx, id, stepID int64, ups []upload, now int64) error {
	for _, u := range ups {
		if err := storePhoto(s.Photos, u); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_photos (event_id, step_id, sha256, content_type, bytes, width, height, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, sha256) DO NOTHING`,
			id, nullID(stepID), u.SHA256, u.ContentType, len(u.Data), u.Width, u.Height, now); err != nil {
			return err
		}
	}
	return nil
}

func badStep(st Status, a Action) error {
	return fault.New(fault.Conflict, "%s", i18n.T("event.bad_step", st.Label(), a.Label()))
}

// Step takes one workflow step on a case in scope. Dispatch, reassignment
// name the handling organization (in scope) and optionally a department;
// escalation hands the case to the parent of its current handler; handle
// and return need a note (what was done, why it goes back).
func (s *Service) Step(ctx context.Context, p *access.Principal, id int64, act Action, in StepInput, files [][]byte) (Event, error) {
	var v fault.Fields
	checkText(&v, "note", i18n.T("event.field.note"), &in.Note, 500, act == ActHandle || act == ActReturn || act == ActReassign)
	checkText(&v, "handler_dept", i18n.T("event.field.handler_dept"), &in.HandlerDept, 40, false)
	if (act == ActDispatch || act == ActReassign) && in.HandlerOrgID <= 0 {
		v.Add("handler_org_id", i18n.T("event.field.handler_org"), i18n.T("field.choose"))
	}
	if len(files) > MaxPhotos {
		v.Add("photo", i18n.T("event.field.photo"), i18n.T("event.photo.too_many", MaxPhotos))
	}
	var ups []upload
	for _, f := range files {
		u, err := processPhoto(f)
		if err != nil {
			if fe, ok := fault.As(err); ok {
				for _, x := range fe.Fields {
					v.Add(x.Field, x.Label, x.Message)
				}
				continue
			}
			return Event{}, err
		}
		ups = append(ups, u)
	}
	if _, ok := to[act]; !ok {
		return Event{}, notFound()
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		nowMs := store.Millis(now)
		e, err := get(ctx, tx, scopeOf(p), id, nowMs)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if !e.Status.Can(act) {
			return badStep(e.Status, act)
		}
		handler, dept := e.HandlerOrgID, e.HandlerDept
		switch act {
		case ActDispatch, ActReassign:
			if in.HandlerOrgID > 0 {
				var ok int64
				err := tx.QueryRowContext(ctx, `SELECT id FROM orgs WHERE id = ? AND path LIKE ? AND dissolved = FALSE`, in.HandlerOrgID, p.ScopeLike()).Scan(&ok)
				if store.IsNoRows(err) {
					v.Add("handler_org_id", i18n.T("event.field.handler_org"), i18n.T("field.not_found"))
				} else if err != nil {
					return err
				}
				if act == ActReassign && in.HandlerOrgID == e.HandlerOrgID && in.HandlerDept == e.HandlerDept {
					v.Add("handler_org_id", i18n.T("event.field.handler_org"), i18n.T("event.same_handler"))
				}
			}
			handler, dept = in.HandlerOrgID, in.HandlerDept
		case ActEscalate:
			base := e.HandlerOrgID
			if base == 0 {
				base = e.OrgID
			}
			var parent int64
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(parent_id, 0) FROM orgs WHERE id = ?`, base).Scan(&parent); err != nil {
				return err
			}
			if parent == 0 {
				return fault.New(fault.Conflict, "%s", i18n.T("event.no_parent"))
			}
			handler, dept = parent, ""
		}
		if err := v.Err(); err != nil {
			return err
		}
		next := to[act]
		late := nowMs > store.Millis(e.DueAt)
		c, err := category(ctx, tx, e.CategoryID)
		if err != nil {
			return err
		}
		stage, warn, due, closed := nowMs, int64(0), int64(0), int64(0)
		if next == StatusClosed {
			closed = nowMs
		} else {
			limit := c.Limit(stageOf(next))
			warn, due = store.Millis(now.Add(limit*8/10)), store.Millis(now.Add(limit))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET status = ?, handler_org_id = ?, handler_dept = ?, stage_at = ?, warn_at = ?, due_at = ?,
			late = ?, closed_at = ?, updated_at = ? WHERE id = ?`,
			string(next), nullID(handler), dept, stage, warn, due, e.Late || late, closed, nowMs, id); err != nil {
			return err
		}
		actor := audit.ActorFrom(ctx)
		sid, err := addStep(ctx, tx, id, act, e.Status, next, in.Note, handler, dept, late, actor.ID, actor.Name, nowMs)
		if err != nil {
			return err
		}
		if err := s.savePhotos(ctx, tx, id, sid, ups, nowMs); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "event." + string(act), ObjectType: "event", ObjectID: id,
			Detail: map[string]any{"status": [2]Status{e.Status, next}, "note": in.Note, "handler_org_id": handler,
				"handler_dept": dept, "late": late, "photos": len(ups)}})
	})
	if err != nil {
		return Event{}, err
	}
	return s.Get(ctx, p, id)
}

// AddPhotos attaches photos to a case in scope, to its latest step.
func (s *Service) AddPhotos(ctx context.Context, p *access.Principal, id int64, files [][]byte) ([]Photo, error) {
	if len(files) == 0 || len(files) > MaxPhotos {
		var v fault.Fields
		v.Add("photo", i18n.T("event.field.photo"), i18n.T("event.photo.too_many", MaxPhotos))
		return nil, v.Err()
	}
	var ups []upload
	for _, f := range files {
		u, err := processPhoto(f)
		if err != nil {
			return nil, err
		}
		ups = append(ups, u)
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := get(ctx, tx, scopeOf(p), id, s.now()); store.IsNoRows(err) {
			return notFound()
		} else if err != nil {
			return err
		}
		var sid int64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM event_steps WHERE event_id = ?`, id).Scan(&sid); err != nil {
			return err
		}
		if err := s.savePhotos(ctx, tx, id, sid, ups, s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "event.photo", ObjectType: "event", ObjectID: id, Detail: map[string]any{"photos": len(ups)}})
	})
	if err != nil {
		return nil, err
	}
	return photos(ctx, s.DB, id)
}

// Evaluate records a staff member's entry of a resident's evaluation (given
// by phone) on a case in scope.
func (s *Service) Evaluate(ctx context.Context, p *access.Principal, id int64, in EvaluationInput) (Event, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return Event{}, err
	}
	if err := s.evaluate(ctx, id, in, "staff"); err != nil {
		return Event{}, err
	}
	return s.Get(ctx, p, id)
}

// PublicEvaluate records the resident's own evaluation by tracking code.
func (s *Service) PublicEvaluate(ctx context.Context, code string, in EvaluationInput) (Event, error) {
	e, err := s.Track(ctx, code)
	if err != nil {
		return Event{}, err
	}
	if err := s.evaluate(ctx, e.Event.ID, in, "public"); err != nil {
		return Event{}, err
	}
	t, err := s.Track(ctx, code)
	return t.Event, err
}

func validateEvaluation(in *EvaluationInput) error {
	var v fault.Fields
	if !in.Rating.Valid() {
		v.Add("rating", i18n.T("event.field.rating"), i18n.T("field.choose"))
	}
	checkText(&v, "comment", i18n.T("event.field.comment"), &in.Comment, 200, in.Rating == RatingUnsatisfied)
	return v.Err()
}

// evaluate applies an evaluation to a closed, unevaluated case: 不满意 in
// the first round reopens it for re-handling; otherwise the rating stands.
func (s *Service) evaluate(ctx context.Context, id int64, in EvaluationInput, channel string) error {
	if err := validateEvaluation(&in); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		nowMs := store.Millis(now)
		var status, rating string
		var reopened bool
		var catID int64
		if err := tx.QueryRowContext(ctx, `SELECT status, rating, reopened, category_id FROM events WHERE id = ?`, id).Scan(&status, &rating, &reopened, &catID); err != nil {
			return err
		}
		if Status(status) != StatusClosed || rating != "" {
			return fault.New(fault.Conflict, "%s", i18n.T("event.not_ratable"))
		}
		var round int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_evaluations WHERE event_id = ?`, id).Scan(&round); err != nil {
			return err
		}
		round++
		actor := audit.ActorFrom(ctx)
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_evaluations (event_id, round, rating, comment, channel, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, round, string(in.Rating), in.Comment, channel, actor.Name, nowMs); err != nil {
			if store.IsUniqueViolation(err) {
				return fault.New(fault.Conflict, "%s", i18n.T("event.not_ratable"))
			}
			return err
		}
		note := in.Rating.Label()
		if in.Comment != "" {
			note += "：" + in.Comment
		}
		if _, err := addStep(ctx, tx, id, ActEvaluate, StatusClosed, StatusClosed, note, 0, "", false, actor.ID, actor.Name, nowMs); err != nil {
			return err
		}
		if in.Rating == RatingUnsatisfied && !reopened {
			c, err := category(ctx, tx, catID)
			if err != nil {
				return err
			}
			limit := c.Limit(StageHandle)
			if _, err := tx.ExecContext(ctx, `UPDATE events SET status = 'dispatched', reopened = TRUE, closed_at = 0, stage_at = ?, warn_at = ?, due_at = ?, updated_at = ?
				WHERE id = ?`, nowMs, store.Millis(now.Add(limit*8/10)), store.Millis(now.Add(limit)), nowMs, id); err != nil {
				return err
			}
			if _, err := addStep(ctx, tx, id, ActReopen, StatusClosed, StatusDispatched, i18n.T("event.reopen_note"), 0, "", false, actor.ID, actor.Name, nowMs); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE events SET rating = ?, rated_at = ?, updated_at = ? WHERE id = ?`, string(in.Rating), nowMs, nowMs, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "event.evaluate", ObjectType: "event", ObjectID: id,
			Detail: map[string]any{"round": round, "rating": in.Rating, "channel": channel}})
	})
}

// Tracked is what the public tracking page shows: the case without the
// reporter's details, and its steps without who took them.
type Tracked struct {
	Event       Event        `json:"event"`
	Steps       []Step       `json:"steps"`
	Photos      []Photo      `json:"photos"`
	Evaluations []Evaluation `json:"evaluations"`
}

// Track looks a case up by tracking code.
func (s *Service) Track(ctx context.Context, code string) (Tracked, error) {
	code, ok := NormalizeCode(code)
	if !ok {
		return Tracked{}, notFound()
	}
	e, err := getByCode(ctx, s.DB, code, s.now())
	if store.IsNoRows(err) {
		return Tracked{}, notFound()
	}
	if err != nil {
		return Tracked{}, err
	}
	d, err := s.detail(ctx, e)
	if err != nil {
		return Tracked{}, err
	}
	t := Tracked{Event: e, Photos: d.Photos, Evaluations: d.Evaluations}
	t.Event.ReporterName, t.Event.PhoneMask, t.Event.WorkerID = "", "", 0
	for _, st := range d.Steps {
		// Who handled it stays inside; what was done and when is the
		// resident's to see.
		st.Actor = ""
		if st.Action != ActHandle && st.Action != ActClose && st.Action != ActReturn && st.Action != ActEvaluate {
			st.Note = ""
		}
		t.Steps = append(t.Steps, st)
	}
	return t, nil
}

// photoOf finds a photo of a case by hash.
func (s *Service) photoOf(ctx context.Context, eventID int64, sha string) (Photo, string, error) {
	if !shaRe.MatchString(sha) {
		return Photo{}, "", notFound()
	}
	var ph Photo
	err := s.DB.QueryRowContext(ctx, `SELECT id, sha256, content_type FROM event_photos WHERE event_id = ? AND sha256 = ?`, eventID, sha).
		Scan(&ph.ID, &ph.SHA256, &ph.ContentType)
	if store.IsNoRows(err) {
		return ph, "", notFound()
	}
	return ph, photoPath(s.Photos, sha), err
}

// RevealPhone returns a case's phone for a role that may see it, audited.
func (s *Service) RevealPhone(ctx context.Context, p *access.Principal, id int64) (string, error) {
	if !p.Can(access.PermPersonalClear) {
		return "", fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	if _, err := s.Get(ctx, p, id); err != nil {
		return "", err
	}
	var enc string
	if err := s.DB.QueryRowContext(ctx, `SELECT phone_enc FROM events WHERE id = ?`, id).Scan(&enc); err != nil {
		return "", err
	}
	n, err := s.Keys.Open(enc)
	if err != nil {
		return "", err
	}
	return n, audit.Log(ctx, s.DB, audit.Event{Action: "personal.reveal", ObjectType: "event", ObjectID: id,
		Detail: map[string]string{"field": "phone"}})
}
