package report

import (
	"io"

	"troika/internal/docx"
	"troika/internal/i18n"
)

// GB/T 9704-2012 (党政机关公文格式): A4, margins 37/35/28/26 mm, a text
// block of 22 lines of 28 characters in 3号 仿宋_GB2312, the title in 2号
// 方正小标宋简体, first-level headings in 黑体, second-level in 楷体_GB2312,
// page numbers in 4号 宋体 as "— 1 —", odd pages right and even pages left.
const (
	mm        = 56.7 // twips per millimetre
	linePitch = 579  // 225 mm ÷ 22 lines, in twips
	// 156 mm ÷ 28 characters = 15.79 pt per character: 3号 (16 pt) less
	// 0.2 pt, in twips.
	condense    = -4
	indent2     = 632 // two characters of 15.79 pt, in twips
	size3       = 32  // 3号 = 16 pt, in half-points
	size2       = 44  // 2号 = 22 pt
	size4       = 28  // 4号 = 14 pt
	fontTitle   = "方正小标宋简体"
	fontBody    = "仿宋_GB2312"
	fontH1      = "黑体"
	fontH2      = "楷体_GB2312"
	fontPageNum = "宋体"
)

// fontFallbacks name what a machine without the official faces uses.
var fontFallbacks = map[string]string{
	fontTitle: "宋体", fontBody: "仿宋", fontH1: "SimHei", fontH2: "楷体", fontPageNum: "SimSun",
}

func twips(millimetres float64) int { return int(millimetres*mm + 0.5) }

// WriteDOCX writes the document as a GB/T 9704 .docx.
func WriteDOCX(w io.Writer, doc *Document) error {
	body := docx.Font{EastAsia: fontBody, Latin: "Times New Roman", Size: size3, Spacing: condense}
	d := &docx.Document{
		Page: docx.Page{Width: 11906, Height: 16838, Top: twips(37), Bottom: twips(35), Left: twips(28), Right: twips(26),
			Header: twips(15), Footer: twips(28) - twips(7), LinePitch: linePitch},
		Default:     body,
		Title:       doc.Title,
		Creator:     i18n.T("app.name"),
		FontAliases: fontFallbacks,
	}
	pageNum := docx.Font{EastAsia: fontPageNum, Latin: fontPageNum, Size: size4}
	d.OddFooter = &docx.Footer{Align: "right", Before: "— ", After: " —", Font: pageNum}
	d.EvenFooter = &docx.Footer{Align: "left", Before: "— ", After: " —", Font: pageNum}

	d.Para(docx.Paragraph{Align: "center", LineExact: linePitch * 3 / 2, SpaceAfter: linePitch,
		Runs: []docx.Run{{Text: doc.Title, Font: docx.Font{EastAsia: fontTitle, Latin: fontTitle, Size: size2}}}})
	for _, bl := range doc.Blocks {
		p := docx.Paragraph{FirstLineChars: 200, FirstLine: indent2, Align: "both", LineExact: linePitch}
		switch bl.Level {
		case 1:
			p.KeepNext = true
			p.Runs = runsIn(bl.Runs, docx.Font{EastAsia: fontH1, Latin: fontH1, Size: size3, Spacing: condense})
		case 2:
			p.Runs = append(runsIn(bl.Lead, docx.Font{EastAsia: fontH2, Latin: fontH2, Size: size3, Spacing: condense}), runsIn(bl.Runs, body)...)
		default:
			p.Runs = runsIn(bl.Runs, body)
		}
		d.Para(p)
	}
	for i, c := range doc.Charts {
		d.Para(docx.Paragraph{Align: "center", LineExact: linePitch, KeepNext: true, PageBreak: i == 0,
			Runs: []docx.Run{{Text: c.Caption, Font: docx.Font{EastAsia: fontH1, Latin: fontH1, Size: size3}}}})
		d.AddChart(docx.Chart{Title: c.Title, Kind: c.Kind, Categories: c.Categories, Series: c.series()})
	}
	if notes := doc.Notes(); len(notes) > 0 {
		d.Para(docx.Paragraph{LineExact: linePitch, PageBreak: len(doc.Charts) == 0, SpaceBefore: linePitch, KeepNext: true,
			Runs: []docx.Run{{Text: i18n.T("report.notes_title"), Font: docx.Font{EastAsia: fontH1, Latin: fontH1, Size: size3}}}})
		for _, n := range notes {
			d.Para(docx.Paragraph{FirstLineChars: 200, FirstLine: indent2, Align: "both", LineExact: linePitch, Runs: []docx.Run{{Text: n, Font: body}}})
		}
	}
	return d.Write(w)
}

func runsIn(runs []Run, f docx.Font) []docx.Run {
	out := make([]docx.Run, 0, len(runs))
	for _, r := range runs {
		text := r.Text
		if r.Figure != nil {
			text = r.Figure.Text
		}
		if text != "" {
			out = append(out, docx.Run{Text: text, Font: f})
		}
	}
	return out
}
