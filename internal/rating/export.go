package rating

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

// export streams the results (ranking and 十佳) of the filtered
// evaluations, one row per candidate, and records the export.
func (h *handlers) export(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := filterFrom(r)
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "rating_evaluation",
		Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	name := i18n.T("rating.export_name")
	sheet := xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("rating.field.title"), i18n.T("rating.field.quarter"), i18n.T("common.status"), i18n.T("rating.field.rank"),
			i18n.T("rating.field.candidate"), i18n.T("rating.field.parent"), i18n.T("rating.field.total"), i18n.T("rating.top")},
		Widths: []float64{30, 12, 8, 6, 36, 24, 10, 8},
		Rows: func(emit func(cells ...any) error) error {
			const batch = 50
			for off := 0; ; off += batch {
				f.Limit, f.Offset = batch, off
				items, _, err := h.svc.List(r.Context(), p, f)
				if err != nil {
					return err
				}
				for _, e := range items {
					full, err := h.svc.Get(r.Context(), p, e.ID)
					if err != nil {
						return err
					}
					for _, c := range full.Ranking {
						top := ""
						if c.Top {
							top = i18n.T("rating.top")
						}
						if err := emit(e.Title, i18n.T("period.quarter", e.Year, e.Quarter), e.StatusLabel, c.Rank, c.OrgName, c.ParentName,
							c.TotalText(), top); err != nil {
							return err
						}
					}
				}
				if len(items) < batch {
					return nil
				}
			}
		},
	}
	return xlsx.Serve(w, name, sheet)
}
