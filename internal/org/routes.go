package org

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the organization pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "org", FS: sub}
}

// Routes mounts the organization pages and API.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	srv.Page("GET /orgs", access.PermOrgRead, h.tree)
	srv.Page("GET /orgs/search", access.PermOrgRead, h.search)
	srv.Page("GET /orgs/export", access.PermExport, h.export)
	srv.Page("GET /orgs/{id}", access.PermOrgRead, h.detail)
	srv.Page("GET /orgs/{id}/new", access.PermOrgWrite, h.newForm)
	srv.Page("POST /orgs/{id}/new", access.PermOrgWrite, h.create)
	srv.Page("GET /orgs/{id}/edit", access.PermOrgWrite, h.editForm)
	srv.Page("POST /orgs/{id}/edit", access.PermOrgWrite, h.edit)
	srv.Page("GET /orgs/{id}/move", access.PermOrgWrite, h.moveForm)
	srv.Page("POST /orgs/{id}/move", access.PermOrgWrite, h.move)
	srv.Page("GET /orgs/{id}/dissolve", access.PermOrgWrite, h.dissolveForm)
	srv.Page("POST /orgs/{id}/dissolve", access.PermOrgWrite, h.dissolve)

	srv.API("GET /api/v1/orgs", access.PermOrgRead, h.apiList)
	srv.API("POST /api/v1/orgs", access.PermOrgWrite, h.apiCreate)
	srv.API("GET /api/v1/orgs/export", access.PermExport, h.export)
	srv.API("GET /api/v1/orgs/{id}", access.PermOrgRead, h.apiGet)
	srv.API("PUT /api/v1/orgs/{id}", access.PermOrgWrite, h.apiUpdate)
	srv.API("POST /api/v1/orgs/{id}/move", access.PermOrgWrite, h.apiMove)
	srv.API("POST /api/v1/orgs/{id}/dissolve", access.PermOrgWrite, h.apiDissolve)
	srv.API("GET /api/v1/orgs/{id}/tree", access.PermOrgRead, h.apiTree)
	srv.API("GET /api/v1/orgs/tally", access.PermOrgRead, h.apiTally)

	srv.AddNav(
		web.NavItem{Group: "nav.org", Label: "nav.org.tree", Href: "/orgs", Perm: access.PermOrgRead, Order: 10},
		web.NavItem{Group: "nav.org", Label: "nav.org.list", Href: "/orgs/search", Perm: access.PermOrgRead, Order: 20},
	)
}

type handlers struct {
	svc *Service
	srv *web.Server
}
