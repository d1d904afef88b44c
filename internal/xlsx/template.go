package xlsx

import (
	"io"

	"troika/internal/i18n"
)

// RowError names one bad cell of an imported workbook.
type RowError struct {
	Row    int    `json:"row"`
	Column string `json:"column"` // the Chinese header
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// WriteTemplate writes the import template of a ledger: the header row, one
// example row, and a notes sheet saying what each column takes.
func WriteTemplate(w io.Writer, name string, cols []Column) error {
	headers := make([]string, len(cols))
	widths := make([]float64, len(cols))
	example := make([]any, len(cols))
	for i, c := range cols {
		headers[i] = c.Header
		if c.Required {
			headers[i] += "*"
		}
		widths[i] = c.Width
		if widths[i] == 0 {
			widths[i] = 14
		}
		example[i] = c.Example
	}
	notes := Sheet{
		Name:    i18n.T("xlsx.notes"),
		Headers: []string{i18n.T("xlsx.column"), i18n.T("xlsx.required"), i18n.T("xlsx.note")},
		Widths:  []float64{18, 8, 80},
		Rows: func(emit func(cells ...any) error) error {
			for _, c := range cols {
				req := ""
				if c.Required {
					req = i18n.T("common.yes")
				}
				if err := emit(c.Header, req, c.Note); err != nil {
					return err
				}
			}
			return emit("", "", i18n.T("xlsx.notes_tail"))
		},
	}
	data := Sheet{Name: name, Headers: headers, Widths: widths, Rows: func(emit func(cells ...any) error) error {
		return emit(example...)
	}}
	return Write(w, data, notes)
}

// WriteErrors writes the error workbook of a failed import: one line per bad
// cell with its row, column, value and reason.
func WriteErrors(w io.Writer, errs []RowError) error {
	return Write(w, Sheet{
		Name:    i18n.T("xlsx.errors"),
		Headers: []string{i18n.T("xlsx.row"), i18n.T("xlsx.column"), i18n.T("xlsx.value"), i18n.T("xlsx.reason")},
		Widths:  []float64{8, 18, 28, 60},
		Rows: func(emit func(cells ...any) error) error {
			for _, e := range errs {
				if err := emit(e.Row, e.Column, e.Value, e.Reason); err != nil {
					return err
				}
			}
			return nil
		},
	})
}
