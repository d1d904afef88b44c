package event

import (
	"net/http"
	"strings"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	return h.apiListOf(w, r, false)
}

func (h *handlers) apiOverdue(w http.ResponseWriter, r *http.Request) error {
	return h.apiListOf(w, r, true)
}

func (h *handlers) apiListOf(w http.ResponseWriter, r *http.Request, overdue bool) error {
	pg := web.PagingFrom(r)
	f, _, err := filterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	if overdue {
		f.Clock = "overdue"
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.List(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteList(w, items, total, pg)
	return nil
}

// reportBody is a report through the API; photos are added afterwards
// with POST /api/v1/events/{id}/photos.
type reportBody = Input

func (h *handlers) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in reportBody
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	d, err := h.svc.ReportDetail(r.Context(), access.From(r.Context()), in, nil)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, d)
	return nil
}

func (h *handlers) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	d, err := h.svc.Detail(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (h *handlers) apiStep(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	act := Action(r.PathValue("action"))
	if _, ok := to[act]; !ok {
		return web.ErrNotFound
	}
	var in StepInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := h.svc.Step(r.Context(), access.From(r.Context()), id, act, in, nil)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, e)
	return nil
}

func (h *handlers) apiEvaluate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in EvaluationInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := h.svc.Evaluate(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, e)
	return nil
}

func (h *handlers) apiPhotos(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return fault.New(fault.Invalid, "%s", i18n.T("event.photo.multipart"))
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxPhotos*MaxPhotoBytes+(1<<20))
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return err
	}
	fs, err := files(r.MultipartForm, "photo")
	if err != nil {
		return err
	}
	ps, err := h.svc.AddPhotos(r.Context(), access.From(r.Context()), id, fs)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, map[string]any{"photos": ps})
	return nil
}

func (h *handlers) apiReveal(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	n, err := h.svc.RevealPhone(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]string{"phone": n})
	return nil
}

func (h *handlers) apiCategories(w http.ResponseWriter, r *http.Request) error {
	cats, err := h.svc.Categories(r.Context(), false)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": cats})
	return nil
}

func (h *handlers) apiCategoryCreate(w http.ResponseWriter, r *http.Request) error {
	var c Category
	if err := web.DecodeJSON(w, r, &c); err != nil {
		return err
	}
	out, err := h.svc.SaveCategory(r.Context(), access.From(r.Context()), 0, c)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, out)
	return nil
}

func (h *handlers) apiCategoryUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var c Category
	if err := web.DecodeJSON(w, r, &c); err != nil {
		return err
	}
	out, err := h.svc.SaveCategory(r.Context(), access.From(r.Context()), id, c)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// publicReport is what the public API accepts: nothing more.
type publicReport struct {
	CategoryID   int64  `json:"category_id"`
	OrgID        int64  `json:"org_id"`
	Place        string `json:"place"`
	Description  string `json:"description"`
	ReporterName string `json:"reporter_name"`
	Phone        string `json:"phone"`
}

func (h *handlers) apiPublicOptions(w http.ResponseWriter, r *http.Request) error {
	if err := h.allowRead(r); err != nil {
		return err
	}
	cats, err := h.svc.Categories(r.Context(), true)
	if err != nil {
		return err
	}
	places, err := h.svc.PublicPlaces(r.Context())
	if err != nil {
		return err
	}
	type cat struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	out := make([]cat, len(cats))
	for i, c := range cats {
		out[i] = cat{c.ID, c.Name}
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"categories": out, "places": places})
	return nil
}

func (h *handlers) apiPublicCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.allowPost(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	var b publicReport
	if err := web.DecodeJSON(w, r, &b); err != nil {
		return err
	}
	ctx := web.WithActorIP(r, i18n.T("event.public_actor"))
	code, err := h.svc.PublicReport(ctx, Input{CategoryID: b.CategoryID, OrgID: b.OrgID, Place: b.Place, Description: b.Description,
		ReporterName: b.ReporterName, Phone: b.Phone}, nil)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, map[string]string{"code": code, "track_url": "/public/events/track/" + code})
	return nil
}

func (h *handlers) apiTrack(w http.ResponseWriter, r *http.Request) error {
	if err := h.allowRead(r); err != nil {
		return err
	}
	t, err := h.svc.Track(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, t)
	return nil
}

func (h *handlers) apiPublicEvaluate(w http.ResponseWriter, r *http.Request) error {
	if err := h.allowPost(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	var in EvaluationInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	ctx := web.WithActorIP(r, i18n.T("event.public_actor"))
	e, err := h.svc.PublicEvaluate(ctx, r.PathValue("code"), in)
	if err != nil {
		return err
	}
	t, err := h.svc.Track(r.Context(), e.Code)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, t)
	return nil
}
