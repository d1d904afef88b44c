package indicator

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"sort"
	"strconv"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

//go:embed openapi.json
var OpenAPI []byte

// Templates are the indicator pages and the figures partial.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "indicator", FS: sub}
}

type handlers struct {
	db  *store.DB
	srv *web.Server
}

// Routes mounts the figure list and the drill-down pages and API.
func Routes(srv *web.Server, db *store.DB) {
	h := &handlers{db: db, srv: srv}
	srv.Page("GET /indicators", access.PermOrgRead, h.list)
	srv.Page("GET /indicators/{key}", access.PermOrgRead, h.detail)
	srv.API("GET /api/v1/indicators", access.PermOrgRead, h.apiList)
	srv.API("GET /api/v1/indicators/{key}", access.PermOrgRead, h.apiDetail)
	srv.AddNav(web.NavItem{Group: "nav.report", Label: "nav.indicators", Href: "/indicators", Perm: access.PermOrgRead, Order: 50})
}

// ScopeOf resolves an organization id in the principal's scope (0 for the
// principal's own organization).
func ScopeOf(ctx context.Context, db store.Querier, p *access.Principal, orgID int64) (Scope, error) {
	if orgID == 0 {
		orgID = p.OrgID
	}
	var s Scope
	err := db.QueryRowContext(ctx, `SELECT id, path, name FROM orgs WHERE id = ? AND path LIKE ?`, orgID, p.ScopeLike()).Scan(&s.OrgID, &s.Path, &s.Name)
	if store.IsNoRows(err) {
		return s, fault.New(fault.NotFound, "%s", i18n.T("org.not_found"))
	}
	return s, err
}

// DefaultPeriod is the current year in China Standard Time.
func DefaultPeriod() Period { return Year(time.Now().In(cst).Year()) }

// request reads ?period= and ?org= for a page or API call.
func (h *handlers) request(r *http.Request) (Scope, Period, error) {
	p := access.From(r.Context())
	period := DefaultPeriod()
	if s := r.URL.Query().Get("period"); s != "" {
		var err error
		if period, err = ParsePeriod(s); err != nil {
			return Scope{}, Period{}, err
		}
	}
	orgID, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	scope, err := ScopeOf(r.Context(), h.db, p, orgID)
	return scope, period, err
}

// Figure is a computed indicator as pages show it.
type Figure struct {
	Key        string `json:"key"`
	Name       string `json:"name"`
	Unit       string `json:"unit"`
	Value      Value  `json:"value"`
	Text       string `json:"text"`
	Ledger     string `json:"ledger"`
	LedgerHref string `json:"ledger_href,omitempty"`
	Definition string `json:"definition,omitempty"`
	Href       string `json:"href"` // the drill-down page
}

// Figures computes the given indicators for a scope and period, for a
// ledger page's figure strip.
func Figures(ctx context.Context, db store.Querier, keys []string, s Scope, p Period) ([]Figure, error) {
	out := make([]Figure, 0, len(keys))
	for _, k := range keys {
		ind, ok := Get(k)
		if !ok {
			return nil, fault.New(fault.NotFound, "%s", i18n.T("indicator.not_found"))
		}
		v, err := Compute(ctx, db, k, s, p)
		if err != nil {
			return nil, err
		}
		out = append(out, figureOf(ind, v, s, p))
	}
	return out, nil
}

func figureOf(ind Indicator, v Value, s Scope, p Period) Figure {
	unit := i18n.T(ind.Unit)
	if v.Kind == Ratio {
		unit = ""
	}
	return Figure{Key: ind.Key, Name: i18n.T(ind.Name), Unit: unit, Value: v, Text: v.Plain(),
		Ledger: i18n.T(ind.Ledger), LedgerHref: ind.LedgerHref, Definition: i18n.T(ind.Definition),
		Href: "/indicators/" + ind.Key + "?period=" + p.Spec + "&org=" + strconv.FormatInt(s.OrgID, 10)}
}

func (h *handlers) all(r *http.Request) ([]Figure, Scope, Period, error) {
	s, p, err := h.request(r)
	if err != nil {
		return nil, s, p, err
	}
	var figs []Figure
	inds := All()
	// Figures of one ledger stand together.
	sort.SliceStable(inds, func(i, j int) bool { return i18n.T(inds[i].Ledger) < i18n.T(inds[j].Ledger) })
	for _, ind := range inds {
		v, err := Compute(r.Context(), h.db, ind.Key, s, p)
		if err != nil {
			return nil, s, p, err
		}
		figs = append(figs, figureOf(ind, v, s, p))
	}
	return figs, s, p, nil
}

func (h *handlers) list(w http.ResponseWriter, r *http.Request) error {
	figs, s, p, err := h.all(r)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "indicator/list", &web.View{Title: i18n.T("indicator.list_title"), Form: r.URL.Query(),
		Data: map[string]any{"Figures": figs, "Scope": s, "Period": p}})
}

func (h *handlers) detailData(r *http.Request) (Figure, Records, web.Paging, Scope, Period, error) {
	ind, ok := Get(r.PathValue("key"))
	pg := web.PagingFrom(r)
	if !ok {
		return Figure{}, Records{}, pg, Scope{}, Period{}, fault.New(fault.NotFound, "%s", i18n.T("indicator.not_found"))
	}
	s, p, err := h.request(r)
	if err != nil {
		return Figure{}, Records{}, pg, s, p, err
	}
	v, err := Compute(r.Context(), h.db, ind.Key, s, p)
	if err != nil {
		return Figure{}, Records{}, pg, s, p, err
	}
	var recs Records
	if ind.Records != nil {
		if recs, err = ind.Records(r.Context(), h.db, s, p, pg.Size, pg.Offset()); err != nil {
			return Figure{}, Records{}, pg, s, p, err
		}
	}
	return figureOf(ind, v, s, p), recs, pg, s, p, nil
}

func (h *handlers) detail(w http.ResponseWriter, r *http.Request) error {
	fig, recs, pg, s, p, err := h.detailData(r)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "indicator/detail", &web.View{Title: fig.Name, Form: r.URL.Query(),
		Data: map[string]any{"Figure": fig, "Records": recs, "Pager": web.NewPager(r, pg, recs.Total), "Scope": s, "Period": p}})
}

func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	figs, s, p, err := h.all(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"scope": s, "period": p, "items": figs})
	return nil
}

func (h *handlers) apiDetail(w http.ResponseWriter, r *http.Request) error {
	fig, recs, pg, s, p, err := h.detailData(r)
	if err != nil {
		return err
	}
	if recs.Rows == nil {
		recs.Rows = [][]string{}
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"scope": s, "period": p, "figure": fig, "records": recs, "page": pg.Page, "size": pg.Size})
	return nil
}
