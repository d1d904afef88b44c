package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
)

// SessionCookie is the name of the sign-in cookie.
const SessionCookie = "troika_session"

// CSP allows nothing from outside the binary and no inline script.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()")
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if strings.HasPrefix(r.URL.Path, "/static/") {
			return
		}
		s.Log.LogAttrs(r.Context(), slog.LevelInfo, "http",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
			slog.Duration("took", time.Since(start)), slog.String("ip", ClientIP(r)))
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// ClientIP is the peer address. Forwarded headers are not trusted: an
// intranet deployment has no proxy unless the operator adds one.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// principal finds the caller from a bearer token or the session cookie.
func (s *Server) principal(r *http.Request) (*access.Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, fault.New(fault.Unauthorized, "%s", i18n.T("auth.required"))
		}
		tok = strings.TrimSpace(tok)
		if access.IsPersonalToken(tok) {
			return s.Access.TokenPrincipal(r.Context(), tok)
		}
		p, err := s.Access.Session(r.Context(), tok)
		if err == nil && p.Via != access.KindBearer {
			// A cookie's secret is not a bearer token.
			return nil, fault.New(fault.Unauthorized, "%s", i18n.T("auth.required"))
		}
		return p, err
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil, fault.New(fault.Unauthorized, "%s", i18n.T("auth.required"))
	}
	p, err := s.Access.Session(r.Context(), c.Value)
	if err == nil && p.Via != access.KindCookie {
		return nil, fault.New(fault.Unauthorized, "%s", i18n.T("auth.required"))
	}
	return p, err
}

func withPrincipal(r *http.Request, p *access.Principal) *http.Request {
	ctx := access.WithPrincipal(r.Context(), p)
	ctx = audit.WithActor(ctx, audit.Actor{ID: p.UserID, Name: p.Username, IP: ClientIP(r)})
	return r.WithContext(ctx)
}

// WithActorIP returns ctx with an anonymous actor at the request's address,
// for public actions.
func WithActorIP(r *http.Request, name string) context.Context {
	return audit.WithActor(r.Context(), audit.Actor{Name: name, IP: ClientIP(r)})
}

func unsafeMethod(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// requirePage signs the caller in from the cookie or sends them to the
// sign-in page; checks the form's CSRF token on state changes; sends a
// user who must change their password to do so first.
func (s *Server) requirePage(perm access.Permission, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.principal(r)
		if err != nil {
			if fault.CodeOf(err) == fault.Unauthorized {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, err)
			return
		}
		r = withPrincipal(r, p)
		if unsafeMethod(r) && !validCSRF(r, p) {
			s.fail(w, r, fault.New(fault.Forbidden, "%s", i18n.T("http.csrf")))
			return
		}
		if p.MustChange && r.URL.Path != "/account/password" && r.URL.Path != "/logout" {
			http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			return
		}
		if perm != "" && !p.Can(perm) {
			s.fail(w, r, ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) requireAPI(perm access.Permission, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.principal(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		r = withPrincipal(r, p)
		// A browser's cookie rides along on any request; only the page's
		// own script knows the token. Bearer callers carry no ambient
		// credentials, so they need none.
		if p.Via == access.KindCookie && unsafeMethod(r) && r.Header.Get("X-CSRF-Token") != p.CSRF {
			s.fail(w, r, fault.New(fault.Forbidden, "%s", i18n.T("http.csrf")))
			return
		}
		if p.MustChange && r.URL.Path != "/api/v1/me/password" && r.URL.Path != "/api/v1/me" && r.URL.Path != "/api/v1/auth/logout" {
			s.fail(w, r, fault.New(fault.Forbidden, "%s", i18n.T("auth.must_change")))
			return
		}
		if perm != "" && !p.Can(perm) {
			s.fail(w, r, ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func validCSRF(r *http.Request, p *access.Principal) bool {
	tok := r.Header.Get("X-CSRF-Token")
	if tok == "" {
		// Multipart forms carry it as a field too; ParseMultipartForm is
		// done by the handler, so only look at what is already parsed or
		// cheap to parse.
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			if err := r.ParseMultipartForm(32 << 20); err != nil {
				return false
			}
		}
		tok = r.FormValue("_csrf")
	}
	return tok != "" && tok == p.CSRF
}

func (s *Server) pageHandler(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

func (s *Server) apiHandler(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// fail answers err as JSON for the API and as a page otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	pub := publicError(err)
	if pub.Code == fault.Internal {
		status = http.StatusInternalServerError
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else if pub.Code == fault.TooLarge {
		status = http.StatusRequestEntityTooLarge
	}
	if isAPI(r) || strings.Contains(r.Header.Get("Accept"), "application/json") && !strings.Contains(r.Header.Get("Accept"), "text/html") {
		WriteJSON(w, status, map[string]any{"error": pub})
		return
	}
	s.Render.Error(w, r, status, pub)
}
