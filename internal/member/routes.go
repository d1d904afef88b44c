package member

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the roster pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "member", FS: sub}
}

// Routes mounts the roster and transfer pages and API.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	read, write := access.PermPersonalRead, access.PermOrgWrite
	srv.Page("GET /members", read, h.list)
	srv.Page("GET /members/export", access.PermExport, h.export)
	srv.Page("GET /members/new", write, h.newForm)
	srv.Page("POST /members/new", write, h.create)
	srv.Page("GET /members/{id}", read, h.detail)
	srv.Page("POST /members/{id}/unmask", access.PermPersonalClear, h.unmask)
	srv.Page("GET /members/{id}/edit", write, h.editForm)
	srv.Page("POST /members/{id}/edit", write, h.edit)
	srv.Page("GET /members/{id}/transfer", write, h.transferForm)
	srv.Page("POST /members/{id}/transfer", write, h.transfer)
	srv.Page("GET /members/{id}/deceased", write, h.deceasedForm)
	srv.Page("POST /members/{id}/deceased", write, h.deceased)
	srv.Page("GET /member-transfers", read, h.transfers)
	srv.Page("POST /member-transfers/{id}/accept", write, h.accept)
	srv.Page("GET /member-transfers/{id}/return", write, h.returnForm)
	srv.Page("POST /member-transfers/{id}/return", write, h.returnTransfer)

	srv.API("GET /api/v1/members", read, h.apiList)
	srv.API("POST /api/v1/members", write, h.apiCreate)
	srv.API("GET /api/v1/members/export", access.PermExport, h.export)
	srv.API("GET /api/v1/members/distribution", read, h.apiDistribution)
	srv.API("GET /api/v1/members/{id}", read, h.apiGet)
	srv.API("PUT /api/v1/members/{id}", write, h.apiUpdate)
	srv.API("GET /api/v1/members/{id}/events", read, h.apiEvents)
	srv.API("POST /api/v1/members/{id}/transfer", write, h.apiTransfer)
	srv.API("POST /api/v1/members/{id}/deceased", write, h.apiDeceased)
	srv.API("GET /api/v1/member-transfers", read, h.apiTransfers)
	srv.API("GET /api/v1/member-transfers/{id}", read, h.apiGetTransfer)
	srv.API("POST /api/v1/member-transfers/{id}/accept", write, h.apiAccept)
	srv.API("POST /api/v1/member-transfers/{id}/return", write, h.apiReturn)

	srv.AddNav(
		web.NavItem{Group: "nav.org", Label: "nav.member.list", Href: "/members", Perm: read, Order: 30},
		web.NavItem{Group: "nav.org", Label: "nav.member.transfers", Href: "/member-transfers", Perm: read, Order: 35},
	)
}
