// Package account is the user's own side of access: signing in and out,
// changing the password, and their sessions and personal access tokens.
package account

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the account pages.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "account", FS: sub}
}

type handlers struct {
	acc *access.Service
	srv *web.Server
}

// Routes mounts sign-in, sign-out and the account pages and API.
func Routes(srv *web.Server, acc *access.Service) {
	h := &handlers{acc: acc, srv: srv}
	// Each attempt costs an argon2 hash (19 MiB, tens of milliseconds): a
	// guessing loop from one address is slowed to one try a second after a
	// burst, beside the per-account lock after 5 wrong passwords.
	throttle := web.NewLimiter(1, 30)
	srv.Public("GET /login", h.loginForm)
	srv.Public("POST /login", throttle.Limit(h.login))
	srv.Page("POST /logout", "", h.logout)
	srv.Page("GET /account", access.PermSelf, h.overview)
	srv.Page("GET /account/password", "", h.passwordForm)
	srv.Page("POST /account/password", "", h.changePassword)
	srv.Page("POST /account/sessions/{id}/revoke", access.PermSelf, h.revokeSession)
	srv.Page("POST /account/tokens", access.PermSelf, h.createToken)
	srv.Page("POST /account/tokens/{id}/revoke", access.PermSelf, h.revokeToken)

	srv.PublicAPI("POST /api/v1/auth/login", throttle.Limit(h.apiLogin))
	srv.API("POST /api/v1/auth/logout", "", h.apiLogout)
	srv.API("GET /api/v1/me", "", h.apiMe)
	srv.API("POST /api/v1/me/password", "", h.apiPassword)
	srv.API("GET /api/v1/me/tokens", access.PermSelf, h.apiTokens)
	srv.API("POST /api/v1/me/tokens", access.PermSelf, h.apiCreateToken)
	srv.API("DELETE /api/v1/me/tokens/{id}", access.PermSelf, h.apiRevokeToken)

	srv.AddNav(web.NavItem{Group: "nav.system", Label: "nav.account", Href: "/account", Perm: access.PermSelf, Order: 90})
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

func (h *handlers) loginForm(w http.ResponseWriter, r *http.Request) error {
	v := &web.View{Title: i18n.T("auth.login"), Form: url.Values{"next": {r.URL.Query().Get("next")}}}
	if r.URL.Query().Get("out") == "1" {
		v.Flash = i18n.T("auth.logged_out")
	}
	return h.srv.Render.HTML(w, r, "account/login", v)
}

func (h *handlers) login(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return fault.New(fault.Invalid, "%s", i18n.T("fault.invalid"))
	}
	token, _, err := h.acc.Login(r.Context(), r.PostFormValue("username"), r.PostFormValue("password"),
		web.ClientIP(r), r.UserAgent(), access.KindCookie)
	if err != nil {
		if c := fault.CodeOf(err); c != fault.Unauthorized && c != fault.Locked {
			return err
		}
		v := &web.View{Title: i18n.T("auth.login"), Form: r.PostForm, Status: http.StatusUnauthorized}
		v.FormError(err)
		if fault.CodeOf(err) == fault.Locked {
			v.Status = http.StatusLocked
		}
		return h.srv.Render.HTML(w, r, "account/login", v)
	}
	http.SetCookie(w, &http.Cookie{Name: web.SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: h.srv.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

func (h *handlers) logout(w http.ResponseWriter, r *http.Request) error {
	if err := h.acc.Logout(r.Context(), access.From(r.Context())); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: web.SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: h.srv.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login?out=1", http.StatusSeeOther)
	return nil
}

func (h *handlers) accountView(r *http.Request, v *web.View) (*web.View, error) {
	p := access.From(r.Context())
	sessions, err := h.acc.Sessions(r.Context(), p)
	if err != nil {
		return nil, err
	}
	tokens, err := h.acc.Tokens(r.Context(), p)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Sessions": sessions, "Tokens": tokens}
	if m, ok := v.Data.(map[string]any); ok {
		for k, x := range m {
			data[k] = x
		}
	}
	v.Data = data
	if v.Title == "" {
		v.Title = i18n.T("account.title")
	}
	return v, nil
}

func (h *handlers) overview(w http.ResponseWriter, r *http.Request) error {
	v, err := h.accountView(r, &web.View{})
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "account/account", v)
}

func (h *handlers) passwordForm(w http.ResponseWriter, r *http.Request) error {
	return h.srv.Render.HTML(w, r, "account/password", &web.View{Title: i18n.T("account.password")})
}

func (h *handlers) changePassword(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	var err error
	if r.PostFormValue("password") != r.PostFormValue("password2") {
		var v fault.Fields
		v.Add("password2", i18n.T("user.field.password2"), i18n.T("password.mismatch"))
		err = v.Err()
	} else {
		err = h.acc.ChangePassword(r.Context(), p.UserID, r.PostFormValue("old_password"), r.PostFormValue("password"))
	}
	if err != nil {
		if fault.CodeOf(err) != fault.Invalid {
			return err
		}
		v := &web.View{Title: i18n.T("account.password")}
		v.FormError(err)
		return h.srv.Render.HTML(w, r, "account/password", v)
	}
	http.Redirect(w, r, "/?msg=msg.account.password_changed", http.StatusSeeOther)
	return nil
}

func (h *handlers) revokeSession(w http.ResponseWriter, r *http.Request) error {
	if err := h.acc.RevokeSession(r.Context(), access.From(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?msg=msg.account.revoked", http.StatusSeeOther)
	return nil
}

func (h *handlers) createToken(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	days, derr := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days")))
	var secret string
	var err error
	if derr != nil {
		var v fault.Fields
		v.Add("days", i18n.T("token.field.days"), i18n.T("field.number"))
		err = v.Err()
	} else {
		_, secret, err = h.acc.CreateToken(r.Context(), p, r.PostFormValue("name"), days)
	}
	v := &web.View{Form: r.PostForm}
	if err != nil {
		if fault.CodeOf(err) != fault.Invalid {
			return err
		}
		v.FormError(err)
	} else {
		v.Data = map[string]any{"NewToken": secret}
		v.Form = nil
	}
	v, err = h.accountView(r, v)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "account/account", v)
}

func (h *handlers) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return web.ErrNotFound
	}
	if err := h.acc.RevokeToken(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?msg=msg.account.revoked", http.StatusSeeOther)
	return nil
}
