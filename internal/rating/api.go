package rating

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r)
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.List(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

func (h *handlers) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	e, err := h.svc.Get(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, e)
	return nil
}

func (h *handlers) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := h.svc.Create(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, e)
	return nil
}

func (h *handlers) apiScores(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Scores []Score `json:"scores"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := h.svc.SaveScores(r.Context(), access.From(r.Context()), id, in.Scores)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, e)
	return nil
}

func (h *handlers) apiPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	e, err := h.svc.Publish(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, e)
	return nil
}

func (h *handlers) apiAdjust(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in AdjustInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := h.svc.Adjust(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, e)
	return nil
}

func (h *handlers) apiAdjustments(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	adj, err := h.svc.Adjustments(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": adj})
	return nil
}

func (h *handlers) apiStars(w http.ResponseWriter, r *http.Request) error {
	items, err := h.svc.Stars(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (h *handlers) apiStarCreate(w http.ResponseWriter, r *http.Request) error {
	var in StarInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	it, err := h.svc.SaveStar(r.Context(), access.From(r.Context()), 0, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, it)
	return nil
}

func (h *handlers) apiStarUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in StarInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	it, err := h.svc.SaveStar(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, it)
	return nil
}
