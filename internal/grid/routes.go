package grid

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the pages of grids, residents, visits and sites.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "grid", FS: sub}
}

// Routes mounts the pages and API.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	orgRead, orgWrite := access.PermOrgRead, access.PermOrgWrite
	read, field := access.PermPersonalRead, access.PermFieldWork

	srv.Page("GET /grids", orgRead, h.grids)
	srv.Page("GET /grids/new", orgWrite, h.newGrid)
	srv.Page("POST /grids/new", orgWrite, h.createGrid)
	srv.Page("GET /grids/{id}", orgRead, h.grid)
	srv.Page("GET /grids/{id}/edit", orgWrite, h.editGrid)
	srv.Page("POST /grids/{id}/edit", orgWrite, h.updateGrid)
	srv.Page("POST /grids/{id}/workers", orgWrite, h.assignWorker)
	srv.Page("POST /grids/{id}/workers/{wid}/end", orgWrite, h.endWorker)

	srv.Page("GET /residents", read, h.residents)
	srv.Page("GET /residents/export", access.PermExport, h.exportResidents)
	srv.Page("GET /residents/new", field, h.newResident)
	srv.Page("POST /residents/new", field, h.createResident)
	srv.Page("GET /residents/{id}", read, h.resident)
	srv.Page("POST /residents/{id}/unmask", access.PermPersonalClear, h.unmask)
	srv.Page("GET /residents/{id}/edit", field, h.editResident)
	srv.Page("POST /residents/{id}/edit", field, h.updateResident)
	srv.Page("GET /residents/{id}/leave", field, h.leavePage)
	srv.Page("POST /residents/{id}/leave", field, h.leave)
	srv.Page("GET /households/{id}", read, h.household)
	srv.Page("GET /visits", read, h.visits)
	srv.Page("GET /visits/new", field, h.newVisit)
	srv.Page("POST /visits/new", field, h.createVisit)
	srv.Page("GET /resident-tags", read, h.tags)
	srv.Page("POST /resident-tags", orgWrite, h.createTag)
	srv.Page("POST /resident-tags/{id}", orgWrite, h.toggleTag)

	srv.Page("GET /service-sites", orgRead, h.sites)
	srv.Page("GET /service-sites/new", orgWrite, h.newSite)
	srv.Page("POST /service-sites/new", orgWrite, h.createSite)
	srv.Page("GET /service-sites/{id}", orgRead, h.site)
	srv.Page("GET /service-sites/{id}/edit", orgWrite, h.editSite)
	srv.Page("POST /service-sites/{id}/edit", orgWrite, h.updateSite)

	srv.API("GET /api/v1/grids", orgRead, h.apiGrids)
	srv.API("POST /api/v1/grids", orgWrite, h.apiCreateGrid)
	srv.API("GET /api/v1/grids/{id}", orgRead, h.apiGrid)
	srv.API("PUT /api/v1/grids/{id}", orgWrite, h.apiUpdateGrid)
	srv.API("GET /api/v1/grids/{id}/workers", orgRead, h.apiWorkers)
	srv.API("POST /api/v1/grids/{id}/workers", orgWrite, h.apiAssignWorker)
	srv.API("POST /api/v1/grids/{id}/workers/{wid}/end", orgWrite, h.apiEndWorker)
	srv.API("GET /api/v1/residents", read, h.apiResidents)
	srv.API("POST /api/v1/residents", field, h.apiCreateResident)
	srv.API("GET /api/v1/residents/export", access.PermExport, h.exportResidents)
	srv.API("GET /api/v1/residents/{id}", read, h.apiResident)
	srv.API("PUT /api/v1/residents/{id}", field, h.apiUpdateResident)
	srv.API("POST /api/v1/residents/{id}/leave", field, h.apiLeave)
	srv.API("GET /api/v1/households/{id}", read, h.apiHousehold)
	srv.API("GET /api/v1/visits", read, h.apiVisits)
	srv.API("POST /api/v1/visits", field, h.apiCreateVisit)
	srv.API("GET /api/v1/resident-tags", read, h.apiTags)
	srv.API("POST /api/v1/resident-tags", orgWrite, h.apiCreateTag)
	srv.API("PUT /api/v1/resident-tags/{id}", orgWrite, h.apiUpdateTag)
	srv.API("GET /api/v1/service-sites", orgRead, h.apiSites)
	srv.API("POST /api/v1/service-sites", orgWrite, h.apiCreateSite)
	srv.API("GET /api/v1/service-sites/{id}", orgRead, h.apiSite)
	srv.API("PUT /api/v1/service-sites/{id}", orgWrite, h.apiUpdateSite)

	srv.AddNav(
		web.NavItem{Group: "nav.gov", Label: "nav.grid.residents", Href: "/residents", Perm: read, Order: 10},
		web.NavItem{Group: "nav.gov", Label: "nav.grid.grids", Href: "/grids", Perm: orgRead, Order: 12},
		web.NavItem{Group: "nav.gov", Label: "nav.grid.visits", Href: "/visits", Perm: read, Order: 14},
		web.NavItem{Group: "nav.gov", Label: "nav.grid.sites", Href: "/service-sites", Perm: orgRead, Order: 16},
	)
}
