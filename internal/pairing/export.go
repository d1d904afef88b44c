package pairing

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/org"
	"troika/internal/xlsx"
)

// exportPairings streams the filtered pairing list (audited).
func (h *handlers) exportPairings(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f, _, err := filterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "pairing",
		Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	sheet := xlsx.Sheet{
		Name: i18n.T("pairing.title"),
		Headers: []string{i18n.T("pairing.field.org"), i18n.T("org.field.domain"), i18n.T("pairing.field.street"), i18n.T("pairing.field.community"),
			i18n.T("pairing.field.started_on"), i18n.T("pairing.field.ended_on"), i18n.T("pairing.field.agreement"), i18n.T("pairing.activities"),
			i18n.T("pairing.field.note")},
		Widths: []float64{36, 10, 30, 30, 12, 12, 50, 10, 24},
		Rows: func(emit func(cells ...any) error) error {
			const batch = 500
			for off := 0; ; off += batch {
				f.Limit, f.Offset = batch, off
				items, _, err := h.svc.ListPairings(r.Context(), p, f)
				if err != nil {
					return err
				}
				for _, x := range items {
					if err := emit(x.OrgName, org.Domain(x.OrgDomain).Label(), x.StreetName, x.CommunityName, x.StartedOn, x.EndedOn,
						x.Agreement, x.Activities, x.Note); err != nil {
						return err
					}
				}
				if len(items) < batch {
					return nil
				}
			}
		},
	}
	return xlsx.Serve(w, i18n.T("pairing.title"), sheet)
}

// exportRegistrations streams the filtered registrations, ID numbers
// masked (audited).
func (h *handlers) exportRegistrations(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f, _, err := filterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "registration",
		Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	sheet := xlsx.Sheet{
		Name: i18n.T("registration.title"),
		Headers: []string{i18n.T("registration.field.member"), i18n.T("registration.field.id_number"), i18n.T("registration.field.member_org"),
			i18n.T("registration.field.community"), i18n.T("registration.field.registered_on"), i18n.T("registration.activities"),
			i18n.T("registration.field.hours"), i18n.T("pairing.field.note")},
		Widths: []float64{10, 22, 36, 30, 12, 10, 10, 24},
		Rows: func(emit func(cells ...any) error) error {
			const batch = 500
			for off := 0; ; off += batch {
				f.Limit, f.Offset = batch, off
				items, _, err := h.svc.ListRegistrations(r.Context(), p, f)
				if err != nil {
					return err
				}
				for _, x := range items {
					if err := emit(x.MemberName, x.IDMask, x.MemberOrgName, x.CommunityName, x.RegisteredOn, x.Activities, x.Hours(), x.Note); err != nil {
						return err
					}
				}
				if len(items) < batch {
					return nil
				}
			}
		},
	}
	return xlsx.Serve(w, i18n.T("registration.title"), sheet)
}
