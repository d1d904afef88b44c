package appraisal

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the appraisal pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "appraisal", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

// Routes mounts the appraisal pages and API: reading needs personal data
// rights (it names workers and rewards); computing, scoring, reviewing,
// publishing, adjusting and paying need organization write.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	read, write := access.PermPersonalRead, access.PermOrgWrite
	srv.Page("GET /appraisal", read, h.list)
	srv.Page("POST /appraisal", write, h.computePost)
	srv.Page("GET /appraisal/schemes", read, h.schemes)
	srv.Page("POST /appraisal/schemes", write, h.schemePost)
	srv.Page("GET /appraisal/months/{id}", read, h.detail)
	srv.Page("GET /appraisal/months/{id}/export", access.PermExport, h.export)
	srv.Page("POST /appraisal/months/{id}/{op}", write, h.opPost)

	srv.API("GET /api/v1/appraisal/months", read, h.apiList)
	srv.API("POST /api/v1/appraisal/months", write, h.apiCompute)
	srv.API("GET /api/v1/appraisal/months/{id}", read, h.apiGet)
	srv.API("GET /api/v1/appraisal/months/{id}/export", access.PermExport, h.export)
	srv.API("POST /api/v1/appraisal/months/{id}/scores", write, h.apiScore)
	srv.API("POST /api/v1/appraisal/months/{id}/review", write, h.apiReview)
	srv.API("POST /api/v1/appraisal/months/{id}/publish", write, h.apiPublish)
	srv.API("POST /api/v1/appraisal/months/{id}/adjustments", write, h.apiAdjust)
	srv.API("POST /api/v1/appraisal/months/{id}/payments", write, h.apiPay)
	srv.API("GET /api/v1/appraisal/schemes", read, h.apiSchemes)
	srv.API("POST /api/v1/appraisal/schemes", write, h.apiSchemeCreate)

	srv.AddNav(web.NavItem{Group: "nav.gov", Label: "nav.appraisal", Href: "/appraisal", Perm: read, Order: 40})
}
