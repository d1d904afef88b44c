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

// User is an account.
type User struct {
	ID          int64     `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Role        Role      `json:"role"`
	OrgID       int64     `json:"org_id"`
	OrgName     string    `json:"org_name"`
	MustChange  bool      `json:"must_change_password"`
	Locked      bool      `json:"locked"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
	Disabled    bool      `json:"disabled"`
	CreatedAt   time.Time `json:"created_at"`
}

// NewUser is what an administrator enters to create an account.
type NewUser struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	OrgID       int64  `json:"org_id"`
	// Role may only be set from the operator's console; through the web,
	// the security administrator grants roles after the system
	// administrator has created the account.
	Role     Role   `json:"-"`
	Password string `json:"-"`
	// Ready skips the forced change at first sign-in: only for the demo
	// city, whose passwords are printed for trying the system out.
	Ready bool `json:"-"`
	// PasswordHash, when set, is stored as is: the demo city's hundreds of
	// grid-worker accounts, whose password no one is told, share one hash
	// rather than spend a second each on argon2.
	PasswordHash string `json:"-"`
}

const userCols = `u.id, u.username, u.display_name, u.role, u.org_id, o.name, u.must_change, u.locked_until, u.disabled, u.created_at`

func scanUser(sc interface{ Scan(...any) error }, now time.Time) (User, error) {
	var u User
	var locked, created int64
	var role string
	err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.OrgID, &u.OrgName, &u.MustChange, &locked, &u.Disabled, &created)
	u.Role = Role(role)
	u.LockedUntil = store.Time(locked)
	u.Locked = locked > now.UnixMilli()
	u.CreatedAt = store.Time(created)
	return u, err
}

func validUsername(s string) bool {
	if len(s) < 3 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

// CreateUser adds an account. Without a password, a random one is made and
// returned; the holder must change it at first sign-in either way.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (User, string, error) {
	var v fault.Fields
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if !validUsername(in.Username) {
		v.Add("username", i18n.T("user.field.username"), i18n.T("user.username_rule"))
	}
	if in.DisplayName == "" || utf8.RuneCountInString(in.DisplayName) > 40 {
		v.Add("display_name", i18n.T("user.field.display_name"), i18n.T("field.required_max", 40))
	}
	if in.OrgID <= 0 {
		v.Add("org_id", i18n.T("user.field.org"), i18n.T("field.required"))
	}
	if in.Role != "" && !in.Role.Valid() {
		v.Add("role", i18n.T("user.field.role"), i18n.T("field.unknown_value"))
	}
	if in.Password != "" {
		if err := ValidatePassword("password", in.Password); err != nil {
			return User{}, "", err
		}
	}
	if err := v.Err(); err != nil {
		return User{}, "", err
	}
	pw := in.Password
	if pw == "" {
		pw = RandomPassword()
	}
	hash := in.PasswordHash
	var err error
	if hash == "" {
		if hash, err = HashPassword(pw); err != nil {
			return User{}, "", err
		}
	} else {
		pw = ""
	}
	now := s.Now()
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE id = ?`, in.OrgID).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			v.Add("org_id", i18n.T("user.field.org"), i18n.T("field.not_found"))
			return v.Err()
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, password_hash, role, org_id, must_change, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			in.Username, in.DisplayName, hash, string(in.Role), in.OrgID, !in.Ready, store.Millis(now), store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			v.Add("username", i18n.T("user.field.username"), i18n.T("user.username_taken"))
			return v.Err()
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "user.create", ObjectType: "user", ObjectID: id,
			Detail: map[string]any{"username": in.Username, "display_name": in.DisplayName, "org_id": in.OrgID, "role": in.Role}})
	})
	if err != nil {
		return User{}, "", err
	}
	u, err := s.GetUser(ctx, id)
	return u, pw, err
}

// GetUser returns one account.
func (s *Service) GetUser(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = ?`, id), s.Now())
	if store.IsNoRows(err) {
		return u, fault.New(fault.NotFound, "%s", i18n.T("user.not_found"))
	}
	return u, err
}

// UserByName returns the account with username.
func (s *Service) UserByName(ctx context.Context, username string) (User, error) {
	u, err := scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.username = ?`,
		strings.ToLower(strings.TrimSpace(username))), s.Now())
	if store.IsNoRows(err) {
		return u, fault.New(fault.NotFound, "%s", i18n.T("user.not_found"))
	}
	return u, err
}

// UserFilter narrows the account list.
type UserFilter struct {
	Q      string
	Role   Role
	Limit  int
	Offset int
}

// ListUsers returns the accounts bound to organizations in the scope.
func (s *Service) ListUsers(ctx context.Context, scopePath string, f UserFilter) ([]User, int, error) {
	where := ` FROM users u JOIN orgs o ON o.id = u.org_id WHERE o.path LIKE ?`
	args := []any{ScopeLike(scopePath)}
	if f.Q != "" {
		where += ` AND (u.username LIKE ? OR u.display_name LIKE ?)`
		args = append(args, "%"+f.Q+"%", "%"+f.Q+"%")
	}
	if f.Role != "" {
		where += ` AND u.role = ?`
		args = append(args, string(f.Role))
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+userCols+where+` ORDER BY u.username LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	now := s.Now()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows, now)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// Grant sets an account's role and organization. The security
// administrator may not change their own grant.
func (s *Service) Grant(ctx context.Context, actor *Principal, userID int64, role Role, orgID int64) error {
	var v fault.Fields
	if !role.Valid() {
		v.Add("role", i18n.T("user.field.role"), i18n.T("field.unknown_value"))
	}
	if orgID <= 0 {
		v.Add("org_id", i18n.T("user.field.org"), i18n.T("field.required"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	if actor != nil && actor.UserID == userID {
		return fault.New(fault.Forbidden, "%s", i18n.T("user.grant_self"))
	}
	before, err := s.GetUser(ctx, userID)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE id = ? AND dissolved = FALSE`, orgID).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			v.Add("org_id", i18n.T("user.field.org"), i18n.T("field.not_found"))
			return v.Err()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, org_id = ?, updated_at = ? WHERE id = ?`,
			string(role), orgID, store.Millis(s.Now()), userID); err != nil {
			return err
		}
		// A changed grant takes effect now, not at the next sign-in.
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked = TRUE WHERE user_id = ?`, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "user.grant", ObjectType: "user", ObjectID: userID,
			Detail: audit.Changes(map[string]any{"role": before.Role, "org_id": before.OrgID}, map[string]any{"role": role, "org_id": orgID})})
	})
}

// ResetPassword gives the account a new random password that must be
// changed at the next sign-in, ends its sessions, and returns the password.
func (s *Service) ResetPassword(ctx context.Context, userID int64) (string, error) {
	if _, err := s.GetUser(ctx, userID); err != nil {
		return "", err
	}
	pw := RandomPassword()
	hash, err := HashPassword(pw)
	if err != nil {
		return "", err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change = TRUE, failed_logins = 0, locked_until = 0, updated_at = ? WHERE id = ?`,
			hash, store.Millis(s.Now()), userID); err != nil {
			return err
		}
		if err := revokeAll(ctx, tx, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "user.reset_password", ObjectType: "user", ObjectID: userID})
	})
	return pw, err
}

// Unlock clears a lock left by wrong passwords.
func (s *Service) Unlock(ctx context.Context, userID int64) error {
	if _, err := s.GetUser(ctx, userID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = 0, updated_at = ? WHERE id = ?`,
			store.Millis(s.Now()), userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "auth.unlock", ObjectType: "user", ObjectID: userID})
	})
}

// SetDisabled disables or re-enables an account; disabling ends its sessions
// and tokens.
func (s *Service) SetDisabled(ctx context.Context, actor *Principal, userID int64, disabled bool) error {
	if actor != nil && actor.UserID == userID {
		return fault.New(fault.Forbidden, "%s", i18n.T("user.disable_self"))
	}
	if _, err := s.GetUser(ctx, userID); err != nil {
		return err
	}
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?`, disabled, store.Millis(s.Now()), userID); err != nil {
			return err
		}
		if disabled {
			if err := revokeAll(ctx, tx, userID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Event{Action: action, ObjectType: "user", ObjectID: userID})
	})
}

// ChangePassword lets the holder replace their password.
func (s *Service) ChangePassword(ctx context.Context, userID int64, old, pw string) error {
	var hash string
	if err := s.DB.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, userID).Scan(&hash); err != nil {
		return err
	}
	var v fault.Fields
	if !CheckPassword(hash, old) {
		v.Add("old_password", i18n.T("user.field.old_password"), i18n.T("password.old_wrong"))
		return v.Err()
	}
	if old == pw {
		v.Add("password", i18n.T("user.field.password"), i18n.T("password.same_as_old"))
		return v.Err()
	}
	if err := ValidatePassword("password", pw); err != nil {
		return err
	}
	newHash, err := HashPassword(pw)
	if err != nil {
		return err
	}
	now := store.Millis(s.Now())
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change = FALSE, password_changed_at = ?, updated_at = ? WHERE id = ?`,
			newHash, now, now, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "user.change_password", ObjectType: "user", ObjectID: userID})
	})
}

// CountUsers returns how many accounts exist.
func (s *Service) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

func revokeAll(ctx context.Context, tx *store.Tx, userID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked = TRUE WHERE user_id = ?`, userID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked = TRUE WHERE user_id = ?`, userID)
	return err
}
