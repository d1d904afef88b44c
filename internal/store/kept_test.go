package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"troika/internal/store"
	"troika/internal/testenv"
)

// Kept statements answer like unkept ones, on the pool and in transactions
// (committed and rolled back), with errors for bad statements, and past
// the bound of kept texts.
func TestKeptStatements(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const ins = `INSERT INTO settings (key, value) VALUES (?, ?)`
		const get = `SELECT value FROM settings WHERE key = ?`
		if _, err := store.Kept.ExecContext(ctx, db, ins, "a", "1"); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		for i := 0; i < 3; i++ {
			err := db.InTx(ctx, func(tx *store.Tx) error {
				if _, err := store.Kept.ExecContext(ctx, tx, ins, fmt.Sprint("t", i), "2"); err != nil {
					return err
				}
				var v string
				if err := store.Kept.QueryRowContext(ctx, tx, get, fmt.Sprint("t", i)).Scan(&v); err != nil || v != "2" {
					return fmt.Errorf("read own write in the transaction: %q, %v", v, err)
				}
				if i == 1 {
					return boom
				}
				return nil
			})
			if i == 1 && !errors.Is(err, boom) || i != 1 && err != nil {
				t.Fatalf("transaction %d: %v", i, err)
			}
		}
		rows, err := store.Kept.QueryContext(ctx, db, `SELECT key FROM settings WHERE key IN ('a', 't0', 't1', 't2') ORDER BY key`)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k)
		}
		rows.Close()
		if fmt.Sprint(keys) != "[a t0 t2]" {
			t.Fatalf("keys = %v, want [a t0 t2] (t1 rolled back)", keys)
		}
		if _, err := store.Kept.ExecContext(ctx, db, ins, "a", "again"); !store.IsUniqueViolation(err) {
			t.Fatalf("duplicate key through a kept statement: %v", err)
		}
		if err := store.Kept.QueryRowContext(ctx, db, `SELEKT 1`).Scan(new(int)); err == nil {
			t.Fatal("a bad statement ran")
		}
		// Past the bound, statements still run.
		for i := 0; i < 100; i++ {
			var n int
			if err := store.Kept.QueryRowContext(ctx, db, fmt.Sprintf(`SELECT %d + COUNT(*) FROM settings WHERE key = ?`, i), "a").Scan(&n); err != nil || n != i+1 {
				t.Fatalf("statement %d: %d, %v", i, n, err)
			}
		}
		var v string
		if err := store.Kept.QueryRowContext(ctx, db, get, "a").Scan(&v); err != nil || v != "1" {
			t.Fatalf("a kept statement after the bound: %q, %v", v, err)
		}
	})
}
