package indicator

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"troika/internal/fault"
	"troika/internal/i18n"
)

// Period is a span of calendar days [From, To), as YYYY-MM-DD strings so
// that it compares directly with the dates that ledgers store.
type Period struct {
	From  string `json:"from"`
	To    string `json:"to"` // exclusive
	Label string `json:"label"`
	Spec  string `json:"spec"` // what ParsePeriod reads back: 2022, 2022Q3, 2022-05, 2022-01-01~2022-06-30
}

const day = "2006-01-02"

// Year is a calendar year.
func Year(y int) Period {
	return Period{From: fmt.Sprintf("%04d-01-01", y), To: fmt.Sprintf("%04d-01-01", y+1),
		Label: i18n.T("period.year", y), Spec: strconv.Itoa(y)}
}

// Quarter is quarter q (1–4) of year y.
func Quarter(y, q int) Period {
	from := time.Date(y, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, time.UTC)
	return Period{From: from.Format(day), To: from.AddDate(0, 3, 0).Format(day),
		Label: i18n.T("period.quarter", y, q), Spec: fmt.Sprintf("%dQ%d", y, q)}
}

// Month is month m of year y.
func Month(y, m int) Period {
	from := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	return Period{From: from.Format(day), To: from.AddDate(0, 1, 0).Format(day),
		Label: i18n.T("period.month", y, m), Spec: from.Format("2006-01")}
}

// Range is the days from first to last, both included.
func Range(first, last time.Time) Period {
	return Period{From: first.Format(day), To: last.AddDate(0, 0, 1).Format(day),
		Label: i18n.T("period.range", first.Format(day), last.Format(day)), Spec: first.Format(day) + "~" + last.Format(day)}
}

var (
	yearRe    = regexp.MustCompile(`^(\d{4})$`)
	quarterRe = regexp.MustCompile(`^(\d{4})[Qq]([1-4])$`)
	monthRe   = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	rangeRe   = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})~(\d{4}-\d{2}-\d{2})$`)
)

// ParsePeriod reads 2022, 2022Q3, 2022-05 or 2022-01-01~2022-06-30.
func ParsePeriod(s string) (Period, error) {
	bad := func() (Period, error) {
		var v fault.Fields
		v.Add("period", i18n.T("period.field"), i18n.T("period.format"))
		return Period{}, v.Err()
	}
	if m := yearRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		if y < 1900 || y > 2200 {
			return bad()
		}
		return Year(y), nil
	}
	if m := quarterRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		if y < 1900 || y > 2200 {
			return bad()
		}
		return Quarter(y, q), nil
	}
	if m := monthRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if y < 1900 || y > 2200 || mo < 1 || mo > 12 {
			return bad()
		}
		return Month(y, mo), nil
	}
	if m := rangeRe.FindStringSubmatch(s); m != nil {
		a, err1 := time.Parse(day, m[1])
		b, err2 := time.Parse(day, m[2])
		if err1 != nil || err2 != nil || b.Before(a) || a.Year() < 1900 || b.Year() > 2200 {
			return bad()
		}
		return Range(a, b), nil
	}
	return bad()
}

// Previous is the period of the same length just before p: the previous
// year, quarter, month, or the same number of days.
func (p Period) Previous() Period {
	from, _ := time.Parse(day, p.From)
	to, _ := time.Parse(day, p.To)
	switch {
	case yearRe.MatchString(p.Spec):
		return Year(from.Year() - 1)
	case quarterRe.MatchString(p.Spec):
		prev := from.AddDate(0, -3, 0)
		return Quarter(prev.Year(), int(prev.Month()-1)/3+1)
	case monthRe.MatchString(p.Spec):
		prev := from.AddDate(0, -1, 0)
		return Month(prev.Year(), int(prev.Month()))
	}
	days := int(to.Sub(from).Hours() / 24)
	return Range(from.AddDate(0, 0, -days), from.AddDate(0, 0, -1))
}

// Months splits p into its calendar months (for trends).
func (p Period) Months() []Period {
	from, _ := time.Parse(day, p.From)
	to, _ := time.Parse(day, p.To)
	var out []Period
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); m.Before(to); m = m.AddDate(0, 1, 0) {
		out = append(out, Month(m.Year(), int(m.Month())))
	}
	return out
}

// End is the last day of the period, for "as of" counts (a pool's size on
// the last day).
func (p Period) End() string {
	to, _ := time.Parse(day, p.To)
	return to.AddDate(0, 0, -1).Format(day)
}

// FromMillis and ToMillis bound stored timestamps (Unix ms) by the period's
// days in China Standard Time.
func (p Period) FromMillis() int64 { return dayMillis(p.From) }

// ToMillis is the exclusive upper bound in Unix milliseconds.
func (p Period) ToMillis() int64 { return dayMillis(p.To) }

var cst = time.FixedZone("CST", 8*3600)

func dayMillis(d string) int64 {
	t, _ := time.ParseInLocation(day, d, cst)
	return t.UnixMilli()
}
