package grid

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

func decodeAnd[T any, R any](w http.ResponseWriter, r *http.Request, status int, fn func(T) (R, error)) error {
	var in T
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	out, err := fn(in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, status, out)
	return nil
}

func (h *handlers) apiGrids(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := gridFilterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Grids(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

func (h *handlers) apiCreateGrid(w http.ResponseWriter, r *http.Request) error {
	return decodeAnd(w, r, http.StatusCreated, func(in GridInput) (Grid, error) {
		return h.svc.CreateGrid(r.Context(), access.From(r.Context()), in)
	})
}

func (h *handlers) apiGrid(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	g, err := h.svc.Grid(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, g)
	return nil
}

func (h *handlers) apiUpdateGrid(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	return decodeAnd(w, r, http.StatusOK, func(in GridInput) (Grid, error) {
		return h.svc.UpdateGrid(r.Context(), access.From(r.Context()), id, in)
	})
}

func (h *handlers) apiWorkers(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	ws, err := h.svc.Workers(r.Context(), access.From(r.Context()), id, r.URL.Query().Get("all") == "1")
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": ws})
	return nil
}

func (h *handlers) apiAssignWorker(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	return decodeAnd(w, r, http.StatusCreated, func(in WorkerInput) (Worker, error) {
		return h.svc.AssignWorker(r.Context(), access.From(r.Context()), id, in)
	})
}

func (h *handlers) apiEndWorker(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	wid, err := web.PathInt(r, "wid")
	if err != nil {
		return err
	}
	var in struct {
		Until string `json:"until"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	p := access.From(r.Context())
	if err := h.svc.EndWorker(r.Context(), p, id, wid, in.Until); err != nil {
		return err
	}
	ws, err := h.svc.Workers(r.Context(), p, id, true)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": ws})
	return nil
}

func (h *handlers) apiResidents(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := residentFilterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Residents(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

func (h *handlers) apiCreateResident(w http.ResponseWriter, r *http.Request) error {
	return decodeAnd(w, r, http.StatusCreated, func(in ResidentInput) (Resident, error) {
		return h.svc.CreateResident(r.Context(), access.From(r.Context()), in)
	})
}

// apiResident answers a resident, masked; ?unmask=1 in clear for a role
// with the right (audited), 403 for any other.
func (h *handlers) apiResident(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	p := access.From(r.Context())
	var res Resident
	if r.URL.Query().Get("unmask") == "1" {
		res, err = h.svc.Unmask(r.Context(), p, id)
	} else {
		res, err = h.svc.Resident(r.Context(), p, id)
	}
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, res)
	return nil
}

func (h *handlers) apiUpdateResident(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	return decodeAnd(w, r, http.StatusOK, func(in ResidentInput) (Resident, error) {
		return h.svc.UpdateResident(r.Context(), access.From(r.Context()), id, in)
	})
}

func (h *handlers) apiLeave(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	return decodeAnd(w, r, http.StatusOK, func(in struct {
		Status string `json:"status"`
		On     string `json:"on"`
		Note   string `json:"note"`
	}) (Resident, error) {
		p := access.From(r.Context())
		if err := h.svc.Leave(r.Context(), p, id, in.Status, in.On, in.Note); err != nil {
			return Resident{}, err
		}
		return h.svc.Resident(r.Context(), p, id)
	})
}

func (h *handlers) apiHousehold(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	hh, err := h.svc.Household(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, hh)
	return nil
}

func (h *handlers) apiVisits(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	q := r.URL.Query()
	f := VisitFilter{GridID: web.QueryInt(r, "grid"), HouseholdID: web.QueryInt(r, "household"), ResidentID: web.QueryInt(r, "resident"),
		Limit: pg.Size, Offset: pg.Offset()}
	if d, ok := validDay(q.Get("from")); ok {
		f.From = d
	}
	if d, ok := validDay(q.Get("to")); ok {
		f.To = d
	}
	items, total, err := h.svc.Visits(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

func (h *handlers) apiCreateVisit(w http.ResponseWriter, r *http.Request) error {
	return decodeAnd(w, r, http.StatusCreated, func(in VisitInput) (Visit, error) {
		return h.svc.RecordVisit(r.Context(), access.From(r.Context()), in)
	})
}

func (h *handlers) apiTags(w http.ResponseWriter, r *http.Request) error {
	tags, err := h.svc.Tags(r.Context(), access.From(r.Context()), r.URL.Query().Get("all") == "1")
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": tags})
	return nil
}

func (h *handlers) apiCreateTag(w http.ResponseWriter, r *http.Request) error {
	return decodeAnd(w, r, http.StatusCreated, func(in TagInput) (Tag, error) {
		return h.svc.CreateTag(r.Context(), access.From(r.Context()), in)
	})
}

func (h *handlers) apiUpdateTag(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	return decodeAnd(w, r, http.StatusOK, func(in TagInput) (Tag, error) {
		return h.svc.UpdateTag(r.Context(), access.From(r.Context()), id, in)
	})
}

func (h *handlers) apiSites(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := siteFilterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Sites(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

func (h *handlers) apiCreateSite(w http.ResponseWriter, r *http.Request) error {
	return decodeAnd(w, r, http.StatusCreated, func(in SiteInput) (Site, error) {
		return h.svc.CreateSite(r.Context(), access.From(r.Context()), in)
	})
}

func (h *handlers) apiSite(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	st, err := h.svc.Site(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, st)
	return nil
}

func (h *handlers) apiUpdateSite(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	return decodeAnd(w, r, http.StatusOK, func(in SiteInput) (Site, error) {
		return h.svc.UpdateSite(r.Context(), access.From(r.Context()), id, in)
	})
}
