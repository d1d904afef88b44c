package access

import "troika/internal/i18n"

// Role says what a user may do; the user's organization says where.
type Role string

const (
	RoleStaff      Role = "staff"      // 组织部工作人员
	RoleCommittee  Role = "committee"  // 乡镇/街道党(工)委
	RoleSecretary  Role = "secretary"  // 党支部书记
	RoleGrid       Role = "grid"       // 网格员
	RoleMember     Role = "member"     // 党员
	RoleSysAdmin   Role = "sysadmin"   // 系统管理员
	RoleSecAdmin   Role = "secadmin"   // 安全管理员
	RoleAuditor    Role = "auditor"    // 审计管理员
	RoleSupervisor Role = "supervisor" // 干部监督: the only role that reads 12380 reporters' identities
)

// Permission is one thing a role may do.
type Permission string

const (
	PermOrgRead           Permission = "org.read"
	PermOrgWrite          Permission = "org.write"
	PermPersonalRead      Permission = "personal.read"   // see masked personal data
	PermPersonalClear     Permission = "personal.unmask" // see it unmasked, audited
	PermExport            Permission = "export"
	PermFieldWork         Permission = "fieldwork.write" // file field records (screenings) in scope, as grid workers do
	PermUserManage        Permission = "user.manage"     // create, disable, reset password
	PermUserGrant         Permission = "user.grant"      // role and scope, unlock
	PermAuditRead         Permission = "audit.read"
	PermSelf              Permission = "self"                  // own account and tokens
	PermReport            Permission = "report.read"           // dashboard, figures, reports of the own scope
	PermReportEdit        Permission = "report.edit"           // edit report templates
	PermCadreRead         Permission = "cadre.read"            // cadre ledgers of the own scope
	PermCadreWrite        Permission = "cadre.write"           // keep them (组织部 干部科)
	PermSupervisionRead   Permission = "supervision.read"      // 12380 cases without the reporter
	PermSupervisionSealed Permission = "supervision.sealed"    // a 12380 reporter's identity, audited
	PermArchiveApprove    Permission = "cadre.archive_approve" // approve reading and lending of personnel archives
	PermBTAssess          Permission = "bt.assess"             // a branch's monthly BT self-assessment, closing its rectifications
	PermBTReview          Permission = "bt.review"             // review as a member of the branch's guidance group
	PermRatingManage      Permission = "rating.manage"         // BT checklists, guidance groups, publishing; 四优 evaluations; schemes and plans
	PermSchemeReport      Permission = "scheme.report"         // report completion of scheme items and progress of plan measures
	PermWishClaim         Permission = "wish.claim"            // claim micro-wishes: a member for themselves, others for an organization in scope
	PermTalentRead        Permission = "talent.read"           // the talent ledgers (人才办)
	PermTalentWrite       Permission = "talent.write"          // keep them
)

// permissions is the one place that says which role may do what. The three
// administrators are separated: none of them holds another's permissions,
// and since a user holds exactly one role, no one holds two of them.
var permissions = map[Role][]Permission{
	RoleStaff: {PermSelf, PermOrgRead, PermOrgWrite, PermPersonalRead, PermPersonalClear, PermExport, PermFieldWork, PermReport, PermReportEdit,
		PermCadreRead, PermCadreWrite, PermSupervisionRead, PermArchiveApprove, PermTalentRead, PermTalentWrite, PermWishClaim,
		PermBTAssess, PermBTReview, PermRatingManage, PermSchemeReport},
	RoleCommittee: {PermSelf, PermOrgRead, PermOrgWrite, PermPersonalRead, PermExport, PermFieldWork, PermReport, PermCadreRead, PermTalentRead, PermTalentWrite, PermWishClaim,
		PermBTAssess, PermBTReview, PermSchemeReport},
	RoleSecretary:  {PermSelf, PermOrgRead, PermPersonalRead, PermExport, PermFieldWork, PermWishClaim, PermBTAssess, PermSchemeReport},
	RoleGrid:       {PermSelf, PermOrgRead, PermPersonalRead, PermFieldWork},
	RoleMember:     {PermSelf, PermWishClaim},
	RoleSysAdmin:   {PermSelf, PermUserManage, PermOrgRead},
	RoleSecAdmin:   {PermSelf, PermUserGrant, PermOrgRead},
	RoleAuditor:    {PermSelf, PermAuditRead, PermExport},
	RoleSupervisor: {PermSelf, PermOrgRead, PermExport, PermReport, PermCadreRead, PermCadreWrite, PermSupervisionRead, PermSupervisionSealed},
}

// Roles lists every role, in the order shown to administrators.
var Roles = []Role{RoleStaff, RoleCommittee, RoleSecretary, RoleGrid, RoleMember, RoleSysAdmin, RoleSecAdmin, RoleAuditor, RoleSupervisor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	_, ok := permissions[r]
	return ok
}

// Label is the role's Chinese name.
func (r Role) Label() string {
	if r == "" {
		return i18n.T("role.none")
	}
	return i18n.T("role." + string(r))
}

// Admin reports whether r is one of the three separated administrators.
func (r Role) Admin() bool {
	return r == RoleSysAdmin || r == RoleSecAdmin || r == RoleAuditor
}

// Can reports whether r holds p.
func (r Role) Can(p Permission) bool {
	for _, q := range permissions[r] {
		if q == p {
			return true
		}
	}
	return false
}

// PermissionsOf returns r's permissions.
func PermissionsOf(r Role) []Permission { return append([]Permission(nil), permissions[r]...) }
