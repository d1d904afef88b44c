package frontline

import (
	"net/http"
	"net/url"
	"strconv"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

const (
	deployBase = "/frontline/deployments"
	screenBase = "/frontline/screenings"
)

func (h *handlers) deployList(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.ListDeployments(r.Context(), p, f)
	if err != nil {
		return err
	}
	v, data, err := h.listView(r, i18n.T("frontline.title.deployment"), f)
	if err != nil {
		return err
	}
	strip, err := h.strip(r, f, []string{KeyDeployed, KeyTaskForces, KeyVolunteers},
		`SELECT COALESCE(MAX(d.started_on), '') FROM deployments d JOIN orgs o ON o.id = d.org_id WHERE o.path LIKE ?`)
	if err != nil {
		return err
	}
	data["Strip"], data["Items"], data["Pager"] = strip, items, web.NewPager(r, pg, total)
	return h.srv.Render.HTML(w, r, "frontline/deployments", v)
}

func (h *handlers) deployDetail(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	d, err := h.svc.GetDeployment(r.Context(), p, id)
	if err != nil {
		return err
	}
	all, err := h.svc.PersonDeployments(r.Context(), p, id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "frontline/deployment", &web.View{Title: d.Name, Data: map[string]any{"D": d, "All": all}})
}

func deployInputFrom(r *http.Request) DeploymentInput {
	return DeploymentInput{OrgID: idField(r.PostFormValue("org_id")), MemberID: idField(r.PostFormValue("member_id")),
		Name: r.PostFormValue("name"), IDNumber: r.PostFormValue("id_number"), FromUnit: r.PostFormValue("from_unit"),
		ToOrgID: idField(r.PostFormValue("to_org_id")), ToPlace: r.PostFormValue("to_place"), Post: r.PostFormValue("post"),
		StartedOn: r.PostFormValue("started_on"), EndedOn: r.PostFormValue("ended_on"), Note: r.PostFormValue("note")}
}

func (h *handlers) deployForm(w http.ResponseWriter, r *http.Request, d Deployment, err error) error {
	holders, herr := h.svc.holders(r.Context(), access.From(r.Context()))
	if herr != nil {
		return herr
	}
	title := i18n.T("frontline.new.deployment")
	if d.ID != 0 {
		title = i18n.T("frontline.edit_title", d.Name)
	}
	form := url.Values{"org_id": {strconv.FormatInt(d.OrgID, 10)}, "name": {d.Name}, "from_unit": {d.FromUnit},
		"to_org_id": {strconv.FormatInt(d.ToOrgID, 10)}, "to_place": {d.ToPlace}, "post": {d.Post}, "started_on": {d.StartedOn},
		"ended_on": {d.EndedOn}, "note": {d.Note}}
	if r.Method == http.MethodPost {
		form = r.PostForm
		// An identity number is never sent back into a page.
		form.Del("id_number")
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"D": d, "Holders": holders}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "frontline/deployment_form", v)
}

func (h *handlers) deployNew(w http.ResponseWriter, r *http.Request) error {
	return h.deployForm(w, r, Deployment{OrgID: access.From(r.Context()).OrgID, StartedOn: h.svc.today()}, nil)
}

func (h *handlers) deployCreate(w http.ResponseWriter, r *http.Request) error {
	d, err := h.svc.CreateDeployment(r.Context(), access.From(r.Context()), deployInputFrom(r))
	if err == nil {
		return redirect(w, r, deployBase+"/"+strconv.FormatInt(d.ID, 10), "msg.frontline.created")
	}
	if !formFailed(err) {
		return err
	}
	return h.deployForm(w, r, Deployment{}, err)
}

func (h *handlers) deployEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	d, err := h.svc.GetDeployment(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.deployForm(w, r, d, nil)
}

func (h *handlers) deployEdit(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	d, err := h.svc.GetDeployment(r.Context(), p, id)
	if err != nil {
		return err
	}
	if _, err = h.svc.UpdateDeployment(r.Context(), p, id, deployInputFrom(r)); err == nil {
		return redirect(w, r, deployBase+"/"+strconv.FormatInt(id, 10), "msg.frontline.saved")
	}
	if !formFailed(err) {
		return err
	}
	return h.deployForm(w, r, d, err)
}

func (h *handlers) deployDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.DeleteDeployment(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	return redirect(w, r, deployBase, "msg.frontline.deleted")
}

func (h *handlers) screenList(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, persons, err := h.svc.ListScreenings(r.Context(), p, f)
	if err != nil {
		return err
	}
	v, data, err := h.listView(r, i18n.T("frontline.title.screening"), f)
	if err != nil {
		return err
	}
	strip, err := h.strip(r, f, []string{KeyScreened, KeyVolunteers},
		`SELECT COALESCE(MAX(x.screened_on), '') FROM screenings x JOIN orgs o ON o.id = x.org_id WHERE o.path LIKE ?`)
	if err != nil {
		return err
	}
	data["Strip"], data["Items"], data["Pager"], data["Persons"] = strip, items, web.NewPager(r, pg, total), persons
	return h.srv.Render.HTML(w, r, "frontline/screenings", v)
}

func (h *handlers) screenDetail(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.GetScreening(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "frontline/screening", &web.View{Title: x.Place, Data: map[string]any{"X": x}})
}

func screenInputFrom(r *http.Request) (ScreeningInput, error) {
	var v fault.Fields
	in := ScreeningInput{OrgID: idField(r.PostFormValue("org_id")), ScreenedOn: r.PostFormValue("screened_on"), Place: r.PostFormValue("place"),
		TeamID: idField(r.PostFormValue("team_id")), Note: r.PostFormValue("note")}
	in.Persons = atoiField(&v, "persons", "frontline.field.persons", r.PostFormValue("persons"))
	if r.PostFormValue("persons") == "" {
		v.Add("persons", i18n.T("frontline.field.persons"), i18n.T("field.required"))
	}
	return in, v.Err()
}

func (h *handlers) screenForm(w http.ResponseWriter, r *http.Request, x Screening, err error) error {
	p := access.From(r.Context())
	holders, herr := h.svc.holders(r.Context(), p)
	if herr != nil {
		return herr
	}
	teams, _, herr := h.svc.ListTeams(r.Context(), p, Volunteer, Filter{Limit: 500})
	if herr != nil {
		return herr
	}
	forces, _, herr := h.svc.ListTeams(r.Context(), p, TaskForce, Filter{Limit: 500})
	if herr != nil {
		return herr
	}
	title := i18n.T("frontline.new.screening")
	if x.ID != 0 {
		title = i18n.T("frontline.edit_title", x.Place)
	}
	form := url.Values{"org_id": {strconv.FormatInt(x.OrgID, 10)}, "screened_on": {x.ScreenedOn}, "place": {x.Place},
		"team_id": {strconv.FormatInt(x.TeamID, 10)}, "persons": {strconv.Itoa(x.Persons)}, "note": {x.Note}}
	if x.ID == 0 {
		form.Set("persons", "")
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"X": x, "Holders": holders, "Teams": append(teams, forces...)}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "frontline/screening_form", v)
}

func (h *handlers) screenNew(w http.ResponseWriter, r *http.Request) error {
	return h.screenForm(w, r, Screening{OrgID: access.From(r.Context()).OrgID, ScreenedOn: h.svc.today()}, nil)
}

func (h *handlers) screenCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := screenInputFrom(r)
	if err == nil {
		var x Screening
		if x, err = h.svc.CreateScreening(r.Context(), access.From(r.Context()), in); err == nil {
			return redirect(w, r, screenBase+"/"+strconv.FormatInt(x.ID, 10), "msg.frontline.screening_filed")
		}
	}
	if !formFailed(err) {
		return err
	}
	return h.screenForm(w, r, Screening{}, err)
}

func (h *handlers) screenEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.GetScreening(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.screenForm(w, r, x, nil)
}

func (h *handlers) screenEdit(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.GetScreening(r.Context(), p, id)
	if err != nil {
		return err
	}
	in, err := screenInputFrom(r)
	if err == nil {
		if _, err = h.svc.UpdateScreening(r.Context(), p, id, in); err == nil {
			return redirect(w, r, screenBase+"/"+strconv.FormatInt(id, 10), "msg.frontline.saved")
		}
	}
	if !formFailed(err) {
		return err
	}
	return h.screenForm(w, r, x, err)
}

func (h *handlers) screenDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.DeleteScreening(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	return redirect(w, r, screenBase, "msg.frontline.deleted")
}
