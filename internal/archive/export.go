package archive

import (
	"net/http"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

// export streams the filtered archive list as a workbook, page by page, ID
// numbers masked, and records the export in the audit log.
func (h *handlers) export(w http.ResponseWriter, r *http.Request) error {
	f, _, err := filterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	return h.serve(w, r, f, false)
}

// exportOverdue streams the overdue list.
func (h *handlers) exportOverdue(w http.ResponseWriter, r *http.Request) error {
	f := Filter{}
	if u, err := strconv.ParseInt(r.URL.Query().Get("under"), 10, 64); err == nil {
		f.Under = u
	}
	return h.serve(w, r, f, true)
}

func (h *handlers) serve(w http.ResponseWriter, r *http.Request, f Filter, overdue bool) error {
	p := access.From(r.Context())
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "archive",
		Detail: map[string]any{"filter": r.URL.Query(), "overdue": overdue}}); err != nil {
		return err
	}
	name := i18n.T("archive.export_name")
	if overdue {
		name = i18n.T("archive.overdue_title")
	}
	sheet := xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("archive.field.name"), i18n.T("archive.field.id_number"), i18n.T("archive.field.org"),
			i18n.T("archive.field.received_on"), i18n.T("archive.field.received_from"), i18n.T("archive.field.receiver"),
			i18n.T("archive.field.materials"), i18n.T("common.status"), i18n.T("archive.field.shelf_no"),
			i18n.T("archive.field.borrower"), i18n.T("archive.field.due_on"), i18n.T("archive.field.transferred_to"),
			i18n.T("archive.field.receipt_no")},
		Widths: []float64{10, 22, 36, 12, 24, 10, 40, 8, 12, 16, 12, 24, 16},
		Rows: func(emit func(cells ...any) error) error {
			const batch = 500
			for off := 0; ; off += batch {
				f.Limit, f.Offset = batch, off
				var items []Archive
				var err error
				if overdue {
					items, _, err = h.svc.Overdue(r.Context(), p, f)
				} else {
					items, _, err = h.svc.List(r.Context(), p, f)
				}
				if err != nil {
					return err
				}
				for _, a := range items {
					ms, err := materials(r.Context(), h.svc.DB, a.ID)
					if err != nil {
						return err
					}
					var borrower, due string
					if a.Loan != nil {
						borrower, due = strings.TrimSpace(a.Loan.BorrowerUnit+" "+a.Loan.Borrower), a.Loan.DueOn
					}
					if err := emit(a.Name, a.IDMask, a.OrgName, a.ReceivedOn, a.ReceivedFrom, a.Receiver, formatMaterials(ms),
						a.StatusLabel, a.ShelfNo, borrower, due, a.TransferredTo, a.ReceiptNo); err != nil {
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

// formatMaterials writes a material list the way the import reads it:
// 入党志愿书×1；政治审查材料×2.
func formatMaterials(ms []Material) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.Name + "×" + strconv.Itoa(m.Copies)
	}
	return strings.Join(parts, "；")
}
