package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"troika/internal/app"
	"troika/internal/demo"
)

func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg app.Config
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
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
	return fillDemo(ctx, a, stdout)
}

// fillDemo generates the demo city if the database is empty, and prints
// the accounts once.
func fillDemo(ctx context.Context, a *app.App, stdout io.Writer) error {
	fmt.Fprintln(stdout, "正在生成演示城市……")
	city, err := demo.Generate(ctx, a)
	if errors.Is(err, demo.ErrNotEmpty) {
		fmt.Fprintln(stdout, "数据库中已有数据，跳过演示城市的生成。")
		return nil
	}
	if err != nil {
		return err
	}
	var orgs int
	if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&orgs); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "演示城市已生成：%d 个党组织（%d 个党支部）。\n演示账号（密码只显示这一次）：\n", orgs, len(city.Branches))
	printCreds(stdout, city.Credentials)
	return nil
}
