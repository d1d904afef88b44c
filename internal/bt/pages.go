package bt

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
	"troika/internal/web"
)

// figureKeys are the figures shown above the overview, for the year of the
// month shown.
var figureKeys = []string{"bt.guidance_groups", "bt.branches_evaluated", "bt.green_rate", "bt.green_rate_min"}

// cellGroup is the branches of one township in the grid.
type cellGroup struct {
	Parent string
	Cells  []Cell
}

func groupCells(cells []Cell) []cellGroup {
	var out []cellGroup
	for _, c := range cells {
		if len(out) == 0 || out[len(out)-1].Parent != c.ParentName {
			out = append(out, cellGroup{Parent: c.ParentName})
		}
		out[len(out)-1].Cells = append(out[len(out)-1].Cells, c)
	}
	return out
}

// townOption is a township (or any organization with branches) offered as
// a filter.
type townOption struct {
	ID    int64
	Label string
}

func towns(ctx context.Context, h *handlers, p *access.Principal) ([]townOption, error) {
	rows, err := h.svc.DB.QueryContext(ctx, `SELECT DISTINCT pa.id, pa.name, pa.path FROM orgs o JOIN orgs pa ON pa.id = o.parent_id
		WHERE o.path LIKE ? AND o.kind = 'branch' AND o.dissolved = FALSE ORDER BY pa.path`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []townOption
	for rows.Next() {
		var t townOption
		var path string
		if err := rows.Scan(&t.ID, &t.Label, &path); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (h *handlers) overviewFilter(r *http.Request) (OverviewFilter, error) {
	q := r.URL.Query()
	f := OverviewFilter{Month: strings.TrimSpace(q.Get("month")), Under: web.QueryInt(r, "under"), GroupID: web.QueryInt(r, "group"),
		Light: Light(q.Get("light")), Status: Status(q.Get("status"))}
	if !f.Light.Valid() {
		f.Light = ""
	}
	if !f.Status.Valid() {
		f.Status = ""
	}
	if f.Month == "" {
		m, err := h.svc.LatestMonth(r.Context(), access.From(r.Context()))
		if err != nil {
			return f, err
		}
		f.Month = m
	}
	if !validMonth(f.Month) {
		var v fault.Fields
		v.Add("month", i18n.T("bt.field.month"), i18n.T("bt.month_format"))
		return f, v.Err()
	}
	return f, nil
}

func (h *handlers) overview(w http.ResponseWriter, r *http.Request) error {
	f, ferr := h.overviewFilter(r)
	if ferr != nil {
		f.Month = h.svc.currentMonth()
	}
	v, err := h.overviewView(r, f)
	if err != nil {
		return err
	}
	if ferr != nil {
		v.FormError(ferr)
		v.Status = http.StatusOK
	}
	return h.srv.Render.HTML(w, r, "bt/overview", v)
}

// overviewView gathers the month's grid, its tallies and the year's
// figures.
func (h *handlers) overviewView(r *http.Request, f OverviewFilter) (*web.View, error) {
	p := access.From(r.Context())
	cells, tally, err := h.svc.Overview(r.Context(), p, f)
	if err != nil {
		return nil, err
	}
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, 0)
	if err != nil {
		return nil, err
	}
	y, _ := strconv.Atoi(f.Month[:4])
	figs, err := indicator.Figures(r.Context(), h.svc.DB, figureKeys, scope, indicator.Year(y))
	if err != nil {
		return nil, err
	}
	ts, err := towns(r.Context(), h, p)
	if err != nil {
		return nil, err
	}
	gs, err := h.svc.Groups(r.Context(), p)
	if err != nil {
		return nil, err
	}
	reviewable := 0
	for _, c := range cells {
		if c.Reviewable {
			reviewable++
		}
	}
	form := url.Values{}
	for k, vs := range r.URL.Query() {
		form[k] = vs
	}
	form.Set("month", f.Month)
	return &web.View{Title: i18n.T("bt.title"), Form: form, Data: map[string]any{"Groups": groupCells(cells), "Tally": tally, "Figures": figs,
		"Month": f.Month, "Prev": prevMonth(f.Month), "Next": nextMonth(f.Month), "Towns": ts, "GroupList": gs, "Lights": Lights,
		"Statuses": Statuses, "Reviewable": reviewable, "Year": f.Month[:4]}}, nil
}

func nextMonth(m string) string {
	y, _ := strconv.Atoi(m[:4])
	mo, _ := strconv.Atoi(m[5:])
	if mo == 12 {
		return strconv.Itoa(y+1) + "-01"
	}
	return m[:4] + "-" + two(mo+1)
}

func (h *handlers) year(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	y := strings.TrimSpace(r.URL.Query().Get("year"))
	if n, err := strconv.Atoi(y); err != nil || n < 2000 || n > 2200 {
		m, err := h.svc.LatestMonth(r.Context(), p)
		if err != nil {
			return err
		}
		y = m[:4]
	}
	under := web.QueryInt(r, "under")
	rows, err := h.svc.Year(r.Context(), p, y, under)
	if err != nil {
		return err
	}
	ts, err := towns(r.Context(), h, p)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(y)
	form := r.URL.Query()
	form.Set("year", y)
	return h.srv.Render.HTML(w, r, "bt/year", &web.View{Title: i18n.T("bt.year_title", y), Form: form,
		Data: map[string]any{"Rows": rows, "Year": y, "PrevYear": n - 1, "NextYear": n + 1, "Towns": ts, "MonthNums": seq12()}})
}

func seq12() []string {
	out := make([]string, 12)
	for i := range out {
		out[i] = two(i + 1)
	}
	return out
}

// listFilter reads the list filters; period (2022, 2022Q3, 2022-05) sets
// the months.
func listFilter(q url.Values) (Filter, error) {
	f := Filter{Light: Light(q.Get("light")), Status: Status(q.Get("status")), Q: strings.TrimSpace(q.Get("q"))}
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	if !f.Light.Valid() {
		f.Light = ""
	}
	if !f.Status.Valid() || f.Status == StatusNone {
		f.Status = ""
	}
	if u, err := strconv.ParseInt(q.Get("under"), 10, 64); err == nil {
		f.Under = u
	}
	if s := strings.TrimSpace(q.Get("period")); s != "" {
		p, err := indicator.ParsePeriod(s)
		if err != nil {
			return f, err
		}
		from, to := monthsOf(p)
		f.From, f.To = from, prevMonth(to)
	}
	return f, nil
}

func (h *handlers) list(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	v := &web.View{Title: i18n.T("bt.list_title"), Form: r.URL.Query()}
	f, err := listFilter(r.URL.Query())
	if err != nil {
		v.FormError(err)
		v.Status = http.StatusOK
	}
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.List(r.Context(), p, f)
	if err != nil {
		return err
	}
	ts, err := towns(r.Context(), h, p)
	if err != nil {
		return err
	}
	v.Data = map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Lights": Lights, "Statuses": Statuses[1:], "Towns": ts,
		"ExportQuery": r.URL.RawQuery}
	return h.srv.Render.HTML(w, r, "bt/list", v)
}

// selfInputFrom reads the self-assessment form: score_<item> and
// evidence_<item> per line.
func selfInputFrom(r *http.Request, a Assessment) (SelfInput, error) {
	var v fault.Fields
	in := SelfInput{Note: r.PostFormValue("note"), Submit: r.PostFormValue("action") == "submit"}
	for i, l := range a.Lines {
		id := strconv.FormatInt(l.ItemID, 10)
		raw := strings.TrimSpace(r.PostFormValue("score_" + id))
		li := LineInput{ItemID: l.ItemID, Evidence: r.PostFormValue("evidence_" + id)}
		if raw == "" {
			if in.Submit {
				v.AddRow(i+1, "lines", l.Title, i18n.T("bt.line_missing"))
			}
		} else if n, err := strconv.Atoi(raw); err != nil {
			v.AddRow(i+1, "lines", l.Title, i18n.T("field.number"))
		} else {
			li.SelfScore = n
		}
		in.Lines = append(in.Lines, li)
	}
	return in, v.Err()
}

// lineForm is the form's view of a line: what is typed wins over what is
// stored.
type lineForm struct {
	Line
	ScoreText string
	Err       string
}

func (h *handlers) assessView(r *http.Request, a Assessment, err error) *web.View {
	v := &web.View{Title: i18n.T("bt.assess_title", shortName(a.OrgName), a.Month), Form: url.Values{"note": {a.SelfNote}}}
	errs := map[string]string{}
	if err != nil {
		v.FormError(err)
		if e, ok := fault.As(err); ok {
			for _, f := range e.Fields {
				if f.Row > 0 && f.Row <= len(a.Lines) {
					errs[strconv.FormatInt(a.Lines[f.Row-1].ItemID, 10)] = f.Message
				}
			}
		}
	}
	var ls []lineForm
	for _, l := range a.Lines {
		id := strconv.FormatInt(l.ItemID, 10)
		lf := lineForm{Line: l, ScoreText: strconv.Itoa(l.SelfScore), Err: errs[id]}
		if r.Method == http.MethodPost {
			lf.ScoreText, lf.Evidence = r.PostFormValue("score_"+id), r.PostFormValue("evidence_"+id)
		}
		ls = append(ls, lf)
	}
	if r.Method == http.MethodPost {
		v.Form = r.PostForm
	}
	v.Data = map[string]any{"A": a, "Lines": ls, "Editable": a.Status.Editable()}
	return v
}

func (h *handlers) assessForm(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	org := web.QueryInt(r, "org")
	if org == 0 {
		org = p.OrgID
	}
	month := r.URL.Query().Get("month")
	if month == "" {
		month = h.svc.currentMonth()
	}
	a, err := h.svc.Form(r.Context(), p, org, month)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "bt/assess", h.assessView(r, a, nil))
}

func (h *handlers) assessPost(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	org, _ := strconv.ParseInt(r.PostFormValue("org"), 10, 64)
	month := r.PostFormValue("month")
	a, err := h.svc.Form(r.Context(), p, org, month)
	if err != nil {
		return err
	}
	in, err := selfInputFrom(r, a)
	if err == nil {
		var saved Assessment
		if saved, err = h.svc.Save(r.Context(), p, org, month, in); err == nil {
			msg := "msg.bt.saved"
			if in.Submit {
				msg = "msg.bt.submitted"
			}
			http.Redirect(w, r, "/bt/assessments/"+strconv.FormatInt(saved.ID, 10)+"?msg="+msg, http.StatusSeeOther)
			return nil
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	return h.srv.Render.HTML(w, r, "bt/assess", h.assessView(r, a, err))
}

func (h *handlers) detailView(r *http.Request, id int64) (*web.View, error) {
	p := access.From(r.Context())
	a, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	adj, err := h.svc.Adjustments(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	rs, _, err := h.svc.Rectifications(r.Context(), p, RectFilter{AssessmentID: id, Limit: 200})
	if err != nil {
		return nil, err
	}
	c, err := h.svc.Checklist(r.Context(), a.ChecklistID)
	if err != nil {
		return nil, err
	}
	return &web.View{Title: i18n.T("bt.detail_title", shortName(a.OrgName), a.Month), Form: url.Values{},
		Data: map[string]any{"A": a, "C": c, "Adjustments": adj, "Rects": rs, "CanReview": h.svc.CanReview(r.Context(), p, a),
			"CanEdit": a.Status.Editable() && p.Can(access.PermBTAssess), "CanAdjust": a.Published && p.Can(access.PermRatingManage),
			"Percent": percent(a.Score, a.FullScore)}}, nil
}

func (h *handlers) detail(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	v, err := h.detailView(r, id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "bt/detail", v)
}

func (h *handlers) reviewPost(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	a, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	in := ReviewInput{Note: r.PostFormValue("review_note"), Return: r.PostFormValue("action") == "return"}
	var v fault.Fields
	for i, l := range a.Lines {
		raw := strings.TrimSpace(r.PostFormValue("rscore_" + strconv.FormatInt(l.ItemID, 10)))
		if raw == "" {
			continue
		}
		n, perr := strconv.Atoi(raw)
		if perr != nil {
			v.AddRow(i+1, "lines", l.Title, i18n.T("field.number"))
			continue
		}
		in.Lines = append(in.Lines, ReviewLine{ItemID: l.ItemID, Score: n})
	}
	err = v.Err()
	if err == nil {
		if _, err = h.svc.Review(r.Context(), p, id, in); err == nil {
			msg := "msg.bt.reviewed"
			if in.Return {
				msg = "msg.bt.returned"
			}
			http.Redirect(w, r, "/bt/assessments/"+strconv.FormatInt(id, 10)+"?msg="+msg, http.StatusSeeOther)
			return nil
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	dv, verr := h.detailView(r, id)
	if verr != nil {
		return verr
	}
	dv.Form = r.PostForm
	dv.FormError(err)
	return h.srv.Render.HTML(w, r, "bt/detail", dv)
}

func (h *handlers) adjustPost(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	in := AdjustInput{Reason: r.PostFormValue("reason")}
	n, perr := strconv.Atoi(strings.TrimSpace(r.PostFormValue("score")))
	if perr != nil {
		var v fault.Fields
		v.Add("score", i18n.T("bt.field.score"), i18n.T("field.number"))
		err = v.Err()
	} else {
		in.Score = n
		if _, err = h.svc.Adjust(r.Context(), access.From(r.Context()), id, in); err == nil {
			http.Redirect(w, r, "/bt/assessments/"+strconv.FormatInt(id, 10)+"?msg=msg.bt.adjusted", http.StatusSeeOther)
			return nil
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	dv, verr := h.detailView(r, id)
	if verr != nil {
		return verr
	}
	dv.Form = r.PostForm
	dv.FormError(err)
	return h.srv.Render.HTML(w, r, "bt/detail", dv)
}

// back returns to the overview of the month posted with the form.
func back(r *http.Request, msg string, extra url.Values) string {
	q := url.Values{"month": {r.PostFormValue("month")}, "msg": {msg}}
	for k, v := range extra {
		q[k] = v
	}
	return "/bt?" + q.Encode()
}

func (h *handlers) bulkPost(w http.ResponseWriter, r *http.Request) error {
	var ids []int64
	for _, s := range r.PostForm["ids"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	n, err := h.svc.BulkReview(r.Context(), access.From(r.Context()), ids, r.PostFormValue("review_note"))
	if err != nil {
		return h.overviewWithError(w, r, err)
	}
	http.Redirect(w, r, back(r, "msg.bt.bulk_reviewed", url.Values{"n": {strconv.Itoa(n)}}), http.StatusSeeOther)
	return nil
}

func (h *handlers) publishPost(w http.ResponseWriter, r *http.Request) error {
	_, err := h.svc.Publish(r.Context(), access.From(r.Context()), r.PostFormValue("month"))
	if err != nil {
		return h.overviewWithError(w, r, err)
	}
	http.Redirect(w, r, back(r, "msg.bt.published", nil), http.StatusSeeOther)
	return nil
}

// overviewWithError shows the posted month again with what went wrong.
func (h *handlers) overviewWithError(w http.ResponseWriter, r *http.Request, err error) error {
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict && c != fault.Forbidden {
		return err
	}
	f := OverviewFilter{Month: r.PostFormValue("month")}
	if !validMonth(f.Month) {
		f.Month = h.svc.currentMonth()
	}
	v, verr := h.overviewView(r, f)
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "bt/overview", v)
}

func (h *handlers) rects(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := RectFilter{Limit: pg.Size, Offset: pg.Offset(), Under: web.QueryInt(r, "under")}
	switch r.URL.Query().Get("state") {
	case "open":
		t := true
		f.Open = &t
	case "closed":
		c := false
		f.Open = &c
	}
	items, total, err := h.svc.Rectifications(r.Context(), p, f)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "bt/rects", &web.View{Title: i18n.T("bt.rects_title"), Form: r.URL.Query(),
		Data: map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Today": h.svc.today()}})
}

func (h *handlers) rectView(r *http.Request, err error) (*web.View, error) {
	id, perr := web.PathID(r)
	if perr != nil {
		return nil, perr
	}
	x, gerr := h.svc.Rectification(r.Context(), access.From(r.Context()), id)
	if gerr != nil {
		return nil, gerr
	}
	v := &web.View{Title: i18n.T("bt.rect_title", shortName(x.OrgName), x.Month), Form: url.Values{"closed_on": {h.svc.today()}},
		Data: map[string]any{"R": x}}
	if r.Method == http.MethodPost {
		v.Form = r.PostForm
	}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func (h *handlers) rect(w http.ResponseWriter, r *http.Request) error {
	v, err := h.rectView(r, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "bt/rect", v)
}

func (h *handlers) rectClose(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	_, err = h.svc.CloseRectification(r.Context(), access.From(r.Context()), id, CloseInput{ClosedOn: r.PostFormValue("closed_on"), Measure: r.PostFormValue("measure")})
	if err == nil {
		http.Redirect(w, r, "/bt/rectifications/"+strconv.FormatInt(id, 10)+"?msg=msg.bt.rect_closed", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	v, verr := h.rectView(r, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "bt/rect", v)
}
