package rating

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the rating pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "rating", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

// Routes mounts the rating pages and API: everyone who reads
// organizations reads the results of their scope; the department (staff)
// sets up evaluations, scores as reviewers, publishes and adjusts.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	read, manage := access.PermOrgRead, access.PermRatingManage
	srv.Page("GET /rating", read, h.list)
	srv.Page("GET /rating/export", access.PermExport, h.export)
	srv.Page("GET /rating/new", manage, h.newForm)
	srv.Page("POST /rating/new", manage, h.create)
	srv.Page("GET /rating/{id}", read, h.detail)
	srv.Page("GET /rating/{id}/score", manage, h.scoreForm)
	srv.Page("POST /rating/{id}/score", manage, h.scorePost)
	srv.Page("POST /rating/{id}/publish", manage, h.publishPost)
	srv.Page("POST /rating/{id}/adjust", manage, h.adjustPost)
	srv.Page("GET /rating/stars", read, h.stars)
	srv.Page("POST /rating/stars", manage, h.starCreate)
	srv.Page("GET /rating/stars/{id}/edit", manage, h.starEdit)
	srv.Page("POST /rating/stars/{id}/edit", manage, h.starUpdate)

	srv.API("GET /api/v1/rating/evaluations", read, h.apiList)
	srv.API("POST /api/v1/rating/evaluations", manage, h.apiCreate)
	srv.API("GET /api/v1/rating/evaluations/export", access.PermExport, h.export)
	srv.API("GET /api/v1/rating/evaluations/{id}", read, h.apiGet)
	srv.API("PUT /api/v1/rating/evaluations/{id}/scores", manage, h.apiScores)
	srv.API("POST /api/v1/rating/evaluations/{id}/publish", manage, h.apiPublish)
	srv.API("POST /api/v1/rating/evaluations/{id}/adjust", manage, h.apiAdjust)
	srv.API("GET /api/v1/rating/evaluations/{id}/adjustments", read, h.apiAdjustments)
	srv.API("GET /api/v1/rating/stars", read, h.apiStars)
	srv.API("POST /api/v1/rating/stars", manage, h.apiStarCreate)
	srv.API("PUT /api/v1/rating/stars/{id}", manage, h.apiStarUpdate)

	srv.AddNav(web.NavItem{Group: "nav.rate", Label: "nav.rating", Href: "/rating", Perm: read, Order: 71})
}
