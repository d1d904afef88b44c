package talent_test

import (
	"testing"

	"troika/internal/indicator"
	"troika/internal/store"
	"troika/internal/talent"
	"troika/internal/testenv"
)

// The figures of rows 36–44 against counts made by hand, for several
// periods and subtrees; an empty ledger has no data, which is not a zero.
func TestFigures(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		y21, y22, q2 := indicator.Year(2021), indicator.Year(2022), indicator.Quarter(2022, 2)
		for _, k := range talent.Keys {
			if v := c.figure(t, k, c.root, y22); !v.NoData || v.N != 0 {
				t.Errorf("%s on an empty ledger: %+v", k, v)
			}
		}
		// Row 36: positions of 2022 in three categories (one in 2021).
		for _, o := range []struct {
			org      int64
			cat, on  string
			position string
		}{{c.brA.ID, "agronomy", "2022-03-01", "农技员"}, {c.brA.ID, "agronomy", "2022-04-01", "植保员"}, {c.brB.ID, "animal", "2022-05-01", "兽医"},
			{c.townB.ID, "food", "2022-12-31", "质检员"}, {c.brA.ID, "it", "2021-12-31", "电商运营"}} {
			c.add(t, c.staff, talent.Orders, o.org, "plan_year", o.on[:4], "category", o.cat, "position", o.position, "employer", "合作社", "places", "2", "collected_on", o.on)
		}
		// Talents: a, b in town A (b a returnee), x in town B (returnee).
		a := c.add(t, c.staff, talent.Talents, c.brA.ID, "name", "金明哲", "specialty", "agronomy", "origin", "local")
		b := c.add(t, c.staff, talent.Talents, c.brA.ID, "name", "朴顺姬", "specialty", "tourism", "origin", "local", "returnee", "1")
		x := c.add(t, c.staff, talent.Talents, c.brB.ID, "name", "崔英爱", "specialty", "food", "origin", "outside", "returnee", "1")
		// Row 37: rent paid in 2022: 1200 + 800.50 (town A) + 3000 (town B); one
		// paid in 2023, one approved but unpaid, one living subsidy.
		subsidy := func(who talent.Record, kind, amount, applied, paid string, pay bool) {
			t.Helper()
			s := c.add(t, c.staff, talent.Subsidies, 0, "talent_id", id(who), "kind", kind, "amount", amount, "applied_on", applied)
			if _, err := c.svc.DecideSubsidy(c.ctx, c.staff, s.ID, talent.StepApprove, talent.SubsidyStep{On: applied}); err != nil {
				t.Fatal(err)
			}
			if pay {
				if _, err := c.svc.DecideSubsidy(c.ctx, c.staff, s.ID, talent.StepPay, talent.SubsidyStep{On: paid}); err != nil {
					t.Fatal(err)
				}
			}
		}
		subsidy(a, "rent", "1200", "2022-01-10", "2022-01-20", true)
		subsidy(b, "rent", "800.50", "2022-06-01", "2022-06-15", true)
		subsidy(x, "rent", "3000", "2022-11-01", "2022-12-31", true)
		subsidy(a, "rent", "1200", "2022-12-20", "2023-01-05", true)
		subsidy(b, "rent", "999", "2022-12-20", "", false)
		subsidy(x, "living", "5000", "2022-03-01", "2022-03-10", true)
		// Row 38: an online reading group of town A with a (joined 2022-02),
		// b (joined and left in 2022), x (joined 2023); an offline one.
		g := c.add(t, c.staff, talent.Groups, c.townA.ID, "name", "人才读书群", "kind", "reading", "online", "1", "founded_on", "2022-01-05")
		off := c.add(t, c.staff, talent.Groups, c.townA.ID, "name", "读书会", "kind", "reading", "online", "0", "founded_on", "2022-01-05")
		c.add(t, c.staff, talent.Members, 0, "group_id", id(g), "talent_id", id(a), "joined_on", "2022-02-01")
		c.add(t, c.staff, talent.Members, 0, "group_id", id(g), "talent_id", id(b), "joined_on", "2022-02-01", "left_on", "2022-10-01")
		c.add(t, c.staff, talent.Members, 0, "group_id", id(g), "talent_id", id(x), "joined_on", "2023-01-03")
		c.add(t, c.staff, talent.Members, 0, "group_id", id(off), "talent_id", id(b), "joined_on", "2022-02-01")
		// Row 39: plays of broadcasts and videos of 2022 (not offline).
		for _, cs := range []struct {
			org             int64
			kind, on, plays string
		}{
			{c.root.ID, "broadcast", "2022-04-01", "1200"}, {c.brA.ID, "video", "2022-05-01", "345"}, {c.brB.ID, "broadcast", "2022-04-10", "800"},
			{c.root.ID, "offline", "2022-04-01", "9999"}, {c.root.ID, "broadcast", "2021-04-01", "50"}} {
			c.add(t, c.staff, talent.Courses, cs.org, "title", "直播课", "kind", cs.kind, "held_on", cs.on, "plays", cs.plays)
		}
		// Row 40–41: stations existing at the end of the period; cases solved.
		s1 := c.add(t, c.staff, talent.Stations, c.brA.ID, "name", "明东村服务站", "site_kind", "village", "founded_on", "2021-05-01")
		c.add(t, c.staff, talent.Stations, c.townA.ID, "name", "东风镇服务站", "site_kind", "township", "founded_on", "2022-06-01", "closed_on", "2022-11-30")
		s3 := c.add(t, c.staff, talent.Stations, c.brB.ID, "name", "景区服务站", "site_kind", "scenic", "founded_on", "2022-12-31")
		c.add(t, c.staff, talent.Cases, 0, "station_id", id(s1), "returnee", "许正日", "raised_on", "2022-03-01", "problem", "贷款", "solved_on", "2022-04-01")
		c.add(t, c.staff, talent.Cases, 0, "station_id", id(s1), "returnee", "许正日", "raised_on", "2022-03-01", "problem", "用地", "solved_on", "2023-01-10")
		c.add(t, c.staff, talent.Cases, 0, "station_id", id(s1), "returnee", "韩美玉", "raised_on", "2022-03-01", "problem", "销路")
		c.add(t, c.staff, talent.Cases, 0, "station_id", id(s3), "returnee", "文学", "raised_on", "2022-12-31", "problem", "证照", "solved_on", "2022-12-31")
		// Row 42: leads collected.
		for _, l := range []struct {
			org int64
			on  string
		}{{c.brA.ID, "2022-01-01"}, {c.brA.ID, "2022-06-30"}, {c.brB.ID, "2022-07-01"}, {c.brB.ID, "2021-12-31"}} {
			c.add(t, c.staff, talent.Leads, l.org, "name", "域外人才", "specialty", "it", "location", "北京市", "collected_on", l.on)
		}
		// Row 43: a in the pool since 2021 and still; b entered 2022-03 and
		// left 2022-09; x entered twice in 2022 (counted once).
		c.add(t, c.staff, talent.Pool, 0, "talent_id", id(a), "entered_on", "2021-05-01")
		c.add(t, c.staff, talent.Pool, 0, "talent_id", id(b), "entered_on", "2022-03-01", "left_on", "2022-09-01")
		c.add(t, c.staff, talent.Pool, 0, "talent_id", id(x), "entered_on", "2022-02-01", "left_on", "2022-04-01")
		c.add(t, c.staff, talent.Pool, 0, "talent_id", id(x), "entered_on", "2022-05-01")
		// Row 44: b featured twice in 2022, x once, a (not a returnee) once.
		for _, f := range []struct {
			who talent.Record
			on  string
		}{{b, "2022-03-01"}, {b, "2022-08-01"}, {x, "2022-10-01"}, {a, "2022-10-01"}, {x, "2021-10-01"}} {
			c.add(t, c.staff, talent.Features, 0, "talent_id", id(f.who), "published_on", f.on, "title", "返乡创业故事")
		}

		for _, tc := range []struct {
			key   string
			scope string
			p     indicator.Period
			want  int64
		}{
			{talent.KeyOrderCategories, "root", y22, 3}, {talent.KeyOrderPositions, "root", y22, 4}, {talent.KeyOrderPositions, "townA", y22, 2},
			{talent.KeyOrderCategories, "townA", y22, 1}, {talent.KeyOrderPositions, "root", y21, 1},
			{talent.KeyRent, "root", y22, 500050}, {talent.KeyRent, "townA", y22, 200050}, {talent.KeyRent, "townB", q2, 0},
			{talent.KeyReading, "root", y22, 1}, {talent.KeyReading, "root", q2, 2}, {talent.KeyReading, "root", indicator.Year(2023), 2},
			{talent.KeyPlays, "root", y22, 2345}, {talent.KeyPlays, "townA", y22, 345}, {talent.KeyPlays, "root", y21, 50},
			{talent.KeyStations, "root", y22, 2}, {talent.KeyStations, "root", q2, 2}, {talent.KeyStations, "root", indicator.Month(2022, 5), 1}, {talent.KeyStations, "root", indicator.Quarter(2022, 3), 2},
			{talent.KeyStations, "townB", y21, 0},
			{talent.KeySolved, "root", y22, 2}, {talent.KeySolved, "townA", y22, 1}, {talent.KeySolved, "root", indicator.Year(2023), 1},
			{talent.KeyLeads, "root", y22, 3}, {talent.KeyLeads, "townB", y22, 1}, {talent.KeyLeads, "root", y21, 1},
			{talent.KeyReservePool, "root", y22, 2}, {talent.KeyReservePool, "root", q2, 3}, {talent.KeyReservePool, "townA", y22, 1},
			{talent.KeyReservePool, "root", y21, 1},
			{talent.KeyFeatured, "root", y22, 2}, {talent.KeyFeatured, "townA", y22, 1}, {talent.KeyFeatured, "root", y21, 1},
		} {
			o := map[string]struct {
				id   int64
				path string
			}{"root": {c.root.ID, c.root.Path}, "townA": {c.townA.ID, c.townA.Path}, "townB": {c.townB.ID, c.townB.Path}}[tc.scope]
			got, err := indicator.Compute(c.ctx, db, tc.key, indicator.Scope{OrgID: o.id, Path: o.path}, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if got.N != tc.want || got.NoData {
				t.Errorf("%s %s %s = %+v, want %d", tc.key, tc.scope, tc.p.Spec, got, tc.want)
			}
			ind, _ := indicator.Get(tc.key)
			recs, err := ind.Records(c.ctx, db, indicator.Scope{OrgID: o.id, Path: o.path}, tc.p, 100, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs.Rows) != recs.Total || len(recs.Links) != recs.Total || recs.Total == 0 && got.N != 0 {
				t.Errorf("%s %s %s records: %d rows, total %d", tc.key, tc.scope, tc.p.Spec, len(recs.Rows), recs.Total)
			}
		}
		// Row 37 renders as the seed does: 5000.50 元 = 0.5 万元.
		if v := c.figure(t, talent.KeyRent, c.root, y22); v.Kind != indicator.Money || indicator.Wan(v.N) != "0.5" {
			t.Errorf("rent as 万元: %+v %s", v, indicator.Wan(v.N))
		}
		// Drill-downs of people list each talent once.
		ind, _ := indicator.Get(talent.KeyReservePool)
		recs, _ := ind.Records(c.ctx, db, indicator.Scope{OrgID: c.root.ID, Path: c.root.Path}, q2, 100, 0)
		if recs.Total != 3 || recs.Links[0][:16] != "/talent/talents/" {
			t.Errorf("pool drill-down: %+v", recs)
		}
	})
}
