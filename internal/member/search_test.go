package member_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"troika/internal/member"
	"troika/internal/store"
	"troika/internal/testenv"
)

// rosterNames mixes given names that share pairs of characters, one-
// and four-character names and repeats, so that searches and pinyin ties
// are exercised.
var rosterNames = []string{"金明哲", "安明哲", "明哲", "李明", "崔明哲浩", "朴哲", "明", "郑光日", "张海燕", "金明哲", "哲明", "欧阳明哲"}

func TestNameSearchFollowsCreateImportAndRename(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var ins []member.Input
		for i, n := range rosterNames {
			in := f.input(n, fmt.Sprintf("197%d0101", i%10), 100+i, i%2 == 0)
			if i%3 == 0 {
				in.OrgID = f.brA2.ID
			}
			ins = append(ins, in)
		}
		// Most arrive in one batch (as an import writes them), one alone.
		if err := f.svc.CreateMany(f.ctx, f.staff, ins[1:]); err != nil {
			t.Fatal(err)
		}
		first := f.create(t, f.pa, ins[0])
		other := f.input("金明哲", "19900101", 7, true)
		other.OrgID = f.brB1.ID
		f.create(t, f.pb, other)

		search := func(q string) []string {
			t.Helper()
			items, total, err := f.svc.List(f.ctx, f.pa, member.Filter{Q: q, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if total != len(items) {
				t.Fatalf("%q: total %d, items %d", q, total, len(items))
			}
			var out []string
			for _, m := range items {
				out = append(out, m.Name)
			}
			slices.Sort(out)
			return out
		}
		want := func(q string, names []string) []string {
			var out []string
			for _, n := range names {
				if strings.Contains(n, q) {
					out = append(out, n)
				}
			}
			slices.Sort(out)
			return out
		}
		names := slices.Clone(rosterNames)
		for _, q := range []string{"明哲", "金明哲", "明", "哲明", "欧阳明哲", "明哲浩", "阳", "哲浩x", "光日"} {
			if g, w := search(q), want(q, names); !slices.Equal(g, w) {
				t.Fatalf("search %q: got %v, want %v", q, g, w)
			}
		}
		// township B's 金明哲 stays out of A's searches
		if g := search("金明哲"); len(g) != 2 {
			t.Fatalf("A finds %d of 金明哲", len(g))
		}

		in := ins[0]
		in.Name = "金东浩"
		if _, err := f.svc.Update(f.ctx, f.pa, first.ID, in); err != nil {
			t.Fatal(err)
		}
		names[0] = "金东浩"
		for _, q := range []string{"明哲", "金明哲", "东浩", "金东", "哲浩"} {
			if g, w := search(q), want(q, names); !slices.Equal(g, w) {
				t.Fatalf("after the rename, search %q: got %v, want %v", q, g, w)
			}
		}
		// The renamed member's old pairs are gone, not merely unmatched.
		if n := count(t, db, `SELECT COUNT(*) FROM member_grams WHERE member_id = ?`, first.ID); n != 2 {
			t.Fatalf("金东浩 has %d search rows, want 2", n)
		}
	})
}

// A page of the roster is read either by walking it in pinyin order or by
// sorting the scope's range; both must give the same pages as the plain
// query, for the whole city, a township and a branch, with filters.
func TestRosterPagesAgreeWhicheverPlan(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		branches := []int64{f.brA1.ID, f.brA1.ID, f.brA1.ID, f.brA2.ID, f.brB1.ID}
		var ins []member.Input
		for i := 0; i < 150; i++ {
			in := f.input(rosterNames[i%len(rosterNames)]+string([]rune("甲乙丙丁戊")[i%5]), fmt.Sprintf("19%02d0101", 50+i%40), 200+i, i%3 != 0)
			in.OrgID = branches[i%len(branches)]
			if i%4 == 0 {
				in.Ethnicity = "汉族"
			}
			ins = append(ins, in)
		}
		if err := f.svc.CreateMany(f.ctx, f.staff, ins); err != nil {
			t.Fatal(err)
		}
		plans := map[bool]int{}
		for _, c := range []struct {
			name   string
			path   string
			filter member.Filter
			cond   string
			args   []any
		}{
			{"city", f.city.Path, member.Filter{}, "", nil},
			{"city, women", f.city.Path, member.Filter{Gender: "female"}, " AND gender = ?", []any{"female"}},
			{"city, Han", f.city.Path, member.Filter{Ethnicity: member.Han}, " AND ethnicity = ?", []any{member.Han}},
			{"township A", f.townA.Path, member.Filter{}, "", nil},
			{"branch A2", f.brA2.Path, member.Filter{}, "", nil},
		} {
			var want []int64
			rows, err := db.QueryContext(f.ctx, `SELECT id FROM members WHERE org_path LIKE ? AND status IN ('active', 'transferring')`+c.cond+
				` ORDER BY name_key, id`, append([]any{c.path + "%"}, c.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				want = append(want, id)
			}
			rows.Close()
			p := *f.staff
			p.OrgPath = c.path
			for _, size := range []int{7, 20} {
				var got []int64
				for off := 0; off <= len(want); off += size {
					fl := c.filter
					fl.Limit, fl.Offset = size, off
					items, total, err := f.svc.List(f.ctx, &p, fl)
					if err != nil {
						t.Fatal(err)
					}
					if total != len(want) {
						t.Fatalf("%s: total %d, want %d", c.name, total, len(want))
					}
					for _, m := range items {
						got = append(got, m.ID)
					}
					walk, err := member.WalksPinyin(f.ctx, db, fl, total)
					if err != nil {
						t.Fatal(err)
					}
					plans[walk]++
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s, pages of %d: got %v, want %v", c.name, size, got, want)
				}
			}
		}
		if db.Dialect() == store.SQLite && (plans[true] == 0 || plans[false] == 0) {
			t.Fatalf("pages read by walking %d times and by sorting %d times; both plans must be exercised", plans[true], plans[false])
		}
	})
}
