package partner

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

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
