package bt

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the BT pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "bt", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

// Routes mounts the BT pages and API. Everyone who reads organizations
// reads the lights of their scope; a branch assesses itself (bt.assess),
// its guidance group reviews (bt.review), the department keeps the
// checklist and the groups and publishes months (rating.manage).
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	read, assess, review, manage := access.PermOrgRead, access.PermBTAssess, access.PermBTReview, access.PermRatingManage
	srv.Page("GET /bt", read, h.overview)
	srv.Page("GET /bt/year", read, h.year)
	srv.Page("GET /bt/assessments", read, h.list)
	srv.Page("GET /bt/assessments/export", access.PermExport, h.export)
	srv.Page("GET /bt/assess", assess, h.assessForm)
	srv.Page("POST /bt/assess", assess, h.assessPost)
	srv.Page("GET /bt/assessments/{id}", read, h.detail)
	srv.Page("POST /bt/assessments/{id}/review", review, h.reviewPost)
	srv.Page("POST /bt/assessments/{id}/adjust", manage, h.adjustPost)
	srv.Page("POST /bt/review", review, h.bulkPost)
	srv.Page("POST /bt/publish", manage, h.publishPost)
	srv.Page("GET /bt/rectifications", read, h.rects)
	srv.Page("GET /bt/rectifications/{id}", read, h.rect)
	srv.Page("POST /bt/rectifications/{id}/close", assess, h.rectClose)
	srv.Page("GET /bt/checklists", read, h.checklists)
	srv.Page("GET /bt/checklists/new", manage, h.checklistNew)
	srv.Page("POST /bt/checklists/new", manage, h.checklistCreate)
	srv.Page("GET /bt/checklists/{id}", read, h.checklist)
	srv.Page("GET /bt/checklists/{id}/edit", manage, h.checklistEdit)
	srv.Page("POST /bt/checklists/{id}/edit", manage, h.checklistUpdate)
	srv.Page("GET /bt/groups", read, h.groups)
	srv.Page("GET /bt/groups/new", manage, h.groupNew)
	srv.Page("POST /bt/groups/new", manage, h.groupCreate)
	srv.Page("GET /bt/groups/{id}", read, h.group)
	srv.Page("GET /bt/groups/{id}/edit", manage, h.groupEdit)
	srv.Page("POST /bt/groups/{id}/edit", manage, h.groupUpdate)

	srv.API("GET /api/v1/bt/overview", read, h.apiOverview)
	srv.API("GET /api/v1/bt/year", read, h.apiYear)
	srv.API("GET /api/v1/bt/assessments", read, h.apiList)
	srv.API("GET /api/v1/bt/assessments/export", access.PermExport, h.export)
	srv.API("GET /api/v1/bt/assessments/{id}", read, h.apiGet)
	srv.API("GET /api/v1/bt/assessments/{id}/adjustments", read, h.apiAdjustments)
	srv.API("POST /api/v1/bt/assessments/{id}/review", review, h.apiReview)
	srv.API("POST /api/v1/bt/assessments/{id}/adjust", manage, h.apiAdjust)
	srv.API("GET /api/v1/bt/branches/{org}/months/{month}", read, h.apiForm)
	srv.API("PUT /api/v1/bt/branches/{org}/months/{month}", assess, h.apiSave)
	srv.API("POST /api/v1/bt/review", review, h.apiBulk)
	srv.API("POST /api/v1/bt/publish", manage, h.apiPublish)
	srv.API("GET /api/v1/bt/rectifications", read, h.apiRects)
	srv.API("GET /api/v1/bt/rectifications/{id}", read, h.apiRect)
	srv.API("POST /api/v1/bt/rectifications/{id}/close", assess, h.apiRectClose)
	srv.API("GET /api/v1/bt/checklists", read, h.apiChecklists)
	srv.API("POST /api/v1/bt/checklists", manage, h.apiChecklistCreate)
	srv.API("GET /api/v1/bt/checklists/{id}", read, h.apiChecklist)
	srv.API("PUT /api/v1/bt/checklists/{id}", manage, h.apiChecklistUpdate)
	srv.API("GET /api/v1/bt/groups", read, h.apiGroups)
	srv.API("POST /api/v1/bt/groups", manage, h.apiGroupCreate)
	srv.API("GET /api/v1/bt/groups/{id}", read, h.apiGroup)
	srv.API("PUT /api/v1/bt/groups/{id}", manage, h.apiGroupUpdate)

	srv.AddNav(web.NavItem{Group: "nav.rate", Label: "nav.bt", Href: "/bt", Perm: read, Order: 70})
}
