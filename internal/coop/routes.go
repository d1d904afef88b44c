package coop

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

// Templates are the cooperative pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "coop", FS: sub}
}

// Routes mounts the cooperative pages, API and the income import.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	registerImports()
	read, write, export := access.PermOrgRead, access.PermOrgWrite, access.PermExport

	srv.Page("GET "+unionBase, read, h.unionList)
	srv.Page("GET "+unionBase+"/export", export, h.unionExport)
	srv.Page("GET "+unionBase+"/new", write, h.unionNew)
	srv.Page("POST "+unionBase+"/new", write, h.unionCreate)
	srv.Page("GET "+unionBase+"/{id}", read, h.unionDetail)
	srv.Page("GET "+unionBase+"/{id}/edit", write, h.unionEditForm)
	srv.Page("POST "+unionBase+"/{id}/edit", write, h.unionEdit)
	srv.API("GET /api/v1"+unionBase, read, apiList(s.ListUnions))
	srv.API("POST /api/v1"+unionBase, write, web.APICreate(s.CreateUnion))
	srv.API("GET /api/v1"+unionBase+"/export", export, h.unionExport)
	srv.API("GET /api/v1"+unionBase+"/{id}", read, web.APIGet(s.GetUnion))
	srv.API("PUT /api/v1"+unionBase+"/{id}", write, web.APIUpdate(s.UpdateUnion))

	srv.Page("GET "+coopBase, read, h.coopList)
	srv.Page("GET "+coopBase+"/export", export, h.coopExport)
	srv.Page("GET "+coopBase+"/new", write, h.coopNew)
	srv.Page("POST "+coopBase+"/new", write, h.coopCreate)
	srv.Page("GET "+coopBase+"/{id}", read, h.coopDetail)
	srv.Page("GET "+coopBase+"/{id}/edit", write, h.coopEditForm)
	srv.Page("POST "+coopBase+"/{id}/edit", write, h.coopEdit)
	srv.API("GET /api/v1"+coopBase, read, h.apiCoops)
	srv.API("POST /api/v1"+coopBase, write, web.APICreate(s.CreateCoop))
	srv.API("GET /api/v1"+coopBase+"/export", export, h.coopExport)
	srv.API("GET /api/v1"+coopBase+"/{id}", read, web.APIGet(s.GetCoop))
	srv.API("PUT /api/v1"+coopBase+"/{id}", write, web.APIUpdate(s.UpdateCoop))

	srv.Page("GET "+incomeBase, read, h.incomeList)
	srv.Page("GET "+incomeBase+"/export", export, h.incomeExport)
	srv.Page("GET "+incomeBase+"/new", write, h.incomeNew)
	srv.Page("POST "+incomeBase+"/new", write, h.incomeCreate)
	srv.Page("GET "+incomeBase+"/{id}", read, h.incomeDetail)
	srv.Page("GET "+incomeBase+"/{id}/edit", write, h.incomeEditForm)
	srv.Page("POST "+incomeBase+"/{id}/edit", write, h.incomeEdit)
	srv.Page("POST "+incomeBase+"/{id}/delete", write, h.incomeDelete)
	srv.API("GET /api/v1"+incomeBase, read, h.apiIncomes)
	srv.API("POST /api/v1"+incomeBase, write, web.APICreate(s.CreateIncome))
	srv.API("GET /api/v1"+incomeBase+"/export", export, h.incomeExport)
	srv.API("GET /api/v1"+incomeBase+"/{id}", read, web.APIGet(s.GetIncome))
	srv.API("PUT /api/v1"+incomeBase+"/{id}", write, web.APIUpdate(s.UpdateIncome))
	srv.API("DELETE /api/v1"+incomeBase+"/{id}", write, h.apiIncomeDelete)

	srv.AddNav(
		web.NavItem{Group: "nav.economy", Label: "nav.coop.unions", Href: unionBase, Perm: read, Order: 80},
		web.NavItem{Group: "nav.economy", Label: "nav.coop.coops", Href: coopBase, Perm: read, Order: 81},
		web.NavItem{Group: "nav.economy", Label: "nav.coop.incomes", Href: incomeBase, Perm: read, Order: 82},
	)
}
