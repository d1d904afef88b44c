package report

import (
	_ "embed"
	"html/template"
	"io"

	"troika/internal/chart"
	"troika/internal/i18n"
)

// SVG draws the chart for pages and print.
func (c ChartSpec) SVG() template.HTML {
	d := chart.Data{Title: c.Title, Categories: c.Categories}
	for _, s := range c.Series {
		d.Series = append(d.Series, chart.Series{Name: s.Name, Values: s.Values})
	}
	if c.Kind == "line" {
		return chart.Lines(d, 640, 280)
	}
	return chart.Bars(d, 640, 280)
}

//go:embed templates/_body.html
var bodyTemplate string

//go:embed standalone.css
var standaloneCSS string

var standalone = template.Must(template.New("standalone").Funcs(template.FuncMap{
	"t":   func(key string, args ...any) string { return i18n.T(key, args...) },
	"css": func() template.CSS { return template.CSS(standaloneCSS) },
}).Parse(bodyTemplate + `{{define "standalone"}}<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><style>{{css}}</style></head>
<body class="report-doc">{{template "reportbody" .}}</body></html>{{end}}`))

// WriteHTML writes a self-contained, print-ready HTML file of the report.
func WriteHTML(w io.Writer, doc *Document) error {
	return standalone.ExecuteTemplate(w, "standalone", doc)
}
