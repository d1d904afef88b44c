// Package app wires Troika together: it opens the store, builds the domain
// services and the web server, and runs them. main() and the end-to-end
// tests share it, so what the tests start is what operators run.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"troika/internal/access"
	"troika/internal/account"
	"troika/internal/admin"
	"troika/internal/appraisal"
	"troika/internal/archive"
	"troika/internal/bt"
	"troika/internal/cadre"
	"troika/internal/coop"
	"troika/internal/dashboard"
	"troika/internal/ecommerce"
	"troika/internal/event"
	"troika/internal/frontline"
	"troika/internal/grid"
	"troika/internal/imports"
	"troika/internal/indicator"
	"troika/internal/member"
	"troika/internal/org"
	"troika/internal/pairing"
	"troika/internal/partner"
	"troika/internal/personal"
	"troika/internal/rating"
	"troika/internal/report"
	"troika/internal/scheme"
	"troika/internal/service"
	"troika/internal/store"
	"troika/internal/talent"
	"troika/internal/twonew"
	"troika/internal/web"
)

// Config is what an operator sets by flag or TROIKA_* environment variable.
type Config struct {
	Addr    string // listen address, default 127.0.0.1:8080
	DataDir string // SQLite file, uploads and backups live here
	DB      string // PostgreSQL URL; empty for the embedded SQLite
	Policy  access.Policy
	// KeyFile holds the key that encrypts personal data; it must live
	// outside the database (and its backups). Default: <data>/troika.key.
	KeyFile string
	// Keys, when set, is used instead of KeyFile (tests).
	Keys *personal.Keyring
	// SecureCookies marks the session cookie Secure (behind HTTPS).
	SecureCookies bool
	Log           *slog.Logger
}

// SQLitePath is the database file inside the data directory.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "troika.db") }

// UploadsDir is the data directory uploads go under: photos of events
// live in <dir>/uploads. Without a data directory (tests) a directory
// under the system's temporary directory stands in.
func (c Config) UploadsDir() string {
	if c.DataDir == "" {
		return filepath.Join(os.TempDir(), "troika-data")
	}
	return c.DataDir
}

// Target is what store.Open receives.
func (c Config) Target() string {
	if c.DB != "" {
		return c.DB
	}
	return c.SQLitePath()
}

// App is a running (or ready to run) Troika.
type App struct {
	Cfg     Config
	DB      *store.DB
	Access  *access.Service
	Orgs    *org.Service
	Pairing *pairing.Service
	Front   *frontline.Service
	Members *member.Service
	Grids   *grid.Service
	Archive *archive.Service
	Ecom    *ecommerce.Service
	TwoNew  *twonew.Service
	BT      *bt.Service
	Rating  *rating.Service
	Schemes *scheme.Service
	Service *service.Service
	Cadres  *cadre.Service
	Events  *event.Service
	Appr    *appraisal.Service
	Keys    *personal.Keyring
	Imports *imports.Service
	Reports *report.Service
	Board   *dashboard.Service
	Talent  *talent.Service
	Partner *partner.Service
	Coop    *coop.Service
	Web     *web.Server

	ln      net.Listener
	srv     *http.Server
	openAPI []byte
}

// Open connects to the database, migrates it and builds the services.
func Open(ctx context.Context, cfg Config) (*App, error) {
	db, err := store.Open(ctx, cfg.Target())
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	a, err := New(db, cfg)
	if err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// New builds the services and web server on an open, migrated database.
func New(db *store.DB, cfg Config) (*App, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.Policy.LockAttempts == 0 {
		cfg.Policy = access.DefaultPolicy
	}
	a := &App{Cfg: cfg, DB: db, Keys: cfg.Keys}
	if a.Keys == nil {
		path := cfg.KeyFile
		if path == "" {
			path = filepath.Join(cfg.DataDir, "troika.key")
		}
		var fp string
		_ = db.QueryRowContext(context.Background(), `SELECT value FROM settings WHERE key = 'personal_key_fingerprint'`).Scan(&fp)
		// A new key is made only for a database that has never had one:
		// with data written under a key, a missing key file is an error.
		keys, err := personal.LoadKeyFile(path, fp == "")
		if err != nil {
			return nil, fmt.Errorf("读取个人信息密钥失败（%w）：该数据库中的个人信息由密钥 %s 加密，请用 --key-file 指定原来的密钥文件", err, fp)
		}
		a.Keys = keys
	}
	if err := a.Keys.Bind(context.Background(), db); err != nil {
		return nil, err
	}
	a.Access = access.New(db, cfg.Policy)
	a.Orgs = org.NewService(db)
	a.Pairing = pairing.NewService(db, a.Keys)
	a.Front = frontline.NewService(db, a.Orgs, a.Keys)
	a.Members = member.NewService(db, a.Keys)
	a.Orgs.Counters = append(a.Orgs.Counters, a.Members.Counter())
	a.Grids = grid.NewService(db, a.Keys)
	a.Archive = archive.NewService(db, a.Keys)
	a.Ecom = ecommerce.NewService(db)
	a.TwoNew = twonew.NewService(db)
	a.BT = bt.NewService(db)
	a.Rating = rating.NewService(db)
	a.Schemes = scheme.NewService(db)
	a.Service = service.NewService(db, a.Keys, cfg.DataDir)
	a.Cadres = cadre.NewService(db, a.Keys)
	a.Events = event.NewService(db, a.Keys, cfg.UploadsDir())
	a.Appr = appraisal.NewService(db)
	a.Reports = report.NewService(db)
	a.Board = dashboard.NewService(db)
	a.Talent = talent.NewService(db, a.Keys)
	a.Partner = partner.NewService(db)
	a.Coop = coop.NewService(db)
	a.Imports = imports.New(db, filepath.Join(os.TempDir(), "troika-imports"), cfg.Log)
	// One SQLite process owns its imports; with PostgreSQL another server
	// may be running one right now, so the jobs are left alone.
	if db.Dialect() == store.SQLite {
		if err := a.Imports.FailInterrupted(context.Background()); err != nil {
			return nil, err
		}
	}
	if err := a.buildWeb(); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *App) buildWeb() error {
	assets, err := web.NewAssets()
	if err != nil {
		return err
	}
	rd, err := web.NewRenderer(assets, org.Templates(), account.Templates(), admin.Templates(), indicator.Templates(), imports.Templates(), frontline.Templates(), member.Templates(), grid.Templates(), report.Templates(), dashboard.Templates(), archive.Templates(), bt.Templates(), rating.Templates(), scheme.Templates(), cadre.Templates(), pairing.Templates(), ecommerce.Templates(), twonew.Templates(), service.Templates(), event.Templates(), appraisal.Templates(), talent.Templates(), coop.Templates(), partner.Templates())
	if err != nil {
		return err
	}
	srv := web.NewServer(a.Access, a.DB, a.Cfg.Log, rd)
	srv.SecureCookies = a.Cfg.SecureCookies
	srv.Handle("GET /static/", assets)
	srv.Handle("GET /healthz", http.HandlerFunc(a.healthz))
	srv.Handle("GET /api/v1/openapi.json", http.HandlerFunc(a.serveOpenAPI))
	account.Routes(srv, a.Access)
	admin.Routes(srv, a.Access, a.DB)
	a.Orgs.Routes(srv)
	a.Pairing.Routes(srv)
	a.Front.Routes(srv)
	a.Archive.Routes(srv)
	a.Ecom.Routes(srv)
	a.TwoNew.Routes(srv)
	a.BT.Routes(srv)
	a.Rating.Routes(srv)
	a.Schemes.Routes(srv)
	a.Service.Routes(srv)
	a.Cadres.Routes(srv)
	a.Events.Routes(srv)
	a.Appr.Routes(srv)
	indicator.Routes(srv, a.DB)
	a.Imports.Routes(srv)
	a.Members.Routes(srv)
	a.Grids.Routes(srv)
	a.Reports.Routes(srv)
	a.Board.Routes(srv)
	a.Talent.Routes(srv)
	a.Partner.Routes(srv)
	a.Coop.Routes(srv)
	a.Web = srv
	a.openAPI, err = BuildOpenAPI(account.OpenAPI, admin.OpenAPI, org.OpenAPI, indicator.OpenAPI, imports.OpenAPI, frontline.OpenAPI, member.OpenAPI, grid.OpenAPI, report.OpenAPI, dashboard.OpenAPI, archive.OpenAPI, bt.OpenAPI, rating.OpenAPI, scheme.OpenAPI, cadre.OpenAPI, pairing.OpenAPI, ecommerce.OpenAPI, twonew.OpenAPI, service.OpenAPI, event.OpenAPI, appraisal.OpenAPI, talent.OpenAPI, coop.OpenAPI, partner.OpenAPI)
	return err
}

func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	status, code := "ok", http.StatusOK
	if err := a.DB.Raw().PingContext(ctx); err != nil {
		status, code = "database unavailable", http.StatusServiceUnavailable
	}
	cur, latest, _ := a.DB.MigrationVersion(ctx)
	web.WriteJSON(w, code, map[string]any{"status": status, "database": a.DB.Dialect(), "schema": cur, "schema_latest": latest})
}

// Listen binds the address; with ":0" the kernel picks a port (tests).
func (a *App) Listen() (string, error) {
	ln, err := net.Listen("tcp", a.Cfg.Addr)
	if err != nil {
		return "", err
	}
	a.ln = ln
	return ln.Addr().String(), nil
}

// Serve answers requests until ctx ends, then shuts down gracefully.
func (a *App) Serve(ctx context.Context) error {
	if a.ln == nil {
		if _, err := a.Listen(); err != nil {
			return err
		}
	}
	a.srv = &http.Server{
		Handler:           a.Web.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large Excel uploads
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- a.srv.Serve(a.ln) }()
	trimCtx, stopTrim := context.WithCancel(ctx)
	defer stopTrim()
	go a.Web.TrimWhenIdle(trimCtx, 10*time.Second, a.DB.ReleaseIdle)
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		return a.srv.Shutdown(sctx)
	}
}

// Close waits for running imports and releases the database.
func (a *App) Close() error {
	if a.Imports != nil {
		a.Imports.Wait()
	}
	if a.DB != nil {
		return a.DB.Close()
	}
	return nil
}

// Bootstrap prepares an empty database for its first start: the root
// organization and the first accounts, whose passwords it returns to be
// printed once. It does nothing when accounts exist.
func (a *App) Bootstrap(ctx context.Context, rootName string) ([]Credential, error) {
	n, err := a.Access.CountUsers(ctx)
	if err != nil || n > 0 {
		return nil, err
	}
	root, err := a.Orgs.Root(ctx)
	if store.IsNoRows(err) {
		root, err = a.Orgs.CreateRoot(ctx, org.Input{Name: rootName, Code: "ROOT", Kind: org.KindCommittee, Domain: org.DomainMixed})
	}
	if err != nil {
		return nil, err
	}
	var creds []Credential
	for _, u := range []struct {
		name, display string
		role          access.Role
	}{
		{"admin", "组织部管理员", access.RoleStaff},
		{"sysadmin", "系统管理员", access.RoleSysAdmin},
		{"secadmin", "安全管理员", access.RoleSecAdmin},
		{"auditor", "审计管理员", access.RoleAuditor},
	} {
		_, pw, err := a.Access.CreateUser(ctx, access.NewUser{Username: u.name, DisplayName: u.display, OrgID: root.ID, Role: u.role})
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", u.name, err)
		}
		creds = append(creds, Credential{Username: u.name, Password: pw, Role: u.role})
	}
	return creds, nil
}

// Credential is an account and its initial password.
type Credential struct {
	Username string
	Password string
	Role     access.Role
	Org      string
}
