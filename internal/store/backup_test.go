package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testenv"
)

func TestBackupCheckRestore(t *testing.T) {
	ctx := context.Background()
	db := testenv.SQLite(t)
	if _, err := db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, "city", "东风市"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.db")
	if err := store.BackupSQLite(ctx, db, backup); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(backup + ".partial"); !os.IsNotExist(err) {
		t.Errorf("partial file left behind: %v", err)
	}
	if err := store.CheckSQLiteFile(ctx, backup); err != nil {
		t.Fatalf("backup fails its check: %v", err)
	}
	// Writes after the backup are not in it.
	if _, err := db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, "later", "x"); err != nil {
		t.Fatal(err)
	}

	restored := filepath.Join(dir, "data", "troika.db")
	if err := store.RestoreSQLite(ctx, backup, restored); err != nil {
		t.Fatal(err)
	}
	rdb, err := store.Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	var city string
	if err := rdb.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, "city").Scan(&city); err != nil || city != "东风市" {
		t.Fatalf("restored city = %q, %v", city, err)
	}
	var n int
	if err := rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("restored settings rows = %d, %v; want 1", n, err)
	}
	cur, latest, err := rdb.MigrationVersion(ctx)
	if err != nil || cur != latest {
		t.Fatalf("restored schema version %d of %d, %v", cur, latest, err)
	}

	// Restoring over the live database is refused, and leaves it alone.
	before, err := os.ReadFile(restored)
	if err != nil {
		t.Fatal(err)
	}
	err = store.RestoreSQLite(ctx, backup, restored)
	if err == nil || !strings.Contains(err.Error(), "不会覆盖") {
		t.Fatalf("restore over an existing database: %v", err)
	}
	after, err := os.ReadFile(restored)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Fatal("refused restore still changed the file")
	}
}

func TestRestoreRefusesLeftoverWAL(t *testing.T) {
	ctx := context.Background()
	db := testenv.SQLite(t)
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.db")
	if err := store.BackupSQLite(ctx, db, backup); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		dst := filepath.Join(dir, "target"+suffix[1:]+".db")
		if err := os.WriteFile(dst+suffix, []byte("stale"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := store.RestoreSQLite(ctx, backup, dst); err == nil {
			t.Errorf("restore beside a leftover %s file succeeded", suffix)
		}
		if _, err := os.Stat(dst); !os.IsNotExist(err) {
			t.Errorf("refused restore created %s", dst)
		}
	}
}

func TestCheckSQLiteFileRejects(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := store.CheckSQLiteFile(ctx, garbage); err == nil {
		t.Error("garbage file passed the check")
	}
	if err := store.CheckSQLiteFile(ctx, filepath.Join(dir, "missing.db")); err == nil {
		t.Error("missing file passed the check")
	}

	// A valid SQLite database that is not Troika's.
	other := filepath.Join(dir, "other.db")
	odb, err := store.Open(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := odb.ExecContext(ctx, `CREATE TABLE notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	odb.Close()
	if err := store.CheckSQLiteFile(ctx, other); err == nil || !strings.Contains(err.Error(), "不是三驾马车的数据库") {
		t.Errorf("foreign database: %v", err)
	}
	// ... and restoring it is refused.
	if err := store.RestoreSQLite(ctx, garbage, filepath.Join(dir, "new", "troika.db")); err == nil {
		t.Error("restored a garbage file")
	}
	if _, err := os.Stat(filepath.Join(dir, "new", "troika.db")); !os.IsNotExist(err) {
		t.Error("refused restore left a file")
	}
}

func TestBackupNeedsSQLite(t *testing.T) {
	db := testenv.Postgres(t)
	if err := store.BackupSQLite(context.Background(), db, filepath.Join(t.TempDir(), "x.db")); err == nil {
		t.Fatal("BackupSQLite accepted a PostgreSQL database")
	}
}
