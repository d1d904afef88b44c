package store_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"troika/internal/store"
	"troika/internal/testenv"
)

func TestRebind(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"no params", "SELECT 1", "SELECT 1"},
		{"one", "SELECT * FROM t WHERE a = ?", "SELECT * FROM t WHERE a = $1"},
		{"two", "a = ? AND b = ?", "a = $1 AND b = $2"},
		{"adjacent", "(??)", "($1$2)"},
		{"single quoted", "SELECT '?' , ?", "SELECT '?' , $1"},
		{"double quoted", `SELECT "a?b" FROM t WHERE x = ?`, `SELECT "a?b" FROM t WHERE x = $1`},
		{"doubled quote", "SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1"},
		{"double inside single", `SELECT '"?', ?`, `SELECT '"?', $1`},
		{"single inside double", `SELECT "'?", ?`, `SELECT "'?", $1`},
		{"unterminated quote", "SELECT ? 'abc ?", "SELECT $1 'abc ?"},
		{"chinese", "name LIKE ? AND note = '东风?'", "name LIKE $1 AND note = '东风?'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := store.Rebind(store.Postgres, c.in); got != c.want {
				t.Errorf("Rebind(Postgres, %q) = %q, want %q", c.in, got, c.want)
			}
			if got := store.Rebind(store.SQLite, c.in); got != c.in {
				t.Errorf("Rebind(SQLite, %q) = %q, want it unchanged", c.in, got)
			}
		})
	}
}

func TestRebindManyParams(t *testing.T) {
	const n = 1234
	q := "INSERT INTO t VALUES (" + store.Placeholders(n) + ")"
	got := store.Rebind(store.Postgres, q)
	var want strings.Builder
	want.WriteString("INSERT INTO t VALUES (")
	for i := 1; i <= n; i++ {
		if i > 1 {
			want.WriteString(", ")
		}
		want.WriteString("$" + strconv.Itoa(i))
	}
	want.WriteString(")")
	if got != want.String() {
		t.Fatalf("rebinding %d params went wrong; tail: %q", n, got[len(got)-40:])
	}
	if strings.Contains(got, "?") {
		t.Fatal("a ? survived")
	}
}

func TestPlaceholders(t *testing.T) {
	for n, want := range map[int]string{-1: "", 0: "", 1: "?", 3: "?, ?, ?"} {
		if got := store.Placeholders(n); got != want {
			t.Errorf("Placeholders(%d) = %q, want %q", n, got, want)
		}
	}
}

// A question mark in a string literal is data, on both databases.
func TestRebindOnDatabase(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var lit, a, b string
		err := db.QueryRowContext(ctx, `SELECT 'why?', CAST(? AS TEXT), CAST(? AS TEXT)`, "one", "two?").Scan(&lit, &a, &b)
		if err != nil {
			t.Fatal(err)
		}
		if lit != "why?" || a != "one" || b != "two?" {
			t.Fatalf("got %q %q %q", lit, a, b)
		}
	})
}

// rebindOracle is a second, differently built implementation: tokenize with
// a regular expression (quoted strings run to the end of the text when not
// closed) and number the bare question marks.
var rebindTokens = regexp.MustCompile(`'[^']*(?:'|$)|"[^"]*(?:"|$)|\?|[^'"?]+`)

func rebindOracle(q string) string {
	var b strings.Builder
	n := 0
	for _, tok := range rebindTokens.FindAllString(q, -1) {
		if tok == "?" {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteString(tok)
	}
	return b.String()
}

func FuzzRebind(f *testing.F) {
	for _, s := range []string{
		"", "?", "??", "SELECT * FROM t WHERE a = ? AND b = ?", "'?'", `"?"`, "'it''s' ?", `'"' ? "'" ?`,
		"'unterminated ?", `"unterminated ?`, "东风 ? '西岭?'", "$1 ?", "\xff?\xfe'?", "?'?'?\"?\"?",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if got := store.Rebind(store.SQLite, q); got != q {
			t.Fatalf("SQLite rebind changed %q to %q", q, got)
		}
		got := store.Rebind(store.Postgres, q)
		if want := rebindOracle(q); got != want {
			t.Fatalf("Rebind(Postgres, %q) = %q, oracle says %q", q, got, want)
		}
		if utf8.ValidString(q) && !utf8.ValidString(got) {
			t.Fatalf("valid UTF-8 %q became invalid %q", q, got)
		}
	})
}
