package admin

import (
	"net/http"
	"strings"

	"troika/internal/access"
	"troika/internal/web"
)

func (h *handlers) apiUsers(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	if !canSeeUsers(p) {
		return web.ErrForbidden
	}
	pg := web.PagingFrom(r)
	f := access.UserFilter{Q: strings.TrimSpace(r.URL.Query().Get("q")), Role: access.Role(r.URL.Query().Get("role")), Limit: pg.Size, Offset: pg.Offset()}
	users, total, err := h.acc.ListUsers(r.Context(), p.OrgPath, f)
	if err != nil {
		return err
	}
	if users == nil {
		users = []access.User{}
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[access.User]{Items: users, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

func (h *handlers) apiUser(w http.ResponseWriter, r *http.Request) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	u, err := h.scopedUser(r, id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, u)
	return nil
}

func (h *handlers) apiCreateUser(w http.ResponseWriter, r *http.Request) error {
	var in access.NewUser
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.OrgID > 0 {
		if err := h.checkOrgInScope(r, in.OrgID); err != nil {
			return err
		}
	}
	u, pw, err := h.acc.CreateUser(r.Context(), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, map[string]any{"user": u, "initial_password": pw})
	return nil
}

func (h *handlers) apiGrant(w http.ResponseWriter, r *http.Request) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	if _, err := h.scopedUser(r, id); err != nil {
		return err
	}
	var in struct {
		Role  access.Role `json:"role"`
		OrgID int64       `json:"org_id"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := h.checkOrgInScope(r, in.OrgID); err != nil {
		return err
	}
	if err := h.acc.Grant(r.Context(), access.From(r.Context()), id, in.Role, in.OrgID); err != nil {
		return err
	}
	u, err := h.acc.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, u)
	return nil
}

func (h *handlers) apiSimple(w http.ResponseWriter, r *http.Request, fn func(int64) error) error {
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
	u, err := h.acc.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, u)
	return nil
}

func (h *handlers) apiUnlock(w http.ResponseWriter, r *http.Request) error {
	return h.apiSimple(w, r, func(id int64) error { return h.acc.Unlock(r.Context(), id) })
}

func (h *handlers) apiDisable(w http.ResponseWriter, r *http.Request) error {
	return h.apiSimple(w, r, func(id int64) error { return h.acc.SetDisabled(r.Context(), access.From(r.Context()), id, true) })
}

func (h *handlers) apiEnable(w http.ResponseWriter, r *http.Request) error {
	return h.apiSimple(w, r, func(id int64) error { return h.acc.SetDisabled(r.Context(), access.From(r.Context()), id, false) })
}

func (h *handlers) apiReset(w http.ResponseWriter, r *http.Request) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	if _, err := h.scopedUser(r, id); err != nil {
		return err
	}
	pw, err := h.acc.ResetPassword(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"temporary_password": pw})
	return nil
}
