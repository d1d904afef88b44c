package cadre

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
	"troika/internal/web"
)

// A request to read (查阅) or borrow (借阅) a personnel archive. Anyone
// who may read the cadre ledgers asks; an approver (档案室) who is not the
// requester decides; the file's contents open only to approved requests
// until their due date; a borrowed file goes out and comes back. Every step
// is audited.
type Request struct {
	ID          int64     `json:"id"`
	FileID      int64     `json:"file_id"`
	CadreName   string    `json:"cadre_name"`
	ShelfNo     string    `json:"shelf_no"`
	Kind        string    `json:"kind"`
	Requester   string    `json:"requester"`
	RequesterID int64     `json:"requester_id"`
	Purpose     string    `json:"purpose"`
	Status      string    `json:"status"`
	RequestedAt time.Time `json:"requested_at"`
	DecidedBy   string    `json:"decided_by"`
	Note        string    `json:"decision_note"`
	DueOn       string    `json:"due_on"`
	ReturnedOn  string    `json:"returned_on"`
	Overdue     bool      `json:"overdue"`
}

// KindLabel and StatusLabel name them.
func (r Request) KindLabel() string   { return i18n.T("cadre.req.kind." + r.Kind) }
func (r Request) StatusLabel() string { return i18n.T("cadre.req.status." + r.Status) }

// RequestStatuses in their order.
var RequestStatuses = []string{"pending", "approved", "rejected", "lent", "returned"}

const reqCols = `x.id, x.file_id, c.name, f.shelf_no, x.kind, x.requester, x.requester_id, x.purpose, x.status, x.requested_at,
	x.decided_by, x.decision_note, x.due_on, x.returned_on`

const reqFrom = ` FROM pa_requests x JOIN pa_files f ON f.id = x.file_id JOIN cadres c ON c.id = f.cadre_id JOIN orgs o ON o.id = f.org_id`

func scanRequest(sc interface{ Scan(...any) error }, today string) (Request, error) {
	var q Request
	var at int64
	err := sc.Scan(&q.ID, &q.FileID, &q.CadreName, &q.ShelfNo, &q.Kind, &q.Requester, &q.RequesterID, &q.Purpose, &q.Status, &at,
		&q.DecidedBy, &q.Note, &q.DueOn, &q.ReturnedOn)
	q.RequestedAt = store.Time(at)
	q.Overdue = q.Status == "lent" && q.DueOn < today
	return q, err
}

func (s *Service) requests(ctx context.Context, p *access.Principal, where string, args []any, limit, offset int) ([]Request, int, error) {
	where = ` WHERE o.path LIKE ?` + where
	args = append([]any{p.ScopeLike()}, args...)
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+reqFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+reqCols+reqFrom+where+` ORDER BY x.requested_at DESC, x.id DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Request{}
	today := s.today()
	for rows.Next() {
		q, err := scanRequest(rows, today)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, q)
	}
	return out, total, rows.Err()
}

// fileRequests lists a file's requests.
func (s *Service) fileRequests(ctx context.Context, p *access.Principal, fileID int64) ([]Request, error) {
	out, _, err := s.requests(ctx, p, ` AND x.file_id = ?`, []any{fileID}, 100, 0)
	return out, err
}

// mayOpenFile: an approver may, and so may whoever holds an approved (or
// lent) request for the file that has not passed its due date.
func (s *Service) mayOpenFile(ctx context.Context, p *access.Principal, fileID int64) (bool, error) {
	if p.Can(access.PermArchiveApprove) {
		return true, nil
	}
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM pa_requests WHERE file_id = ? AND requester_id = ?
		AND status IN ('approved', 'lent') AND due_on >= ?`, fileID, p.UserID, s.today()).Scan(&n)
	return n > 0, err
}

// RequestInput asks for a file.
type RequestInput struct {
	Kind    string `json:"kind"`
	Purpose string `json:"purpose"`
}

// Ask files a request for a file in scope.
func (s *Service) Ask(ctx context.Context, p *access.Principal, fileID int64, in RequestInput) (Request, error) {
	var v fault.Fields
	in.Purpose = strings.TrimSpace(in.Purpose)
	if in.Kind != "read" && in.Kind != "borrow" {
		v.Add("kind", i18n.T("cadre.req.f.kind"), i18n.T("field.choose"))
	}
	if in.Purpose == "" || utf8.RuneCountInString(in.Purpose) > 200 {
		v.Add("purpose", i18n.T("cadre.req.f.purpose"), i18n.T("field.required_max", 200))
	}
	if err := v.Err(); err != nil {
		return Request{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		f, err := archives.get(ctx, tx, p.OrgPath, fileID)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if f.String("status") == "transferred" {
			return fault.New(fault.Conflict, "%s", i18n.T("cadre.archive.gone"))
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO pa_requests (file_id, kind, requester_id, requester, purpose, status, requested_at)
			VALUES (?, ?, ?, ?, ?, 'pending', ?) RETURNING id`, fileID, in.Kind, p.UserID, p.DisplayName, in.Purpose,
			store.Millis(s.Now())).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "pa_request.create", ObjectType: "pa_request", ObjectID: id,
			Detail: map[string]any{"file_id": fileID, "kind": in.Kind, "purpose": in.Purpose}})
	})
	if err != nil {
		return Request{}, err
	}
	return s.getRequest(ctx, p, id)
}

func (s *Service) getRequest(ctx context.Context, p *access.Principal, id int64) (Request, error) {
	q, err := scanRequest(s.DB.QueryRowContext(ctx, `SELECT `+reqCols+reqFrom+` WHERE x.id = ? AND o.path LIKE ?`, id, p.ScopeLike()), s.today())
	if store.IsNoRows(err) {
		return q, notFound()
	}
	return q, err
}

// StepRequestInput decides or closes a request.
type StepRequestInput struct {
	DueOn string `json:"due_on"`
	Note  string `json:"note"`
}

// StepRequest moves a request on: approve or reject (an approver other than
// the requester), lend and return (an approver; the file goes out and
// comes back).
func (s *Service) StepRequest(ctx context.Context, p *access.Principal, id int64, step string, in StepRequestInput) (Request, error) {
	from := map[string]string{"approve": "pending", "reject": "pending", "lend": "approved", "return": "lent"}[step]
	if from == "" {
		return Request{}, notFound()
	}
	if !p.Can(access.PermArchiveApprove) {
		return Request{}, errForbidden()
	}
	today := s.today()
	in.Note = strings.TrimSpace(in.Note)
	var v fault.Fields
	if utf8.RuneCountInString(in.Note) > 200 {
		v.Add("note", i18n.T("cadre.req.f.note"), i18n.T("field.max_len", 200))
	}
	if step == "approve" {
		if d, err := time.Parse(day, in.DueOn); err != nil || in.DueOn < today {
			v.Add("due_on", i18n.T("cadre.req.f.due_on"), i18n.T("cadre.req.due"))
		} else {
			in.DueOn = d.Format(day)
		}
	}
	if step == "reject" && in.Note == "" {
		v.Add("note", i18n.T("cadre.req.f.note"), i18n.T("field.required"))
	}
	if err := v.Err(); err != nil {
		return Request{}, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		q, err := scanRequest(tx.QueryRowContext(ctx, `SELECT `+reqCols+reqFrom+` WHERE x.id = ? AND o.path LIKE ?`, id, p.ScopeLike()), today)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if q.Status != from || (step == "lend" && q.Kind != "borrow") {
			return fault.New(fault.Conflict, "%s", i18n.T("cadre.req.bad_step", q.StatusLabel()))
		}
		if (step == "approve" || step == "reject") && q.RequesterID == p.UserID {
			return fault.New(fault.Conflict, "%s", i18n.T("cadre.req.own"))
		}
		now := store.Millis(s.Now())
		switch step {
		case "approve":
			_, err = tx.ExecContext(ctx, `UPDATE pa_requests SET status = 'approved', decided_by = ?, decided_at = ?, decision_note = ?, due_on = ?
				WHERE id = ?`, p.DisplayName, now, in.Note, in.DueOn, id)
		case "reject":
			_, err = tx.ExecContext(ctx, `UPDATE pa_requests SET status = 'rejected', decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?`,
				p.DisplayName, now, in.Note, id)
		case "lend":
			var status string
			if err := tx.QueryRowContext(ctx, `SELECT status FROM pa_files WHERE id = ?`, q.FileID).Scan(&status); err != nil {
				return err
			}
			if status != "held" {
				return fault.New(fault.Conflict, "%s", i18n.T("cadre.archive.lent_out"))
			}
			if _, err = tx.ExecContext(ctx, `UPDATE pa_requests SET status = 'lent' WHERE id = ?`, id); err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE pa_files SET status = 'lent', updated_at = ? WHERE id = ?`, now, q.FileID)
			}
		case "return":
			if _, err = tx.ExecContext(ctx, `UPDATE pa_requests SET status = 'returned', returned_on = ? WHERE id = ?`, today, id); err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE pa_files SET status = 'held', updated_at = ? WHERE id = ?`, now, q.FileID)
			}
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "pa_request." + step, ObjectType: "pa_request", ObjectID: id,
			Detail: map[string]any{"file_id": q.FileID, "due_on": in.DueOn, "note": in.Note}})
	})
	if err != nil {
		return Request{}, err
	}
	return s.getRequest(ctx, p, id)
}

func (h *handlers) requestsPage(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	where, args := h.requestFilter(r)
	items, total, err := h.svc.requests(r.Context(), p, where, args, pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	_, overdue, err := h.svc.requests(r.Context(), p, ` AND x.status = 'lent' AND x.due_on < ?`, []any{h.svc.today()}, 1, 0)
	if err != nil {
		return err
	}
	var st []option
	for _, s := range RequestStatuses {
		st = append(st, option{s, i18n.T("cadre.req.status." + s)})
	}
	return h.srv.Render.HTML(w, r, "cadre/requests", &web.View{Title: i18n.T("cadre.requests_title"), Form: r.URL.Query(),
		Data: map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Overdue": overdue, "Statuses": st,
			"Today": h.svc.today()}})
}

func (h *handlers) requestFilter(r *http.Request) (string, []any) {
	q := r.URL.Query()
	var where string
	var args []any
	if s := q.Get("status"); contains(RequestStatuses, s) {
		where += ` AND x.status = ?`
		args = append(args, s)
	}
	if q.Get("overdue") == "1" {
		where += ` AND x.status = 'lent' AND x.due_on < ?`
		args = append(args, h.svc.today())
	}
	if q.Get("mine") == "1" {
		where += ` AND x.requester_id = ?`
		args = append(args, access.From(r.Context()).UserID)
	}
	return where, args
}

func (h *handlers) apiRequests(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	where, args := h.requestFilter(r)
	items, total, err := h.svc.requests(r.Context(), access.From(r.Context()), where, args, pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[Request]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

func (h *handlers) requestPost(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	if _, err := h.svc.Ask(r.Context(), access.From(r.Context()), id, RequestInput{Kind: r.PostFormValue("kind"),
		Purpose: r.PostFormValue("purpose")}); err != nil {
		if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
			return err
		}
		e, _ := fault.As(err)
		msg := e.Message
		for _, f := range e.Fields {
			msg = f.String()
		}
		http.Redirect(w, r, "/cadre/archives/"+strconv.FormatInt(id, 10)+"?err="+urlEscape(msg), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/cadre/archives/"+strconv.FormatInt(id, 10)+"?msg=msg.cadre.requested", http.StatusSeeOther)
	return nil
}

func (h *handlers) apiRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in RequestInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	q, err := h.svc.Ask(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, q)
	return nil
}

func (h *handlers) requestStepPost(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	_, err = h.svc.StepRequest(r.Context(), access.From(r.Context()), id, r.PathValue("step"),
		StepRequestInput{DueOn: r.PostFormValue("due_on"), Note: r.PostFormValue("note")})
	if err != nil {
		if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
			return err
		}
		e, _ := fault.As(err)
		msg := e.Message
		for _, f := range e.Fields {
			msg = f.String()
		}
		http.Redirect(w, r, "/cadre/archive-requests?err="+urlEscape(msg), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/cadre/archive-requests?msg=msg.cadre.saved", http.StatusSeeOther)
	return nil
}

func (h *handlers) apiRequestStep(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in StepRequestInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	q, err := h.svc.StepRequest(r.Context(), access.From(r.Context()), id, r.PathValue("step"), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, q)
	return nil
}

func urlEscape(s string) string { return url.QueryEscape(s) }
