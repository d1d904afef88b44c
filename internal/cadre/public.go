package cadre

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

// The public 12380 page: anyone may report without signing in, and follow
// the case by its tracking code. It takes only what a case needs; posts
// are limited per client address.

func (h *handlers) publicView(r *http.Request, form url.Values, err error, code string) *web.View {
	d := reportChoices()
	d["Code"] = code
	v := &web.View{Title: i18n.T("cadre.public_title"), Form: form, Data: d}
	if err != nil {
		v.FormError(err)
	}
	return v
}

func (h *handlers) publicForm(w http.ResponseWriter, r *http.Request) error {
	return h.srv.Render.HTML(w, r, "cadre/public", h.publicView(r, url.Values{}, nil, ""))
}

func tooMany() error { return fault.New(fault.TooMany, "%s", i18n.T("cadre.report.too_many")) }

// publicIntake registers a web report from an anonymous caller.
func (h *handlers) publicIntake(r *http.Request, in ReportInput) (Report, error) {
	if !h.svc.limiter.allow(web.ClientIP(r), h.svc.Now()) {
		return Report{}, tooMany()
	}
	in.OrgID = 0
	return h.svc.Intake(web.WithActorIP(r, "12380"), nil, in)
}

func (h *handlers) publicPost(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return fault.New(fault.TooLarge, "%s", i18n.T("http.too_large"))
	}
	rep, err := h.publicIntake(r, reportInputFrom(r))
	if err != nil {
		c := fault.CodeOf(err)
		if c != fault.Invalid && c != fault.TooMany {
			return err
		}
		form := r.PostForm
		form.Del("reporter_name")
		form.Del("reporter_phone")
		form.Del("reporter_id_number")
		v := h.publicView(r, form, err, "")
		return h.srv.Render.HTML(w, r, "cadre/public", v)
	}
	return h.srv.Render.HTML(w, r, "cadre/public", h.publicView(r, url.Values{}, nil, rep.Code))
}

func (h *handlers) publicStatus(w http.ResponseWriter, r *http.Request) error {
	code := strings.TrimSpace(r.URL.Query().Get("code"))
	d := map[string]any{"Code": code}
	v := &web.View{Title: i18n.T("cadre.public_status_title"), Form: r.URL.Query(), Data: d}
	if code != "" {
		st, err := h.svc.StatusByCode(r.Context(), code)
		if err != nil {
			if fault.CodeOf(err) != fault.NotFound {
				return err
			}
			v.Error = &fault.Error{Code: fault.NotFound, Message: i18n.T("cadre.report.code_unknown")}
			v.InlineError = true
		} else {
			d["S"] = st
		}
	}
	return h.srv.Render.HTML(w, r, "cadre/public_status", v)
}

func (h *handlers) apiPublicIntake(w http.ResponseWriter, r *http.Request) error {
	var in ReportInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	rep, err := h.publicIntake(r, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, map[string]string{"code": rep.Code})
	return nil
}

func (h *handlers) apiPublicStatus(w http.ResponseWriter, r *http.Request) error {
	st, err := h.svc.StatusByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, st)
	return nil
}

// duty is who answers the 12380 line today.
type dutyNow struct{ Shift, Person, Phone string }

func (s *Service) onDuty(ctx context.Context, p *access.Principal) ([]dutyNow, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT x.shift, x.person, x.phone FROM sup_duty x JOIN orgs o ON o.id = x.org_id
		WHERE o.path LIKE ? AND x.on_date = ? ORDER BY x.shift, x.id`, p.ScopeLike(), s.today())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dutyNow
	for rows.Next() {
		var d dutyNow
		if err := rows.Scan(&d.Shift, &d.Person, &d.Phone); err != nil {
			return nil, err
		}
		d.Shift = i18n.T("cadre.opt.shift." + d.Shift)
		out = append(out, d)
	}
	return out, rows.Err()
}
