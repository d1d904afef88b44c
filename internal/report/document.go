// Package report writes the annual summary (年度党建工作综述) from the
// records: a template with the seed's prose where every figure is an
// indicator placeholder, rendered for a period and an organization subtree
// into a print-ready page, a GB/T 9704 .docx and an .xlsx of every figure.
package report

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Document is a rendered report, ready for any output format.
type Document struct {
	Title       string
	Blocks      []Block
	Figures     []*Figure // every figure used, once each, in order of first use
	Charts      []ChartSpec
	Scope       indicator.Scope
	Period      indicator.Period
	Template    TemplateRef
	GeneratedAt time.Time
}

// TemplateRef names the template version that produced a document.
type TemplateRef struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Version int    `json:"version"`
}

// Block is a paragraph: a level-1 heading (一、), a paragraph with a lead
// sentence (（一）…。), or a body paragraph.
type Block struct {
	Level int // 1 heading, 2 paragraph with a lead sentence, 0 body
	Lead  []Run
	Runs  []Run
}

// Run is prose or a figure.
type Run struct {
	Text   string
	Figure *Figure
}

// Figure is one indicator as the report uses it.
type Figure struct {
	Key        string
	Name       string
	Unit       string
	Ledger     string
	Definition string
	Format     string
	Registered bool
	Value      indicator.Value
	Text       string // as printed
	Records    int    // how many records it counted (drill-down total)
	Href       string
}

// NoData reports whether the figure cannot be supported by records.
func (f *Figure) NoData() bool { return !f.Registered || f.Value.NoData }

var (
	placeholderRe = regexp.MustCompile(`\{\{\s*([a-z][a-z0-9_.]*)\s*(?:\|\s*([a-z]+)\s*)?\}\}`)
	level1Re      = regexp.MustCompile(`^[一二三四五六七八九十]+、`)
	level2Re      = regexp.MustCompile(`^（[一二三四五六七八九十]+）`)
)

// variables are placeholders that are not figures.
var variables = map[string]bool{"city": true, "year": true, "org": true, "period": true}

var formats = map[string]bool{"": true, "about": true, "wan": true}

// Validate checks a template body: every placeholder is a variable, a
// registered indicator or a figure of the annual summary, with a known
// format; the first paragraph is the title.
func Validate(body string) error {
	var v fault.Fields
	if strings.TrimSpace(body) == "" {
		v.Add("body", i18n.T("report.field.body"), i18n.T("field.required"))
		return v.Err()
	}
	if len(body) > 200_000 {
		v.Add("body", i18n.T("report.field.body"), i18n.T("field.max_len", 200000))
		return v.Err()
	}
	seen := map[string]bool{}
	for _, m := range placeholderRe.FindAllStringSubmatch(body, -1) {
		key, format := m[1], m[2]
		if seen[m[0]] {
			continue
		}
		seen[m[0]] = true
		_, registered := indicator.Get(key)
		_, planned := seedFigure(key)
		if !variables[key] && !registered && !planned {
			v.Add("body", i18n.T("report.field.body"), i18n.T("report.unknown_key", key))
		}
		if !formats[format] {
			v.Add("body", i18n.T("report.field.body"), i18n.T("report.unknown_format", format, key))
		}
	}
	if strings.Count(body, "{{") != len(placeholderRe.FindAllString(body, -1)) {
		v.Add("body", i18n.T("report.field.body"), i18n.T("report.bad_placeholder"))
	}
	return v.Err()
}

// Progress is told how many of the template's figures are computed, for
// long runs (a province's report).
type Progress func(done, total int)

type progressKey struct{}

// WithProgress returns ctx carrying a progress callback for Render.
func WithProgress(ctx context.Context, fn Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

// Render computes every figure of the template for scope and period in one
// read snapshot and lays the prose out in blocks.
func Render(ctx context.Context, db *store.DB, tpl Template, s indicator.Scope, p indicator.Period, now time.Time) (*Document, error) {
	if err := Validate(tpl.Body); err != nil {
		return nil, err
	}
	if fn, ok := ctx.Value(progressKey{}).(Progress); ok {
		distinct := map[string]bool{}
		for _, m := range placeholderRe.FindAllStringSubmatch(tpl.Body, -1) {
			if !variables[m[1]] {
				distinct[m[1]+"|"+m[2]] = true
			}
		}
		total := len(distinct)
		ctx = context.WithValue(ctx, progressKey{}, Progress(func(done, _ int) { fn(done, total) }))
	}
	doc := &Document{Scope: s, Period: p, GeneratedAt: now, Template: TemplateRef{ID: tpl.ID, Name: tpl.Name, Version: tpl.Version}}
	figs := map[string]*Figure{}
	err := db.ReadTx(ctx, func(tx *store.Tx) error {
		vars := map[string]string{"city": CityName(s.Name), "year": p.From[:4], "org": s.Name, "period": p.Label}
		var paras []string
		for _, para := range strings.Split(strings.ReplaceAll(tpl.Body, "\r\n", "\n"), "\n") {
			if t := strings.TrimSpace(para); t != "" {
				paras = append(paras, t)
			}
		}
		for i, para := range paras {
			runs, err := runsOf(ctx, tx, para, vars, figs, doc, s, p)
			if err != nil {
				return err
			}
			switch {
			case i == 0:
				doc.Title = plain(runs)
			case level1Re.MatchString(para):
				doc.Blocks = append(doc.Blocks, Block{Level: 1, Runs: runs})
			case level2Re.MatchString(para):
				lead, rest := splitLead(runs)
				doc.Blocks = append(doc.Blocks, Block{Level: 2, Lead: lead, Runs: rest})
			default:
				doc.Blocks = append(doc.Blocks, Block{Runs: runs})
			}
		}
		return buildCharts(ctx, tx, doc)
	})
	return doc, err
}

var cst = time.FixedZone("CST", 8*3600)

func plain(runs []Run) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// splitLead cuts a paragraph's runs after its first full stop: the lead
// sentence of a （一） paragraph is set in its own face.
func splitLead(runs []Run) (lead, rest []Run) {
	for i, r := range runs {
		if r.Figure != nil {
			continue
		}
		if j := strings.Index(r.Text, "。"); j >= 0 {
			cut := j + len("。")
			lead = append(append([]Run{}, runs[:i]...), Run{Text: r.Text[:cut]})
			if r.Text[cut:] != "" {
				rest = append(rest, Run{Text: r.Text[cut:]})
			}
			return lead, append(rest, runs[i+1:]...)
		}
	}
	return nil, runs
}

func runsOf(ctx context.Context, tx *store.Tx, para string, vars map[string]string, figs map[string]*Figure, doc *Document, s indicator.Scope, p indicator.Period) ([]Run, error) {
	var runs []Run
	last := 0
	for _, m := range placeholderRe.FindAllStringSubmatchIndex(para, -1) {
		if m[0] > last {
			runs = append(runs, Run{Text: para[last:m[0]]})
		}
		key, format := para[m[2]:m[3]], ""
		if m[4] >= 0 {
			format = para[m[4]:m[5]]
		}
		last = m[1]
		if v, ok := vars[key]; ok {
			runs = append(runs, Run{Text: v})
			continue
		}
		id := key + "|" + format
		f, ok := figs[id]
		if !ok {
			var err error
			if f, err = computeFigure(ctx, tx, key, format, s, p); err != nil {
				return nil, err
			}
			figs[id] = f
			if fn, ok := ctx.Value(progressKey{}).(Progress); ok {
				fn(len(figs), 0)
			}
			doc.Figures = append(doc.Figures, f)
		}
		runs = append(runs, Run{Figure: f})
	}
	if last < len(para) {
		runs = append(runs, Run{Text: para[last:]})
	}
	return runs, nil
}

func computeFigure(ctx context.Context, tx *store.Tx, key, format string, s indicator.Scope, p indicator.Period) (*Figure, error) {
	f := &Figure{Key: key, Format: format,
		Href: fmt.Sprintf("/indicators/%s?period=%s&org=%d", key, p.Spec, s.OrgID)}
	seed, _ := seedFigure(key)
	f.Name, f.Ledger = seed.Name, seed.Ledger
	ind, ok := indicator.Get(key)
	if !ok {
		f.Text = i18n.T("report.no_data", f.Ledger)
		return f, nil
	}
	f.Registered = true
	f.Name, f.Unit, f.Ledger, f.Definition = i18n.T(ind.Name), i18n.T(ind.Unit), i18n.T(ind.Ledger), i18n.T(ind.Definition)
	v, err := indicator.Compute(ctx, tx, key, s, p)
	if err != nil {
		return nil, fmt.Errorf("figure %s: %w", key, err)
	}
	f.Value = v
	if v.NoData {
		f.Text = i18n.T("report.no_data", f.Ledger)
		return f, nil
	}
	f.Text = formatValue(v, format)
	if ind.Records != nil {
		recs, err := ind.Records(ctx, tx, s, p, 1, 0)
		if err != nil {
			return nil, fmt.Errorf("figure %s records: %w", key, err)
		}
		f.Records = recs.Total
	}
	return f, nil
}

// formatValue applies the seed's rendering rules: 万元 with up to two
// decimals, 余 for rounded-down approximations, one-decimal percentages.
func formatValue(v indicator.Value, format string) string {
	switch v.Kind {
	case indicator.Money:
		if format == "about" {
			return indicator.About(v.N / 1_000_000)
		}
		return indicator.Wan(v.N)
	case indicator.Ratio:
		return indicator.Percent(v.N, v.Den)
	}
	if format == "about" {
		return indicator.About(v.N)
	}
	return fmt.Sprint(v.N)
}

// CityName shortens an organization's name to the place it stands for:
// 中共某市委员会 → 某市, 中共智新镇委员会 → 智新镇.
func CityName(org string) string {
	n := strings.TrimPrefix(org, "中共")
	for _, suf := range []string{"工作委员会", "总支部委员会", "支部委员会", "委员会"} {
		if strings.HasSuffix(n, suf) {
			return strings.TrimSuffix(n, suf)
		}
	}
	return n
}
