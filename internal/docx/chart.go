package docx

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

type bytesWriter struct{ bytes.Buffer }

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// chartXML writes a chart part whose data lives in literal caches
// (c:strLit, c:numLit), which Word, WPS and LibreOffice draw without an
// embedded workbook.
func chartXML(c Chart) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="` + nsR + `">`)
	b.WriteString(`<c:roundedCorners val="0"/><c:chart>`)
	if c.Title != "" {
		b.WriteString(`<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="1200" b="1"/><a:t>`)
		b.WriteString(escape(c.Title))
		b.WriteString(`</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`)
	}
	b.WriteString(`<c:plotArea><c:layout/>`)
	if c.Kind == "line" {
		b.WriteString(`<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>`)
	} else {
		b.WriteString(`<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>`)
	}
	for i, s := range c.Series {
		color := s.Color
		if color == "" {
			color = palette[i%len(palette)]
		}
		fmt.Fprintf(&b, `<c:ser><c:idx val="%d"/><c:order val="%d"/><c:tx><c:v>%s</c:v></c:tx>`, i, i, escape(s.Name))
		if c.Kind == "line" {
			fmt.Fprintf(&b, `<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="%s"/></a:solidFill></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>`, color)
		} else {
			fmt.Fprintf(&b, `<c:spPr><a:solidFill><a:srgbClr val="%s"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`, color)
		}
		b.WriteString(`<c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`)
		fmt.Fprintf(&b, `<c:cat><c:strLit><c:ptCount val="%d"/>`, len(c.Categories))
		for j, cat := range c.Categories {
			fmt.Fprintf(&b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, j, escape(cat))
		}
		fmt.Fprintf(&b, `</c:strLit></c:cat><c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="%d"/>`, len(s.Values))
		for j, v := range s.Values {
			fmt.Fprintf(&b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, j, num(v))
		}
		b.WriteString(`</c:numLit></c:val>`)
		if c.Kind == "line" {
			b.WriteString(`<c:smooth val="0"/>`)
		}
		b.WriteString(`</c:ser>`)
	}
	if c.Kind == "line" {
		b.WriteString(`<c:marker val="1"/><c:axId val="101"/><c:axId val="102"/></c:lineChart>`)
	} else {
		b.WriteString(`<c:gapWidth val="80"/><c:axId val="101"/><c:axId val="102"/></c:barChart>`)
	}
	b.WriteString(`<c:catAx><c:axId val="101"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>` +
		`<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
		`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>` +
		`<c:crossAx val="102"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`)
	b.WriteString(`<c:valAx><c:axId val="102"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
		`<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>` +
		`<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
		`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>` +
		`<c:crossAx val="101"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`)
	b.WriteString(`</c:plotArea>`)
	if len(c.Series) > 1 {
		b.WriteString(`<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>`)
	}
	b.WriteString(`<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`)
	return b.String()
}

var palette = []string{"B3261E", "E8A33D", "2F6DB5", "3C8D5A", "7A5BA6", "8C8C8C"}
