package talent

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

// ledgerPages serves one ledger's pages and API.
type ledgerPages struct {
	*handlers
	l *Ledger
}

// filterFrom reads a list's filters; what does not parse is dropped.
func filterFrom(l *Ledger, q url.Values) Filter {
	f := Filter{Q: strings.TrimSpace(q.Get("q")), Eq: map[string]string{}}
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
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
	for _, fl := range l.Fields {
		v := q.Get(fl.Name)
		switch {
		case v == "":
		case fl.Kind == Choice && has(fl.Choices, v), fl.Kind == Bool && (v == "1" || v == "0"):
			f.Eq[fl.Name] = v
		case fl.Kind == Ref:
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
				f.Eq[fl.Name] = v
			}
		}
	}
	return f
}

// option is an organization in a select.
type option struct {
	ID    int64
	Name  string
	Depth int
}

// Indent pads the name by its depth below the scope root.
func (o option) Indent() string { return strings.Repeat("　", o.Depth) + o.Name }

// orgOptions lists the live organizations in scope but party groups, in
// tree order.
func (s *Service) orgOptions(ctx context.Context, p *access.Principal) ([]option, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name, depth FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND kind <> 'group' ORDER BY path`, p.ScopeLike())
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

// refOptions lists the records a reference can point at, by name.
func (s *Service) refOptions(ctx context.Context, p *access.Principal, l *Ledger) ([]Option, error) {
	extra := "''"
	if l == Talents {
		extra = "x.employer"
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT x.id, x.`+l.NameField+`, `+extra+from(l)+` WHERE o.path LIKE ? ORDER BY x.`+l.NameField+`, x.id LIMIT 2000`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Option
	for rows.Next() {
		var id int64
		var name, more string
		if err := rows.Scan(&id, &name, &more); err != nil {
			return nil, err
		}
		if more != "" {
			name += "（" + more + "）"
		}
		out = append(out, Option{Value: strconv.FormatInt(id, 10), Label: name})
	}
	return out, rows.Err()
}

// strip computes figures for a page: over the filter's organization (else
// the caller's) and ?period=, else the filter's dates, else the year of
// the ledger's latest record in scope.
func (h *handlers) strip(r *http.Request, l *Ledger, f Filter, keys []string) (map[string]any, error) {
	if len(keys) == 0 {
		return nil, nil
	}
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
		a, _ := time.Parse(day, f.From)
		b, _ := time.Parse(day, f.To)
		period = indicator.Range(a, b)
	default:
		period = indicator.DefaultPeriod()
		dl := l
		if dl.DateField == "" {
			dl = Pool
		}
		var last string
		if err := h.svc.DB.QueryRowContext(ctx, `SELECT COALESCE(MAX(x.`+dl.DateField+`), '')`+from(dl)+` WHERE o.path LIKE ?`, p.ScopeLike()).Scan(&last); err == nil && len(last) >= 4 {
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

func (lp ledgerPages) list(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(lp.l, r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := lp.svc.List(r.Context(), p, lp.l, f)
	if err != nil {
		return err
	}
	levels, err := lp.svc.orgOptions(r.Context(), p)
	if err != nil {
		return err
	}
	strip, err := lp.strip(r, lp.l, f, lp.l.Figures)
	if err != nil {
		return err
	}
	// A list narrowed to one parent (a talent's subsidies) says whose.
	var narrowed []string
	for name, v := range f.Eq {
		if fl, _ := lp.l.Field(name); fl.Kind == Ref {
			id, _ := strconv.ParseInt(v, 10, 64)
			if ref, err := lp.svc.Get(r.Context(), p, bySlug[fl.Ref], id); err == nil {
				narrowed = append(narrowed, fl.Label(lp.l)+"："+ref.Name())
			}
		}
	}
	v := &web.View{Title: lp.l.Title(), Form: r.URL.Query(), Data: map[string]any{"L": lp.l, "Items": items, "Pager": web.NewPager(r, pg, total),
		"Levels": levels, "Strip": strip, "ExportQuery": r.URL.RawQuery, "Narrowed": strings.Join(narrowed, "；")}}
	return lp.srv.Render.HTML(w, r, "talent/list", v)
}

// childView is a list of records under a record's page.
type childView struct {
	L      *Ledger
	Field  string
	Items  []Record
	Total  int
	More   string
	NewRef string
}

// Columns are the child's list fields but the one pointing back.
func (c childView) Columns() []Field {
	var out []Field
	for _, f := range c.L.ListFields() {
		if f.Name != c.Field {
			out = append(out, f)
		}
	}
	return out
}

func (lp ledgerPages) detail(w http.ResponseWriter, r *http.Request) error {
	return lp.detailWith(w, r, nil)
}

func (lp ledgerPages) detailWith(w http.ResponseWriter, r *http.Request, formErr error) error {
	ctx := r.Context()
	p := access.From(ctx)
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var rec Record
	if r.URL.Query().Get("unmask") == "1" {
		rec, err = lp.svc.Unmask(ctx, p, lp.l, id)
	} else {
		rec, err = lp.svc.Get(ctx, p, lp.l, id)
	}
	if err != nil {
		return err
	}
	var children []childView
	for _, c := range lp.l.Children {
		cl := bySlug[c.Ledger]
		ref := strconv.FormatInt(id, 10)
		items, total, err := lp.svc.List(ctx, p, cl, Filter{Eq: map[string]string{c.Field: ref}, Limit: 20})
		if err != nil {
			return err
		}
		children = append(children, childView{L: cl, Field: c.Field, Items: items, Total: total,
			More: cl.Base() + "?" + c.Field + "=" + ref, NewRef: cl.Base() + "/new?" + c.Field + "=" + ref})
	}
	sealed := false
	for _, f := range lp.l.Fields {
		sealed = sealed || f.Sealed() && rec.Str(f.Name) != ""
	}
	data := map[string]any{"L": lp.l, "Rec": rec, "Children": children, "CanUnmask": sealed && !rec.Unmasked && p.Can(access.PermPersonalClear),
		"Today": lp.svc.today()}
	if lp.l == Demands {
		if data["Recruit"], err = lp.recruitData(r); err != nil {
			return err
		}
	}
	v := &web.View{Title: rec.Name(), Form: r.PostForm, Data: data}
	if formErr != nil {
		v.FormError(formErr)
	}
	return lp.srv.Render.HTML(w, r, "talent/detail", v)
}

// inputFrom reads a posted form.
func inputFrom(l *Ledger, r *http.Request) Input {
	in := Input{Values: map[string]string{}}
	in.OrgID, _ = strconv.ParseInt(r.PostFormValue("org_id"), 10, 64)
	for _, f := range l.Editable() {
		v := r.PostFormValue(f.Name)
		if f.Kind == Bool && v == "" {
			v = "0"
		}
		in.Values[f.Name] = v
	}
	return in
}

// formValues are a record's values as a form shows them; personal data is
// never put back into a form.
func formValues(l *Ledger, rec Record) url.Values {
	v := url.Values{"org_id": {strconv.FormatInt(rec.OrgID, 10)}}
	for _, f := range l.Fields {
		switch f.Kind {
		case Phone, IDNo:
		case Int:
			v.Set(f.Name, strconv.FormatInt(rec.Int(f.Name), 10))
		case Money:
			if rec.Int(f.Name) != 0 {
				v.Set(f.Name, yuan(rec.Int(f.Name)))
			}
		case Ref:
			if rec.Int(f.Name) != 0 {
				v.Set(f.Name, strconv.FormatInt(rec.Int(f.Name), 10))
			}
		case Bool:
			if rec.Bool(f.Name) {
				v.Set(f.Name, "1")
			}
		default:
			v.Set(f.Name, rec.Str(f.Name))
		}
	}
	return v
}

func (lp ledgerPages) form(w http.ResponseWriter, r *http.Request, rec *Record, form url.Values, err error) error {
	ctx := r.Context()
	p := access.From(ctx)
	orgs, oerr := lp.svc.orgOptions(ctx, p)
	if oerr != nil {
		return oerr
	}
	refs := map[string][]Option{}
	for _, f := range lp.l.Editable() {
		if f.Kind == Ref {
			if refs[f.Name], oerr = lp.svc.refOptions(ctx, p, bySlug[f.Ref]); oerr != nil {
				return oerr
			}
		}
	}
	title, back := lp.l.New(), lp.l.Base()
	if rec != nil {
		title, back = i18n.T("talent.edit_title", lp.l.Title(), rec.Name()), rec.Href()
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"L": lp.l, "Rec": rec, "Orgs": orgs, "Refs": refs, "Back": back}}
	if err != nil {
		v.FormError(err)
	}
	return lp.srv.Render.HTML(w, r, "talent/form", v)
}

func (lp ledgerPages) newForm(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	form := url.Values{"org_id": {strconv.FormatInt(p.OrgID, 10)}}
	for _, f := range lp.l.Fields {
		switch {
		case f.Kind == Ref && r.URL.Query().Get(f.Name) != "":
			form.Set(f.Name, r.URL.Query().Get(f.Name))
		case f.Kind == Date && f.Required && f.Name == lp.l.DateField:
			form.Set(f.Name, lp.svc.today())
		case f.Default != "":
			form.Set(f.Name, f.Default)
		}
	}
	return lp.form(w, r, nil, form, nil)
}

// formFailed tells a form's own mistakes (shown on the form) from errors
// that answer the whole request.
func formFailed(err error) bool {
	c := fault.CodeOf(err)
	return c == fault.Invalid || c == fault.Conflict
}

func redirect(w http.ResponseWriter, r *http.Request, path, msg string) error {
	http.Redirect(w, r, path+"?msg="+msg, http.StatusSeeOther)
	return nil
}

func (lp ledgerPages) create(w http.ResponseWriter, r *http.Request) error {
	rec, err := lp.svc.Create(r.Context(), access.From(r.Context()), lp.l, inputFrom(lp.l, r))
	if err == nil {
		return redirect(w, r, rec.Href(), "msg.talent.created")
	}
	if !formFailed(err) {
		return err
	}
	return lp.form(w, r, nil, r.PostForm, err)
}

func (lp ledgerPages) editForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	rec, err := lp.svc.Get(r.Context(), access.From(r.Context()), lp.l, id)
	if err != nil {
		return err
	}
	return lp.form(w, r, &rec, formValues(lp.l, rec), nil)
}

func (lp ledgerPages) edit(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	before, err := lp.svc.Get(r.Context(), p, lp.l, id)
	if err != nil {
		return err
	}
	if _, err = lp.svc.Update(r.Context(), p, lp.l, id, inputFrom(lp.l, r)); err == nil {
		return redirect(w, r, before.Href(), "msg.talent.saved")
	}
	if !formFailed(err) {
		return err
	}
	return lp.form(w, r, &before, r.PostForm, err)
}

func (lp ledgerPages) remove(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	err = lp.svc.Delete(r.Context(), access.From(r.Context()), lp.l, id)
	if err == nil {
		return redirect(w, r, lp.l.Base(), "msg.talent.deleted")
	}
	if fault.CodeOf(err) != fault.Conflict {
		return err
	}
	return lp.detailWith(w, r, err)
}

// hub is the overview of the talent work: every figure of part 三 and
// every ledger with its count in scope.
func (h *handlers) hub(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := access.From(ctx)
	under, _ := strconv.ParseInt(r.URL.Query().Get("under"), 10, 64)
	strip, err := h.strip(r, Pool, Filter{Under: under}, Keys)
	if err != nil {
		return err
	}
	type entry struct {
		L     *Ledger
		Total int
	}
	var entries []entry
	for _, l := range All {
		_, total, err := h.svc.List(ctx, p, l, Filter{Limit: 1, Under: under})
		if err != nil {
			return err
		}
		entries = append(entries, entry{l, total})
	}
	levels, err := h.svc.orgOptions(ctx, p)
	if err != nil {
		return err
	}
	v := &web.View{Title: i18n.T("talent.hub"), Form: r.URL.Query(), Data: map[string]any{"Strip": strip, "Ledgers": entries, "Levels": levels}}
	return h.srv.Render.HTML(w, r, "talent/hub", v)
}
