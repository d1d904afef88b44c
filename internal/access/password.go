package access

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"troika/internal/fault"
	"troika/internal/i18n"
)

// argon2id parameters: OWASP's 19 MiB / 2 passes / 1 lane. Small enough
// that a burst of sign-ins does not exhaust memory on a 2-core server.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32

	// Bounds on the parameters CheckPassword accepts from a stored hash:
	// well above what HashPassword writes, well below what would exhaust
	// the server.
	maxArgonMemory  = 256 * 1024
	maxArgonTime    = 10
	maxArgonThreads = 16
)

// HashPassword returns an encoded argon2id hash with a random salt.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the encoded hash.
func CheckPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	// argon2 panics on zero passes, lanes or key length, and a damaged
	// stored hash must not make it allocate gigabytes.
	if t < 1 || t > maxArgonTime || p < 1 || p > maxArgonThreads || m > maxArgonMemory {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 64 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when the user does not exist, so that a
// wrong username costs the same time as a wrong password.
var dummyHash, _ = HashPassword("troika-dummy-password-1")

// ValidatePassword applies the policy: at least 8 characters, at most 128,
// with at least three of lower case, upper case, digits and symbols.
func ValidatePassword(field, pw string) error {
	var v fault.Fields
	label := i18n.T("user.field.password")
	n := utf8.RuneCountInString(pw)
	if n < 8 {
		v.Add(field, label, i18n.T("password.too_short"))
		return v.Err()
	}
	if n > 128 {
		v.Add(field, label, i18n.T("password.too_long"))
		return v.Err()
	}
	var lower, upper, digit, other bool
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	if classes < 3 {
		v.Add(field, label, i18n.T("password.too_simple"))
	}
	return v.Err()
}

// RandomPassword returns a password that satisfies the policy, for new
// accounts whose holder must change it at first sign-in.
func RandomPassword() string {
	const lower = "abcdefghijkmnpqrstuvwxyz"
	const upper = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	const digits = "23456789"
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	out := make([]byte, 12)
	for i := range out {
		set := lower
		switch i % 4 {
		case 1:
			set = upper
		case 2:
			set = digits
		}
		out[i] = set[int(b[i])%len(set)]
	}
	out[11] = '#'
	return string(out)
}

// RandomToken returns n random bytes, URL-safe encoded.
func RandomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
