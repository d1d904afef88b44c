package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

func userID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, web.ErrNotFound
	}
	return id, nil
}

// scopedUser returns an account only if its organization is in the
// caller's scope.
func (h *handlers) scopedUser(r *http.Request, id int64) (access.User, error) {
	p := access.From(r.Context())
	if !canSeeUsers(p) {
		return access.User{}, web.ErrForbidden
	}
	u, err := h.acc.GetUser(r.Context(), id)
	if err != nil {
		return u, err
	}
	var path string
	if err := h.db.QueryRowContext(r.Context(), `SELECT path FROM orgs WHERE id = ?`, u.OrgID).Scan(&path); err != nil {
		return u, err
	}
	if !p.InScope(path) {
		return u, fault.New(fault.NotFound, "%s", i18n.T("user.not_found"))
	}
	return u, nil
}

type orgOption struct {
	ID    int64
	Name  string
	Depth int
}

// orgOptions lists the organizations in scope (committees and branches, not
// party groups) for the organization pickers.
func (h *handlers) orgOptions(r *http.Request) ([]orgOption, error) {
	p := access.From(r.Context())
	rows, err := h.db.QueryContext(r.Context(), `SELECT id, name, depth FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND kind <> 'group' ORDER BY path LIMIT 5000`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []orgOption
	for rows.Next() {
		var o orgOption
		if err := rows.Scan(&o.ID, &o.Name, &o.Depth); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func (h *handlers) usersView(r *http.Request, v *web.View) error {
	p := access.From(r.Context())
	if !canSeeUsers(p) {
		return web.ErrForbidden
	}
	pg := web.PagingFrom(r)
	f := access.UserFilter{Q: strings.TrimSpace(r.URL.Query().Get("q")), Role: access.Role(r.URL.Query().Get("role")),
		Limit: pg.Size, Offset: pg.Offset()}
	if !f.Role.Valid() {
		f.Role = ""
	}
	users, total, err := h.acc.ListUsers(r.Context(), p.OrgPath, f)
	if err != nil {
		return err
	}
	orgs, err := h.orgOptions(r)
	if err != nil {
		return err
	}
	data := map[string]any{"Users": users, "Pager": web.NewPager(r, pg, total), "Roles": access.Roles, "Orgs": orgs,
		"Query": r.URL.Query()}
	if m, ok := v.Data.(map[string]any); ok {
		for k, x := range m {
			data[k] = x
		}
	}
	v.Data = data
	v.Title = i18n.T("user.title")
	return nil
}

func (h *handlers) users(w http.ResponseWriter, r *http.Request) error {
	v := &web.View{}
	if err := h.usersView(r, v); err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "admin/users", v)
}

func (h *handlers) createUser(w http.ResponseWriter, r *http.Request) error {
	orgID, _ := strconv.ParseInt(r.PostFormValue("org_id"), 10, 64)
	in := access.NewUser{Username: r.PostFormValue("username"), DisplayName: r.PostFormValue("display_name"), OrgID: orgID}
	v := &web.View{Form: r.PostForm}
	if orgID > 0 {
		if err := h.checkOrgInScope(r, orgID); err != nil {
			return err
		}
	}
	u, pw, err := h.acc.CreateUser(r.Context(), in)
	if err != nil {
		if fault.CodeOf(err) != fault.Invalid {
			return err
		}
		v.FormError(err)
	} else {
		v.Data = map[string]any{"Created": u, "Password": pw}
		v.Form = url.Values{}
	}
	if err := h.usersView(r, v); err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "admin/users", v)
}

func (h *handlers) checkOrgInScope(r *http.Request, orgID int64) error {
	var path string
	err := h.db.QueryRowContext(r.Context(), `SELECT path FROM orgs WHERE id = ?`, orgID).Scan(&path)
	if err != nil || !access.From(r.Context()).InScope(path) {
		var v fault.Fields
		v.Add("org_id", i18n.T("user.field.org"), i18n.T("field.not_found"))
		return v.Err()
	}
	return nil
}

func (h *handlers) user(w http.ResponseWriter, r *http.Request) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	u, err := h.scopedUser(r, id)
	if err != nil {
		return err
	}
	orgs, err := h.orgOptions(r)
	if err != nil {
		return err
	}
	v := &web.View{Title: u.DisplayName, Data: map[string]any{"User": u, "Roles": access.Roles, "Orgs": orgs}}
	return h.srv.Render.HTML(w, r, "admin/user", v)
}

func (h *handlers) grant(w http.ResponseWriter, r *http.Request) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	if _, err := h.scopedUser(r, id); err != nil {
		return err
	}
	orgID, _ := strconv.ParseInt(r.PostFormValue("org_id"), 10, 64)
	if err := h.checkOrgInScope(r, orgID); err != nil {
		return h.userWithError(w, r, id, err)
	}
	if err := h.acc.Grant(r.Context(), access.From(r.Context()), id, access.Role(r.PostFormValue("role")), orgID); err != nil {
		if fault.CodeOf(err) == fault.Invalid || fault.CodeOf(err) == fault.Forbidden {
			return h.userWithError(w, r, id, err)
		}
		return err
	}
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10)+"?msg=msg.user.granted", http.StatusSeeOther)
	return nil
}

func (h *handlers) userWithError(w http.ResponseWriter, r *http.Request, id int64, cause error) error {
	u, err := h.scopedUser(r, id)
	if err != nil {
		return err
	}
	orgs, err := h.orgOptions(r)
	if err != nil {
		return err
	}
	v := &web.View{Title: u.DisplayName, Form: r.PostForm, Data: map[string]any{"User": u, "Roles": access.Roles, "Orgs": orgs}}
	v.FormError(cause)
	return h.srv.Render.HTML(w, r, "admin/user", v)
}

func (h *handlers) unlock(w http.ResponseWriter, r *http.Request) error {
	return h.simpleAction(w, r, "msg.user.unlocked", func(id int64) error { return h.acc.Unlock(r.Context(), id) })
}

func (h *handlers) disable(w http.ResponseWriter, r *http.Request) error {
	return h.simpleAction(w, r, "msg.user.disabled", func(id int64) error {
		return h.acc.SetDisabled(r.Context(), access.From(r.Context()), id, true)
	})
}

func (h *handlers) enable(w http.ResponseWriter, r *http.Request) error {
	return h.simpleAction(w, r, "msg.user.enabled", func(id int64) error {
		return h.acc.SetDisabled(r.Context(), access.From(r.Context()), id, false)
	})
}

func (h *handlers) simpleAction(w http.ResponseWriter, r *http.Request, msg string, fn func(int64) error) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	if _, err := h.scopedUser(r, id); err != nil {
		return err
	}
	if err := fn(id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10)+"?msg="+msg, http.StatusSeeOther)
	return nil
}

func (h *handlers) reset(w http.ResponseWriter, r *http.Request) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	u, err := h.scopedUser(r, id)
	if err != nil {
		return err
	}
	pw, err := h.acc.ResetPassword(r.Context(), id)
	if err != nil {
		return err
	}
	orgs, err := h.orgOptions(r)
	if err != nil {
		return err
	}
	v := &web.View{Title: u.DisplayName, Data: map[string]any{"User": u, "Roles": access.Roles, "Orgs": orgs, "Password": pw}}
	return h.srv.Render.HTML(w, r, "admin/user", v)
}
