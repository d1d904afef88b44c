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

const coopBase = "/coop/coops"

func (h *handlers) coopList(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, totals, err := h.svc.ListCoops(r.Context(), p, f)
	if err != nil {
		return err
	}
	v, data, err := h.listView(r, i18n.T("coop.title.coops"))
	if err != nil {
		return err
	}
	unions, err := h.svc.unionOptions(r.Context(), p)
	if err != nil {
		return err
	}
	strip, err := h.strip(r, f.Under, coopKeys[:3], latestCoop)
	if err != nil {
		return err
	}
	data["Strip"], data["Items"], data["Pager"], data["Totals"], data["Unions"], data["Today"] = strip, items, web.NewPager(r, pg, total), totals, unions, h.svc.today()
	return h.srv.Render.HTML(w, r, "coop/coops", v)
}

func (h *handlers) coopDetail(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	c, err := h.svc.GetCoop(r.Context(), p, id)
	if err != nil {
		return err
	}
	incomes, total, sum, err := h.svc.ListIncomes(r.Context(), p, Filter{Under: c.OrgID, Limit: 10})
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "coop/coop", &web.View{Title: c.Name, Data: map[string]any{"C": c, "Incomes": incomes,
		"IncomeTotal": total, "IncomeSum": Yuan(sum), "Today": h.svc.today()}})
}

func coopInputFrom(r *http.Request) (CoopInput, error) {
	var v fault.Fields
	in := CoopInput{OrgID: idField(r.PostFormValue("org_id")), UnionID: idField(r.PostFormValue("union_id")), Name: r.PostFormValue("name"),
		CreditCode: r.PostFormValue("credit_code"), FoundedOn: r.PostFormValue("founded_on"), JoinedOn: r.PostFormValue("joined_on"),
		LeftOn: r.PostFormValue("left_on"), Chair: r.PostFormValue("chair"), Business: r.PostFormValue("business"), Note: r.PostFormValue("note")}
	in.Households = intField(&v, "households", "coop.field.households", r.PostFormValue("households"), true)
	in.Persons = intField(&v, "persons", "coop.field.persons", r.PostFormValue("persons"), true)
	in.ResidentHouseholds = intField(&v, "resident_households", "coop.field.resident_households", r.PostFormValue("resident_households"), true)
	in.ResidentPersons = intField(&v, "resident_persons", "coop.field.resident_persons", r.PostFormValue("resident_persons"), true)
	return in, v.Err()
}

func (h *handlers) coopForm(w http.ResponseWriter, r *http.Request, c Coop, err error) error {
	p := access.From(r.Context())
	villages, oerr := h.svc.villages(r.Context(), p)
	if oerr != nil {
		return oerr
	}
	unions, oerr := h.svc.unionOptions(r.Context(), p)
	if oerr != nil {
		return oerr
	}
	title := i18n.T("coop.new.coop")
	if c.ID != 0 {
		title = i18n.T("coop.edit_title", c.Name)
	}
	n := func(x int64) string {
		if c.ID == 0 {
			return ""
		}
		return itoa(x)
	}
	form := url.Values{"org_id": {itoa(c.OrgID)}, "union_id": {itoa(c.UnionID)}, "name": {c.Name}, "credit_code": {c.CreditCode},
		"founded_on": {c.FoundedOn}, "joined_on": {c.JoinedOn}, "left_on": {c.LeftOn}, "chair": {c.Chair}, "business": {c.Business},
		"households": {n(c.Households)}, "persons": {n(c.Persons)}, "resident_households": {n(c.ResidentHouseholds)},
		"resident_persons": {n(c.ResidentPersons)}, "note": {c.Note}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"C": c, "Villages": villages, "Unions": unions}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "coop/coop_form", v)
}

func (h *handlers) coopNew(w http.ResponseWriter, r *http.Request) error {
	return h.coopForm(w, r, Coop{UnionID: web.QueryInt(r, "union")}, nil)
}

// saveCoop reads the form and creates (id 0) or updates a cooperative;
// numbers that do not parse are reported with the service's own checks.
func (h *handlers) saveCoop(r *http.Request, id int64) (Coop, error) {
	p := access.From(r.Context())
	in, err := coopInputFrom(r)
	if err != nil {
		return Coop{}, combine(err, h.svc.checkCoop(r.Context(), h.svc.DB, p, id, &in))
	}
	if id == 0 {
		return h.svc.CreateCoop(r.Context(), p, in)
	}
	return h.svc.UpdateCoop(r.Context(), p, id, in)
}

func (h *handlers) coopCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := h.saveCoop(r, 0)
	if err == nil {
		return redirect(w, r, coopBase+"/"+strconv.FormatInt(c.ID, 10), "msg.coop.created")
	}
	if !formFailed(err) {
		return err
	}
	return h.coopForm(w, r, Coop{}, err)
}

func (h *handlers) coopEditForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	c, err := h.svc.GetCoop(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.coopForm(w, r, c, nil)
}

func (h *handlers) coopEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	c, err := h.svc.GetCoop(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	if _, err = h.saveCoop(r, id); err == nil {
		return redirect(w, r, coopBase+"/"+strconv.FormatInt(id, 10), "msg.coop.saved")
	}
	if !formFailed(err) {
		return err
	}
	return h.coopForm(w, r, c, err)
}
