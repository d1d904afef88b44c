package xlsx

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// Dates typed into Excel as dates, with the built-in formats offices use,
// come out as dates; numbers (a phone typed as a number) come out whole.
func TestReadDateAndNumberCells(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "入党日期")
	f.SetCellValue("Sheet1", "B1", "联系电话")
	for i, fmtID := range []int{14, 31, 57, 0} {
		row := i + 2
		cell, _ := excelize.CoordinatesToCellName(1, row)
		f.SetCellValue("Sheet1", cell, time.Date(2008, 7, 1, 0, 0, 0, 0, time.UTC))
		if fmtID != 0 {
			st, _ := f.NewStyle(&excelize.Style{NumFmt: fmtID})
			f.SetCellStyle("Sheet1", cell, cell, st)
		} else {
			f.SetCellValue("Sheet1", cell, "2008年7月1日")
		}
		pc, _ := excelize.CoordinatesToCellName(2, row)
		f.SetCellValue("Sheet1", pc, 13843312345)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	rd, err := Open(&b, []Column{{Key: "d", Header: "入党日期", Required: true}, {Key: "p", Header: "联系电话"}})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	n := 0
	for {
		row, ok, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		n++
		d, ok := ParseDate(row.Get("d"))
		if !ok || d.Format("2006-01-02") != "2008-07-01" {
			t.Errorf("row %d: date cell %q read as %v %v", row.Num, row.Get("d"), d, ok)
		}
		if row.Get("p") != "13843312345" {
			t.Errorf("row %d: phone %q", row.Num, row.Get("p"))
		}
	}
	if n != 4 {
		t.Fatalf("%d rows", n)
	}
}
