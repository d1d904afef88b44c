package org

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/web"
)

func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := h.svc.List(r.Context(), p, f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []Org{}
	}
	web.WriteJSON(w, http.StatusOK, web.ListResult[Org]{Items: items, Total: total, Page: pg.Page, Size: pg.Size})
	return nil
}

func (h *handlers) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	o, err := h.svc.Get(r.Context(), access.From(r.Context()), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, o)
	return nil
}

func (h *handlers) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	o, err := h.svc.Create(r.Context(), access.From(r.Context()), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, o)
	return nil
}

func (h *handlers) apiUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	o, err := h.svc.Update(r.Context(), access.From(r.Context()), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, o)
	return nil
}

func (h *handlers) apiMove(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in struct {
		ParentID int64 `json:"parent_id"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	o, err := h.svc.Move(r.Context(), access.From(r.Context()), id, in.ParentID)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, o)
	return nil
}

func (h *handlers) apiDissolve(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	var in struct {
		DissolvedOn string `json:"dissolved_on"`
		Reason      string `json:"reason"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	p := access.From(r.Context())
	if err := h.svc.Dissolve(r.Context(), p, id, in.DissolvedOn, in.Reason); err != nil {
		return err
	}
	o, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, o)
	return nil
}

// apiNode is a tree node as the API answers it.
type apiNode struct {
	Org
	Subtree  int            `json:"subtree"`
	Branches int            `json:"branches"`
	Counts   map[string]int `json:"counts,omitempty"`
	Children []apiNode      `json:"children,omitempty"`
	Hidden   int            `json:"hidden_children,omitempty"`
}

func toAPINode(n *Node, labels []string) apiNode {
	a := apiNode{Org: n.Org, Subtree: n.Subtree, Branches: n.Branches, Hidden: n.Hidden}
	if len(labels) > 0 {
		a.Counts = map[string]int{}
		for i, l := range labels {
			a.Counts[l] = n.Counts[i]
		}
	}
	for _, c := range n.Children {
		a.Children = append(a.Children, toAPINode(c, labels))
	}
	return a
}

func (h *handlers) apiTree(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r)
	if err != nil {
		return err
	}
	depth := 3
	if n := atoi(r.URL.Query().Get("depth")); n >= 1 && n <= 10 {
		depth = n
	}
	t, err := h.svc.Tree(r.Context(), access.From(r.Context()), id, depth)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, toAPINode(t.Root, t.Labels))
	return nil
}

func (h *handlers) apiTally(w http.ResponseWriter, r *http.Request) error {
	t, err := h.svc.Tally(r.Context(), access.From(r.Context()))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, t)
	return nil
}
