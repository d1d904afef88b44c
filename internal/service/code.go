package service

import (
	"crypto/rand"
	"math/big"
	"strings"
)

// codeAlphabet leaves out 0/O, 1/I/L so that a code read over the phone
// is not mistaken.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// codeLen characters give 31^8 ≈ 8.5e11 codes: with the public pages'
// rate limit, guessing one is hopeless.
const codeLen = 8

// NewCode returns a random tracking code.
func NewCode() string {
	b := make([]byte, codeLen)
	max := big.NewInt(int64(len(codeAlphabet)))
	for i := range b {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(err)
		}
		b[i] = codeAlphabet[n.Int64()]
	}
	return string(b)
}

// FormatCode shows a stored code as ABCD-EFGH.
func FormatCode(c string) string {
	if len(c) != codeLen {
		return c
	}
	return c[:4] + "-" + c[4:]
}

// NormalizeCode reads a tracking code as typed: case, spaces and dashes
// do not matter; ok is false unless it is a well-formed code.
func NormalizeCode(s string) (string, bool) {
	if len(s) > 32 {
		return "", false
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '－' || r == '\t':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		if r > 'Z' || !strings.ContainsRune(codeAlphabet, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	c := b.String()
	if len(c) != codeLen {
		return "", false
	}
	return c, true
}
