package partner

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/coop"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/web"
)

type handlers struct {
	svc *Service
	srv *web.Server
}

const (
	partnerBase = "/partners"
	dealBase    = "/partners/deals"
	projectBase = "/partners/projects"
)

var partnerKeys = []string{KeyOrders, KeyInvestmentEach, KeySpecialFunds, KeyVenueArea}

func filterFrom(q url.Values) Filter {
	f := Filter{Q: strings.TrimSpace(q.Get("q")), Kind: DealKind(q.Get("kind")), Partner: strings.TrimSpace(q.Get("partner"))}
	if r := []rune(f.Q); len(r) > 50 {
		f.Q = string(r[:50])
	}
	if !f.Kind.Valid() {
		f.Kind = ""
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
	return f
}

type option struct {
	ID    int64
	Name  string
	Depth int
}

// Indent pads the name by its depth below the first option.
func (o option) Indent() string { return strings.Repeat("　", o.Depth) + o.Name }

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

// strip computes the partner figures over the filter's organization (else
// the caller's) for ?period=, else the year of the latest deal or project.
func (h *handlers) strip(r *http.Request, under int64) (map[string]any, error) {
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
		if err := h.svc.DB.QueryRowContext(ctx, `SELECT COALESCE(MAX(d.signed_on), '') FROM partner_deals d JOIN orgs o ON o.id = d.org_id WHERE o.path LIKE ?`,
			p.ScopeLike()).Scan(&last); err == nil && len(last) >= 4 {
			if y, err := strconv.Atoi(last[:4]); err == nil {
				period = indicator.Year(y)
			}
		}
	}
	figs, err := indicator.Figures(ctx, h.svc.DB, partnerKeys, scope, period)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Figures": figs, "Period": period, "Scope": scope}, nil
}

func (h *handlers) listView(r *http.Request, title string, under int64) (*web.View, map[string]any, error) {
	p := access.From(r.Context())
	lv, err := h.svc.orgOptions(r.Context(), p, `kind IN ('committee', 'working', 'general')`)
	if err != nil {
		return nil, nil, err
	}
	strip, err := h.strip(r, under)
	if err != nil {
		return nil, nil, err
	}
	data := map[string]any{"Levels": lv, "ExportQuery": r.URL.RawQuery, "Strip": strip, "Kinds": DealKinds}
	return &web.View{Title: title, Form: r.URL.Query(), Data: data}, data, nil
}

func redirect(w http.ResponseWriter, r *http.Request, path, msg string) error {
	http.Redirect(w, r, path+"?msg="+msg, http.StatusSeeOther)
	return nil
}

func formFailed(err error) bool {
	c := fault.CodeOf(err)
	return c == fault.Invalid || c == fault.Conflict
}

func idField(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

// yuanField reads an amount in 元 typed in a form into fen; blank is 0
// unless required.
func yuanField(v *fault.Fields, field, labelKey, s string, required bool) int64 {
	if strings.TrimSpace(s) == "" {
		if required {
			v.Add(field, i18n.T(labelKey), i18n.T("field.required"))
		}
		return 0
	}
	fen, ok := coop.ParseYuan(s)
	if !ok {
		v.Add(field, i18n.T(labelKey), i18n.T("coop.money_format"))
	}
	return fen
}

// combine joins the errors of reading a form with the service's checks.
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

func (h *handlers) overview(w http.ResponseWriter, r *http.Request) error {
	f := filterFrom(r.URL.Query())
	items, err := h.svc.Partners(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	v, data, err := h.listView(r, i18n.T("partner.title.partners"), f.Under)
	if err != nil {
		return err
	}
	data["Items"] = items
	return h.srv.Render.HTML(w, r, "partner/partners", v)
}

func (h *handlers) apiPartners(w http.ResponseWriter, r *http.Request) error {
	items, err := h.svc.Partners(r.Context(), access.From(r.Context()), filterFrom(r.URL.Query()))
	if err != nil {
		return err
	}
	if items == nil {
		items = []Summary{}
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}
