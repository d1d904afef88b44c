package access

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// tokenPrefix marks personal access tokens so they are easy to spot in a
// leaked file and cannot be mistaken for session tokens.
const tokenPrefix = "trk_"

// Token is a personal access token as its holder sees it (never the secret).
type Token struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	ExpiresAt  time.Time `json:"expires_at,omitzero"`
}

// CreateToken makes a personal access token for scripts; the secret is
// returned once and stored only hashed.
func (s *Service) CreateToken(ctx context.Context, p *Principal, name string, days int) (Token, string, error) {
	var v fault.Fields
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 40 {
		v.Add("name", i18n.T("token.field.name"), i18n.T("field.required_max", 40))
	}
	if days < 0 || days > 366 {
		v.Add("days", i18n.T("token.field.days"), i18n.T("field.range", 0, 366))
	}
	if err := v.Err(); err != nil {
		return Token{}, "", err
	}
	secret := tokenPrefix + RandomToken(30)
	now := s.Now()
	t := Token{Name: name, CreatedAt: now}
	if days > 0 {
		t.ExpiresAt = now.AddDate(0, 0, days)
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			p.UserID, name, hashToken(secret), store.Millis(now), store.Millis(t.ExpiresAt)).Scan(&t.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "token.create", ObjectType: "api_token", ObjectID: t.ID, Detail: map[string]any{"name": name, "days": days}})
	})
	return t, secret, err
}

// Tokens lists the holder's live tokens.
func (s *Service) Tokens(ctx context.Context, p *Principal) ([]Token, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name, created_at, last_used_at, expires_at FROM api_tokens
		WHERE user_id = ? AND revoked = FALSE ORDER BY id DESC`, p.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var c, l, e int64
		if err := rows.Scan(&t.ID, &t.Name, &c, &l, &e); err != nil {
			return nil, err
		}
		t.CreatedAt, t.LastUsedAt, t.ExpiresAt = store.Time(c), store.Time(l), store.Time(e)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of the holder's tokens.
func (s *Service) RevokeToken(ctx context.Context, p *Principal, id int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked = TRUE WHERE id = ? AND user_id = ? AND revoked = FALSE`, id, p.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "%s", i18n.T("token.not_found"))
		}
		return audit.Record(ctx, tx, audit.Event{Action: "token.revoke", ObjectType: "api_token", ObjectID: id})
	})
}

// IsPersonalToken reports whether a bearer secret is a personal access
// token rather than a login session token.
func IsPersonalToken(secret string) bool { return strings.HasPrefix(secret, tokenPrefix) }

// TokenPrincipal returns the principal behind a personal access token.
func (s *Service) TokenPrincipal(ctx context.Context, secret string) (*Principal, error) {
	if len(secret) > 100 {
		return nil, errNoSession
	}
	p := &Principal{Via: "token"}
	var role string
	var id, expires, lastUsed int64
	var revoked, disabled bool
	err := s.DB.QueryRowContext(ctx, `SELECT `+principalCols+`, t.id, t.expires_at, t.last_used_at, t.revoked, u.disabled
		FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN orgs o ON o.id = u.org_id WHERE t.token_hash = ?`, hashToken(secret)).
		Scan(&p.UserID, &p.Username, &p.DisplayName, &role, &p.OrgID, &p.OrgName, &p.OrgPath, &p.MustChange, &id, &expires, &lastUsed, &revoked, &disabled)
	if store.IsNoRows(err) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if revoked || disabled || (expires != 0 && expires < now.UnixMilli()) {
		return nil, errNoSession
	}
	p.Role = Role(role)
	if now.Sub(store.Time(lastUsed)) > time.Minute {
		_, _ = s.DB.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, store.Millis(now), id)
	}
	return p, nil
}
