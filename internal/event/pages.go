package event

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/grid"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
	"troika/internal/web"
)

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(access.Shanghai).Format("2006-01-02 15:04")
}

// filterFrom reads the list filters; period is the reporting period, which
// also sets the figures' period.
func filterFrom(q url.Values) (Filter, indicator.Period, error) {
	f := Filter{Q: strings.TrimSpace(q.Get("q")), Status: Status(q.Get("status")), Clock: q.Get("clock")}
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	if !f.Status.Valid() {
		f.Status = ""
	}
	if f.Clock != "overdue" && f.Clock != "warn" {
		f.Clock = ""
	}
	f.CategoryID, _ = strconv.ParseInt(q.Get("category"), 10, 64)
	f.GridID, _ = strconv.ParseInt(q.Get("grid"), 10, 64)
	f.Under, _ = strconv.ParseInt(q.Get("under"), 10, 64)
	period := indicator.DefaultPeriod()
	if s := strings.TrimSpace(q.Get("period")); s != "" {
		p, err := indicator.ParsePeriod(s)
		if err != nil {
			return f, period, err
		}
		period = p
		f.From, f.To = p.FromMillis(), p.ToMillis()
	}
	return f, period, nil
}

// options are what the filters and forms offer.
type options struct {
	Categories []Category
	Grids      []grid.Option
	Orgs       []grid.Option
}

func (h *handlers) options(ctx context.Context, p *access.Principal) (options, error) {
	var o options
	var err error
	if o.Categories, err = h.svc.Categories(ctx, true); err != nil {
		return o, err
	}
	if o.Grids, err = gridOptions(ctx, h.svc.DB, p); err != nil {
		return o, err
	}
	o.Orgs, err = orgOptions(ctx, h.svc.DB, p)
	return o, err
}

// gridOptions lists the active grids the principal may see.
func gridOptions(ctx context.Context, db store.Querier, p *access.Principal) ([]grid.Option, error) {
	extra, args := grid.WorkerGridFilter(p, "g.id")
	rows, err := db.QueryContext(ctx, `SELECT g.id, o.name || ' · ' || g.name FROM grids g JOIN orgs o ON o.id = g.org_id
		WHERE g.active = TRUE AND o.path LIKE ?`+extra+` ORDER BY o.path, g.code`, append([]any{p.ScopeLike()}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []grid.Option{}
	for rows.Next() {
		var o grid.Option
		if err := rows.Scan(&o.Value, &o.Label); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// orgOptions lists the live organizations in scope, for the handler and
// the place of a report.
func orgOptions(ctx context.Context, db store.Querier, p *access.Principal) ([]grid.Option, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, name FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND kind <> 'group' ORDER BY path`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []grid.Option{}
	for rows.Next() {
		var o grid.Option
		if err := rows.Scan(&o.Value, &o.Label); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func (h *handlers) list(w http.ResponseWriter, r *http.Request) error {
	return h.listPage(w, r, false)
}

func (h *handlers) overdue(w http.ResponseWriter, r *http.Request) error {
	return h.listPage(w, r, true)
}

func (h *handlers) listPage(w http.ResponseWriter, r *http.Request, overdue bool) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	title := i18n.T("event.title")
	if overdue {
		title = i18n.T("event.overdue_title")
	}
	v := &web.View{Title: title, Form: r.URL.Query()}
	f, period, err := filterFrom(r.URL.Query())
	if err != nil {
		v.FormError(err)
		v.Status = http.StatusOK
	}
	if overdue {
		f.Clock = "overdue"
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.List(r.Context(), p, f)
	if err != nil {
		return err
	}
	opts, err := h.options(r.Context(), p)
	if err != nil {
		return err
	}
	var figs []indicator.Figure
	if !overdue {
		scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, 0)
		if err != nil {
			return err
		}
		if figs, err = indicator.Figures(r.Context(), h.svc.DB, FigureKeys, scope, period); err != nil {
			return err
		}
	}
	v.Data = map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Statuses": Statuses, "Opts": opts,
		"Figures": figs, "Period": period, "Overdue": overdue, "ExportQuery": r.URL.RawQuery}
	return h.srv.Render.HTML(w, r, "event/list", v)
}

func (h *handlers) detail(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	return h.detailView(w, r, p, id, nil, "", nil)
}

// detailView draws the case page; a failed step shows its error and keeps
// what was typed in its form.
func (h *handlers) detailView(w http.ResponseWriter, r *http.Request, p *access.Principal, id int64, form url.Values, failed Action, stepErr error) error {
	d, err := h.svc.Detail(r.Context(), p, id)
	if err != nil {
		return err
	}
	var phone string
	if r.URL.Query().Get("reveal") == "1" && p.Can(access.PermPersonalClear) && d.Event.PhoneMask != "" {
		if phone, err = h.svc.RevealPhone(r.Context(), p, id); err != nil {
			return err
		}
	}
	var orgs []grid.Option
	if p.Can(access.PermFieldWork) {
		if orgs, err = orgOptions(r.Context(), h.svc.DB, p); err != nil {
			return err
		}
	}
	v := &web.View{Title: i18n.T("event.case_title", d.Event.Code), Form: form}
	if stepErr != nil {
		v.FormError(stepErr)
	}
	var allowed []Action
	if p.Can(access.PermFieldWork) {
		allowed = d.Event.Status.Allowed()
	}
	v.Data = map[string]any{"D": d, "E": d.Event, "Allowed": allowed, "Orgs": orgs, "Phone": phone, "Failed": string(failed),
		"Ratings": Ratings, "CanWrite": p.Can(access.PermFieldWork)}
	return h.srv.Render.HTML(w, r, "event/detail", v)
}

// files reads the uploaded photos of a multipart form, each bounded.
func files(form *multipart.Form, field string) ([][]byte, error) {
	if form == nil {
		return nil, nil
	}
	var out [][]byte
	for _, fh := range form.File[field] {
		if fh.Size == 0 {
			continue
		}
		if len(out) >= MaxPhotos {
			var v fault.Fields
			v.Add("photo", i18n.T("event.field.photo"), i18n.T("event.photo.too_many", MaxPhotos))
			return nil, v.Err()
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(io.LimitReader(f, MaxPhotoBytes+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// parseForm reads a page's form, multipart or not, within limit bytes.
func parseForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	if r.MultipartForm != nil || r.PostForm != nil {
		return nil // parsed already by the CSRF check
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.ParseMultipartForm(limit)
	}
	return r.ParseForm()
}

func formID(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64)
	return n
}

func inputFrom(r *http.Request) Input {
	return Input{OrgID: formID(r, "org_id"), GridID: formID(r, "grid_id"), CategoryID: formID(r, "category_id"),
		Place: r.PostFormValue("place"), Description: r.PostFormValue("description"), Source: Source(r.PostFormValue("source")),
		ReporterName: r.PostFormValue("reporter_name"), Phone: r.PostFormValue("phone")}
}

func (h *handlers) formView(r *http.Request, form url.Values) (*web.View, error) {
	p := access.From(r.Context())
	opts, err := h.options(r.Context(), p)
	if err != nil {
		return nil, err
	}
	if form == nil {
		form = url.Values{}
		if len(opts.Grids) == 1 {
			form.Set("grid_id", strconv.FormatInt(opts.Grids[0].Value, 10))
		}
	}
	return &web.View{Title: i18n.T("event.new_title"), Form: form,
		Data: map[string]any{"Opts": opts, "Sources": []Source{SourcePhone, SourceWalkIn}, "Grid": p.Role == access.RoleGrid, "MaxPhotos": MaxPhotos}}, nil
}

func (h *handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.formView(r, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "event/new", v)
}

func (h *handlers) create(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	err := parseForm(w, r, MaxPhotos*MaxPhotoBytes+(1<<20))
	var e Event
	if err == nil {
		var fs [][]byte
		if fs, err = files(r.MultipartForm, "photo"); err == nil {
			if e, err = h.svc.Report(r.Context(), p, inputFrom(r), fs); err == nil {
				http.Redirect(w, r, "/events/"+strconv.FormatInt(e.ID, 10)+"?msg=msg.event.created", http.StatusSeeOther)
				return nil
			}
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.TooLarge {
		return err
	}
	v, verr := h.formView(r, r.PostForm)
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "event/new", v)
}

func (h *handlers) stepPost(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	act := Action(r.PathValue("action"))
	if _, ok := to[act]; !ok {
		return web.ErrNotFound
	}
	err = parseForm(w, r, MaxPhotos*MaxPhotoBytes+(1<<20))
	if err == nil {
		var fs [][]byte
		if fs, err = files(r.MultipartForm, "photo"); err == nil {
			in := StepInput{Note: r.PostFormValue("note"), HandlerOrgID: formID(r, "handler_org_id"), HandlerDept: r.PostFormValue("handler_dept")}
			if _, err = h.svc.Step(r.Context(), p, id, act, in, fs); err == nil {
				http.Redirect(w, r, "/events/"+strconv.FormatInt(id, 10)+"?msg=msg.event.step", http.StatusSeeOther)
				return nil
			}
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict && c != fault.TooLarge {
		return err
	}
	return h.detailView(w, r, p, id, r.PostForm, act, err)
}

func (h *handlers) evaluatePost(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	_, err = h.svc.Evaluate(r.Context(), p, id, EvaluationInput{Rating: Rating(r.PostFormValue("rating")), Comment: r.PostFormValue("comment")})
	if err == nil {
		http.Redirect(w, r, "/events/"+strconv.FormatInt(id, 10)+"?msg=msg.event.evaluated", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	return h.detailView(w, r, p, id, r.PostForm, ActEvaluate, err)
}

// photo serves a photo of a case in the caller's scope.
func (h *handlers) photo(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Get(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	return h.servePhoto(w, r, id)
}

func (h *handlers) servePhoto(w http.ResponseWriter, r *http.Request, id int64) error {
	ph, path, err := h.svc.photoOf(r.Context(), id, r.PathValue("sha"))
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w.Header().Set("Content-Type", ph.ContentType)
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Header().Set("Content-Disposition", "inline")
	_, err = io.Copy(w, f)
	return err
}

func (h *handlers) categories(w http.ResponseWriter, r *http.Request) error {
	var form url.Values
	if id := web.QueryInt(r, "edit"); id > 0 {
		c, err := category(r.Context(), h.svc.DB, id)
		if err != nil {
			return web.ErrNotFound
		}
		form = url.Values{"id": {strconv.FormatInt(c.ID, 10)}, "code": {c.Code}, "name": {c.Name},
			"accept_hours": {strconv.Itoa(c.AcceptHours)}, "dispatch_hours": {strconv.Itoa(c.DispatchHours)},
			"handle_hours": {strconv.Itoa(c.HandleHours)}, "verify_hours": {strconv.Itoa(c.VerifyHours)},
			"close_hours": {strconv.Itoa(c.CloseHours)}, "sort": {strconv.Itoa(c.Sort)}}
		if c.Active {
			form.Set("active", "1")
		}
	}
	return h.categoriesView(w, r, form, nil)
}

func (h *handlers) categoriesView(w http.ResponseWriter, r *http.Request, form url.Values, ferr error) error {
	p := access.From(r.Context())
	cats, err := h.svc.Categories(r.Context(), false)
	if err != nil {
		return err
	}
	v := &web.View{Title: i18n.T("event.categories_title"), Form: form}
	if ferr != nil {
		v.FormError(ferr)
	}
	v.Data = map[string]any{"Cats": cats, "CanEdit": CanConfigure(r.Context(), h.svc.DB, p), "Stages": Stages}
	return h.srv.Render.HTML(w, r, "event/categories", v)
}

func categoryFrom(r *http.Request) (Category, error) {
	var v fault.Fields
	num := func(field, label string) int {
		s := strings.TrimSpace(r.PostFormValue(field))
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add(field, label, i18n.T("field.number"))
		}
		return n
	}
	c := Category{Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), Active: r.PostFormValue("active") != ""}
	c.AcceptHours = num("accept_hours", i18n.T("event.limit_of", StageAccept.Label()))
	c.DispatchHours = num("dispatch_hours", i18n.T("event.limit_of", StageDispatch.Label()))
	c.HandleHours = num("handle_hours", i18n.T("event.limit_of", StageHandle.Label()))
	c.VerifyHours = num("verify_hours", i18n.T("event.limit_of", StageVerify.Label()))
	c.CloseHours = num("close_hours", i18n.T("event.limit_of", StageClose.Label()))
	c.Sort = num("sort", i18n.T("event.field.sort"))
	return c, v.Err()
}

func (h *handlers) categoryPost(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	c, err := categoryFrom(r)
	if err == nil {
		if _, err = h.svc.SaveCategory(r.Context(), p, formID(r, "id"), c); err == nil {
			http.Redirect(w, r, "/event-categories?msg=msg.event.category_saved", http.StatusSeeOther)
			return nil
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid {
		return err
	}
	return h.categoriesView(w, r, r.PostForm, err)
}
