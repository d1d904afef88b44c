package member

import (
	"context"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/org"
	"troika/internal/store"
)

// Counter counts the members on the roll per organization, for the tree.
func (s *Service) Counter() org.Counter {
	return org.Counter{Label: "member.counter", Count: func(ctx context.Context, rootPath string) (map[int64]int, error) {
		// Grouped by the path copy, which the scope index holds; a path's
		// last segment is the organization's id.
		rows, err := s.DB.QueryContext(ctx, `SELECT m.org_path, COUNT(*) FROM members m
			WHERE m.org_path LIKE ? AND m.status IN ('active', 'transferring') GROUP BY m.org_path`, access.ScopeLike(rootPath))
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := map[int64]int{}
		for rows.Next() {
			var path string
			var n int
			if err := rows.Scan(&path, &n); err != nil {
				return nil, err
			}
			out[org.PathID(path)] += n
		}
		return out, rows.Err()
	}}
}

// Count is a labelled count of a distribution.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Distribution is how the members on the roll of a scope divide on a date.
type Distribution struct {
	OrgID     int64   `json:"org_id"`
	On        string  `json:"on"`
	Total     int     `json:"total"`
	Age       []Count `json:"age"`
	Ethnicity []Count `json:"ethnicity"`
	Education []Count `json:"education"`
	Gender    []Count `json:"gender"`
}

// Distribution counts the members on the roll of orgID's subtree (in the
// principal's scope; 0 for their own organization) on date on (YYYY-MM-DD,
// "" for today) by age band, ethnicity, education and gender.
func (s *Service) Distribution(ctx context.Context, p *access.Principal, orgID int64, on string) (Distribution, error) {
	if orgID == 0 {
		orgID = p.OrgID
	}
	if on == "" {
		on = s.today()
	}
	if mustDate(on).IsZero() {
		return Distribution{}, dateErr("on")
	}
	var path string
	if err := s.DB.QueryRowContext(ctx, `SELECT path FROM orgs WHERE id = ? AND path LIKE ?`, orgID, p.ScopeLike()).Scan(&path); err != nil {
		return Distribution{}, orgNotFound(err)
	}
	d := Distribution{OrgID: orgID, On: on}
	// On the roll at the end of day "on": entered by then, not left.
	next := mustDate(on).AddDate(0, 0, 1).Format(day)
	base := inScope + ` AND ` + onRollAt
	args := []any{access.ScopeLike(path), next, next}
	// Ages: one pass with a CASE on the birth-date bounds of each band.
	bandCase := `CASE`
	var bandArgs []any
	for _, b := range AgeBands {
		after, upTo, _ := ageBandBounds(b, on)
		cond := "1 = 1"
		var a []any
		switch {
		case after != "" && upTo != "":
			cond, a = "m.birth_date > ? AND m.birth_date <= ?", []any{after, upTo}
		case after != "":
			cond, a = "m.birth_date > ?", []any{after}
		case upTo != "":
			cond, a = "m.birth_date <= ?", []any{upTo}
		}
		bandCase += ` WHEN ` + cond + ` THEN '` + b + `'`
		bandArgs = append(bandArgs, a...)
	}
	bandCase += ` END`
	groups := []struct {
		expr  string
		args  []any
		keys  []string
		label func(string) string
		out   *[]Count
	}{
		{bandCase, bandArgs, AgeBands, AgeBandLabel, &d.Age},
		{"m.ethnicity", nil, Ethnicities, EthnicityLabel, &d.Ethnicity},
		{"m.education", nil, append(append([]string{}, Educations...), ""), educationOrUnknown, &d.Education},
		{"m.gender", nil, []string{"male", "female"}, genderLabel, &d.Gender},
	}
	for gi, g := range groups {
		counts := map[string]int{}
		rows, err := s.DB.QueryContext(ctx, `SELECT `+g.expr+`, COUNT(*) `+base+` GROUP BY 1`, append(append([]any{}, g.args...), args...)...)
		if err != nil {
			return d, err
		}
		for rows.Next() {
			var k *string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return d, err
			}
			key := ""
			if k != nil {
				key = *k
			}
			counts[key] += n
			if gi == 0 {
				d.Total += n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return d, err
		}
		for _, k := range g.keys {
			// Every age band, gender and education level is listed, zeros
			// included; of the 56 ethnicities only those present.
			if counts[k] == 0 && gi == 1 {
				continue
			}
			if k == "" && counts[k] == 0 {
				continue
			}
			*g.out = append(*g.out, Count{Key: k, Label: g.label(k), Count: counts[k]})
		}
	}
	return d, nil
}

func educationOrUnknown(k string) string {
	if k == "" {
		return i18n.T("member.unknown")
	}
	return EducationLabel(k)
}

func genderLabel(k string) string { return idcard.Gender(k).Label() }

func dateErr(field string) error {
	var v fault.Fields
	v.Add(field, label(field), i18n.T("field.date_format"))
	return v.Err()
}

func orgNotFound(err error) error {
	if store.IsNoRows(err) {
		return fault.New(fault.NotFound, "%s", i18n.T("org.not_found"))
	}
	return err
}
