package partner

import (
	"net/http"
	"net/url"
	"strconv"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

func (h *handlers) dealList(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, sum, err := h.svc.ListDeals(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	v, data, err := h.listView(r, i18n.T("partner.title.deals"), f.Under)
	if err != nil {
		return err
	}
	data["Items"], data["Pager"], data["Sum"] = items, web.NewPager(r, pg, total), Yuan(sum)
	return h.srv.Render.HTML(w, r, "partner/deals", v)
}

func (h *handlers) dealDetail(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	d, err := h.svc.GetDeal(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "partner/deal", &web.View{Title: d.Title, Data: map[string]any{"D": d}})
}

func dealInputFrom(r *http.Request) (DealInput, error) {
	var v fault.Fields
	in := DealInput{OrgID: idField(r.PostFormValue("org_id")), Kind: DealKind(r.PostFormValue("kind")), Partner: r.PostFormValue("partner"),
		PartnerKind: PartnerKind(r.PostFormValue("partner_kind")), Title: r.PostFormValue("title"), SignedOn: r.PostFormValue("signed_on"),
		Note: r.PostFormValue("note")}
	in.Amount = yuanField(&v, "amount", "partner.field.amount_yuan", r.PostFormValue("amount"), false)
	return in, v.Err()
}

func (h *handlers) dealForm(w http.ResponseWriter, r *http.Request, d Deal, err error) error {
	orgs, oerr := h.svc.orgOptions(r.Context(), access.From(r.Context()), `kind <> 'group'`)
	if oerr != nil {
		return oerr
	}
	title := i18n.T("partner.new.deal")
	if d.ID != 0 {
		title = i18n.T("partner.edit_title", d.Title)
	}
	form := url.Values{"org_id": {strconv.FormatInt(d.OrgID, 10)}, "kind": {string(d.Kind)}, "partner": {d.Partner},
		"partner_kind": {string(d.PartnerKind)}, "title": {d.Title}, "signed_on": {d.SignedOn}, "note": {d.Note}}
	if d.ID != 0 {
		form.Set("amount", d.Yuan())
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"D": d, "Orgs": orgs, "Kinds": DealKinds, "PartnerKinds": PartnerKinds}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "partner/deal_form", v)
}

func (h *handlers) dealNew(w http.ResponseWriter, r *http.Request) error {
	d := Deal{Kind: DealKind(r.URL.Query().Get("kind")), Partner: r.URL.Query().Get("partner"), PartnerKind: "university", SignedOn: h.svc.today()}
	return h.dealForm(w, r, d, nil)
}

func (h *handlers) saveDeal(r *http.Request, id int64) (Deal, error) {
	p := access.From(r.Context())
	in, err := dealInputFrom(r)
	if err != nil {
		return Deal{}, combine(err, h.svc.checkDeal(r.Context(), h.svc.DB, p, &in))
	}
	if id == 0 {
		return h.svc.CreateDeal(r.Context(), p, in)
	}
	return h.svc.UpdateDeal(r.Context(), p, id, in)
}

func (h *handlers) dealCreate(w http.ResponseWriter, r *http.Request) error {
	d, err := h.saveDeal(r, 0)
	if err == nil {
		return redirect(w, r, dealBase+"/"+strconv.FormatInt(d.ID, 10), "msg.partner.created")
	}
	if !formFailed(err) {
		return err
	}
	return h.dealForm(w, r, Deal{}, err)
}

func (h *handlers) dealEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	d, err := h.svc.GetDeal(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.dealForm(w, r, d, nil)
}

func (h *handlers) dealEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	d, err := h.svc.GetDeal(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	if _, err = h.saveDeal(r, id); err == nil {
		return redirect(w, r, dealBase+"/"+strconv.FormatInt(id, 10), "msg.partner.saved")
	}
	if !formFailed(err) {
		return err
	}
	return h.dealForm(w, r, d, err)
}

func (h *handlers) dealDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteDeal(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	return redirect(w, r, dealBase, "msg.partner.deleted")
}
