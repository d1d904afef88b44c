package cadre

import (
	"embed"
	"io/fs"
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the cadre pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "cadre", FS: sub}
}

// apiRoute is one API endpoint: the same table mounts it and describes it
// in the OpenAPI document, so the two cannot drift apart.
type apiRoute struct {
	Pattern string
	Perm    access.Permission
	Fn      web.HandlerFunc
	Summary string
	Reg     *register // the register whose record it takes or answers
	Public  bool
}

// apiRoutes lists every API endpoint of the package. h may be nil when
// only the table is wanted (the OpenAPI document).
func apiRoutes(h *handlers) []apiRoute {
	var out []apiRoute
	for _, g := range Registers {
		base := g.API
		if g.Parent != nil {
			pbase := g.Parent.API + "/{pid}/" + g.Name
			out = append(out,
				apiRoute{"GET " + pbase, g.Read, h.apiList(g), "list", g, false},
				apiRoute{"POST " + pbase, g.Write, h.apiCreate(g), "create", g, false})
		} else {
			out = append(out,
				apiRoute{"GET " + base, g.Read, h.apiList(g), "list", g, false},
				apiRoute{"POST " + base, g.Write, h.apiCreate(g), "create", g, false},
				apiRoute{"GET " + base + "/export", access.PermExport, h.guard(g.Read, h.export(g)), "export", g, false})
		}
		out = append(out,
			apiRoute{"GET " + base + "/{id}", g.Read, h.apiGet(g), "get", g, false},
			apiRoute{"PUT " + base + "/{id}", g.Write, h.apiUpdate(g), "update", g, false})
		if !g.NoDelete {
			out = append(out, apiRoute{"DELETE " + base + "/{id}", g.Write, h.apiDelete(g), "delete", g, false})
		}
	}
	out = append(out,
		apiRoute{"POST /api/v1/cadres/{id}/unmask", access.PermPersonalClear, h.guard(access.PermCadreRead, h.apiUnmask), "unmask", nil, false},
		apiRoute{"GET /api/v1/cadres/{id}/posts", access.PermCadreRead, h.apiPosts, "posts", nil, false},
		apiRoute{"GET /api/v1/cadres/{id}/training", access.PermCadreRead, h.apiTraining, "training", nil, false},
		apiRoute{"GET /api/v1/cadre/settings", access.PermCadreRead, h.apiSettings, "settings", nil, false},
		apiRoute{"PUT /api/v1/cadre/settings", access.PermCadreWrite, h.apiSaveSettings, "save_settings", nil, false},
		apiRoute{"GET /api/v1/supervision/draws", access.PermSupervisionRead, h.apiDraws, "draws", nil, false},
		apiRoute{"POST /api/v1/supervision/draws", access.PermSupervisionRead, h.guard(access.PermCadreWrite, h.apiDraw), "draw", nil, false},
		apiRoute{"GET /api/v1/supervision/draws/{id}", access.PermSupervisionRead, h.apiGetDraw, "get_draw", nil, false},
		apiRoute{"GET /api/v1/supervision/reports", access.PermSupervisionRead, h.apiReports, "reports", nil, false},
		apiRoute{"POST /api/v1/supervision/reports", access.PermSupervisionRead, h.guard(access.PermCadreWrite, h.apiIntake), "intake", nil, false},
		apiRoute{"GET /api/v1/supervision/reports/export", access.PermExport, h.guard(access.PermSupervisionRead, h.exportReports), "export_reports", nil, false},
		apiRoute{"GET /api/v1/supervision/reports/{id}", access.PermSupervisionRead, h.apiReport, "report", nil, false},
		apiRoute{"POST /api/v1/supervision/reports/{id}/reporter", access.PermSupervisionSealed, h.apiReporter, "reporter", nil, false},
		apiRoute{"POST /api/v1/supervision/reports/{id}/{step}", access.PermSupervisionRead, h.guard(access.PermCadreWrite, h.apiStep), "step", nil, false},
		apiRoute{"POST /api/v1/public/12380", "", h.apiPublicIntake, "public_intake", nil, true},
		apiRoute{"GET /api/v1/public/12380/{code}", "", h.apiPublicStatus, "public_status", nil, true},
		apiRoute{"GET /api/v1/cadre/archive-requests", access.PermCadreRead, h.apiRequests, "requests", nil, false},
		apiRoute{"POST /api/v1/cadre/archives/{id}/requests", access.PermCadreRead, h.apiRequest, "request", nil, false},
		apiRoute{"POST /api/v1/cadre/archive-requests/{id}/{step}", access.PermCadreRead, h.apiRequestStep, "request_step", nil, false},
	)
	return out
}

// guard adds a second permission to a route.
func (h *handlers) guard(perm access.Permission, next web.HandlerFunc) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !access.From(r.Context()).Can(perm) {
			return errForbidden()
		}
		return next(w, r)
	}
}

// Routes mounts the cadre pages and API.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	for _, rt := range apiRoutes(h) {
		if rt.Public {
			srv.PublicAPI(rt.Pattern, rt.Fn)
		} else {
			srv.API(rt.Pattern, rt.Perm, rt.Fn)
		}
	}
	for _, g := range Registers {
		if g.Parent != nil {
			pb := g.Parent.Base + "/{pid}/" + g.Name
			srv.Page("GET "+pb+"/new", g.Write, h.newForm(g))
			srv.Page("POST "+pb+"/new", g.Write, h.create(g))
		} else {
			srv.Page("GET "+g.Base, g.Read, h.list(g))
			srv.Page("GET "+g.Base+"/export", access.PermExport, h.guard(g.Read, h.export(g)))
			srv.Page("GET "+g.Base+"/new", g.Write, h.newForm(g))
			srv.Page("POST "+g.Base+"/new", g.Write, h.create(g))
			srv.Page("GET "+g.Base+"/{id}", g.Read, h.detail(g))
		}
		srv.Page("GET "+g.Base+"/{id}/edit", g.Write, h.editForm(g))
		srv.Page("POST "+g.Base+"/{id}/edit", g.Write, h.edit(g))
		if !g.NoDelete {
			srv.Page("POST "+g.Base+"/{id}/delete", g.Write, h.remove(g))
		}
	}
	srv.Page("POST /cadres/{id}/unmask", access.PermPersonalClear, h.guard(access.PermCadreRead, h.unmask))
	srv.Page("GET /cadre/settings", access.PermCadreWrite, h.settingsPage)
	srv.Page("POST /cadre/settings", access.PermCadreWrite, h.saveSettings)
	srv.Page("GET /supervision/draws", access.PermSupervisionRead, h.drawsPage)
	srv.Page("POST /supervision/draws", access.PermSupervisionRead, h.guard(access.PermCadreWrite, h.drawPost))
	srv.Page("GET /supervision/draws/{id}", access.PermSupervisionRead, h.drawPage)
	srv.Page("GET /supervision/reports", access.PermSupervisionRead, h.reportsPage)
	srv.Page("GET /supervision/reports/export", access.PermExport, h.guard(access.PermSupervisionRead, h.exportReports))
	srv.Page("GET /supervision/reports/new", access.PermSupervisionRead, h.guard(access.PermCadreWrite, h.intakeForm))
	srv.Page("POST /supervision/reports/new", access.PermSupervisionRead, h.guard(access.PermCadreWrite, h.intakePost))
	srv.Page("GET /supervision/reports/{id}", access.PermSupervisionRead, h.reportPage)
	srv.Page("POST /supervision/reports/{id}/reporter", access.PermSupervisionSealed, h.reporterPage)
	srv.Page("POST /supervision/reports/{id}/{step}", access.PermSupervisionRead, h.guard(access.PermCadreWrite, h.stepPost))
	srv.Public("GET /12380", h.publicForm)
	srv.Public("POST /12380", h.publicPost)
	srv.Public("GET /12380/status", h.publicStatus)
	srv.Page("GET /cadre/archive-requests", access.PermCadreRead, h.requestsPage)
	srv.Page("POST /cadre/archives/{id}/requests", access.PermCadreRead, h.requestPost)
	srv.Page("POST /cadre/archive-requests/{id}/{step}", access.PermCadreRead, h.requestStepPost)

	nav := func(label, href string, perm access.Permission, order int) web.NavItem {
		return web.NavItem{Group: "nav.cadre", Label: label, Href: href, Perm: perm, Order: order}
	}
	srv.AddNav(
		nav("nav.cadre.cadres", "/cadres", access.PermCadreRead, 10),
		nav("nav.cadre.promotions", "/cadre/promotions", access.PermCadreRead, 20),
		nav("nav.cadre.reserve", "/cadre/reserve", access.PermCadreRead, 30),
		nav("nav.cadre.documents", "/cadre/documents", access.PermCadreRead, 40),
		nav("nav.cadre.classes", "/cadre/classes", access.PermCadreRead, 50),
		nav("nav.cadre.exams", "/cadre/exams", access.PermCadreRead, 55),
		nav("nav.cadre.learning", "/cadre/learning", access.PermCadreRead, 58),
		nav("nav.cadre.reports", "/supervision/reports", access.PermSupervisionRead, 60),
		nav("nav.cadre.duty", "/supervision/duty", access.PermSupervisionRead, 62),
		nav("nav.cadre.matters", "/supervision/matters", access.PermSupervisionRead, 64),
		nav("nav.cadre.inspections", "/supervision/inspections", access.PermSupervisionRead, 66),
		nav("nav.cadre.publicity", "/supervision/publicity", access.PermSupervisionRead, 68),
		nav("nav.cadre.archives", "/cadre/archives", access.PermCadreRead, 70),
		nav("nav.cadre.requests", "/cadre/archive-requests", access.PermCadreRead, 72),
		nav("nav.cadre.checks", "/cadre/checks", access.PermCadreRead, 74),
	)
}
