package cli

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"troika/internal/app"
	"troika/internal/personal"
	"troika/internal/store"
)

func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg app.Config
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	common(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("用法: troika backup 文件")
	}
	dst, err := filepath.Abs(fs.Arg(0))
	if err != nil {
		return err
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("%s 已存在，不会覆盖", dst)
	}
	if cfg.DB != "" {
		return pgDump(ctx, cfg.DB, dst, stdout, stderr)
	}
	if _, err := os.Stat(cfg.SQLitePath()); err != nil {
		return fmt.Errorf("数据目录中没有数据库：%w", err)
	}
	db, err := store.Open(ctx, cfg.SQLitePath())
	if err != nil {
		return err
	}
	defer db.Close()
	if err := store.BackupSQLite(ctx, db, dst); err != nil {
		return err
	}
	st, _ := os.Stat(dst)
	fmt.Fprintf(stdout, "备份完成：%s（%d 字节，已通过完整性检查）\n", dst, st.Size())
	return nil
}

func restoreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg app.Config
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	common(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("用法: troika restore 文件")
	}
	src := fs.Arg(0)
	if cfg.DB != "" {
		return pgRestore(ctx, cfg.DB, src, stdout, stderr)
	}
	if err := checkBackupKey(ctx, src, cfg); err != nil {
		return err
	}
	if err := store.RestoreSQLite(ctx, src, cfg.SQLitePath()); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintf(stdout, "已恢复到 %s\n", cfg.SQLitePath())
	return nil
}

// pgDump and pgRestore use PostgreSQL's own tools, which know every detail
// of its storage; Troika only checks the preconditions.
func pgDump(ctx context.Context, dsn, dst string, stdout, stderr io.Writer) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return errors.New("PostgreSQL 备份需要 pg_dump（Debian: apt-get install postgresql-client）")
	}
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-owner", "--file="+dst, dsn)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		os.Remove(dst)
		return fmt.Errorf("pg_dump: %w", err)
	}
	fmt.Fprintf(stdout, "备份完成：%s\n", dst)
	return nil
}

func pgRestore(ctx context.Context, dsn, src string, stdout, stderr io.Writer) error {
	bin, err := exec.LookPath("pg_restore")
	if err != nil {
		return errors.New("PostgreSQL 恢复需要 pg_restore（Debian: apt-get install postgresql-client）")
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	var tables int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&tables)
	db.Close()
	if err != nil {
		return err
	}
	if tables > 0 {
		return errors.New("目标数据库不是空的，不会覆盖：请指向一个新建的空数据库")
	}
	cmd := exec.CommandContext(ctx, bin, "--no-owner", "--exit-on-error", "--dbname="+dsn, src)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pg_restore: %w", err)
	}
	fmt.Fprintln(stdout, "已恢复")
	return nil
}

// checkBackupKey refuses a restore whose personal data could not be read
// with the key at hand, before anything is copied.
func checkBackupKey(ctx context.Context, src string, cfg app.Config) error {
	if err := store.CheckSQLiteFile(ctx, src); err != nil {
		return err
	}
	raw, err := sql.Open("sqlite", "file:"+src+"?mode=ro")
	if err != nil {
		return err
	}
	defer raw.Close()
	var fp string
	err = raw.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'personal_key_fingerprint'`).Scan(&fp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	path := cfg.KeyFile
	if path == "" {
		path = filepath.Join(cfg.DataDir, "troika.key")
	}
	keys, err := personal.LoadKeyFile(path, false)
	if err != nil {
		return fmt.Errorf("备份中的个人信息由密钥 %s 加密，找不到密钥文件 %s：请用 --key-file 指定原来的密钥文件", fp, path)
	}
	if keys.Fingerprint != fp {
		return fmt.Errorf("密钥文件 %s（%s）不是备份所用的密钥（%s）：请用 --key-file 指定原来的密钥文件", path, keys.Fingerprint, fp)
	}
	return nil
}
