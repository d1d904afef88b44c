package bt

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

func (h *handlers) apiOverview(w http.ResponseWriter, r *http.Request) error {
	f, err := h.overviewFilter(r)
	if err != nil {
		return err
	}
	cells, tally, err := h.svc.Overview(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	if cells == nil {
		cells = []Cell{}
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"month": f.Month, "tally": tally, "branches": cells})
	return nil
}

func (h *handlers) apiYear(w http.ResponseWriter, r *http.Request) error {
	y := r.URL.Query().Get("year")
	if len(y) != 4 || !validMonth(y+"-01") {
		var v fault.Fields
		v.Add("year", i18n.T("bt.field.year"), i18n.T("bt.year_format"))
		return v.Err()
	}
	rows, err := h.svc.Year(r.Context(), access.From(r.Context()), y, web.QueryInt(r, "under"))
	if err != nil {
		return err
	}
	type out struct {
		OrgID      int64   `json:"org_id"`
		OrgName    string  `json:"org_name"`
		ParentName string  `json:"parent_name"`
		Months     [12]any `json:"months"`
	}
	res := []out{}
	for _, r := range rows {
		o := out{OrgID: r.OrgID, OrgName: r.OrgName, ParentName: r.ParentName}
		for i, c := range r.Months {
			o.Months[i] = map[string]any{"status": c.Status, "light": c.Light, "assessment_id": c.AssessmentID}
		}
		res = append(res, o)
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"year": y, "branches": res})
	return nil
}

func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f, err := listFilter(r.URL.Query())
	if err != nil {
		return err
	}
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
	a, err := h.svc.Get(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, a)
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

func (h *handlers) apiReview(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in ReviewInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	a, err := h.svc.Review(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, a)
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
	a, err := h.svc.Adjust(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, a)
	return nil
}

func (h *handlers) apiForm(w http.ResponseWriter, r *http.Request) error {
	org, err := web.PathInt(r, "org")
	if err != nil {
		return err
	}
	a, err := h.svc.Form(r.Context(), access.From(r.Context()), org, r.PathValue("month"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, a)
	return nil
}

func (h *handlers) apiSave(w http.ResponseWriter, r *http.Request) error {
	org, err := web.PathInt(r, "org")
	if err != nil {
		return err
	}
	var in SelfInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	a, err := h.svc.Save(r.Context(), access.From(r.Context()), org, r.PathValue("month"), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, a)
	return nil
}

func (h *handlers) apiBulk(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		IDs  []int64 `json:"ids"`
		Note string  `json:"note"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	n, err := h.svc.BulkReview(r.Context(), access.From(r.Context()), in.IDs, in.Note)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]int{"reviewed": n})
	return nil
}

func (h *handlers) apiPublish(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Month string `json:"month"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	n, err := h.svc.Publish(r.Context(), access.From(r.Context()), in.Month)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"month": in.Month, "published": n})
	return nil
}

func (h *handlers) apiRects(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := RectFilter{Limit: pg.Size, Offset: pg.Offset(), Under: web.QueryInt(r, "under"), AssessmentID: web.QueryInt(r, "assessment")}
	switch r.URL.Query().Get("state") {
	case "open":
		t := true
		f.Open = &t
	case "closed":
		c := false
		f.Open = &c
	}
	items, total, err := h.svc.Rectifications(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

func (h *handlers) apiRect(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Rectification(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (h *handlers) apiRectClose(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in CloseInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := h.svc.CloseRectification(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (h *handlers) apiChecklists(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.svc.Checklists(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": cs})
	return nil
}

func (h *handlers) apiChecklist(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	c, err := h.svc.Checklist(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, c)
	return nil
}

func (h *handlers) apiChecklistCreate(w http.ResponseWriter, r *http.Request) error {
	var in ChecklistInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := h.svc.CreateChecklist(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, c)
	return nil
}

func (h *handlers) apiChecklistUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in ChecklistInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := h.svc.UpdateChecklist(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, c)
	return nil
}

func (h *handlers) apiGroups(w http.ResponseWriter, r *http.Request) error {
	gs, err := h.svc.Groups(r.Context(), access.From(r.Context()))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": gs})
	return nil
}

func (h *handlers) apiGroup(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	g, err := h.svc.Group(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, g)
	return nil
}

func (h *handlers) apiGroupCreate(w http.ResponseWriter, r *http.Request) error {
	var in GroupInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	g, err := h.svc.CreateGroup(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, g)
	return nil
}

func (h *handlers) apiGroupUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in GroupInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	g, err := h.svc.UpdateGroup(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, g)
	return nil
}
