package event

import (
	"context"
	"strings"
	"time"
	"unicode"

	"troika/internal/store"
)

// DuplicateWindow is how far back an open case may be the same one.
const DuplicateWindow = 72 * time.Hour

// duplicates lists open cases in scope that may be the same as e: the same
// category and place (organization, and grid when both have one), reported
// within DuplicateWindow of it, and a place text that is close. e is in sc.
func (s *Service) duplicates(ctx context.Context, sc scope, e Event) ([]Event, error) {
	lo, hi := store.Millis(e.ReportedAt.Add(-DuplicateWindow)), store.Millis(e.ReportedAt.Add(DuplicateWindow))
	// The candidates are in e's organization, which is in scope: of the
	// scope only a grid worker's grids (sc.Extra) are left to check. (Its
	// organization path test, a LIKE with a bound pattern, would make
	// SQLite plan the statement anew on every run.) "+e.category_id": the
	// candidates are found by organization and time (events_org); without
	// statistics SQLite would otherwise take events_category and read every
	// open case of the category in the window, city-wide, for each report.
	rows, err := store.Kept.QueryContext(ctx, s.DB, `SELECT `+cols+fromSQL+` WHERE e.org_id = ? AND +e.category_id = ? AND e.id <> ?
		AND e.status <> 'closed' AND e.reported_at >= ? AND e.reported_at <= ?`+sc.Extra+` ORDER BY e.reported_at DESC LIMIT 20`,
		append([]any{e.OrgID, e.CategoryID, e.ID, lo, hi}, sc.Args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		x, err := scan(rows, s.now())
		if err != nil {
			return nil, err
		}
		if e.GridID > 0 && x.GridID > 0 && e.GridID != x.GridID {
			continue
		}
		if ClosePlaces(e.Place, x.Place) {
			out = append(out, x)
		}
	}
	return out, rows.Err()
}

// ClosePlaces reports whether two place descriptions likely name the same
// spot: equal once spaces and punctuation are dropped, one containing the
// other, or sharing a run of at least four characters (光明街12号楼 and
// 光明街12号楼东侧单元门口).
func ClosePlaces(a, b string) bool {
	ra, rb := placeRunes(a), placeRunes(b)
	if len(ra) == 0 || len(rb) == 0 {
		return false
	}
	sa, sb := string(ra), string(rb)
	if strings.Contains(sa, sb) || strings.Contains(sb, sa) {
		return true
	}
	const run = 4
	if len(ra) < run || len(rb) < run {
		return false
	}
	for i := 0; i+run <= len(ra); i++ {
		if strings.Contains(sb, string(ra[i:i+run])) {
			return true
		}
	}
	return false
}

func placeRunes(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			continue
		}
		out = append(out, unicode.ToLower(r))
	}
	if len(out) > 200 {
		out = out[:200]
	}
	return out
}
