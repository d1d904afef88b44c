package pairing

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the 双报到 pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "pairing", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

// Routes mounts the pairing and registration pages and API. Registrations
// name members, so reading them needs personal data rights.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	write := access.PermOrgWrite
	srv.Page("GET /pairings", access.PermOrgRead, h.pairings)
	srv.Page("GET /pairings/export", access.PermExport, h.exportPairings)
	srv.Page("GET /pairings/new", write, h.newPairing)
	srv.Page("POST /pairings/new", write, h.createPairing)
	srv.Page("GET /pairings/{id}", access.PermOrgRead, h.pairing)
	srv.Page("GET /pairings/{id}/edit", write, h.editPairingForm)
	srv.Page("POST /pairings/{id}/edit", write, h.editPairing)
	srv.Page("POST /pairings/{id}/activities", write, h.addActivity)
	srv.Page("POST /pairings/{id}/activities/{aid}/delete", write, h.deleteActivity)

	read := access.PermPersonalRead
	srv.Page("GET /registrations", read, h.registrations)
	srv.Page("GET /registrations/export", access.PermExport, h.exportRegistrations)
	srv.Page("GET /registrations/new", write, h.newRegistration)
	srv.Page("POST /registrations/new", write, h.createRegistration)
	srv.Page("GET /registrations/{id}", read, h.registration)
	srv.Page("GET /registrations/{id}/edit", write, h.editRegistrationForm)
	srv.Page("POST /registrations/{id}/edit", write, h.editRegistration)
	srv.Page("POST /registrations/{id}/activities", write, h.addParticipation)
	srv.Page("POST /registrations/{id}/activities/{aid}/delete", write, h.deleteParticipation)

	srv.API("GET /api/v1/pairings", access.PermOrgRead, h.apiPairings)
	srv.API("POST /api/v1/pairings", write, h.apiCreatePairing)
	srv.API("GET /api/v1/pairings/export", access.PermExport, h.exportPairings)
	srv.API("GET /api/v1/pairings/{id}", access.PermOrgRead, h.apiPairing)
	srv.API("PUT /api/v1/pairings/{id}", write, h.apiUpdatePairing)
	srv.API("GET /api/v1/pairings/{id}/activities", access.PermOrgRead, h.apiActivities)
	srv.API("POST /api/v1/pairings/{id}/activities", write, h.apiAddActivity)
	srv.API("DELETE /api/v1/pairings/{id}/activities/{aid}", write, h.apiDeleteActivity)

	srv.API("GET /api/v1/registrations", read, h.apiRegistrations)
	srv.API("POST /api/v1/registrations", write, h.apiCreateRegistration)
	srv.API("GET /api/v1/registrations/export", access.PermExport, h.exportRegistrations)
	srv.API("GET /api/v1/registrations/{id}", read, h.apiRegistration)
	srv.API("PUT /api/v1/registrations/{id}", write, h.apiUpdateRegistration)
	srv.API("GET /api/v1/registrations/{id}/activities", read, h.apiParticipations)
	srv.API("POST /api/v1/registrations/{id}/activities", write, h.apiAddParticipation)
	srv.API("DELETE /api/v1/registrations/{id}/activities/{aid}", write, h.apiDeleteParticipation)

	srv.AddNav(
		web.NavItem{Group: "nav.serve", Label: "nav.pairing", Href: "/pairings", Perm: access.PermOrgRead, Order: 50},
		web.NavItem{Group: "nav.serve", Label: "nav.registration", Href: "/registrations", Perm: read, Order: 51},
	)
}
