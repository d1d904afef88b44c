package access_test

import (
	"context"
	"testing"

	"troika/internal/access"
	"troika/internal/i18n"
)

// The three administrators are separated: none holds another's power.
func TestAdministratorsSeparated(t *testing.T) {
	adminPerms := []access.Permission{access.PermUserManage, access.PermUserGrant, access.PermAuditRead}
	for _, r := range access.Roles {
		if !r.Valid() {
			t.Errorf("listed role %q is not valid", r)
		}
		if !i18n.Has("role." + string(r)) {
			t.Errorf("role %q has no label", r)
		}
		held := 0
		for _, p := range adminPerms {
			if r.Can(p) {
				held++
			}
		}
		if r.Admin() && held != 1 {
			t.Errorf("administrator %q holds %d administrator permissions, want 1", r, held)
		}
		if !r.Admin() && held != 0 {
			t.Errorf("role %q holds administrator permissions", r)
		}
		if !r.Can(access.PermSelf) {
			t.Errorf("role %q cannot manage its own account", r)
		}
	}
	if access.Role("").Valid() || access.Role("root").Valid() || access.Role("root").Can(access.PermSelf) {
		t.Error("unknown roles are valid")
	}
	if access.Role("").Label() != i18n.T("role.none") {
		t.Error("empty role label")
	}
	// PermissionsOf hands out a copy.
	ps := access.PermissionsOf(access.RoleMember)
	ps[0] = access.PermAuditRead
	if access.RoleMember.Can(access.PermAuditRead) {
		t.Error("PermissionsOf exposes the table")
	}
}

func TestPrincipalScope(t *testing.T) {
	p := &access.Principal{OrgPath: "/1/5/", Role: access.RoleCommittee}
	for path, want := range map[string]bool{"/1/5/": true, "/1/5/23/": true, "/1/": false, "/1/50/": false, "/1/6/5/": false, "": false} {
		if got := p.InScope(path); got != want {
			t.Errorf("InScope(%q) = %v", path, got)
		}
	}
	if p.ScopeLike() != "/1/5/%" {
		t.Errorf("ScopeLike = %q", p.ScopeLike())
	}
	if !p.Can(access.PermOrgWrite) || p.Can(access.PermAuditRead) {
		t.Error("Can is wrong for a committee")
	}
	var nilP *access.Principal
	if nilP.Can(access.PermSelf) {
		t.Error("a nil principal may act")
	}
	ctx := access.WithPrincipal(context.Background(), p)
	if access.From(ctx) != p || access.From(context.Background()) != nil {
		t.Error("principal does not travel on the context")
	}
}
