package talent

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

const exportBatch = 1000

// export streams the filtered list as a workbook whose headers the import
// reads back. Personal data is masked unless ?unmask=1 is asked by a role
// that may see it; the export is audited either way.
func (lp ledgerPages) export(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := access.From(ctx)
	f := filterFrom(lp.l, r.URL.Query())
	unmask := r.URL.Query().Get("unmask") == "1"
	if unmask && !p.Can(access.PermPersonalClear) {
		return forbidden()
	}
	if err := audit.Log(ctx, lp.svc.DB, audit.Event{Action: "export", ObjectType: objectType(lp.l),
		Detail: map[string]any{"filter": r.URL.Query(), "unmasked": unmask}}); err != nil {
		return err
	}
	var headers []string
	var widths []float64
	for _, fl := range lp.l.Fields {
		headers = append(headers, fl.Label(lp.l))
		switch fl.Kind {
		case Long:
			widths = append(widths, 40)
		case Date, Int, Money, Bool:
			widths = append(widths, 13)
		default:
			widths = append(widths, 20)
		}
	}
	if lp.l.Parent == "" {
		headers = append(headers, lp.l.OrgLabel(), i18n.T("talent.col.org_code"))
		widths = append(widths, 30, 12)
	}
	return xlsx.Serve(w, lp.l.Title(), xlsx.Sheet{Name: lp.l.Title(), Headers: headers, Widths: widths,
		Rows: func(emit func(cells ...any) error) error {
			codes, err := lp.svc.orgCodes(ctx, p)
			if err != nil {
				return err
			}
			for off := 0; ; off += exportBatch {
				f.Limit, f.Offset = exportBatch, off
				items, _, err := lp.svc.List(ctx, p, lp.l, f)
				if err != nil {
					return err
				}
				for _, rec := range items {
					cells := make([]any, 0, len(headers))
					for _, fl := range lp.l.Fields {
						switch {
						case fl.Kind == Int:
							cells = append(cells, rec.Int(fl.Name))
						case fl.Sealed() && unmask:
							clear, err := lp.svc.Keys.Open(rec.sealed[fl.Name])
							if err != nil {
								return err
							}
							cells = append(cells, clear)
						default:
							cells = append(cells, rec.Show(fl))
						}
					}
					if lp.l.Parent == "" {
						cells = append(cells, rec.OrgName, codes[rec.OrgID])
					}
					if err := emit(cells...); err != nil {
						return err
					}
				}
				if len(items) < exportBatch || ctx.Err() != nil {
					return ctx.Err()
				}
			}
		}})
}
