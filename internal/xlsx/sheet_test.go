package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// readAll returns the sheet's rows as our reader sees them, keyed by row
// number, trailing empty cells dropped.
func readAll(t *testing.T, data []byte) map[int][]string {
	t.Helper()
	sh, err := openSheet(data)
	if err != nil {
		t.Fatalf("openSheet: %v", err)
	}
	defer sh.close()
	out := map[int][]string{}
	for {
		num, cells, ok, err := sh.next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		out[num] = trimRight(append([]string(nil), cells...))
	}
}

func trimRight(c []string) []string {
	for len(c) > 0 && c[len(c)-1] == "" {
		c = c[:len(c)-1]
	}
	return c
}

// The reader agrees with excelize (raw values) on a workbook with shared
// strings, rich text, numbers, dates, formulas, gaps and a second sheet.
func TestSheetMatchesExcelize(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "姓名")
	f.SetCellValue("Sheet1", "B1", "出生日期")
	f.SetCellValue("Sheet1", "D1", "人数")
	f.SetCellValue("Sheet1", "A2", "金明哲 & <朴>")
	f.SetCellValue("Sheet1", "B2", time.Date(2008, 7, 1, 0, 0, 0, 0, time.UTC))
	f.SetCellValue("Sheet1", "D2", 42.5)
	f.SetCellValue("Sheet1", "A5", "隔行")
	f.SetCellFormula("Sheet1", "D5", "D2*2")
	f.SetCellValue("Sheet1", "D5", 85)
	_ = f.SetCellRichText("Sheet1", "C3", []excelize.RichTextRun{{Text: "红"}, {Text: "色", Font: &excelize.Font{Bold: true}}})
	f.SetCellBool("Sheet1", "E3", true)
	f.SetCellValue("Sheet1", "AB7", "远列")
	f.NewSheet("第二页")
	f.SetCellValue("第二页", "A1", "不读")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, buf.Bytes())
	want, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := want.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		w := trimRight(r)
		if g := got[i+1]; fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("row %d: got %q, excelize %q", i+1, g, w)
		}
	}
	if got[2][0] != "金明哲 & <朴>" || got[3][2] != "红色" || got[7][27] != "远列" {
		t.Errorf("cells: %v", got)
	}
	if _, ok := got[4]; ok {
		t.Error("a row absent from the sheet was reported")
	}
}

// Inline strings, namespace prefixes, rows and cells without references,
// phonetic runs and character references, as other writers produce them.
func TestSheetOtherWriters(t *testing.T) {
	sheetXML := `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row><x:c t="inlineStr"><x:is><x:t>甲&#x4E59;&#20025;</x:t></x:is></x:c><x:c t="s"><x:v>0</x:v></x:c><x:c/><x:c><x:v>7</x:v></x:c></x:row>
<x:row r="3"><x:c r="B3" t="str"><x:f>A1</x:f><x:v>公式值</x:v></x:c></x:row>
<x:row r="4"/>
</x:sheetData></x:worksheet>`
	shared := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>金</t></r><r><t xml:space="preserve"> 明哲</t></r><rPh><t>キム</t></rPh></si></sst>`
	data := zipOf(t, map[string]string{
		"xl/workbook.xml":            `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId7"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId7" Target="/xl/worksheets/data.xml"/></Relationships>`,
		"xl/worksheets/data.xml":     sheetXML,
		"xl/sharedStrings.xml":       shared,
	})
	got := readAll(t, data)
	if fmt.Sprint(got[1]) != fmt.Sprint([]string{"甲乙丹", "金 明哲", "", "7"}) {
		t.Errorf("row 1: %q", got[1])
	}
	if fmt.Sprint(got[3]) != fmt.Sprint([]string{"", "公式值"}) {
		t.Errorf("row 3: %q", got[3])
	}
	if r, ok := got[4]; !ok || len(r) != 0 {
		t.Errorf("row 4: %q %v", r, ok)
	}
}

func zipOf(t testing.TB, parts map[string]string) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, body := range parts {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A sheet that unzips far beyond the limit is cut off, not read into memory.
func TestSheetZipBomb(t *testing.T) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, _ := z.Create(name)
		_, _ = w.Write([]byte(body))
	}
	add("xl/workbook.xml", `<workbook><sheets><sheet name="a" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, _ := z.Create("xl/worksheets/sheet1.xml")
	_, _ = w.Write([]byte(`<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>`))
	chunk := []byte(strings.Repeat("A", 1<<20))
	for i := 0; i < 600; i++ { // 600 MiB of text in one cell, a few hundred KiB zipped
		_, _ = w.Write(chunk)
	}
	_, _ = w.Write([]byte(`</t></is></c></row></sheetData></worksheet>`))
	z.Close()
	if buf.Len() > 8<<20 {
		t.Fatalf("test bomb is %d bytes", buf.Len())
	}
	sh, err := openSheet(buf.Bytes())
	if err != nil {
		return // refused up front by the declared size: fine
	}
	defer sh.close()
	_, _, _, err = sh.next()
	if err == nil {
		t.Error("a 600 MiB sheet was read")
	}
}

func FuzzSheet(f *testing.F) {
	base := map[string]string{
		"xl/workbook.xml":            `<workbook><sheets><sheet name="a" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`,
	}
	for _, s := range []string{
		`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
		`<row><c r="ZZZZZZ1"><v>1</v></c></row>`,
		`<row r="-5"><c t="inlineStr"><is><t>&#xFFFFFF;&amp</t></is></c>`,
		`<<<>>>"'`,
	} {
		f.Add(s, `<sst><si><t>x</t></si></sst>`)
	}
	f.Fuzz(func(t *testing.T, sheetXML, shared string) {
		parts := map[string]string{"xl/worksheets/sheet1.xml": sheetXML, "xl/sharedStrings.xml": shared}
		for k, v := range base {
			parts[k] = v
		}
		sh, err := openSheet(zipOf(t, parts))
		if err != nil {
			return
		}
		defer sh.close()
		for i := 0; i < 1000; i++ {
			_, cells, ok, err := sh.next()
			if err != nil || !ok {
				return
			}
			if len(cells) > maxColumns {
				t.Fatalf("%d cells", len(cells))
			}
		}
	})
}

func BenchmarkSheet100k(b *testing.B) {
	var buf bytes.Buffer
	cols := []string{"姓名", "性别", "民族", "出生日期", "公民身份号码", "联系电话", "学历", "入党日期", "人员类别", "所在党组织编码"}
	err := Write(&buf, Sheet{Name: "党员", Headers: cols, Rows: func(emit func(...any) error) error {
		for i := 0; i < 100000; i++ {
			if err := emit("金明哲", "男", "朝鲜族", "1985-03-12", fmt.Sprintf("2224011985031%05d", i), "13912345678", "大学本科", "2008-07-01", "正式党员", "D0010"); err != nil {
				return err
			}
		}
		return nil
	}})
	if err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.Run("troika", func(b *testing.B) {
		for b.Loop() {
			sh, err := openSheet(data)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for {
				_, _, ok, err := sh.next()
				if err != nil {
					b.Fatal(err)
				}
				if !ok {
					break
				}
				n++
			}
			sh.close()
			if n != 100001 {
				b.Fatalf("%d rows", n)
			}
		}
	})
	b.Run("excelize", func(b *testing.B) {
		for b.Loop() {
			f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
			if err != nil {
				b.Fatal(err)
			}
			rows, _ := f.Rows("党员")
			for rows.Next() {
				_, _ = rows.Columns()
			}
			rows.Close()
			f.Close()
		}
	})
}
