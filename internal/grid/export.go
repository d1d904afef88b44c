package grid

import (
	"net/http"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

// exportResidents streams the filtered resident list as a workbook in the
// import's columns, masked unless the caller holds the right and asks with
// ?unmask=1; audited.
func (h *handlers) exportResidents(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	if !p.Can(access.PermPersonalRead) {
		return forbidden()
	}
	clear := r.URL.Query().Get("unmask") == "1"
	if clear && !p.Can(access.PermPersonalClear) {
		return forbidden()
	}
	f := residentFilterFrom(r.URL.Query())
	q := r.URL.Query()
	q.Del("unmask")
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "resident",
		Detail: map[string]any{"filter": q, "unmasked": clear}}); err != nil {
		return err
	}
	cols := importColumns()
	headers := make([]string, 0, len(cols)+3)
	widths := make([]float64, 0, len(cols)+3)
	for _, c := range cols {
		headers = append(headers, c.Header)
		widths = append(widths, c.Width)
	}
	headers = append(headers, i18n.T("grid.col.grid_name"), i18n.T("grid.col.org_name"), i18n.T("grid.col.status"))
	widths = append(widths, 16, 30, 8)
	sheet := xlsx.Sheet{Name: i18n.T("grid.export_name"), Headers: headers, Widths: widths,
		Rows: func(emit func(cells ...any) error) error {
			// grid codes for the first column
			codes := map[int64]string{}
			return h.svc.eachResident(r.Context(), p, f, func(res Resident) error {
				if clear {
					if err := h.svc.open(&res); err != nil {
						return err
					}
				}
				code, ok := codes[res.GridID]
				if !ok {
					g, err := getGrid(r.Context(), h.svc.DB, p, res.GridID)
					if err != nil {
						return err
					}
					code, codes[res.GridID] = g.Code, g.Code
				}
				var tags []string
				for _, t := range res.Tags {
					tags = append(tags, t.Name)
				}
				return emit(code, res.Household, res.Address, res.Name, res.Relation, res.IDNumber, res.Gender.Label(), res.EthnicityLabel(),
					res.Phone, res.RegAddress, res.MovedIn, strings.Join(tags, "、"), res.Note, res.GridName, res.OrgName, res.StatusLabel())
			})
		}}
	return xlsx.Serve(w, i18n.T("grid.export_name"), sheet)
}
