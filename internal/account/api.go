package account

import (
	"net/http"
	"strconv"

	"troika/internal/access"
	"troika/internal/web"
)

func (h *handlers) apiLogin(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	token, p, err := h.acc.Login(r.Context(), in.Username, in.Password, web.ClientIP(r), r.UserAgent(), access.KindBearer)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"token": token, "token_type": "Bearer", "user": me(p),
		"idle_timeout_seconds": int(h.acc.Policy.IdleTimeout.Seconds())})
	return nil
}

func (h *handlers) apiLogout(w http.ResponseWriter, r *http.Request) error {
	if err := h.acc.Logout(r.Context(), access.From(r.Context())); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type meView struct {
	ID          int64               `json:"id"`
	Username    string              `json:"username"`
	DisplayName string              `json:"display_name"`
	Role        access.Role         `json:"role"`
	RoleLabel   string              `json:"role_label"`
	OrgID       int64               `json:"org_id"`
	OrgName     string              `json:"org_name"`
	MustChange  bool                `json:"must_change_password"`
	Permissions []access.Permission `json:"permissions"`
}

func me(p *access.Principal) meView {
	return meView{ID: p.UserID, Username: p.Username, DisplayName: p.DisplayName, Role: p.Role, RoleLabel: p.Role.Label(),
		OrgID: p.OrgID, OrgName: p.OrgName, MustChange: p.MustChange, Permissions: access.PermissionsOf(p.Role)}
}

func (h *handlers) apiMe(w http.ResponseWriter, r *http.Request) error {
	web.WriteJSON(w, http.StatusOK, me(access.From(r.Context())))
	return nil
}

func (h *handlers) apiPassword(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		OldPassword string `json:"old_password"`
		Password    string `json:"password"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := h.acc.ChangePassword(r.Context(), access.From(r.Context()).UserID, in.OldPassword, in.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handlers) apiTokens(w http.ResponseWriter, r *http.Request) error {
	list, err := h.acc.Tokens(r.Context(), access.From(r.Context()))
	if err != nil {
		return err
	}
	if list == nil {
		list = []access.Token{}
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
	return nil
}

func (h *handlers) apiCreateToken(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name string `json:"name"`
		Days int    `json:"days"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	t, secret, err := h.acc.CreateToken(r.Context(), access.From(r.Context()), in.Name, in.Days)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, map[string]any{"token": t, "secret": secret})
	return nil
}

func (h *handlers) apiRevokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return web.ErrNotFound
	}
	if err := h.acc.RevokeToken(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
