package appraisal

import (
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

func (h *handlers) list(w http.ResponseWriter, r *http.Request) error {
	return h.listView(w, r, nil, nil)
}

func (h *handlers) listView(w http.ResponseWriter, r *http.Request, form url.Values, ferr error) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	items, total, err := h.svc.Months(r.Context(), p, pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	period := indicator.DefaultPeriod()
	if s := r.URL.Query().Get("period"); s != "" {
		if pp, err := indicator.ParsePeriod(s); err == nil {
			period = pp
		}
	}
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, 0)
	if err != nil {
		return err
	}
	figs, err := indicator.Figures(r.Context(), h.svc.DB, FigureKeys, scope, period)
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"month": {h.svc.Now().In(access.Shanghai).AddDate(0, -1, 0).Format("2006-01")}}
	}
	v := &web.View{Title: i18n.T("appraisal.title"), Form: form,
		Data: map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Figures": figs}}
	if ferr != nil {
		v.FormError(ferr)
	}
	return h.srv.Render.HTML(w, r, "appraisal/list", v)
}

func (h *handlers) computePost(w http.ResponseWriter, r *http.Request) error {
	org, _ := strconv.ParseInt(r.PostFormValue("org_id"), 10, 64)
	m, err := h.svc.Compute(r.Context(), access.From(r.Context()), org, r.PostFormValue("month"))
	if err == nil {
		http.Redirect(w, r, "/appraisal/months/"+strconv.FormatInt(m.ID, 10)+"?msg=msg.appraisal.computed", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	return h.listView(w, r, r.PostForm, err)
}

func (h *handlers) detail(w http.ResponseWriter, r *http.Request) error {
	return h.detailView(w, r, nil, nil)
}

func (h *handlers) detailView(w http.ResponseWriter, r *http.Request, form url.Values, ferr error) error {
	p := access.From(r.Context())
	d, err := h.monthDetail(r)
	if err != nil {
		return err
	}
	v := &web.View{Title: i18n.T("appraisal.month_title", d.Month.Month), Form: form}
	if ferr != nil {
		v.FormError(ferr)
	}
	var manual []Item
	for _, it := range d.Scheme.Items {
		if it.Source == SourceManual {
			manual = append(manual, it)
		}
	}
	canWrite := p.Can(access.PermOrgWrite)
	v.Data = map[string]any{"D": d, "M": d.Month, "Manual": manual, "CanWrite": canWrite, "Grades": Grades,
		"Today": h.svc.Now().In(access.Shanghai).Format("2006-01-02")}
	return h.srv.Render.HTML(w, r, "appraisal/month", v)
}

// opPost runs one action of the month page: compute again, a manual
// score, review, publish, an adjustment or a payment.
func (h *handlers) opPost(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	num := func(k string) int64 { n, _ := strconv.ParseInt(f(k), 10, 64); return n }
	msg := ""
	switch r.PathValue("op") {
	case "compute":
		var m Month
		if m, err = h.svc.Month(r.Context(), p, id); err == nil {
			_, err = h.svc.Compute(r.Context(), p, m.OrgID, m.Month)
		}
		msg = "msg.appraisal.computed"
	case "score":
		err = h.svc.SetManual(r.Context(), p, id, ManualInput{WorkerID: num("worker_id"), ItemID: num("item_id"), Score: f("score"), Reason: f("reason")})
		msg = "msg.appraisal.scored"
	case "review":
		_, err = h.svc.Review(r.Context(), p, id)
		msg = "msg.appraisal.reviewed"
	case "publish":
		_, err = h.svc.Publish(r.Context(), p, id)
		msg = "msg.appraisal.published"
	case "adjust":
		in := AdjustInput{WorkerID: num("worker_id"), Reason: f("reason")}
		if g := strings.TrimSpace(f("grade")); g != "" {
			in.Grade = Grade(g)
		} else {
			in.ItemID, in.Score = num("item_id"), f("score")
		}
		err = h.svc.Adjust(r.Context(), p, id, in)
		msg = "msg.appraisal.adjusted"
	case "pay":
		err = h.svc.Pay(r.Context(), p, id, num("worker_id"), f("paid_on"))
		msg = "msg.appraisal.paid"
	default:
		return web.ErrNotFound
	}
	if err == nil {
		http.Redirect(w, r, "/appraisal/months/"+strconv.FormatInt(id, 10)+"?msg="+msg, http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	return h.detailView(w, r, r.PostForm, err)
}

func (h *handlers) schemes(w http.ResponseWriter, r *http.Request) error {
	return h.schemesView(w, r, nil, nil)
}

func (h *handlers) schemesView(w http.ResponseWriter, r *http.Request, form url.Values, ferr error) error {
	ss, err := h.svc.Schemes(r.Context())
	if err != nil {
		return err
	}
	if form == nil && len(ss) > 0 {
		c := ss[0]
		form = url.Values{"name": {c.Name}, "excellent_quota": {strconv.Itoa(c.ExcellentQuota)}, "good_quota": {strconv.Itoa(c.GoodQuota)},
			"pass_score": {strconv.Itoa(c.PassScore)}, "reward_excellent": {Yuan(c.RewardExcellent)}, "reward_good": {Yuan(c.RewardGood)},
			"reward_pass": {Yuan(c.RewardPass)}}
		for _, it := range c.Items {
			form.Add("item_code", it.Code)
			form.Add("item_name", it.Name)
			form.Add("item_source", string(it.Source))
			form.Add("item_weight", strconv.Itoa(it.Weight))
			form.Add("item_target", strconv.Itoa(it.Target))
		}
	}
	type line struct{ Code, Name, Source, Weight, Target string }
	var lines []line
	for i, c := range form["item_code"] {
		at := func(k string) string {
			if vs := form[k]; i < len(vs) {
				return vs[i]
			}
			return ""
		}
		lines = append(lines, line{c, at("item_name"), at("item_source"), at("item_weight"), at("item_target")})
	}
	for len(lines) < 7 {
		lines = append(lines, line{})
	}
	v := &web.View{Title: i18n.T("appraisal.schemes_title"), Form: form, Data: map[string]any{"Schemes": ss, "Lines": lines, "Sources": Sources}}
	if ferr != nil {
		v.FormError(ferr)
	}
	return h.srv.Render.HTML(w, r, "appraisal/schemes", v)
}

// parseYuan reads yuan with up to two decimals into fen.
func parseYuan(s string) (int64, bool) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || len(frac) > 2 {
		return 0, false
	}
	f := int64(0)
	if frac != "" {
		for len(frac) < 2 {
			frac += "0"
		}
		if f, err = strconv.ParseInt(frac, 10, 64); err != nil {
			return 0, false
		}
	}
	return w*100 + f, true
}

func (h *handlers) schemePost(w http.ResponseWriter, r *http.Request) error {
	var v fault.Fields
	f := r.PostFormValue
	atoi := func(k, label string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f(k)))
		if err != nil {
			v.Add(k, i18n.T(label), i18n.T("field.number"))
		}
		return n
	}
	yuan := func(k, label string) int64 {
		n, ok := parseYuan(f(k))
		if !ok {
			v.Add(k, i18n.T(label), i18n.T("appraisal.reward_range"))
		}
		return n
	}
	in := SchemeInput{MonthFrom: f("month_from"), Name: f("name"),
		ExcellentQuota: atoi("excellent_quota", "appraisal.field.excellent_quota"), GoodQuota: atoi("good_quota", "appraisal.field.good_quota"),
		PassScore: atoi("pass_score", "appraisal.field.pass_score"), RewardExcellent: yuan("reward_excellent", "appraisal.field.reward_excellent"),
		RewardGood: yuan("reward_good", "appraisal.field.reward_good"), RewardPass: yuan("reward_pass", "appraisal.field.reward_pass")}
	for i, code := range r.PostForm["item_code"] {
		at := func(k string) string {
			if vs := r.PostForm[k]; i < len(vs) {
				return strings.TrimSpace(vs[i])
			}
			return ""
		}
		if strings.TrimSpace(code) == "" && at("item_name") == "" {
			continue
		}
		wt, err1 := strconv.Atoi(at("item_weight"))
		tg, err2 := strconv.Atoi(or(at("item_target"), "0"))
		if err1 != nil || err2 != nil {
			v.Add("items", i18n.T("appraisal.field.item_n", i+1), i18n.T("field.number"))
		}
		in.Items = append(in.Items, Item{Code: code, Name: at("item_name"), Source: Source(at("item_source")), Weight: wt, Target: tg})
	}
	err := v.Err()
	if err == nil {
		if _, err = h.svc.SaveScheme(r.Context(), access.From(r.Context()), in); err == nil {
			http.Redirect(w, r, "/appraisal/schemes?msg=msg.appraisal.scheme_saved", http.StatusSeeOther)
			return nil
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid {
		return err
	}
	return h.schemesView(w, r, r.PostForm, err)
}

func or(a, b string) string {
	if a == "" {
		return b
	}
	return a
}
