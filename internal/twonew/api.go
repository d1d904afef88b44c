package twonew

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

func (h *handlers) apiMenus(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	items, total, err := h.svc.Menus(r.Context(), access.From(r.Context()), r.URL.Query().Get("q"), pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

func (h *handlers) apiMenu(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	m, err := h.svc.Menu(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, m)
	return nil
}

// save decodes a body and runs fn, answering 201 for a new record.
func save[In, Out any](w http.ResponseWriter, r *http.Request, fn func(id int64, in In) (Out, error)) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = web.PathID(r); err != nil {
			return err
		}
	}
	var in In
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	out, err := fn(id, in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		status = http.StatusCreated
	}
	web.WriteJSON(w, status, out)
	return nil
}

func (h *handlers) apiMenuSave(w http.ResponseWriter, r *http.Request) error {
	return save(w, r, func(id int64, in MenuInput) (Menu, error) {
		return h.svc.SaveMenu(r.Context(), access.From(r.Context()), id, in)
	})
}

func (h *handlers) apiItemCreate(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	menu, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in ItemInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	in.MenuID = menu
	it, err := h.svc.SaveItem(r.Context(), p, 0, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, it)
	return nil
}

func (h *handlers) apiItem(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	it, err := h.svc.Item(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, it)
	return nil
}

func (h *handlers) apiItemSave(w http.ResponseWriter, r *http.Request) error {
	return save(w, r, func(id int64, in ItemInput) (Item, error) {
		return h.svc.SaveItem(r.Context(), access.From(r.Context()), id, in)
	})
}

func (h *handlers) apiRequests(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f, err := requestFilterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Requests(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

func (h *handlers) apiRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Request(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (h *handlers) apiRequestCreate(w http.ResponseWriter, r *http.Request) error {
	return save(w, r, func(_ int64, in RequestInput) (Request, error) {
		return h.svc.CreateRequest(r.Context(), access.From(r.Context()), in)
	})
}

func (h *handlers) apiRequestHandle(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in HandleInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := h.svc.Handle(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}
