package member

import (
	"fmt"

	"troika/internal/idcard"
)

// MakeID builds a valid 18-digit ID number for region (6 digits) and birth
// (YYYYMMDD): n (0–499) picks the sequence digits and male the parity of
// the gender digit. The demo city, tests and benchmarks make their people
// with it.
func MakeID(region, birth string, n int, male bool) string {
	g := 2 * (n / 100 % 5)
	if male {
		g++
	}
	first17 := fmt.Sprintf("%s%s%02d%d", region, birth, n%100, g)
	return first17 + string(idcard.CheckDigit(first17))
}
