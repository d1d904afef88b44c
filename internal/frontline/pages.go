package frontline

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/web"
)

type handlers struct {
	svc *Service
	srv *web.Server
}

// filterFrom reads a list's filters; dates that do not parse are dropped.
func filterFrom(q url.Values) Filter {
	f := Filter{Q: strings.TrimSpace(q.Get("q")), Active: q.Get("active")}
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	if f.Active != "1" && f.Active != "0" {
		f.Active = ""
	}
	for _, d := range []struct {
		key string
		to  *string
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(d.key); v != "" {
			if _, err := time.Parse("2006-01-02", v); err == nil {
				*d.to = v
			}
		}
	}
	f.Under, _ = strconv.ParseInt(q.Get("under"), 10, 64)
	f.TeamID, _ = strconv.ParseInt(q.Get("team"), 10, 64)
	return f
}

// option is an organization in a select.
type option struct {
	ID    int64
	Name  string
	Depth int
}

// Indent pads the name by its depth below the scope root, so a select
// reads like the tree.
func (o option) Indent() string { return strings.Repeat("　", o.Depth) + o.Name }

// orgOptions lists the live organizations in scope of the given kinds, in
// tree order.
func (s *Service) orgOptions(ctx context.Context, p *access.Principal, kinds ...org.Kind) ([]option, error) {
	args := []any{p.ScopeLike()}
	for _, k := range kinds {
		args = append(args, string(k))
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name, depth FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND kind IN (`+
		store.Placeholders(len(kinds))+`) ORDER BY path`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []option
	base := -1
	for rows.Next() {
		var o option
		if err := rows.Scan(&o.ID, &o.Name, &o.Depth); err != nil {
			return nil, err
		}
		if base < 0 {
			base = o.Depth
		}
		o.Depth -= base
		if o.Depth < 0 {
			o.Depth = 0
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// levels are the organizations a list can be narrowed to.
func (s *Service) levels(ctx context.Context, p *access.Principal) ([]option, error) {
	return s.orgOptions(ctx, p, org.KindCommittee, org.KindWorking, org.KindGeneral)
}

// holders are the organizations that can own a team, file a record or
// send a person: everything but party groups.
func (s *Service) holders(ctx context.Context, p *access.Principal) ([]option, error) {
	return s.orgOptions(ctx, p, org.KindCommittee, org.KindWorking, org.KindGeneral, org.KindBranch, org.KindTemp)
}

// strip computes a ledger's figures for its page: over the filter's
// organization (else the caller's) and the filter's dates, else the
// ?period=, else the year of the ledger's latest record in scope.
func (h *handlers) strip(r *http.Request, f Filter, keys []string, latest string, latestArgs ...any) (map[string]any, error) {
	ctx := r.Context()
	p := access.From(ctx)
	scope, err := indicator.ScopeOf(ctx, h.svc.DB, p, f.Under)
	if err != nil {
		return nil, err
	}
	var period indicator.Period
	switch {
	case r.URL.Query().Get("period") != "":
		if period, err = indicator.ParsePeriod(r.URL.Query().Get("period")); err != nil {
			return nil, err
		}
	case f.From != "" && f.To != "" && f.From <= f.To:
		a, _ := time.Parse("2006-01-02", f.From)
		b, _ := time.Parse("2006-01-02", f.To)
		period = indicator.Range(a, b)
	default:
		period = indicator.DefaultPeriod()
		var last string
		if err := h.svc.DB.QueryRowContext(ctx, latest, append([]any{p.ScopeLike()}, latestArgs...)...).Scan(&last); err == nil && len(last) >= 4 {
			if y, err := strconv.Atoi(last[:4]); err == nil {
				period = indicator.Year(y)
			}
		}
	}
	figs, err := indicator.Figures(ctx, h.svc.DB, keys, scope, period)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Figures": figs, "Period": period, "Scope": scope}, nil
}

// listView is the shared part of the ledger lists.
func (h *handlers) listView(r *http.Request, title string, f Filter) (*web.View, map[string]any, error) {
	lv, err := h.svc.levels(r.Context(), access.From(r.Context()))
	if err != nil {
		return nil, nil, err
	}
	data := map[string]any{"Levels": lv, "ExportQuery": r.URL.RawQuery, "Filter": f}
	return &web.View{Title: title, Form: r.URL.Query(), Data: data}, data, nil
}

func atoiField(v *fault.Fields, field, labelKey, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(field, i18n.T(labelKey), i18n.T("field.number"))
	}
	return n
}

func idField(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

// redirect answers a successful form with the record's page and a flash.
func redirect(w http.ResponseWriter, r *http.Request, path, msg string) error {
	http.Redirect(w, r, path+"?msg="+msg, http.StatusSeeOther)
	return nil
}

// formFailed tells a form's own mistakes (shown on the form) from errors
// that answer the whole request (not found, forbidden).
func formFailed(err error) bool {
	c := fault.CodeOf(err)
	return c == fault.Invalid || c == fault.Conflict
}
