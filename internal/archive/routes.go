package archive

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the archive pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "archive", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

// Routes mounts the archive pages and API. Reading archives needs personal
// data rights (they name people); changing them needs organization write.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	read, write := access.PermPersonalRead, access.PermOrgWrite
	srv.Page("GET /archives", read, h.list)
	srv.Page("GET /archives/overdue", read, h.overdue)
	srv.Page("GET /archives/export", access.PermExport, h.export)
	srv.Page("GET /archives/overdue/export", access.PermExport, h.exportOverdue)
	srv.Page("GET /archives/new", write, h.newForm)
	srv.Page("POST /archives/new", write, h.create)
	srv.Page("GET /archives/{id}", read, h.detail)
	srv.Page("GET /archives/{id}/edit", write, h.editForm)
	srv.Page("POST /archives/{id}/edit", write, h.edit)
	for _, a := range []Action{ActFile, ActLend, ActReturn, ActTransfer} {
		srv.Page("GET /archives/{id}/"+string(a), write, h.stepForm(a))
		srv.Page("POST /archives/{id}/"+string(a), write, h.stepPost(a))
	}

	srv.API("GET /api/v1/archives", read, h.apiList)
	srv.API("POST /api/v1/archives", write, h.apiCreate)
	srv.API("GET /api/v1/archives/overdue", read, h.apiOverdue)
	srv.API("GET /api/v1/archives/export", access.PermExport, h.export)
	srv.API("GET /api/v1/archives/overdue/export", access.PermExport, h.exportOverdue)
	srv.API("GET /api/v1/archives/{id}", read, h.apiGet)
	srv.API("PUT /api/v1/archives/{id}", write, h.apiUpdate)
	srv.API("GET /api/v1/archives/{id}/history", read, h.apiHistory)
	srv.API("POST /api/v1/archives/{id}/reveal", access.PermPersonalClear, h.apiReveal)
	for _, a := range []Action{ActFile, ActLend, ActReturn, ActTransfer} {
		srv.API("POST /api/v1/archives/{id}/"+string(a), write, h.apiStep(a))
	}

	srv.AddNav(
		web.NavItem{Group: "nav.org", Label: "nav.archive", Href: "/archives", Perm: read, Order: 40},
	)
}
