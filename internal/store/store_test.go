package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"troika/internal/store"
	"troika/internal/testenv"
)

func TestMillisTimeRoundTrip(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	for _, in := range []time.Time{
		time.Date(2024, 3, 1, 12, 30, 45, 123_000_000, time.UTC),
		time.Date(2024, 3, 1, 20, 30, 45, 123_000_000, shanghai),
		time.Date(1969, 12, 31, 23, 59, 59, 1_000_000, time.UTC),
		time.Date(2099, 12, 31, 23, 59, 59, 999_000_000, time.UTC),
	} {
		ms := store.Millis(in)
		if ms != in.UnixMilli() {
			t.Errorf("Millis(%v) = %d, want %d", in, ms, in.UnixMilli())
		}
		out := store.Time(ms)
		if !out.Equal(in) {
			t.Errorf("Time(Millis(%v)) = %v", in, out)
		}
		if out.Location() != time.UTC {
			t.Errorf("Time(%d) is in %v, want UTC", ms, out.Location())
		}
	}
	// Sub-millisecond precision is dropped, not rounded.
	in := time.Date(2024, 1, 1, 0, 0, 0, 1_999_999, time.UTC)
	if got := store.Time(store.Millis(in)); !got.Equal(time.Date(2024, 1, 1, 0, 0, 0, 1_000_000, time.UTC)) {
		t.Errorf("sub-millisecond: got %v", got)
	}
	// The zero time is stored as 0 and comes back as the zero time.
	if store.Millis(time.Time{}) != 0 {
		t.Errorf("Millis(zero) = %d", store.Millis(time.Time{}))
	}
	if !store.Time(0).IsZero() {
		t.Errorf("Time(0) = %v, want zero", store.Time(0))
	}
}

func TestIsUniqueViolation(t *testing.T) {
	if store.IsUniqueViolation(nil) {
		t.Error("nil is not a unique violation")
	}
	if store.IsUniqueViolation(errors.New("boom")) {
		t.Error("a plain error is not a unique violation")
	}
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, "k", "1"); err != nil {
			t.Fatal(err)
		}
		_, err := db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, "k", "2")
		if err == nil {
			t.Fatal("duplicate key accepted")
		}
		if !store.IsUniqueViolation(err) {
			t.Fatalf("IsUniqueViolation(%v) = false", err)
		}
		// A NOT NULL violation is a different failure.
		_, err = db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, NULL)`, "other")
		if err == nil {
			t.Fatal("NULL value accepted")
		}
		if store.IsUniqueViolation(err) {
			t.Fatalf("IsUniqueViolation(%v) = true for a NOT NULL failure", err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("settings rows = %d, %v; want 1", n, err)
		}
	})
}

func TestIsNoRows(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		var v string
		err := db.QueryRowContext(context.Background(), `SELECT value FROM settings WHERE key = ?`, "missing").Scan(&v)
		if !store.IsNoRows(err) {
			t.Fatalf("IsNoRows(%v) = false", err)
		}
		if store.IsNoRows(errors.New("x")) {
			t.Fatal("IsNoRows of a plain error")
		}
	})
}

func countSettings(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestInTx(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if db.Dialect() != store.SQLite && db.Dialect() != store.Postgres {
			t.Fatalf("dialect %q", db.Dialect())
		}
		insert := func(tx *store.Tx, key string) {
			t.Helper()
			if tx.Dialect() != db.Dialect() {
				t.Fatalf("tx dialect %q, db %q", tx.Dialect(), db.Dialect())
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, key, "v"); err != nil {
				t.Fatal(err)
			}
		}

		// An error rolls everything back.
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			insert(tx, "a")
			insert(tx, "b")
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil || n != 2 {
				t.Fatalf("inside the transaction: %d rows, %v", n, err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx returned %v, want fn's error", err)
		}
		if n := countSettings(t, db); n != 0 {
			t.Fatalf("after rollback %d rows remain", n)
		}

		// A panic rolls back too, and the database stays writable.
		func() {
			defer func() {
				if v := recover(); v != "kaput" {
					t.Fatalf("recovered %v", v)
				}
			}()
			_ = db.InTx(ctx, func(tx *store.Tx) error {
				insert(tx, "p")
				panic("kaput")
			})
		}()
		if n := countSettings(t, db); n != 0 {
			t.Fatalf("after a panic %d rows remain", n)
		}

		// Success commits.
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			insert(tx, "c")
			rows, err := tx.QueryContext(ctx, `SELECT key FROM settings WHERE key = ?`, "c")
			if err != nil {
				return err
			}
			defer rows.Close()
			if !rows.Next() {
				t.Fatal("row not visible in its own transaction")
			}
			return rows.Err()
		}); err != nil {
			t.Fatal(err)
		}
		if n := countSettings(t, db); n != 1 {
			t.Fatalf("after commit %d rows, want 1", n)
		}
	})
}

func TestMigrationVersion(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cur, latest, err := db.MigrationVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if latest < 1 || cur != latest {
			t.Fatalf("version %d of %d", cur, latest)
		}
		// Migrating an up-to-date database is a no-op.
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
