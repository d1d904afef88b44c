// Package chart draws charts as SVG on the server: bars, lines, donuts and
// gauges. The same SVG goes into pages and print, needs no script and no
// font file (the browser sets the text), and uses presentation attributes
// only, so it passes a CSP that forbids inline styles.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Palette is the series colours, starting with the party red.
var Palette = []string{"#b3261e", "#e8a33d", "#2f6db5", "#3c8d5a", "#7a5ba6", "#8c8c8c", "#d9534f", "#5bc0de", "#c0a16b", "#4a4a4a"}

// Series is a named list of values.
type Series struct {
	Name   string
	Values []float64
}

// Data is what bar and line charts draw.
type Data struct {
	Title      string
	Categories []string
	Series     []Series
	Unit       string
}

type canvas struct {
	b    strings.Builder
	w, h int
}

func newCanvas(w, h int, title string) *canvas {
	c := &canvas{w: w, h: h}
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" font-family="sans-serif" class="chart">`,
		w, h, esc(title))
	if title != "" {
		fmt.Fprintf(&c.b, `<title>%s</title>`, esc(title))
	}
	return c
}

func (c *canvas) done() template.HTML {
	c.b.WriteString(`</svg>`)
	return template.HTML(c.b.String()) //nolint:gosec // every text node is escaped by esc
}

func esc(s string) string {
	return template.HTMLEscapeString(s)
}

// niceMax rounds a maximum up to 1, 2, 2.5 or 5 times a power of ten, so
// that the grid lines fall on round numbers.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func label(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// plot lays out the axes shared by bars and lines and returns the y scale.
func (c *canvas) axes(d Data, left, top, right, bottom int) (maxV float64, plotW, plotH float64) {
	for _, s := range d.Series {
		for _, v := range s.Values {
			maxV = math.Max(maxV, v)
		}
	}
	maxV = niceMax(maxV)
	plotW = float64(c.w - left - right)
	plotH = float64(c.h - top - bottom)
	for i := 0; i <= 4; i++ {
		y := float64(top) + plotH - plotH*float64(i)/4
		fmt.Fprintf(&c.b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e3e6ea" stroke-width="1"/>`, left, y, c.w-right, y)
		fmt.Fprintf(&c.b, `<text x="%d" y="%.1f" font-size="13" fill="#6b7480" text-anchor="end">%s</text>`, left-6, y+4, label(maxV*float64(i)/4))
	}
	n := len(d.Categories)
	step := 1
	if n > 12 {
		step = (n + 11) / 12
	}
	for i, cat := range d.Categories {
		if i%step != 0 {
			continue
		}
		x := float64(left) + plotW*(float64(i)+0.5)/float64(n)
		fmt.Fprintf(&c.b, `<text x="%.1f" y="%d" font-size="13" fill="#6b7480" text-anchor="middle">%s</text>`, x, c.h-bottom+16, esc(cat))
	}
	return maxV, plotW, plotH
}

func (c *canvas) legend(series []Series, y int) {
	if len(series) < 2 {
		return
	}
	x := 50
	for i, s := range series {
		fmt.Fprintf(&c.b, `<rect x="%d" y="%d" width="10" height="10" rx="2" fill="%s"/>`, x, y, Palette[i%len(Palette)])
		fmt.Fprintf(&c.b, `<text x="%d" y="%d" font-size="14" fill="#1f2328">%s</text>`, x+14, y+9, esc(s.Name))
		x += 28 + 13*len([]rune(s.Name))
	}
}

// Bars draws grouped columns.
func Bars(d Data, w, h int) template.HTML {
	c := newCanvas(w, h, d.Title)
	left, top, right, bottom := 44, 16, 12, 28
	if len(d.Series) > 1 {
		bottom += 18
	}
	maxV, plotW, plotH := c.axes(d, left, top, right, bottom)
	n := len(d.Categories)
	if n == 0 {
		return c.done()
	}
	group := plotW / float64(n)
	barW := group * 0.7 / float64(max(1, len(d.Series)))
	for si, s := range d.Series {
		for i, v := range s.Values {
			if i >= n {
				break
			}
			bh := plotH * v / maxV
			x := float64(left) + group*float64(i) + group*0.15 + barW*float64(si)
			y := float64(top) + plotH - bh
			fmt.Fprintf(&c.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="2" fill="%s"><title>%s %s：%s</title></rect>`,
				x, y, barW, bh, Palette[si%len(Palette)], esc(d.Categories[i]), esc(s.Name), label(v))
			if n <= 12 && v > 0 {
				fmt.Fprintf(&c.b, `<text x="%.1f" y="%.1f" font-size="13" fill="#1f2328" text-anchor="middle">%s</text>`, x+barW/2, y-4, label(v))
			}
		}
	}
	c.legend(d.Series, h-16)
	return c.done()
}

// Lines draws one line per series over the categories.
func Lines(d Data, w, h int) template.HTML {
	c := newCanvas(w, h, d.Title)
	left, top, right, bottom := 44, 16, 12, 28
	if len(d.Series) > 1 {
		bottom += 18
	}
	maxV, plotW, plotH := c.axes(d, left, top, right, bottom)
	n := len(d.Categories)
	if n == 0 {
		return c.done()
	}
	for si, s := range d.Series {
		var pts []string
		color := Palette[si%len(Palette)]
		for i, v := range s.Values {
			if i >= n {
				break
			}
			x := float64(left) + plotW*(float64(i)+0.5)/float64(n)
			y := float64(top) + plotH - plotH*v/maxV
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
			fmt.Fprintf(&c.b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s %s：%s</title></circle>`, x, y, color, esc(d.Categories[i]), esc(s.Name), label(v))
		}
		fmt.Fprintf(&c.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round"/>`, strings.Join(pts, " "), color)
	}
	c.legend(d.Series, h-16)
	return c.done()
}

// Slice is a labelled part of a whole.
type Slice struct {
	Label string
	Value float64
}

// Donut draws the parts of a whole with a legend beside it.
func Donut(title string, slices []Slice, w, h int) template.HTML {
	c := newCanvas(w, h, title)
	total := 0.0
	for _, s := range slices {
		total += s.Value
	}
	r := float64(min(h, w/2)) / 2 * 0.85
	cx, cy := r+10, float64(h)/2
	if total <= 0 {
		fmt.Fprintf(&c.b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="none" stroke="#e3e6ea" stroke-width="%.1f"/>`, cx, cy, r*0.75, r*0.5)
		return c.done()
	}
	angle := -math.Pi / 2
	for i, s := range slices {
		if s.Value <= 0 {
			continue
		}
		sweep := 2 * math.Pi * s.Value / total
		color := Palette[i%len(Palette)]
		if sweep >= 2*math.Pi-1e-9 {
			fmt.Fprintf(&c.b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="none" stroke="%s" stroke-width="%.1f"><title>%s：%s</title></circle>`,
				cx, cy, r*0.75, color, r*0.5, esc(s.Label), label(s.Value))
			break
		}
		x1, y1 := cx+r*math.Cos(angle), cy+r*math.Sin(angle)
		x2, y2 := cx+r*math.Cos(angle+sweep), cy+r*math.Sin(angle+sweep)
		ri := r * 0.5
		x3, y3 := cx+ri*math.Cos(angle+sweep), cy+ri*math.Sin(angle+sweep)
		x4, y4 := cx+ri*math.Cos(angle), cy+ri*math.Sin(angle)
		large := 0
		if sweep > math.Pi {
			large = 1
		}
		fmt.Fprintf(&c.b, `<path d="M%.1f,%.1f A%.1f,%.1f 0 %d 1 %.1f,%.1f L%.1f,%.1f A%.1f,%.1f 0 %d 0 %.1f,%.1f Z" fill="%s"><title>%s：%s</title></path>`,
			x1, y1, r, r, large, x2, y2, x3, y3, ri, ri, large, x4, y4, color, esc(s.Label), label(s.Value))
		angle += sweep
	}
	lx := int(cx + r + 20)
	rows := len(slices)
	lineH := min(20, (h-10)/max(1, rows))
	ly := h/2 - rows*lineH/2 + 10
	for i, s := range slices {
		pct := 100 * s.Value / total
		fmt.Fprintf(&c.b, `<rect x="%d" y="%d" width="10" height="10" rx="2" fill="%s"/>`, lx, ly+i*lineH-9, Palette[i%len(Palette)])
		fmt.Fprintf(&c.b, `<text x="%d" y="%d" font-size="14" fill="#1f2328">%s <tspan fill="#6b7480">%s（%.1f%%）</tspan></text>`,
			lx+16, ly+i*lineH, esc(s.Label), label(s.Value), pct)
	}
	return c.done()
}

// Gauge draws a half-circle meter for a ratio from 0 to 1.
func Gauge(title string, ratio float64, text string, w, h int) template.HTML {
	c := newCanvas(w, h, title)
	ratio = math.Max(0, math.Min(1, ratio))
	cx, cy := float64(w)/2, float64(h)-20
	r := math.Min(float64(w)/2-10, float64(h)-30)
	arc := func(from, to float64, color string) {
		x1, y1 := cx+r*math.Cos(math.Pi+from*math.Pi), cy+r*math.Sin(math.Pi+from*math.Pi)
		x2, y2 := cx+r*math.Cos(math.Pi+to*math.Pi), cy+r*math.Sin(math.Pi+to*math.Pi)
		fmt.Fprintf(&c.b, `<path d="M%.1f,%.1f A%.1f,%.1f 0 0 1 %.1f,%.1f" fill="none" stroke="%s" stroke-width="14" stroke-linecap="round"/>`, x1, y1, r, r, x2, y2, color)
	}
	arc(0, 1, "#eef1f4")
	if ratio > 0 {
		arc(0, ratio, Palette[0])
	}
	fmt.Fprintf(&c.b, `<text x="%.1f" y="%.1f" font-size="22" font-weight="700" fill="#8c1d18" text-anchor="middle">%s</text>`, cx, cy-8, esc(text))
	return c.done()
}
