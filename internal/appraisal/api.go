package appraisal

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

// MonthDetail is a month with its scheme, results and adjustments.
type MonthDetail struct {
	Month       Month        `json:"month"`
	Scheme      Scheme       `json:"scheme"`
	Results     []Result     `json:"results"`
	Adjustments []Adjustment `json:"adjustments"`
}

func (h *handlers) monthDetail(r *http.Request) (MonthDetail, error) {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return MonthDetail{}, err
	}
	var d MonthDetail
	if d.Month, err = h.svc.Month(r.Context(), p, id); err != nil {
		return d, err
	}
	if d.Scheme, err = h.svc.Scheme(r.Context(), d.Month.SchemeID); err != nil {
		return d, err
	}
	if d.Results, err = h.svc.Results(r.Context(), p, id); err != nil {
		return d, err
	}
	d.Adjustments, err = h.svc.Adjustments(r.Context(), p, id)
	return d, err
}

func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	items, total, err := h.svc.Months(r.Context(), access.From(r.Context()), pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

type computeBody struct {
	OrgID int64  `json:"org_id"`
	Month string `json:"month"`
}

func (h *handlers) apiCompute(w http.ResponseWriter, r *http.Request) error {
	var b computeBody
	if err := web.DecodeJSON(w, r, &b); err != nil {
		return err
	}
	m, err := h.svc.Compute(r.Context(), access.From(r.Context()), b.OrgID, b.Month)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, m)
	return nil
}

func (h *handlers) apiGet(w http.ResponseWriter, r *http.Request) error {
	d, err := h.monthDetail(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, d)
	return nil
}

// afterChange answers the month as it now stands.
func (h *handlers) afterChange(w http.ResponseWriter, r *http.Request, err error) error {
	if err != nil {
		return err
	}
	return h.apiGet(w, r)
}

func (h *handlers) apiScore(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in ManualInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	return h.afterChange(w, r, h.svc.SetManual(r.Context(), access.From(r.Context()), id, in))
}

func (h *handlers) apiReview(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	_, err = h.svc.Review(r.Context(), access.From(r.Context()), id)
	return h.afterChange(w, r, err)
}

func (h *handlers) apiPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	_, err = h.svc.Publish(r.Context(), access.From(r.Context()), id)
	return h.afterChange(w, r, err)
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
	return h.afterChange(w, r, h.svc.Adjust(r.Context(), access.From(r.Context()), id, in))
}

type payBody struct {
	WorkerID int64  `json:"worker_id"`
	PaidOn   string `json:"paid_on"`
}

func (h *handlers) apiPay(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var b payBody
	if err := web.DecodeJSON(w, r, &b); err != nil {
		return err
	}
	return h.afterChange(w, r, h.svc.Pay(r.Context(), access.From(r.Context()), id, b.WorkerID, b.PaidOn))
}

func (h *handlers) apiSchemes(w http.ResponseWriter, r *http.Request) error {
	ss, err := h.svc.Schemes(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": ss})
	return nil
}

func (h *handlers) apiSchemeCreate(w http.ResponseWriter, r *http.Request) error {
	var in SchemeInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	sc, err := h.svc.SaveScheme(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, sc)
	return nil
}
