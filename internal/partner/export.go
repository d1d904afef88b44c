package partner

import (
	"context"
	"net/http"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

const exportBatch = 1000

func (h *handlers) exportAudited(w http.ResponseWriter, r *http.Request, object, name string, sheet xlsx.Sheet) error {
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: object,
		Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	return xlsx.Serve(w, name, sheet)
}

func batches[T any](ctx context.Context, f Filter, fetch func(Filter) ([]T, error), each func(T) error) error {
	for off := 0; ; off += exportBatch {
		f.Limit, f.Offset = exportBatch, off
		items, err := fetch(f)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := each(it); err != nil {
				return err
			}
		}
		if len(items) < exportBatch || ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

func headers(keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = i18n.T(k)
	}
	return out
}

func (h *handlers) dealExport(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := filterFrom(r.URL.Query())
	name := i18n.T("partner.title.deals")
	return h.exportAudited(w, r, "partner_deal", name, xlsx.Sheet{
		Name: name,
		Headers: headers("partner.field.signed_on", "partner.field.kind", "partner.field.partner", "partner.field.partner_kind", "partner.field.title",
			"partner.field.org", "partner.field.amount_yuan", "partner.field.note"),
		Widths: []float64{12, 10, 24, 10, 40, 30, 14, 30},
		Rows: func(emit func(cells ...any) error) error {
			return batches(r.Context(), f, func(f Filter) ([]Deal, error) {
				items, _, _, err := h.svc.ListDeals(r.Context(), p, f)
				return items, err
			}, func(d Deal) error {
				return emit(d.SignedOn, d.KindLabel, d.Partner, d.PartnerKind.Label(), d.Title, d.OrgName, float64(d.Amount)/100, d.Note)
			})
		},
	})
}

func (h *handlers) projectExport(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := filterFrom(r.URL.Query())
	name := i18n.T("partner.title.projects")
	return h.exportAudited(w, r, "partner_project", name, xlsx.Sheet{
		Name: name,
		Headers: headers("partner.field.project_name", "partner.field.project_org", "partner.field.place", "partner.field.area_m2",
			"partner.field.funds_yuan", "partner.field.deal", "partner.field.started_on", "partner.field.completed_on", "partner.field.note"),
		Widths: []float64{30, 30, 24, 12, 14, 36, 12, 12, 30},
		Rows: func(emit func(cells ...any) error) error {
			return batches(r.Context(), f, func(f Filter) ([]Project, error) {
				items, _, _, err := h.svc.ListProjects(r.Context(), p, f)
				return items, err
			}, func(x Project) error {
				return emit(x.Name, x.OrgName, x.Place, x.AreaM2, float64(x.Funds)/100, x.DealTitle, x.StartedOn, x.CompletedOn, x.Note)
			})
		},
	})
}
