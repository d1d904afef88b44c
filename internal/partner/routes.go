package partner

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// OpenAPI is this package's part of the API document.
//
//go:embed openapi.json
var OpenAPI []byte

// Templates are the partner pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "partner", FS: sub}
}

// Routes mounts the partner pages and API.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	read, write, export := access.PermOrgRead, access.PermOrgWrite, access.PermExport

	srv.Page("GET "+partnerBase, read, h.overview)
	srv.API("GET /api/v1"+partnerBase, read, h.apiPartners)

	srv.Page("GET "+dealBase, read, h.dealList)
	srv.Page("GET "+dealBase+"/export", export, h.dealExport)
	srv.Page("GET "+dealBase+"/new", write, h.dealNew)
	srv.Page("POST "+dealBase+"/new", write, h.dealCreate)
	srv.Page("GET "+dealBase+"/{id}", read, h.dealDetail)
	srv.Page("GET "+dealBase+"/{id}/edit", write, h.dealEditForm)
	srv.Page("POST "+dealBase+"/{id}/edit", write, h.dealEdit)
	srv.Page("POST "+dealBase+"/{id}/delete", write, h.dealDelete)
	srv.API("GET /api/v1"+dealBase, read, h.apiDeals)
	srv.API("POST /api/v1"+dealBase, write, web.APICreate(s.CreateDeal))
	srv.API("GET /api/v1"+dealBase+"/export", export, h.dealExport)
	srv.API("GET /api/v1"+dealBase+"/{id}", read, web.APIGet(s.GetDeal))
	srv.API("PUT /api/v1"+dealBase+"/{id}", write, web.APIUpdate(s.UpdateDeal))
	srv.API("DELETE /api/v1"+dealBase+"/{id}", write, web.APIDelete(s.DeleteDeal))

	srv.Page("GET "+projectBase, read, h.projectList)
	srv.Page("GET "+projectBase+"/export", export, h.projectExport)
	srv.Page("GET "+projectBase+"/new", write, h.projectNew)
	srv.Page("POST "+projectBase+"/new", write, h.projectCreate)
	srv.Page("GET "+projectBase+"/{id}", read, h.projectDetail)
	srv.Page("GET "+projectBase+"/{id}/edit", write, h.projectEditForm)
	srv.Page("POST "+projectBase+"/{id}/edit", write, h.projectEdit)
	srv.Page("POST "+projectBase+"/{id}/delete", write, h.projectDelete)
	srv.API("GET /api/v1"+projectBase, read, h.apiProjects)
	srv.API("POST /api/v1"+projectBase, write, web.APICreate(s.CreateProject))
	srv.API("GET /api/v1"+projectBase+"/export", export, h.projectExport)
	srv.API("GET /api/v1"+projectBase+"/{id}", read, web.APIGet(s.GetProject))
	srv.API("PUT /api/v1"+projectBase+"/{id}", write, web.APIUpdate(s.UpdateProject))
	srv.API("DELETE /api/v1"+projectBase+"/{id}", write, web.APIDelete(s.DeleteProject))

	srv.AddNav(
		web.NavItem{Group: "nav.economy", Label: "nav.partner.partners", Href: partnerBase, Perm: read, Order: 85},
		web.NavItem{Group: "nav.economy", Label: "nav.partner.deals", Href: dealBase, Perm: read, Order: 86},
		web.NavItem{Group: "nav.economy", Label: "nav.partner.projects", Href: projectBase, Perm: read, Order: 87},
	)
}
