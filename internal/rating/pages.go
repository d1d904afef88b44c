package rating

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

// defaultCriteria are the four 优 of the evaluation, 25 points each.
var defaultCriteria = []string{"班子建设优", "党员队伍优", "工作机制优", "发展业绩优"}

func filterFrom(r *http.Request) Filter {
	f := Filter{Year: int(web.QueryInt(r, "year")), Status: Status(r.URL.Query().Get("status"))}
	if f.Status != Open && f.Status != Published {
		f.Status = ""
	}
	return f
}

func (h *handlers) list(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(r)
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.List(r.Context(), p, f)
	if err != nil {
		return err
	}
	scope, err := indicator.ScopeOf(r.Context(), h.svc.DB, p, 0)
	if err != nil {
		return err
	}
	period := indicator.DefaultPeriod()
	if f.Year > 0 {
		period = indicator.Year(f.Year)
	} else if len(items) > 0 {
		period = indicator.Year(items[0].Year)
	}
	figs, err := indicator.Figures(r.Context(), h.svc.DB, []string{"rating.top_ten"}, scope, period)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "rating/list", &web.View{Title: i18n.T("rating.title"), Form: r.URL.Query(),
		Data: map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Figures": figs, "ExportQuery": r.URL.RawQuery,
			"Statuses": []Status{Open, Published}}})
}

func (h *handlers) detailView(r *http.Request, id int64) (*web.View, error) {
	p := access.From(r.Context())
	e, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	adj, err := h.svc.Adjustments(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	return &web.View{Title: e.Title, Form: url.Values{}, Data: map[string]any{"E": e, "Adjustments": adj,
		"IsReviewer": e.Status == Open && h.svc.IsReviewer(r.Context(), p, e),
		"CanManage":  p.Can(access.PermRatingManage) && e.Organizer}}, nil
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
	return h.srv.Render.HTML(w, r, "rating/detail", v)
}

// option is a checkbox of the new-evaluation form.
type option struct {
	Option
	Checked bool
}

type optionGroup struct {
	Parent string
	Items  []option
}

func (h *handlers) formView(r *http.Request) (*web.View, error) {
	branches, reviewers, err := h.svc.Options(r.Context(), access.From(r.Context()))
	if err != nil {
		return nil, err
	}
	form := url.Values{"top_n": {"10"}, "quarter": {"1"}}
	for _, c := range defaultCriteria {
		form.Add("criterion_title", c)
		form.Add("criterion_max", "25")
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	has := func(k string, id int64) bool {
		s := strconv.FormatInt(id, 10)
		for _, x := range form[k] {
			if x == s {
				return true
			}
		}
		return false
	}
	group := func(os []Option, key string) []optionGroup {
		var out []optionGroup
		for _, o := range os {
			if len(out) == 0 || out[len(out)-1].Parent != o.Parent {
				out = append(out, optionGroup{Parent: o.Parent})
			}
			out[len(out)-1].Items = append(out[len(out)-1].Items, option{Option: o, Checked: has(key, o.ID)})
		}
		return out
	}
	type line struct{ Title, Max string }
	var lines []line
	titles, maxes := form["criterion_title"], form["criterion_max"]
	for i := 0; i < max(len(titles)+2, 6); i++ {
		var l line
		if i < len(titles) {
			l.Title = titles[i]
		}
		if i < len(maxes) {
			l.Max = maxes[i]
		}
		lines = append(lines, l)
	}
	return &web.View{Title: i18n.T("rating.new_title"), Form: form, Data: map[string]any{"Branches": group(branches, "candidate_ids"),
		"Reviewers": group(reviewers, "reviewer_ids"), "Lines": lines}}, nil
}

func (h *handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.formView(r)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "rating/form", v)
}

func ids(vals []string) []int64 {
	var out []int64
	for _, s := range vals {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func inputFrom(r *http.Request) (Input, error) {
	var v fault.Fields
	num := func(field, label string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(field)))
		if err != nil {
			v.Add(field, label, i18n.T("field.number"))
		}
		return n
	}
	in := Input{Title: r.PostFormValue("title"), Note: r.PostFormValue("note"), Year: num("year", i18n.T("rating.field.year")),
		Quarter: num("quarter", i18n.T("rating.field.quarter")), TopN: num("top_n", i18n.T("rating.field.top_n")),
		CandidateIDs: ids(r.PostForm["candidate_ids"]), ReviewerIDs: ids(r.PostForm["reviewer_ids"])}
	maxes := r.PostForm["criterion_max"]
	for i, t := range r.PostForm["criterion_title"] {
		c := Criterion{Title: t}
		if i < len(maxes) && strings.TrimSpace(maxes[i]) != "" {
			n, err := strconv.Atoi(strings.TrimSpace(maxes[i]))
			if err != nil {
				v.AddRow(i+1, "criteria", i18n.T("rating.field.criterion"), i18n.T("field.number"))
			}
			c.MaxScore = n
		}
		in.Criteria = append(in.Criteria, c)
	}
	return in, v.Err()
}

func (h *handlers) create(w http.ResponseWriter, r *http.Request) error {
	in, err := inputFrom(r)
	if err == nil {
		var e Evaluation
		if e, err = h.svc.Create(r.Context(), access.From(r.Context()), in); err == nil {
			http.Redirect(w, r, "/rating/"+strconv.FormatInt(e.ID, 10)+"?msg=msg.rating.created", http.StatusSeeOther)
			return nil
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	v, verr := h.formView(r)
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "rating/form", v)
}

// scoreCell is one input of the score grid.
type scoreCell struct {
	Name, Value string
	Max         int
}

type scoreRow struct {
	Candidate
	Cells []scoreCell
}

func (h *handlers) scoreView(r *http.Request, err error) (*web.View, error) {
	p := access.From(r.Context())
	id, perr := web.PathID(r)
	if perr != nil {
		return nil, perr
	}
	e, gerr := h.svc.Get(r.Context(), p, id)
	if gerr != nil {
		return nil, gerr
	}
	mine, merr := h.svc.MyScores(r.Context(), p, id)
	if merr != nil {
		return nil, merr
	}
	var rows []scoreRow
	for _, c := range e.Ranking {
		row := scoreRow{Candidate: c}
		for _, k := range e.Criteria {
			name := "s_" + strconv.FormatInt(c.ID, 10) + "_" + strconv.FormatInt(k.ID, 10)
			val := ""
			if n, ok := mine[[2]int64{c.ID, k.ID}]; ok {
				val = strconv.Itoa(n)
			}
			if r.Method == http.MethodPost {
				val = r.PostFormValue(name)
			}
			row.Cells = append(row.Cells, scoreCell{Name: name, Value: val, Max: k.MaxScore})
		}
		rows = append(rows, row)
	}
	v := &web.View{Title: i18n.T("rating.score_title", e.Title), Data: map[string]any{"E": e, "Rows": rows,
		"Allowed": e.Status == Open && h.svc.IsReviewer(r.Context(), p, e)}}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func (h *handlers) scoreForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.scoreView(r, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "rating/score", v)
}

func (h *handlers) scorePost(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	e, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	var v fault.Fields
	var scores []Score
	for _, c := range e.Ranking {
		for _, k := range e.Criteria {
			raw := strings.TrimSpace(r.PostFormValue("s_" + strconv.FormatInt(c.ID, 10) + "_" + strconv.FormatInt(k.ID, 10)))
			if raw == "" {
				continue
			}
			n, perr := strconv.Atoi(raw)
			if perr != nil {
				v.Add("scores", shortName(c.OrgName)+" · "+k.Title, i18n.T("field.number"))
				continue
			}
			scores = append(scores, Score{CandidateID: c.ID, CriterionID: k.ID, Score: n})
		}
	}
	err = v.Err()
	if err == nil {
		if _, err = h.svc.SaveScores(r.Context(), p, id, scores); err == nil {
			http.Redirect(w, r, "/rating/"+strconv.FormatInt(id, 10)+"?msg=msg.rating.scored", http.StatusSeeOther)
			return nil
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict && c != fault.Forbidden {
		return err
	}
	sv, verr := h.scoreView(r, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "rating/score", sv)
}

func (h *handlers) publishPost(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	if _, err = h.svc.Publish(r.Context(), access.From(r.Context()), id); err == nil {
		http.Redirect(w, r, "/rating/"+strconv.FormatInt(id, 10)+"?msg=msg.rating.published", http.StatusSeeOther)
		return nil
	}
	return h.detailError(w, r, id, err)
}

func (h *handlers) detailError(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	v, verr := h.detailView(r, id)
	if verr != nil {
		return verr
	}
	v.Form = r.PostForm
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "rating/detail", v)
}

func (h *handlers) adjustPost(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	cid, _ := strconv.ParseInt(r.PostFormValue("candidate_id"), 10, 64)
	in := AdjustInput{CandidateID: cid, Top: r.PostFormValue("top") == "1", Reason: r.PostFormValue("reason")}
	if _, err = h.svc.Adjust(r.Context(), access.From(r.Context()), id, in); err == nil {
		http.Redirect(w, r, "/rating/"+strconv.FormatInt(id, 10)+"?msg=msg.rating.adjusted", http.StatusSeeOther)
		return nil
	}
	return h.detailError(w, r, id, err)
}

func (h *handlers) starsView(r *http.Request, err error) (*web.View, error) {
	items, serr := h.svc.Stars(r.Context())
	if serr != nil {
		return nil, serr
	}
	v := &web.View{Title: i18n.T("rating.stars_title"), Form: url.Values{"star": {"1"}}, Data: map[string]any{"Items": items, "Stars": []int{1, 2, 3, 4, 5}}}
	if r.Method == http.MethodPost {
		v.Form = r.PostForm
	}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func (h *handlers) stars(w http.ResponseWriter, r *http.Request) error {
	v, err := h.starsView(r, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "rating/stars", v)
}

func starFrom(r *http.Request) (StarInput, error) {
	var v fault.Fields
	in := StarInput{Title: r.PostFormValue("title"), Criteria: r.PostFormValue("criteria")}
	n, err := strconv.Atoi(r.PostFormValue("star"))
	if err != nil {
		v.Add("star", i18n.T("rating.field.star"), i18n.T("rating.star_range"))
	}
	in.Star = n
	if s := strings.TrimSpace(r.PostFormValue("sort")); s != "" {
		if in.Sort, err = strconv.Atoi(s); err != nil {
			v.Add("sort", i18n.T("rating.field.sort"), i18n.T("field.number"))
		}
	}
	return in, v.Err()
}

func (h *handlers) starCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := starFrom(r)
	if err == nil {
		if _, err = h.svc.SaveStar(r.Context(), access.From(r.Context()), 0, in); err == nil {
			http.Redirect(w, r, "/rating/stars?msg=msg.rating.star_saved", http.StatusSeeOther)
			return nil
		}
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	v, verr := h.starsView(r, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "rating/stars", v)
}

func (h *handlers) starEditView(r *http.Request, err error) (*web.View, error) {
	id, perr := web.PathID(r)
	if perr != nil {
		return nil, perr
	}
	it, gerr := h.svc.Star(r.Context(), id)
	if gerr != nil {
		return nil, gerr
	}
	form := url.Values{"star": {strconv.Itoa(it.Star)}, "sort": {strconv.Itoa(it.Sort)}, "title": {it.Title}, "criteria": {it.Criteria}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: i18n.T("rating.star_edit"), Form: form, Data: map[string]any{"Item": it, "Stars": []int{1, 2, 3, 4, 5}}}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func (h *handlers) starEdit(w http.ResponseWriter, r *http.Request) error {
	v, err := h.starEditView(r, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "rating/star_form", v)
}

func (h *handlers) starUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	in, err := starFrom(r)
	if err == nil {
		if _, err = h.svc.SaveStar(r.Context(), access.From(r.Context()), id, in); err == nil {
			http.Redirect(w, r, "/rating/stars?msg=msg.rating.star_saved", http.StatusSeeOther)
			return nil
		}
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	v, verr := h.starEditView(r, err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "rating/star_form", v)
}
