package service

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the service pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "service", FS: sub}
}

// Routes mounts the service projects, the wish ledger, members' own wish
// page and the residents' public wish pages.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	read, write, claim := access.PermOrgRead, access.PermOrgWrite, access.PermWishClaim
	srv.Page("GET /service/projects", read, h.projectList)
	srv.Page("GET /service/projects/export", access.PermExport, h.exportProjects)
	srv.Page("GET /service/projects/new", write, h.projectNew)
	srv.Page("POST /service/projects/new", write, h.projectCreate)
	srv.Page("GET /service/projects/{id}", read, h.projectDetail)
	srv.Page("GET /service/projects/{id}/edit", write, h.projectEditForm)
	srv.Page("POST /service/projects/{id}/edit", write, h.projectEdit)
	srv.Page("POST /service/projects/{id}/delete", write, h.projectDelete)

	// The wish ledger names residents: it needs personal-data rights;
	// members reach wishes through their own page and the detail.
	srv.Page("GET /service/wishes", access.PermPersonalRead, h.wishList)
	srv.Page("GET /service/wishes/export", access.PermExport, h.exportWishes)
	srv.Page("GET /service/wishes/new", access.PermFieldWork, h.wishNew)
	srv.Page("POST /service/wishes/new", access.PermFieldWork, h.wishCreate)
	srv.Page("GET /service/my-wishes", claim, h.myWishes)
	srv.Page("GET /service/wishes/{id}", "", h.wishDetail)
	srv.Page("GET /service/wishes/{id}/photo", "", h.wishPhoto)
	for _, a := range []WishAction{ActPublish, ActReject} {
		srv.Page("GET /service/wishes/{id}/"+string(a), write, h.stepForm(a))
		srv.Page("POST /service/wishes/{id}/"+string(a), write, h.stepPost(a))
	}
	for _, a := range []WishAction{ActClaim, ActFulfil} {
		srv.Page("GET /service/wishes/{id}/"+string(a), claim, h.stepForm(a))
		srv.Page("POST /service/wishes/{id}/"+string(a), claim, h.stepPost(a))
	}

	srv.Public("GET /wish", h.publicNew)
	srv.Public("POST /wish", h.publicSubmit)
	srv.Public("GET /wish/track", h.publicTrack)
	srv.Public("POST /wish/track/confirm", h.publicConfirm)
	srv.Public("GET /wish/photo", h.publicPhoto)

	srv.API("GET /api/v1/service/projects", read, h.apiProjects)
	srv.API("POST /api/v1/service/projects", write, h.apiProjectCreate)
	srv.API("GET /api/v1/service/projects/export", access.PermExport, h.exportProjects)
	srv.API("GET /api/v1/service/projects/{id}", read, h.apiProject)
	srv.API("PUT /api/v1/service/projects/{id}", write, h.apiProjectUpdate)
	srv.API("DELETE /api/v1/service/projects/{id}", write, h.apiProjectDelete)
	srv.API("GET /api/v1/service/wishes", "", h.apiWishes)
	srv.API("POST /api/v1/service/wishes", access.PermFieldWork, h.apiWishCreate)
	srv.API("GET /api/v1/service/wishes/export", access.PermExport, h.exportWishes)
	srv.API("GET /api/v1/service/wishes/{id}", "", h.apiWish)
	srv.API("GET /api/v1/service/wishes/{id}/history", "", h.apiWishHistory)
	srv.API("GET /api/v1/service/wishes/{id}/photo", "", h.wishPhoto)
	srv.API("POST /api/v1/service/wishes/{id}/publish", write, h.apiStep(ActPublish))
	srv.API("POST /api/v1/service/wishes/{id}/reject", write, h.apiStep(ActReject))
	srv.API("POST /api/v1/service/wishes/{id}/claim", claim, h.apiStep(ActClaim))
	srv.API("POST /api/v1/service/wishes/{id}/fulfil", claim, h.apiFulfil)
	srv.PublicAPI("GET /api/v1/public/wish-orgs", h.apiPublicOrgs)
	srv.PublicAPI("POST /api/v1/public/wishes", h.apiPublicSubmit)
	srv.PublicAPI("GET /api/v1/public/wishes/{code}", h.apiPublicGet)
	srv.PublicAPI("POST /api/v1/public/wishes/{code}/confirm", h.apiPublicConfirm)

	srv.AddNav(
		web.NavItem{Group: "nav.serve", Label: "nav.service.projects", Href: "/service/projects", Perm: read, Order: 50},
		web.NavItem{Group: "nav.serve", Label: "nav.service.wishes", Href: "/service/wishes", Perm: access.PermPersonalRead, Order: 51},
		web.NavItem{Group: "nav.serve", Label: "nav.service.my_wishes", Href: "/service/my-wishes", Perm: claim, Order: 52},
	)
}
