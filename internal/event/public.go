package event

import (
	"net/http"
	"net/url"
	"strings"

	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

// The public pages need no sign-in. They are rate-limited per client
// address, read only the fields they need within tight limits, and are
// protected against cross-site posts by http.CrossOriginProtection (they
// carry no session whose token could be checked).

// publicBody bounds a public report: one photo and a short form.
const publicBody = MaxPhotoBytes + 64<<10

func tooMany() error { return fault.New(fault.TooMany, "%s", i18n.T("event.too_many")) }

func (h *handlers) allowPost(r *http.Request) error {
	if !h.svc.PublicPosts.Allow(web.ClientIP(r), h.svc.Now()) {
		return tooMany()
	}
	return nil
}

func (h *handlers) allowRead(r *http.Request) error {
	if !h.svc.PublicReads.Allow(web.ClientIP(r), h.svc.Now()) {
		return tooMany()
	}
	return nil
}

// PublicForm reads the public report form: exactly its fields, at most one
// photo.
func PublicForm(form url.Values) (Input, error) {
	var v fault.Fields
	id := func(field, label string, required bool) int64 {
		s := strings.TrimSpace(form.Get(field))
		if s == "" {
			if required {
				v.Add(field, label, i18n.T("field.choose"))
			}
			return 0
		}
		n, ok := parseID(s)
		if !ok {
			v.Add(field, label, i18n.T("field.choose"))
		}
		return n
	}
	in := Input{CategoryID: id("category_id", i18n.T("event.field.category"), true), OrgID: id("org_id", i18n.T("event.field.org"), true),
		Place: form.Get("place"), Description: form.Get("description"), Phone: form.Get("phone"), ReporterName: form.Get("reporter_name")}
	return in, v.Err()
}

// parseID reads a positive decimal id of at most 18 digits.
func parseID(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, n > 0
}

func (h *handlers) publicView(r *http.Request, form url.Values) (*web.View, error) {
	cats, err := h.svc.Categories(r.Context(), true)
	if err != nil {
		return nil, err
	}
	places, err := h.svc.PublicPlaces(r.Context())
	if err != nil {
		return nil, err
	}
	if form == nil {
		form = url.Values{}
	}
	return &web.View{Title: i18n.T("event.public_title"), Form: form, Data: map[string]any{"Cats": cats, "Places": places}}, nil
}

func (h *handlers) publicForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.publicView(r, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "event/public_new", v)
}

func (h *handlers) publicCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.allowPost(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, publicBody)
	var code string
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	if err == nil {
		var in Input
		if in, err = PublicForm(r.PostForm); err == nil {
			var fs [][]byte
			if fs, err = files(r.MultipartForm, "photo"); err == nil && len(fs) > 1 {
				fs = fs[:1]
			}
			if err == nil {
				ctx := web.WithActorIP(r, i18n.T("event.public_actor"))
				code, err = h.svc.PublicReport(ctx, in, fs)
			}
		}
	}
	if err == nil {
		http.Redirect(w, r, "/public/events/track/"+code+"?msg=msg.event.received", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid {
		return err
	}
	v, verr := h.publicView(r, r.PostForm)
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "event/public_new", v)
}

func (h *handlers) trackForm(w http.ResponseWriter, r *http.Request) error {
	if c := r.URL.Query().Get("code"); c != "" {
		if code, ok := NormalizeCode(c); ok {
			http.Redirect(w, r, "/public/events/track/"+code, http.StatusSeeOther)
			return nil
		}
		v := &web.View{Title: i18n.T("event.track_title"), Form: r.URL.Query()}
		var f fault.Fields
		f.Add("code", i18n.T("event.field.code"), i18n.T("event.code_format"))
		v.FormError(f.Err())
		v.Status = http.StatusOK
		return h.srv.Render.HTML(w, r, "event/public_track", v)
	}
	return h.srv.Render.HTML(w, r, "event/public_track", &web.View{Title: i18n.T("event.track_title")})
}

func (h *handlers) trackView(w http.ResponseWriter, r *http.Request, form url.Values, ferr error) error {
	if err := h.allowRead(r); err != nil {
		return err
	}
	t, err := h.svc.Track(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	v := &web.View{Title: i18n.T("event.track_title"), Form: form, Data: map[string]any{"T": t, "E": t.Event, "Ratings": Ratings}}
	if ferr != nil {
		v.FormError(ferr)
	}
	return h.srv.Render.HTML(w, r, "event/public_case", v)
}

func (h *handlers) trackPage(w http.ResponseWriter, r *http.Request) error {
	return h.trackView(w, r, nil, nil)
}

func (h *handlers) trackEvaluate(w http.ResponseWriter, r *http.Request) error {
	if err := h.allowPost(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return err
	}
	in := EvaluationInput{Rating: Rating(r.PostForm.Get("rating")), Comment: r.PostForm.Get("comment")}
	ctx := web.WithActorIP(r, i18n.T("event.public_actor"))
	e, err := h.svc.PublicEvaluate(ctx, r.PathValue("code"), in)
	if err == nil {
		http.Redirect(w, r, "/public/events/track/"+e.Code+"?msg=msg.event.thanks", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	return h.trackView(w, r, r.PostForm, err)
}

// trackPhoto serves a photo of the tracked case only.
func (h *handlers) trackPhoto(w http.ResponseWriter, r *http.Request) error {
	if err := h.allowRead(r); err != nil {
		return err
	}
	code, ok := NormalizeCode(r.PathValue("code"))
	if !ok {
		return notFound()
	}
	var id int64
	if err := h.svc.DB.QueryRowContext(r.Context(), `SELECT id FROM events WHERE code = ?`, code).Scan(&id); err != nil {
		return notFound()
	}
	return h.servePhoto(w, r, id)
}
