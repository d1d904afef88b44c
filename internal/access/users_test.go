package access_test

import (
	"strconv"
	"strings"
	"testing"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestCreateUserRules(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		n := f.auditCount(t)
		u, pw, err := f.svc.CreateUser(f.ctx, access.NewUser{Username: " Chen.Shi ", DisplayName: " 陈十 ", OrgID: f.town})
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "chen.shi" || u.DisplayName != "陈十" || u.Role != "" || !u.MustChange || u.OrgName != "东风镇党委" || u.Locked || u.Disabled {
			t.Fatalf("created %+v", u)
		}
		if err := access.ValidatePassword("password", pw); err != nil {
			t.Fatalf("generated password %q: %v", pw, err)
		}
		if got := f.actionsSince(t, n); !equalStrings(got, []string{"user.create"}) {
			t.Fatalf("audit %v", got)
		}
		_, _, err = f.svc.CreateUser(f.ctx, access.NewUser{Username: "chen.shi", DisplayName: "另一个", OrgID: f.town})
		wantField(t, err, "username")
		_, _, err = f.svc.CreateUser(f.ctx, access.NewUser{Username: "陈十", DisplayName: "x", OrgID: f.town})
		wantField(t, err, "username")
		_, _, err = f.svc.CreateUser(f.ctx, access.NewUser{Username: "ok.name", DisplayName: "", OrgID: f.town})
		wantField(t, err, "display_name")
		_, _, err = f.svc.CreateUser(f.ctx, access.NewUser{Username: "ok.name", DisplayName: "x", OrgID: 99999})
		wantField(t, err, "org_id")
		_, _, err = f.svc.CreateUser(f.ctx, access.NewUser{Username: "ok.name", DisplayName: "x", OrgID: f.town, Role: "king"})
		wantField(t, err, "role")
		_, _, err = f.svc.CreateUser(f.ctx, access.NewUser{Username: "ok.name", DisplayName: "x", OrgID: f.town, Password: "simple"})
		wantField(t, err, "password")
		if c, err := f.svc.CountUsers(f.ctx); err != nil || c != 1 {
			t.Fatalf("CountUsers = %d, %v; want 1", c, err)
		}
	})
}

func TestMustChangePassword(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		u, pw, err := f.svc.CreateUser(f.ctx, access.NewUser{Username: "new.user", DisplayName: "新人", OrgID: f.town, Role: access.RoleStaff})
		if err != nil {
			t.Fatal(err)
		}
		_, p := f.mustLogin(t, "new.user", pw)
		if !p.MustChange || p.Can(access.PermOrgRead) || p.Can(access.PermSelf) {
			t.Fatalf("a must-change principal may act: %+v", p)
		}

		wantField(t, f.svc.ChangePassword(f.ctx, u.ID, "Wrong#old1", "Brand#New1"), "old_password")
		wantField(t, f.svc.ChangePassword(f.ctx, u.ID, pw, pw), "password")
		wantField(t, f.svc.ChangePassword(f.ctx, u.ID, pw, "tooweak1"), "password")
		n := f.auditCount(t)
		if err := f.svc.ChangePassword(f.ctx, u.ID, pw, "Brand#New1"); err != nil {
			t.Fatal(err)
		}
		if got := f.actionsSince(t, n); !equalStrings(got, []string{"user.change_password"}) {
			t.Fatalf("audit %v", got)
		}
		_, _, err = f.login("new.user", pw)
		wantCode(t, err, fault.Unauthorized)
		_, p = f.mustLogin(t, "new.user", "Brand#New1")
		if p.MustChange || !p.Can(access.PermOrgRead) {
			t.Fatalf("after the change: %+v", p)
		}
		var changedAt int64
		if err := db.QueryRowContext(f.ctx, `SELECT password_changed_at FROM users WHERE id = ?`, u.ID).Scan(&changedAt); err != nil ||
			changedAt != f.clock.Now().UnixMilli() {
			t.Fatalf("password_changed_at = %d, %v", changedAt, err)
		}
	})
}

func TestResetPassword(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		u := f.user(t, "he.yi", goodPW, access.RoleStaff)
		tok, _ := f.mustLogin(t, "he.yi", goodPW)
		for i := 0; i < access.DefaultPolicy.LockAttempts; i++ {
			f.login("he.yi", "Wrong#pw1")
		}
		n := f.auditCount(t)
		pw, err := f.svc.ResetPassword(f.ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.actionsSince(t, n); !equalStrings(got, []string{"user.reset_password"}) {
			t.Fatalf("audit %v", got)
		}
		_, err = f.svc.Session(f.ctx, tok)
		wantCode(t, err, fault.Unauthorized)
		_, _, err = f.login("he.yi", goodPW)
		wantCode(t, err, fault.Unauthorized)
		// The reset also lifts the lock, and the new password must be changed.
		_, p := f.mustLogin(t, "he.yi", pw)
		if !p.MustChange {
			t.Fatal("reset password need not be changed")
		}
		_, err = f.svc.ResetPassword(f.ctx, 99999)
		wantCode(t, err, fault.NotFound)
	})
}

func TestDisabledUser(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		admin := f.user(t, "sys.admin", goodPW, access.RoleSysAdmin)
		u := f.user(t, "qian.er", goodPW, access.RoleStaff)
		_, ap := f.mustLogin(t, "sys.admin", goodPW)
		tok, p := f.mustLogin(t, "qian.er", goodPW)
		_, secret, err := f.svc.CreateToken(f.ctx, p, "脚本", 0)
		if err != nil {
			t.Fatal(err)
		}

		wantCode(t, f.svc.SetDisabled(f.ctx, ap, admin.ID, true), fault.Forbidden)
		n := f.auditCount(t)
		if err := f.svc.SetDisabled(f.audit(ap), ap, u.ID, true); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Session(f.ctx, tok)
		wantCode(t, err, fault.Unauthorized)
		_, err = f.svc.TokenPrincipal(f.ctx, secret)
		wantCode(t, err, fault.Unauthorized)
		_, _, err = f.login("qian.er", goodPW)
		wantCode(t, err, fault.Unauthorized)
		if err.Error() != i18n.T("auth.disabled") {
			t.Fatalf("message %q", err)
		}
		log := f.auditLog(t)[n:]
		if len(log) != 2 || log[0].Action != "user.disable" || log[0].ActorID != admin.ID || log[0].ObjectID != strconv.FormatInt(u.ID, 10) ||
			log[1].Action != "auth.login_failed" || !strings.Contains(log[1].Detail, "disabled") {
			t.Fatalf("audit %+v", log)
		}
		if got, _ := f.svc.GetUser(f.ctx, u.ID); !got.Disabled {
			t.Fatal("GetUser does not show the account disabled")
		}

		// Enabling lets the holder sign in again; old sessions stay dead.
		n = f.auditCount(t)
		if err := f.svc.SetDisabled(f.ctx, ap, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := f.actionsSince(t, n); !equalStrings(got, []string{"user.enable"}) {
			t.Fatalf("audit %v", got)
		}
		f.mustLogin(t, "qian.er", goodPW)
		_, err = f.svc.Session(f.ctx, tok)
		wantCode(t, err, fault.Unauthorized)
	})
}

func TestGrant(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		sec := f.user(t, "sec.admin", goodPW, access.RoleSecAdmin)
		u := f.user(t, "zheng.shi", goodPW, access.RoleMember)
		_, sp := f.mustLogin(t, "sec.admin", goodPW)
		tok, _ := f.mustLogin(t, "zheng.shi", goodPW)

		wantCode(t, f.svc.Grant(f.ctx, sp, sec.ID, access.RoleStaff, f.city), fault.Forbidden)
		wantField(t, f.svc.Grant(f.ctx, sp, u.ID, "king", f.city), "role")
		wantField(t, f.svc.Grant(f.ctx, sp, u.ID, access.RoleStaff, 0), "org_id")
		wantField(t, f.svc.Grant(f.ctx, sp, u.ID, access.RoleStaff, 99999), "org_id")
		if _, err := db.ExecContext(f.ctx, `UPDATE orgs SET dissolved = TRUE WHERE id = ?`, f.town); err != nil {
			t.Fatal(err)
		}
		wantField(t, f.svc.Grant(f.ctx, sp, u.ID, access.RoleStaff, f.town), "org_id")
		wantCode(t, f.svc.Grant(f.ctx, sp, 99999, access.RoleStaff, f.city), fault.NotFound)
		// Nothing changed so far, and the session lives.
		if _, err := f.svc.Session(f.ctx, tok); err != nil {
			t.Fatalf("a refused grant ended the session: %v", err)
		}

		n := f.auditCount(t)
		if err := f.svc.Grant(f.audit(sp), sp, u.ID, access.RoleCommittee, f.city); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.GetUser(f.ctx, u.ID)
		if err != nil || got.Role != access.RoleCommittee || got.OrgID != f.city {
			t.Fatalf("after grant %+v %v", got, err)
		}
		// The grant takes effect now: the old session is gone.
		_, err = f.svc.Session(f.ctx, tok)
		wantCode(t, err, fault.Unauthorized)
		log := f.auditLog(t)[n:]
		if len(log) != 1 || log[0].Action != "user.grant" || log[0].ActorID != sec.ID || log[0].ObjectID != strconv.FormatInt(u.ID, 10) {
			t.Fatalf("audit %+v", log)
		}
		wantDetail := `"role":["member","committee"]`
		if !strings.Contains(log[0].Detail, wantDetail) || !strings.Contains(log[0].Detail, `"org_id":[`+strconv.FormatInt(f.town, 10)+`,`+strconv.FormatInt(f.city, 10)+`]`) {
			t.Fatalf("grant detail %s", log[0].Detail)
		}
		_, p := f.mustLogin(t, "zheng.shi", goodPW)
		if p.Role != access.RoleCommittee || p.OrgID != f.city {
			t.Fatalf("principal after grant %+v", p)
		}
	})
}

func TestListUsersByScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		other := f.org(t, f.city, "西岭镇党委", "T2")
		f.user(t, "town.one", goodPW, access.RoleCommittee)
		if _, _, err := f.svc.CreateUser(f.ctx, access.NewUser{Username: "town.two", DisplayName: "西岭", OrgID: other, Role: access.RoleCommittee}); err != nil {
			t.Fatal(err)
		}
		var townPath string
		if err := db.QueryRowContext(f.ctx, `SELECT path FROM orgs WHERE id = ?`, f.town).Scan(&townPath); err != nil {
			t.Fatal(err)
		}
		users, total, err := f.svc.ListUsers(f.ctx, townPath, access.UserFilter{})
		if err != nil || total != 1 || len(users) != 1 || users[0].Username != "town.one" {
			t.Fatalf("town scope: %+v %d %v", users, total, err)
		}
		users, total, err = f.svc.ListUsers(f.ctx, "/"+strconv.FormatInt(f.city, 10)+"/", access.UserFilter{Q: "西岭"})
		if err != nil || total != 1 || users[0].Username != "town.two" {
			t.Fatalf("city scope with query: %+v %d %v", users, total, err)
		}
		_, total, _ = f.svc.ListUsers(f.ctx, "/"+strconv.FormatInt(f.city, 10)+"/", access.UserFilter{Limit: 1})
		if total != 2 {
			t.Fatalf("city total %d", total)
		}
	})
}
