package member

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.List(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[Member]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

// apiGet answers a member, masked; ?unmask=1 answers it in clear for a
// role with the right (audited) and 403 for any other.
func (h *handlers) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	p := access.From(r.Context())
	var m Member
	if r.URL.Query().Get("unmask") == "1" {
		m, err = h.svc.Unmask(r.Context(), p, id)
	} else {
		m, err = h.svc.Get(r.Context(), p, id)
	}
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, m)
	return nil
}

func (h *handlers) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := h.svc.Create(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, m)
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
	m, err := h.svc.Update(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, m)
	return nil
}

func (h *handlers) apiEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	evs, err := h.svc.Events(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	if evs == nil {
		evs = []Event{}
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": evs})
	return nil
}

func (h *handlers) apiTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in TransferInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	t, err := h.svc.StartTransfer(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, t)
	return nil
}

func (h *handlers) apiDeceased(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in struct {
		On   string `json:"on"`
		Note string `json:"note"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	p := access.From(r.Context())
	if err := h.svc.MarkDeceased(r.Context(), p, id, in.On, in.Note); err != nil {
		return err
	}
	m, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, m)
	return nil
}

func (h *handlers) apiDistribution(w http.ResponseWriter, r *http.Request) error {
	var org int64
	if s := r.URL.Query().Get("org"); s != "" {
		id, err := parseID(s)
		if err != nil {
			return web.ErrNotFound
		}
		org = id
	}
	d, err := h.svc.Distribution(r.Context(), access.From(r.Context()), org, r.URL.Query().Get("on"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (h *handlers) apiTransfers(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	q := r.URL.Query()
	f := TransferFilter{Box: q.Get("box"), Status: q.Get("status"), Limit: pg.Size, Offset: pg.Offset()}
	items, total, err := h.svc.Transfers(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[Transfer]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

func (h *handlers) apiGetTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := transferID(r)
	if err != nil {
		return err
	}
	t, err := h.svc.GetTransfer(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, t)
	return nil
}

func (h *handlers) apiAccept(w http.ResponseWriter, r *http.Request) error {
	id, err := transferID(r)
	if err != nil {
		return err
	}
	t, err := h.svc.Accept(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, t)
	return nil
}

func (h *handlers) apiReturn(w http.ResponseWriter, r *http.Request) error {
	id, err := transferID(r)
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	t, err := h.svc.Return(r.Context(), access.From(r.Context()), id, in.Reason)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, t)
	return nil
}
