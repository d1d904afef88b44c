package member

import (
	"context"
	"net/http"
	"net/url"
	"sort"
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

// filterFrom reads the roster filters from a query; unknown values are
// dropped rather than refused, as for every list.
func filterFrom(q url.Values) Filter {
	f := Filter{Q: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Gender: q.Get("gender"),
		Ethnicity: q.Get("ethnicity"), Education: q.Get("education"), Category: Category(q.Get("category")),
		AgeBand: q.Get("age"), Mobile: q.Get("mobile") == "1", NoPost: q.Get("nopost") == "1"}
	if r := []rune(f.Q); len(r) > 30 {
		f.Q = string(r[:30])
	}
	if f.Status != "all" && !Status(f.Status).Valid() {
		f.Status = ""
	}
	if f.Gender != "male" && f.Gender != "female" {
		f.Gender = ""
	}
	if _, ok := ParseEthnicity(f.Ethnicity); !ok || len(f.Ethnicity) != 2 {
		f.Ethnicity = ""
	}
	if _, ok := ParseEducation(f.Education); !ok {
		f.Education = ""
	}
	if !f.Category.Valid() {
		f.Category = ""
	}
	if _, _, ok := ageBandBounds(f.AgeBand, "2000-01-01"); !ok {
		f.AgeBand = ""
	}
	if u, err := strconv.ParseInt(q.Get("under"), 10, 64); err == nil && u > 0 {
		f.Under = u
	}
	return f
}

// option is a value and label for a select.
type option struct{ Value, Label string }

func choices() map[string]any {
	var eth, edu, st, cat, age []option
	for _, e := range Ethnicities {
		eth = append(eth, option{e, EthnicityLabel(e)})
	}
	for _, e := range Educations {
		edu = append(edu, option{e, EducationLabel(e)})
	}
	for _, s := range Statuses {
		st = append(st, option{string(s), s.Label()})
	}
	for _, c := range Categories {
		cat = append(cat, option{string(c), c.Label()})
	}
	for _, b := range AgeBands {
		age = append(age, option{b, AgeBandLabel(b)})
	}
	return map[string]any{"Ethnicities": eth, "Educations": edu, "Statuses": st, "Categories": cat, "AgeBands": age,
		"Genders": []option{{"male", i18n.T("gender.male")}, {"female", i18n.T("gender.female")}}}
}

func (h *handlers) list(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.List(r.Context(), p, f)
	if err != nil {
		return err
	}
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, f.Under)
	if err != nil {
		return err
	}
	figs, err := indicator.Figures(r.Context(), h.svc.DB, FigureKeys, scope, indicator.DefaultPeriod())
	if err != nil {
		return err
	}
	under := ""
	if f.Under > 0 {
		under = scope.Name
	}
	data := choices()
	data["Items"], data["Pager"], data["Figures"], data["ExportQuery"], data["UnderName"] = items, web.NewPager(r, pg, total), figs, r.URL.RawQuery, under
	data["Today"] = h.svc.today()
	return h.srv.Render.HTML(w, r, "member/list", &web.View{Title: i18n.T("member.title"), Form: r.URL.Query(), Data: data})
}

// timelineItem is one line of a member's history as the page draws it.
type timelineItem struct {
	On, Label, Org, Other, Detail, Actor string
}

func timeline(m Member, evs []Event) []timelineItem {
	var out []timelineItem
	if m.JoinedOn != "" {
		out = append(out, timelineItem{On: m.JoinedOn, Label: i18n.T("member.event.joined")})
	}
	if m.FullOn != "" {
		out = append(out, timelineItem{On: m.FullOn, Label: i18n.T("member.event.full")})
	}
	for _, e := range evs {
		if e.Kind == EvFull && e.On == m.FullOn {
			continue
		}
		out = append(out, timelineItem{On: e.On, Label: e.KindLabel(), Org: e.OrgName, Other: e.OtherOrg, Detail: e.Detail, Actor: e.Actor})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].On < out[j].On })
	return out
}

func (h *handlers) detailView(r *http.Request, m Member) (*web.View, error) {
	p := access.From(r.Context())
	evs, err := events(r.Context(), h.svc.DB, m.ID)
	if err != nil {
		return nil, err
	}
	trs, _, err := h.svc.Transfers(r.Context(), p, TransferFilter{MemberID: m.ID, Limit: 50})
	if err != nil {
		return nil, err
	}
	return &web.View{Title: m.Name, Data: map[string]any{"M": m, "Timeline": timeline(m, evs), "Transfers": trs,
		"Age": m.Age(h.svc.today())}}, nil
}

func (h *handlers) detail(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	m, err := h.svc.Get(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	v, err := h.detailView(r, m)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "member/detail", v)
}

// unmask shows the detail page with the ID number and phone in clear; a
// POST (with the CSRF token) so that a link or prefetch cannot trigger
// an audited view.
func (h *handlers) unmask(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	m, err := h.svc.Unmask(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	v, err := h.detailView(r, m)
	if err != nil {
		return err
	}
	v.Flash = i18n.T("member.unmasked_flash")
	return h.srv.Render.HTML(w, r, "member/detail", v)
}

// holders lists the organizations in scope that may hold members, for
// the form's select.
func holders(ctx context.Context, db *store.DB, p *access.Principal) ([]option, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, name, code FROM orgs WHERE path LIKE ? AND dissolved = FALSE
		AND kind IN ('branch', 'temp', 'general') ORDER BY path`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []option
	for rows.Next() {
		var id int64
		var name, code string
		if err := rows.Scan(&id, &name, &code); err != nil {
			return nil, err
		}
		out = append(out, option{strconv.FormatInt(id, 10), name + "（" + code + "）"})
	}
	return out, rows.Err()
}

func inputFrom(r *http.Request) Input {
	f := r.PostFormValue
	in := Input{Name: f("name"), Gender: f("gender"), Ethnicity: f("ethnicity"), BirthDate: f("birth_date"), IDNumber: f("id_number"),
		Phone: f("phone"), Education: f("education"), Occupation: f("occupation"), JoinedOn: f("joined_on"), FullOn: f("full_on"),
		Category: Category(f("category")), HasPost: f("has_post") == "1", Post: f("post"), Mobile: f("mobile") == "1",
		MobileTo: f("mobile_to"), Community: f("community"), Note: f("note"), ArrivedFrom: f("arrived_from"), ArrivedOn: f("arrived_on")}
	in.OrgID, _ = strconv.ParseInt(f("org_id"), 10, 64)
	return in
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return ""
}

func (h *handlers) formView(r *http.Request, title string, m Member) (*web.View, error) {
	form := url.Values{"name": {m.Name}, "gender": {string(m.Gender)}, "ethnicity": {m.Ethnicity}, "birth_date": {m.BirthDate},
		"education": {m.Education}, "occupation": {m.Occupation}, "joined_on": {m.JoinedOn}, "full_on": {m.FullOn},
		"category": {string(m.Category)}, "has_post": {boolStr(m.HasPost)}, "post": {m.Post}, "mobile": {boolStr(m.Mobile)},
		"mobile_to": {m.MobileTo}, "community": {m.Community}, "note": {m.Note}, "org_id": {strconv.FormatInt(m.OrgID, 10)}}
	if r.Method == http.MethodPost {
		form = r.PostForm
		// A typed ID number or phone is not sent back to the browser in
		// the page: the user types it again.
		form.Del("id_number")
		form.Del("phone")
	}
	orgs, err := holders(r.Context(), h.svc.DB, access.From(r.Context()))
	if err != nil {
		return nil, err
	}
	data := choices()
	data["M"], data["Orgs"] = m, orgs
	return &web.View{Title: title, Form: form, Data: data}, nil
}

func (h *handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	m := Member{Ethnicity: Korean, Category: Full}
	if o, err := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64); err == nil {
		m.OrgID = o
	}
	v, err := h.formView(r, i18n.T("member.new_title"), m)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "member/form", v)
}

func (h *handlers) create(w http.ResponseWriter, r *http.Request) error {
	m, err := h.svc.Create(r.Context(), access.From(r.Context()), inputFrom(r))
	if err == nil {
		http.Redirect(w, r, "/members/"+strconv.FormatInt(m.ID, 10)+"?msg=msg.member.created", http.StatusSeeOther)
		return nil
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	v, verr := h.formView(r, i18n.T("member.new_title"), Member{})
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "member/form", v)
}

func (h *handlers) editForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	m, err := h.svc.Get(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	v, err := h.formView(r, i18n.T("member.edit_title"), m)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "member/form", v)
}

func (h *handlers) edit(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	m, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	if _, err = h.svc.Update(r.Context(), p, id, inputFrom(r)); err == nil {
		http.Redirect(w, r, "/members/"+strconv.FormatInt(id, 10)+"?msg=msg.member.saved", http.StatusSeeOther)
		return nil
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	v, verr := h.formView(r, i18n.T("member.edit_title"), m)
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "member/form", v)
}

// actionForm serves the transfer and deceased forms of a member.
func (h *handlers) actionForm(w http.ResponseWriter, r *http.Request, page, title string, err error) error {
	id, perr := web.PathID(r)
	if perr != nil {
		return perr
	}
	m, gerr := h.svc.Get(r.Context(), access.From(r.Context()), id)
	if gerr != nil {
		return gerr
	}
	v := &web.View{Title: title, Form: r.PostForm, Data: map[string]any{"M": m, "Today": h.svc.today()}}
	if v.Form == nil {
		v.Form = url.Values{}
	}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "member/"+page, v)
}

func (h *handlers) transferForm(w http.ResponseWriter, r *http.Request) error {
	return h.actionForm(w, r, "transfer", i18n.T("member.transfer_title"), nil)
}

func (h *handlers) transfer(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	in := TransferInput{ToOrgCode: r.PostFormValue("to_org_code"), Reason: r.PostFormValue("reason"), On: r.PostFormValue("on")}
	if r.PostFormValue("kind") == "external" {
		in.ToOrgCode, in.External = "", strings.TrimSpace(r.PostFormValue("external"))
		if in.External == "" {
			var v fault.Fields
			v.Add("external", label("external"), i18n.T("field.required"))
			return h.actionForm(w, r, "transfer", i18n.T("member.transfer_title"), v.Err())
		}
	}
	_, err = h.svc.StartTransfer(r.Context(), access.From(r.Context()), id, in)
	if err == nil {
		http.Redirect(w, r, "/members/"+strconv.FormatInt(id, 10)+"?msg=msg.member.transferred", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	return h.actionForm(w, r, "transfer", i18n.T("member.transfer_title"), err)
}

func (h *handlers) deceasedForm(w http.ResponseWriter, r *http.Request) error {
	return h.actionForm(w, r, "deceased", i18n.T("member.deceased_title"), nil)
}

func (h *handlers) deceased(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	err = h.svc.MarkDeceased(r.Context(), access.From(r.Context()), id, r.PostFormValue("deceased_on"), r.PostFormValue("note"))
	if err == nil {
		http.Redirect(w, r, "/members/"+strconv.FormatInt(id, 10)+"?msg=msg.member.saved", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	return h.actionForm(w, r, "deceased", i18n.T("member.deceased_title"), err)
}

func (h *handlers) transfers(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	box := r.URL.Query().Get("box")
	if box != "in" && box != "out" {
		box = ""
	}
	status := r.URL.Query().Get("status")
	switch status {
	case TransferPending, TransferAccepted, TransferReturned, TransferDone, "":
	default:
		status = ""
	}
	items, total, err := h.svc.Transfers(r.Context(), p, TransferFilter{Box: box, Status: status, Limit: pg.Size, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	_, pending, err := h.svc.Transfers(r.Context(), p, TransferFilter{Box: "in", Status: TransferPending, Limit: 1})
	if err != nil {
		return err
	}
	statuses := []option{}
	for _, s := range []string{TransferPending, TransferAccepted, TransferReturned, TransferDone} {
		statuses = append(statuses, option{s, i18n.T("member.transfer.status." + s)})
	}
	return h.srv.Render.HTML(w, r, "member/transfers", &web.View{Title: i18n.T("member.transfers_title"), Form: r.URL.Query(),
		Data: map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Box": box, "Pending": pending, "Statuses": statuses}})
}

func transferID(r *http.Request) (int64, error) { return web.PathID(r) }

func (h *handlers) accept(w http.ResponseWriter, r *http.Request) error {
	id, err := transferID(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Accept(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/member-transfers?box=in&msg=msg.member.accepted", http.StatusSeeOther)
	return nil
}

func (h *handlers) returnTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := transferID(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Return(r.Context(), access.From(r.Context()), id, r.PostFormValue("return_reason")); err != nil {
		if fault.CodeOf(err) != fault.Invalid {
			return err
		}
		t, gerr := h.svc.GetTransfer(r.Context(), access.From(r.Context()), id)
		if gerr != nil {
			return gerr
		}
		v := &web.View{Title: i18n.T("member.return_title"), Form: r.PostForm, Data: map[string]any{"T": t}}
		v.FormError(err)
		return h.srv.Render.HTML(w, r, "member/return", v)
	}
	http.Redirect(w, r, "/member-transfers?box=in&msg=msg.member.returned", http.StatusSeeOther)
	return nil
}

func (h *handlers) returnForm(w http.ResponseWriter, r *http.Request) error {
	id, err := transferID(r)
	if err != nil {
		return err
	}
	t, err := h.svc.GetTransfer(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "member/return", &web.View{Title: i18n.T("member.return_title"), Form: url.Values{}, Data: map[string]any{"T": t}})
}
