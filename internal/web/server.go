// Package web holds what every domain's pages and API share: routing with
// permissions, sign-in middleware, security headers, CSRF, rendering of
// templates from the one catalog, JSON helpers, and error mapping.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"troika/internal/access"
	"troika/internal/store"
)

// Server routes requests to the domains' handlers.
type Server struct {
	mux    *http.ServeMux
	Access *access.Service
	DB     *store.DB
	Log    *slog.Logger
	Render *Renderer
	// SecureCookies sets the Secure flag; on a plain-HTTP intranet it must
	// stay off or browsers drop the cookie.
	SecureCookies bool

	mu        sync.Mutex
	apiRoutes []string
	nav       []NavItem
	trim      idleTrim
}

// NewServer returns a server with no routes yet.
func NewServer(acc *access.Service, db *store.DB, log *slog.Logger, r *Renderer) *Server {
	s := &Server{mux: http.NewServeMux(), Access: acc, DB: db, Log: log, Render: r}
	r.server = s
	return s
}

// HandlerFunc is a handler that returns an error for the server to answer.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Public serves pattern to anyone.
func (s *Server) Public(pattern string, h HandlerFunc) {
	s.mux.Handle(pattern, s.pageHandler(h))
}

// Page serves an HTML page to a signed-in user holding perm (any signed-in
// user when perm is empty).
func (s *Server) Page(pattern string, perm access.Permission, h HandlerFunc) {
	s.mux.Handle(pattern, s.requirePage(perm, s.pageHandler(h)))
}

// API serves a JSON endpoint under /api/v1 to a caller holding perm.
func (s *Server) API(pattern string, perm access.Permission, h HandlerFunc) {
	s.mu.Lock()
	s.apiRoutes = append(s.apiRoutes, pattern)
	s.mu.Unlock()
	s.mux.Handle(pattern, s.requireAPI(perm, s.apiHandler(h)))
}

// PublicAPI serves a JSON endpoint that needs no sign-in.
func (s *Server) PublicAPI(pattern string, h HandlerFunc) {
	s.mu.Lock()
	s.apiRoutes = append(s.apiRoutes, pattern)
	s.mu.Unlock()
	s.mux.Handle(pattern, s.apiHandler(h))
}

// Handle mounts a plain handler (static files, health checks).
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// APIRoutes lists the registered API patterns, sorted.
func (s *Server) APIRoutes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]string(nil), s.apiRoutes...)
	sort.Strings(out)
	return out
}

// NavItem is a link in the side navigation.
type NavItem struct {
	Group string // catalog key of the group: one of navGroups
	Label string // catalog key
	Href  string
	Perm  access.Permission
	Order int
}

// navGroups fixes the order of the navigation groups.
// 组织 holds most ledgers, so it comes in parts: the organizations and
// their people, the front line, serving the masses, rating, the economy.
var navGroups = []string{"nav.org", "nav.front", "nav.serve", "nav.rate", "nav.economy", "nav.gov", "nav.cadre", "nav.talent", "nav.report", "nav.system"}

// AddNav adds a navigation link.
func (s *Server) AddNav(items ...NavItem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nav = append(s.nav, items...)
}

// NavGroup is a group of links as the layout draws it.
type NavGroup struct {
	Label string
	Items []NavItem
}

func (s *Server) navFor(p *access.Principal, path string) []NavGroup {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []NavGroup
	for _, g := range navGroups {
		var items []NavItem
		for _, it := range s.nav {
			if it.Group == g && (it.Perm == "" || p.Can(it.Perm)) {
				items = append(items, it)
			}
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i].Order < items[j].Order })
		if len(items) > 0 {
			out = append(out, NavGroup{Label: g, Items: items})
		}
	}
	_ = path
	return out
}

// Handler returns the whole stack: security headers, cross-origin
// protection, panic recovery and logging around the routes.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, ErrForbidden)
	}))
	return s.trim.wrap(s.logRequests(s.recoverPanics(securityHeaders(cop.Handler(s.mux)))))
}

// TrimWhenIdle returns memory to the operating system after each busy
// spell, once no request has come for quiet, after calling release (may be
// nil); it runs until ctx ends.
func (s *Server) TrimWhenIdle(ctx context.Context, quiet time.Duration, release func()) {
	s.trim.run(ctx, quiet, release)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
