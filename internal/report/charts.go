package report

import (
	"context"
	"fmt"
	"strconv"

	"troika/internal/docx"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// ChartSpec is a chart of the report, drawn natively in the .docx and as
// SVG on the page.
type ChartSpec struct {
	Caption    string // 图1 …
	Title      string
	Kind       string // bar, line
	Categories []string
	Series     []SeriesSpec
}

// SeriesSpec is one series of values.
type SeriesSpec struct {
	Name   string
	Values []float64
}

func (c ChartSpec) series() []docx.Series {
	out := make([]docx.Series, len(c.Series))
	for i, s := range c.Series {
		out[i] = docx.Series{Name: s.Name, Values: s.Values}
	}
	return out
}

// trendKeys are figures drawn month by month when their ledgers hold data.
var trendKeys = []string{"gov.events_resolved", "frontline.screened_persons", "cadre.training_person_times", "service.wishes_claimed"}

// maxTrendCharts keeps the appendix to a page or two.
const maxTrendCharts = 3

// buildCharts adds the appendix charts: the organizations by kind at the end
// of the period, and monthly trends of the figures that have data.
func buildCharts(ctx context.Context, tx *store.Tx, doc *Document) error {
	s, p := doc.Scope, doc.Period
	rows, err := tx.QueryContext(ctx, `SELECT kind, COUNT(*) FROM orgs WHERE path LIKE ?
		AND (founded_on = '' OR founded_on < ?) AND (dissolved = FALSE OR dissolved_on >= ?) GROUP BY kind`, s.Like(), p.To, p.To)
	if err != nil {
		return err
	}
	counts := map[string]float64{}
	for rows.Next() {
		var k string
		var n float64
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return err
		}
		counts[k] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	kinds := ChartSpec{Title: i18n.T("report.chart.org_kinds"), Kind: "bar", Series: []SeriesSpec{{Name: i18n.T("unit.ge")}}}
	for _, k := range []string{"committee", "working", "general", "branch", "temp", "group"} {
		if counts[k] > 0 {
			kinds.Categories = append(kinds.Categories, i18n.T("org.kind."+k))
			kinds.Series[0].Values = append(kinds.Series[0].Values, counts[k])
		}
	}
	if len(kinds.Categories) > 0 {
		doc.Charts = append(doc.Charts, kinds)
	}
	months := p.Months()
	if len(months) < 2 {
		return numberCharts(doc)
	}
	drawn := 0
	for _, key := range trendKeys {
		ind, ok := indicator.Get(key)
		if !ok || ind.Kind != indicator.Count || drawn >= maxTrendCharts {
			continue
		}
		c := ChartSpec{Title: i18n.T("report.chart.monthly", i18n.T(ind.Name)), Kind: "line", Series: []SeriesSpec{{Name: i18n.T(ind.Name)}}}
		any := false
		for _, m := range months {
			v, err := indicator.Compute(ctx, tx, key, s, m)
			if err != nil {
				return fmt.Errorf("trend %s: %w", key, err)
			}
			c.Categories = append(c.Categories, strconv.Itoa(monthNumber(m))+i18n.T("report.month_suffix"))
			c.Series[0].Values = append(c.Series[0].Values, float64(v.N))
			any = any || v.N > 0
		}
		if any {
			doc.Charts = append(doc.Charts, c)
			drawn++
		}
	}
	return numberCharts(doc)
}

func monthNumber(p indicator.Period) int {
	m, _ := strconv.Atoi(p.From[5:7])
	return m
}

func numberCharts(doc *Document) error {
	for i := range doc.Charts {
		doc.Charts[i].Caption = i18n.T("report.chart.caption", i+1, doc.Charts[i].Title)
	}
	return nil
}

// Notes are the closing lines: which template version and which moment of
// the data produced the report, and every figure the records could not
// support, with the ledger that would feed it.
func (doc *Document) Notes() []string {
	notes := []string{i18n.T("report.provenance", i18n.T("report.tpl."+doc.Template.Name), doc.Template.Version,
		doc.GeneratedAt.In(cst).Format("2006-01-02 15:04"), doc.Scope.Name, doc.Period.Label)}
	for _, f := range doc.Figures {
		if f.NoData() {
			notes = append(notes, i18n.T("report.note_missing", f.Name, f.Ledger))
		}
	}
	return notes
}
