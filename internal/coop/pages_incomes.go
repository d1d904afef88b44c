package coop

import (
	"net/http"
	"net/url"
	"strconv"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

const incomeBase = "/coop/incomes"

func (h *handlers) incomeList(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, sum, err := h.svc.ListIncomes(r.Context(), p, f)
	if err != nil {
		return err
	}
	v, data, err := h.listView(r, i18n.T("coop.title.incomes"))
	if err != nil {
		return err
	}
	strip, err := h.strip(r, f.Under, []string{KeyIncomeAdded}, latestIncome)
	if err != nil {
		return err
	}
	data["Strip"], data["Items"], data["Pager"], data["Sum"] = strip, items, web.NewPager(r, pg, total), Yuan(sum)
	return h.srv.Render.HTML(w, r, "coop/incomes", v)
}

func (h *handlers) incomeDetail(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.GetIncome(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "coop/income", &web.View{Title: x.Village + " " + x.Item, Data: map[string]any{"X": x}})
}

func incomeInputFrom(r *http.Request) (IncomeInput, error) {
	var v fault.Fields
	in := IncomeInput{OrgID: idField(r.PostFormValue("org_id")), ReceivedOn: r.PostFormValue("received_on"), Item: r.PostFormValue("item"),
		Payer: r.PostFormValue("payer"), ViaUnion: r.PostFormValue("via_union") == "1", VoucherNo: r.PostFormValue("voucher_no"), Note: r.PostFormValue("note")}
	in.Amount = yuanField(&v, "amount", "coop.field.amount_yuan", r.PostFormValue("amount"))
	return in, v.Err()
}

func (h *handlers) incomeForm(w http.ResponseWriter, r *http.Request, x Income, err error) error {
	villages, oerr := h.svc.villages(r.Context(), access.From(r.Context()))
	if oerr != nil {
		return oerr
	}
	title := i18n.T("coop.new.income")
	if x.ID != 0 {
		title = i18n.T("coop.edit_title", x.Village+" "+x.Item)
	}
	form := url.Values{"org_id": {itoa(x.OrgID)}, "received_on": {x.ReceivedOn}, "item": {x.Item}, "payer": {x.Payer},
		"voucher_no": {x.VoucherNo}, "note": {x.Note}}
	if x.ID != 0 {
		form.Set("amount", Yuan(x.Amount))
	}
	if x.ViaUnion {
		form.Set("via_union", "1")
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"X": x, "Villages": villages}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "coop/income_form", v)
}

func (h *handlers) incomeNew(w http.ResponseWriter, r *http.Request) error {
	return h.incomeForm(w, r, Income{OrgID: web.QueryInt(r, "village"), ReceivedOn: h.svc.today()}, nil)
}

func (h *handlers) saveIncome(r *http.Request, id int64) (Income, error) {
	p := access.From(r.Context())
	in, err := incomeInputFrom(r)
	if err != nil {
		return Income{}, combine(err, h.svc.checkIncome(r.Context(), h.svc.DB, p, &in))
	}
	if id == 0 {
		return h.svc.CreateIncome(r.Context(), p, in)
	}
	return h.svc.UpdateIncome(r.Context(), p, id, in)
}

func (h *handlers) incomeCreate(w http.ResponseWriter, r *http.Request) error {
	x, err := h.saveIncome(r, 0)
	if err == nil {
		return redirect(w, r, incomeBase+"/"+strconv.FormatInt(x.ID, 10), "msg.coop.created")
	}
	if !formFailed(err) {
		return err
	}
	return h.incomeForm(w, r, Income{}, err)
}

func (h *handlers) incomeEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.GetIncome(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.incomeForm(w, r, x, nil)
}

func (h *handlers) incomeEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.GetIncome(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	if _, err = h.saveIncome(r, id); err == nil {
		return redirect(w, r, incomeBase+"/"+strconv.FormatInt(id, 10), "msg.coop.saved")
	}
	if !formFailed(err) {
		return err
	}
	return h.incomeForm(w, r, x, err)
}

func (h *handlers) incomeDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteIncome(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	return redirect(w, r, incomeBase, "msg.coop.deleted")
}
