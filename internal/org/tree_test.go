package org_test

import (
	"context"
	"testing"

	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/testenv"
)

func findNode(n *org.Node, id int64) *org.Node {
	if n.ID == id {
		return n
	}
	for _, c := range n.Children {
		if f := findNode(c, id); f != nil {
			return f
		}
	}
	return nil
}

func TestTreeCounts(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		members := map[int64]int{c.brA1.ID: 30, c.brA2.ID: 20, c.tmpA.ID: 5, c.brB1.ID: 7, c.grpA1.ID: 1}
		var gotRoot string
		c.svc.Counters = []org.Counter{{Label: "org.field.subtree", Count: func(_ context.Context, rootPath string) (map[int64]int, error) {
			gotRoot = rootPath
			return members, nil
		}}}
		tree, err := c.svc.Tree(c.ctx, c.staff, c.city.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if gotRoot != c.city.Path || tree.Size != 11 || len(tree.Labels) != 1 || tree.Labels[0] != "org.field.subtree" {
			t.Fatalf("tree size %d labels %v counter root %q", tree.Size, tree.Labels, gotRoot)
		}
		// Counted by hand from the drawing in helpers_test.go.
		for _, w := range []struct {
			o                          org.Org
			subtree, branches, members int
			children                   int
		}{
			{c.city, 10, 5, 63, 2},
			{c.townA, 6, 4, 56, 2},
			{c.genA, 3, 2, 51, 2},
			{c.brA1, 1, 1, 31, 1},
			{c.grpA1, 0, 0, 1, 0},
			{c.brA3, 1, 2, 5, 1},
			{c.tmpA, 0, 1, 5, 0},
			{c.townB, 2, 1, 7, 2},
			{c.genB, 0, 0, 0, 0},
		} {
			n := findNode(tree.Root, w.o.ID)
			if n == nil {
				t.Fatalf("%s not in the tree", w.o.Name)
			}
			if n.Subtree != w.subtree || n.Branches != w.branches || n.Counts[0] != w.members || len(n.Children) != w.children || n.Hidden != 0 {
				t.Errorf("%s: subtree %d branches %d members %d children %d hidden %d; want %d %d %d %d 0",
					w.o.Name, n.Subtree, n.Branches, n.Counts[0], len(n.Children), n.Hidden, w.subtree, w.branches, w.members, w.children)
			}
		}
		// Children are ordered by their sort number: brA2 (1) before brA1 (2).
		if g := findNode(tree.Root, c.genA.ID); g.Children[0].ID != c.brA2.ID || g.Children[1].ID != c.brA1.ID {
			t.Errorf("genA children order: %s, %s", g.Children[0].Name, g.Children[1].Name)
		}

		// Drawn one level deep, the counts still cover the whole subtree.
		tree, err = c.svc.Tree(c.ctx, c.staff, c.city.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		a := findNode(tree.Root, c.townA.ID)
		if a == nil || len(a.Children) != 0 || a.Hidden != 2 || a.Subtree != 6 || a.Counts[0] != 56 {
			t.Fatalf("townA at depth 1: %+v", a)
		}

		// Dissolved organizations drop out of the counts.
		if err := c.svc.Dissolve(c.ctx, c.staff, c.tmpA.ID, "2024-01-01", "任务完成"); err != nil {
			t.Fatal(err)
		}
		tree, err = c.svc.Tree(c.ctx, c.pa, c.townA.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if tree.Root.Subtree != 5 || tree.Root.Branches != 3 || tree.Size != 6 {
			t.Fatalf("townA after dissolving tmpA: subtree %d branches %d size %d", tree.Root.Subtree, tree.Root.Branches, tree.Size)
		}
	})
}

func TestTally(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		tally, err := c.svc.Tally(c.ctx, c.staff)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, kv := range tally.ByKind {
			kinds[kv.Key] = kv.Count
			if kv.Label != org.Kind(kv.Key).Label() {
				t.Errorf("label of %s is %s", kv.Key, kv.Label)
			}
		}
		domains := map[string]int{}
		for _, kv := range tally.ByDomain {
			domains[kv.Key] = kv.Count
		}
		want := map[string]int{"committee": 3, "general": 2, "branch": 4, "temp": 1, "group": 1}
		if tally.Total != 11 || len(kinds) != len(want) {
			t.Fatalf("tally %+v", tally)
		}
		for k, n := range want {
			if kinds[k] != n {
				t.Errorf("kind %s: %d, want %d", k, kinds[k], n)
			}
		}
		if domains["mixed"] != 3 || domains["community"] != 5 || domains["rural"] != 3 {
			t.Errorf("domains %v", domains)
		}
		// Display order follows org.Kinds.
		if tally.ByKind[0].Key != "committee" || tally.ByKind[len(tally.ByKind)-1].Key != "group" {
			t.Errorf("kind order %+v", tally.ByKind)
		}
	})
}
