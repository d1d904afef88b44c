package grid

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/member"
	"troika/internal/web"
)

type handlers struct {
	svc *Service
	srv *web.Server
}

// choice is a value and label for a select in templates.
type choice struct{ Value, Label string }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func formInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	return n
}

func (h *handlers) render(w http.ResponseWriter, r *http.Request, page, title string, form url.Values, data map[string]any, err error) error {
	if form == nil {
		form = url.Values{}
	}
	v := &web.View{Title: title, Form: form, Data: data}
	if err != nil {
		if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
			return err
		}
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "grid/"+page, v)
}

// figures computes the figure strip of a ledger page for the principal's
// scope (narrowed to under when set).
func (h *handlers) figures(r *http.Request, under int64) ([]indicator.Figure, string, error) {
	p := access.From(r.Context())
	if p.Role == access.RoleGrid {
		// Figures count by organization; a grid worker's lists hold only
		// their grids, so the community's totals would not match them.
		return nil, "", nil
	}
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, under)
	if err != nil {
		return nil, "", err
	}
	figs, err := indicator.Figures(r.Context(), h.svc.DB, FigureKeys, scope, indicator.DefaultPeriod())
	name := ""
	if under > 0 {
		name = scope.Name
	}
	return figs, name, err
}

// ---- grids

func gridFilterFrom(q url.Values) GridFilter {
	f := GridFilter{Q: strings.TrimSpace(q.Get("q")), All: q.Get("all") == "1"}
	f.Under, _ = strconv.ParseInt(q.Get("under"), 10, 64)
	return f
}

func (h *handlers) grids(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := gridFilterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Grids(r.Context(), p, f)
	if err != nil {
		return err
	}
	figs, under, err := h.figures(r, f.Under)
	if err != nil {
		return err
	}
	return h.render(w, r, "grids", i18n.T("grid.grids_title"), r.URL.Query(), map[string]any{"Items": items,
		"Pager": web.NewPager(r, pg, total), "Figures": figs, "UnderName": under}, nil)
}

func (h *handlers) grid(w http.ResponseWriter, r *http.Request) error {
	return h.gridPage(w, r, nil)
}

func (h *handlers) gridPage(w http.ResponseWriter, r *http.Request, formErr error) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	g, err := h.svc.Grid(r.Context(), p, id)
	if err != nil {
		return err
	}
	workers, err := h.svc.Workers(r.Context(), p, id, true)
	if err != nil {
		return err
	}
	res, total, err := h.svc.Residents(r.Context(), p, ResidentFilter{GridID: id, Limit: 10})
	if err != nil {
		return err
	}
	data := map[string]any{"G": g, "Workers": workers, "Residents": res, "ResidentTotal": total, "Today": h.svc.today(),
		"Kinds": workerKindChoices()}
	if p.Can(access.PermOrgWrite) {
		if data["Accounts"], err = h.svc.WorkerAccounts(r.Context(), p, id); err != nil {
			return err
		}
	}
	form := url.Values{"kind": {WorkerFull}, "since": {h.svc.today()}}
	if formErr != nil {
		form = r.PostForm
	}
	return h.render(w, r, "grid", g.Name, form, data, formErr)
}

func workerKindChoices() []choice {
	var out []choice
	for _, k := range WorkerKinds {
		out = append(out, choice{k, i18n.T("grid.worker_kind." + k)})
	}
	return out
}

func gridInputFrom(r *http.Request) GridInput {
	in := GridInput{OrgID: formInt(r, "org_id"), Code: r.PostFormValue("code"), Name: r.PostFormValue("name"),
		PartyOrgID: formInt(r, "party_org_id"), Boundary: r.PostFormValue("boundary"), Note: r.PostFormValue("note")}
	in.Households = int(formInt(r, "households"))
	if r.PostFormValue("households") != "" && in.Households == 0 && strings.TrimSpace(r.PostFormValue("households")) != "0" {
		in.Households = -1
	}
	active := r.PostFormValue("active") == "1"
	in.Active = &active
	return in
}

func (h *handlers) gridForm(w http.ResponseWriter, r *http.Request, g Grid, err error) error {
	p := access.From(r.Context())
	form := url.Values{"org_id": {itoa(g.OrgID)}, "code": {g.Code}, "name": {g.Name}, "households": {strconv.Itoa(g.Households)},
		"party_org_id": {itoa(g.PartyOrgID)}, "boundary": {g.Boundary}, "note": {g.Note}}
	if g.Active || g.ID == 0 {
		form.Set("active", "1")
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	orgs, oerr := h.svc.GridOrgs(r.Context(), p)
	if oerr != nil {
		return oerr
	}
	var party []Option
	if oid, _ := strconv.ParseInt(form.Get("org_id"), 10, 64); oid > 0 {
		if party, oerr = h.svc.PartyOrgs(r.Context(), p, oid); oerr != nil {
			return oerr
		}
	}
	title := i18n.T("grid.new_grid")
	if g.ID != 0 {
		title = i18n.T("grid.edit_grid")
	}
	return h.render(w, r, "gridform", title, form, map[string]any{"G": g, "Orgs": orgs, "Party": party}, err)
}

func (h *handlers) newGrid(w http.ResponseWriter, r *http.Request) error {
	return h.gridForm(w, r, Grid{OrgID: web.QueryInt(r, "org")}, nil)
}

func (h *handlers) createGrid(w http.ResponseWriter, r *http.Request) error {
	g, err := h.svc.CreateGrid(r.Context(), access.From(r.Context()), gridInputFrom(r))
	if err != nil {
		return h.gridForm(w, r, Grid{}, err)
	}
	http.Redirect(w, r, "/grids/"+itoa(g.ID)+"?msg=msg.grid.saved", http.StatusSeeOther)
	return nil
}

func (h *handlers) editGrid(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	g, err := h.svc.Grid(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.gridForm(w, r, g, nil)
}

func (h *handlers) updateGrid(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	g, err := h.svc.Grid(r.Context(), p, id)
	if err != nil {
		return err
	}
	if _, err := h.svc.UpdateGrid(r.Context(), p, id, gridInputFrom(r)); err != nil {
		return h.gridForm(w, r, g, err)
	}
	http.Redirect(w, r, "/grids/"+itoa(id)+"?msg=msg.grid.saved", http.StatusSeeOther)
	return nil
}

func (h *handlers) assignWorker(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	in := WorkerInput{UserID: formInt(r, "user_id"), Name: r.PostFormValue("worker_name"), Phone: r.PostFormValue("phone"),
		Kind: r.PostFormValue("kind"), Since: r.PostFormValue("since")}
	if _, err := h.svc.AssignWorker(r.Context(), access.From(r.Context()), id, in); err != nil {
		if fault.CodeOf(err) != fault.Invalid {
			return err
		}
		return h.gridPage(w, r, err)
	}
	http.Redirect(w, r, "/grids/"+itoa(id)+"?msg=msg.grid.worker_assigned", http.StatusSeeOther)
	return nil
}

func (h *handlers) endWorker(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	wid, err := web.PathInt(r, "wid")
	if err != nil {
		return err
	}
	until := r.PostFormValue("until")
	if until == "" {
		until = h.svc.today()
	}
	if err := h.svc.EndWorker(r.Context(), access.From(r.Context()), id, wid, until); err != nil {
		if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
			return err
		}
		return h.gridPage(w, r, err)
	}
	http.Redirect(w, r, "/grids/"+itoa(id)+"?msg=msg.grid.worker_ended", http.StatusSeeOther)
	return nil
}

// ---- residents

func residentFilterFrom(q url.Values) ResidentFilter {
	f := ResidentFilter{Q: strings.TrimSpace(q.Get("q")), AgeBand: q.Get("age"), Gender: q.Get("gender"), Status: q.Get("status")}
	if r := []rune(f.Q); len(r) > 30 {
		f.Q = string(r[:30])
	}
	f.GridID, _ = strconv.ParseInt(q.Get("grid"), 10, 64)
	f.TagID, _ = strconv.ParseInt(q.Get("tag"), 10, 64)
	f.Under, _ = strconv.ParseInt(q.Get("under"), 10, 64)
	f.HouseholdID, _ = strconv.ParseInt(q.Get("household"), 10, 64)
	if f.Status != "all" && f.Status != Moved && f.Status != Deceased && f.Status != Active {
		f.Status = ""
	}
	if _, _, ok := ageBandBounds(f.AgeBand, "2000-01-01"); !ok {
		f.AgeBand = ""
	}
	return f
}

func statusChoices() []choice {
	var out []choice
	for _, s := range Statuses {
		out = append(out, choice{s, StatusLabel(s)})
	}
	return out
}

func ageChoices() []choice {
	var out []choice
	for _, b := range AgeBands {
		out = append(out, choice{b, AgeBandLabel(b)})
	}
	return out
}

func (h *handlers) residents(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := residentFilterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Residents(r.Context(), p, f)
	if err != nil {
		return err
	}
	figs, under, err := h.figures(r, f.Under)
	if err != nil {
		return err
	}
	grids, err := h.svc.GridOptions(r.Context(), p)
	if err != nil {
		return err
	}
	tags, err := h.svc.Tags(r.Context(), p, true)
	if err != nil {
		return err
	}
	return h.render(w, r, "residents", i18n.T("grid.residents_title"), r.URL.Query(), map[string]any{"Items": items,
		"Pager": web.NewPager(r, pg, total), "Figures": figs, "UnderName": under, "Grids": grids, "Tags": tags,
		"Ages": ageChoices(), "Statuses": statusChoices(), "Today": h.svc.today(), "ExportQuery": r.URL.RawQuery}, nil)
}

func (h *handlers) residentView(w http.ResponseWriter, r *http.Request, res Resident, flash string) error {
	p := access.From(r.Context())
	visits, _, err := h.svc.Visits(r.Context(), p, VisitFilter{ResidentID: res.ID, Limit: 20})
	if err != nil {
		return err
	}
	v := &web.View{Title: res.Name, Flash: flash, Data: map[string]any{"R": res, "Age": res.Age(h.svc.today()), "Visits": visits}}
	return h.srv.Render.HTML(w, r, "grid/resident", v)
}

func (h *handlers) resident(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	res, err := h.svc.Resident(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.residentView(w, r, res, "")
}

func (h *handlers) unmask(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	res, err := h.svc.Unmask(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.residentView(w, r, res, i18n.T("grid.unmasked_flash"))
}

func residentInputFrom(r *http.Request) ResidentInput {
	f := r.PostFormValue
	in := ResidentInput{GridID: formInt(r, "grid_id"), Household: f("household_code"), Address: f("address"), Name: f("name"),
		Relation: f("relation"), Gender: f("gender"), Ethnicity: f("ethnicity"), IDNumber: f("id_number"), Phone: f("phone"),
		RegAddress: f("registered_address"), MovedIn: f("moved_in"), Note: f("note")}
	for _, t := range r.PostForm["tag_ids"] {
		if id, err := strconv.ParseInt(t, 10, 64); err == nil {
			in.TagIDs = append(in.TagIDs, id)
		}
	}
	return in
}

func ethnicityChoices() []choice {
	var out []choice
	for _, e := range member.Ethnicities {
		out = append(out, choice{e, member.EthnicityLabel(e)})
	}
	return out
}

func (h *handlers) residentForm(w http.ResponseWriter, r *http.Request, res Resident, err error) error {
	p := access.From(r.Context())
	form := url.Values{"grid_id": {itoa(res.GridID)}, "household_code": {res.Household}, "address": {res.Address}, "name": {res.Name},
		"relation": {res.Relation}, "gender": {string(res.Gender)}, "ethnicity": {res.Ethnicity}, "registered_address": {res.RegAddress},
		"moved_in": {res.MovedIn}, "note": {res.Note}}
	for _, t := range res.Tags {
		form.Add("tag_ids", itoa(t.ID))
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
		form.Del("id_number")
		form.Del("phone")
	}
	grids, gerr := h.svc.GridOptions(r.Context(), p)
	if gerr != nil {
		return gerr
	}
	tags, gerr := h.svc.Tags(r.Context(), p, false)
	if gerr != nil {
		return gerr
	}
	title := i18n.T("grid.new_resident")
	if res.ID != 0 {
		title = i18n.T("grid.edit_resident")
	}
	type tagOpt struct {
		ID      int64
		Name    string
		Checked bool
	}
	var opts []tagOpt
	for _, t := range tags {
		opts = append(opts, tagOpt{t.ID, t.Name, slices.Contains(form["tag_ids"], itoa(t.ID))})
	}
	return h.render(w, r, "residentform", title, form, map[string]any{"R": res, "Grids": grids, "Tags": opts,
		"Ethnicities": ethnicityChoices(), "Relations": Relations}, err)
}

func (h *handlers) newResident(w http.ResponseWriter, r *http.Request) error {
	res := Resident{GridID: web.QueryInt(r, "grid"), Ethnicity: member.Korean}
	if hid := web.QueryInt(r, "household"); hid > 0 {
		hh, err := h.svc.Household(r.Context(), access.From(r.Context()), hid)
		if err != nil {
			return err
		}
		res.GridID, res.Household, res.Address = hh.GridID, hh.Code, hh.Address
	}
	return h.residentForm(w, r, res, nil)
}

func (h *handlers) createResident(w http.ResponseWriter, r *http.Request) error {
	res, err := h.svc.CreateResident(r.Context(), access.From(r.Context()), residentInputFrom(r))
	if err != nil {
		return h.residentForm(w, r, Resident{}, err)
	}
	http.Redirect(w, r, "/residents/"+itoa(res.ID)+"?msg=msg.grid.resident_saved", http.StatusSeeOther)
	return nil
}

func (h *handlers) editResident(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	res, err := h.svc.Resident(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.residentForm(w, r, res, nil)
}

func (h *handlers) updateResident(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	res, err := h.svc.Resident(r.Context(), p, id)
	if err != nil {
		return err
	}
	if _, err := h.svc.UpdateResident(r.Context(), p, id, residentInputFrom(r)); err != nil {
		return h.residentForm(w, r, res, err)
	}
	http.Redirect(w, r, "/residents/"+itoa(id)+"?msg=msg.grid.resident_saved", http.StatusSeeOther)
	return nil
}

func (h *handlers) leaveForm(w http.ResponseWriter, r *http.Request, err error) error {
	id, perr := web.PathID(r)
	if perr != nil {
		return perr
	}
	res, gerr := h.svc.Resident(r.Context(), access.From(r.Context()), id)
	if gerr != nil {
		return gerr
	}
	form := url.Values{"status": {Moved}, "moved_out": {h.svc.today()}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	return h.render(w, r, "leave", i18n.T("grid.leave_title"), form, map[string]any{"R": res,
		"Choices": []choice{{Moved, StatusLabel(Moved)}, {Deceased, StatusLabel(Deceased)}}}, err)
}

func (h *handlers) leavePage(w http.ResponseWriter, r *http.Request) error {
	return h.leaveForm(w, r, nil)
}

func (h *handlers) leave(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	if err := h.svc.Leave(r.Context(), access.From(r.Context()), id, r.PostFormValue("status"), r.PostFormValue("moved_out"),
		r.PostFormValue("note")); err != nil {
		return h.leaveForm(w, r, err)
	}
	http.Redirect(w, r, "/residents/"+itoa(id)+"?msg=msg.grid.resident_saved", http.StatusSeeOther)
	return nil
}

// ---- households and visits

func (h *handlers) household(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	hh, err := h.svc.Household(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.render(w, r, "household", i18n.T("grid.household_title", hh.Address), nil, map[string]any{"H": hh, "Today": h.svc.today()}, nil)
}

func (h *handlers) visits(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	q := r.URL.Query()
	f := VisitFilter{GridID: web.QueryInt(r, "grid"), Limit: pg.Size, Offset: pg.Offset()}
	if d, ok := validDay(q.Get("from")); ok {
		f.From = d
	}
	if d, ok := validDay(q.Get("to")); ok {
		f.To = d
	}
	items, total, err := h.svc.Visits(r.Context(), p, f)
	if err != nil {
		return err
	}
	grids, err := h.svc.GridOptions(r.Context(), p)
	if err != nil {
		return err
	}
	return h.render(w, r, "visits", i18n.T("grid.visits_title"), q, map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total),
		"Grids": grids}, nil)
}

func validDay(s string) (string, bool) {
	_, err := time.Parse(day, s)
	return s, err == nil
}

func methodChoices() []choice {
	var out []choice
	for _, m := range VisitMethods {
		out = append(out, choice{m, MethodLabel(m)})
	}
	return out
}

func (h *handlers) visitForm(w http.ResponseWriter, r *http.Request, err error) error {
	p := access.From(r.Context())
	var hid, rid int64
	if r.Method == http.MethodPost {
		hid, rid = formInt(r, "household_id"), formInt(r, "resident_id")
	} else {
		hid, rid = web.QueryInt(r, "household"), web.QueryInt(r, "resident")
	}
	if rid > 0 {
		res, gerr := h.svc.Resident(r.Context(), p, rid)
		if gerr != nil {
			return gerr
		}
		hid = res.HouseholdID
	}
	if hid == 0 {
		return web.ErrNotFound
	}
	hh, gerr := h.svc.Household(r.Context(), p, hid)
	if gerr != nil {
		return gerr
	}
	form := url.Values{"visited_on": {h.svc.today()}, "method": {"home"}, "resident_id": {itoa(rid)}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	return h.render(w, r, "visitform", i18n.T("grid.visit_new"), form, map[string]any{"H": hh, "Methods": methodChoices()}, err)
}

func (h *handlers) newVisit(w http.ResponseWriter, r *http.Request) error {
	return h.visitForm(w, r, nil)
}

func (h *handlers) createVisit(w http.ResponseWriter, r *http.Request) error {
	in := VisitInput{HouseholdID: formInt(r, "household_id"), ResidentID: formInt(r, "resident_id"), VisitedOn: r.PostFormValue("visited_on"),
		Method: r.PostFormValue("method"), Notes: r.PostFormValue("notes"), FollowUp: r.PostFormValue("follow_up")}
	v, err := h.svc.RecordVisit(r.Context(), access.From(r.Context()), in)
	if err != nil {
		if fault.CodeOf(err) != fault.Invalid {
			return err
		}
		return h.visitForm(w, r, err)
	}
	http.Redirect(w, r, "/households/"+itoa(v.HouseholdID)+"?msg=msg.grid.visit_saved", http.StatusSeeOther)
	return nil
}

// ---- tags

func (h *handlers) tags(w http.ResponseWriter, r *http.Request) error { return h.tagsPage(w, r, nil) }

func (h *handlers) tagsPage(w http.ResponseWriter, r *http.Request, err error) error {
	p := access.From(r.Context())
	tags, terr := h.svc.Tags(r.Context(), p, true)
	if terr != nil {
		return terr
	}
	form := url.Values{}
	if err != nil {
		form = r.PostForm
	}
	return h.render(w, r, "tags", i18n.T("grid.tags_title"), form, map[string]any{"Tags": tags,
		"CityWide": h.svc.cityWide(r.Context(), p) == nil}, err)
}

func (h *handlers) createTag(w http.ResponseWriter, r *http.Request) error {
	in := TagInput{Name: r.PostFormValue("tag_name"), Sort: int(formInt(r, "sort"))}
	if _, err := h.svc.CreateTag(r.Context(), access.From(r.Context()), in); err != nil {
		return h.tagsPage(w, r, err)
	}
	http.Redirect(w, r, "/resident-tags?msg=msg.grid.tag_saved", http.StatusSeeOther)
	return nil
}

func (h *handlers) toggleTag(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	active := r.PostFormValue("active") == "1"
	in := TagInput{Sort: int(formInt(r, "sort")), Active: &active}
	if _, err := h.svc.UpdateTag(r.Context(), access.From(r.Context()), id, in); err != nil {
		return h.tagsPage(w, r, err)
	}
	http.Redirect(w, r, "/resident-tags?msg=msg.grid.tag_saved", http.StatusSeeOther)
	return nil
}

// ---- service sites

func siteKindChoices() []choice {
	var out []choice
	for _, k := range SiteKinds {
		out = append(out, choice{k, SiteKindLabel(k)})
	}
	return out
}

func siteFilterFrom(q url.Values) SiteFilter {
	f := SiteFilter{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Closed: q.Get("closed") == "1"}
	f.Under, _ = strconv.ParseInt(q.Get("under"), 10, 64)
	known := false
	for _, k := range SiteKinds {
		known = known || k == f.Kind
	}
	if !known {
		f.Kind = ""
	}
	return f
}

func (h *handlers) sites(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := siteFilterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Sites(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	return h.render(w, r, "sites", i18n.T("grid.sites_title"), r.URL.Query(), map[string]any{"Items": items,
		"Pager": web.NewPager(r, pg, total), "Kinds": siteKindChoices()}, nil)
}

func (h *handlers) site(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	st, err := h.svc.Site(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.render(w, r, "site", st.Name, nil, map[string]any{"S": st}, nil)
}

func siteInputFrom(r *http.Request) SiteInput {
	f := r.PostFormValue
	in := SiteInput{OrgID: formInt(r, "site_org_id"), Kind: f("kind"), Name: f("site_name"), Address: f("site_address"), Hours: f("hours"),
		Services: f("services"), Phone: f("site_phone"), OpenedOn: f("opened_on"), ClosedOn: f("closed_on"), Note: f("note")}
	in.AreaSqm = int(formInt(r, "area_sqm"))
	return in
}

func (h *handlers) siteForm(w http.ResponseWriter, r *http.Request, st Site, err error) error {
	form := url.Values{"site_org_id": {itoa(st.OrgID)}, "kind": {st.Kind}, "site_name": {st.Name}, "site_address": {st.Address},
		"hours": {st.Hours}, "services": {strings.Join(st.Services, "\n")}, "site_phone": {st.Phone}, "area_sqm": {strconv.Itoa(st.AreaSqm)},
		"opened_on": {st.OpenedOn}, "closed_on": {st.ClosedOn}, "note": {st.Note}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	orgs, oerr := h.svc.SiteOrgs(r.Context(), access.From(r.Context()))
	if oerr != nil {
		return oerr
	}
	title := i18n.T("grid.new_site")
	if st.ID != 0 {
		title = i18n.T("grid.edit_site")
	}
	return h.render(w, r, "siteform", title, form, map[string]any{"S": st, "Orgs": orgs, "Kinds": siteKindChoices()}, err)
}

func (h *handlers) newSite(w http.ResponseWriter, r *http.Request) error {
	return h.siteForm(w, r, Site{Kind: SiteCentre, OrgID: web.QueryInt(r, "org")}, nil)
}

func (h *handlers) createSite(w http.ResponseWriter, r *http.Request) error {
	st, err := h.svc.CreateSite(r.Context(), access.From(r.Context()), siteInputFrom(r))
	if err != nil {
		return h.siteForm(w, r, Site{}, err)
	}
	http.Redirect(w, r, "/service-sites/"+itoa(st.ID)+"?msg=msg.grid.site_saved", http.StatusSeeOther)
	return nil
}

func (h *handlers) editSite(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	st, err := h.svc.Site(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.siteForm(w, r, st, nil)
}

func (h *handlers) updateSite(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	st, err := h.svc.Site(r.Context(), p, id)
	if err != nil {
		return err
	}
	if _, err := h.svc.UpdateSite(r.Context(), p, id, siteInputFrom(r)); err != nil {
		return h.siteForm(w, r, st, err)
	}
	http.Redirect(w, r, "/service-sites/"+itoa(id)+"?msg=msg.grid.site_saved", http.StatusSeeOther)
	return nil
}
