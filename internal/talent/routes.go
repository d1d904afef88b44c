package talent

import (
	"embed"
	"io/fs"
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

// hubPath is the overview of the talent work.
const hubPath = "/talent/overview"

//go:embed templates/*.html
var templates embed.FS

// Templates are the talent pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "talent", FS: sub}
}

// Routes mounts the talent pages, API and imports.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	registerImports()
	read, write, export := access.PermTalentRead, access.PermTalentWrite, access.PermExport

	// The overview has its own address so that the menu does not mark it
	// as the current page of every ledger below /talent/.
	srv.Page("GET /talent", read, func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, hubPath, http.StatusSeeOther)
		return nil
	})
	srv.Page("GET "+hubPath, read, h.hub)
	nav := []web.NavItem{{Group: "nav.talent", Label: "nav.talent.hub", Href: hubPath, Perm: read, Order: 80}}
	for _, l := range All {
		lp := ledgerPages{handlers: h, l: l}
		b, api := l.Base(), "/api/v1"+l.Base()
		srv.Page("GET "+b, read, lp.list)
		srv.Page("GET "+b+"/export", export, lp.export)
		srv.Page("GET "+b+"/new", write, lp.newForm)
		srv.Page("POST "+b+"/new", write, lp.create)
		srv.Page("GET "+b+"/{id}", read, lp.detail)
		srv.Page("GET "+b+"/{id}/edit", write, lp.editForm)
		srv.Page("POST "+b+"/{id}/edit", write, lp.edit)
		srv.Page("POST "+b+"/{id}/delete", write, lp.remove)
		srv.API("GET "+api, read, lp.apiList)
		srv.API("POST "+api, write, lp.apiCreate)
		srv.API("GET "+api+"/export", export, lp.export)
		srv.API("GET "+api+"/{id}", read, lp.apiGet)
		srv.API("PUT "+api+"/{id}", write, lp.apiUpdate)
		srv.API("DELETE "+api+"/{id}", write, lp.apiDelete)
		if l.Nav > 0 {
			title := "talent.title." + l.Slug
			nav = append(nav, web.NavItem{Group: "nav.talent", Label: title, Href: b, Perm: read, Order: 80 + l.Nav})
		}
	}
	srv.Page("POST /talent/leads/{id}/convert", write, h.convertLead)
	srv.API("POST /api/v1/talent/leads/{id}/convert", write, h.apiConvert)
	srv.Page("POST /talent/demands/{id}/recruit", write, h.recruit)
	srv.API("POST /api/v1/talent/demands/{id}/recruit", write, h.apiRecruit)
	for _, step := range []string{StepApprove, StepReject, StepPay} {
		srv.Page("POST /talent/subsidies/{id}/"+step, write, h.subsidyStep(step))
		srv.API("POST /api/v1/talent/subsidies/{id}/"+step, write, h.apiSubsidyStep(step))
	}
	srv.AddNav(nav...)
}
