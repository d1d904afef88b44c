package idcard

import (
	"testing"
	"time"
)

var now = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in     string
		number string
		birth  string
		gender Gender
		err    string
	}{
		{"11010519491231002X", "11010519491231002X", "1949-12-31", Female, ""},
		{"11010519491231002x", "11010519491231002X", "1949-12-31", Female, ""},
		{" 222401198503120010 ", "222401198503120010", "1985-03-12", Male, ""},
		{"222401850312001", "222401198503120010", "1985-03-12", Male, ""}, // 15-digit legacy
		{"110105194912310021", "", "", "", "校验码"},
		{"11010519491331002X", "", "", "", "出生日期"},
		{"110105203012310028", "", "", "", "出生日期"},
		{"1101051949123100", "", "", "", "位"},
		{"11010519491231002Y", "", "", "", "字符"},
		{"", "", "", "", "位"},
	} {
		id, err := Parse(tc.in, now)
		if tc.err != "" {
			if err == nil || !contains(err.Error(), tc.err) {
				t.Errorf("Parse(%q) error = %v, want one mentioning %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if id.Number != tc.number || id.Birth.Format("2006-01-02") != tc.birth || id.Gender != tc.gender {
			t.Errorf("Parse(%q) = %+v", tc.in, id)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestAge(t *testing.T) {
	b := time.Date(1987, 6, 15, 0, 0, 0, 0, time.UTC)
	for at, want := range map[string]int{"2022-06-14": 34, "2022-06-15": 35, "2022-12-31": 35} {
		d, _ := time.Parse("2006-01-02", at)
		if got := Age(b, d); got != want {
			t.Errorf("Age at %s = %d, want %d", at, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "222401850312001", "", "x", "000000000000000000", "99999999999999999X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := Parse(s, now)
		if err != nil {
			return
		}
		// Whatever parses is a canonical 18-character number whose own
		// check digit holds and which parses to itself.
		if len(id.Number) != 18 || CheckDigit(id.Number[:17]) != id.Number[17] {
			t.Fatalf("Parse(%q) = %q", s, id.Number)
		}
		again, err := Parse(id.Number, now)
		if err != nil || again != id {
			t.Fatalf("re-parse of %q: %+v %v", id.Number, again, err)
		}
		if id.Birth.After(now) || id.Birth.Year() < 1900 {
			t.Fatalf("birth %v", id.Birth)
		}
	})
}
