package cadre

import (
	"encoding/json"
	"net/http"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/web"
	"troika/internal/xlsx"
)

func (h *handlers) apiList(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		pg := web.PagingFrom(r)
		f, err := h.filterOf(g, r.URL.Query())
		if err != nil {
			return err
		}
		if g.Parent != nil {
			if f.ParentID, err = h.parentOf(g, r); err != nil {
				return err
			}
		}
		f.Limit, f.Offset = pg.Size, pg.Offset()
		items, total, err := h.svc.List(r.Context(), access.From(r.Context()), g, f)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, web.ListResult[Record]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
		return nil
	}
}

func (h *handlers) apiGet(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathInt(r, "id")
		if err != nil {
			return err
		}
		rec, err := h.svc.Get(r.Context(), access.From(r.Context()), g, id)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, rec)
		return nil
	}
}

// body reads a register's JSON body into form values.
func body(g *register, w http.ResponseWriter, r *http.Request) (map[string]string, error) {
	var m map[string]any
	if err := web.DecodeJSON(w, r, &m); err != nil {
		return nil, err
	}
	return g.fromJSON(m)
}

func (h *handlers) apiCreate(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		parent, err := h.parentOf(g, r)
		if err != nil {
			return err
		}
		in, err := body(g, w, r)
		if err != nil {
			return err
		}
		rec, err := h.svc.Create(r.Context(), access.From(r.Context()), g, parent, in)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusCreated, rec)
		return nil
	}
}

func (h *handlers) apiUpdate(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathInt(r, "id")
		if err != nil {
			return err
		}
		in, err := body(g, w, r)
		if err != nil {
			return err
		}
		rec, err := h.svc.Update(r.Context(), access.From(r.Context()), g, id, in)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, rec)
		return nil
	}
}

func (h *handlers) apiDelete(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathInt(r, "id")
		if err != nil {
			return err
		}
		if _, err := h.svc.Delete(r.Context(), access.From(r.Context()), g, id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// export streams a register's filtered list as a workbook of every field
// shown as on the page (ID numbers masked); audited.
func (h *handlers) export(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := access.From(r.Context())
		f, err := h.filterOf(g, r.URL.Query())
		if err != nil {
			return err
		}
		filter, _ := json.Marshal(r.URL.Query())
		if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: g.Audit,
			Detail: map[string]any{"filter": string(filter)}}); err != nil {
			return err
		}
		var shown []field
		headers := []string{i18n.T("cadre.f.no")}
		widths := []float64{8}
		for _, fl := range g.Fields {
			if fl.Virtual || fl.Secret {
				continue
			}
			shown = append(shown, fl)
			headers = append(headers, fl.Label())
			widths = append(widths, 16)
		}
		where, args := g.where(p.OrgPath, f)
		sheet := xlsx.Sheet{Name: g.Title(), Headers: headers, Widths: widths,
			Rows: func(emit func(cells ...any) error) error {
				return g.each(r.Context(), h.svc.DB, where+` ORDER BY `+g.order(), args, func(rec Record) error {
					cells := []any{rec.ID}
					for _, fl := range shown {
						cells = append(cells, rec.Show(fl.Key))
					}
					return emit(cells...)
				})
			}}
		return xlsx.Serve(w, g.Title(), sheet)
	}
}
