package docx

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	nsW   = `http://schemas.openxmlformats.org/wordprocessingml/2006/main`
	nsR   = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	nsRel = `http://schemas.openxmlformats.org/package/2006/relationships`
)

const rootRels = xmlHeader + `<Relationships xmlns="` + nsRel + `">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const appXML = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Troika</Application></Properties>`

// evenAndOddHeaders: GB/T 9704 puts odd page numbers right, even ones left.
const settingsXML = xmlHeader + `<w:settings xmlns:w="` + nsW + `"><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/>` +
	`<w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

func (d *Document) contentTypes() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	b.WriteString(`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`)
	b.WriteString(`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>`)
	b.WriteString(`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>`)
	b.WriteString(`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>`)
	b.WriteString(`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`)
	b.WriteString(`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	if d.OddFooter != nil {
		b.WriteString(`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>`)
	}
	if d.EvenFooter != nil {
		b.WriteString(`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>`)
	}
	for i := range d.charts {
		fmt.Fprintf(&b, `<Override PartName="/word/charts/chart%d.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`, i+1)
	}
	b.WriteString(`</Types>`)
	return b.String()
}

func (d *Document) core() string {
	now := time.Now().UTC().Format(time.RFC3339)
	return xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + escape(d.Title) + `</dc:title><dc:creator>` + escape(d.Creator) + `</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + now + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + now + `</dcterms:modified></cp:coreProperties>`
}

func (d *Document) documentRels() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Relationships xmlns="` + nsRel + `">`)
	b.WriteString(`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
	b.WriteString(`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`)
	b.WriteString(`<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>`)
	if d.OddFooter != nil {
		b.WriteString(`<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`)
	}
	if d.EvenFooter != nil {
		b.WriteString(`<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>`)
	}
	for i := range d.charts {
		fmt.Fprintf(&b, `<Relationship Id="rIdChart%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="charts/chart%d.xml"/>`, i+1, i+1)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

func (d *Document) document() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"` +
		` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
		` xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><w:body>`)
	b.Write(d.body.Bytes())
	b.WriteString(`<w:sectPr>`)
	if d.OddFooter != nil {
		b.WriteString(`<w:footerReference w:type="default" r:id="rIdFooterOdd"/>`)
	}
	if d.EvenFooter != nil {
		b.WriteString(`<w:footerReference w:type="even" r:id="rIdFooterEven"/>`)
	}
	p := d.Page
	fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d"/>`, p.Width, p.Height)
	fmt.Fprintf(&b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
		p.Top, p.Right, p.Bottom, p.Left, p.Header, p.Footer)
	b.WriteString(`<w:pgNumType w:fmt="decimal" w:start="1"/>`)
	if p.LinePitch > 0 {
		// A line grid only: a character grid is read differently by Word
		// and LibreOffice, so the character pitch is set on the runs.
		fmt.Fprintf(&b, `<w:docGrid w:type="lines" w:linePitch="%d"/>`, p.LinePitch)
	}
	b.WriteString(`</w:sectPr></w:body></w:document>`)
	return b.String()
}

func (d *Document) styles() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:styles xmlns:w="` + nsW + `"><w:docDefaults><w:rPrDefault>`)
	var rpr bytesWriter
	writeRPr(&rpr.Buffer, d.Default)
	b.WriteString(rpr.String())
	b.WriteString(`</w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/></w:pPr></w:pPrDefault></w:docDefaults>`)
	b.WriteString(`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`)
	b.WriteString(`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/></w:style>`)
	b.WriteString(`</w:styles>`)
	return b.String()
}

// fontTable lists every face used, with its fallback as altName, so that a
// machine without 方正小标宋简体 or 仿宋_GB2312 substitutes a close face.
func (d *Document) fontTable() string {
	names := map[string]bool{}
	for k := range d.FontAliases {
		names[k] = true
	}
	if d.Default.EastAsia != "" {
		names[d.Default.EastAsia] = true
	}
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	sort.Strings(list)
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:fonts xmlns:w="` + nsW + `">`)
	for _, n := range list {
		fmt.Fprintf(&b, `<w:font w:name="%s">`, escape(n))
		if alt := d.FontAliases[n]; alt != "" {
			fmt.Fprintf(&b, `<w:altName w:val="%s"/>`, escape(alt))
		}
		b.WriteString(`<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`)
	}
	b.WriteString(`</w:fonts>`)
	return b.String()
}

func footerXML(f Footer) string {
	var b bytesWriter
	b.WriteString(xmlHeader + `<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:p><w:pPr><w:pStyle w:val="Footer"/>`)
	fmt.Fprintf(&b, `<w:jc w:val="%s"/>`, f.Align)
	if f.Align == "right" || f.Align == "left" {
		// One character in from the edge of the text, as GB/T 9704 asks.
		side := "right"
		if f.Align == "left" {
			side = "left"
		}
		fmt.Fprintf(&b, `<w:ind w:%sChars="100"/>`, side)
	}
	b.WriteString(`</w:pPr>`)
	writeRun(&b.Buffer, Run{Text: f.Before, Font: f.Font})
	b.WriteString(`<w:r>`)
	writeRPr(&b.Buffer, f.Font)
	b.WriteString(`<w:fldChar w:fldCharType="begin"/></w:r><w:r>`)
	writeRPr(&b.Buffer, f.Font)
	b.WriteString(`<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>`)
	writeRPr(&b.Buffer, f.Font)
	b.WriteString(`<w:fldChar w:fldCharType="separate"/></w:r><w:r>`)
	writeRPr(&b.Buffer, f.Font)
	b.WriteString(`<w:t>1</w:t></w:r><w:r>`)
	writeRPr(&b.Buffer, f.Font)
	b.WriteString(`<w:fldChar w:fldCharType="end"/></w:r>`)
	writeRun(&b.Buffer, Run{Text: f.After, Font: f.Font})
	b.WriteString(`</w:p></w:ftr>`)
	return b.String()
}
