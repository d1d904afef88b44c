package access

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// Session kinds: a browser cookie or a bearer token from the login API.
const (
	KindCookie = "cookie"
	KindBearer = "bearer"
)

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// Login checks a username and password. On success it opens a session and
// returns its secret token (stored only hashed). Wrong passwords count
// toward a lock; the attempt that reaches the limit answers Locked.
func (s *Service) Login(ctx context.Context, username, password, ip, userAgent, kind string) (string, *Principal, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	ctx = audit.WithActor(ctx, audit.Actor{Name: username, IP: ip})
	badCreds := fault.New(fault.Unauthorized, "%s", i18n.T("auth.bad_credentials"))
	if username == "" || password == "" || len(username) > 64 || len(password) > 256 {
		return "", nil, badCreds
	}
	var (
		id          int64
		hash        string
		failed      int
		lockedUntil int64
		disabled    bool
	)
	err := s.DB.QueryRowContext(ctx, `SELECT id, password_hash, failed_logins, locked_until, disabled FROM users WHERE username = ?`, username).
		Scan(&id, &hash, &failed, &lockedUntil, &disabled)
	if store.IsNoRows(err) {
		CheckPassword(dummyHash, password)
		_ = audit.Log(ctx, s.DB, audit.Event{Action: "auth.login_failed", ObjectType: "user", ObjectID: username,
			Detail: map[string]string{"reason": "unknown user"}})
		return "", nil, badCreds
	}
	if err != nil {
		return "", nil, err
	}
	ctx = audit.WithActor(ctx, audit.Actor{ID: id, Name: username, IP: ip})
	now := s.Now()
	if lockedUntil > now.UnixMilli() {
		_ = audit.Log(ctx, s.DB, audit.Event{Action: "auth.login_failed", ObjectType: "user", ObjectID: id,
			Detail: map[string]string{"reason": "locked"}})
		return "", nil, lockedError(store.Time(lockedUntil))
	}
	if !CheckPassword(hash, password) {
		failed++
		var lockErr error
		err := s.DB.InTx(ctx, func(tx *store.Tx) error {
			if failed >= s.Policy.LockAttempts {
				until := now.Add(s.Policy.LockFor)
				lockErr = lockedError(until)
				if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?`, store.Millis(until), id); err != nil {
					return err
				}
				if err := audit.Record(ctx, tx, audit.Event{Action: "auth.login_failed", ObjectType: "user", ObjectID: id,
					Detail: map[string]any{"reason": "wrong password", "attempt": failed}}); err != nil {
					return err
				}
				return audit.Record(ctx, tx, audit.Event{Action: "auth.lock", ObjectType: "user", ObjectID: id,
					Detail: map[string]any{"until": until.Format(time.RFC3339), "attempts": failed}})
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?`, id); err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.Event{Action: "auth.login_failed", ObjectType: "user", ObjectID: id,
				Detail: map[string]any{"reason": "wrong password", "attempt": failed}})
		})
		if err != nil {
			return "", nil, err
		}
		if lockErr != nil {
			return "", nil, lockErr
		}
		return "", nil, badCreds
	}
	if disabled {
		_ = audit.Log(ctx, s.DB, audit.Event{Action: "auth.login_failed", ObjectType: "user", ObjectID: id,
			Detail: map[string]string{"reason": "disabled"}})
		return "", nil, fault.New(fault.Unauthorized, "%s", i18n.T("auth.disabled"))
	}
	token := RandomToken(32)
	csrf := RandomToken(24)
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, csrf, kind, ip, user_agent, created_at, last_seen_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, hashToken(token), id, csrf, kind, ip, truncate(userAgent, 200), store.Millis(now), store.Millis(now)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "auth.login", ObjectType: "user", ObjectID: id, Detail: map[string]string{"via": kind}})
	})
	if err != nil {
		return "", nil, err
	}
	p, err := s.Session(ctx, token)
	return token, p, err
}

func lockedError(until time.Time) error {
	return fault.New(fault.Locked, "%s", i18n.T("auth.locked", until.In(Shanghai).Format("15:04")))
}

// Shanghai is the zone in which times are shown.
var Shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

const principalCols = `u.id, u.username, u.display_name, u.role, u.org_id, o.name, o.path, u.must_change`

// Session returns the principal behind a session token, or Unauthorized when
// the session is unknown, revoked, idle too long or its user disabled.
func (s *Service) Session(ctx context.Context, token string) (*Principal, error) {
	if token == "" || len(token) > 100 {
		return nil, errNoSession
	}
	id := hashToken(token)
	p := &Principal{SessionID: id}
	var role string
	var lastSeen int64
	var revoked, disabled bool
	var kind string
	err := s.DB.QueryRowContext(ctx, `SELECT `+principalCols+`, s.csrf, s.kind, s.last_seen_at, s.revoked, u.disabled
		FROM sessions s JOIN users u ON u.id = s.user_id JOIN orgs o ON o.id = u.org_id WHERE s.id = ?`, id).
		Scan(&p.UserID, &p.Username, &p.DisplayName, &role, &p.OrgID, &p.OrgName, &p.OrgPath, &p.MustChange, &p.CSRF, &kind, &lastSeen, &revoked, &disabled)
	if store.IsNoRows(err) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if revoked || disabled || now.Sub(store.Time(lastSeen)) > s.Policy.IdleTimeout {
		return nil, errNoSession
	}
	p.Role = Role(role)
	p.Via = kind
	// Writing on every request would serialize reads behind the one SQLite
	// writer; a minute's precision is plenty for a 30-minute idle limit.
	if now.Sub(store.Time(lastSeen)) > time.Minute {
		_, _ = s.DB.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ?`, store.Millis(now), id)
	}
	return p, nil
}

var errNoSession = fault.New(fault.Unauthorized, "%s", i18n.T("auth.required"))

// Logout revokes the session.
func (s *Service) Logout(ctx context.Context, p *Principal) error {
	if p == nil || p.SessionID == "" {
		return nil
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked = TRUE WHERE id = ?`, p.SessionID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "auth.logout", ObjectType: "user", ObjectID: p.UserID})
	})
}

// SessionInfo describes an open session, for the holder's own list.
type SessionInfo struct {
	ID         string    `json:"id"`
	Kind       string    `json:"kind"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	Current    bool      `json:"current"`
}

// Sessions lists the user's open sessions.
func (s *Service) Sessions(ctx context.Context, p *Principal) ([]SessionInfo, error) {
	cutoff := store.Millis(s.Now().Add(-s.Policy.IdleTimeout))
	rows, err := s.DB.QueryContext(ctx, `SELECT id, kind, ip, user_agent, created_at, last_seen_at FROM sessions
		WHERE user_id = ? AND revoked = FALSE AND last_seen_at > ? ORDER BY last_seen_at DESC`, p.UserID, cutoff)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SessionInfo
	for rows.Next() {
		var si SessionInfo
		var c, l int64
		if err := rows.Scan(&si.ID, &si.Kind, &si.IP, &si.UserAgent, &c, &l); err != nil {
			return nil, err
		}
		si.CreatedAt, si.LastSeenAt = store.Time(c), store.Time(l)
		si.Current = si.ID == p.SessionID
		si.ID = si.ID[:16]
		out = append(out, si)
	}
	return out, rows.Err()
}

// RevokeSession ends one of the user's own sessions, named by the prefix
// that Sessions shows.
func (s *Service) RevokeSession(ctx context.Context, p *Principal, prefix string) error {
	if len(prefix) != 16 {
		return fault.New(fault.NotFound, "%s", i18n.T("session.not_found"))
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked = TRUE WHERE user_id = ? AND substr(id, 1, 16) = ?`, p.UserID, prefix)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "%s", i18n.T("session.not_found"))
		}
		return audit.Record(ctx, tx, audit.Event{Action: "auth.revoke_session", ObjectType: "user", ObjectID: p.UserID})
	})
}
