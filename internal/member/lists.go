package member

import (
	"strings"

	"troika/internal/i18n"
)

// Ethnicities are the 56 ethnic groups by their GB 3304 codes, in the
// standard's order; labels are in the catalog as "ethnic.<code>".
var Ethnicities = []string{
	"01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
	"11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
	"21", "22", "23", "24", "25", "26", "27", "28", "29", "30",
	"31", "32", "33", "34", "35", "36", "37", "38", "39", "40",
	"41", "42", "43", "44", "45", "46", "47", "48", "49", "50",
	"51", "52", "53", "54", "55", "56",
}

// Han and Korean are the two groups most members here belong to.
const (
	Han    = "01"
	Korean = "10" // 朝鲜族
)

// EthnicityLabel is the Chinese name of an ethnicity code.
func EthnicityLabel(code string) string {
	if code == "" {
		return ""
	}
	return i18n.T("ethnic." + code)
}

// ParseEthnicity reads a code ("10") or a name with or without 族
// ("朝鲜族", "朝鲜").
func ParseEthnicity(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	for _, c := range Ethnicities {
		if s == c {
			return c, true
		}
	}
	if len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
		return ParseEthnicity("0" + s)
	}
	for _, c := range Ethnicities {
		l := EthnicityLabel(c)
		if s == l || s+"族" == l || strings.TrimSuffix(l, "族") == s {
			return c, true
		}
	}
	return "", false
}

// Educations are the education levels, highest first; labels are in the
// catalog as "edu.<key>".
var Educations = []string{"postgrad", "bachelor", "college", "secondary", "highschool", "junior"}

// EducationLabel is the Chinese name of an education level.
func EducationLabel(key string) string {
	if key == "" {
		return ""
	}
	return i18n.T("edu." + key)
}

// educationAliases are other ways offices write the levels.
var educationAliases = map[string]string{
	"研究生": "postgrad", "博士": "postgrad", "硕士": "postgrad", "博士研究生": "postgrad", "硕士研究生": "postgrad",
	"本科": "bachelor", "大学": "bachelor", "大本": "bachelor",
	"专科": "college", "大专": "college",
	"中专": "secondary", "中技": "secondary", "技校": "secondary", "中等专科": "secondary",
	"高中": "highschool", "职高": "highschool",
	"初中": "junior", "小学": "junior", "初中及以下": "junior", "文盲": "junior",
}

// ParseEducation reads a key or a Chinese name.
func ParseEducation(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, e := range Educations {
		if s == e || s == EducationLabel(e) {
			return e, true
		}
	}
	e, ok := educationAliases[s]
	return e, ok
}

// AgeBands are the bands of the roster's age distribution, by key.
var AgeBands = []string{"to35", "36_45", "46_55", "56_60", "over60"}

// AgeBandLabel is the band's Chinese name.
func AgeBandLabel(b string) string { return i18n.T("member.age." + b) }

// ageBandBounds returns the bounds on birth_date for a band at date on:
// after < birth_date <= upTo (either may be "" for open).
func ageBandBounds(band, on string) (after, upTo string, ok bool) {
	yearsBefore := func(n int) string {
		d := mustDate(on)
		return d.AddDate(-n, 0, 0).Format(day)
	}
	switch band {
	case "to35":
		return yearsBefore(36), "", true
	case "36_45":
		return yearsBefore(46), yearsBefore(36), true
	case "46_55":
		return yearsBefore(56), yearsBefore(46), true
	case "56_60":
		return yearsBefore(61), yearsBefore(56), true
	case "over60":
		return "", yearsBefore(61), true
	}
	return "", "", false
}
