package service

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

func (h *handlers) apiProjects(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f, _, err := projectFilterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Projects(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

func (h *handlers) apiProject(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Project(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (h *handlers) apiProjectCreate(w http.ResponseWriter, r *http.Request) error {
	var in ProjectInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := h.svc.CreateProject(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, x)
	return nil
}

func (h *handlers) apiProjectUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in ProjectInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := h.svc.UpdateProject(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (h *handlers) apiProjectDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteProject(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *handlers) apiWishes(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	if !mayReadWishes(p) {
		return web.ErrForbidden
	}
	pg := web.PagingFrom(r)
	f, err := wishFilterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Wishes(r.Context(), p, f)
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

func (h *handlers) apiWish(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	if !mayReadWishes(p) {
		return web.ErrForbidden
	}
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Wish(r.Context(), p, id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (h *handlers) apiWishHistory(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	if !mayReadWishes(p) {
		return web.ErrForbidden
	}
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	evs, err := h.svc.WishHistory(r.Context(), p, id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"events": evs})
	return nil
}

func (h *handlers) apiWishCreate(w http.ResponseWriter, r *http.Request) error {
	var in WishInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := h.svc.SubmitFor(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, x)
	return nil
}

// stepBody is any JSON step's body; each step reads its own fields.
type stepBody struct {
	ClaimBy string `json:"claim_by"`
	Reason  string `json:"reason"`
	OrgID   int64  `json:"org_id"`
	DueOn   string `json:"due_on"`
}

func (h *handlers) apiStep(a WishAction) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var b stepBody
		if err := web.DecodeJSON(w, r, &b); err != nil {
			return err
		}
		get := func(k string) string {
			switch k {
			case "claim_by":
				return b.ClaimBy
			case "reason":
				return b.Reason
			case "due_on":
				return b.DueOn
			case "org_id":
				if b.OrgID > 0 {
					return formatID(b.OrgID)
				}
			}
			return ""
		}
		x, err := h.doStep(r, a, get)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, x)
		return nil
	}
}

// apiFulfil takes multipart/form-data: fulfilled_on, note and the photo.
func (h *handlers) apiFulfil(w http.ResponseWriter, r *http.Request) error {
	if err := parseUpload(w, r); err != nil {
		return err
	}
	x, err := h.doStep(r, ActFulfil, r.FormValue)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}
