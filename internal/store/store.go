// Package store opens the database (embedded SQLite or PostgreSQL), applies
// the embedded migrations and offers the few helpers that let one piece of
// hand-written SQL run on both.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the database family behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a database handle that rebinds `?` placeholders for its dialect.
type DB struct {
	raw     *sql.DB
	dialect Dialect
	// Path is the SQLite file, empty for PostgreSQL.
	Path string
	// DSN is the PostgreSQL connection string, empty for SQLite.
	DSN string

	// writer is this process's SQLite write lock (nil for PostgreSQL): a
	// one-slot semaphore that write transactions take before BEGIN, so that
	// concurrent writers queue here, in order, instead of in SQLite's busy
	// handler, which sleeps (1 ms, 2 ms, … up to 100 ms a try) and wakes
	// to find the lock taken again. writerWait bounds the wait (see
	// lockWriter).
	writer     chan struct{}
	writerWait time.Duration

	// stmts keeps the prepared statements of Kept (SQLite only).
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
}

// Querier is what both *DB and *Tx offer; store functions take it so that
// they can run inside or outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

// Open connects to target: a postgres:// or postgresql:// URL, or else a
// path to a SQLite file (created if missing).
func Open(ctx context.Context, target string) (*DB, error) {
	if strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://") {
		raw, err := sql.Open("pgx", target)
		if err != nil {
			return nil, err
		}
		raw.SetMaxOpenConns(20)
		raw.SetMaxIdleConns(10)
		raw.SetConnMaxIdleTime(5 * time.Minute)
		if err := raw.PingContext(ctx); err != nil {
			raw.Close()
			return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
		}
		return &DB{raw: raw, dialect: Postgres, DSN: target}, nil
	}
	path := strings.TrimPrefix(target, "sqlite:")
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
	}
	raw, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		return nil, err
	}
	// WAL lets readers run beside the one writer; _txlock=immediate makes every
	// write transaction take the write lock at BEGIN so two writers never
	// fail with SQLITE_BUSY on upgrade. Within this process writers queue on
	// the Go writer lock (lockWriter); busy_timeout is left for other
	// processes (troika backup, migrate, bench).
	raw.SetMaxOpenConns(8)
	raw.SetMaxIdleConns(idleConns)
	raw.SetConnMaxIdleTime(0)
	if err := raw.PingContext(ctx); err != nil {
		raw.Close()
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	return &DB{raw: raw, dialect: SQLite, Path: path, writer: make(chan struct{}, 1), writerWait: busyTimeout}, nil
}

// busyTimeout is how long SQLite waits for another connection's (or
// process's) write lock before it fails with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

func sqliteDSN(path string) string {
	return "file:" + path +
		"?_pragma=busy_timeout(" + strconv.Itoa(int(busyTimeout/time.Millisecond)) + ")" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_pragma=foreign_keys(ON)" +
		"&_txlock=immediate"
}

// Close closes the kept statements and the pool.
func (db *DB) Close() error {
	db.stmtMu.Lock()
	for _, st := range db.stmts {
		st.Close()
	}
	db.stmts = nil
	db.stmtMu.Unlock()
	return db.raw.Close()
}

// Raw exposes the pool for migrations and the benchmark floor.
func (db *DB) Raw() *sql.DB { return db.raw }

func (db *DB) Dialect() Dialect { return db.dialect }

// ExecContext runs one statement in a transaction of its own. On SQLite it
// is a write (reads go through QueryContext), so it queues for the writer
// lock like InTx does.
func (db *DB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	unlock, err := db.lockWriter(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return db.raw.ExecContext(ctx, Rebind(db.dialect, q), args...)
}

// ErrBusy is returned by a write that waited for the SQLite writer lock as
// long as SQLite itself waits for its write lock (busy_timeout).
var ErrBusy = errors.New("store: the database is busy: another write held it for the whole busy timeout")

// lockWriter takes the SQLite writer lock and returns its release; for
// PostgreSQL, whose writers lock rows, it does nothing. Only writes take
// it: reads and ReadTx never wait for it (WAL readers run beside the
// writer). The wait is bounded like SQLite's own (busy_timeout), after
// which the write fails with ErrBusy where it failed with SQLITE_BUSY
// before the lock existed: so a goroutine that opens a write transaction
// while it holds one (nested InTx, or DB.ExecContext inside InTx), which
// would wait for itself, gets an error instead of a deadlock.
func (db *DB) lockWriter(ctx context.Context) (func(), error) {
	if db.writer == nil {
		return func() {}, nil
	}
	release := func() { <-db.writer }
	select {
	case db.writer <- struct{}{}:
		return release, nil
	default:
	}
	t := time.NewTimer(db.writerWait)
	defer t.Stop()
	select {
	case db.writer <- struct{}{}:
		return release, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, ErrBusy
	}
}

func (db *DB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.raw.QueryContext(ctx, Rebind(db.dialect, q), args...)
}

func (db *DB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return db.raw.QueryRowContext(ctx, Rebind(db.dialect, q), args...)
}

// Tx is a transaction that rebinds placeholders like DB does.
type Tx struct {
	raw     *sql.Tx
	dialect Dialect
	db      *DB
}

func (tx *Tx) Dialect() Dialect { return tx.dialect }

func (tx *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.raw.ExecContext(ctx, Rebind(tx.dialect, q), args...)
}

func (tx *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.raw.QueryContext(ctx, Rebind(tx.dialect, q), args...)
}

func (tx *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.raw.QueryRowContext(ctx, Rebind(tx.dialect, q), args...)
}

// InTx runs fn in one transaction: all of it is committed, or none. On
// SQLite the transaction holds the writer lock (lockWriter) from before
// BEGIN to after COMMIT: do the reads that need not be in the transaction
// before calling InTx.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	unlock, err := db.lockWriter(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	raw, err := db.raw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &Tx{raw: raw, dialect: db.dialect, db: db}
	// A panic in fn (recovered higher up, by the HTTP server) must not leave
	// the transaction open: on SQLite it would hold the write lock for good.
	defer func() {
		if v := recover(); v != nil {
			_ = raw.Rollback()
			panic(v)
		}
	}()
	if err := fn(tx); err != nil {
		_ = raw.Rollback()
		return err
	}
	return raw.Commit()
}

// Rebind turns `?` placeholders into `$1, $2, …` for PostgreSQL. Question
// marks inside quoted strings are left alone.
func Rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	inQuote := byte(0)
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case inQuote != 0:
			if c == inQuote {
				inQuote = 0
			}
		case c == '\'' || c == '"':
			inQuote = c
		case c == '?':
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// ErrNoRows is returned by lookups that found nothing.
var ErrNoRows = sql.ErrNoRows

// IsNoRows reports whether err means "no such record".
func IsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either database.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// Millis converts a time to the stored form: Unix milliseconds, UTC.
func Millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// Time converts stored Unix milliseconds back; 0 is the zero time.
func Time(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// Placeholders returns "?, ?, ?" with n marks, for IN lists.
func Placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// ReadTx runs fn in a read-only transaction that sees one snapshot of the
// data: a deferred transaction on SQLite (WAL readers never block the
// writer), REPEATABLE READ on PostgreSQL. Reports use it so that every figure
// of one document counts the same state of the ledgers.
func (db *DB) ReadTx(ctx context.Context, fn func(tx *Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	raw, err := db.raw.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer raw.Rollback() //nolint:errcheck // read-only: nothing to keep
	return fn(&Tx{raw: raw, dialect: db.dialect, db: db})
}

// maxKept bounds the statements Kept keeps: past it, statements run as
// they would without it.
const maxKept = 64

// kept returns the prepared statement of q on SQLite, preparing it the
// first time; nil for PostgreSQL (pgx keeps its own prepared statements per
// connection), when maxKept are kept already, or when q does not prepare
// (the caller then runs q as usual and gets its error).
func (db *DB) kept(ctx context.Context, q string) *sql.Stmt {
	if db.dialect != SQLite {
		return nil
	}
	db.stmtMu.Lock()
	st, ok := db.stmts[q]
	full := len(db.stmts) >= maxKept
	db.stmtMu.Unlock()
	if ok || full {
		return st
	}
	// Prepared without the mutex: preparing takes a connection, which a
	// caller holding the mutex must not wait for.
	st, err := db.raw.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if prev, ok := db.stmts[q]; ok {
		st.Close()
		return prev
	}
	if len(db.stmts) >= maxKept {
		st.Close()
		return nil
	}
	if db.stmts == nil {
		db.stmts = map[string]*sql.Stmt{}
	}
	db.stmts[q] = st
	return st
}

// Kept runs statements whose prepared form is kept: SQLite parses and plans
// every statement anew otherwise, which was about a third of the server's
// work for a report. database/sql prepares a kept statement once on each
// connection that runs it. It is for the few statements run on every
// request (a report's inserts and duplicate check, the audit entry); query
// texts built from varying parts would fill the room (maxKept), after which
// statements run unprepared as before.
var Kept kept

type kept struct{}

// QueryContext is q.QueryContext(ctx, query, args...) with a kept statement.
func (kept) QueryContext(ctx context.Context, q Querier, query string, args ...any) (*sql.Rows, error) {
	switch q := q.(type) {
	case *DB:
		if st := q.kept(ctx, query); st != nil {
			return st.QueryContext(ctx, args...)
		}
	case *Tx:
		if st := q.db.kept(ctx, query); st != nil {
			return q.raw.StmtContext(ctx, st).QueryContext(ctx, args...)
		}
	}
	return q.QueryContext(ctx, query, args...)
}

// QueryRowContext is q.QueryRowContext(ctx, query, args...) with a kept
// statement.
func (kept) QueryRowContext(ctx context.Context, q Querier, query string, args ...any) *sql.Row {
	switch q := q.(type) {
	case *DB:
		if st := q.kept(ctx, query); st != nil {
			return st.QueryRowContext(ctx, args...)
		}
	case *Tx:
		if st := q.db.kept(ctx, query); st != nil {
			return q.raw.StmtContext(ctx, st).QueryRowContext(ctx, args...)
		}
	}
	return q.QueryRowContext(ctx, query, args...)
}

// ExecContext is q.ExecContext(ctx, query, args...) with a kept statement;
// on a DB it takes the writer lock like DB.ExecContext.
func (kept) ExecContext(ctx context.Context, q Querier, query string, args ...any) (sql.Result, error) {
	switch q := q.(type) {
	case *DB:
		if st := q.kept(ctx, query); st != nil {
			unlock, err := q.lockWriter(ctx)
			if err != nil {
				return nil, err
			}
			defer unlock()
			return st.ExecContext(ctx, args...)
		}
	case *Tx:
		if st := q.db.kept(ctx, query); st != nil {
			return q.raw.StmtContext(ctx, st).ExecContext(ctx, args...)
		}
	}
	return q.ExecContext(ctx, query, args...)
}
