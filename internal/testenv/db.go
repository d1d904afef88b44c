// Package testenv gives tests real databases and a real browser: a fresh,
// migrated SQLite file for every test, and a fresh PostgreSQL database on
// the server that the test command starts (TROIKA_TEST_PG). With
// TROIKA_REQUIRE_PG=1 a missing server fails the test rather than skipping.
package testenv

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"troika/internal/store"
)

var (
	sqliteOnce sync.Once
	sqliteTmpl string
	sqliteErr  error

	pgOnce sync.Once
	pgTmpl string
	pgErr  error
	pgSeq  atomic.Int64
)

// templateDir holds this process's migrated template databases.
var templateDir = func() string {
	d, err := os.MkdirTemp("", "troika-test-")
	if err != nil {
		panic(err)
	}
	return d
}()

// SQLite returns a fresh migrated SQLite database for t.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	sqliteOnce.Do(func() {
		sqliteTmpl = filepath.Join(templateDir, "template.db")
		db, err := store.Open(ctx, sqliteTmpl)
		if err != nil {
			sqliteErr = err
			return
		}
		sqliteErr = db.Migrate(ctx)
		db.Close()
	})
	if sqliteErr != nil {
		t.Fatalf("sqlite template: %v", sqliteErr)
	}
	path := filepath.Join(t.TempDir(), "troika.db")
	if err := copyFile(sqliteTmpl, path); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// PostgresURL is the server's admin URL, or "" when none is configured.
func PostgresURL() string { return os.Getenv("TROIKA_TEST_PG") }

func requirePG() bool { return os.Getenv("TROIKA_REQUIRE_PG") == "1" }

func withDB(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + name
	return u.String()
}

// Postgres returns a fresh migrated PostgreSQL database for t, cloned from a
// template migrated once per process. It skips when no server is
// configured, unless TROIKA_REQUIRE_PG=1.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	admin := PostgresURL()
	if admin == "" {
		if requirePG() {
			t.Fatal("TROIKA_REQUIRE_PG=1 but TROIKA_TEST_PG is not set")
		}
		t.Skip("no PostgreSQL server (set TROIKA_TEST_PG); run the README's test command")
	}
	ctx := context.Background()
	pgOnce.Do(func() {
		pgTmpl = fmt.Sprintf("troika_tmpl_%d", os.Getpid())
		pgErr = createDB(ctx, admin, pgTmpl, "")
		if pgErr != nil {
			return
		}
		db, err := store.Open(ctx, withDB(admin, pgTmpl))
		if err != nil {
			pgErr = err
			return
		}
		pgErr = db.Migrate(ctx)
		db.Close()
	})
	if pgErr != nil {
		t.Fatalf("postgres template: %v", pgErr)
	}
	name := fmt.Sprintf("troika_t_%d_%d", os.Getpid(), pgSeq.Add(1))
	if err := createDB(ctx, admin, name, pgTmpl); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, withDB(admin, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		_ = dropDB(context.Background(), admin, name)
	})
	return db
}

func createDB(ctx context.Context, admin, name, template string) error {
	raw, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer raw.Close()
	q := `CREATE DATABASE "` + name + `" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`
	if template != "" {
		q = `CREATE DATABASE "` + name + `" TEMPLATE "` + template + `"`
	}
	_, err = raw.ExecContext(ctx, q)
	return err
}

func dropDB(ctx context.Context, admin, name string) error {
	raw, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer raw.Close()
	_, err = raw.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
	return err
}

// Each runs fn as a subtest once per database: "sqlite" always, and
// "postgres" when a server is configured (or required).
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// DropTemplates removes this process's PostgreSQL template; call it from
// TestMain after m.Run.
func DropTemplates() {
	os.RemoveAll(templateDir)
	if admin := PostgresURL(); admin != "" && pgTmpl != "" {
		_ = dropDB(context.Background(), admin, pgTmpl)
	}
}

// Main is a TestMain body that cleans up the templates.
func Main(m *testing.M) {
	code := m.Run()
	DropTemplates()
	os.Exit(code)
}
