// Package service keeps the ledgers of serving the masses (为民服务): the
// 为民服务实事项目 an organization establishes, with goal, owner, budget,
// milestones and completion evidence; and the 微心愿 of residents, from a
// resident's public page (or a grid worker's form) through publication to
// the members in scope, one claim with a deadline, fulfilment with a note
// and a photo, to the resident's own confirmation by tracking code.
package service

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/personal"
	"troika/internal/store"
)

// Service applies the rules of the service ledgers.
type Service struct {
	DB     *store.DB
	Keys   *personal.Keyring
	Now    func() time.Time
	Photos *PhotoStore
	// Public limits what one client address may do on the public pages.
	Public *Limiter
}

// NewService returns a service on db; photos of fulfilled wishes are kept
// under dataDir/wish-photos.
func NewService(db *store.DB, keys *personal.Keyring, dataDir string) *Service {
	if dataDir == "" {
		// No data directory (tests): the system's temporary one stands in.
		dataDir = filepath.Join(os.TempDir(), "troika-data")
	}
	s := &Service{DB: db, Keys: keys, Now: func() time.Time { return time.Now().UTC() },
		Photos: &PhotoStore{Dir: filepath.Join(dataDir, "wish-photos")}}
	s.Public = NewLimiter(4096, func() time.Time { return s.Now() })
	return s
}

const day = "2006-01-02"

// today is the calendar date where the users are.
func (s *Service) today() string { return s.Now().In(access.Shanghai).Format(day) }

// Today is today's date in Shanghai, for pages.
func (s *Service) Today() string { return s.today() }

// checkDate reads a date field; future dates are refused unless allowed.
func (s *Service) checkDate(v *fault.Fields, field, label, val string, required, future bool) string {
	val = strings.TrimSpace(val)
	if val == "" {
		if required {
			v.Add(field, label, i18n.T("field.required"))
		}
		return ""
	}
	if _, err := time.Parse(day, val); err != nil {
		v.Add(field, label, i18n.T("field.date_format"))
		return ""
	}
	if !future && val > s.today() {
		v.Add(field, label, i18n.T("field.date_future"))
		return ""
	}
	return val
}

func checkText(v *fault.Fields, field, label string, val *string, max int, required bool) {
	*val = strings.TrimSpace(*val)
	switch {
	case *val == "" && required:
		v.Add(field, label, i18n.T("field.required"))
	case utf8.RuneCountInString(*val) > max:
		v.Add(field, label, i18n.T("field.max_len", max))
	}
}

// checkOrg checks that an organization exists under scopeLike and is live.
func checkOrg(ctx context.Context, q store.Querier, scopeLike string, id int64, v *fault.Fields, field, label string) error {
	if id <= 0 {
		v.Add(field, label, i18n.T("field.choose"))
		return nil
	}
	var dissolved bool
	err := q.QueryRowContext(ctx, `SELECT dissolved FROM orgs WHERE id = ? AND path LIKE ?`, id, scopeLike).Scan(&dissolved)
	switch {
	case store.IsNoRows(err):
		v.Add(field, label, i18n.T("field.not_found"))
	case err != nil:
		return err
	case dissolved:
		v.Add(field, label, i18n.T("service.org_dissolved"))
	}
	return nil
}

// escapeLike drops LIKE wildcards from user input.
func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

func trimQ(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 50 {
		s = string([]rune(s)[:50])
	}
	return s
}

// townLike is the LIKE pattern of the township (or street) that holds the
// organization at path: the subtree of the path's second level. A member
// sees and claims the wishes published there.
func townLike(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) >= 2 {
		return "/" + parts[0] + "/" + parts[1] + "/%"
	}
	return access.ScopeLike(path)
}
