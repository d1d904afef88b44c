// Package cli is the operator's command line: troika serve, demo, migrate,
// user, backup, restore, audit.
package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"troika/internal/access"
	"troika/internal/app"
)

// Version is set at build time with -ldflags "-X troika/internal/cli.Version=…".
var Version = "dev"

const usage = `troika — 三驾马车 党建工作平台

用法:
  troika serve   [--addr 127.0.0.1:8080] [--data ./data] [--db postgres://…] [--demo]
  troika demo    [--data ./data] [--db …]          生成演示城市（固定种子）
  troika migrate [--data ./data] [--db …]          升级数据库结构
  troika user add --username NAME --name 姓名 --role ROLE --org CODE [--password PW]
  troika user reset-password|unlock|disable|enable NAME
  troika backup FILE                                 在线一致性备份
  troika restore FILE                                恢复到空的数据目录
  troika audit verify                                校验审计链
  troika report annual --year 2022 [--org CODE] --format docx|xlsx|html -o FILE   年度综述
  troika bench [--scale city|prefecture|province] [--db …] [--json FILE]       性能基准（含同次测得的数据库下限）
  troika version

环境变量: TROIKA_ADDR, TROIKA_DATA, TROIKA_DB, TROIKA_KEY_FILE, TROIKA_LOCK_ATTEMPTS, TROIKA_LOCK_MINUTES, TROIKA_IDLE_MINUTES
角色: staff committee secretary grid member sysadmin secadmin auditor
`

// Run executes the command line args (without the program name).
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], stdout, stderr)
	case "demo":
		err = demoCmd(ctx, args[1:], stdout, stderr)
	case "migrate":
		err = migrate(ctx, args[1:], stdout, stderr)
	case "user":
		err = userCmd(ctx, args[1:], stdout, stderr)
	case "backup":
		err = backupCmd(ctx, args[1:], stdout, stderr)
	case "restore":
		err = restoreCmd(ctx, args[1:], stdout, stderr)
	case "audit":
		err = auditCmd(ctx, args[1:], stdout, stderr)
	case "report":
		err = reportCmd(ctx, args[1:], stdout, stderr)
	case "bench":
		err = benchCmd(ctx, args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "troika", Version)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "未知命令 %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "错误:", err)
		return 1
	}
	return 0
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// common registers the flags every command shares.
func common(fs *flag.FlagSet, cfg *app.Config) {
	fs.StringVar(&cfg.DataDir, "data", env("TROIKA_DATA", "./data"), "数据目录（SQLite 数据库、上传文件）")
	fs.StringVar(&cfg.DB, "db", env("TROIKA_DB", ""), "PostgreSQL 连接串 postgres://…；留空使用内置 SQLite")
	fs.StringVar(&cfg.KeyFile, "key-file", env("TROIKA_KEY_FILE", ""), "个人信息加密密钥文件（默认 数据目录/troika.key；须与数据库分开备份）")
}

func openApp(ctx context.Context, cfg app.Config, stderr io.Writer) (*app.App, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return app.Open(ctx, cfg)
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg app.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	common(fs, &cfg)
	fs.StringVar(&cfg.Addr, "addr", env("TROIKA_ADDR", "127.0.0.1:8080"), "监听地址")
	demo := fs.Bool("demo", false, "若数据库为空，先生成演示城市")
	rootName := fs.String("root-name", env("TROIKA_ROOT_NAME", "中共本市委员会"), "首次启动时最上级党组织的名称")
	lockAttempts := fs.Int("lock-attempts", envInt("TROIKA_LOCK_ATTEMPTS", 5), "连续输错密码多少次锁定账号")
	lockMinutes := fs.Int("lock-minutes", envInt("TROIKA_LOCK_MINUTES", 15), "锁定分钟数")
	idleMinutes := fs.Int("idle-minutes", envInt("TROIKA_IDLE_MINUTES", 30), "会话空闲多少分钟后失效")
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", os.Getenv("TROIKA_SECURE_COOKIES") == "1", "在 HTTPS 之后运行时设置 Secure Cookie")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.Policy = access.Policy{LockAttempts: *lockAttempts, LockFor: time.Duration(*lockMinutes) * time.Minute,
		IdleTimeout: time.Duration(*idleMinutes) * time.Minute}
	cfg.Log = slog.New(slog.NewJSONHandler(stderr, nil))
	a, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if *demo {
		if err := fillDemo(ctx, a, stdout); err != nil {
			return err
		}
	}
	creds, err := a.Bootstrap(ctx, *rootName)
	if err != nil {
		return err
	}
	if len(creds) > 0 {
		fmt.Fprintln(stdout, "首次启动：已创建最上级党组织和以下账号。密码只显示这一次，首次登录后须修改：")
		printCreds(stdout, creds)
	}
	addr, err := a.Listen()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "三驾马车已启动：http://%s/  （数据库：%s）\n", addr, a.DB.Dialect())
	// Start-up (migrations, templates, the demo city) leaves garbage the
	// runtime would hand back slowly; an idle server should sit small.
	debug.FreeOSMemory()
	return a.Serve(ctx)
}

func printCreds(w io.Writer, creds []app.Credential) {
	fmt.Fprintf(w, "  %-14s %-16s %-16s %s\n", "用户名", "密码", "角色", "所属组织")
	for _, c := range creds {
		fmt.Fprintf(w, "  %-14s %-16s %-16s %s\n", c.Username, c.Password, c.Role.Label(), c.Org)
	}
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg app.Config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	common(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	cur, latest, err := a.DB.MigrationVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "数据库结构已是最新：版本 %d / %d（%s）\n", cur, latest, a.DB.Dialect())
	return nil
}
