package scheme

import (
	"net/http"
	"strconv"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/web"
	"troika/internal/xlsx"
)

// exportSchemes streams the checklists of the listed schemes with each
// assigned organization's completion, and records the export.
func (h *handlers) exportSchemes(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	year := int(web.QueryInt(r, "year"))
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "scheme", Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	name := i18n.T("scheme.export_name")
	return xlsx.Serve(w, name, xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("scheme.field.name"), i18n.T("scheme.field.aspect"), i18n.T("scheme.field.task"), i18n.T("scheme.field.item"),
			i18n.T("scheme.field.org"), i18n.T("scheme.field.done_on"), i18n.T("scheme.field.evidence")},
		Widths: []float64{24, 24, 30, 40, 30, 12, 40},
		Rows: func(emit func(cells ...any) error) error {
			items, _, err := h.svc.Schemes(r.Context(), p, year, 200, 0)
			if err != nil {
				return err
			}
			for _, s := range items {
				x, err := h.svc.Scheme(r.Context(), p, s.ID)
				if err != nil {
					return err
				}
				orgs := x.Assigned
				if len(orgs) == 0 {
					orgs = []Progress{{}}
				}
				for _, o := range orgs {
					var done map[int64]Completion
					if o.OrgID > 0 {
						if done, err = h.svc.Completions(r.Context(), p, x.ID, o.OrgID); err != nil {
							return err
						}
					}
					for _, a := range x.Aspects {
						for _, t := range a.Tasks {
							for _, it := range t.Items {
								c := done[it.ID]
								if err := emit(x.Name, a.Title, t.Title, it.Title, o.OrgName, c.DoneOn, c.Evidence); err != nil {
									return err
								}
							}
						}
					}
				}
			}
			return nil
		},
	})
}

// exportPlans streams the measures of the listed plans with owners,
// deadlines and progress, and records the export.
func (h *handlers) exportPlans(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	year := int(web.QueryInt(r, "year"))
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "plan", Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	name := i18n.T("scheme.plans_export_name")
	return xlsx.Serve(w, name, xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("scheme.field.plan_name"), i18n.T("scheme.field.key_task"), i18n.T("scheme.field.measure"), i18n.T("scheme.field.owner"),
			i18n.T("scheme.field.deadline"), i18n.T("scheme.field.progress"), i18n.T("scheme.field.status_note")},
		Widths: []float64{24, 30, 40, 20, 12, 8, 40},
		Rows: func(emit func(cells ...any) error) error {
			items, _, err := h.svc.Plans(r.Context(), p, year, 200, 0)
			if err != nil {
				return err
			}
			for _, pl := range items {
				x, err := h.svc.Plan(r.Context(), p, pl.ID)
				if err != nil {
					return err
				}
				for _, t := range x.Tasks {
					for _, m := range t.Measures {
						if err := emit(x.Name, t.Title, m.Title, m.Owner, m.Deadline, strconv.Itoa(m.Progress)+"%", m.StatusNote); err != nil {
							return err
						}
					}
				}
			}
			return nil
		},
	})
}
