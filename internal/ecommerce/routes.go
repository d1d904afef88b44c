package ecommerce

import (
	_ "embed"

	"troika/internal/access"
	"troika/internal/web"
)

// OpenAPI is this package's part of the API document.
//
//go:embed openapi.json
var OpenAPI []byte

// Routes mounts the 红色电商圈 pages and API.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	read, write := access.PermOrgRead, access.PermOrgWrite
	srv.Page("GET /ecommerce/enterprises", read, h.enterprises)
	srv.Page("GET /ecommerce/enterprises/new", write, h.enterpriseNew)
	srv.Page("POST /ecommerce/enterprises/new", write, h.enterpriseSave)
	srv.Page("GET /ecommerce/enterprises/{id}", read, h.enterpriseDetail)
	srv.Page("GET /ecommerce/enterprises/{id}/edit", write, h.enterpriseEdit)
	srv.Page("POST /ecommerce/enterprises/{id}/edit", write, h.enterpriseSave)
	srv.Page("POST /ecommerce/enterprises/{id}/products", write, h.productCreate)
	srv.Page("POST /ecommerce/enterprises/{id}/sales", write, h.saleCreate)
	srv.Page("GET /ecommerce/sales", read, h.sales)
	srv.Page("GET /ecommerce/sales/export", access.PermExport, h.exportSales)

	srv.API("GET /api/v1/ecommerce/enterprises", read, h.apiEnterprises)
	srv.API("POST /api/v1/ecommerce/enterprises", write, h.apiEnterpriseSave)
	srv.API("GET /api/v1/ecommerce/enterprises/{id}", read, h.apiEnterprise)
	srv.API("PUT /api/v1/ecommerce/enterprises/{id}", write, h.apiEnterpriseSave)
	srv.API("GET /api/v1/ecommerce/enterprises/{id}/products", read, h.apiProducts)
	srv.API("POST /api/v1/ecommerce/enterprises/{id}/products", write, h.apiProductCreate)
	srv.API("GET /api/v1/ecommerce/sales", read, h.apiSales)
	srv.API("POST /api/v1/ecommerce/sales", write, h.apiSaleCreate)
	srv.API("GET /api/v1/ecommerce/sales/export", access.PermExport, h.exportSales)

	srv.AddNav(web.NavItem{Group: "nav.serve", Label: "nav.ecommerce", Href: "/ecommerce/enterprises", Perm: read, Order: 63})
}
