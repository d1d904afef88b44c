package twonew

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

const batch = 500

func (h *handlers) exportRequests(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f, err := requestFilterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "twonew_request", Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	name := i18n.T("twonew.requests_title")
	return xlsx.Serve(w, name, xlsx.Sheet{Name: name,
		Headers: []string{i18n.T("twonew.field.requester"), i18n.T("twonew.field.menu"), i18n.T("twonew.field.item"), i18n.T("twonew.field.requested_on"),
			i18n.T("twonew.field.contact"), i18n.T("twonew.field.need"), i18n.T("common.status"), i18n.T("twonew.field.handled_on"), i18n.T("twonew.field.handling_note")},
		Widths: []float64{30, 20, 20, 12, 16, 40, 10, 12, 40},
		Rows: func(emit func(cells ...any) error) error {
			for off := 0; ; off += batch {
				f.Limit, f.Offset = batch, off
				items, _, err := h.svc.Requests(r.Context(), p, f)
				if err != nil {
					return err
				}
				for _, x := range items {
					if err := emit(x.OrgName, x.MenuName, x.ItemName, x.RequestedOn, x.Contact, x.Need, x.StatusLabel, x.HandledOn, x.HandlingNote); err != nil {
						return err
					}
				}
				if len(items) < batch {
					return nil
				}
			}
		}})
}
