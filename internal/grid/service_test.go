package grid_test

import (
	"strings"
	"testing"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/grid"
	"troika/internal/indicator"
	"troika/internal/member"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestGridRules(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		g := f.grid(t, f.pa, f.commA, "ga01")
		if g.Code != "GA01" || g.OrgName != "春华社区党支部" {
			t.Fatalf("grid: %+v", g)
		}
		// The code is unique; the organization must be a community or
		// village in scope; the covering group lies under it.
		_, err := f.svc.CreateGrid(f.ctx, f.pa, grid.GridInput{OrgID: f.villA.ID, Code: "GA01", Name: "重复"})
		wantField(t, err, "code")
		_, err = f.svc.CreateGrid(f.ctx, f.pa, grid.GridInput{OrgID: f.townA.ID, Code: "X1", Name: "街道"})
		wantField(t, err, "org_id")
		_, err = f.svc.CreateGrid(f.ctx, f.pa, grid.GridInput{OrgID: f.villB.ID, Code: "X2", Name: "外镇"})
		wantField(t, err, "org_id")
		_, err = f.svc.CreateGrid(f.ctx, f.pa, grid.GridInput{OrgID: f.villA.ID, Code: "X3", Name: "错组", PartyOrgID: f.groupA.ID})
		wantField(t, err, "party_org_id")
		g2, err := f.svc.CreateGrid(f.ctx, f.pa, grid.GridInput{OrgID: f.commA.ID, Code: "GA02", Name: "二网格", PartyOrgID: f.groupA.ID})
		if err != nil || g2.PartyOrgName != "第一党小组" {
			t.Fatalf("grid with group: %+v %v", g2, err)
		}
		if _, err := f.svc.Grid(f.ctx, f.pb, g.ID); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("town B reads town A's grid: %v", err)
		}
		if _, err := f.svc.UpdateGrid(f.ctx, f.pb, g.ID, grid.GridInput{Code: "GA01", Name: "改"}); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("town B edits town A's grid: %v", err)
		}

		// A worker account of the community is assigned; an account of
		// another role or place is refused.
		w, err := f.svc.AssignWorker(f.ctx, f.pa, g.ID, grid.WorkerInput{UserID: f.worker.UserID, Phone: "13900001111", Kind: grid.WorkerFull,
			Since: "2021-01-01"})
		if err != nil || w.Name != "王网格" || w.Phone != "139****1111" {
			t.Fatalf("assign: %+v %v", w, err)
		}
		_, err = f.svc.AssignWorker(f.ctx, f.pa, g.ID, grid.WorkerInput{UserID: f.worker.UserID, Kind: grid.WorkerFull, Since: "2021-01-01"})
		wantField(t, err, "user_id")
		vg := f.grid(t, f.pa, f.villA, "GV01")
		_, err = f.svc.AssignWorker(f.ctx, f.pa, vg.ID, grid.WorkerInput{UserID: f.worker.UserID, Kind: grid.WorkerFull, Since: "2021-01-01"})
		wantField(t, err, "user_id")
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'grid.worker_assign'`); n != 1 {
			t.Fatalf("assign audited %d times", n)
		}
	})
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	e, ok := fault.As(err)
	if !ok || e.Code != fault.Invalid {
		t.Fatalf("want a field error on %s, got %v", field, err)
	}
	for _, x := range e.Fields {
		if x.Field == field {
			return
		}
	}
	t.Fatalf("want a field error on %s, got %+v", field, e.Fields)
}

func TestResidentsScopeAndWorkerFilter(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		g1 := f.grid(t, f.pa, f.commA, "GA01")
		g2 := f.grid(t, f.pa, f.commA, "GA02")
		gb := f.grid(t, f.staff, f.villB, "GB01")
		if _, err := f.svc.AssignWorker(f.ctx, f.pa, g1.ID, grid.WorkerInput{UserID: f.worker.UserID, Kind: grid.WorkerFull, Since: "2021-01-01"}); err != nil {
			t.Fatal(err)
		}
		r1 := f.resident(t, f.pa, g1, "0001", "金明哲", "19500101", 1, true)
		f.resident(t, f.pa, g1, "0001", "朴顺姬", "19520303", 2, false)
		r3 := f.resident(t, f.pa, g2, "0001", "李春梅", "19800505", 3, false)
		rb := f.resident(t, f.pb, gb, "0001", "崔光日", "19900909", 4, true)
		if r1.IDNumber != "2224**********"+member.MakeID("222401", "19500101", 1, true)[14:] || r1.Phone != "138****2345" || r1.Gender != "male" || r1.BirthDate != "1950-01-01" {
			t.Fatalf("masked resident: %+v", r1)
		}
		// Two residents in one household of g1.
		hh, err := f.svc.Household(f.ctx, f.pa, r1.HouseholdID)
		if err != nil || len(hh.Residents) != 2 {
			t.Fatalf("household: %+v %v", hh, err)
		}

		names := func(p *access.Principal, fl grid.ResidentFilter) string {
			t.Helper()
			items, total, err := f.svc.Residents(f.ctx, p, fl)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range items {
				out = append(out, r.Name)
			}
			if total != len(items) {
				t.Fatalf("total %d for %d items", total, len(items))
			}
			return strings.Join(out, ",")
		}
		if got := names(f.pa, grid.ResidentFilter{}); got != "金明哲,李春梅,朴顺姬" {
			t.Fatalf("town A sees %q", got)
		}
		if got := names(f.pb, grid.ResidentFilter{}); got != "崔光日" {
			t.Fatalf("town B sees %q", got)
		}
		// The grid worker sees only the residents of their own grid.
		if got := names(f.worker, grid.ResidentFilter{}); got != "金明哲,朴顺姬" {
			t.Fatalf("grid worker sees %q", got)
		}
		if got := names(f.worker, grid.ResidentFilter{GridID: g2.ID}); got != "" {
			t.Fatalf("grid worker filtering another grid sees %q", got)
		}
		for _, c := range []struct {
			p  *access.Principal
			id int64
		}{{f.pb, r1.ID}, {f.pa, rb.ID}, {f.worker, r3.ID}, {f.worker, rb.ID}} {
			if _, err := f.svc.Resident(f.ctx, c.p, c.id); fault.CodeOf(err) != fault.NotFound {
				t.Fatalf("resident %d read out of scope: %v", c.id, err)
			}
		}
		if _, err := f.svc.Household(f.ctx, f.worker, r3.HouseholdID); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("worker reads another grid's household: %v", err)
		}
		if _, err := f.svc.CreateResident(f.ctx, f.worker, grid.ResidentInput{GridID: g2.ID, Household: "0009", Address: "x", Name: "越界",
			IDNumber: member.MakeID("222401", "19700101", 9, true)}); err == nil {
			t.Fatal("grid worker wrote into another grid")
		}
		gs, _, err := f.svc.Grids(f.ctx, f.worker, grid.GridFilter{})
		if err != nil || len(gs) != 1 || gs[0].ID != g1.ID {
			t.Fatalf("worker's grids: %+v %v", gs, err)
		}
		// The exported helper writes the same rule for other ledgers.
		if sql, args := grid.WorkerGridFilter(f.pa, "e.grid_id"); sql != "" || args != nil {
			t.Fatalf("committee filtered: %q", sql)
		}
		if sql, args := grid.WorkerGridFilter(f.worker, "e.grid_id"); !strings.Contains(sql, "e.grid_id IN") || len(args) != 1 {
			t.Fatalf("worker filter: %q %v", sql, args)
		}

		// Search: two characters of a name, a whole ID number, a phone.
		if got := names(f.pa, grid.ResidentFilter{Q: "春梅"}); got != "李春梅" {
			t.Fatalf("name search: %q", got)
		}
		if got := names(f.pa, grid.ResidentFilter{Q: member.MakeID("222401", "19520303", 2, false)}); got != "朴顺姬" {
			t.Fatalf("ID search: %q", got)
		}
		if got := names(f.pb, grid.ResidentFilter{Q: member.MakeID("222401", "19520303", 2, false)}); got != "" {
			t.Fatalf("ID search across towns: %q", got)
		}
		if got := names(f.pa, grid.ResidentFilter{AgeBand: "60_79"}); got != "金明哲,朴顺姬" {
			t.Fatalf("age band 60–79 on 2023-03-02: %q", got)
		}

		// Every ID number once; a bad one is refused naming the field.
		_, err = f.svc.CreateResident(f.ctx, f.pb, grid.ResidentInput{GridID: gb.ID, Household: "0002", Address: "x", Name: "重复",
			IDNumber: member.MakeID("222401", "19500101", 1, true)})
		wantField(t, err, "id_number")
		bad := member.MakeID("222401", "19600101", 5, true)
		bad = bad[:17] + map[bool]string{true: "0", false: "1"}[bad[17] != '0']
		_, err = f.svc.CreateResident(f.ctx, f.pa, grid.ResidentInput{GridID: g1.ID, Household: "0003", Name: "错号", IDNumber: bad})
		wantField(t, err, "id_number")
		wantField(t, err, "address")
		if n := count(t, db, `SELECT COUNT(*) FROM households`); n != 3 {
			t.Fatalf("a refused resident left a household behind: %d", n)
		}

		// Tags: set, filtered by, kept on edit; a disabled tag cannot be given.
		tags, err := f.svc.Tags(f.ctx, f.staff, false)
		if err != nil || len(tags) != 7 || tags[0].Name != "低保" {
			t.Fatalf("seeded tags: %+v %v", tags, err)
		}
		upd, err := f.svc.UpdateResident(f.ctx, f.pa, r1.ID, grid.ResidentInput{Name: "金明哲", Relation: "户主", TagIDs: []int64{tags[2].ID}})
		if err != nil || len(upd.Tags) != 1 || upd.Tags[0].Name != "独居老人" || upd.Phone != "138****2345" {
			t.Fatalf("tag set: %+v %v", upd, err)
		}
		if got := names(f.pa, grid.ResidentFilter{TagID: tags[2].ID}); got != "金明哲" {
			t.Fatalf("tag filter: %q", got)
		}
		newTag, err := f.svc.CreateTag(f.ctx, f.staff, grid.TagInput{Name: "高龄老人", Sort: 80})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateTag(f.ctx, f.pa, grid.TagInput{Name: "街道标签"}); fault.CodeOf(err) != fault.Forbidden {
			t.Fatalf("a township added a city-wide tag: %v", err)
		}
		off := false
		if _, err := f.svc.UpdateTag(f.ctx, f.staff, newTag.ID, grid.TagInput{Sort: 80, Active: &off}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.UpdateResident(f.ctx, f.pa, r3.ID, grid.ResidentInput{Name: "李春梅", TagIDs: []int64{newTag.ID}})
		wantField(t, err, "tag_ids")

		// Leaving takes a resident off the record at the date, which the
		// figure follows.
		if err := f.svc.Leave(f.ctx, f.pa, r3.ID, grid.Moved, "2023-01-15", "迁往延吉"); err != nil {
			t.Fatal(err)
		}
		if got := names(f.pa, grid.ResidentFilter{}); got != "金明哲,朴顺姬" {
			t.Fatalf("after moving out: %q", got)
		}
		figure := func(p indicator.Period, o int64) int64 {
			t.Helper()
			s, err := indicator.ScopeOf(f.ctx, db, f.staff, o)
			if err != nil {
				t.Fatal(err)
			}
			v, err := indicator.Compute(f.ctx, db, "gov.residents", s, p)
			if err != nil {
				t.Fatal(err)
			}
			return v.N
		}
		if n := figure(indicator.Year(2022), f.city.ID); n != 4 {
			t.Fatalf("gov.residents 2022 city: %d", n)
		}
		if n := figure(indicator.Month(2023, 2), f.city.ID); n != 3 {
			t.Fatalf("gov.residents Feb 2023 city: %d", n)
		}
		if n := figure(indicator.Year(2022), f.townB.ID); n != 1 {
			t.Fatalf("gov.residents 2022 town B: %d", n)
		}
		if n := figure(indicator.Year(2019), f.city.ID); n != 0 {
			t.Fatalf("gov.residents 2019: %d", n)
		}
		ind, _ := indicator.Get("gov.residents")
		s, _ := indicator.ScopeOf(f.ctx, db, f.staff, f.townA.ID)
		recs, err := ind.Records(f.ctx, db, s, indicator.Year(2022), 10, 0)
		if err != nil || recs.Total != 3 || len(recs.Rows) != 3 || !strings.Contains(recs.Rows[0][1], "**********") {
			t.Fatalf("drill-down: %+v %v", recs, err)
		}

		// Visits: the worker's visit is filed under their assignment.
		v, err := f.svc.RecordVisit(f.ctx, f.worker, grid.VisitInput{ResidentID: r1.ID, VisitedOn: "2023-03-01", Method: "home", Notes: "身体正常"})
		if err != nil || v.WorkerName != "王网格" || v.HouseholdID != r1.HouseholdID {
			t.Fatalf("visit: %+v %v", v, err)
		}
		if _, err := f.svc.RecordVisit(f.ctx, f.worker, grid.VisitInput{HouseholdID: r3.HouseholdID, VisitedOn: "2023-03-01", Method: "home",
			Notes: "越界"}); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("worker visited another grid's household: %v", err)
		}
		_, err = f.svc.RecordVisit(f.ctx, f.worker, grid.VisitInput{HouseholdID: r1.HouseholdID, VisitedOn: "2099-01-01", Method: "x"})
		wantField(t, err, "visited_on")
		wantField(t, err, "method")
		wantField(t, err, "notes")
		vs, total, err := f.svc.Visits(f.ctx, f.pb, grid.VisitFilter{})
		if err != nil || total != 0 || len(vs) != 0 {
			t.Fatalf("town B sees visits: %d %v", total, err)
		}

		// Unmasking needs the right and is audited.
		if _, err := f.svc.Unmask(f.ctx, f.pa, r1.ID); fault.CodeOf(err) != fault.Forbidden {
			t.Fatalf("committee unmasked: %v", err)
		}
		clear, err := f.svc.Unmask(f.ctx, f.staff, r1.ID)
		if err != nil || clear.IDNumber != member.MakeID("222401", "19500101", 1, true) || clear.Phone != "13843312345" {
			t.Fatalf("unmask: %+v %v", clear, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'personal.view' AND object_type = 'resident'`); n != 1 {
			t.Fatalf("unmask audited %d times", n)
		}
	})
}

func TestServiceSites(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		st, err := f.svc.CreateSite(f.ctx, f.pa, grid.SiteInput{OrgID: f.townA.ID, Kind: grid.SiteWarm, Name: "甲街道暖心驿站",
			Address: "人民路1号", Hours: "每天 7:00–21:00", Services: "饮水热饭\n\n手机充电 ", OpenedOn: "2022-05-01"})
		if err != nil || len(st.Services) != 2 || st.Services[1] != "手机充电" {
			t.Fatalf("site: %+v %v", st, err)
		}
		_, err = f.svc.CreateSite(f.ctx, f.pa, grid.SiteInput{OrgID: f.townB.ID, Kind: "bogus", OpenedOn: "2022-05-01", ClosedOn: "2022-01-01"})
		for _, fld := range []string{"site_org_id", "kind", "site_name", "site_address", "closed_on"} {
			wantField(t, err, fld)
		}
		if _, err := f.svc.Site(f.ctx, f.pb, st.ID); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("town B reads town A's site: %v", err)
		}
		items, total, err := f.svc.Sites(f.ctx, f.staff, grid.SiteFilter{Kind: grid.SiteWarm})
		if err != nil || total != 1 || items[0].Name != "甲街道暖心驿站" {
			t.Fatalf("sites: %+v %v", items, err)
		}
	})
}
