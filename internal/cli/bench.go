package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"troika/internal/bench"
)

func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scale := fs.String("scale", "city", "规模：city（县级市）、prefecture（地级市，10倍）、province（省，100倍，需 --db）")
	db := fs.String("db", "", "PostgreSQL 连接串（须为空数据库）；留空使用临时目录中的 SQLite")
	dir := fs.String("dir", "", "数据目录（默认临时目录，结束后删除）")
	clients := fs.Int("clients", 8, "并发客户端数")
	seconds := fs.Int("seconds", 10, "每项负载测试的秒数")
	rows := fs.Int("rows", 100000, "Excel 导入的行数")
	jsonOut := fs.String("json", "", "另存 JSON 结果的文件")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *scale == "province" && *db == "" {
		return fmt.Errorf("省级规模请用 PostgreSQL：--db postgres://…")
	}
	d := *dir
	if d == "" {
		tmp, err := os.MkdirTemp("", "troika-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		d = tmp
	}
	rep, err := bench.Run(ctx, bench.Config{Scale: *scale, DB: *db, Dir: d, Binary: bench.Binary(), Clients: *clients,
		Duration: time.Duration(*seconds) * time.Second, ImportRows: *rows, Log: stderr})
	if rep != nil {
		fmt.Fprint(stdout, rep.Markdown())
		if *jsonOut != "" {
			b, jerr := rep.JSON()
			if jerr == nil {
				jerr = os.WriteFile(*jsonOut, b, 0o644)
			}
			if jerr != nil && err == nil {
				err = jerr
			}
		}
	}
	return err
}
