package access_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
)

func TestHashAndCheckPassword(t *testing.T) {
	const pw = "Dongfeng#2024"
	h1, err := access.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h1, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected encoding %q", h1)
	}
	if strings.Contains(h1, pw) {
		t.Fatal("hash contains the password")
	}
	h2, err := access.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if h1 == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, h := range []string{h1, h2} {
		if !access.CheckPassword(h, pw) {
			t.Fatalf("CheckPassword(%q, right) = false", h)
		}
	}
	for _, wrong := range []string{"", "dongfeng#2024", "Dongfeng#2024 ", "Dongfeng#202"} {
		if access.CheckPassword(h1, wrong) {
			t.Errorf("CheckPassword accepted %q", wrong)
		}
	}
	// Unicode passwords work byte for byte.
	hz, _ := access.HashPassword("东风党建Ab1")
	if !access.CheckPassword(hz, "东风党建Ab1") || access.CheckPassword(hz, "东风党建Ab2") {
		t.Error("unicode password check is wrong")
	}
}

func TestCheckPasswordRejectsMalformed(t *testing.T) {
	good, _ := access.HashPassword("Good#Pass1")
	parts := strings.Split(good, "$")
	salt, key := parts[4], parts[5]
	b64 := base64.RawStdEncoding.EncodeToString
	for name, enc := range map[string]string{
		"empty":          "",
		"plain text":     "Good#Pass1",
		"bcrypt":         "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
		"argon2i":        "$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key,
		"other version":  "$argon2id$v=16$m=19456,t=2,p=1$" + salt + "$" + key,
		"too few parts":  "$argon2id$v=19$m=19456,t=2,p=1$" + salt,
		"bad params":     "$argon2id$v=19$m=x,t=2,p=1$" + salt + "$" + key,
		"bad salt":       "$argon2id$v=19$m=19456,t=2,p=1$!!!$" + key,
		"bad key":        "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$!!!",
		"changed params": "$argon2id$v=19$m=19456,t=3,p=1$" + salt + "$" + key,
		"empty key":      "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$",
		"short key":      "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + b64([]byte("abcd")),
		"zero passes":    "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + key,
		"zero lanes":     "$argon2id$v=19$m=19456,t=2,p=0$" + salt + "$" + key,
		"huge memory":    "$argon2id$v=19$m=4294967295,t=2,p=1$" + salt + "$" + key,
		"many passes":    "$argon2id$v=19$m=19456,t=4294967295,p=1$" + salt + "$" + key,
		"lanes overflow": "$argon2id$v=19$m=19456,t=2,p=300$" + salt + "$" + key,
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if v := recover(); v != nil {
					t.Fatalf("CheckPassword panicked: %v", v)
				}
			}()
			if access.CheckPassword(enc, "Good#Pass1") {
				t.Fatalf("CheckPassword(%q) accepted the password", enc)
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	label := i18n.T("user.field.password")
	for _, c := range []struct {
		pw   string
		want string // catalog key of the message, "" when valid
	}{
		{"", "password.too_short"},
		{"Ab1!", "password.too_short"},
		{"Abcde1!", "password.too_short"}, // 7
		{"Abcdef1!", ""},                  // 8, four classes
		{"abcdefgh", "password.too_simple"},
		{"abcdefg1", "password.too_simple"},
		{"ABCDEFG1", "password.too_simple"},
		{"abcdefG1", ""},
		{"abcdef1!", ""},
		{"ABCDEF1!", ""},
		{"abcDEF!!", ""},
		{"密码密码密码密码", "password.too_simple"},
		{"密码密码密码12", "password.too_simple"}, // symbols and digits: two classes
		{"密码密码Ab12", ""},                    // Chinese counts as a symbol
		{strings.Repeat("Ab1!", 32), ""},    // 128
		{strings.Repeat("Ab1!", 32) + "x", "password.too_long"},
		{strings.Repeat("密", 6) + "A", "password.too_short"}, // 7 runes, 19 bytes,
	} {
		err := access.ValidatePassword("new_password", c.pw)
		if c.want == "" {
			if err != nil {
				t.Errorf("ValidatePassword(%q) = %v, want ok", c.pw, err)
			}
			continue
		}
		fe, ok := fault.As(err)
		if !ok || fe.Code != fault.Invalid || len(fe.Fields) != 1 {
			t.Errorf("ValidatePassword(%q) = %#v, want one field error", c.pw, err)
			continue
		}
		f := fe.Fields[0]
		if f.Field != "new_password" || f.Label != label || f.Message != i18n.T(c.want) {
			t.Errorf("ValidatePassword(%q) field = %+v, want new_password/%s/%s", c.pw, f, label, i18n.T(c.want))
		}
		// The message a user reads names the field, in Chinese.
		if msg := err.Error(); !strings.Contains(msg, "「"+label+"」") || !strings.Contains(msg, i18n.T(c.want)) {
			t.Errorf("message %q does not name the field", msg)
		}
	}
}

func TestRandomPasswordPassesPolicy(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 2000; i++ {
		pw := access.RandomPassword()
		if err := access.ValidatePassword("password", pw); err != nil {
			t.Fatalf("RandomPassword() = %q fails the policy: %v", pw, err)
		}
		if len(pw) != 12 {
			t.Fatalf("RandomPassword() = %q, want 12 characters", pw)
		}
		// No look-alike characters for passwords read out or written down.
		if strings.ContainsAny(pw, "lIO01") {
			t.Fatalf("RandomPassword() = %q holds a look-alike character", pw)
		}
		seen[pw] = true
	}
	if len(seen) < 1990 {
		t.Fatalf("only %d distinct passwords of 2000", len(seen))
	}
}

func TestRandomToken(t *testing.T) {
	a, b := access.RandomToken(32), access.RandomToken(32)
	if a == b || len(a) != 43 {
		t.Fatalf("RandomToken: %q %q", a, b)
	}
	if _, err := base64.RawURLEncoding.DecodeString(a); err != nil {
		t.Fatalf("not URL-safe base64: %v", err)
	}
}

func FuzzCheckPassword(f *testing.F) {
	good, _ := access.HashPassword("Good#Pass1")
	for _, s := range []string{
		good, "", "$", "$$$$$", "$argon2id$v=19$m=19456,t=2,p=1$$",
		"$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$c2FsdHNhbHRzYWx0c2FsdA",
		"$argon2id$v=19$m=19456,t=0,p=1$c2FsdHNhbHQ$c2FsdHNhbHRzYWx0c2FsdA",
		"$argon2id$v=19$m=19456,t=1,p=0$c2FsdHNhbHQ$c2FsdHNhbHRzYWx0c2FsdA",
		"$argon2id$v=19$m=19456,t=1,p=1$c2FsdHNhbHQ$",
	} {
		f.Add(s, "Good#Pass1")
	}
	f.Fuzz(func(t *testing.T, encoded, pw string) {
		ok := access.CheckPassword(encoded, pw)
		if ok && encoded != good {
			// Only a well-formed argon2id encoding may ever match.
			if !strings.HasPrefix(encoded, "$argon2id$v=19$") {
				t.Fatalf("CheckPassword(%q, %q) matched", encoded, pw)
			}
		}
	})
}
