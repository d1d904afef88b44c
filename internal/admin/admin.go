// Package admin is the work of the three separated administrators: the
// system administrator keeps accounts, the security administrator grants
// roles and scopes and unlocks accounts, the audit administrator reads the
// audit log. None of them can do another's work.
package admin

import (
	"embed"
	"io/fs"

	"troika/internal/access"
	"troika/internal/store"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the administration pages.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "admin", FS: sub}
}

type handlers struct {
	acc *access.Service
	db  *store.DB
	srv *web.Server
}

// Routes mounts the user and audit pages and API.
func Routes(srv *web.Server, acc *access.Service, db *store.DB) {
	h := &handlers{acc: acc, db: db, srv: srv}
	srv.Page("GET /admin/users", "", h.users)
	srv.Page("POST /admin/users", access.PermUserManage, h.createUser)
	srv.Page("GET /admin/users/{id}", "", h.user)
	srv.Page("POST /admin/users/{id}/grant", access.PermUserGrant, h.grant)
	srv.Page("POST /admin/users/{id}/unlock", access.PermUserGrant, h.unlock)
	srv.Page("POST /admin/users/{id}/reset", access.PermUserManage, h.reset)
	srv.Page("POST /admin/users/{id}/disable", access.PermUserManage, h.disable)
	srv.Page("POST /admin/users/{id}/enable", access.PermUserManage, h.enable)
	srv.Page("GET /admin/audit", access.PermAuditRead, h.audit)
	srv.Page("GET /admin/audit/export", access.PermAuditRead, h.auditExport)

	srv.API("GET /api/v1/users", "", h.apiUsers)
	srv.API("POST /api/v1/users", access.PermUserManage, h.apiCreateUser)
	srv.API("GET /api/v1/users/{id}", "", h.apiUser)
	srv.API("POST /api/v1/users/{id}/grant", access.PermUserGrant, h.apiGrant)
	srv.API("POST /api/v1/users/{id}/unlock", access.PermUserGrant, h.apiUnlock)
	srv.API("POST /api/v1/users/{id}/reset-password", access.PermUserManage, h.apiReset)
	srv.API("POST /api/v1/users/{id}/disable", access.PermUserManage, h.apiDisable)
	srv.API("POST /api/v1/users/{id}/enable", access.PermUserManage, h.apiEnable)
	srv.API("GET /api/v1/audit", access.PermAuditRead, h.apiAudit)
	srv.API("GET /api/v1/audit/export", access.PermAuditRead, h.auditExport)
	srv.API("GET /api/v1/audit/verify", access.PermAuditRead, h.apiVerify)

	srv.AddNav(
		web.NavItem{Group: "nav.system", Label: "nav.users", Href: "/admin/users", Perm: access.PermUserManage, Order: 10},
		web.NavItem{Group: "nav.system", Label: "nav.users", Href: "/admin/users", Perm: access.PermUserGrant, Order: 11},
		web.NavItem{Group: "nav.system", Label: "nav.audit", Href: "/admin/audit", Perm: access.PermAuditRead, Order: 20},
	)
}

// canSeeUsers: the system and security administrators both work on the
// account list, each with their own actions.
func canSeeUsers(p *access.Principal) bool {
	return p.Can(access.PermUserManage) || p.Can(access.PermUserGrant)
}
