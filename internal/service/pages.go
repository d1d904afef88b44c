package service

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
	"troika/internal/web"
)

type handlers struct {
	svc *Service
	srv *web.Server
}

// orgOption is an organization offered in a select, indented by depth.
type orgOption struct {
	ID     int64
	Label  string
	Indent string
}

// orgOptions lists the live organizations in scope except party groups.
func orgOptions(ctx context.Context, db store.Querier, p *access.Principal) ([]orgOption, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, name, depth FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND kind <> 'group' ORDER BY path`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []orgOption
	base := -1
	for rows.Next() {
		var o orgOption
		var depth int
		if err := rows.Scan(&o.ID, &o.Label, &depth); err != nil {
			return nil, err
		}
		if base < 0 {
			base = depth
		}
		o.Indent = strings.Repeat("　", max(depth-base, 0))
		out = append(out, o)
	}
	return out, rows.Err()
}

// periodFrom reads ?period= (2022, 2022Q3 …), defaulting to this year for
// the figures; set tells whether the list should be narrowed by it.
func periodFrom(q url.Values) (indicator.Period, bool, error) {
	period := indicator.DefaultPeriod()
	s := strings.TrimSpace(q.Get("period"))
	if s == "" {
		return period, false, nil
	}
	p, err := indicator.ParsePeriod(s)
	if err != nil {
		return period, false, err
	}
	return p, true, nil
}

func (h *handlers) figures(r *http.Request, keys []string, period indicator.Period) ([]indicator.Figure, error) {
	p := access.From(r.Context())
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, 0)
	if err != nil {
		return nil, err
	}
	return indicator.Figures(r.Context(), h.svc.DB, keys, scope, period)
}

func int64From(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

// formFailed answers a failed form submission: invalid input and
// conflicts go back to the form, anything else is the request's error.
func formFailed(err error) bool {
	c := fault.CodeOf(err)
	return c == fault.Invalid || c == fault.Conflict
}

var projectFigureKeys = []string{KeyProjects}

func projectFilterFrom(q url.Values) (ProjectFilter, indicator.Period, error) {
	f := ProjectFilter{Q: trimQ(q.Get("q")), Status: ProjectStatus(q.Get("status")), Under: int64From(q.Get("under"))}
	if !f.Status.Valid() {
		f.Status = ""
	}
	period, set, err := periodFrom(q)
	if set {
		f.From, f.To = period.From, period.To
	}
	return f, period, err
}

func (h *handlers) projectList(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	v := &web.View{Title: i18n.T("service.projects_title"), Form: r.URL.Query()}
	f, period, err := projectFilterFrom(r.URL.Query())
	if err != nil {
		v.FormError(err)
		v.Status = http.StatusOK
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Projects(r.Context(), p, f)
	if err != nil {
		return err
	}
	figs, err := h.figures(r, projectFigureKeys, period)
	if err != nil {
		return err
	}
	orgs, err := orgOptions(r.Context(), h.svc.DB, p)
	if err != nil {
		return err
	}
	v.Data = map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Statuses": ProjectStatuses, "Orgs": orgs,
		"Figures": figs, "ExportQuery": r.URL.RawQuery}
	return h.srv.Render.HTML(w, r, "service/projects", v)
}

func (h *handlers) projectDetail(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Project(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "service/project", &web.View{Title: x.Title, Data: map[string]any{"X": x, "Today": h.svc.today()}})
}

// milestoneRows is how many milestone lines the form offers.
const milestoneRows = 6

func projectInputFrom(r *http.Request) ProjectInput {
	in := ProjectInput{OrgID: int64From(r.PostFormValue("org_id")), Title: r.PostFormValue("title"), Goal: r.PostFormValue("goal"),
		Owner: r.PostFormValue("owner"), Budget: r.PostFormValue("budget"), EstablishedOn: r.PostFormValue("established_on"),
		PlannedEnd: r.PostFormValue("planned_end"), Status: ProjectStatus(r.PostFormValue("status")), CompletedOn: r.PostFormValue("completed_on"),
		Evidence: r.PostFormValue("evidence"), Note: r.PostFormValue("note")}
	if strings.TrimSpace(in.Budget) == "" {
		in.Budget = "0"
	}
	titles, dues, dones := r.PostForm["ms_title"], r.PostForm["ms_due"], r.PostForm["ms_done"]
	for i, t := range titles {
		m := Milestone{Title: t}
		if i < len(dues) {
			m.DueOn = dues[i]
		}
		if i < len(dones) {
			m.DoneOn = dones[i]
		}
		in.Milestones = append(in.Milestones, m)
	}
	return in
}

func (h *handlers) projectForm(r *http.Request, title string, x Project, err error) (*web.View, error) {
	p := access.From(r.Context())
	form := url.Values{"title": {x.Title}, "goal": {x.Goal}, "owner": {x.Owner}, "established_on": {x.EstablishedOn},
		"planned_end": {x.PlannedEnd}, "status": {string(x.Status)}, "completed_on": {x.CompletedOn}, "evidence": {x.Evidence}, "note": {x.Note}}
	if x.ID == 0 {
		form.Set("established_on", h.svc.today())
		form.Set("status", string(ProjectPlanned))
		form.Set("org_id", strconv.FormatInt(p.OrgID, 10))
	} else {
		form.Set("org_id", strconv.FormatInt(x.OrgID, 10))
		form.Set("budget", x.Budget())
	}
	for _, m := range x.Milestones {
		form.Add("ms_title", m.Title)
		form.Add("ms_due", m.DueOn)
		form.Add("ms_done", m.DoneOn)
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	orgs, oerr := orgOptions(r.Context(), h.svc.DB, p)
	if oerr != nil {
		return nil, oerr
	}
	type line struct{ Title, Due, Done string }
	titles, dues, dones := form["ms_title"], form["ms_due"], form["ms_done"]
	lines := make([]line, 0, milestoneRows)
	for i := 0; i < max(milestoneRows, len(titles)); i++ {
		var l line
		if i < len(titles) {
			l.Title = titles[i]
		}
		if i < len(dues) {
			l.Due = dues[i]
		}
		if i < len(dones) {
			l.Done = dones[i]
		}
		lines = append(lines, l)
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"X": x, "Orgs": orgs, "Lines": lines, "Statuses": ProjectStatuses}}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func (h *handlers) projectNew(w http.ResponseWriter, r *http.Request) error {
	v, err := h.projectForm(r, i18n.T("service.project_new"), Project{}, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "service/project_form", v)
}

func (h *handlers) projectCreate(w http.ResponseWriter, r *http.Request) error {
	x, err := h.svc.CreateProject(r.Context(), access.From(r.Context()), projectInputFrom(r))
	if err == nil {
		http.Redirect(w, r, "/service/projects/"+strconv.FormatInt(x.ID, 10)+"?msg=msg.service.project_saved", http.StatusSeeOther)
		return nil
	}
	if !formFailed(err) {
		return err
	}
	v, verr := h.projectForm(r, i18n.T("service.project_new"), Project{}, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "service/project_form", v)
}

func (h *handlers) projectEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Project(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	v, err := h.projectForm(r, i18n.T("service.project_edit"), x, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "service/project_form", v)
}

func (h *handlers) projectEdit(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Project(r.Context(), p, id)
	if err != nil {
		return err
	}
	if _, err = h.svc.UpdateProject(r.Context(), p, id, projectInputFrom(r)); err == nil {
		http.Redirect(w, r, "/service/projects/"+strconv.FormatInt(id, 10)+"?msg=msg.service.project_saved", http.StatusSeeOther)
		return nil
	}
	if !formFailed(err) {
		return err
	}
	v, verr := h.projectForm(r, i18n.T("service.project_edit"), x, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "service/project_form", v)
}

func (h *handlers) projectDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteProject(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/service/projects?msg=msg.service.project_deleted", http.StatusSeeOther)
	return nil
}

func formatID(id int64) string { return strconv.FormatInt(id, 10) }
