package bt

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/web"
)

func (h *handlers) checklists(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.svc.Checklists(r.Context())
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "bt/checklists", &web.View{Title: i18n.T("bt.checklists_title"), Data: map[string]any{"Items": cs}})
}

func (h *handlers) checklist(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	c, err := h.svc.Checklist(r.Context(), id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "bt/checklist", &web.View{Title: c.Name, Data: map[string]any{"C": c}})
}

// checklistFrom reads the checklist form; items come as parallel
// item_category / item_title / item_weight / item_evidence fields.
func checklistFrom(r *http.Request) (ChecklistInput, error) {
	var v fault.Fields
	in := ChecklistInput{Name: r.PostFormValue("name"), EffectiveFrom: r.PostFormValue("effective_from"), Note: r.PostFormValue("note")}
	num := func(field, label string, dst *int) {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(field)))
		if err != nil {
			v.Add(field, label, i18n.T("field.number"))
		}
		*dst = n
	}
	num("version", i18n.T("bt.field.version"), &in.Version)
	num("green_min", i18n.T("bt.field.green_min"), &in.GreenMin)
	num("yellow_min", i18n.T("bt.field.yellow_min"), &in.YellowMin)
	cats, titles, weights, evs := r.PostForm["item_category"], r.PostForm["item_title"], r.PostForm["item_weight"], r.PostForm["item_evidence"]
	at := func(l []string, i int) string {
		if i < len(l) {
			return l[i]
		}
		return ""
	}
	for i := range titles {
		it := Item{Category: at(cats, i), Title: titles[i], Evidence: at(evs, i)}
		if w := strings.TrimSpace(at(weights, i)); w != "" {
			n, err := strconv.Atoi(w)
			if err != nil {
				v.AddRow(i+1, "items", i18n.T("bt.field.item"), i18n.T("field.number"))
			}
			it.Weight = n
		}
		in.Items = append(in.Items, it)
	}
	if err := v.Err(); err != nil {
		// Report the form's own problems together with the service's.
		sv := validateChecklist(&in)
		all := append(v.List(), sv.List()...)
		return in, &fault.Error{Code: fault.Invalid, Message: i18n.T("fault.invalid"), Fields: all}
	}
	return in, nil
}

func (h *handlers) checklistFormView(r *http.Request, title string, c Checklist) *web.View {
	form := url.Values{"name": {c.Name}, "effective_from": {c.EffectiveFrom}, "note": {c.Note}}
	if c.ID > 0 {
		form.Set("version", strconv.Itoa(c.Version))
		form.Set("green_min", strconv.Itoa(c.GreenMin))
		form.Set("yellow_min", strconv.Itoa(c.YellowMin))
	}
	for _, it := range c.Items {
		form.Add("item_category", it.Category)
		form.Add("item_title", it.Title)
		form.Add("item_weight", strconv.Itoa(it.Weight))
		form.Add("item_evidence", it.Evidence)
	}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	type line struct{ Category, Title, Weight, Evidence string }
	n := max(len(form["item_title"])+4, 12)
	lines := make([]line, n)
	for i := range lines {
		get := func(k string) string {
			if l := form[k]; i < len(l) {
				return l[i]
			}
			return ""
		}
		lines[i] = line{get("item_category"), get("item_title"), get("item_weight"), get("item_evidence")}
	}
	return &web.View{Title: title, Form: form, Data: map[string]any{"C": c, "Lines": lines}}
}

func (h *handlers) checklistNew(w http.ResponseWriter, r *http.Request) error {
	// A new version starts from the latest one.
	cs, err := h.svc.Checklists(r.Context())
	if err != nil {
		return err
	}
	base := Checklist{GreenMin: 90, YellowMin: 75, Version: 1, EffectiveFrom: h.svc.currentMonth()}
	if len(cs) > 0 {
		latest, err := h.svc.Checklist(r.Context(), cs[0].ID)
		if err != nil {
			return err
		}
		base = latest
		base.ID, base.Version, base.EffectiveFrom = 0, latest.Version+1, nextMonth(h.svc.currentMonth())
	}
	v := h.checklistFormView(r, i18n.T("bt.checklist_new"), base)
	v.Form.Set("version", strconv.Itoa(base.Version))
	v.Form.Set("green_min", strconv.Itoa(base.GreenMin))
	v.Form.Set("yellow_min", strconv.Itoa(base.YellowMin))
	return h.srv.Render.HTML(w, r, "bt/checklist_form", v)
}

func (h *handlers) checklistCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := checklistFrom(r)
	if err == nil {
		var c Checklist
		if c, err = h.svc.CreateChecklist(r.Context(), access.From(r.Context()), in); err == nil {
			http.Redirect(w, r, "/bt/checklists/"+strconv.FormatInt(c.ID, 10)+"?msg=msg.bt.checklist_saved", http.StatusSeeOther)
			return nil
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	v := h.checklistFormView(r, i18n.T("bt.checklist_new"), Checklist{})
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "bt/checklist_form", v)
}

func (h *handlers) checklistEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	c, err := h.svc.Checklist(r.Context(), id)
	if err != nil {
		return err
	}
	v := h.checklistFormView(r, i18n.T("bt.checklist_edit"), c)
	if c.InUse {
		v.FormError(fault.New(fault.Conflict, "%s", i18n.T("bt.checklist_in_use")))
		v.Status = http.StatusOK
	}
	return h.srv.Render.HTML(w, r, "bt/checklist_form", v)
}

func (h *handlers) checklistUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	c, err := h.svc.Checklist(r.Context(), id)
	if err != nil {
		return err
	}
	in, err := checklistFrom(r)
	if err == nil {
		if _, err = h.svc.UpdateChecklist(r.Context(), access.From(r.Context()), id, in); err == nil {
			http.Redirect(w, r, "/bt/checklists/"+strconv.FormatInt(id, 10)+"?msg=msg.bt.checklist_saved", http.StatusSeeOther)
			return nil
		}
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	v := h.checklistFormView(r, i18n.T("bt.checklist_edit"), c)
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "bt/checklist_form", v)
}

func (h *handlers) groups(w http.ResponseWriter, r *http.Request) error {
	gs, err := h.svc.Groups(r.Context(), access.From(r.Context()))
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "bt/groups", &web.View{Title: i18n.T("bt.groups_title"), Data: map[string]any{"Items": gs}})
}

func (h *handlers) group(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	g, err := h.svc.Group(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "bt/group", &web.View{Title: g.Name, Data: map[string]any{"G": g}})
}

func idsOf(vals []string) []int64 {
	var out []int64
	for _, s := range vals {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func groupFrom(r *http.Request) GroupInput {
	return GroupInput{Name: r.PostFormValue("name"), Leader: r.PostFormValue("leader"), SetUpOn: r.PostFormValue("set_up_on"), Note: r.PostFormValue("note"),
		MemberIDs: idsOf(r.PostForm["member_ids"]), BranchIDs: idsOf(r.PostForm["branch_ids"])}
}

// option is a checkbox of the group form.
type option struct {
	Candidate
	Checked bool
}

type optionGroup struct {
	Parent string
	Items  []option
}

func (h *handlers) groupFormView(r *http.Request, title string, g Group) (*web.View, error) {
	users, branches, err := h.svc.GroupCandidates(r.Context(), access.From(r.Context()))
	if err != nil {
		return nil, err
	}
	form := url.Values{"name": {g.Name}, "leader": {g.Leader}, "set_up_on": {g.SetUpOn}, "note": {g.Note}}
	if g.ID == 0 {
		form.Set("set_up_on", h.svc.today())
	}
	for _, u := range g.Members {
		form.Add("member_ids", strconv.FormatInt(u.ID, 10))
	}
	for _, b := range g.Branches {
		form.Add("branch_ids", strconv.FormatInt(b.ID, 10))
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
	group := func(cs []Candidate, key string) []optionGroup {
		var out []optionGroup
		for _, c := range cs {
			if len(out) == 0 || out[len(out)-1].Parent != c.Parent {
				out = append(out, optionGroup{Parent: c.Parent})
			}
			out[len(out)-1].Items = append(out[len(out)-1].Items, option{Candidate: c, Checked: has(key, c.ID)})
		}
		return out
	}
	return &web.View{Title: title, Form: form, Data: map[string]any{"G": g, "Users": group(users, "member_ids"), "Branches": group(branches, "branch_ids")}}, nil
}

func (h *handlers) groupNew(w http.ResponseWriter, r *http.Request) error {
	v, err := h.groupFormView(r, i18n.T("bt.group_new"), Group{})
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "bt/group_form", v)
}

func (h *handlers) groupCreate(w http.ResponseWriter, r *http.Request) error {
	g, err := h.svc.CreateGroup(r.Context(), access.From(r.Context()), groupFrom(r))
	if err == nil {
		http.Redirect(w, r, "/bt/groups/"+strconv.FormatInt(g.ID, 10)+"?msg=msg.bt.group_saved", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	v, verr := h.groupFormView(r, i18n.T("bt.group_new"), Group{})
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "bt/group_form", v)
}

func (h *handlers) groupEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	g, err := h.svc.Group(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	v, err := h.groupFormView(r, i18n.T("bt.group_edit"), g)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "bt/group_form", v)
}

func (h *handlers) groupUpdate(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	g, err := h.svc.Group(r.Context(), p, id)
	if err != nil {
		return err
	}
	if _, err = h.svc.UpdateGroup(r.Context(), p, id, groupFrom(r)); err == nil {
		http.Redirect(w, r, "/bt/groups/"+strconv.FormatInt(id, 10)+"?msg=msg.bt.group_saved", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	v, verr := h.groupFormView(r, i18n.T("bt.group_edit"), g)
	if verr != nil {
		return verr
	}
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "bt/group_form", v)
}
