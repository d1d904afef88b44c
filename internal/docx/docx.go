// Package docx writes WordprocessingML documents (.docx) that open in Word,
// WPS and LibreOffice: paragraphs of runs with East Asian fonts, page setup,
// odd and even footers with page numbers, and native DrawingML charts whose
// data travels inside the chart part (no embedded workbook).
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Page is the page setup, in twentieths of a point (twips).
type Page struct {
	Width, Height            int // A4: 11906 × 16838
	Top, Right, Bottom, Left int
	Header, Footer           int
	LinePitch                int // document grid: the height of one line
}

// Font is a face for runs: Latin and East Asian names may differ.
type Font struct {
	EastAsia string
	Latin    string
	Size     int // half-points: 3号 = 32, 2号 = 44, 4号 = 28
	Bold     bool
	Spacing  int // extra space between characters, in twips (negative condenses)
}

// Run is a piece of text in one font.
type Run struct {
	Text string
	Font Font
}

// Paragraph is a block of runs.
type Paragraph struct {
	Align          string // "left", "center", "right", "both"
	FirstLineChars int    // first-line indent in hundredths of a character (200 = two characters)
	FirstLine      int    // the same indent in twips, for readers that ignore the character form
	LineExact      int    // exact line height in twips; 0 for the grid's
	SpaceBefore    int    // twips
	SpaceAfter     int
	KeepNext       bool
	PageBreak      bool // start on a new page
	Runs           []Run
}

// Series is one data series of a chart.
type Series struct {
	Name   string
	Values []float64
	Color  string // RRGGBB
}

// Chart is a native bar or line chart.
type Chart struct {
	Title      string
	Kind       string // "bar" (columns) or "line"
	Categories []string
	Series     []Series
	Width      int // EMU; 0 for the text width
	Height     int
}

// Footer is a footer paragraph with a page number field: the text before
// and after it, e.g. "— " and " —".
type Footer struct {
	Align  string
	Before string
	After  string
	Font   Font
}

// Document collects the body and writes the package.
type Document struct {
	Page        Page
	Default     Font // the body font, also in docDefaults
	OddFooter   *Footer
	EvenFooter  *Footer
	Title       string // core properties
	Creator     string
	FontAliases map[string]string // font name -> fallback name for the font table

	body   bytes.Buffer
	charts []Chart
	drawID int
}

// Para appends a paragraph.
func (d *Document) Para(p Paragraph) {
	b := &d.body
	b.WriteString("<w:p><w:pPr>")
	if p.KeepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.PageBreak {
		b.WriteString(`<w:pageBreakBefore/>`)
	}
	if p.LineExact > 0 || p.SpaceBefore > 0 || p.SpaceAfter > 0 {
		fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="%d"`, p.SpaceBefore, p.SpaceAfter)
		if p.LineExact > 0 {
			fmt.Fprintf(b, ` w:line="%d" w:lineRule="exact"`, p.LineExact)
		}
		b.WriteString(`/>`)
	}
	if p.FirstLineChars > 0 || p.FirstLine > 0 {
		fmt.Fprintf(b, `<w:ind w:firstLine="%d" w:firstLineChars="%d"/>`, p.FirstLine, p.FirstLineChars)
	}
	if p.Align != "" {
		fmt.Fprintf(b, `<w:jc w:val="%s"/>`, p.Align)
	}
	b.WriteString("</w:pPr>")
	for _, r := range p.Runs {
		writeRun(b, r)
	}
	b.WriteString("</w:p>")
}

func writeRun(b *bytes.Buffer, r Run) {
	b.WriteString("<w:r>")
	writeRPr(b, r.Font)
	b.WriteString(`<w:t xml:space="preserve">`)
	b.WriteString(escape(r.Text))
	b.WriteString("</w:t></w:r>")
}

func writeRPr(b *bytes.Buffer, f Font) {
	b.WriteString("<w:rPr>")
	if f.EastAsia != "" || f.Latin != "" {
		latin := f.Latin
		if latin == "" {
			latin = f.EastAsia
		}
		fmt.Fprintf(b, `<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s" w:hint="eastAsia"/>`,
			escape(latin), escape(latin), escape(f.EastAsia), escape(latin))
	}
	if f.Bold {
		b.WriteString(`<w:b/><w:bCs/>`)
	}
	if f.Spacing != 0 {
		fmt.Fprintf(b, `<w:spacing w:val="%d"/>`, f.Spacing)
	}
	if f.Size > 0 {
		fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, f.Size, f.Size)
	}
	b.WriteString("</w:rPr>")
}

// AddChart appends a chart in a paragraph of its own.
func (d *Document) AddChart(c Chart) {
	if c.Width == 0 {
		// The text width in EMU (1 twip = 635 EMU).
		c.Width = (d.Page.Width - d.Page.Left - d.Page.Right) * 635
	}
	if c.Height == 0 {
		c.Height = c.Width * 9 / 16
	}
	d.charts = append(d.charts, c)
	d.drawID++
	n := len(d.charts)
	fmt.Fprintf(&d.body, `<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">`+
		`<wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="%s"/>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rIdChart%d"/></a:graphicData></a:graphic>`+
		`</wp:inline></w:drawing></w:r></w:p>`, c.Width, c.Height, d.drawID, escape(c.Title), n)
}

func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Write writes the .docx package.
func (d *Document) Write(w io.Writer) error {
	z := zip.NewWriter(w)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", d.contentTypes()},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", d.core()},
		{"docProps/app.xml", appXML},
		{"word/document.xml", d.document()},
		{"word/styles.xml", d.styles()},
		{"word/settings.xml", settingsXML},
		{"word/fontTable.xml", d.fontTable()},
		{"word/_rels/document.xml.rels", d.documentRels()},
	}
	if d.OddFooter != nil {
		files = append(files, struct{ name, body string }{"word/footer1.xml", footerXML(*d.OddFooter)})
	}
	if d.EvenFooter != nil {
		files = append(files, struct{ name, body string }{"word/footer2.xml", footerXML(*d.EvenFooter)})
	}
	for i, c := range d.charts {
		files = append(files, struct{ name, body string }{fmt.Sprintf("word/charts/chart%d.xml", i+1), chartXML(c)})
	}
	for _, f := range files {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return err
		}
	}
	return z.Close()
}
