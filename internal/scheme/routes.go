package scheme

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the scheme and plan pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "scheme", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

// Routes mounts the scheme and plan pages and API: the department sets
// them up (rating.manage); organizations report completion and progress
// (scheme.report); everyone who reads organizations reads them.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	read, manage, report := access.PermOrgRead, access.PermRatingManage, access.PermSchemeReport
	srv.Page("GET /schemes", read, h.schemes)
	srv.Page("GET /schemes/export", access.PermExport, h.exportSchemes)
	srv.Page("GET /schemes/new", manage, h.schemeNew)
	srv.Page("POST /schemes/new", manage, h.schemeCreate)
	srv.Page("GET /schemes/{id}", read, h.scheme)
	srv.Page("GET /schemes/{id}/edit", manage, h.schemeEdit)
	srv.Page("POST /schemes/{id}/edit", manage, h.schemeUpdate)
	srv.Page("POST /schemes/{id}/complete", report, h.completePost)
	srv.Page("GET /plans", read, h.plans)
	srv.Page("GET /plans/export", access.PermExport, h.exportPlans)
	srv.Page("GET /plans/new", manage, h.planNew)
	srv.Page("POST /plans/new", manage, h.planCreate)
	srv.Page("GET /plans/{id}", read, h.plan)
	srv.Page("GET /plans/{id}/edit", manage, h.planEdit)
	srv.Page("POST /plans/{id}/edit", manage, h.planUpdate)
	srv.Page("POST /plans/measures/{id}/progress", report, h.progressPost)

	srv.API("GET /api/v1/schemes", read, h.apiSchemes)
	srv.API("POST /api/v1/schemes", manage, h.apiSchemeCreate)
	srv.API("GET /api/v1/schemes/export", access.PermExport, h.exportSchemes)
	srv.API("GET /api/v1/schemes/{id}", read, h.apiScheme)
	srv.API("PUT /api/v1/schemes/{id}", manage, h.apiSchemeUpdate)
	srv.API("GET /api/v1/schemes/{id}/completions", read, h.apiCompletions)
	srv.API("POST /api/v1/schemes/{id}/completions", report, h.apiComplete)
	srv.API("GET /api/v1/plans", read, h.apiPlans)
	srv.API("POST /api/v1/plans", manage, h.apiPlanCreate)
	srv.API("GET /api/v1/plans/export", access.PermExport, h.exportPlans)
	srv.API("GET /api/v1/plans/{id}", read, h.apiPlan)
	srv.API("PUT /api/v1/plans/{id}", manage, h.apiPlanUpdate)
	srv.API("POST /api/v1/plans/measures/{id}/progress", report, h.apiProgress)

	srv.AddNav(
		web.NavItem{Group: "nav.rate", Label: "nav.schemes", Href: "/schemes", Perm: read, Order: 72},
		web.NavItem{Group: "nav.rate", Label: "nav.plans", Href: "/plans", Perm: read, Order: 73},
	)
}
