package coop

import (
	"net/http"
	"net/url"
	"strconv"

	"troika/internal/access"
	"troika/internal/i18n"
	"troika/internal/web"
)

const unionBase = "/coop/unions"

func (h *handlers) unionList(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.ListUnions(r.Context(), p, f)
	if err != nil {
		return err
	}
	v, data, err := h.listView(r, i18n.T("coop.title.unions"))
	if err != nil {
		return err
	}
	strip, err := h.strip(r, f.Under, coopKeys, latestCoop)
	if err != nil {
		return err
	}
	data["Strip"], data["Items"], data["Pager"] = strip, items, web.NewPager(r, pg, total)
	return h.srv.Render.HTML(w, r, "coop/unions", v)
}

func (h *handlers) unionDetail(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	u, err := h.svc.GetUnion(r.Context(), p, id)
	if err != nil {
		return err
	}
	coops, _, totals, err := h.svc.ListCoops(r.Context(), p, Filter{UnionID: id, Limit: 500})
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "coop/union", &web.View{Title: u.Name, Data: map[string]any{"U": u, "Coops": coops, "Totals": totals,
		"Today": h.svc.today()}})
}

func unionInputFrom(r *http.Request) UnionInput {
	return UnionInput{OrgID: idField(r.PostFormValue("org_id")), Name: r.PostFormValue("name"), CreditCode: r.PostFormValue("credit_code"),
		FoundedOn: r.PostFormValue("founded_on"), Chair: r.PostFormValue("chair"), Business: r.PostFormValue("business"), Note: r.PostFormValue("note")}
}

func (h *handlers) unionForm(w http.ResponseWriter, r *http.Request, u Union, err error) error {
	orgs, oerr := h.svc.unionOrgs(r.Context(), access.From(r.Context()))
	if oerr != nil {
		return oerr
	}
	title := i18n.T("coop.new.union")
	if u.ID != 0 {
		title = i18n.T("coop.edit_title", u.Name)
	}
	form := url.Values{"org_id": {strconv.FormatInt(u.OrgID, 10)}, "name": {u.Name}, "credit_code": {u.CreditCode}, "founded_on": {u.FoundedOn},
		"chair": {u.Chair}, "business": {u.Business}, "note": {u.Note}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"U": u, "Orgs": orgs}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "coop/union_form", v)
}

func (h *handlers) unionNew(w http.ResponseWriter, r *http.Request) error {
	return h.unionForm(w, r, Union{OrgID: access.From(r.Context()).OrgID}, nil)
}

func (h *handlers) unionCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := h.svc.CreateUnion(r.Context(), access.From(r.Context()), unionInputFrom(r))
	if err == nil {
		return redirect(w, r, unionBase+"/"+strconv.FormatInt(u.ID, 10), "msg.coop.created")
	}
	if !formFailed(err) {
		return err
	}
	return h.unionForm(w, r, Union{}, err)
}

func (h *handlers) unionEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	u, err := h.svc.GetUnion(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.unionForm(w, r, u, nil)
}

func (h *handlers) unionEdit(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	u, err := h.svc.GetUnion(r.Context(), p, id)
	if err != nil {
		return err
	}
	if _, err = h.svc.UpdateUnion(r.Context(), p, id, unionInputFrom(r)); err == nil {
		return redirect(w, r, unionBase+"/"+strconv.FormatInt(id, 10), "msg.coop.saved")
	}
	if !formFailed(err) {
		return err
	}
	return h.unionForm(w, r, u, err)
}
