package service

import (
	"fmt"
	"strconv"
	"strings"
)

// maxFen bounds money amounts: 10 亿元 is beyond any single service project.
const maxFen = 100_000_000_000

// ParseYuan reads an amount in 元 with at most two decimals ("1200",
// "35.5", "1,200.00") into fen.
func ParseYuan(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	s = strings.ReplaceAll(s, "，", "")
	if s == "" || len(s) > 16 || strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") {
		return 0, false
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || (hasFrac && (frac == "" || len(frac) > 2)) {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > maxFen/100 {
		return 0, false
	}
	f := int64(0)
	if hasFrac {
		for len(frac) < 2 {
			frac += "0"
		}
		f, _ = strconv.ParseInt(frac, 10, 64)
	}
	fen := w*100 + f
	return fen, fen <= maxFen
}

// Yuan renders fen as 元 with two decimals: 123456 → "1234.56".
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}
