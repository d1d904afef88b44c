package coop

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
	"troika/internal/web"
)

type handlers struct {
	svc *Service
	srv *web.Server
}

// filterFrom reads a list's filters; what does not parse is dropped.
func filterFrom(q url.Values) Filter {
	f := Filter{Q: strings.TrimSpace(q.Get("q")), Member: q.Get("member"), Via: q.Get("via")}
	if r := []rune(f.Q); len(r) > 50 {
		f.Q = string(r[:50])
	}
	if f.Member != "1" && f.Member != "0" {
		f.Member = ""
	}
	if f.Via != "1" && f.Via != "0" {
		f.Via = ""
	}
	for _, d := range []struct {
		key string
		to  *string
	}{{"from", &f.From}, {"to", &f.To}} {
		if _, err := time.Parse(day, q.Get(d.key)); err == nil {
			*d.to = q.Get(d.key)
		}
	}
	f.Under, _ = strconv.ParseInt(q.Get("under"), 10, 64)
	f.UnionID, _ = strconv.ParseInt(q.Get("union"), 10, 64)
	return f
}

// option is an organization in a select, indented by depth.
type option struct {
	ID    int64
	Name  string
	Depth int
}

// Indent pads the name by its depth below the first option.
func (o option) Indent() string { return strings.Repeat("　", o.Depth) + o.Name }

// orgOptions lists live organizations in scope matching where, in tree order.
func (s *Service) orgOptions(ctx context.Context, p *access.Principal, where string) ([]option, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name, depth FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND `+where+` ORDER BY path`, p.ScopeLike())
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
		o.Depth = max(o.Depth-base, 0)
		out = append(out, o)
	}
	return out, rows.Err()
}

func (s *Service) levels(ctx context.Context, p *access.Principal) ([]option, error) {
	return s.orgOptions(ctx, p, `kind IN ('committee', 'working', 'general')`)
}

func (s *Service) villages(ctx context.Context, p *access.Principal) ([]option, error) {
	return s.orgOptions(ctx, p, `kind IN ('branch', 'general') AND domain = 'rural'`)
}

func (s *Service) unionOrgs(ctx context.Context, p *access.Principal) ([]option, error) {
	return s.orgOptions(ctx, p, `kind <> 'group'`)
}

// strip computes a ledger's figures over the filter's organization (else
// the caller's) for ?period=, else the year of the latest record.
func (h *handlers) strip(r *http.Request, under int64, keys []string, latest string) (map[string]any, error) {
	ctx := r.Context()
	p := access.From(ctx)
	scope, err := indicator.ScopeOf(ctx, h.svc.DB, p, under)
	if err != nil {
		return nil, err
	}
	var period indicator.Period
	if spec := r.URL.Query().Get("period"); spec != "" {
		if period, err = indicator.ParsePeriod(spec); err != nil {
			return nil, err
		}
	} else {
		period = indicator.DefaultPeriod()
		var last string
		if err := h.svc.DB.QueryRowContext(ctx, latest, p.ScopeLike()).Scan(&last); err == nil && len(last) >= 4 {
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

// latestYear finds the year a ledger's figures default to.
const (
	latestCoop   = `SELECT COALESCE(MAX(c.joined_on), '') FROM coops c JOIN orgs o ON o.id = c.org_id WHERE o.path LIKE ?`
	latestIncome = `SELECT COALESCE(MAX(x.received_on), '') FROM coop_incomes x JOIN orgs o ON o.id = x.org_id WHERE o.path LIKE ?`
)

var coopKeys = []string{KeyHouseholds, KeyPersons, KeyCoverage, KeyIncomeAdded}

func (h *handlers) listView(r *http.Request, title string) (*web.View, map[string]any, error) {
	lv, err := h.svc.levels(r.Context(), access.From(r.Context()))
	if err != nil {
		return nil, nil, err
	}
	data := map[string]any{"Levels": lv, "ExportQuery": r.URL.RawQuery}
	return &web.View{Title: title, Form: r.URL.Query(), Data: data}, data, nil
}

func redirect(w http.ResponseWriter, r *http.Request, path, msg string) error {
	http.Redirect(w, r, path+"?msg="+msg, http.StatusSeeOther)
	return nil
}

// formFailed tells a form's own mistakes from errors that answer the
// whole request.
func formFailed(err error) bool {
	c := fault.CodeOf(err)
	return c == fault.Invalid || c == fault.Conflict
}

func idField(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

// intField reads a whole number typed in a form; a blank is an error when
// required.
func intField(v *fault.Fields, field, labelKey, s string, required bool) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			v.Add(field, i18n.T(labelKey), i18n.T("field.required"))
		}
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		v.Add(field, i18n.T(labelKey), i18n.T("field.number"))
	}
	return n
}

// yuanField reads an amount in 元 typed in a form into fen.
func yuanField(v *fault.Fields, field, labelKey, s string) int64 {
	if strings.TrimSpace(s) == "" {
		v.Add(field, i18n.T(labelKey), i18n.T("field.required"))
		return 0
	}
	fen, ok := ParseYuan(s)
	if !ok {
		v.Add(field, i18n.T(labelKey), i18n.T("coop.money_format"))
	}
	return fen
}

// combine joins the errors of reading a form (numbers that do not parse)
// with the service's checks of the rest, so one answer names every field.
func combine(read, check error) error {
	r, ok := fault.As(read)
	if !ok {
		return check
	}
	c, ok := fault.As(check)
	if !ok {
		return read
	}
	seen := map[string]bool{}
	for _, f := range r.Fields {
		seen[f.Field] = true
	}
	out := &fault.Error{Code: r.Code, Message: r.Message, Fields: append([]fault.FieldError{}, r.Fields...)}
	for _, f := range c.Fields {
		if !seen[f.Field] {
			out.Fields = append(out.Fields, f)
		}
	}
	return out
}
