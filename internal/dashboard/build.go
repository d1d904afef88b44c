package dashboard

import (
	"context"
	"fmt"
	"strconv"

	"troika/internal/chart"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Board returns the board of scope and period, from the cache when fresh.
func (s *Service) Board(ctx context.Context, scope indicator.Scope, p indicator.Period) (*Board, error) {
	key := strconv.FormatInt(scope.OrgID, 10) + "|" + p.Spec
	s.mu.Lock()
	if b, ok := s.cache[key]; ok && s.Now().Sub(b.Built) < s.TTL {
		s.mu.Unlock()
		return b, nil
	}
	s.mu.Unlock()
	// Callers arriving together for the same board wait for one build
	// rather than each running the few hundred queries.
	v, err, _ := s.flight.Do(key, func() (any, error) {
		var b *Board
		err := s.DB.ReadTx(ctx, func(tx *store.Tx) error {
			var err error
			b, err = build(ctx, tx, scope, p)
			return err
		})
		if err == nil {
			b.Built = s.Now()
		}
		return b, err
	})
	if err != nil {
		return nil, err
	}
	b := v.(*Board)
	s.mu.Lock()
	if len(s.cache) > 500 {
		s.cache = map[string]*Board{}
	}
	s.cache[key] = b
	s.mu.Unlock()
	return b, nil
}

func build(ctx context.Context, tx *store.Tx, scope indicator.Scope, p indicator.Period) (*Board, error) {
	prev := p.Previous()
	b := &Board{Scope: scope, Period: p, Previous: prev}
	for _, pl := range Pillars {
		view := PillarView{Title: pl.Title}
		for _, key := range pl.Keys {
			ind, ok := indicator.Get(key)
			if !ok {
				continue
			}
			figs, err := indicator.Figures(ctx, tx, []string{key}, scope, p)
			if err != nil {
				return nil, err
			}
			before, err := indicator.Compute(ctx, tx, key, scope, prev)
			if err != nil {
				return nil, err
			}
			card := Card{Figure: figs[0], Previous: before}
			card.Delta, card.Up = delta(ind.Kind, figs[0].Value, before)
			view.Cards = append(view.Cards, card)
		}
		if len(view.Cards) > 0 {
			b.Pillars = append(b.Pillars, view)
		}
	}
	months := p.Months()
	if len(months) > 1 {
		for _, key := range TrendKeys {
			ind, ok := indicator.Get(key)
			if !ok || ind.Kind != indicator.Count {
				continue
			}
			d := chart.Data{Title: i18n.T(ind.Name), Series: []chart.Series{{Name: i18n.T(ind.Name)}}}
			any := false
			for _, m := range months {
				v, err := indicator.Compute(ctx, tx, key, scope, m)
				if err != nil {
					return nil, err
				}
				d.Categories = append(d.Categories, m.From[5:7])
				d.Series[0].Values = append(d.Series[0].Values, float64(v.N))
				any = any || v.N > 0
			}
			if any {
				b.Trends = append(b.Trends, Trend{Title: i18n.T("dash.trend", i18n.T(ind.Name)), SVG: chart.Lines(d, 560, 220)})
			}
		}
	}
	for _, dist := range allDistributions() {
		slices, err := dist.Compute(ctx, tx, scope, p.End())
		if err != nil {
			return nil, fmt.Errorf("distribution %s: %w", dist.Key, err)
		}
		panel := Panel{Title: i18n.T(dist.Title), Empty: total(slices) == 0}
		if dist.Bars {
			d := chart.Data{Title: panel.Title, Series: []chart.Series{{Name: panel.Title}}}
			for _, sl := range slices {
				d.Categories = append(d.Categories, sl.Label)
				d.Series[0].Values = append(d.Series[0].Values, sl.Value)
			}
			panel.SVG = chart.Bars(d, 560, 240)
		} else {
			panel.SVG = chart.Donut(panel.Title, slices, 460, 200)
		}
		b.Panels = append(b.Panels, panel)
	}
	return b, nil
}

func total(s []chart.Slice) float64 {
	t := 0.0
	for _, x := range s {
		t += x.Value
	}
	return t
}

// delta is the change against the previous period, in the figure's unit.
func delta(kind indicator.Kind, now, before indicator.Value) (string, bool) {
	if now.NoData || before.NoData {
		return "", false
	}
	switch kind {
	case indicator.Ratio:
		if now.Den == 0 || before.Den == 0 {
			return "", false
		}
		// Percentage points with one decimal.
		pp := float64(now.N)/float64(now.Den)*100 - float64(before.N)/float64(before.Den)*100
		return signed(fmt.Sprintf("%.1f", abs(pp)), pp) + i18n.T("dash.pp"), pp >= 0
	case indicator.Money:
		d := now.N - before.N
		return signed(indicator.Wan(absInt(d)), float64(d)), d >= 0
	}
	d := now.N - before.N
	return signed(strconv.FormatInt(absInt(d), 10), float64(d)), d >= 0
}

func signed(s string, v float64) string {
	switch {
	case v > 0:
		return "+" + s
	case v < 0:
		return "−" + s
	}
	return "±0"
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func absInt(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
