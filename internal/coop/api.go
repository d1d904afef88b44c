package coop

import (
	"context"
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

// A filtered page of any of the ledgers; one record, a create and an
// update are web.APIGet, web.APICreate and web.APIUpdate.

func apiList[T any](list func(context.Context, *access.Principal, Filter) ([]T, int, error)) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		pg := web.PagingFrom(r)
		f := filterFrom(r.URL.Query())
		f.Limit, f.Offset = pg.Size, pg.Offset()
		items, total, err := list(r.Context(), access.From(r.Context()), f)
		if err != nil {
			return err
		}
		web.WriteList(w, items, total, pg)
		return nil
	}
}

// coopList is the API's page of cooperatives with the sums over the whole
// filtered list.
type coopList struct {
	web.ListResult[Coop]
	Totals Totals `json:"totals"`
}

func (h *handlers) apiCoops(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, t, err := h.svc.ListCoops(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []Coop{}
	}
	web.WriteJSON(w, http.StatusOK, coopList{ListResult: web.ListResult[Coop]{Items: items, Total: total, Page: pg.Page, Size: pg.Size}, Totals: t})
	return nil
}

// incomeList is the API's page of income entries with the sum (fen) over
// the whole filtered list.
type incomeList struct {
	web.ListResult[Income]
	Sum int64 `json:"sum"`
}

func (h *handlers) apiIncomes(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, sum, err := h.svc.ListIncomes(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []Income{}
	}
	web.WriteJSON(w, http.StatusOK, incomeList{ListResult: web.ListResult[Income]{Items: items, Total: total, Page: pg.Page, Size: pg.Size}, Sum: sum})
	return nil
}

func (h *handlers) apiIncomeDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteIncome(r.Context(), access.From(r.Context()), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
