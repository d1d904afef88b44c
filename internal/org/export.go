package org

import (
	"net/http"
	"strconv"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// export streams the filtered organization list as a workbook, page by
// page so memory stays flat, and records the export in the audit log.
func (h *handlers) export(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := filterFrom(r.URL.Query())
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "org",
		Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	sheet := xlsx.Sheet{
		Name: i18n.T("org.export_name"),
		Headers: []string{i18n.T("org.field.code"), i18n.T("org.field.name"), i18n.T("org.field.kind"), i18n.T("org.field.domain"),
			i18n.T("org.field.parent"), i18n.T("org.field.secretary"), i18n.T("org.field.founded_on"), i18n.T("org.field.status")},
		Widths: []float64{16, 40, 12, 12, 16, 12, 14, 10},
		Rows: func(emit func(cells ...any) error) error {
			parentCode := map[int64]string{}
			const batch = 1000
			for off := 0; ; off += batch {
				f.Limit, f.Offset = batch, off
				items, _, err := h.svc.List(r.Context(), p, f)
				if err != nil {
					return err
				}
				for _, o := range items {
					parentCode[o.ID] = o.Code
					status := i18n.T("org.status.active")
					if o.Dissolved {
						status = i18n.T("org.status.dissolved")
					}
					pc, ok := parentCode[o.ParentID]
					if !ok && o.ParentID > 0 {
						_ = h.svc.DB.QueryRowContext(r.Context(), `SELECT code FROM orgs WHERE id = ?`, o.ParentID).Scan(&pc)
						parentCode[o.ParentID] = pc
					}
					if err := emit(o.Code, o.Name, o.Kind.Label(), o.Domain.Label(), pc, o.Secretary, o.FoundedOn, status); err != nil {
						return err
					}
				}
				if len(items) < batch {
					return nil
				}
			}
		},
	}
	return xlsx.Serve(w, i18n.T("org.export_name"), sheet)
}
