package event

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the event pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "event", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

// Routes mounts the staff and grid-worker pages, the public pages and the
// API. Reading cases needs personal data rights (they carry residents'
// phones, masked); reporting and taking steps is field work.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	read, write := access.PermPersonalRead, access.PermFieldWork
	srv.Page("GET /events", read, h.list)
	srv.Page("GET /events/overdue", read, h.overdue)
	srv.Page("GET /events/export", access.PermExport, h.export)
	srv.Page("GET /events/new", write, h.newForm)
	srv.Page("POST /events/new", write, h.create)
	srv.Page("GET /events/{id}", read, h.detail)
	srv.Page("POST /events/{id}/evaluation", write, h.evaluatePost)
	srv.Page("POST /events/{id}/step/{action}", write, h.stepPost)
	srv.Page("GET /events/{id}/photos/{sha}", read, h.photo)
	srv.Page("GET /event-categories", read, h.categories)
	srv.Page("POST /event-categories", access.PermOrgWrite, h.categoryPost)

	srv.Public("GET /public/events/new", h.publicForm)
	srv.Public("POST /public/events/new", h.publicCreate)
	srv.Public("GET /public/events/track", h.trackForm)
	srv.Public("GET /public/events/track/{code}", h.trackPage)
	srv.Public("POST /public/events/track/{code}/evaluate", h.trackEvaluate)
	srv.Public("GET /public/events/track/{code}/photos/{sha}", h.trackPhoto)

	srv.API("GET /api/v1/events", read, h.apiList)
	srv.API("POST /api/v1/events", write, h.apiCreate)
	srv.API("GET /api/v1/events/overdue", read, h.apiOverdue)
	srv.API("GET /api/v1/events/export", access.PermExport, h.export)
	srv.API("GET /api/v1/events/{id}", read, h.apiGet)
	srv.API("POST /api/v1/events/{id}/steps/{action}", write, h.apiStep)
	srv.API("POST /api/v1/events/{id}/evaluation", write, h.apiEvaluate)
	srv.API("POST /api/v1/events/{id}/photos", write, h.apiPhotos)
	srv.API("GET /api/v1/events/{id}/photos/{sha}", read, h.photo)
	srv.API("POST /api/v1/events/{id}/reveal", access.PermPersonalClear, h.apiReveal)
	srv.API("GET /api/v1/event-categories", read, h.apiCategories)
	srv.API("POST /api/v1/event-categories", access.PermOrgWrite, h.apiCategoryCreate)
	srv.API("PUT /api/v1/event-categories/{id}", access.PermOrgWrite, h.apiCategoryUpdate)

	srv.PublicAPI("GET /api/v1/public/event-options", h.apiPublicOptions)
	srv.PublicAPI("POST /api/v1/public/events", h.apiPublicCreate)
	srv.PublicAPI("GET /api/v1/public/events/{code}", h.apiTrack)
	srv.PublicAPI("POST /api/v1/public/events/{code}/evaluation", h.apiPublicEvaluate)

	srv.AddNav(
		web.NavItem{Group: "nav.gov", Label: "nav.events", Href: "/events", Perm: read, Order: 30},
		web.NavItem{Group: "nav.gov", Label: "nav.events_new", Href: "/events/new", Perm: write, Order: 31},
		web.NavItem{Group: "nav.gov", Label: "nav.events_overdue", Href: "/events/overdue", Perm: read, Order: 32},
		web.NavItem{Group: "nav.gov", Label: "nav.event_categories", Href: "/event-categories", Perm: read, Order: 33},
	)
}
