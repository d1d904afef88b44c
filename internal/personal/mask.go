package personal

import (
	"strings"
	"unicode/utf8"
)

// MaskID keeps the first four and last four characters of an identity
// number: 2224**********1234.
func MaskID(n string) string {
	if len(n) <= 8 {
		return strings.Repeat("*", len(n))
	}
	return n[:4] + strings.Repeat("*", len(n)-8) + n[len(n)-4:]
}

// MaskPhone keeps the first three and last four digits: 138****5678.
func MaskPhone(p string) string {
	if len(p) <= 7 {
		return strings.Repeat("*", len(p))
	}
	return p[:3] + strings.Repeat("*", len(p)-7) + p[len(p)-4:]
}

// MaskName keeps the surname: 金**. Used where even names are not to be
// shown, such as a sealed reporter.
func MaskName(n string) string {
	if n == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(n)
	return string(r) + strings.Repeat("*", utf8.RuneCountInString(n[size:]))
}

// NormalizePhone removes spaces and dashes; ok is false unless the result is
// an 11-digit mobile number (1xxxxxxxxxx) or a landline with area code
// (0xxxxxxxxx, 10–12 digits).
func NormalizePhone(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '－':
		default:
			return "", false
		}
	}
	p := b.String()
	switch {
	case len(p) == 11 && p[0] == '1':
		return p, true
	case len(p) >= 10 && len(p) <= 12 && p[0] == '0':
		return p, true
	}
	return "", false
}
