package report

import (
	"io"
	"strconv"

	"troika/internal/i18n"
	"troika/internal/xlsx"
)

// WriteXLSX writes every figure of the report with its definition, ledger
// and how many records it counted, so that each can be checked.
func WriteXLSX(w io.Writer, doc *Document) error {
	figures := xlsx.Sheet{
		Name: i18n.T("report.xlsx.figures"),
		Headers: []string{i18n.T("report.xlsx.row"), i18n.T("report.xlsx.key"), i18n.T("report.xlsx.name"), i18n.T("report.xlsx.value"),
			i18n.T("report.xlsx.unit"), i18n.T("report.xlsx.records"), i18n.T("indicator.ledger"), i18n.T("indicator.definition"), i18n.T("report.xlsx.link")},
		Widths: []float64{6, 28, 30, 14, 8, 10, 22, 60, 50},
		Rows: func(emit func(cells ...any) error) error {
			for _, f := range doc.Figures {
				row := ""
				if sf, ok := seedFigure(f.Key); ok {
					row = strconv.Itoa(sf.Row)
				}
				records := any(f.Records)
				if f.NoData() {
					records = ""
				}
				if err := emit(row, f.Key, f.Name, f.Text, f.Unit, records, f.Ledger, f.Definition, f.Href); err != nil {
					return err
				}
			}
			return nil
		},
	}
	about := xlsx.Sheet{
		Name:    i18n.T("report.xlsx.about"),
		Headers: []string{i18n.T("report.xlsx.item"), i18n.T("common.value")},
		Widths:  []float64{20, 80},
		Rows: func(emit func(cells ...any) error) error {
			for _, kv := range [][2]string{
				{i18n.T("report.title"), doc.Title},
				{i18n.T("indicator.scope"), doc.Scope.Name},
				{i18n.T("indicator.period"), doc.Period.Label},
				{i18n.T("report.template"), doc.Template.Name + " v" + strconv.Itoa(doc.Template.Version)},
				{i18n.T("report.generated_at"), doc.GeneratedAt.In(cst).Format("2006-01-02 15:04:05")},
			} {
				if err := emit(kv[0], kv[1]); err != nil {
					return err
				}
			}
			return nil
		},
	}
	return xlsx.Write(w, figures, about)
}
