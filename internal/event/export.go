package event

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

// export streams the filtered list as a workbook, phones masked, and
// records the export in the audit log.
func (h *handlers) export(w http.ResponseWriter, r *http.Request) error {
	f, _, err := filterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	p := access.From(r.Context())
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "event", Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	name := i18n.T("event.export_name")
	sheet := xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("event.field.code"), i18n.T("event.field.category"), i18n.T("event.field.org"), i18n.T("event.field.grid"),
			i18n.T("event.field.place"), i18n.T("event.field.description"), i18n.T("event.field.source"), i18n.T("event.field.phone"),
			i18n.T("event.field.reported_at"), i18n.T("common.status"), i18n.T("event.field.handler_org"), i18n.T("event.field.due_at"),
			i18n.T("event.on_time"), i18n.T("event.field.closed_at"), i18n.T("event.field.rating")},
		Widths: []float64{12, 10, 30, 14, 24, 40, 10, 14, 17, 8, 24, 17, 6, 17, 8},
		Rows: func(emit func(cells ...any) error) error {
			const batch = 500
			for off := 0; ; off += batch {
				f.Limit, f.Offset = batch, off
				items, _, err := h.svc.List(r.Context(), p, f)
				if err != nil {
					return err
				}
				for _, e := range items {
					onTime := i18n.T("common.yes")
					if e.Late || e.Clock == "overdue" {
						onTime = i18n.T("common.no")
					}
					due := ""
					if e.Status.Open() {
						due = fmtTime(e.DueAt)
					}
					if err := emit(e.Code, e.Category, e.OrgName, e.GridName, e.Place, e.Description, e.SourceLabel, e.PhoneMask,
						fmtTime(e.ReportedAt), e.StatusLabel, e.HandlerOrg, due, onTime, fmtTime(e.ClosedAt), e.RatingLabel); err != nil {
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
