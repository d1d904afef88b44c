// Package demo generates the demo city: a county-level city's Party
// organizations, accounts for every role and, as ledgers are added, their
// records. It is code with a fixed seed, not a data file, so the same city
// comes out every time and grows with the schema.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"

	"troika/internal/access"
	"troika/internal/app"
	"troika/internal/audit"
	"troika/internal/org"
)

// Seed fixes the city.
const Seed = 2022

// City is what the generator made that later steps and tests refer to.
type City struct {
	Root        org.Org
	Towns       []org.Org // 镇党委
	Streets     []org.Org // 街道党工委
	Branches    []org.Org // every 党支部 and 临时党支部
	Communities []org.Org // 社区党组织 (where grid workers work)
	Villages    []org.Org // 村党支部
	Credentials []app.Credential
}

// ErrNotEmpty is returned when the database already holds organizations.
var ErrNotEmpty = errors.New("数据库中已有数据：演示城市只生成在空数据库中")

// Generate fills an empty database with the demo city.
func Generate(ctx context.Context, a *app.App) (*City, error) {
	return GenerateScaled(ctx, a, 1)
}

// GenerateScaled generates the city with scale times its townships and
// streets (and so its branches, members and records): 10 makes a
// prefecture for benchmarks.
func GenerateScaled(ctx context.Context, a *app.App, scale int) (*City, error) {
	if scale < 1 {
		scale = 1
	}
	var n int
	if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, ErrNotEmpty
	}
	ctx = audit.WithActor(ctx, audit.Actor{Name: "demo", IP: "local"})
	g := &gen{a: a, rnd: rand.New(rand.NewPCG(Seed, Seed*7)), city: &City{}, scale: scale}
	if err := g.orgs(ctx); err != nil {
		return nil, fmt.Errorf("demo organizations: %w", err)
	}
	if err := g.users(ctx); err != nil {
		return nil, fmt.Errorf("demo accounts: %w", err)
	}
	if err := g.members(ctx); err != nil {
		return nil, fmt.Errorf("demo members: %w", err)
	}
	if err := g.frontline(ctx); err != nil {
		return nil, fmt.Errorf("demo front line: %w", err)
	}
	if err := g.archives(ctx); err != nil {
		return nil, fmt.Errorf("demo archives: %w", err)
	}
	if err := g.cadres(ctx); err != nil {
		return nil, fmt.Errorf("demo cadres: %w", err)
	}
	if err := g.pairings(ctx); err != nil {
		return nil, fmt.Errorf("demo 双报到: %w", err)
	}
	if err := g.ratings(ctx); err != nil {
		return nil, fmt.Errorf("demo ratings: %w", err)
	}
	if err := g.service(ctx); err != nil {
		return nil, fmt.Errorf("demo 为民服务: %w", err)
	}
	if err := g.grids(ctx); err != nil {
		return nil, fmt.Errorf("demo grids: %w", err)
	}
	if err := g.governance(ctx); err != nil {
		return nil, fmt.Errorf("demo 民生事件: %w", err)
	}
	if err := g.talents(ctx); err != nil {
		return nil, fmt.Errorf("demo talents: %w", err)
	}
	if err := g.economy(ctx); err != nil {
		return nil, fmt.Errorf("demo economy: %w", err)
	}
	return g.city, nil
}

type gen struct {
	a     *app.App
	rnd   *rand.Rand
	city  *City
	seq   int
	scale int
}

func (g *gen) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

func (g *gen) users(ctx context.Context) error {
	c := g.city
	type acct struct {
		username, name string
		role           access.Role
		org            org.Org
	}
	accts := []acct{
		{"staff", "金明哲", access.RoleStaff, c.Root},
		{"town1", "朴成浩", access.RoleCommittee, c.Towns[0]},
		{"town2", "李春梅", access.RoleCommittee, c.Towns[1]},
		{"street1", "崔英爱", access.RoleCommittee, c.Streets[0]},
		{"secretary", "王立新", access.RoleSecretary, c.Villages[0]},
		{"grid", "张海燕", access.RoleGrid, c.Communities[0]},
		{"member", "郑光日", access.RoleMember, c.Villages[0]},
		{"sysadmin", "赵建国", access.RoleSysAdmin, c.Root},
		{"secadmin", "孙丽华", access.RoleSecAdmin, c.Root},
		{"auditor", "刘振宇", access.RoleAuditor, c.Root},
	}
	for _, u := range accts {
		pw := access.RandomPassword()
		if _, _, err := g.a.Access.CreateUser(ctx, access.NewUser{Username: u.username, DisplayName: u.name, OrgID: u.org.ID,
			Role: u.role, Password: pw, Ready: true}); err != nil {
			return fmt.Errorf("%s: %w", u.username, err)
		}
		c.Credentials = append(c.Credentials, app.Credential{Username: u.username, Password: pw, Role: u.role, Org: u.org.Name})
	}
	return nil
}
