package access_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
	"troika/internal/testenv"
)

const goodPW = "Dongfeng#2024"

func TestLogin(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		u := f.user(t, "zhang.san", goodPW, access.RoleCommittee)
		n := f.auditCount(t)

		tok, p, err := f.svc.Login(f.ctx, "  Zhang.San ", goodPW, "10.0.0.7", "test-agent", access.KindBearer)
		if err != nil {
			t.Fatal(err)
		}
		if tok == "" || p == nil {
			t.Fatal("no token or principal")
		}
		if p.UserID != u.ID || p.Username != "zhang.san" || p.DisplayName != "用户zhang.san" || p.Role != access.RoleCommittee ||
			p.OrgID != f.town || p.OrgName != "东风镇党委" || p.MustChange || p.Via != access.KindBearer || p.CSRF == "" || p.SessionID == "" {
			t.Fatalf("principal %+v", p)
		}
		if !strings.HasPrefix(p.OrgPath, "/"+strconv.FormatInt(f.city, 10)+"/") || !strings.HasSuffix(p.OrgPath, "/"+strconv.FormatInt(f.town, 10)+"/") {
			t.Fatalf("org path %q", p.OrgPath)
		}
		// The token is stored only hashed.
		var raw int
		if err := db.QueryRowContext(f.ctx, `SELECT COUNT(*) FROM sessions WHERE id = ?`, tok).Scan(&raw); err != nil || raw != 0 {
			t.Fatalf("session token stored in the clear (%d, %v)", raw, err)
		}
		again, err := f.svc.Session(f.ctx, tok)
		if err != nil || again.UserID != u.ID || again.SessionID != p.SessionID {
			t.Fatalf("Session: %+v %v", again, err)
		}
		if _, err := f.svc.Session(f.ctx, tok+"x"); fault.CodeOf(err) != fault.Unauthorized {
			t.Fatalf("a wrong token gave %v", err)
		}
		if _, err := f.svc.Session(f.ctx, ""); fault.CodeOf(err) != fault.Unauthorized {
			t.Fatalf("an empty token gave %v", err)
		}

		log := f.auditLog(t)[n:]
		if len(log) != 1 || log[0].Action != "auth.login" || log[0].ActorID != u.ID || log[0].Actor != "zhang.san" ||
			log[0].IP != "10.0.0.7" || log[0].ObjectID != strconv.FormatInt(u.ID, 10) || !strings.Contains(log[0].Detail, `"via":"bearer"`) {
			t.Fatalf("audit after login: %+v", log)
		}
	})
}

func TestLoginFailures(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		u := f.user(t, "li.si", goodPW, access.RoleStaff)
		n := f.auditCount(t)

		_, _, errWrong := f.login("li.si", "Wrong#2024")
		wantCode(t, errWrong, fault.Unauthorized)
		_, _, errUnknown := f.login("nobody", goodPW)
		wantCode(t, errUnknown, fault.Unauthorized)
		// A wrong username and a wrong password read the same.
		if errWrong.Error() != errUnknown.Error() || errWrong.Error() != i18n.T("auth.bad_credentials") {
			t.Fatalf("messages differ: %q / %q", errWrong, errUnknown)
		}
		for _, c := range [][2]string{{"", goodPW}, {"li.si", ""}, {strings.Repeat("a", 65), goodPW}, {"li.si", strings.Repeat("x", 257)}} {
			_, _, err := f.login(c[0], c[1])
			wantCode(t, err, fault.Unauthorized)
		}

		log := f.auditLog(t)[n:]
		if len(log) != 2 {
			t.Fatalf("audit entries %+v, want 2", log)
		}
		if log[0].Action != "auth.login_failed" || log[0].ObjectID != strconv.FormatInt(u.ID, 10) || log[0].ActorID != u.ID ||
			!strings.Contains(log[0].Detail, "wrong password") {
			t.Errorf("wrong password entry %+v", log[0])
		}
		if log[1].Action != "auth.login_failed" || log[1].ObjectID != "nobody" || log[1].ActorID != 0 || !strings.Contains(log[1].Detail, "unknown user") {
			t.Errorf("unknown user entry %+v", log[1])
		}
		// One wrong password counts; a success clears the count.
		var failed int
		if err := db.QueryRowContext(f.ctx, `SELECT failed_logins FROM users WHERE id = ?`, u.ID).Scan(&failed); err != nil || failed != 1 {
			t.Fatalf("failed_logins = %d, %v", failed, err)
		}
		f.mustLogin(t, "li.si", goodPW)
		if err := db.QueryRowContext(f.ctx, `SELECT failed_logins FROM users WHERE id = ?`, u.ID).Scan(&failed); err != nil || failed != 0 {
			t.Fatalf("failed_logins after success = %d, %v", failed, err)
		}
	})
}

func TestLockAfterFiveWrongPasswords(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		u := f.user(t, "wang.wu", goodPW, access.RoleStaff)
		n := f.auditCount(t)

		for i := 1; i <= 4; i++ {
			_, _, err := f.login("wang.wu", "Wrong#"+strconv.Itoa(i))
			wantCode(t, err, fault.Unauthorized)
			f.clock.Advance(time.Second)
		}
		_, _, err := f.login("wang.wu", "Wrong#5")
		wantCode(t, err, fault.Locked)
		lockedAt := f.clock.Now()
		until := lockedAt.Add(access.DefaultPolicy.LockFor)
		if want := until.In(access.Shanghai).Format("15:04"); !strings.Contains(err.Error(), want) {
			t.Fatalf("lock message %q does not say until %s", err, want)
		}
		got, err := f.svc.GetUser(f.ctx, u.ID)
		if err != nil || !got.Locked || !got.LockedUntil.Equal(until) {
			t.Fatalf("user after lock: %+v %v", got, err)
		}

		// The right password during the lock is refused.
		f.clock.Advance(access.DefaultPolicy.LockFor - time.Minute)
		_, _, err = f.login("wang.wu", goodPW)
		wantCode(t, err, fault.Locked)

		want := []string{"auth.login_failed", "auth.login_failed", "auth.login_failed", "auth.login_failed", "auth.login_failed", "auth.lock", "auth.login_failed"}
		log := f.auditLog(t)[n:]
		var actions []string
		for _, r := range log {
			actions = append(actions, r.Action)
		}
		if !equalStrings(actions, want) {
			t.Fatalf("audit actions %v, want %v", actions, want)
		}
		if !strings.Contains(log[4].Detail, `"attempt":5`) || !strings.Contains(log[5].Detail, `"attempts":5`) || !strings.Contains(log[6].Detail, "locked") {
			t.Fatalf("audit details: %+v", log[4:])
		}

		// When the lock has run out, the right password works again, and a
		// single wrong one does not lock at once.
		f.clock.t = until.Add(time.Second)
		_, _, err = f.login("wang.wu", "Wrong#6")
		wantCode(t, err, fault.Unauthorized)
		f.mustLogin(t, "wang.wu", goodPW)
		got, _ = f.svc.GetUser(f.ctx, u.ID)
		if got.Locked || !got.LockedUntil.IsZero() {
			t.Fatalf("still locked after a successful login: %+v", got)
		}
	})
}

func TestLockPolicyIsTunable(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.svc.Policy = access.Policy{LockAttempts: 2, LockFor: time.Hour, IdleTimeout: time.Minute}
		f.user(t, "zhao.liu", goodPW, access.RoleStaff)
		_, _, err := f.login("zhao.liu", "Wrong#1")
		wantCode(t, err, fault.Unauthorized)
		_, _, err = f.login("zhao.liu", "Wrong#2")
		wantCode(t, err, fault.Locked)
		f.clock.Advance(59 * time.Minute)
		_, _, err = f.login("zhao.liu", goodPW)
		wantCode(t, err, fault.Locked)
		f.clock.Advance(time.Minute)
		f.mustLogin(t, "zhao.liu", goodPW)
	})
}

func TestUnlock(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		u := f.user(t, "sun.qi", goodPW, access.RoleStaff)
		for i := 0; i < access.DefaultPolicy.LockAttempts; i++ {
			f.login("sun.qi", "Wrong#pw1")
		}
		_, _, err := f.login("sun.qi", goodPW)
		wantCode(t, err, fault.Locked)
		n := f.auditCount(t)
		if err := f.svc.Unlock(f.ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if got := f.actionsSince(t, n); !equalStrings(got, []string{"auth.unlock"}) {
			t.Fatalf("audit %v", got)
		}
		f.mustLogin(t, "sun.qi", goodPW)
		wantCode(t, f.svc.Unlock(f.ctx, 99999), fault.NotFound)
	})
}

func TestSessionIdleTimeout(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.user(t, "zhou.ba", goodPW, access.RoleStaff)
		tok, _ := f.mustLogin(t, "zhou.ba", goodPW)
		idle := access.DefaultPolicy.IdleTimeout

		// Use keeps the session alive beyond the idle limit in total.
		for i := 0; i < 3; i++ {
			f.clock.Advance(idle - time.Minute)
			if _, err := f.svc.Session(f.ctx, tok); err != nil {
				t.Fatalf("session died while in use (step %d): %v", i, err)
			}
		}
		p, _ := f.svc.Session(f.ctx, tok)
		list, err := f.svc.Sessions(f.ctx, p)
		if err != nil || len(list) != 1 || !list[0].Current || list[0].IP != "10.0.0.7" || len(list[0].ID) != 16 {
			t.Fatalf("Sessions: %+v %v", list, err)
		}
		// Left alone longer than the limit, it expires.
		f.clock.Advance(idle + time.Second)
		_, err = f.svc.Session(f.ctx, tok)
		wantCode(t, err, fault.Unauthorized)
		list, err = f.svc.Sessions(f.ctx, p)
		if err != nil || len(list) != 0 {
			t.Fatalf("expired session still listed: %+v %v", list, err)
		}
	})
}

func TestLogoutAndRevokeSession(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.user(t, "wu.jiu", goodPW, access.RoleStaff)
		tok1, p1 := f.mustLogin(t, "wu.jiu", goodPW)
		tok2, p2 := f.mustLogin(t, "wu.jiu", goodPW)
		n := f.auditCount(t)

		if err := f.svc.Logout(f.audit(p1), p1); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.Session(f.ctx, tok1)
		wantCode(t, err, fault.Unauthorized)
		if _, err := f.svc.Session(f.ctx, tok2); err != nil {
			t.Fatalf("logout ended the other session too: %v", err)
		}
		if got := f.actionsSince(t, n); !equalStrings(got, []string{"auth.logout"}) {
			t.Fatalf("audit %v", got)
		}
		if err := f.svc.Logout(f.ctx, nil); err != nil {
			t.Fatal(err)
		}

		list, err := f.svc.Sessions(f.ctx, p2)
		if err != nil || len(list) != 1 {
			t.Fatalf("Sessions: %+v %v", list, err)
		}
		wantCode(t, f.svc.RevokeSession(f.ctx, p2, "short"), fault.NotFound)
		wantCode(t, f.svc.RevokeSession(f.ctx, p2, strings.Repeat("0", 16)), fault.NotFound)
		if err := f.svc.RevokeSession(f.ctx, p2, list[0].ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Session(f.ctx, tok2)
		wantCode(t, err, fault.Unauthorized)
	})
}
