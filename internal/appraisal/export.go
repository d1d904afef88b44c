package appraisal

import (
	"net/http"

	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

// export streams a month's results with item scores and the reward
// ledger, and records the export in the audit log.
func (h *handlers) export(w http.ResponseWriter, r *http.Request) error {
	d, err := h.monthDetail(r)
	if err != nil {
		return err
	}
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "appraisal_month", ObjectID: d.Month.ID}); err != nil {
		return err
	}
	headers := []string{i18n.T("appraisal.field.rank"), i18n.T("appraisal.field.worker"), i18n.T("appraisal.field.grid"), i18n.T("appraisal.field.org")}
	widths := []float64{6, 10, 14, 30}
	for _, it := range d.Scheme.Items {
		headers = append(headers, it.Name)
		widths = append(widths, 10)
	}
	headers = append(headers, i18n.T("appraisal.field.total"), i18n.T("appraisal.field.grade"), i18n.T("appraisal.field.reward"), i18n.T("appraisal.field.paid_on"))
	widths = append(widths, 8, 8, 10, 12)
	name := i18n.T("appraisal.export_name", d.Month.Month)
	sheet := xlsx.Sheet{Name: name, Headers: headers, Widths: widths,
		Rows: func(emit func(cells ...any) error) error {
			for _, res := range d.Results {
				cells := []any{res.Rank, res.WorkerName, res.GridName, res.OrgName}
				by := map[int64]Score{}
				for _, s := range res.Scores {
					by[s.ItemID] = s
				}
				for _, it := range d.Scheme.Items {
					cells = append(cells, Points(by[it.ID].Score))
				}
				cells = append(cells, Points(res.Total), res.GradeLabel, Yuan(res.Reward), res.PaidOn)
				if err := emit(cells...); err != nil {
					return err
				}
			}
			return nil
		}}
	return xlsx.Serve(w, name, sheet)
}
