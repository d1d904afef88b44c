package cadre

import (
	"net/http"
	"net/url"
	"strconv"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
	"troika/internal/xlsx"
)

func reportFilterFrom(q url.Values) ReportFilter {
	f := ReportFilter{Q: q.Get("q"), Status: q.Get("status"), Channel: q.Get("channel"), Overdue: q.Get("overdue") == "1"}
	if r := []rune(f.Q); len(r) > 30 {
		f.Q = string(r[:30])
	}
	return f
}

func reportChoices() map[string]any {
	var ch, cat, st []option
	for _, c := range Channels {
		ch = append(ch, option{c, i18n.T("cadre.report.channel." + c)})
	}
	for _, c := range ReportCategories {
		cat = append(cat, option{c, i18n.T("cadre.report.category." + c)})
	}
	for _, c := range ReportStatuses {
		st = append(st, option{c, i18n.T("cadre.report.status." + c)})
	}
	return map[string]any{"Channels": ch, "Categories": cat, "Statuses": st}
}

func (h *handlers) reportsPage(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := reportFilterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Reports(r.Context(), p, f)
	if err != nil {
		return err
	}
	_, overdue, err := h.svc.Reports(r.Context(), p, ReportFilter{Overdue: true, Limit: 1})
	if err != nil {
		return err
	}
	onDuty, err := h.svc.onDuty(r.Context(), p)
	if err != nil {
		return err
	}
	d := reportChoices()
	d["Items"], d["Pager"], d["Overdue"], d["Query"], d["Duty"] = items, web.NewPager(r, pg, total), overdue, r.URL.RawQuery, onDuty
	return h.srv.Render.HTML(w, r, "cadre/reports", &web.View{Title: i18n.T("cadre.reports_title"), Form: r.URL.Query(), Data: d})
}

func (h *handlers) apiReports(w http.ResponseWriter, r *http.Request) error {
	pg := web.PagingFrom(r)
	f := reportFilterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.Reports(r.Context(), access.From(r.Context()), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[Report]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

// exportReports streams the filtered cases without any reporter field;
// audited.
func (h *handlers) exportReports(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := reportFilterFrom(r.URL.Query())
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "sup_report",
		Detail: map[string]any{"q": f.Q, "status": f.Status, "channel": f.Channel, "overdue": f.Overdue}}); err != nil {
		return err
	}
	lbl := func(k string) string { return i18n.T("cadre.report.f." + k) }
	where, args := f.where(p, h.svc.today())
	sheet := xlsx.Sheet{Name: i18n.T("cadre.reports_title"),
		Headers: []string{lbl("code"), lbl("received_at"), lbl("channel"), lbl("subject_name"), lbl("subject_unit"), lbl("category"),
			lbl("content"), lbl("status"), lbl("assignee"), lbl("due_on"), lbl("conclusion"), lbl("reply"), lbl("overdue")},
		Widths: []float64{16, 18, 8, 10, 20, 12, 40, 10, 12, 12, 30, 30, 8},
		Rows: func(emit func(cells ...any) error) error {
			return h.svc.eachReport(r.Context(), `SELECT `+reportCols+` FROM sup_reports x JOIN orgs o ON o.id = x.org_id`+where+
				` ORDER BY x.received_at DESC, x.id DESC`, args, func(x Report) error {
				overdue := ""
				if x.Overdue {
					overdue = i18n.T("common.yes")
				}
				return emit(x.Code, x.ReceivedAt.In(access.Shanghai).Format("2006-01-02 15:04"), x.ChannelLabel(), x.SubjectName,
					x.SubjectUnit, x.CategoryLabel(), x.Content, x.StatusLabel(), x.Assignee, x.DueOn, x.Conclusion, x.Reply, overdue)
			})
		}}
	return xlsx.Serve(w, i18n.T("cadre.reports_title"), sheet)
}

func (h *handlers) reportView(r *http.Request, id int64, who *Reporter) (*web.View, error) {
	p := access.From(r.Context())
	rep, err := h.svc.GetReport(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	evs, err := h.svc.ReportEvents(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	return &web.View{Title: i18n.T("cadre.report_title", rep.Code), Form: url.Values{"due_on": {rep.DueOn}},
		Data: map[string]any{"R": rep, "Events": evs, "Who": who}}, nil
}

func (h *handlers) reportPage(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	v, err := h.reportView(r, id, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "cadre/report", v)
}

func (h *handlers) apiReport(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	rep, err := h.svc.GetReport(r.Context(), p, id)
	if err != nil {
		return err
	}
	evs, err := h.svc.ReportEvents(r.Context(), p, id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"report": rep, "events": evs})
	return nil
}

// reporterPage shows the case with the sealed reporter opened: a POST, so
// that no link or prefetch triggers the audited view.
func (h *handlers) reporterPage(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	who, err := h.svc.RevealReporter(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	v, err := h.reportView(r, id, &who)
	if err != nil {
		return err
	}
	v.Flash = i18n.T("cadre.report.revealed")
	return h.srv.Render.HTML(w, r, "cadre/report", v)
}

func (h *handlers) apiReporter(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	who, err := h.svc.RevealReporter(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, who)
	return nil
}

func (h *handlers) stepPost(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	in := StepInput{Assignee: r.PostFormValue("assignee"), DueOn: r.PostFormValue("due_on"),
		Conclusion: r.PostFormValue("conclusion"), Reply: r.PostFormValue("reply")}
	if _, err := h.svc.Step(r.Context(), access.From(r.Context()), id, r.PathValue("step"), in); err != nil {
		if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
			return err
		}
		v, verr := h.reportView(r, id, nil)
		if verr != nil {
			return verr
		}
		v.Form = r.PostForm
		v.FormError(err)
		return h.srv.Render.HTML(w, r, "cadre/report", v)
	}
	http.Redirect(w, r, "/supervision/reports/"+strconv.FormatInt(id, 10)+"?msg=msg.cadre.saved", http.StatusSeeOther)
	return nil
}

func (h *handlers) apiStep(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	var in StepInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	rep, err := h.svc.Step(r.Context(), access.From(r.Context()), id, r.PathValue("step"), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, rep)
	return nil
}

func reportInputFrom(r *http.Request) ReportInput {
	f := r.PostFormValue
	in := ReportInput{Channel: f("channel"), SubjectName: f("subject_name"), SubjectUnit: f("subject_unit"), Category: f("category"),
		Content: f("content"), ReporterName: f("reporter_name"), ReporterPhone: f("reporter_phone"), ReporterID: f("reporter_id_number")}
	in.OrgID, _ = strconv.ParseInt(f("org_id"), 10, 64)
	return in
}

func (h *handlers) intakeView(r *http.Request, err error) (*web.View, error) {
	orgs, oerr := h.orgOptions(r.Context(), access.From(r.Context()))
	if oerr != nil {
		return nil, oerr
	}
	d := reportChoices()
	d["Orgs"] = orgs
	form := url.Values{"channel": {"phone"}}
	if r.Method == http.MethodPost {
		form = r.PostForm
		// What identifies the reporter is never sent back into a page.
		form.Del("reporter_name")
		form.Del("reporter_phone")
		form.Del("reporter_id_number")
	}
	v := &web.View{Title: i18n.T("cadre.intake_title"), Form: form, Data: d}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func (h *handlers) intakeForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.intakeView(r, nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "cadre/intake", v)
}

func (h *handlers) intakePost(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.svc.Intake(r.Context(), access.From(r.Context()), reportInputFrom(r))
	if err != nil {
		if fault.CodeOf(err) != fault.Invalid {
			return err
		}
		v, verr := h.intakeView(r, err)
		if verr != nil {
			return verr
		}
		return h.srv.Render.HTML(w, r, "cadre/intake", v)
	}
	http.Redirect(w, r, "/supervision/reports/"+strconv.FormatInt(rep.ID, 10)+"?msg=msg.cadre.report_taken", http.StatusSeeOther)
	return nil
}

func (h *handlers) apiIntake(w http.ResponseWriter, r *http.Request) error {
	var in ReportInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	rep, err := h.svc.Intake(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, rep)
	return nil
}
