package report

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// OpenAPI is this package's part of the API document.
//
//go:embed openapi.json
var OpenAPI []byte

// Templates are the report pages.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "report", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

// Routes mounts the report pages and API.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	srv.Page("GET /reports", access.PermReport, h.index)
	srv.Page("GET /reports/annual", access.PermReport, h.view)
	srv.Page("GET /reports/annual/{format}", access.PermReport, h.download)
	srv.Page("GET /reports/template", access.PermReportEdit, h.templateForm)
	srv.Page("POST /reports/template", access.PermReportEdit, h.templateSave)
	srv.API("GET /api/v1/reports/annual", access.PermReport, h.apiDownload)
	srv.API("GET /api/v1/reports/runs", access.PermReport, h.apiRuns)
	srv.API("GET /api/v1/reports/templates/annual", access.PermReport, h.apiTemplates)
	srv.API("POST /api/v1/reports/templates/annual", access.PermReportEdit, h.apiTemplateSave)
	srv.AddNav(web.NavItem{Group: "nav.report", Label: "nav.reports", Href: "/reports", Perm: access.PermReport, Order: 10})
}

func (h *handlers) params(r *http.Request) (int64, indicator.Period, error) {
	period := indicator.Year(h.svc.Now().In(cst).Year() - 1)
	if s := r.URL.Query().Get("period"); s != "" {
		var err error
		if period, err = indicator.ParsePeriod(s); err != nil {
			return 0, period, err
		}
	}
	org, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	return org, period, nil
}

func (h *handlers) index(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	org, period, err := h.params(r)
	if err != nil {
		return err
	}
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, org)
	if err != nil {
		return err
	}
	runs, err := h.svc.Runs(r.Context(), p, 20)
	if err != nil {
		return err
	}
	tpl, err := h.svc.Current(r.Context(), AnnualName)
	if err != nil {
		return err
	}
	orgs, err := scopeOrgs(r, h.svc, p)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "report/index", &web.View{Title: i18n.T("report.title"),
		Data: map[string]any{"Period": period, "Scope": scope, "Runs": runs, "Template": tpl, "Orgs": orgs}})
}

// scopeOrgs lists the committees in scope a report can be made for.
func scopeOrgs(r *http.Request, s *Service, p *access.Principal) ([]indicator.Scope, error) {
	rows, err := s.DB.QueryContext(r.Context(), `SELECT id, name FROM orgs WHERE path LIKE ? AND dissolved = FALSE
		AND kind IN ('committee', 'working', 'general') ORDER BY path LIMIT 500`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicator.Scope
	for rows.Next() {
		var sc indicator.Scope
		if err := rows.Scan(&sc.OrgID, &sc.Name); err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

func (h *handlers) view(w http.ResponseWriter, r *http.Request) error {
	org, period, err := h.params(r)
	if err != nil {
		return err
	}
	doc, err := h.svc.Annual(r.Context(), access.From(r.Context()), org, period)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "report/print", &web.View{Title: doc.Title, Data: map[string]any{"Doc": doc}})
}

var contentTypes = map[string]string{
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"html": "text/html; charset=utf-8",
}

func (h *handlers) serve(w http.ResponseWriter, r *http.Request, format string) error {
	if _, ok := contentTypes[format]; !ok {
		var v fault.Fields
		v.Add("format", i18n.T("report.field.format"), i18n.T("field.choose"))
		return v.Err()
	}
	org, period, err := h.params(r)
	if err != nil {
		return err
	}
	doc, b, err := h.svc.Export(r.Context(), access.From(r.Context()), org, period, format)
	if err != nil {
		return err
	}
	name := doc.Title + "." + format
	w.Header().Set("Content-Type", contentTypes[format])
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(b)
	return err
}

func (h *handlers) download(w http.ResponseWriter, r *http.Request) error {
	return h.serve(w, r, r.PathValue("format"))
}

func (h *handlers) apiDownload(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "docx"
	}
	return h.serve(w, r, format)
}

func (h *handlers) apiRuns(w http.ResponseWriter, r *http.Request) error {
	runs, err := h.svc.Runs(r.Context(), access.From(r.Context()), 100)
	if err != nil {
		return err
	}
	if runs == nil {
		runs = []RunRecord{}
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": runs})
	return nil
}

func (h *handlers) templateForm(w http.ResponseWriter, r *http.Request) error {
	versions, err := h.svc.Versions(r.Context(), AnnualName)
	if err != nil {
		return err
	}
	cur := versions[0]
	if id, _ := strconv.ParseInt(r.URL.Query().Get("version"), 10, 64); id > 0 {
		if cur, err = h.svc.Version(r.Context(), id); err != nil {
			return err
		}
	}
	return h.srv.Render.HTML(w, r, "report/template", &web.View{Title: i18n.T("report.template_title"),
		Form: url.Values{"body": {cur.Body}}, Data: map[string]any{"Versions": versions, "Shown": cur, "Figures": SeedFigures}})
}

func (h *handlers) templateSave(w http.ResponseWriter, r *http.Request) error {
	_, err := h.svc.SaveVersion(r.Context(), access.From(r.Context()), AnnualName, r.PostFormValue("body"), r.PostFormValue("note"))
	if err == nil {
		http.Redirect(w, r, "/reports/template?msg=msg.report.template_saved", http.StatusSeeOther)
		return nil
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	versions, verr := h.svc.Versions(r.Context(), AnnualName)
	if verr != nil {
		return verr
	}
	v := &web.View{Title: i18n.T("report.template_title"), Form: r.PostForm, Data: map[string]any{"Versions": versions, "Shown": versions[0], "Figures": SeedFigures}}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "report/template", v)
}

func (h *handlers) apiTemplates(w http.ResponseWriter, r *http.Request) error {
	versions, err := h.svc.Versions(r.Context(), AnnualName)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": versions})
	return nil
}

func (h *handlers) apiTemplateSave(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Body string `json:"body"`
		Note string `json:"note"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	t, err := h.svc.SaveVersion(r.Context(), access.From(r.Context()), AnnualName, in.Body, in.Note)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, t)
	return nil
}
