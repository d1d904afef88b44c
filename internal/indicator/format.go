package indicator

import (
	"fmt"
	"strconv"
	"strings"

	"troika/internal/i18n"
)

// Plain renders a value exactly, for tables: 1998, 16.45, 54.2%.
func (v Value) Plain() string {
	if v.NoData {
		return i18n.T("indicator.no_data")
	}
	switch v.Kind {
	case Money:
		return Wan(v.N)
	case Ratio:
		return Percent(v.N, v.Den)
	case Area:
		return strconv.FormatInt(v.N, 10)
	}
	return strconv.FormatInt(v.N, 10)
}

// Wan renders fen as 万元 with up to two decimals and no trailing zeros:
// 164500 00 fen → "16.45", 3000000 00 → "300".
func Wan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	// 1 万元 = 1 000 000 fen; round to 0.01 万元 = 10 000 fen.
	hundredths := (fen + 5000) / 10000
	s := fmt.Sprintf("%d.%02d", hundredths/100, hundredths%100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if neg {
		s = "-" + s
	}
	return s
}

// Percent renders n/den with one decimal, and 100% without: "54.2%".
func Percent(n, den int64) string {
	if den == 0 {
		return i18n.T("indicator.no_data")
	}
	if n == den {
		return "100%"
	}
	// One decimal, rounded half up: per-mille with rounding.
	pm := (n*2000 + den) / (2 * den)
	return fmt.Sprintf("%d.%d%%", pm/10, pm%10)
}

// About renders the seed's rounded-down approximations with 余: a value of
// 20 or more keeps its leading digit(s) and rounds down by magnitude —
// 2345 → "2000余", 156 → "150余", 57 → "50余". Smaller values stay exact.
func About(n int64) string {
	if n < 20 {
		return strconv.FormatInt(n, 10)
	}
	step := int64(10)
	for n/step >= 100 {
		step *= 10
	}
	if n >= 1000 {
		// 2345 → 2000: thousands keep one leading digit, as the seed writes
		// 2000余次 and 4000余万元.
		step = 1
		for n/step >= 10 {
			step *= 10
		}
	}
	r := n / step * step
	if r == n {
		return strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(r, 10) + i18n.T("indicator.about")
}
