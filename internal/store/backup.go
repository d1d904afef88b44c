package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// BackupSQLite writes a consistent copy of a live SQLite database to dst.
// VACUUM INTO reads one snapshot, so writers may go on meanwhile; the copy
// is checked before it is reported as done.
func BackupSQLite(ctx context.Context, db *DB, dst string) error {
	if db.dialect != SQLite {
		return errors.New("BackupSQLite needs a SQLite database")
	}
	tmp := dst + ".partial"
	os.Remove(tmp)
	if _, err := db.raw.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("vacuum into: %w", err)
	}
	if err := CheckSQLiteFile(ctx, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}

// CheckSQLiteFile opens a SQLite file read-only and runs its integrity check.
func CheckSQLiteFile(ctx context.Context, path string) error {
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer raw.Close()
	var res string
	if err := raw.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("%s 不是有效的数据库文件：%w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("%s 未通过完整性检查：%s", path, res)
	}
	var n int
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_log'`).Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("%s 不是三驾马车的数据库", path)
	}
	return nil
}

// RestoreSQLite copies a backup into place at dst, refusing to overwrite
// an existing database.
func RestoreSQLite(ctx context.Context, src, dst string) error {
	for _, p := range []string{dst, dst + "-wal", dst + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("%s 已存在，不会覆盖：请恢复到空的数据目录", p)
		}
	}
	if err := CheckSQLiteFile(ctx, src); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".partial"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}
