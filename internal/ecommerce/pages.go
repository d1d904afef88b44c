package ecommerce

import (
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
	"troika/internal/service"
	"troika/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the 红色电商圈 pages, for the renderer.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templates, "templates")
	return web.TemplateSet{Prefix: "ecommerce", FS: sub}
}

type handlers struct {
	svc *Service
	srv *web.Server
}

var figureKeys = []string{KeyEnterprises, KeyProducts, KeySales}

func int64From(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

func formFailed(err error) bool {
	c := fault.CodeOf(err)
	return c == fault.Invalid || c == fault.Conflict
}

type orgOption struct {
	ID     int64
	Label  string
	Indent string
}

func (h *handlers) orgs(r *http.Request) ([]orgOption, error) {
	p := access.From(r.Context())
	rows, err := h.svc.DB.QueryContext(r.Context(), `SELECT id, name, depth FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND kind <> 'group' ORDER BY path`, p.ScopeLike())
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
		o.Indent = strings.Repeat("　", max(depth-base, 0))
		out = append(out, o)
	}
	return out, rows.Err()
}

// saleFilterFrom reads ?period= and ?enterprise=; the period also sets the
// figures (this year by default).
func saleFilterFrom(q url.Values) (SaleFilter, indicator.Period, error) {
	f := SaleFilter{Enterprise: int64From(q.Get("enterprise"))}
	period := indicator.DefaultPeriod()
	if s := strings.TrimSpace(q.Get("period")); s != "" {
		p, err := indicator.ParsePeriod(s)
		if err != nil {
			return f, period, err
		}
		period = p
		f.From, f.To = p.From, p.To
	}
	return f, period, nil
}

func (h *handlers) figures(r *http.Request, period indicator.Period) ([]indicator.Figure, error) {
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, access.From(r.Context()), 0)
	if err != nil {
		return nil, err
	}
	return indicator.Figures(r.Context(), h.svc.DB, figureKeys, scope, period)
}

func (h *handlers) enterprises(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	items, total, err := h.svc.Enterprises(r.Context(), access.From(r.Context()), r.URL.Query().Get("q"), pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	_, period, _ := saleFilterFrom(r.URL.Query())
	figs, err := h.figures(r, period)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "ecommerce/enterprises", &web.View{Title: i18n.T("ecom.title"), Form: r.URL.Query(),
		Data: map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Figures": figs}})
}

func (h *handlers) enterprise(w http.ResponseWriter, r *http.Request, form url.Values, err error) error {
	p := access.From(r.Context())
	id, perr := web.PathID(r)
	if perr != nil {
		return perr
	}
	e, gerr := h.svc.Enterprise(r.Context(), p, id)
	if gerr != nil {
		return gerr
	}
	products, perr := h.svc.Products(r.Context(), p, id)
	if perr != nil {
		return perr
	}
	sales, total, sum, serr := h.svc.Sales(r.Context(), p, SaleFilter{Enterprise: id, Limit: 20})
	if serr != nil {
		return serr
	}
	if form == nil {
		form = url.Values{"listed_on": {h.svc.today()}, "sold_on": {h.svc.today()}}
	}
	v := &web.View{Title: e.Name, Form: form, Data: map[string]any{"E": e, "Products": products, "Sales": sales, "SalesTotal": total,
		"Sum": sum, "Categories": Categories, "Channels": Channels}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "ecommerce/enterprise", v)
}

func (h *handlers) enterpriseDetail(w http.ResponseWriter, r *http.Request) error {
	return h.enterprise(w, r, nil, nil)
}

func (h *handlers) enterpriseForm(w http.ResponseWriter, r *http.Request, e Enterprise, err error) error {
	p := access.From(r.Context())
	form := url.Values{"org_id": {strconv.FormatInt(p.OrgID, 10)}, "joined_on": {h.svc.today()}}
	title := i18n.T("ecom.new")
	if e.ID > 0 {
		title = i18n.T("ecom.edit")
		form = url.Values{"org_id": {strconv.FormatInt(e.OrgID, 10)}, "name": {e.Name}, "credit_code": {e.CreditCode}, "kind": {e.Kind},
			"contact": {e.Contact}, "joined_on": {e.JoinedOn}, "note": {e.Note}}
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	orgs, oerr := h.orgs(r)
	if oerr != nil {
		return oerr
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"E": e, "Orgs": orgs, "Kinds": Kinds}}
	if err != nil {
		v.FormError(err)
	}
	return h.srv.Render.HTML(w, r, "ecommerce/enterprise_form", v)
}

func (h *handlers) enterpriseNew(w http.ResponseWriter, r *http.Request) error {
	return h.enterpriseForm(w, r, Enterprise{}, nil)
}

func (h *handlers) enterpriseEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	e, err := h.svc.Enterprise(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.enterpriseForm(w, r, e, nil)
}

func (h *handlers) enterpriseSave(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	var id int64
	var before Enterprise
	if r.PathValue("id") != "" {
		var err error
		if id, err = web.PathID(r); err != nil {
			return err
		}
		if before, err = h.svc.Enterprise(r.Context(), p, id); err != nil {
			return err
		}
	}
	e, err := h.svc.SaveEnterprise(r.Context(), p, id, EnterpriseInput{OrgID: int64From(r.PostFormValue("org_id")), Name: r.PostFormValue("name"),
		CreditCode: r.PostFormValue("credit_code"), Kind: r.PostFormValue("kind"), Contact: r.PostFormValue("contact"),
		JoinedOn: r.PostFormValue("joined_on"), Note: r.PostFormValue("note")})
	if err == nil {
		http.Redirect(w, r, "/ecommerce/enterprises/"+strconv.FormatInt(e.ID, 10)+"?msg=msg.ecom.saved", http.StatusSeeOther)
		return nil
	}
	if !formFailed(err) {
		return err
	}
	return h.enterpriseForm(w, r, before, err)
}

func (h *handlers) productCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	_, err = h.svc.AddProduct(r.Context(), access.From(r.Context()), id, ProductInput{Name: r.PostFormValue("name"), Category: r.PostFormValue("category"),
		Unit: r.PostFormValue("unit"), Price: r.PostFormValue("price"), ListedOn: r.PostFormValue("listed_on")})
	if err == nil {
		http.Redirect(w, r, "/ecommerce/enterprises/"+strconv.FormatInt(id, 10)+"?msg=msg.ecom.product_added", http.StatusSeeOther)
		return nil
	}
	if !formFailed(err) {
		return err
	}
	return h.enterprise(w, r, r.PostForm, err)
}

func (h *handlers) saleCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	qty, qerr := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("quantity")), 10, 64)
	if qerr != nil {
		qty = 0
	}
	in := SaleInput{ProductID: int64From(r.PostFormValue("product_id")), SoldOn: r.PostFormValue("sold_on"), Quantity: qty,
		Amount: r.PostFormValue("amount"), Channel: r.PostFormValue("channel"), Note: r.PostFormValue("note")}
	// The product must be this enterprise's.
	products, err := h.svc.Products(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	own := false
	for _, p := range products {
		own = own || p.ID == in.ProductID
	}
	if !own && in.ProductID > 0 {
		in.ProductID = -1
	}
	if _, err = h.svc.AddSale(r.Context(), access.From(r.Context()), in); err == nil {
		http.Redirect(w, r, "/ecommerce/enterprises/"+strconv.FormatInt(id, 10)+"?msg=msg.ecom.sale_added", http.StatusSeeOther)
		return nil
	}
	if !formFailed(err) {
		return err
	}
	return h.enterprise(w, r, r.PostForm, err)
}

func (h *handlers) sales(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	v := &web.View{Title: i18n.T("ecom.sales_title"), Form: r.URL.Query()}
	f, period, err := saleFilterFrom(r.URL.Query())
	if err != nil {
		v.FormError(err)
		v.Status = http.StatusOK
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, sum, err := h.svc.Sales(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	figs, err := h.figures(r, period)
	if err != nil {
		return err
	}
	v.Data = map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "SumYuan": service.Yuan(sum), "Figures": figs, "Period": period,
		"ExportQuery": r.URL.RawQuery}
	return h.srv.Render.HTML(w, r, "ecommerce/sales", v)
}
