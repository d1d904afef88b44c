package org_test

import (
	"testing"

	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestListSearch(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		for _, s := range []struct {
			name string
			f    org.Filter
			want string
		}{
			{"two characters", org.Filter{Q: "东风"}, "东风市委,东风镇党委,东风社区党总支,东风社区第一党支部,东风社区第二党支部,东风村党支部,东风村临时党支部"},
			{"two characters, other town", org.Filter{Q: "西岭"}, "西岭镇党委,西岭村党支部,西岭社区党总支"},
			{"inner two characters", org.Filter{Q: "社区"}, "东风社区党总支,东风社区第一党支部,东风社区第二党支部,西岭社区党总支"},
			{"one character", org.Filter{Q: "村"}, "东风村党支部,东风村临时党支部,西岭村党支部"},
			{"three characters", org.Filter{Q: "党小组"}, "第一党小组"},
			{"code prefix", org.Filter{Q: "TA01"}, "东风社区党总支,东风社区第一党支部,第一党小组,东风社区第二党支部"},
			{"code is a prefix match", org.Filter{Q: "A01"}, ""},
			{"wildcards are dropped", org.Filter{Q: "东_风%"}, "东风市委,东风镇党委,东风社区党总支,东风社区第一党支部,东风社区第二党支部,东风村党支部,东风村临时党支部"},
			{"kind", org.Filter{Kind: org.KindGeneral}, "东风社区党总支,西岭社区党总支"},
			{"domain", org.Filter{Domain: org.DomainRural}, "东风村党支部,东风村临时党支部,西岭村党支部"},
			{"under", org.Filter{Under: c.brA3.ID}, "东风村党支部,东风村临时党支部"},
			{"under and query", org.Filter{Under: c.townB.ID, Q: "社区"}, "西岭社区党总支"},
			{"no match", org.Filter{Q: "南山"}, ""},
		} {
			list, total, err := c.svc.List(c.ctx, c.staff, s.f)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if got := names(list); !sameSet(got, s.want) || total != len(list) {
				t.Errorf("%s: got %q (total %d), want %q", s.name, got, total, s.want)
			}
		}

		// Paging walks the tree in path order, each row once.
		seen := map[int64]bool{}
		prev := ""
		for off := 0; off < 11; off += 4 {
			page, total, err := c.svc.List(c.ctx, c.staff, org.Filter{Limit: 4, Offset: off})
			if err != nil || total != 11 {
				t.Fatalf("page at %d: total %d, %v", off, total, err)
			}
			for _, o := range page {
				if seen[o.ID] || o.Path < prev {
					t.Fatalf("paging repeats or disorders %s", o.Name)
				}
				seen[o.ID] = true
				prev = o.Path
			}
		}
		if len(seen) != 11 {
			t.Fatalf("paging saw %d organizations, want 11", len(seen))
		}
	})
}

func sameSet(got, want string) bool {
	split := func(s string) map[string]int {
		m := map[string]int{}
		if s == "" {
			return m
		}
		start := 0
		for i := 0; i <= len(s); i++ {
			if i == len(s) || s[i] == ',' {
				m[s[start:i]]++
				start = i + 1
			}
		}
		return m
	}
	g, w := split(got), split(want)
	if len(g) != len(w) {
		return false
	}
	for k, n := range w {
		if g[k] != n {
			return false
		}
	}
	return true
}
