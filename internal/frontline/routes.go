package frontline

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// OpenAPI is this package's part of the API document.
//
//go:embed openapi.json
var OpenAPI []byte

// Templates are the front-line pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "frontline", FS: sub}
}

// Routes mounts the front-line pages, API and imports.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	registerImports(s.DB, s.Keys)
	read, write, field, export := access.PermOrgRead, access.PermOrgWrite, access.PermFieldWork, access.PermExport

	for _, kind := range TeamKinds {
		t := teamPages{handlers: h, kind: kind}
		b, api := t.base(), "/api/v1"+t.base()
		srv.Page("GET "+b, read, t.list)
		srv.Page("GET "+b+"/export", export, t.export)
		srv.Page("GET "+b+"/new", write, t.newForm)
		srv.Page("POST "+b+"/new", write, t.create)
		srv.Page("GET "+b+"/{id}", read, t.detail)
		srv.Page("GET "+b+"/{id}/edit", write, t.editForm)
		srv.Page("POST "+b+"/{id}/edit", write, t.edit)
		srv.Page("POST "+b+"/{id}/people", write, t.addPerson)
		srv.Page("POST "+b+"/{id}/people/{pid}/delete", write, t.removePerson)
		srv.API("GET "+api, read, t.apiList)
		srv.API("POST "+api, write, t.apiCreate)
		srv.API("GET "+api+"/export", export, t.export)
		srv.API("GET "+api+"/{id}", read, t.apiGet)
		srv.API("PUT "+api+"/{id}", write, t.apiUpdate)
		srv.API("GET "+api+"/{id}/people", read, t.apiPeople)
		srv.API("POST "+api+"/{id}/people", write, t.apiAddPerson)
		srv.API("DELETE "+api+"/{id}/people/{pid}", write, t.apiRemovePerson)
	}

	srv.Page("GET /frontline/temp", read, h.tempList)
	srv.Page("GET /frontline/temp/export", export, h.tempExport)
	srv.Page("GET /frontline/temp/new", write, h.tempNew)
	srv.Page("POST /frontline/temp/new", write, h.tempCreate)
	srv.Page("GET /frontline/temp/{id}", read, h.tempDetail)
	srv.Page("GET /frontline/temp/{id}/edit", write, h.tempEditForm)
	srv.Page("POST /frontline/temp/{id}/edit", write, h.tempEdit)
	srv.Page("GET /frontline/temp/{id}/dissolve", write, h.tempDissolveForm)
	srv.Page("POST /frontline/temp/{id}/dissolve", write, h.tempDissolve)
	srv.Page("POST /frontline/temp/{id}/people", write, h.tempAddPerson)
	srv.Page("POST /frontline/temp/{id}/people/{pid}/delete", write, h.tempRemovePerson)
	srv.API("GET /api/v1/frontline/temp", read, h.apiTempList)
	srv.API("POST /api/v1/frontline/temp", write, web.APICreate(h.svc.CreateTemp))
	srv.API("GET /api/v1/frontline/temp/export", export, h.tempExport)
	srv.API("GET /api/v1/frontline/temp/{id}", read, web.APIGet(h.svc.GetTemp))
	srv.API("PUT /api/v1/frontline/temp/{id}", write, web.APIUpdate(h.svc.SaveTask))
	srv.API("POST /api/v1/frontline/temp/{id}/dissolve", write, h.apiTempDissolve)
	srv.API("GET /api/v1/frontline/temp/{id}/people", read, h.apiTempPeople)
	srv.API("POST /api/v1/frontline/temp/{id}/people", write, h.apiTempAddPerson)
	srv.API("DELETE /api/v1/frontline/temp/{id}/people/{pid}", write, h.apiTempRemovePerson)

	srv.Page("GET /frontline/deployments", read, h.deployList)
	srv.Page("GET /frontline/deployments/export", export, h.deployExport)
	srv.Page("GET /frontline/deployments/new", write, h.deployNew)
	srv.Page("POST /frontline/deployments/new", write, h.deployCreate)
	srv.Page("GET /frontline/deployments/{id}", read, h.deployDetail)
	srv.Page("GET /frontline/deployments/{id}/edit", write, h.deployEditForm)
	srv.Page("POST /frontline/deployments/{id}/edit", write, h.deployEdit)
	srv.Page("POST /frontline/deployments/{id}/delete", write, h.deployDelete)
	srv.API("GET /api/v1/frontline/deployments", read, h.apiDeployList)
	srv.API("POST /api/v1/frontline/deployments", write, web.APICreate(h.svc.CreateDeployment))
	srv.API("GET /api/v1/frontline/deployments/export", export, h.deployExport)
	srv.API("GET /api/v1/frontline/deployments/{id}", read, web.APIGet(h.svc.GetDeployment))
	srv.API("PUT /api/v1/frontline/deployments/{id}", write, web.APIUpdate(h.svc.UpdateDeployment))
	srv.API("DELETE /api/v1/frontline/deployments/{id}", write, web.APIDelete(h.svc.DeleteDeployment))

	srv.Page("GET /frontline/screenings", read, h.screenList)
	srv.Page("GET /frontline/screenings/export", export, h.screenExport)
	srv.Page("GET /frontline/screenings/new", field, h.screenNew)
	srv.Page("POST /frontline/screenings/new", field, h.screenCreate)
	srv.Page("GET /frontline/screenings/{id}", read, h.screenDetail)
	srv.Page("GET /frontline/screenings/{id}/edit", field, h.screenEditForm)
	srv.Page("POST /frontline/screenings/{id}/edit", field, h.screenEdit)
	srv.Page("POST /frontline/screenings/{id}/delete", field, h.screenDelete)
	srv.API("GET /api/v1/frontline/screenings", read, h.apiScreenList)
	srv.API("POST /api/v1/frontline/screenings", field, web.APICreate(h.svc.CreateScreening))
	srv.API("GET /api/v1/frontline/screenings/export", export, h.screenExport)
	srv.API("GET /api/v1/frontline/screenings/{id}", read, web.APIGet(h.svc.GetScreening))
	srv.API("PUT /api/v1/frontline/screenings/{id}", field, web.APIUpdate(h.svc.UpdateScreening))
	srv.API("DELETE /api/v1/frontline/screenings/{id}", field, web.APIDelete(h.svc.DeleteScreening))

	srv.AddNav(
		web.NavItem{Group: "nav.front", Label: "nav.frontline.taskforces", Href: "/frontline/taskforces", Perm: read, Order: 60},
		web.NavItem{Group: "nav.front", Label: "nav.frontline.temp", Href: "/frontline/temp", Perm: read, Order: 61},
		web.NavItem{Group: "nav.front", Label: "nav.frontline.volunteers", Href: "/frontline/volunteers", Perm: read, Order: 62},
		web.NavItem{Group: "nav.front", Label: "nav.frontline.deployments", Href: "/frontline/deployments", Perm: read, Order: 63},
		web.NavItem{Group: "nav.front", Label: "nav.frontline.screenings", Href: "/frontline/screenings", Perm: read, Order: 64},
	)
}
