package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/user"

	"troika/internal/access"
	"troika/internal/app"
	"troika/internal/audit"
)

// consoleActor names the operator in the audit log.
func consoleActor(ctx context.Context) context.Context {
	name := "console"
	if u, err := user.Current(); err == nil {
		name = "console:" + u.Username
	}
	return audit.WithActor(ctx, audit.Actor{Name: name, IP: "local"})
}

func userCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("用法: troika user add|reset-password|unlock|disable|enable …")
	}
	sub := args[0]
	var cfg app.Config
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	common(fs, &cfg)
	username := fs.String("username", "", "用户名")
	display := fs.String("name", "", "姓名")
	role := fs.String("role", "", "角色")
	orgCode := fs.String("org", "", "所属组织编码")
	password := fs.String("password", "", "初始密码（留空则随机生成）")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if sub != "add" {
		if fs.NArg() != 1 {
			return fmt.Errorf("用法: troika user %s 用户名", sub)
		}
		*username = fs.Arg(0)
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = consoleActor(ctx)
	if sub == "add" {
		root, err := a.Orgs.Root(ctx)
		if err != nil {
			return errors.New("数据库中还没有组织：请先运行 troika serve 或 troika demo")
		}
		code := *orgCode
		if code == "" {
			code = root.Code
		}
		o, err := a.Orgs.ByCode(ctx, root.Path, code)
		if err != nil {
			return fmt.Errorf("组织编码 %s：%w", code, err)
		}
		if !access.Role(*role).Valid() {
			return fmt.Errorf("角色 %q 无效，可选：staff committee secretary grid member sysadmin secadmin auditor", *role)
		}
		u, pw, err := a.Access.CreateUser(ctx, access.NewUser{Username: *username, DisplayName: *display, OrgID: o.ID,
			Role: access.Role(*role), Password: *password})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已创建用户 %s（%s，%s）。初始密码：%s\n首次登录后须修改密码。\n", u.Username, u.Role.Label(), o.Name, pw)
		return nil
	}
	u, err := a.Access.UserByName(ctx, *username)
	if err != nil {
		return err
	}
	switch sub {
	case "reset-password":
		pw, err := a.Access.ResetPassword(ctx, u.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已重置 %s 的密码，临时密码：%s\n下次登录须修改密码。\n", u.Username, pw)
	case "unlock":
		if err := a.Access.Unlock(ctx, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已解锁 %s\n", u.Username)
	case "disable", "enable":
		if err := a.Access.SetDisabled(ctx, nil, u.ID, sub == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已%s %s\n", map[string]string{"disable": "停用", "enable": "启用"}[sub], u.Username)
	default:
		return fmt.Errorf("未知的 user 子命令 %q", sub)
	}
	return nil
}

func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("用法: troika audit verify")
	}
	var cfg app.Config
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	common(fs, &cfg)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	n, brk, err := audit.Verify(ctx, a.DB)
	if err != nil {
		return err
	}
	if brk != nil {
		return fmt.Errorf("审计链在第 %d 条处断裂：%s（此前 %d 条校验通过）", brk.ID, brk.Reason, n)
	}
	fmt.Fprintf(stdout, "审计链完整：共 %d 条记录，逐条校验通过\n", n)
	return nil
}
