// Package xlsx writes and reads the Excel workbooks that offices keep their
// ledgers in. Export streams rows so that memory stays flat however long the
// list; import (see read.go) reads row by row.
package xlsx

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/xuri/excelize/v2"
)

// Sheet is one worksheet to export: a header row and a row source.
type Sheet struct {
	Name    string
	Headers []string
	Widths  []float64
	// Rows calls emit once per row, in order; emit's error aborts.
	Rows func(emit func(cells ...any) error) error
}

// Write streams the sheets to w as an .xlsx workbook.
func Write(w io.Writer, sheets ...Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Color: []string{"F2F2F2"}, Pattern: 1},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		return err
	}
	for i, sh := range sheets {
		name := sh.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for c, wd := range sh.Widths {
			if err := sw.SetColWidth(c+1, c+1, wd); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		hdr := make([]any, len(sh.Headers))
		for j, h := range sh.Headers {
			hdr[j] = excelize.Cell{StyleID: head, Value: h}
		}
		if err := sw.SetRow("A1", hdr); err != nil {
			return err
		}
		row := 2
		err = sh.Rows(func(cells ...any) error {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			row++
			return sw.SetRow(cell, cells)
		})
		if err != nil {
			return err
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// Serve writes the workbook as a download named name (without extension),
// stamped with today's date.
func Serve(w http.ResponseWriter, name string, sheets ...Sheet) error {
	file := fmt.Sprintf("%s-%s.xlsx", name, time.Now().Format("20060102"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(file))
	return Write(w, sheets...)
}
