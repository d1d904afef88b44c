package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"troika/internal/store"
	"troika/internal/testenv"
)

// Many concurrent write transactions all commit, none lost, none failing
// with SQLITE_BUSY, on both databases.
func TestConcurrentWriters(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('n', '0')`); err != nil {
			t.Fatal(err)
		}
		const writers, each = 16, 25
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					err := db.InTx(ctx, func(tx *store.Tx) error {
						_, err := tx.ExecContext(ctx, `UPDATE settings SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'n'`)
						return err
					})
					if err != nil {
						errs <- err
						return
					}
					// Autocommit writes queue on the same lock.
					if _, err := db.ExecContext(ctx, `UPDATE settings SET value = value WHERE key = 'n'`); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'n'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != writers*each {
			t.Fatalf("n = %d, want %d", n, writers*each)
		}
	})
}

// Reads, read transactions and a failed or panicking writer's release:
// while one write transaction is open, reads go on; once it ends (by
// error or panic), the next writer gets in at once.
func TestWriterLockLeavesReadsAlone(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		inside, done := make(chan struct{}), make(chan struct{})
		go func() {
			_ = db.InTx(ctx, func(tx *store.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('held', '1')`); err != nil {
					return err
				}
				close(inside)
				<-done
				return nil
			})
		}()
		<-inside
		rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		var n int
		if err := db.QueryRowContext(rctx, `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil {
			t.Fatalf("read beside an open writer: %v", err)
		}
		if err := db.ReadTx(rctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(rctx, `SELECT COUNT(*) FROM settings`).Scan(&n)
		}); err != nil {
			t.Fatalf("read transaction beside an open writer: %v", err)
		}
		// A second writer waits for the first, and gives up with its
		// context.
		wctx, wcancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer wcancel()
		err := db.InTx(wctx, func(tx *store.Tx) error { return nil })
		if db.Dialect() == store.SQLite && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("second writer while the first is open: %v, want the context's deadline", err)
		}
		close(done)

		// A writer that fails or panics lets the next one in.
		boom := errors.New("boom")
		if err := db.InTx(ctx, func(tx *store.Tx) error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("InTx = %v, want boom", err)
		}
		func() {
			defer func() { _ = recover() }()
			_ = db.InTx(ctx, func(tx *store.Tx) error { panic("boom") })
		}()
		qctx, qcancel := context.WithTimeout(ctx, 3*time.Second)
		defer qcancel()
		if err := db.InTx(qctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(qctx, `INSERT INTO settings (key, value) VALUES ('after', '1')`)
			return err
		}); err != nil {
			t.Fatalf("writer after a failed and a panicking one: %v", err)
		}
	})
}

// A write opened inside a write transaction on the same goroutine cannot
// get the lock its caller holds: it must fail after the busy timeout (as it
// did before the lock, with SQLITE_BUSY) instead of waiting forever, and
// the outer transaction still commits.
func TestNestedWriterDoesNotDeadlock(t *testing.T) {
	db := testenv.SQLite(t)
	store.SetWriterWait(db, 50*time.Millisecond)
	ctx := context.Background()
	finished := make(chan error, 1)
	go func() {
		finished <- db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('outer', '1')`); err != nil {
				return err
			}
			inner := db.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('inner', '1')`)
				return err
			})
			if !errors.Is(inner, store.ErrBusy) {
				return fmt.Errorf("nested InTx: %v, want ErrBusy", inner)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('inner2', '1')`); !errors.Is(err, store.ErrBusy) {
				return fmt.Errorf("DB.ExecContext inside InTx: %v, want ErrBusy", err)
			}
			return nil
		})
	}()
	select {
	case err := <-finished:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("nested write deadlocked")
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings WHERE key IN ('outer', 'inner', 'inner2')`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows = %d, %v; want the outer one only", n, err)
	}
}
