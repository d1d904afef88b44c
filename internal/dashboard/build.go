package dashboard

import (
	"context"
	"fmt"
	"runtime"
	"strconv"

	"golang.org/x/sync/errgroup"

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
		b, err := build(ctx, s.DB, scope, p)
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

// build computes every card, trend and distribution of a board. The
// pieces are independent aggregates, so they are spread over a few
// read-only transactions running side by side (one per core): a board is a
// glance at the ledgers, and pieces read a moment apart are good enough
// for it, unlike the annual report, which reads one snapshot.
func build(ctx context.Context, db *store.DB, scope indicator.Scope, p indicator.Period) (*Board, error) {
	prev := p.Previous()
	b := &Board{Scope: scope, Period: p, Previous: prev}
	var jobs []func(tx *store.Tx) error

	// Distributions first: they are the longest pieces.
	dists := allDistributions()
	slices := make([][]chart.Slice, len(dists))
	for i, dist := range dists {
		jobs = append(jobs, func(tx *store.Tx) error {
			var err error
			if slices[i], err = dist.Compute(ctx, tx, scope, p.End()); err != nil {
				return fmt.Errorf("distribution %s: %w", dist.Key, err)
			}
			return nil
		})
	}

	type cardJob struct {
		kind indicator.Kind
		figs []indicator.Figure
		prev indicator.Value
	}
	pillarCards := make([][]*cardJob, len(Pillars))
	for pi, pl := range Pillars {
		for _, key := range pl.Keys {
			ind, ok := indicator.Get(key)
			if !ok {
				continue
			}
			c := &cardJob{kind: ind.Kind}
			pillarCards[pi] = append(pillarCards[pi], c)
			jobs = append(jobs, func(tx *store.Tx) error {
				var err error
				c.figs, err = indicator.Figures(ctx, tx, []string{key}, scope, p)
				return err
			}, func(tx *store.Tx) error {
				var err error
				c.prev, err = indicator.Compute(ctx, tx, key, scope, prev)
				return err
			})
		}
	}

	type trendJob struct {
		ind    indicator.Indicator
		values []float64
	}
	var trends []*trendJob
	months := p.Months()
	if len(months) > 1 {
		for _, key := range TrendKeys {
			ind, ok := indicator.Get(key)
			if !ok || ind.Kind != indicator.Count {
				continue
			}
			t := &trendJob{ind: ind, values: make([]float64, len(months))}
			trends = append(trends, t)
			for mi, m := range months {
				jobs = append(jobs, func(tx *store.Tx) error {
					v, err := indicator.Compute(ctx, tx, key, scope, m)
					t.values[mi] = float64(v.N)
					return err
				})
			}
		}
	}

	if err := runJobs(ctx, db, jobs); err != nil {
		return nil, err
	}

	for pi, pl := range Pillars {
		view := PillarView{Title: pl.Title}
		for _, c := range pillarCards[pi] {
			card := Card{Figure: c.figs[0], Previous: c.prev}
			card.Delta, card.Up = delta(c.kind, c.figs[0].Value, c.prev)
			view.Cards = append(view.Cards, card)
		}
		if len(view.Cards) > 0 {
			b.Pillars = append(b.Pillars, view)
		}
	}
	for _, t := range trends {
		name := i18n.T(t.ind.Name)
		d := chart.Data{Title: name, Series: []chart.Series{{Name: name, Values: t.values}}}
		any := false
		for i, m := range months {
			d.Categories = append(d.Categories, m.From[5:7])
			any = any || t.values[i] > 0
		}
		if any {
			b.Trends = append(b.Trends, Trend{Title: i18n.T("dash.trend", name), SVG: chart.Lines(d, 560, 220)})
		}
	}
	for i, dist := range dists {
		panel := Panel{Title: i18n.T(dist.Title), Empty: total(slices[i]) == 0}
		if dist.Bars {
			d := chart.Data{Title: panel.Title, Series: []chart.Series{{Name: panel.Title}}}
			for _, sl := range slices[i] {
				d.Categories = append(d.Categories, sl.Label)
				d.Series[0].Values = append(d.Series[0].Values, sl.Value)
			}
			panel.SVG = chart.Bars(d, 560, 240)
		} else {
			panel.SVG = chart.Donut(panel.Title, slices[i], 460, 200)
		}
		b.Panels = append(b.Panels, panel)
	}
	return b, nil
}

// runJobs runs jobs in order on as many read-only transactions as there
// are cores (at most four), and stops at the first error.
func runJobs(ctx context.Context, db *store.DB, jobs []func(tx *store.Tx) error) error {
	workers := min(runtime.GOMAXPROCS(0), 4, len(jobs))
	g, ctx := errgroup.WithContext(ctx)
	next := make(chan func(tx *store.Tx) error)
	for range workers {
		g.Go(func() error {
			return db.ReadTx(ctx, func(tx *store.Tx) error {
				for job := range next {
					if err := job(tx); err != nil {
						return err
					}
				}
				return nil
			})
		})
	}
	g.Go(func() error {
		defer close(next)
		for _, job := range jobs {
			select {
			case next <- job:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	return g.Wait()
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
