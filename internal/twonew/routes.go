package twonew

import (
	_ "embed"

	"troika/internal/access"
	"troika/internal/web"
)

// OpenAPI is this package's part of the API document.
//
//go:embed openapi.json
var OpenAPI []byte

// Routes mounts the 两新 service pages and API.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	read, write := access.PermOrgRead, access.PermOrgWrite
	srv.Page("GET /twonew/menus", read, h.menus)
	srv.Page("GET /twonew/menus/new", write, h.menuNew)
	srv.Page("POST /twonew/menus/new", write, h.menuSave)
	srv.Page("GET /twonew/menus/{id}", read, h.menu)
	srv.Page("GET /twonew/menus/{id}/edit", write, h.menuEdit)
	srv.Page("POST /twonew/menus/{id}/edit", write, h.menuSave)
	srv.Page("POST /twonew/menus/{id}/items", write, h.itemCreate)
	srv.Page("GET /twonew/items/{id}/edit", write, h.itemEdit)
	srv.Page("POST /twonew/items/{id}/edit", write, h.itemSave)
	srv.Page("GET /twonew/requests", read, h.requests)
	srv.Page("GET /twonew/requests/export", access.PermExport, h.exportRequests)
	srv.Page("GET /twonew/requests/new", write, h.requestNew)
	srv.Page("POST /twonew/requests/new", write, h.requestCreate)
	srv.Page("GET /twonew/requests/{id}", read, h.request)
	srv.Page("POST /twonew/requests/{id}/handle", write, h.requestHandle)

	srv.API("GET /api/v1/twonew/menus", read, h.apiMenus)
	srv.API("POST /api/v1/twonew/menus", write, h.apiMenuSave)
	srv.API("GET /api/v1/twonew/menus/{id}", read, h.apiMenu)
	srv.API("PUT /api/v1/twonew/menus/{id}", write, h.apiMenuSave)
	srv.API("POST /api/v1/twonew/menus/{id}/items", write, h.apiItemCreate)
	srv.API("GET /api/v1/twonew/items/{id}", read, h.apiItem)
	srv.API("PUT /api/v1/twonew/items/{id}", write, h.apiItemSave)
	srv.API("GET /api/v1/twonew/requests", read, h.apiRequests)
	srv.API("POST /api/v1/twonew/requests", write, h.apiRequestCreate)
	srv.API("GET /api/v1/twonew/requests/export", access.PermExport, h.exportRequests)
	srv.API("GET /api/v1/twonew/requests/{id}", read, h.apiRequest)
	srv.API("POST /api/v1/twonew/requests/{id}/handle", write, h.apiRequestHandle)

	srv.AddNav(
		web.NavItem{Group: "nav.serve", Label: "nav.twonew.menus", Href: "/twonew/menus", Perm: read, Order: 60},
		web.NavItem{Group: "nav.serve", Label: "nav.twonew.requests", Href: "/twonew/requests", Perm: read, Order: 61},
	)
}
