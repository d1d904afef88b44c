package access_test

import (
	"strings"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestPersonalTokens(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.user(t, "feng.yi", goodPW, access.RoleSecretary)
		f.user(t, "chu.er", goodPW, access.RoleSecretary)
		_, p := f.mustLogin(t, "feng.yi", goodPW)
		_, op := f.mustLogin(t, "chu.er", goodPW)

		_, _, err := f.svc.CreateToken(f.ctx, p, " ", 30)
		wantField(t, err, "name")
		_, _, err = f.svc.CreateToken(f.ctx, p, "x", 367)
		wantField(t, err, "days")
		_, _, err = f.svc.CreateToken(f.ctx, p, strings.Repeat("名", 41), 1)
		wantField(t, err, "name")

		n := f.auditCount(t)
		tk, secret, err := f.svc.CreateToken(f.audit(p), p, "  报表脚本 ", 30)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, "trk_") || !access.IsPersonalToken(secret) || tk.Name != "报表脚本" || tk.ID == 0 ||
			!tk.ExpiresAt.Equal(f.clock.Now().AddDate(0, 0, 30)) {
			t.Fatalf("token %+v secret %q", tk, secret)
		}
		var stored int
		if err := db.QueryRowContext(f.ctx, `SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?`, secret).Scan(&stored); err != nil || stored != 0 {
			t.Fatal("token secret stored in the clear")
		}
		forever, foreverSecret, err := f.svc.CreateToken(f.ctx, p, "长期", 0)
		if err != nil || !forever.ExpiresAt.IsZero() {
			t.Fatalf("no-expiry token %+v %v", forever, err)
		}

		tp, err := f.svc.TokenPrincipal(f.ctx, secret)
		if err != nil || tp.UserID != p.UserID || tp.Via != "token" || tp.SessionID != "" || tp.Role != access.RoleSecretary || tp.OrgPath != p.OrgPath {
			t.Fatalf("TokenPrincipal %+v %v", tp, err)
		}
		_, err = f.svc.TokenPrincipal(f.ctx, secret+"x")
		wantCode(t, err, fault.Unauthorized)
		list, err := f.svc.Tokens(f.ctx, p)
		if err != nil || len(list) != 2 || list[0].ID != forever.ID || list[1].ID != tk.ID || list[1].LastUsedAt.IsZero() {
			t.Fatalf("Tokens %+v %v", list, err)
		}

		// Expiry: valid on its last day, dead after.
		f.clock.Advance(30*24*time.Hour - time.Minute)
		if _, err := f.svc.TokenPrincipal(f.ctx, secret); err != nil {
			t.Fatalf("token died early: %v", err)
		}
		f.clock.Advance(2 * time.Minute)
		_, err = f.svc.TokenPrincipal(f.ctx, secret)
		wantCode(t, err, fault.Unauthorized)
		if _, err := f.svc.TokenPrincipal(f.ctx, foreverSecret); err != nil {
			t.Fatalf("no-expiry token expired: %v", err)
		}

		// Revoking: only one's own, only once.
		wantCode(t, f.svc.RevokeToken(f.ctx, op, forever.ID), fault.NotFound)
		if _, err := f.svc.TokenPrincipal(f.ctx, foreverSecret); err != nil {
			t.Fatalf("another user's revoke killed the token: %v", err)
		}
		if err := f.svc.RevokeToken(f.audit(p), p, forever.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.TokenPrincipal(f.ctx, foreverSecret)
		wantCode(t, err, fault.Unauthorized)
		wantCode(t, f.svc.RevokeToken(f.ctx, p, forever.ID), fault.NotFound)
		list, _ = f.svc.Tokens(f.ctx, p)
		if len(list) != 1 || list[0].ID != tk.ID {
			t.Fatalf("Tokens after revoke %+v", list)
		}
		if others, _ := f.svc.Tokens(f.ctx, op); len(others) != 0 {
			t.Fatalf("other user sees tokens %+v", others)
		}

		got := f.actionsSince(t, n)
		if !equalStrings(got, []string{"token.create", "token.create", "token.revoke"}) {
			t.Fatalf("audit %v", got)
		}
	})
}
