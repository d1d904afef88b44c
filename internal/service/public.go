package service

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

// Costs on the public limiter: a submission weighs more than a lookup, so
// one address may file a handful of wishes at once and then one every two
// minutes, but look its codes up freely enough.
const (
	costLookup  = 1
	costConfirm = 2
	costSubmit  = 4
)

// publicBody bounds what the public forms read.
const publicBody = 16 << 10

// Byte limits checked before any other work: generous for the runes the
// rules allow (three bytes each), tight against padding.
var publicFieldBytes = map[string]int{"content": 800, "resident_name": 80, "phone": 40, "category": 40, "org_id": 20, "code": 32, "feedback": 800}

func tooMany() error { return fault.New(fault.TooMany, "%s", i18n.T("wish.too_many")) }

func (h *handlers) limit(r *http.Request, cost int) error {
	if !h.svc.Public.Allow(web.ClientIP(r), cost) {
		return tooMany()
	}
	return nil
}

// ParsePublicWish reads the public submission form. Oversized fields are
// refused outright; the rest is validated by the service.
func ParsePublicWish(form url.Values) (WishInput, error) {
	var v fault.Fields
	get := func(k, label string) string {
		vals := form[k]
		if len(vals) == 0 {
			return ""
		}
		if len(vals) > 1 || len(vals[0]) > publicFieldBytes[k] {
			v.Add(k, label, i18n.T("wish.field_too_long"))
			return ""
		}
		return vals[0]
	}
	in := WishInput{Content: get("content", i18n.T("wish.field.content")), ResidentName: get("resident_name", i18n.T("wish.field.resident_name")),
		Phone: get("phone", i18n.T("wish.field.phone")), Category: get("category", i18n.T("wish.field.category"))}
	if s := strings.TrimSpace(get("org_id", i18n.T("wish.field.org"))); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			v.Add("org_id", i18n.T("wish.field.org"), i18n.T("field.choose"))
		}
		in.OrgID = n
	}
	return in, v.Err()
}

// ParseCode reads a tracking code as a resident types it, with a clear
// message when it cannot be one.
func ParseCode(s string) (string, error) {
	c, ok := NormalizeCode(s)
	if !ok {
		var v fault.Fields
		v.Add("code", i18n.T("wish.field.code"), i18n.T("wish.code_format"))
		return "", v.Err()
	}
	return c, nil
}

func (h *handlers) publicForm(r *http.Request, form url.Values, err error) (*web.View, error) {
	orgs, oerr := h.svc.PublicOrgs(r.Context())
	if oerr != nil {
		return nil, oerr
	}
	type group struct {
		Town string
		Orgs []PublicOrg
	}
	var groups []group
	for _, o := range orgs {
		if len(groups) == 0 || groups[len(groups)-1].Town != o.Town {
			groups = append(groups, group{Town: o.Town})
		}
		groups[len(groups)-1].Orgs = append(groups[len(groups)-1].Orgs, o)
	}
	v := &web.View{Title: i18n.T("wish.public_title"), Form: form, Data: map[string]any{"Groups": groups, "Categories": Categories}}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func (h *handlers) publicNew(w http.ResponseWriter, r *http.Request) error {
	v, err := h.publicForm(r, url.Values{}, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "service/public_form", v)
}

func (h *handlers) publicSubmit(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, publicBody)
	if err := r.ParseForm(); err != nil {
		return fault.New(fault.Invalid, "%s", i18n.T("fault.invalid"))
	}
	err := h.limit(r, costSubmit)
	var code string
	if err == nil {
		var in WishInput
		if in, err = ParsePublicWish(r.PostForm); err == nil {
			code, err = h.svc.SubmitPublic(web.WithActorIP(r, i18n.T("wish.resident_actor")), in)
		}
	}
	if err == nil {
		http.Redirect(w, r, "/wish/track?code="+url.QueryEscape(FormatCode(code))+"&new=1", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.TooMany {
		return err
	}
	v, verr := h.publicForm(r, r.PostForm, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "service/public_form", v)
}

func (h *handlers) publicTrack(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	v := &web.View{Title: i18n.T("wish.track_title"), Form: url.Values{"code": {q.Get("code")}}}
	if raw := q.Get("code"); raw != "" {
		x, err := h.lookup(r, raw, costLookup)
		if err != nil {
			if c := fault.CodeOf(err); c != fault.Invalid && c != fault.NotFound && c != fault.TooMany {
				return err
			}
			v.FormError(err)
		} else {
			v.Data = map[string]any{"W": x, "New": q.Get("new") == "1"}
		}
	}
	return h.srv.Render.HTML(w, r, "service/public_track", v)
}

// lookup finds a wish by a typed code, after the limiter.
func (h *handlers) lookup(r *http.Request, raw string, cost int) (PublicWish, error) {
	if len(raw) > publicFieldBytes["code"] {
		return PublicWish{}, fault.New(fault.Invalid, "%s", i18n.T("wish.code_format"))
	}
	if err := h.limit(r, cost); err != nil {
		return PublicWish{}, err
	}
	code, err := ParseCode(raw)
	if err != nil {
		return PublicWish{}, err
	}
	return h.svc.ByCode(r.Context(), code)
}

func (h *handlers) publicConfirm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, publicBody)
	if err := r.ParseForm(); err != nil {
		return fault.New(fault.Invalid, "%s", i18n.T("fault.invalid"))
	}
	raw := r.PostFormValue("code")
	fb := r.PostFormValue("feedback")
	err := h.limit(r, costConfirm)
	var code string
	if err == nil {
		code, err = ParseCode(raw)
	}
	if err == nil && len(fb) > publicFieldBytes["feedback"] {
		var v fault.Fields
		v.Add("feedback", i18n.T("wish.field.feedback"), i18n.T("wish.field_too_long"))
		err = v.Err()
	}
	if err == nil {
		_, err = h.svc.Confirm(web.WithActorIP(r, i18n.T("wish.resident_actor")), code, ConfirmInput{Feedback: fb})
	}
	if err == nil {
		http.Redirect(w, r, "/wish/track?code="+url.QueryEscape(FormatCode(code))+"&msg=msg.wish.confirmed", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict && c != fault.NotFound && c != fault.TooMany {
		return err
	}
	v := &web.View{Title: i18n.T("wish.track_title"), Form: r.PostForm}
	if code != "" {
		if x, lerr := h.svc.ByCode(r.Context(), code); lerr == nil {
			v.Data = map[string]any{"W": x}
		}
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "service/public_track", v)
}

func (h *handlers) publicPhoto(w http.ResponseWriter, r *http.Request) error {
	x, err := h.lookup(r, r.URL.Query().Get("code"), costLookup)
	if err != nil {
		return err
	}
	if x.PhotoName() == "" {
		return fault.New(fault.NotFound, "%s", i18n.T("wish.photo_missing"))
	}
	return h.servePhoto(w, x.PhotoName())
}

// The public JSON API: the same rules and limits as the pages.

func (h *handlers) apiPublicOrgs(w http.ResponseWriter, r *http.Request) error {
	if err := h.limit(r, costLookup); err != nil {
		return err
	}
	orgs, err := h.svc.PublicOrgs(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": orgs, "categories": Categories})
	return nil
}

func (h *handlers) apiPublicSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := h.limit(r, costSubmit); err != nil {
		return err
	}
	var in WishInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	form := url.Values{"content": {in.Content}, "resident_name": {in.ResidentName}, "phone": {in.Phone}, "category": {in.Category},
		"org_id": {strconv.FormatInt(in.OrgID, 10)}}
	in, err := ParsePublicWish(form)
	if err != nil {
		return err
	}
	code, err := h.svc.SubmitPublic(web.WithActorIP(r, i18n.T("wish.resident_actor")), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, map[string]string{"tracking_code": FormatCode(code)})
	return nil
}

func (h *handlers) apiPublicGet(w http.ResponseWriter, r *http.Request) error {
	x, err := h.lookup(r, r.PathValue("code"), costLookup)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (h *handlers) apiPublicConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := h.limit(r, costConfirm); err != nil {
		return err
	}
	var in ConfirmInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	code, err := ParseCode(r.PathValue("code"))
	if err != nil {
		return err
	}
	x, err := h.svc.Confirm(web.WithActorIP(r, i18n.T("wish.resident_actor")), code, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}
