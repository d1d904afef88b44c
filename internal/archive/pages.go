package archive

import (
	"context"
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

// figureKeys are the figures shown above the ledger.
var figureKeys = []string{"archive.received", "archive.lent", "archive.transferred"}

// stepFlash is the message shown after each step.
var stepFlash = map[Action]string{ActFile: "msg.archive.filed", ActLend: "msg.archive.lent", ActReturn: "msg.archive.returned",
	ActTransfer: "msg.archive.transferred"}

// materialRows is how many material lines the form offers.
const materialRows = 8

// commonMaterials are suggested in the form (a datalist): what a member's
// archive usually holds.
var commonMaterials = []string{"入党申请书", "入党积极分子培养考察登记表", "入党志愿书", "政治审查材料", "转正申请书",
	"思想汇报", "党员登记表", "组织关系介绍信", "奖惩材料", "党员民主评议表", "学历证明材料", "个人简历"}

// orgOption is an organization offered in a select, indented by depth.
type orgOption struct {
	ID     int64
	Label  string
	Indent string
}

// orgOptions lists the live organizations in scope except party groups,
// which keep no archives.
func orgOptions(ctx context.Context, db store.Querier, p *access.Principal) ([]orgOption, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, name, depth FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND kind <> 'group' ORDER BY path`, p.ScopeLike())
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

// filterFrom reads the list filters; period is the received period
// (2022, 2022Q3 …), which also sets the figures' period.
func filterFrom(q url.Values) (Filter, indicator.Period, error) {
	f := Filter{Q: strings.TrimSpace(q.Get("q")), Status: Status(q.Get("status"))}
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	if !f.Status.Valid() {
		f.Status = ""
	}
	if u, err := strconv.ParseInt(q.Get("under"), 10, 64); err == nil {
		f.Under = u
	}
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

func (h *handlers) list(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	v := &web.View{Title: i18n.T("archive.title"), Form: r.URL.Query()}
	f, period, err := filterFrom(r.URL.Query())
	if err != nil {
		v.FormError(err)
		v.Status = http.StatusOK
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.List(r.Context(), p, f)
	if err != nil {
		return err
	}
	c, err := h.svc.Tally(r.Context(), p)
	if err != nil {
		return err
	}
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, 0)
	if err != nil {
		return err
	}
	figs, err := indicator.Figures(r.Context(), h.svc.DB, figureKeys, scope, period)
	if err != nil {
		return err
	}
	orgs, err := orgOptions(r.Context(), h.svc.DB, p)
	if err != nil {
		return err
	}
	v.Data = map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Statuses": Statuses, "Orgs": orgs,
		"Tally": c, "Figures": figs, "Period": period, "Today": h.svc.today(), "ExportQuery": r.URL.RawQuery}
	return h.srv.Render.HTML(w, r, "archive/list", v)
}

func (h *handlers) overdue(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := Filter{Limit: pg.Size, Offset: pg.Offset()}
	if u, err := strconv.ParseInt(r.URL.Query().Get("under"), 10, 64); err == nil {
		f.Under = u
	}
	items, total, err := h.svc.Overdue(r.Context(), p, f)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "archive/overdue", &web.View{Title: i18n.T("archive.overdue_title"), Form: r.URL.Query(),
		Data: map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Today": h.svc.today(), "ExportQuery": r.URL.RawQuery}})
}

func (h *handlers) detail(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	a, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	evs, ls, err := h.svc.History(r.Context(), p, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("reveal") == "1" && p.Can(access.PermPersonalClear) {
		if a.IDNumber, err = h.svc.Reveal(r.Context(), p, id); err != nil {
			return err
		}
	}
	return h.srv.Render.HTML(w, r, "archive/detail", &web.View{Title: a.Name,
		Data: map[string]any{"A": a, "Events": evs, "Loans": ls, "Today": h.svc.today(),
			"CanFile": a.Status.Can(ActFile), "CanLend": a.Status.Can(ActLend), "CanReturn": a.Status.Can(ActReturn),
			"CanTransfer": a.Status.Can(ActTransfer), "CanEdit": a.Status.Can(ActEdit)}})
}

// inputFrom reads the archive form; material lines come as parallel
// material_name / material_copies fields.
func inputFrom(r *http.Request) (Input, error) {
	var v fault.Fields
	in := Input{Name: r.PostFormValue("name"), IDNumber: r.PostFormValue("id_number"), ReceivedOn: r.PostFormValue("received_on"),
		ReceivedFrom: r.PostFormValue("received_from"), Receiver: r.PostFormValue("receiver"), Note: r.PostFormValue("note")}
	if s := r.PostFormValue("org_id"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			v.Add("org_id", i18n.T("archive.field.org"), i18n.T("field.choose"))
		}
		in.OrgID = n
	}
	names, copies := r.PostForm["material_name"], r.PostForm["material_copies"]
	for i, n := range names {
		m := Material{Name: n}
		if i < len(copies) && strings.TrimSpace(copies[i]) != "" {
			c, err := strconv.Atoi(strings.TrimSpace(copies[i]))
			if err != nil {
				v.Add("materials", i18n.T("archive.field.material_n", i+1), i18n.T("field.number"))
			}
			m.Copies = c
		} else if strings.TrimSpace(n) != "" {
			m.Copies = 1
		}
		in.Materials = append(in.Materials, m)
	}
	return in, v.Err()
}

func (h *handlers) formView(r *http.Request, title string, a Archive) (*web.View, error) {
	p := access.From(r.Context())
	form := url.Values{"name": {a.Name}, "received_on": {a.ReceivedOn}, "received_from": {a.ReceivedFrom},
		"receiver": {a.Receiver}, "note": {a.Note}}
	if a.OrgID > 0 {
		form.Set("org_id", strconv.FormatInt(a.OrgID, 10))
	}
	if a.ID == 0 {
		form.Set("received_on", h.svc.today())
		form.Set("receiver", p.DisplayName)
	}
	for _, m := range a.Materials {
		form.Add("material_name", m.Name)
		form.Add("material_copies", strconv.Itoa(m.Copies))
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	orgs, err := orgOptions(r.Context(), h.svc.DB, p)
	if err != nil {
		return nil, err
	}
	type line struct{ Name, Copies string }
	lines := make([]line, 0, materialRows)
	names, copies := form["material_name"], form["material_copies"]
	for i := 0; i < max(materialRows, len(names)); i++ {
		var l line
		if i < len(names) {
			l.Name = names[i]
		}
		if i < len(copies) {
			l.Copies = copies[i]
		}
		lines = append(lines, l)
	}
	return &web.View{Title: title, Form: form, Data: map[string]any{"A": a, "Orgs": orgs, "Lines": lines, "Common": commonMaterials}}, nil
}

func (h *handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.formView(r, i18n.T("archive.new_title"), Archive{})
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "archive/form", v)
}

func (h *handlers) create(w http.ResponseWriter, r *http.Request) error {
	in, err := inputFrom(r)
	if err == nil {
		var a Archive
		if a, err = h.svc.Create(r.Context(), access.From(r.Context()), in); err == nil {
			http.Redirect(w, r, "/archives/"+strconv.FormatInt(a.ID, 10)+"?msg=msg.archive.created", http.StatusSeeOther)
			return nil
		}
	}
	v, verr := h.formView(r, i18n.T("archive.new_title"), Archive{})
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "archive/form", v)
}

func (h *handlers) editForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	a, err := h.svc.Get(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	v, err := h.formView(r, i18n.T("archive.edit_title"), a)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "archive/form", v)
}

func (h *handlers) edit(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	a, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	in, err := inputFrom(r)
	if err == nil {
		if _, err = h.svc.Update(r.Context(), p, id, in); err == nil {
			http.Redirect(w, r, "/archives/"+strconv.FormatInt(id, 10)+"?msg=msg.archive.saved", http.StatusSeeOther)
			return nil
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	v, verr := h.formView(r, i18n.T("archive.edit_title"), a)
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "archive/form", v)
}

// stepDefaults fills a step form on first show.
func (h *handlers) stepDefaults(a Action) url.Values {
	today := h.svc.today()
	switch a {
	case ActFile:
		return url.Values{"filed_on": {today}}
	case ActLend:
		return url.Values{"lent_on": {today}}
	case ActReturn:
		return url.Values{"returned_on": {today}}
	case ActTransfer:
		return url.Values{"transferred_on": {today}}
	}
	return url.Values{}
}

func (h *handlers) stepView(r *http.Request, a Action, form url.Values, err error) (*web.View, error) {
	id, perr := web.PathID(r)
	if perr != nil {
		return nil, perr
	}
	arch, gerr := h.svc.Get(r.Context(), access.From(r.Context()), id)
	if gerr != nil {
		return nil, gerr
	}
	if form == nil {
		form = h.stepDefaults(a)
	}
	v := &web.View{Title: i18n.T("archive.step_title."+string(a), arch.Name), Form: form,
		Data: map[string]any{"A": arch, "Step": string(a), "Allowed": arch.Status.Can(a)}}
	if err != nil {
		v.FormError(err)
	} else if !arch.Status.Can(a) {
		v.FormError(badStep(arch.Status, a))
		v.Status = http.StatusOK
	}
	return v, nil
}

func (h *handlers) stepForm(a Action) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := h.stepView(r, a, nil, nil)
		if err != nil {
			return err
		}
		return h.srv.Render.HTML(w, r, "archive/step", v)
	}
}

// doStep runs step a with the fields of form (page) or body (API).
func (h *handlers) doStep(r *http.Request, a Action, get func(string) string) (Archive, error) {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return Archive{}, err
	}
	switch a {
	case ActFile:
		return h.svc.File(r.Context(), p, id, FileInput{ShelfNo: get("shelf_no"), FiledOn: get("filed_on")})
	case ActLend:
		return h.svc.Lend(r.Context(), p, id, LendInput{Borrower: get("borrower"), BorrowerUnit: get("borrower_unit"),
			Purpose: get("purpose"), LentOn: get("lent_on"), DueOn: get("due_on")})
	case ActReturn:
		return h.svc.Return(r.Context(), p, id, ReturnInput{ReturnedOn: get("returned_on")})
	default:
		return h.svc.Transfer(r.Context(), p, id, TransferInput{TransferredOn: get("transferred_on"),
			TransferredTo: get("transferred_to"), ReceiptNo: get("receipt_no")})
	}
}

func (h *handlers) stepPost(a Action) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		arch, err := h.doStep(r, a, r.PostFormValue)
		if err == nil {
			http.Redirect(w, r, "/archives/"+strconv.FormatInt(arch.ID, 10)+"?msg="+stepFlash[a], http.StatusSeeOther)
			return nil
		}
		if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
			return err
		}
		v, verr := h.stepView(r, a, r.PostForm, err)
		if verr != nil {
			return verr
		}
		return h.srv.Render.HTML(w, r, "archive/step", v)
	}
}
