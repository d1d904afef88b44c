package archive

import (
	"net/http"
	"strconv"

	"troika/internal/access"
	"troika/internal/web"
)

func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f, _, err := filterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.List(r.Context(), p, f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[Archive]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

func (h *handlers) apiOverdue(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := Filter{Limit: pg.Size, Offset: pg.Offset()}
	if u, err := strconv.ParseInt(r.URL.Query().Get("under"), 10, 64); err == nil {
		f.Under = u
	}
	items, total, err := h.svc.Overdue(r.Context(), p, f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[Archive]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

func (h *handlers) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	a, err := h.svc.Get(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, a)
	return nil
}

func (h *handlers) apiHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	evs, ls, err := h.svc.History(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"events": evs, "loans": ls})
	return nil
}

func (h *handlers) apiReveal(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	n, err := h.svc.Reveal(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]string{"id_number": n})
	return nil
}

func (h *handlers) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	a, err := h.svc.Create(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, a)
	return nil
}

func (h *handlers) apiUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	a, err := h.svc.Update(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, a)
	return nil
}

// stepBody is any step's request body; each step reads its own fields.
type stepBody struct {
	ShelfNo       string `json:"shelf_no"`
	FiledOn       string `json:"filed_on"`
	Borrower      string `json:"borrower"`
	BorrowerUnit  string `json:"borrower_unit"`
	Purpose       string `json:"purpose"`
	LentOn        string `json:"lent_on"`
	DueOn         string `json:"due_on"`
	ReturnedOn    string `json:"returned_on"`
	TransferredOn string `json:"transferred_on"`
	TransferredTo string `json:"transferred_to"`
	ReceiptNo     string `json:"receipt_no"`
}

func (b stepBody) get(k string) string {
	return map[string]string{"shelf_no": b.ShelfNo, "filed_on": b.FiledOn, "borrower": b.Borrower, "borrower_unit": b.BorrowerUnit,
		"purpose": b.Purpose, "lent_on": b.LentOn, "due_on": b.DueOn, "returned_on": b.ReturnedOn,
		"transferred_on": b.TransferredOn, "transferred_to": b.TransferredTo, "receipt_no": b.ReceiptNo}[k]
}

func (h *handlers) apiStep(a Action) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var b stepBody
		if err := web.DecodeJSON(w, r, &b); err != nil {
			return err
		}
		arch, err := h.doStep(r, a, b.get)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, arch)
		return nil
	}
}
