package pairing

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
	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/web"
)

// figureKeys are the figures shown above both ledgers.
var figureKeys = []string{"pairing.newform_orgs", "pairing.streets", "pairing.members_registered"}

// option is an organization offered in a select.
type option struct {
	ID     int64
	Label  string
	Indent string
}

// options lists live organizations in scope matching cond (SQL on orgs).
func options(ctx context.Context, db store.Querier, p *access.Principal, cond string) ([]option, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, name, depth FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND `+cond+` ORDER BY path`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []option
	base := -1
	for rows.Next() {
		var o option
		var depth int
		if err := rows.Scan(&o.ID, &o.Label, &depth); err != nil {
			return nil, err
		}
		if base < 0 {
			base = depth
		}
		o.Indent = strings.Repeat("　", max(depth-base, 0))
		out = append(out, o)
	}
	return out, rows.Err()
}

const (
	anyOrg       = `kind <> 'group'`
	streetOrg    = `kind IN ('committee', 'working')`
	communityOrg = `domain = 'community' AND kind <> 'group'`
)

// filterFrom reads the list filters; period (2022, 2022Q3 …) bounds the
// start or registration date and sets the figures' period.
func filterFrom(q url.Values) (Filter, indicator.Period, error) {
	f := Filter{Q: strings.TrimSpace(q.Get("q"))}
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	if d := org.Domain(q.Get("domain")); d.Valid() {
		f.Domain = string(d)
	}
	if u, err := strconv.ParseInt(q.Get("under"), 10, 64); err == nil {
		f.Under = u
	}
	period := indicator.DefaultPeriod()
	if s := strings.TrimSpace(q.Get("period")); s != "" {
		p, err := indicator.ParsePeriod(s)
		if err != nil {
			return f, period, err
		}
		period = p
		f.From, f.To = p.From, p.To
	}
	return f, period, nil
}

// listView builds what both list pages share: filters, figures, options.
func (h *handlers) listView(r *http.Request, title string) (*web.View, Filter, web.Paging, map[string]any, error) {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	v := &web.View{Title: title, Form: r.URL.Query()}
	f, period, err := filterFrom(r.URL.Query())
	if err != nil {
		v.FormError(err)
		v.Status = http.StatusOK
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, 0)
	if err != nil {
		return nil, f, pg, nil, err
	}
	figs, err := indicator.Figures(r.Context(), h.svc.DB, figureKeys, scope, period)
	if err != nil {
		return nil, f, pg, nil, err
	}
	orgs, err := options(r.Context(), h.svc.DB, p, anyOrg)
	if err != nil {
		return nil, f, pg, nil, err
	}
	data := map[string]any{"Figures": figs, "Orgs": orgs, "Domains": org.Domains, "ExportQuery": r.URL.RawQuery}
	v.Data = data
	return v, f, pg, data, nil
}

func (h *handlers) pairings(w http.ResponseWriter, r *http.Request) error {
	v, f, pg, data, err := h.listView(r, i18n.T("pairing.title"))
	if err != nil {
		return err
	}
	items, total, err := h.svc.ListPairings(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	data["Items"], data["Pager"] = items, web.NewPager(r, pg, total)
	return h.srv.Render.HTML(w, r, "pairing/pairings", v)
}

func (h *handlers) registrations(w http.ResponseWriter, r *http.Request) error {
	v, f, pg, data, err := h.listView(r, i18n.T("registration.title"))
	if err != nil {
		return err
	}
	items, total, err := h.svc.ListRegistrations(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	data["Items"], data["Pager"] = items, web.NewPager(r, pg, total)
	return h.srv.Render.HTML(w, r, "pairing/registrations", v)
}

// ---- pairing pages ----

func (h *handlers) pairingFormView(r *http.Request, title string, x Pairing) (*web.View, error) {
	p := access.From(r.Context())
	form := url.Values{"started_on": {x.StartedOn}, "ended_on": {x.EndedOn}, "agreement": {x.Agreement}, "note": {x.Note}}
	for k, id := range map[string]int64{"org_id": x.OrgID, "street_id": x.StreetID, "community_id": x.CommunityID} {
		if id > 0 {
			form.Set(k, strconv.FormatInt(id, 10))
		}
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	data := map[string]any{"P": x}
	for k, cond := range map[string]string{"Orgs": anyOrg, "Streets": streetOrg, "Communities": communityOrg} {
		opts, err := options(r.Context(), h.svc.DB, p, cond)
		if err != nil {
			return nil, err
		}
		data[k] = opts
	}
	return &web.View{Title: title, Form: form, Data: data}, nil
}

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

func pairingInputFrom(r *http.Request) PairingInput {
	return PairingInput{OrgID: atoi64(r.PostFormValue("org_id")), StreetID: atoi64(r.PostFormValue("street_id")),
		CommunityID: atoi64(r.PostFormValue("community_id")), StartedOn: r.PostFormValue("started_on"),
		EndedOn: r.PostFormValue("ended_on"), Agreement: r.PostFormValue("agreement"), Note: r.PostFormValue("note")}
}

func (h *handlers) newPairing(w http.ResponseWriter, r *http.Request) error {
	v, err := h.pairingFormView(r, i18n.T("pairing.new_title"), Pairing{})
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "pairing/pairing_form", v)
}

func (h *handlers) createPairing(w http.ResponseWriter, r *http.Request) error {
	x, err := h.svc.CreatePairing(r.Context(), access.From(r.Context()), pairingInputFrom(r))
	if err == nil {
		http.Redirect(w, r, "/pairings/"+strconv.FormatInt(x.ID, 10)+"?msg=msg.pairing.created", http.StatusSeeOther)
		return nil
	}
	v, verr := h.pairingFormView(r, i18n.T("pairing.new_title"), Pairing{})
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "pairing/pairing_form", v)
}

func (h *handlers) editPairingForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.GetPairing(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	v, err := h.pairingFormView(r, i18n.T("pairing.edit_title"), x)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "pairing/pairing_form", v)
}

func (h *handlers) editPairing(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.GetPairing(r.Context(), p, id)
	if err != nil {
		return err
	}
	if _, err = h.svc.UpdatePairing(r.Context(), p, id, pairingInputFrom(r)); err == nil {
		http.Redirect(w, r, "/pairings/"+strconv.FormatInt(id, 10)+"?msg=msg.pairing.saved", http.StatusSeeOther)
		return nil
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	v, verr := h.pairingFormView(r, i18n.T("pairing.edit_title"), x)
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "pairing/pairing_form", v)
}

// pairingPage draws a pairing with its activities; formErr is a failed
// activity form to show again.
func (h *handlers) pairingPage(w http.ResponseWriter, r *http.Request, formErr error) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.GetPairing(r.Context(), p, id)
	if err != nil {
		return err
	}
	acts, err := h.svc.Activities(r.Context(), p, id)
	if err != nil {
		return err
	}
	v := &web.View{Title: x.OrgName, Form: url.Values{"held_on": {h.svc.today()}}, Data: map[string]any{"P": x, "Activities": acts}}
	if formErr != nil {
		v.Form = r.PostForm
		v.FormError(formErr)
	}
	return h.srv.Render.HTML(w, r, "pairing/pairing", v)
}

func (h *handlers) pairing(w http.ResponseWriter, r *http.Request) error {
	return h.pairingPage(w, r, nil)
}

func (h *handlers) addActivity(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var v fault.Fields
	n := 0
	if s := strings.TrimSpace(r.PostFormValue("participants")); s != "" {
		if n, err = strconv.Atoi(s); err != nil {
			v.Add("participants", i18n.T("pairing.field.participants"), i18n.T("field.number"))
		}
	}
	err = v.Err()
	if err == nil {
		_, err = h.svc.AddActivity(r.Context(), access.From(r.Context()), id, Activity{HeldOn: r.PostFormValue("held_on"),
			Title: r.PostFormValue("title"), Participants: n, Note: r.PostFormValue("note")})
	}
	if err == nil {
		http.Redirect(w, r, "/pairings/"+strconv.FormatInt(id, 10)+"?msg=msg.pairing.activity_added", http.StatusSeeOther)
		return nil
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	return h.pairingPage(w, r, err)
}

func (h *handlers) deleteActivity(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	aid, err := web.PathInt(r, "aid")
	if err != nil {
		return err
	}
	if err := h.svc.DeleteActivity(r.Context(), access.From(r.Context()), id, aid); err != nil {
		return err
	}
	http.Redirect(w, r, "/pairings/"+strconv.FormatInt(id, 10)+"?msg=msg.pairing.activity_deleted", http.StatusSeeOther)
	return nil
}

// ---- registration pages ----

func (h *handlers) regFormView(r *http.Request, title string, x Registration) (*web.View, error) {
	form := url.Values{"registered_on": {x.RegisteredOn}, "note": {x.Note}}
	if x.CommunityID > 0 {
		form.Set("community_id", strconv.FormatInt(x.CommunityID, 10))
	}
	if x.ID == 0 {
		form.Set("registered_on", h.svc.today())
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	comms, err := options(r.Context(), h.svc.DB, access.From(r.Context()), communityOrg)
	if err != nil {
		return nil, err
	}
	return &web.View{Title: title, Form: form, Data: map[string]any{"R": x, "Communities": comms}}, nil
}

func regInputFrom(r *http.Request) RegistrationInput {
	return RegistrationInput{MemberID: atoi64(r.PostFormValue("member_id")), IDNumber: r.PostFormValue("id_number"),
		CommunityID: atoi64(r.PostFormValue("community_id")), RegisteredOn: r.PostFormValue("registered_on"), Note: r.PostFormValue("note")}
}

func (h *handlers) newRegistration(w http.ResponseWriter, r *http.Request) error {
	v, err := h.regFormView(r, i18n.T("registration.new_title"), Registration{})
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "pairing/registration_form", v)
}

func (h *handlers) createRegistration(w http.ResponseWriter, r *http.Request) error {
	x, err := h.svc.CreateRegistration(r.Context(), access.From(r.Context()), regInputFrom(r))
	if err == nil {
		http.Redirect(w, r, "/registrations/"+strconv.FormatInt(x.ID, 10)+"?msg=msg.registration.created", http.StatusSeeOther)
		return nil
	}
	v, verr := h.regFormView(r, i18n.T("registration.new_title"), Registration{})
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "pairing/registration_form", v)
}

func (h *handlers) editRegistrationForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.GetRegistration(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	v, err := h.regFormView(r, i18n.T("registration.edit_title"), x)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "pairing/registration_form", v)
}

func (h *handlers) editRegistration(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.GetRegistration(r.Context(), p, id)
	if err != nil {
		return err
	}
	if _, err = h.svc.UpdateRegistration(r.Context(), p, id, regInputFrom(r)); err == nil {
		http.Redirect(w, r, "/registrations/"+strconv.FormatInt(id, 10)+"?msg=msg.registration.saved", http.StatusSeeOther)
		return nil
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	v, verr := h.regFormView(r, i18n.T("registration.edit_title"), x)
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "pairing/registration_form", v)
}

func (h *handlers) regPage(w http.ResponseWriter, r *http.Request, formErr error) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.GetRegistration(r.Context(), p, id)
	if err != nil {
		return err
	}
	acts, err := h.svc.Participations(r.Context(), p, id)
	if err != nil {
		return err
	}
	v := &web.View{Title: x.MemberName, Form: url.Values{"held_on": {h.svc.today()}}, Data: map[string]any{"R": x, "Activities": acts}}
	if formErr != nil {
		v.Form = r.PostForm
		v.FormError(formErr)
	}
	return h.srv.Render.HTML(w, r, "pairing/registration", v)
}

func (h *handlers) registration(w http.ResponseWriter, r *http.Request) error {
	return h.regPage(w, r, nil)
}

func (h *handlers) addParticipation(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var v fault.Fields
	hours, perr := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("hours")), 64)
	if perr != nil {
		v.Add("hours", i18n.T("registration.field.hours"), i18n.T("registration.hours_range"))
	}
	err = v.Err()
	if err == nil {
		_, err = h.svc.AddParticipation(r.Context(), access.From(r.Context()), id, ParticipationInput{HeldOn: r.PostFormValue("held_on"),
			Title: r.PostFormValue("title"), Hours: hours})
	}
	if err == nil {
		http.Redirect(w, r, "/registrations/"+strconv.FormatInt(id, 10)+"?msg=msg.registration.activity_added", http.StatusSeeOther)
		return nil
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	return h.regPage(w, r, err)
}

func (h *handlers) deleteParticipation(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	aid, err := web.PathInt(r, "aid")
	if err != nil {
		return err
	}
	if err := h.svc.DeleteParticipation(r.Context(), access.From(r.Context()), id, aid); err != nil {
		return err
	}
	http.Redirect(w, r, "/registrations/"+strconv.FormatInt(id, 10)+"?msg=msg.registration.activity_deleted", http.StatusSeeOther)
	return nil
}
