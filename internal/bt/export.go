package bt

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

// export streams the filtered list of monthly assessments as a workbook
// and records the export.
func (h *handlers) export(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f, err := listFilter(r.URL.Query())
	if err != nil {
		return err
	}
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "bt_assessment",
		Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	name := i18n.T("bt.export_name")
	sheet := xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("bt.field.month"), i18n.T("bt.field.branch"), i18n.T("bt.field.parent"), i18n.T("bt.field.group"),
			i18n.T("bt.field.self_score"), i18n.T("bt.field.score"), i18n.T("bt.field.full_score"), i18n.T("bt.field.light"),
			i18n.T("common.status"), i18n.T("bt.field.reviewed_by"), i18n.T("bt.field.review_note")},
		Widths: []float64{10, 36, 24, 16, 10, 10, 10, 8, 10, 12, 40},
		Rows: func(emit func(cells ...any) error) error {
			const batch = 500
			for off := 0; ; off += batch {
				f.Limit, f.Offset = batch, off
				items, _, err := h.svc.List(r.Context(), p, f)
				if err != nil {
					return err
				}
				for _, a := range items {
					if err := emit(a.Month, a.OrgName, a.ParentName, a.GroupName, a.SelfScore, a.Score, a.FullScore, a.LightLabel,
						a.StatusLabel, a.ReviewedBy, a.ReviewNote); err != nil {
						return err
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
