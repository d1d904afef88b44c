package scheme

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
	"troika/internal/web"
)

func (h *handlers) figures(r *http.Request, keys []string, year int) ([]indicator.Figure, error) {
	p := access.From(r.Context())
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, 0)
	if err != nil {
		return nil, err
	}
	period := indicator.DefaultPeriod()
	if year > 0 {
		period = indicator.Year(year)
	}
	return indicator.Figures(r.Context(), h.svc.DB, keys, scope, period)
}

func (h *handlers) schemes(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	year := int(web.QueryInt(r, "year"))
	items, total, err := h.svc.Schemes(r.Context(), access.From(r.Context()), year, pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	if year == 0 && len(items) > 0 {
		year, _ = strconv.Atoi(items[0].StartsOn[:4])
	}
	figs, err := h.figures(r, []string{"scheme.aspects", "scheme.tasks", "scheme.items"}, year)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "scheme/schemes", &web.View{Title: i18n.T("scheme.title"), Form: r.URL.Query(),
		Data: map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Figures": figs, "ExportQuery": r.URL.RawQuery}})
}

func (h *handlers) scheme(w http.ResponseWriter, r *http.Request) error {
	v, err := h.schemeView(r, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "scheme/scheme", v)
}

// schemeView shows a scheme; with ?org= (or the caller's own assigned
// organization) it shows that organization's completion of every item.
func (h *handlers) schemeView(r *http.Request, err error) (*web.View, error) {
	p := access.From(r.Context())
	id, perr := web.PathID(r)
	if perr != nil {
		return nil, perr
	}
	x, gerr := h.svc.Scheme(r.Context(), p, id)
	if gerr != nil {
		return nil, gerr
	}
	org := web.QueryInt(r, "org")
	if r.Method == http.MethodPost {
		org, _ = strconv.ParseInt(r.PostFormValue("org_id"), 10, 64)
	}
	if org == 0 {
		for _, a := range x.Assigned {
			if a.OrgID == p.OrgID || len(x.Assigned) == 1 {
				org = a.OrgID
			}
		}
	}
	var done map[int64]Completion
	var orgName string
	for _, a := range x.Assigned {
		if a.OrgID == org {
			orgName = a.OrgName
		}
	}
	if orgName != "" {
		if done, gerr = h.svc.Completions(r.Context(), p, id, org); gerr != nil {
			return nil, gerr
		}
	}
	form := url.Values{"done_on": {h.svc.today()}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: x.Name, Form: form, Data: map[string]any{"S": x, "Org": org, "OrgName": orgName, "Done": done,
		"CanReport": orgName != "" && p.Can(access.PermSchemeReport), "CanEdit": p.Can(access.PermRatingManage) && p.InScope(orgPath(r.Context(), h.svc.DB, x.OrgID))}}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func (h *handlers) completePost(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	org, _ := strconv.ParseInt(r.PostFormValue("org_id"), 10, 64)
	item, _ := strconv.ParseInt(r.PostFormValue("item_id"), 10, 64)
	_, err = h.svc.Complete(r.Context(), access.From(r.Context()), id, Completion{ItemID: item, OrgID: org, DoneOn: r.PostFormValue("done_on"), Evidence: r.PostFormValue("evidence")})
	if err == nil {
		http.Redirect(w, r, "/schemes/"+strconv.FormatInt(id, 10)+"?org="+strconv.FormatInt(org, 10)+"&msg=msg.scheme.completed", http.StatusSeeOther)
		return nil
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	v, verr := h.schemeView(r, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "scheme/scheme", v)
}

// orgChoice is an organization offered for assignment.
type orgChoice struct {
	ID      int64
	Label   string
	Indent  string
	Checked bool
}

func orgChoices(ctx context.Context, h *handlers, p *access.Principal, checked []string) ([]orgChoice, error) {
	rows, err := h.svc.DB.QueryContext(ctx, `SELECT id, name, depth FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND kind IN ('committee', 'working', 'general') ORDER BY path`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []orgChoice
	base := -1
	for rows.Next() {
		var o orgChoice
		var depth int
		if err := rows.Scan(&o.ID, &o.Label, &depth); err != nil {
			return nil, err
		}
		if base < 0 {
			base = depth
		}
		o.Indent = strings.Repeat("　", max(depth-base, 0))
		for _, c := range checked {
			o.Checked = o.Checked || c == strconv.FormatInt(o.ID, 10)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func (h *handlers) schemeFormView(r *http.Request, title string, x Scheme, err error) (*web.View, error) {
	form := url.Values{"name": {x.Name}, "starts_on": {x.StartsOn}, "ends_on": {x.EndsOn}, "note": {x.Note}, "outline": {Outline(x.Aspects)}}
	for _, a := range x.Assigned {
		form.Add("org_ids", strconv.FormatInt(a.OrgID, 10))
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	orgs, oerr := orgChoices(r.Context(), h, access.From(r.Context()), form["org_ids"])
	if oerr != nil {
		return nil, oerr
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"S": x, "Orgs": orgs}}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func schemeFrom(r *http.Request) (Input, error) {
	in := Input{Name: r.PostFormValue("name"), StartsOn: r.PostFormValue("starts_on"), EndsOn: r.PostFormValue("ends_on"), Note: r.PostFormValue("note")}
	for _, s := range r.PostForm["org_ids"] {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			in.OrgIDs = append(in.OrgIDs, n)
		}
	}
	as, err := ParseOutline(r.PostFormValue("outline"))
	in.Aspects = as
	if err == nil {
		return in, nil
	}
	// Report the outline's lines together with the other fields.
	e, _ := fault.As(err)
	var v fault.Fields
	for _, f := range e.Fields {
		v.AddRow(f.Row, f.Field, f.Label, f.Message)
	}
	checked := in
	others := validateScheme(&checked)
	for _, f := range others.List() {
		if f.Field != "outline" {
			v.AddRow(f.Row, f.Field, f.Label, f.Message)
		}
	}
	return in, v.Err()
}

func (h *handlers) schemeNew(w http.ResponseWriter, r *http.Request) error {
	v, err := h.schemeFormView(r, i18n.T("scheme.new_title"), Scheme{}, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "scheme/scheme_form", v)
}

func (h *handlers) schemeCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := schemeFrom(r)
	if err == nil {
		var x Scheme
		if x, err = h.svc.CreateScheme(r.Context(), access.From(r.Context()), in); err == nil {
			http.Redirect(w, r, "/schemes/"+strconv.FormatInt(x.ID, 10)+"?msg=msg.scheme.saved", http.StatusSeeOther)
			return nil
		}
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	v, verr := h.schemeFormView(r, i18n.T("scheme.new_title"), Scheme{}, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "scheme/scheme_form", v)
}

func (h *handlers) schemeEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Scheme(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	v, err := h.schemeFormView(r, i18n.T("scheme.edit_title"), x, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "scheme/scheme_form", v)
}

func (h *handlers) schemeUpdate(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Scheme(r.Context(), p, id)
	if err != nil {
		return err
	}
	in, err := schemeFrom(r)
	if err == nil {
		if _, err = h.svc.UpdateScheme(r.Context(), p, id, in); err == nil {
			http.Redirect(w, r, "/schemes/"+strconv.FormatInt(id, 10)+"?msg=msg.scheme.saved", http.StatusSeeOther)
			return nil
		}
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	v, verr := h.schemeFormView(r, i18n.T("scheme.edit_title"), x, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "scheme/scheme_form", v)
}

func (h *handlers) plans(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	year := int(web.QueryInt(r, "year"))
	items, total, err := h.svc.Plans(r.Context(), access.From(r.Context()), year, pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	if year == 0 && len(items) > 0 {
		year = items[0].Year
	}
	figs, err := h.figures(r, []string{"plan.key_tasks", "plan.measures"}, year)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "scheme/plans", &web.View{Title: i18n.T("scheme.plans_title"), Form: r.URL.Query(),
		Data: map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Figures": figs, "ExportQuery": r.URL.RawQuery}})
}

func (h *handlers) planView(r *http.Request, id int64, err error) (*web.View, error) {
	p := access.From(r.Context())
	x, gerr := h.svc.Plan(r.Context(), p, id)
	if gerr != nil {
		return nil, gerr
	}
	form := url.Values{}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: x.Name, Form: form, Data: map[string]any{"P": x, "Today": h.svc.today(), "CanReport": p.Can(access.PermSchemeReport),
		"CanEdit": p.Can(access.PermRatingManage)}}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func (h *handlers) plan(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	v, err := h.planView(r, id, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "scheme/plan", v)
}

func (h *handlers) progressPost(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	mid, err := web.PathID(r)
	if err != nil {
		return err
	}
	planID, _ := strconv.ParseInt(r.PostFormValue("plan_id"), 10, 64)
	n, perr := strconv.Atoi(strings.TrimSpace(r.PostFormValue("progress")))
	if perr != nil {
		var v fault.Fields
		v.Add("progress", i18n.T("scheme.field.progress"), i18n.T("scheme.progress_range"))
		err = v.Err()
	} else {
		var x Plan
		if x, err = h.svc.ReportProgress(r.Context(), p, mid, ProgressInput{Progress: n, StatusNote: r.PostFormValue("status_note")}); err == nil {
			http.Redirect(w, r, "/plans/"+strconv.FormatInt(x.ID, 10)+"?msg=msg.scheme.progress_saved", http.StatusSeeOther)
			return nil
		}
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	v, verr := h.planView(r, planID, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "scheme/plan", v)
}

func planFrom(r *http.Request) (PlanInput, error) {
	in := PlanInput{Name: r.PostFormValue("name"), Note: r.PostFormValue("note")}
	var v fault.Fields
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	if err != nil {
		v.Add("year", i18n.T("scheme.field.year"), i18n.T("scheme.year_range"))
	}
	in.Year = n
	ts, err := ParsePlanOutline(r.PostFormValue("outline"))
	in.Tasks = ts
	if e, ok := fault.As(err); ok {
		for _, f := range e.Fields {
			v.AddRow(f.Row, f.Field, f.Label, f.Message)
		}
	}
	return in, v.Err()
}

func (h *handlers) planFormView(r *http.Request, title string, x Plan, err error) *web.View {
	form := url.Values{"name": {x.Name}, "note": {x.Note}, "outline": {PlanOutline(x.Tasks)}}
	if x.Year > 0 {
		form.Set("year", strconv.Itoa(x.Year))
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"P": x}}
	if err != nil {
		v.FormError(err)
	}
	return v
}

func (h *handlers) planNew(w http.ResponseWriter, r *http.Request) error {
	return h.srv.Render.HTML(w, r, "scheme/plan_form", h.planFormView(r, i18n.T("scheme.plan_new"), Plan{}, nil))
}

func (h *handlers) planCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := planFrom(r)
	if err == nil {
		var x Plan
		if x, err = h.svc.CreatePlan(r.Context(), access.From(r.Context()), in); err == nil {
			http.Redirect(w, r, "/plans/"+strconv.FormatInt(x.ID, 10)+"?msg=msg.scheme.plan_saved", http.StatusSeeOther)
			return nil
		}
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	return h.srv.Render.HTML(w, r, "scheme/plan_form", h.planFormView(r, i18n.T("scheme.plan_new"), Plan{}, err))
}

func (h *handlers) planEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Plan(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "scheme/plan_form", h.planFormView(r, i18n.T("scheme.plan_edit"), x, nil))
}

func (h *handlers) planUpdate(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Plan(r.Context(), p, id)
	if err != nil {
		return err
	}
	in, err := planFrom(r)
	if err == nil {
		if _, err = h.svc.UpdatePlan(r.Context(), p, id, in); err == nil {
			http.Redirect(w, r, "/plans/"+strconv.FormatInt(id, 10)+"?msg=msg.scheme.plan_saved", http.StatusSeeOther)
			return nil
		}
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	return h.srv.Render.HTML(w, r, "scheme/plan_form", h.planFormView(r, i18n.T("scheme.plan_edit"), x, err))
}
