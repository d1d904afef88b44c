package org

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

// treeDepth is how many levels below the root the tree page draws; deeper
// levels are reached by drilling down.
const treeDepth = 3

func (h *handlers) tree(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	rootID := p.OrgID
	if s := r.URL.Query().Get("root"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return web.ErrNotFound
		}
		rootID = id
	}
	t, err := h.svc.Tree(r.Context(), p, rootID, treeDepth)
	if err != nil {
		return err
	}
	anc, err := h.svc.Ancestors(r.Context(), p, t.Root.Org)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "org/tree", &web.View{Title: i18n.T("org.title"),
		Data: map[string]any{"Tree": t, "Ancestors": anc}})
}

func filterFrom(q url.Values) Filter {
	f := Filter{Q: strings.TrimSpace(q.Get("q")), Kind: Kind(q.Get("kind")), Domain: Domain(q.Get("domain")),
		IncludeDissolved: q.Get("dissolved") == "1"}
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	if !f.Kind.Valid() {
		f.Kind = ""
	}
	if !f.Domain.Valid() {
		f.Domain = ""
	}
	if u, err := strconv.ParseInt(q.Get("under"), 10, 64); err == nil {
		f.Under = u
	}
	return f
}

func (h *handlers) search(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.List(r.Context(), p, f)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "org/search", &web.View{Title: i18n.T("org.list_title"), Form: r.URL.Query(),
		Data: map[string]any{"Items": items, "Pager": web.NewPager(r, pg, total), "Kinds": Kinds, "Domains": Domains,
			"ExportQuery": r.URL.RawQuery}})
}

func (h *handlers) detail(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	o, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	t, err := h.svc.Tree(r.Context(), p, id, 1)
	if err != nil && !o.Dissolved {
		return err
	}
	anc, err := h.svc.Ancestors(r.Context(), p, o)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "org/detail", &web.View{Title: o.Name,
		Data: map[string]any{"Org": o, "Tree": t, "Ancestors": anc, "IsScopeRoot": o.Path == p.OrgPath}})
}

func inputFrom(r *http.Request) (Input, error) {
	var v fault.Fields
	in := Input{
		Name: r.PostFormValue("name"), Code: r.PostFormValue("code"), Kind: Kind(r.PostFormValue("kind")),
		Domain: Domain(r.PostFormValue("domain")), Secretary: r.PostFormValue("secretary"), FoundedOn: r.PostFormValue("founded_on"),
	}
	if s := strings.TrimSpace(r.PostFormValue("sort")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add("sort", i18n.T("org.field.sort"), i18n.T("field.number"))
		}
		in.Sort = n
	}
	return in, v.Err()
}

func (h *handlers) formView(r *http.Request, title string, o Org, parent Org) *web.View {
	form := url.Values{"name": {o.Name}, "code": {o.Code}, "kind": {string(o.Kind)}, "domain": {string(o.Domain)},
		"secretary": {o.Secretary}, "founded_on": {o.FoundedOn}, "sort": {strconv.Itoa(o.Sort)}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	return &web.View{Title: title, Form: form, Data: map[string]any{"Org": o, "Parent": parent, "Kinds": Kinds, "Domains": Domains}}
}

func (h *handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	parent, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	proto := Org{Domain: parent.Domain, Kind: KindBranch}
	if parent.Kind.IsBranch() {
		proto.Kind = KindGroup
	}
	return h.srv.Render.HTML(w, r, "org/form", h.formView(r, i18n.T("org.new_title"), proto, parent))
}

func (h *handlers) create(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	parent, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	in, err := inputFrom(r)
	if err == nil {
		in.ParentID = id
		var o Org
		if o, err = h.svc.Create(r.Context(), p, in); err == nil {
			http.Redirect(w, r, "/orgs/"+strconv.FormatInt(o.ID, 10)+"?msg=msg.org.created", http.StatusSeeOther)
			return nil
		}
	}
	v := h.formView(r, i18n.T("org.new_title"), Org{}, parent)
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "org/form", v)
}

func (h *handlers) editForm(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	o, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "org/form", h.formView(r, i18n.T("org.edit_title"), o, Org{}))
}

func (h *handlers) edit(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	o, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	in, err := inputFrom(r)
	if err == nil {
		if _, err = h.svc.Update(r.Context(), p, id, in); err == nil {
			http.Redirect(w, r, "/orgs/"+strconv.FormatInt(id, 10)+"?msg=msg.org.saved", http.StatusSeeOther)
			return nil
		}
	}
	v := h.formView(r, i18n.T("org.edit_title"), o, Org{})
	v.FormError(err)
	return h.srv.Render.HTML(w, r, "org/form", v)
}

func (h *handlers) actionView(r *http.Request, page, title string, err error) (*web.View, error) {
	p := access.From(r.Context())
	id, perr := web.PathID(r)
	if perr != nil {
		return nil, perr
	}
	o, gerr := h.svc.Get(r.Context(), p, id)
	if gerr != nil {
		return nil, gerr
	}
	v := &web.View{Title: title, Form: r.PostForm, Data: map[string]any{"Org": o}}
	if page == "move" {
		// Candidate parents: the live organizations in scope that the kind
		// may stand under, outside the moved subtree.
		var cands []Org
		for _, k := range allowedParents[o.Kind] {
			list, _, lerr := h.svc.List(r.Context(), p, Filter{Kind: k, Limit: 2000})
			if lerr != nil {
				return nil, lerr
			}
			for _, c := range list {
				if !strings.HasPrefix(c.Path, o.Path) && c.ID != o.ParentID {
					cands = append(cands, c)
				}
			}
		}
		v.Data.(map[string]any)["Candidates"] = cands
	}
	if err != nil {
		v.FormError(err)
	}
	return v, nil
}

func (h *handlers) moveForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.actionView(r, "move", i18n.T("org.move_title"), nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "org/move", v)
}

func (h *handlers) move(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	parent, perr := strconv.ParseInt(r.PostFormValue("parent_id"), 10, 64)
	if perr != nil {
		var v fault.Fields
		v.Add("parent_id", i18n.T("org.field.new_parent"), i18n.T("field.choose"))
		err = v.Err()
	} else if _, err = h.svc.Move(r.Context(), p, id, parent); err == nil {
		http.Redirect(w, r, "/orgs/"+strconv.FormatInt(id, 10)+"?msg=msg.org.moved", http.StatusSeeOther)
		return nil
	}
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	v, verr := h.actionView(r, "move", i18n.T("org.move_title"), err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "org/move", v)
}

func (h *handlers) dissolveForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.actionView(r, "dissolve", i18n.T("org.dissolve_title"), nil)
	if err != nil {
		return err
	}
	return h.srv.Render.HTML(w, r, "org/dissolve", v)
}

func (h *handlers) dissolve(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	err = h.svc.Dissolve(r.Context(), p, id, r.PostFormValue("dissolved_on"), r.PostFormValue("reason"))
	if err == nil {
		http.Redirect(w, r, "/orgs/"+strconv.FormatInt(id, 10)+"?msg=msg.org.dissolved", http.StatusSeeOther)
		return nil
	}
	if c := fault.CodeOf(err); c != fault.Invalid && c != fault.Conflict {
		return err
	}
	v, verr := h.actionView(r, "dissolve", i18n.T("org.dissolve_title"), err)
	if verr != nil {
		return verr
	}
	return h.srv.Render.HTML(w, r, "org/dissolve", v)
}
