package frontline

import (
	"net/http"
	"net/url"
	"strconv"

	"troika/internal/access"
	"troika/internal/i18n"
	"troika/internal/org"
	"troika/internal/web"
)

const tempBase = "/frontline/temp"

func (h *handlers) tempList(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.ListTemp(r.Context(), p, f)
	if err != nil {
		return err
	}
	v, data, err := h.listView(r, i18n.T("frontline.title.temp"), f)
	if err != nil {
		return err
	}
	strip, err := h.strip(r, f, []string{KeyTempFound, KeyTaskForces, KeyVolunteers},
		`SELECT COALESCE(MAX(founded_on), '') FROM orgs WHERE path LIKE ? AND kind = ?`, string(org.KindTemp))
	if err != nil {
		return err
	}
	data["Strip"], data["Items"], data["Pager"] = strip, items, web.NewPager(r, pg, total)
	return h.srv.Render.HTML(w, r, "frontline/temps", v)
}

func (h *handlers) tempDetail(w http.ResponseWriter, r *http.Request) error {
	return h.tempDetailWith(w, r, nil)
}

func (h *handlers) tempDetailWith(w http.ResponseWriter, r *http.Request, err error) error {
	p := access.From(r.Context())
	id, perr := web.PathInt(r, "id")
	if perr != nil {
		return perr
	}
	t, gerr := h.svc.GetTemp(r.Context(), p, id)
	if gerr != nil {
		return gerr
	}
	people, gerr := h.svc.TempPeople(r.Context(), p, id)
	if gerr != nil {
		return gerr
	}
	v := &web.View{Title: t.Name, Form: r.PostForm, Data: map[string]any{"Temp": t, "People": people}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "frontline/temp", v)
}

func tempInputFrom(r *http.Request) TempInput {
	return TempInput{ParentID: idField(r.PostFormValue("parent_id")), Name: r.PostFormValue("name"), Code: r.PostFormValue("code"),
		Secretary: r.PostFormValue("secretary"), Task: r.PostFormValue("task"), StartedOn: r.PostFormValue("started_on"),
		PlannedEnd: r.PostFormValue("planned_end"), Note: r.PostFormValue("note")}
}

func (h *handlers) tempForm(w http.ResponseWriter, r *http.Request, t TempBranch, err error) error {
	p := access.From(r.Context())
	var parents []option
	title := i18n.T("frontline.new.temp")
	if t.ID != 0 {
		title = i18n.T("frontline.edit_title", t.Name)
	} else {
		var perr error
		if parents, perr = h.svc.orgOptions(r.Context(), p, org.KindCommittee, org.KindWorking, org.KindGeneral, org.KindBranch); perr != nil {
			return perr
		}
	}
	form := url.Values{"parent_id": {strconv.FormatInt(t.ParentID, 10)}, "task": {t.Task}, "started_on": {t.StartedOn},
		"planned_end": {t.PlannedEnd}, "note": {t.Note}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"Temp": t, "Parents": parents}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "frontline/temp_form", v)
}

func (h *handlers) tempNew(w http.ResponseWriter, r *http.Request) error {
	return h.tempForm(w, r, TempBranch{ParentID: access.From(r.Context()).OrgID, StartedOn: h.svc.today()}, nil)
}

func (h *handlers) tempCreate(w http.ResponseWriter, r *http.Request) error {
	t, err := h.svc.CreateTemp(r.Context(), access.From(r.Context()), tempInputFrom(r))
	if err == nil {
		return redirect(w, r, tempBase+"/"+strconv.FormatInt(t.ID, 10), "msg.frontline.created")
	}
	if !formFailed(err) {
		return err
	}
	return h.tempForm(w, r, TempBranch{}, err)
}

func (h *handlers) tempEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.GetTemp(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.tempForm(w, r, t, nil)
}

func (h *handlers) tempEdit(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.GetTemp(r.Context(), p, id)
	if err != nil {
		return err
	}
	if _, err = h.svc.SaveTask(r.Context(), p, id, tempInputFrom(r)); err == nil {
		return redirect(w, r, tempBase+"/"+strconv.FormatInt(id, 10), "msg.frontline.saved")
	}
	if !formFailed(err) {
		return err
	}
	return h.tempForm(w, r, t, err)
}

func (h *handlers) tempDissolveForm(w http.ResponseWriter, r *http.Request) error {
	return h.tempDissolveWith(w, r, nil)
}

func (h *handlers) tempDissolveWith(w http.ResponseWriter, r *http.Request, err error) error {
	id, perr := web.PathInt(r, "id")
	if perr != nil {
		return perr
	}
	t, gerr := h.svc.GetTemp(r.Context(), access.From(r.Context()), id)
	if gerr != nil {
		return gerr
	}
	form := r.PostForm
	if r.Method != http.MethodPost {
		form = url.Values{"dissolved_on": {h.svc.today()}, "reason": {i18n.T("frontline.task_done")}}
	}
	v := &web.View{Title: i18n.T("frontline.dissolve_title", t.Name), Form: form, Data: map[string]any{"Temp": t}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "frontline/temp_dissolve", v)
}

func (h *handlers) tempDissolve(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	if _, err = h.svc.DissolveTemp(r.Context(), access.From(r.Context()), id, r.PostFormValue("dissolved_on"), r.PostFormValue("reason")); err == nil {
		return redirect(w, r, tempBase+"/"+strconv.FormatInt(id, 10), "msg.frontline.dissolved")
	}
	if !formFailed(err) {
		return err
	}
	return h.tempDissolveWith(w, r, err)
}

func (h *handlers) tempAddPerson(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	if _, err = h.svc.AddTempPerson(r.Context(), access.From(r.Context()), id, personInputFrom(r)); err == nil {
		return redirect(w, r, tempBase+"/"+strconv.FormatInt(id, 10), "msg.frontline.person_added")
	}
	if !formFailed(err) {
		return err
	}
	return h.tempDetailWith(w, r, err)
}

func (h *handlers) tempRemovePerson(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	pid, err := web.PathInt(r, "pid")
	if err != nil {
		return err
	}
	if err := h.svc.RemoveTempPerson(r.Context(), access.From(r.Context()), id, pid); err != nil {
		return err
	}
	return redirect(w, r, tempBase+"/"+strconv.FormatInt(id, 10), "msg.frontline.person_removed")
}
