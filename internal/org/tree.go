package org

import (
	"context"

	"troika/internal/access"
)

// Counter counts records per organization for the tree page (for example
// members per branch); the tree sums them over each subtree. Domain
// packages register theirs on the Service.
type Counter struct {
	Label string // catalog key
	Count func(ctx context.Context, rootPath string) (map[int64]int, error)
}

// Node is an organization in a drawn tree, with counts over its subtree.
type Node struct {
	Org
	Children []*Node
	Subtree  int   // organizations below it
	Branches int   // branches (党支部, 临时党支部) in its subtree, itself included
	Counts   []int // one per registered counter, summed over the subtree
	Hidden   int   // children not drawn because of the depth limit
}

// Tree is a drawn tree and the labels of its counter columns.
type Tree struct {
	Root   *Node
	Labels []string
	Size   int
}

// Tree builds the subtree under rootID (in scope) with counts, drawing at
// most depth levels below the root.
func (s *Service) Tree(ctx context.Context, p *access.Principal, rootID int64, depth int) (Tree, error) {
	orgs, err := s.Subtree(ctx, p, rootID, false)
	if err != nil {
		return Tree{}, err
	}
	if len(orgs) == 0 {
		return Tree{}, notFound()
	}
	counts := make([]map[int64]int, len(s.Counters))
	labels := make([]string, len(s.Counters))
	for i, c := range s.Counters {
		labels[i] = c.Label
		if counts[i], err = c.Count(ctx, orgs[0].Path); err != nil {
			return Tree{}, err
		}
	}
	nodes := make(map[int64]*Node, len(orgs))
	root := &Node{Org: orgs[0], Counts: make([]int, len(counts))}
	nodes[root.ID] = root
	// Path order puts every parent before its children.
	for _, o := range orgs[1:] {
		n := &Node{Org: o, Counts: make([]int, len(counts))}
		nodes[o.ID] = n
		if parent, ok := nodes[o.ParentID]; ok {
			parent.Children = append(parent.Children, n)
		}
	}
	sortChildren(root)
	var sum func(n *Node)
	sum = func(n *Node) {
		if n.Kind.IsBranch() {
			n.Branches = 1
		}
		for i := range counts {
			n.Counts[i] = counts[i][n.ID]
		}
		for _, c := range n.Children {
			sum(c)
			n.Subtree += 1 + c.Subtree
			n.Branches += c.Branches
			for i := range counts {
				n.Counts[i] += c.Counts[i]
			}
		}
	}
	sum(root)
	var prune func(n *Node, level int)
	prune = func(n *Node, level int) {
		if level >= depth && len(n.Children) > 0 {
			n.Hidden = len(n.Children)
			n.Children = nil
			return
		}
		for _, c := range n.Children {
			prune(c, level+1)
		}
	}
	prune(root, 0)
	return Tree{Root: root, Labels: labels, Size: len(orgs)}, nil
}

func sortChildren(n *Node) {
	// Stable by sort number, then by id (creation order) — the path order
	// already gives id order within one parent.
	cs := n.Children
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].Sort < cs[j-1].Sort; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
	for _, c := range cs {
		sortChildren(c)
	}
}

// Tally is a count by kind and domain, for the overview.
type Tally struct {
	Total    int  `json:"total"`
	ByKind   []KV `json:"by_kind"`
	ByDomain []KV `json:"by_domain"`
}

// KV is a labelled count.
type KV struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Tally counts the live organizations in scope by kind and by domain.
func (s *Service) Tally(ctx context.Context, p *access.Principal) (Tally, error) {
	var t Tally
	rows, err := s.DB.QueryContext(ctx, `SELECT kind, domain, COUNT(*) FROM orgs WHERE path LIKE ? AND dissolved = FALSE GROUP BY kind, domain`, p.ScopeLike())
	if err != nil {
		return t, err
	}
	defer rows.Close()
	kinds, domains := map[string]int{}, map[string]int{}
	for rows.Next() {
		var k, d string
		var n int
		if err := rows.Scan(&k, &d, &n); err != nil {
			return t, err
		}
		kinds[k] += n
		domains[d] += n
		t.Total += n
	}
	for _, k := range Kinds {
		if n := kinds[string(k)]; n > 0 {
			t.ByKind = append(t.ByKind, KV{Key: string(k), Label: k.Label(), Count: n})
		}
	}
	for _, d := range Domains {
		if n := domains[string(d)]; n > 0 {
			t.ByDomain = append(t.ByDomain, KV{Key: string(d), Label: d.Label(), Count: n})
		}
	}
	return t, rows.Err()
}
