package imports

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
	"troika/internal/xlsx"
)

//go:embed templates/*.html
var templates embed.FS

// OpenAPI is this package's part of the API document.
//
//go:embed openapi.json
var OpenAPI []byte

// Templates are the import pages.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "imports", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

// Routes mounts the upload, progress, template and error-workbook pages
// and API. Each ledger page links its own upload form here.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	srv.Page("POST /imports/{kind}", "", h.upload)
	srv.Page("GET /imports/{id}", "", h.status)
	srv.Page("GET /imports/{id}/errors", "", h.errors)
	srv.Page("GET /import-templates/{kind}", "", h.template)
	srv.API("POST /api/v1/imports/{kind}", "", h.apiUpload)
	srv.API("GET /api/v1/imports/{id}", "", h.apiStatus)
	srv.API("GET /api/v1/imports/{id}/errors", "", h.errors)
	srv.API("GET /api/v1/import-templates/{kind}", "", h.template)
}

func jobID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, web.ErrNotFound
	}
	return id, nil
}

func (h *handlers) start(w http.ResponseWriter, r *http.Request) (Job, error) {
	r.Body = http.MaxBytesReader(w, r.Body, xlsx.MaxUpload+1<<20)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		if fault.CodeOf(err) == fault.TooLarge {
			return Job{}, err
		}
		var v fault.Fields
		v.Add("file", i18n.T("xlsx.file"), i18n.T("xlsx.no_upload"))
		return Job{}, v.Err()
	}
	defer f.Close()
	return h.svc.Start(r.Context(), access.From(r.Context()), r.PathValue("kind"), hdr.Filename, f)
}

func (h *handlers) upload(w http.ResponseWriter, r *http.Request) error {
	job, err := h.start(w, r)
	if err != nil {
		// Back to the ledger page with the reason, nothing saved.
		spec, ok := Lookup(r.PathValue("kind"))
		if !ok || fault.CodeOf(err) == fault.Forbidden {
			return err
		}
		v := &web.View{Title: i18n.T("import.title"), Data: map[string]any{"Spec": spec, "Kind": spec.Kind}}
		v.FormError(err)
		return h.srv.Render.HTML(w, r, "imports/failed", v)
	}
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(job.ID, 10), http.StatusSeeOther)
	return nil
}

func (h *handlers) status(w http.ResponseWriter, r *http.Request) error {
	id, err := jobID(r)
	if err != nil {
		return err
	}
	job, err := h.svc.Get(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "imports/status", &web.View{Title: i18n.T("import.title"), Data: job})
}

func (h *handlers) errors(w http.ResponseWriter, r *http.Request) error {
	id, err := jobID(r)
	if err != nil {
		return err
	}
	b, err := h.svc.ErrorWorkbook(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	name := i18n.T("xlsx.errors") + "-" + strconv.FormatInt(id, 10) + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(b)
	return err
}

func (h *handlers) template(w http.ResponseWriter, r *http.Request) error {
	spec, ok := Lookup(r.PathValue("kind"))
	if !ok {
		return fault.New(fault.NotFound, "%s", i18n.T("import.unknown_kind"))
	}
	name := i18n.T(spec.Title) + i18n.T("import.template_suffix") + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	return xlsx.WriteTemplate(w, i18n.T(spec.Title), spec.Columns)
}

func (h *handlers) apiUpload(w http.ResponseWriter, r *http.Request) error {
	job, err := h.start(w, r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusAccepted, job)
	return nil
}

func (h *handlers) apiStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := jobID(r)
	if err != nil {
		return err
	}
	job, err := h.svc.Get(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, job)
	return nil
}
