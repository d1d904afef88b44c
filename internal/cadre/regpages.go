package cadre

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/web"
)

type handlers struct {
	svc *Service
	srv *web.Server
}

// filterOf reads a register's list filters from a query; unknown values
// are dropped.
func (h *handlers) filterOf(g *register, q url.Values) (listFilter, error) {
	f := listFilter{Q: strings.TrimSpace(q.Get("q")), Selects: map[string]string{}}
	if r := []rune(f.Q); len(r) > 30 {
		f.Q = string(r[:30])
	}
	for _, fl := range g.FilterFields() {
		f.Selects[fl.Key] = q.Get(fl.Key)
	}
	if ps := q.Get("period"); ps != "" && g.Date != "" {
		p, err := indicator.ParsePeriod(ps)
		if err != nil {
			return f, err
		}
		f.From, f.To = p.From, p.To
	}
	if u, err := strconv.ParseInt(q.Get("under"), 10, 64); err == nil && u > 0 {
		f.Under = u
	}
	if g.Where != nil {
		f.Extra, f.ExtraArg = g.Where(q, h.svc.today())
	}
	return f, nil
}

// option is a value and label for a select.
type option struct{ Value, Label string }

// regPage is what the register templates receive.
type regPage struct {
	R       *register
	Items   []Record
	Rec     Record
	Pager   web.Pager
	Figures []indicator.Figure
	Orgs    []option
	Query   string
	Kids    []childList
	Extra   any
	Cadre   string // the cadre's name when a form is for one
}

type childList struct {
	R     *register
	Items []Record
	Total int
	Today string
}

func (h *handlers) list(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := access.From(r.Context())
		pg := web.PagingFrom(r)
		f, err := h.filterOf(g, r.URL.Query())
		if err != nil {
			return err
		}
		f.Limit, f.Offset = pg.Size, pg.Offset()
		items, total, err := h.svc.List(r.Context(), p, g, f)
		if err != nil {
			return err
		}
		d := &regPage{R: g, Items: items, Pager: web.NewPager(r, pg, total), Query: r.URL.RawQuery}
		if len(g.Figures) > 0 {
			scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, f.Under)
			if err != nil {
				return err
			}
			period := indicator.DefaultPeriod()
			if ps := r.URL.Query().Get("period"); ps != "" {
				period, _ = indicator.ParsePeriod(ps)
			}
			if d.Figures, err = indicator.Figures(r.Context(), h.svc.DB, g.Figures, scope, period); err != nil {
				return err
			}
		}
		if g == reserve {
			if d.Extra, err = h.svc.poolSeries(r.Context(), p); err != nil {
				return err
			}
		}
		return h.srv.Render.HTML(w, r, "cadre/reg_list", &web.View{Title: g.Title(), Form: r.URL.Query(), Data: d})
	}
}

func (h *handlers) detail(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := access.From(r.Context())
		id, err := web.PathInt(r, "id")
		if err != nil {
			return err
		}
		rec, err := h.svc.Get(r.Context(), p, g, id)
		if err != nil {
			return err
		}
		d := &regPage{R: g, Rec: rec}
		show := true
		if g == archives {
			if show, err = h.svc.mayOpenFile(r.Context(), p, id); err != nil {
				return err
			}
			if d.Extra, err = h.svc.fileRequests(r.Context(), p, id); err != nil {
				return err
			}
		}
		if show {
			for _, ch := range g.Children {
				items, total, err := h.svc.List(r.Context(), p, ch, listFilter{ParentID: id, Limit: 500})
				if err != nil {
					return err
				}
				d.Kids = append(d.Kids, childList{R: ch, Items: items, Total: total, Today: h.svc.today()})
			}
			if g == archives && len(g.Children) > 0 {
				if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "archive.open", ObjectType: "pa_file", ObjectID: id}); err != nil {
					return err
				}
			}
		}
		page := "cadre/reg_detail"
		if g == cadres {
			return h.cadreDetail(w, r, d, "")
		}
		return h.srv.Render.HTML(w, r, page, &web.View{Title: g.Title(), Form: r.URL.Query(), Data: d})
	}
}

// formIn reads a register's form.
func formIn(g *register, r *http.Request) map[string]string {
	in := map[string]string{}
	for _, f := range g.FormFields() {
		in[f.Key] = r.PostFormValue(f.Key)
	}
	return in
}

// orgOptions lists the organizations in scope for a form's select.
func (h *handlers) orgOptions(ctx context.Context, p *access.Principal) ([]option, error) {
	rows, err := h.svc.DB.QueryContext(ctx, `SELECT id, name FROM orgs WHERE path LIKE ? AND dissolved = FALSE
		AND kind <> 'group' ORDER BY path`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []option
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out = append(out, option{strconv.FormatInt(id, 10), name})
	}
	return out, rows.Err()
}

// form draws a register's form: empty, with a record, or with what was
// typed and the errors.
func (h *handlers) form(w http.ResponseWriter, r *http.Request, g *register, rec Record, parentID int64, err error) error {
	p := access.From(r.Context())
	values := url.Values{}
	for _, f := range g.FormFields() {
		if rec.ID != 0 {
			values.Set(f.Key, rec.Str(f.Key))
		} else if v := r.URL.Query().Get(f.Key); v != "" {
			values.Set(f.Key, v)
		}
	}
	if r.Method == http.MethodPost {
		values = r.PostForm
		// An ID number typed is never sent back into a page.
		values.Del("id_number")
	}
	orgs, oerr := h.orgOptions(r.Context(), p)
	if oerr != nil {
		return oerr
	}
	d := &regPage{R: g, Rec: rec, Orgs: orgs}
	if cid, _ := strconv.ParseInt(values.Get("cadre_id"), 10, 64); cid > 0 {
		if c, err := h.svc.Get(r.Context(), p, cadres, cid); err == nil {
			d.Cadre = c.String("name") + "（" + c.OrgName + "）"
		}
	}
	title := i18n.T("cadre.new_title", g.Title())
	if rec.ID != 0 {
		title = i18n.T("cadre.edit_title", g.Title())
	}
	v := &web.View{Title: title, Form: values, Data: d}
	if parentID != 0 {
		d.Extra = parentID
	}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "cadre/reg_form", v)
}

func (h *handlers) newForm(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		parent, err := h.parentOf(g, r)
		if err != nil {
			return err
		}
		return h.form(w, r, g, Record{reg: g}, parent, nil)
	}
}

// parentOf reads and checks the parent record of a child's form.
func (h *handlers) parentOf(g *register, r *http.Request) (int64, error) {
	if g.Parent == nil {
		return 0, nil
	}
	id, err := web.PathInt(r, "pid")
	if err != nil {
		return 0, err
	}
	if _, err := h.svc.Get(r.Context(), access.From(r.Context()), g.Parent, id); err != nil {
		return 0, err
	}
	return id, nil
}

func (h *handlers) create(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		parent, err := h.parentOf(g, r)
		if err != nil {
			return err
		}
		rec, err := h.svc.Create(r.Context(), access.From(r.Context()), g, parent, formIn(g, r))
		if err == nil {
			http.Redirect(w, r, g.backTo(rec)+"?msg=msg.cadre.saved", http.StatusSeeOther)
			return nil
		}
		if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
			return err
		}
		return h.form(w, r, g, Record{reg: g}, parent, err)
	}
}

func (h *handlers) editForm(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathInt(r, "id")
		if err != nil {
			return err
		}
		rec, err := h.svc.Get(r.Context(), access.From(r.Context()), g, id)
		if err != nil {
			return err
		}
		return h.form(w, r, g, rec, 0, nil)
	}
}

func (h *handlers) edit(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := access.From(r.Context())
		id, err := web.PathInt(r, "id")
		if err != nil {
			return err
		}
		before, err := h.svc.Get(r.Context(), p, g, id)
		if err != nil {
			return err
		}
		rec, err := h.svc.Update(r.Context(), p, g, id, formIn(g, r))
		if err == nil {
			http.Redirect(w, r, g.backTo(rec)+"?msg=msg.cadre.saved", http.StatusSeeOther)
			return nil
		}
		if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
			return err
		}
		return h.form(w, r, g, before, 0, err)
	}
}

func (h *handlers) remove(g *register) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathInt(r, "id")
		if err != nil {
			return err
		}
		rec, err := h.svc.Delete(r.Context(), access.From(r.Context()), g, id)
		if err != nil {
			return err
		}
		back := g.Base
		if g.Parent != nil {
			back = g.backTo(rec)
		}
		http.Redirect(w, r, back+"?msg=msg.cadre.deleted", http.StatusSeeOther)
		return nil
	}
}
