package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"troika/internal/access"
	"troika/internal/app"
	"troika/internal/indicator"
	"troika/internal/report"
)

func reportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "annual" {
		return errors.New("用法: troika report annual --year 2022 [--org 组织编码] --format docx|xlsx|html -o 文件")
	}
	var cfg app.Config
	fs := flag.NewFlagSet("report annual", flag.ContinueOnError)
	fs.SetOutput(stderr)
	common(fs, &cfg)
	year := fs.Int("year", 0, "年份")
	period := fs.String("period", "", "统计期间（代替 --year）：2022Q3、2022-05 或 2022-01-01~2022-06-30")
	orgCode := fs.String("org", "", "组织编码（默认最上级党组织）")
	format := fs.String("format", "docx", "docx、xlsx 或 html")
	out := fs.String("o", "", "输出文件")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("请用 -o 指定输出文件")
	}
	spec := *period
	if spec == "" {
		if *year == 0 {
			return errors.New("请用 --year 或 --period 指定统计期间")
		}
		spec = strconv.Itoa(*year)
	}
	p, err := indicator.ParsePeriod(spec)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	root, err := a.Orgs.Root(ctx)
	if err != nil {
		return errors.New("数据库中还没有组织")
	}
	target := root
	if *orgCode != "" {
		if target, err = a.Orgs.ByCode(ctx, root.Path, *orgCode); err != nil {
			return fmt.Errorf("组织编码 %s：%w", *orgCode, err)
		}
	}
	// The console reads the whole city as the organization department would.
	operator := &access.Principal{Username: "console", Role: access.RoleStaff, OrgID: root.ID, OrgPath: root.Path}
	progress := report.WithProgress(consoleActor(ctx), func(done, total int) {
		fmt.Fprintf(stderr, "\r计算指标 %d/%d", done, total)
		if done == total {
			fmt.Fprintln(stderr)
		}
	})
	doc, b, err := a.Reports.Export(progress, operator, target.ID, p, *format)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return err
	}
	missing := 0
	for _, f := range doc.Figures {
		if f.NoData() {
			missing++
		}
	}
	fmt.Fprintf(stdout, "已生成 %s：%s（%s，%s），%d 个数字，其中 %d 个无数据\n", *out, doc.Title, target.Name, p.Label, len(doc.Figures), missing)
	return nil
}
