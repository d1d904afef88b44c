package partner

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

func (h *handlers) projectList(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, totals, err := h.svc.ListProjects(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	v, data, err := h.listView(r, i18n.T("partner.title.projects"), f.Under)
	if err != nil {
		return err
	}
	data["Items"], data["Pager"], data["Area"], data["Funds"] = items, web.NewPager(r, pg, total), totals.AreaM2, Yuan(totals.Funds)
	return h.srv.Render.HTML(w, r, "partner/projects", v)
}

func (h *handlers) projectDetail(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.GetProject(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "partner/project", &web.View{Title: x.Name, Data: map[string]any{"X": x}})
}

func projectInputFrom(r *http.Request) (ProjectInput, error) {
	var v fault.Fields
	in := ProjectInput{OrgID: idField(r.PostFormValue("org_id")), Name: r.PostFormValue("name"), Place: r.PostFormValue("place"),
		DealID: idField(r.PostFormValue("deal_id")), StartedOn: r.PostFormValue("started_on"), CompletedOn: r.PostFormValue("completed_on"),
		Note: r.PostFormValue("note")}
	switch a := strings.TrimSpace(r.PostFormValue("area_m2")); {
	case a == "":
		v.Add("area_m2", i18n.T("partner.field.area_m2"), i18n.T("field.required"))
	default:
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			v.Add("area_m2", i18n.T("partner.field.area_m2"), i18n.T("partner.area_whole"))
		}
		in.AreaM2 = n
	}
	in.Funds = yuanField(&v, "funds", "partner.field.funds_yuan", r.PostFormValue("funds"), false)
	return in, v.Err()
}

func (h *handlers) projectForm(w http.ResponseWriter, r *http.Request, x Project, err error) error {
	p := access.From(r.Context())
	orgs, oerr := h.svc.orgOptions(r.Context(), p, `kind <> 'group'`)
	if oerr != nil {
		return oerr
	}
	funds, _, _, oerr := h.svc.ListDeals(r.Context(), p, Filter{Kind: Fund, Limit: 200})
	if oerr != nil {
		return oerr
	}
	invest, _, _, oerr := h.svc.ListDeals(r.Context(), p, Filter{Kind: Investment, Limit: 200})
	if oerr != nil {
		return oerr
	}
	title := i18n.T("partner.new.project")
	if x.ID != 0 {
		title = i18n.T("partner.edit_title", x.Name)
	}
	form := url.Values{"org_id": {strconv.FormatInt(x.OrgID, 10)}, "name": {x.Name}, "place": {x.Place}, "deal_id": {strconv.FormatInt(x.DealID, 10)},
		"started_on": {x.StartedOn}, "completed_on": {x.CompletedOn}, "note": {x.Note}}
	if x.ID != 0 {
		form.Set("area_m2", strconv.FormatInt(x.AreaM2, 10))
		form.Set("funds", x.FundsYuan())
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"X": x, "Orgs": orgs, "Deals": append(funds, invest...)}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "partner/project_form", v)
}

func (h *handlers) projectNew(w http.ResponseWriter, r *http.Request) error {
	return h.projectForm(w, r, Project{StartedOn: h.svc.today()}, nil)
}

func (h *handlers) saveProject(r *http.Request, id int64) (Project, error) {
	p := access.From(r.Context())
	in, err := projectInputFrom(r)
	if err != nil {
		return Project{}, combine(err, h.svc.checkProject(r.Context(), h.svc.DB, p, &in))
	}
	if id == 0 {
		return h.svc.CreateProject(r.Context(), p, in)
	}
	return h.svc.UpdateProject(r.Context(), p, id, in)
}

func (h *handlers) projectCreate(w http.ResponseWriter, r *http.Request) error {
	x, err := h.saveProject(r, 0)
	if err == nil {
		return redirect(w, r, projectBase+"/"+strconv.FormatInt(x.ID, 10), "msg.partner.created")
	}
	if !formFailed(err) {
		return err
	}
	return h.projectForm(w, r, Project{}, err)
}

func (h *handlers) projectEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.GetProject(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.projectForm(w, r, x, nil)
}

func (h *handlers) projectEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.GetProject(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	if _, err = h.saveProject(r, id); err == nil {
		return redirect(w, r, projectBase+"/"+strconv.FormatInt(id, 10), "msg.partner.saved")
	}
	if !formFailed(err) {
		return err
	}
	return h.projectForm(w, r, x, err)
}

func (h *handlers) projectDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteProject(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	return redirect(w, r, projectBase, "msg.partner.deleted")
}
