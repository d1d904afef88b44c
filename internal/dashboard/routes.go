package dashboard

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"troika/internal/access"
	"troika/internal/chart"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// OpenAPI is this package's part of the API document.
//
//go:embed openapi.json
var OpenAPI []byte

// Templates are the dashboard pages.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "dashboard", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

// Routes mounts the home page and its API.
func (s *Service) Routes(srv *web.Server) {
	h := &handlers{svc: s, srv: srv}
	srv.Page("GET /{$}", "", h.home)
	srv.API("GET /api/v1/dashboard", access.PermReport, h.api)
}

func init() {
	RegisterDistribution(Distribution{Key: "org.kinds", Title: "dash.dist.org_kinds", Bars: true,
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, asOf string) ([]chart.Slice, error) {
			return orgBreakdown(ctx, db, s, asOf, "kind", "org.kind.", []string{"committee", "working", "general", "branch", "temp", "group"})
		}})
	RegisterDistribution(Distribution{Key: "org.domains", Title: "dash.dist.org_domains",
		Compute: func(ctx context.Context, db store.Querier, s indicator.Scope, asOf string) ([]chart.Slice, error) {
			return orgBreakdown(ctx, db, s, asOf, "domain", "org.domain.", []string{"mixed", "rural", "community", "organ", "institution", "soe", "private", "social", "newform"})
		}})
}

// orgBreakdown counts the organizations alive on asOf by a column whose
// values are the listed enumeration.
func orgBreakdown(ctx context.Context, db store.Querier, s indicator.Scope, asOf, column, labelPrefix string, order []string) ([]chart.Slice, error) {
	// column is one of two constants above, never user input.
	rows, err := db.QueryContext(ctx, `SELECT `+column+`, COUNT(*) FROM orgs WHERE path LIKE ?
		AND (founded_on = '' OR founded_on <= ?) AND (dissolved = FALSE OR dissolved_on > ?) GROUP BY `+column, s.Like(), asOf, asOf)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]float64{}
	for rows.Next() {
		var k string
		var n float64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		counts[k] = n
	}
	var out []chart.Slice
	for _, k := range order {
		if counts[k] > 0 {
			out = append(out, chart.Slice{Label: i18n.T(labelPrefix + k), Value: counts[k]})
		}
	}
	return out, rows.Err()
}

func (h *handlers) request(r *http.Request) (indicator.Scope, indicator.Period, error) {
	p := access.From(r.Context())
	period := indicator.DefaultPeriod()
	if s := r.URL.Query().Get("period"); s != "" {
		var err error
		if period, err = indicator.ParsePeriod(s); err != nil {
			return indicator.Scope{}, period, err
		}
	}
	org, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, org)
	return scope, period, err
}

func (h *handlers) home(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	v := &web.View{Title: i18n.T("home.title"), Form: r.URL.Query()}
	if p.Can(access.PermReport) {
		scope, period, err := h.request(r)
		if err != nil {
			return err
		}
		board, err := h.svc.Board(r.Context(), scope, period)
		if err != nil {
			return err
		}
		v.Data = board
	}
	return h.srv.Render.HTML(w, r, "dashboard/home", v)
}

func (h *handlers) api(w http.ResponseWriter, r *http.Request) error {
	scope, period, err := h.request(r)
	if err != nil {
		return err
	}
	b, err := h.svc.Board(r.Context(), scope, period)
	if err != nil {
		return err
	}
	type card struct {
		indicator.Figure
		Previous indicator.Value `json:"previous"`
		Delta    string          `json:"delta"`
	}
	type pillar struct {
		Title string `json:"title"`
		Cards []card `json:"cards"`
	}
	out := struct {
		Scope    indicator.Scope  `json:"scope"`
		Period   indicator.Period `json:"period"`
		Previous indicator.Period `json:"previous"`
		Pillars  []pillar         `json:"pillars"`
	}{Scope: b.Scope, Period: b.Period, Previous: b.Previous}
	for _, pl := range b.Pillars {
		pv := pillar{Title: i18n.T(pl.Title)}
		for _, c := range pl.Cards {
			pv.Cards = append(pv.Cards, card{Figure: c.Figure, Previous: c.Previous, Delta: c.Delta})
		}
		out.Pillars = append(out.Pillars, pv)
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}
