package partner

import (
	"context"
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

func apiGet[T any](get func(context.Context, *access.Principal, int64) (T, error)) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r)
		if err != nil {
			return err
		}
		x, err := get(r.Context(), access.From(r.Context()), id)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, x)
		return nil
	}
}

func apiCreate[In, T any](create func(context.Context, *access.Principal, In) (T, error)) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in In
		if err := web.DecodeJSON(w, r, &in); err != nil {
			return err
		}
		x, err := create(r.Context(), access.From(r.Context()), in)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusCreated, x)
		return nil
	}
}

func apiUpdate[In, T any](update func(context.Context, *access.Principal, int64, In) (T, error)) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r)
		if err != nil {
			return err
		}
		var in In
		if err := web.DecodeJSON(w, r, &in); err != nil {
			return err
		}
		x, err := update(r.Context(), access.From(r.Context()), id, in)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, x)
		return nil
	}
}

func apiDelete(del func(context.Context, *access.Principal, int64) error) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r)
		if err != nil {
			return err
		}
		if err := del(r.Context(), access.From(r.Context()), id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

type dealList struct {
	web.ListResult[Deal]
	Sum int64 `json:"sum"`
}

func (h *handlers) apiDeals(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, sum, err := h.svc.ListDeals(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []Deal{}
	}
	web.WriteJSON(w, http.StatusOK, dealList{ListResult: web.ListResult[Deal]{Items: items, Total: total, Page: pg.Page, Size: pg.Size}, Sum: sum})
	return nil
}

type projectList struct {
	web.ListResult[Project]
	Totals ProjectTotals `json:"totals"`
}

func (h *handlers) apiProjects(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, t, err := h.svc.ListProjects(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []Project{}
	}
	web.WriteJSON(w, http.StatusOK, projectList{ListResult: web.ListResult[Project]{Items: items, Total: total, Page: pg.Page, Size: pg.Size}, Totals: t})
	return nil
}
