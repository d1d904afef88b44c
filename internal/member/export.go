package member

import (
	"net/http"
	"strconv"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

func parseID(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

func yesNo(b bool) string {
	if b {
		return i18n.T("common.yes")
	}
	return i18n.T("common.no")
}

// export streams the filtered roster as a workbook in the import's
// columns (so an export can be edited and imported elsewhere), masked
// unless the caller holds the right and asks with ?unmask=1; audited.
func (h *handlers) export(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	if !p.Can(access.PermPersonalRead) {
		return fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	clear := r.URL.Query().Get("unmask") == "1"
	if clear && !p.Can(access.PermPersonalClear) {
		return fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	f := filterFrom(r.URL.Query())
	h.svc.prepare(&f)
	q := r.URL.Query()
	q.Del("unmask")
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "member",
		Detail: map[string]any{"filter": q, "unmasked": clear}}); err != nil {
		return err
	}
	cols := importColumns()
	headers := make([]string, 0, len(cols)+2)
	widths := make([]float64, 0, len(cols)+2)
	for _, c := range cols {
		headers = append(headers, c.Header)
		widths = append(widths, c.Width)
	}
	headers = append(headers, i18n.T("member.col.org_name"), i18n.T("member.col.status"))
	widths = append(widths, 36, 8)
	sheet := xlsx.Sheet{Name: i18n.T("member.export_name"), Headers: headers, Widths: widths,
		Rows: func(emit func(cells ...any) error) error {
			return each(r.Context(), h.svc.DB, p.OrgPath, f, func(m Member) error {
				if clear {
					if err := h.svc.open(&m); err != nil {
						return err
					}
				}
				post := i18n.T("member.no_post")
				if m.HasPost {
					post = i18n.T("member.has_post")
				}
				return emit(m.Name, m.Gender.Label(), m.EthnicityLabel(), m.BirthDate, m.IDNumber, m.Phone, m.EducationLabel(),
					m.Occupation, m.JoinedOn, m.FullOn, i18n.T("member.category_long."+string(m.Category)), post, m.Post,
					yesNo(m.Mobile), m.MobileTo, m.Community, m.OrgCode, m.Note, m.OrgName, m.Status.Label())
			})
		}}
	return xlsx.Serve(w, i18n.T("member.export_name"), sheet)
}
