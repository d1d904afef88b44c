package twonew

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the 两新 pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "twonew", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

type orgOption struct {
	ID     int64
	Label  string
	Indent string
}

// orgOptions lists live organizations in scope; with domains only those.
func orgOptions(ctx context.Context, db store.Querier, p *access.Principal, domains []string) ([]orgOption, error) {
	q := `SELECT id, name, depth FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND kind <> 'group'`
	args := []any{p.ScopeLike()}
	if domains != nil {
		q += ` AND domain IN (` + store.Placeholders(len(domains)) + `)`
		for _, d := range domains {
			args = append(args, d)
		}
	}
	rows, err := db.QueryContext(ctx, q+` ORDER BY path`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []orgOption
	base := -1
	for rows.Next() {
		var o orgOption
		var depth int
		if err := rows.Scan(&o.ID, &o.Label, &depth); err != nil {
			return nil, err
		}
		if base < 0 {
			base = depth
		}
		if domains == nil {
			o.Indent = strings.Repeat("　", max(depth-base, 0))
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func int64From(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

func formFailed(err error) bool {
	c := fault.CodeOf(err)
	return c == fault.Invalid || c == fault.Conflict
}

var figureKeys = []string{KeyMenus, KeyItems, KeyStations, KeyRequests}

func (h *handlers) figures(r *http.Request) ([]indicator.Figure, indicator.Period, error) {
	p := access.From(r.Context())
	period := indicator.DefaultPeriod()
	if s := strings.TrimSpace(r.URL.Query().Get("period")); s != "" {
		if x, err := indicator.ParsePeriod(s); err == nil {
			period = x
		}
	}
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, 0)
	if err != nil {
		return nil, period, err
	}
	figs, err := indicator.Figures(r.Context(), h.svc.DB, figureKeys, scope, period)
	return figs, period, err
}

// render draws page with data, and the form error when there is one.
func (h *handlers) render(w http.ResponseWriter, r *http.Request, page, title string, form url.Values, data map[string]any, err error) error {
	v := &web.View{Title: title, Form: form, Data: data}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "twonew/"+page, v)
}

// ---- menus ----

func (h *handlers) menus(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	items, total, err := h.svc.Menus(r.Context(), p, r.URL.Query().Get("q"), pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	figs, _, err := h.figures(r)
	if err != nil {
		return err
	}
	return h.render(w, r, "menus", i18n.T("twonew.menus_title"), r.URL.Query(),
		map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Figures": figs}, nil)
}

func (h *handlers) menu(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	m, err := h.svc.Menu(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.render(w, r, "menu", m.Name, url.Values{"offered_from": {h.svc.today()}}, map[string]any{"M": m}, nil)
}

func menuInputFrom(r *http.Request) MenuInput {
	return MenuInput{OrgID: int64From(r.PostFormValue("org_id")), Name: r.PostFormValue("name"), Summary: r.PostFormValue("summary"),
		OfferedFrom: r.PostFormValue("offered_from"), WithdrawnOn: r.PostFormValue("withdrawn_on")}
}

func (h *handlers) menuForm(w http.ResponseWriter, r *http.Request, m Menu, err error) error {
	p := access.From(r.Context())
	form := url.Values{"org_id": {strconv.FormatInt(p.OrgID, 10)}, "offered_from": {h.svc.today()}}
	title := i18n.T("twonew.menu_new")
	if m.ID > 0 {
		title = i18n.T("twonew.menu_edit")
		form = url.Values{"org_id": {strconv.FormatInt(m.OrgID, 10)}, "name": {m.Name}, "summary": {m.Summary},
			"offered_from": {m.OfferedFrom}, "withdrawn_on": {m.WithdrawnOn}}
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	orgs, oerr := orgOptions(r.Context(), h.svc.DB, p, nil)
	if oerr != nil {
		return oerr
	}
	return h.render(w, r, "menu_form", title, form, map[string]any{"M": m, "Orgs": orgs}, err)
}

func (h *handlers) menuNew(w http.ResponseWriter, r *http.Request) error {
	return h.menuForm(w, r, Menu{}, nil)
}

func (h *handlers) menuSave(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	var id int64
	var before Menu
	if r.PathValue("id") != "" {
		var err error
		if id, err = web.PathID(r); err != nil {
			return err
		}
		if before, err = h.svc.Menu(r.Context(), p, id); err != nil {
			return err
		}
	}
	m, err := h.svc.SaveMenu(r.Context(), p, id, menuInputFrom(r))
	if err == nil {
		http.Redirect(w, r, "/twonew/menus/"+strconv.FormatInt(m.ID, 10)+"?msg=msg.twonew.saved", http.StatusSeeOther)
		return nil
	}
	if !formFailed(err) {
		return err
	}
	return h.menuForm(w, r, before, err)
}

func (h *handlers) menuEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	m, err := h.svc.Menu(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.menuForm(w, r, m, nil)
}

// ---- items ----

func itemInputFrom(r *http.Request) ItemInput {
	return ItemInput{MenuID: int64From(r.PostFormValue("menu_id")), Name: r.PostFormValue("name"), Summary: r.PostFormValue("summary"),
		Provider: r.PostFormValue("provider"), OfferedFrom: r.PostFormValue("offered_from"), WithdrawnOn: r.PostFormValue("withdrawn_on")}
}

func (h *handlers) itemForm(w http.ResponseWriter, r *http.Request, it Item, err error) error {
	form := url.Values{"menu_id": {strconv.FormatInt(it.MenuID, 10)}, "name": {it.Name}, "summary": {it.Summary}, "provider": {it.Provider},
		"offered_from": {it.OfferedFrom}, "withdrawn_on": {it.WithdrawnOn}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	title := i18n.T("twonew.item_new")
	if it.ID > 0 {
		title = i18n.T("twonew.item_edit")
	}
	return h.render(w, r, "item_form", title, form, map[string]any{"I": it}, err)
}

// itemCreate adds an item to the menu of the path.
func (h *handlers) itemCreate(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	m, err := h.svc.Menu(r.Context(), p, id)
	if err != nil {
		return err
	}
	in := itemInputFrom(r)
	in.MenuID = m.ID
	if _, err = h.svc.SaveItem(r.Context(), p, 0, in); err == nil {
		http.Redirect(w, r, "/twonew/menus/"+strconv.FormatInt(m.ID, 10)+"?msg=msg.twonew.saved", http.StatusSeeOther)
		return nil
	}
	if !formFailed(err) {
		return err
	}
	return h.render(w, r, "menu", m.Name, r.PostForm, map[string]any{"M": m}, err)
}

func (h *handlers) itemEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	it, err := h.svc.Item(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.itemForm(w, r, it, nil)
}

func (h *handlers) itemSave(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	it, err := h.svc.Item(r.Context(), p, id)
	if err != nil {
		return err
	}
	in := itemInputFrom(r)
	in.MenuID = it.MenuID
	if _, err = h.svc.SaveItem(r.Context(), p, id, in); err == nil {
		http.Redirect(w, r, "/twonew/menus/"+strconv.FormatInt(it.MenuID, 10)+"?msg=msg.twonew.saved", http.StatusSeeOther)
		return nil
	}
	if !formFailed(err) {
		return err
	}
	return h.itemForm(w, r, it, err)
}

// ---- requests ----

func requestFilterFrom(q url.Values) (RequestFilter, error) {
	f := RequestFilter{Q: strings.TrimSpace(q.Get("q")), Status: RequestStatus(q.Get("status"))}
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	if !f.Status.Valid() {
		f.Status = ""
	}
	if s := strings.TrimSpace(q.Get("period")); s != "" {
		p, err := indicator.ParsePeriod(s)
		if err != nil {
			return f, err
		}
		f.From, f.To = p.From, p.To
	}
	return f, nil
}

func (h *handlers) requests(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f, ferr := requestFilterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Requests(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	v := &web.View{Title: i18n.T("twonew.requests_title"), Form: r.URL.Query(), Data: map[string]any{"Items": items,
		"Pager": web.NewPager(r, pg, total), "Statuses": RequestStatuses, "ExportQuery": r.URL.RawQuery}}
	if ferr != nil {
		v.FormError(ferr)
		v.Status = http.StatusOK
	}
	return h.srv.Render.HTML(w, r, "twonew/requests", v)
}

func (h *handlers) request(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Request(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.render(w, r, "request", i18n.T("twonew.request_title", x.ID), url.Values{"handled_on": {h.svc.today()}},
		map[string]any{"R": x, "Next": Next(x.Status)}, nil)
}

func (h *handlers) requestForm(w http.ResponseWriter, r *http.Request, err error) error {
	p := access.From(r.Context())
	form := url.Values{"requested_on": {h.svc.today()}, "item_id": {r.URL.Query().Get("item")}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	orgs, oerr := orgOptions(r.Context(), h.svc.DB, p, requesterDomains)
	if oerr != nil {
		return oerr
	}
	items, ierr := h.svc.Items(r.Context(), p, false)
	if ierr != nil {
		return ierr
	}
	return h.render(w, r, "request_form", i18n.T("twonew.request_new"), form, map[string]any{"Orgs": orgs, "Items": items}, err)
}

func (h *handlers) requestNew(w http.ResponseWriter, r *http.Request) error {
	return h.requestForm(w, r, nil)
}

func (h *handlers) requestCreate(w http.ResponseWriter, r *http.Request) error {
	x, err := h.svc.CreateRequest(r.Context(), access.From(r.Context()), RequestInput{ItemID: int64From(r.PostFormValue("item_id")),
		OrgID: int64From(r.PostFormValue("org_id")), RequestedOn: r.PostFormValue("requested_on"), Contact: r.PostFormValue("contact"),
		Need: r.PostFormValue("need")})
	if err == nil {
		http.Redirect(w, r, "/twonew/requests/"+strconv.FormatInt(x.ID, 10)+"?msg=msg.twonew.saved", http.StatusSeeOther)
		return nil
	}
	if !formFailed(err) {
		return err
	}
	return h.requestForm(w, r, err)
}

func (h *handlers) requestHandle(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	x, err := h.svc.Handle(r.Context(), p, id, HandleInput{Status: RequestStatus(r.PostFormValue("status")), HandledOn: r.PostFormValue("handled_on"),
		Note: r.PostFormValue("note")})
	if err == nil {
		http.Redirect(w, r, "/twonew/requests/"+strconv.FormatInt(x.ID, 10)+"?msg=msg.twonew.handled", http.StatusSeeOther)
		return nil
	}
	if !formFailed(err) {
		return err
	}
	cur, gerr := h.svc.Request(r.Context(), p, id)
	if gerr != nil {
		return gerr
	}
	return h.render(w, r, "request", i18n.T("twonew.request_title", cur.ID), r.PostForm, map[string]any{"R": cur, "Next": Next(cur.Status)}, err)
}
