// Package idcard reads resident identity card numbers (公民身份号码,
// GB 11643-1999): 18 characters with an ISO 7064 MOD 11-2 check digit, or
// the legacy 15-digit form, which it converts. It derives the birth date and
// gender that a number encodes.
package idcard

import (
	"strings"
	"time"

	"troika/internal/i18n"
)

// Gender as the number encodes it: odd sequence digit for male.
type Gender string

const (
	Male   Gender = "male"
	Female Gender = "female"
)

// Label is the Chinese name.
func (g Gender) Label() string { return i18n.T("gender." + string(g)) }

// ID is a valid identity number and what it encodes.
type ID struct {
	Number string    // 18 characters, upper-case X
	Region string    // first 6 digits: the administrative division code
	Birth  time.Time // UTC midnight
	Gender Gender
}

// Error says why a number is not valid; its message is Chinese.
type Error struct{ Reason string }

func (e *Error) Error() string { return e.Reason }

var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const checkChars = "10X98765432"

// CheckDigit returns the check character for the first 17 digits.
func CheckDigit(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * weights[i]
	}
	return checkChars[sum%11]
}

// Parse validates s (spaces trimmed, lower-case x accepted) and returns what
// it encodes. A 15-digit number is converted to 18 digits (born 19xx). now
// bounds the birth date: a number cannot be born in the future.
func Parse(s string, now time.Time) (ID, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	switch len(s) {
	case 18:
	case 15:
		if !allDigits(s) {
			return ID{}, &Error{i18n.T("idcard.chars")}
		}
		first17 := s[:6] + "19" + s[6:]
		s = first17 + string(CheckDigit(first17))
	default:
		return ID{}, &Error{i18n.T("idcard.length")}
	}
	if !allDigits(s[:17]) || !(s[17] >= '0' && s[17] <= '9' || s[17] == 'X') {
		return ID{}, &Error{i18n.T("idcard.chars")}
	}
	birth, err := time.Parse("20060102", s[6:14])
	if err != nil {
		return ID{}, &Error{i18n.T("idcard.birth")}
	}
	if birth.Year() < 1900 || birth.After(now) {
		return ID{}, &Error{i18n.T("idcard.birth")}
	}
	if CheckDigit(s[:17]) != s[17] {
		return ID{}, &Error{i18n.T("idcard.check")}
	}
	id := ID{Number: s, Region: s[:6], Birth: birth, Gender: Female}
	if (s[16]-'0')%2 == 1 {
		id.Gender = Male
	}
	return id, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// AgeAt returns the age in whole years on day at.
func (id ID) AgeAt(at time.Time) int {
	return Age(id.Birth, at)
}

// Age returns whole years from birth to at.
func Age(birth, at time.Time) int {
	years := at.Year() - birth.Year()
	if at.Month() < birth.Month() || at.Month() == birth.Month() && at.Day() < birth.Day() {
		years--
	}
	return years
}
