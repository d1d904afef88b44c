package coop_test

import (
	"context"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/coop"
	"troika/internal/fault"
	"troika/internal/indicator"
	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/testenv"
)

// city: root → townA (villages vA1, vA2, vA3, community cA) and townB
// (village vB).
type city struct {
	svc                   *coop.Service
	ctx                   context.Context
	staff, pa, pb         *access.Principal
	root, townA, townB    org.Org
	vA1, vA2, vA3, cA, vB org.Org
}

func newCity(t *testing.T, db *store.DB) *city {
	t.Helper()
	c := &city{ctx: audit.WithActor(context.Background(), audit.Actor{Name: "test"})}
	orgs := org.NewService(db)
	c.svc = coop.NewService(db)
	c.svc.Now = func() time.Time { return time.Date(2023, 6, 1, 2, 0, 0, 0, time.UTC) }
	var err error
	if c.root, err = orgs.CreateRoot(c.ctx, org.Input{Name: "东风市委", Code: "CITY", Kind: org.KindCommittee, Domain: org.DomainMixed}); err != nil {
		t.Fatal(err)
	}
	c.staff = principal(c.root, access.RoleStaff)
	mk := func(parent org.Org, name, code string, k org.Kind, d org.Domain) org.Org {
		t.Helper()
		o, err := orgs.Create(c.ctx, c.staff, org.Input{ParentID: parent.ID, Name: name, Code: code, Kind: k, Domain: d, FoundedOn: "2001-07-01"})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	c.townA = mk(c.root, "中共东风镇委员会", "TA", org.KindCommittee, org.DomainMixed)
	c.townB = mk(c.root, "中共西岭镇委员会", "TB", org.KindCommittee, org.DomainMixed)
	c.vA1 = mk(c.townA, "中共东风勇成村支部委员会", "TA01", org.KindBranch, org.DomainRural)
	c.vA2 = mk(c.townA, "中共东风石井村支部委员会", "TA02", org.KindBranch, org.DomainRural)
	c.vA3 = mk(c.townA, "中共东风奋斗村支部委员会", "TA03", org.KindBranch, org.DomainRural)
	c.cA = mk(c.townA, "中共春华社区支部委员会", "TA04", org.KindBranch, org.DomainCommunity)
	c.vB = mk(c.townB, "中共西岭村支部委员会", "TB01", org.KindBranch, org.DomainRural)
	c.pa, c.pb = principal(c.townA, access.RoleCommittee), principal(c.townB, access.RoleCommittee)
	return c
}

func principal(o org.Org, r access.Role) *access.Principal {
	return &access.Principal{UserID: 100 + o.ID, Username: "u" + o.Code, Role: r, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	e, ok := fault.As(err)
	if !ok || e.Code != fault.Invalid {
		t.Fatalf("want a field error, got %v", err)
	}
	out := map[string]string{}
	for _, f := range e.Fields {
		out[f.Field] = f.Label + "：" + f.Message
	}
	return out
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The figures of rows 12 and 13 against hand counts: membership at the
// period's end, scope by village, income added through the union only.
func TestFiguresAgainstHandCounts(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		scope := func(o org.Org) indicator.Scope { return indicator.Scope{OrgID: o.ID, Path: o.Path, Name: o.Name} }
		val := func(key string, o org.Org, p indicator.Period) indicator.Value {
			t.Helper()
			return must[indicator.Value](t)(indicator.Compute(c.ctx, db, key, scope(o), p))
		}
		y22, y21, q1 := indicator.Year(2022), indicator.Year(2021), indicator.Quarter(2022, 1)
		// Empty ledgers: no data, never zero.
		for _, k := range []string{coop.KeyHouseholds, coop.KeyPersons, coop.KeyCoverage, coop.KeyIncomeAdded} {
			if v := val(k, c.root, y22); !v.NoData {
				t.Errorf("%s on an empty ledger: %+v, want no data", k, v)
			}
		}
		u := must[coop.Union](t)(c.svc.CreateUnion(c.ctx, c.staff, coop.UnionInput{OrgID: c.townA.ID, Name: "东风镇联合社", FoundedOn: "2022-03-01"}))
		uB := must[coop.Union](t)(c.svc.CreateUnion(c.ctx, c.staff, coop.UnionInput{OrgID: c.townB.ID, Name: "西岭镇联合社", FoundedOn: "2022-03-01"}))
		add := func(v org.Org, u int64, joined, left string, hh, pp, rh int64) coop.Coop {
			return must[coop.Coop](t)(c.svc.CreateCoop(c.ctx, c.staff, coop.CoopInput{OrgID: v.ID, UnionID: u, Name: v.Name + "合作社", FoundedOn: "2020-01-01",
				JoinedOn: joined, LeftOn: left, Households: hh, Persons: pp, ResidentHouseholds: rh, ResidentPersons: pp + 10}))
		}
		add(c.vA1, u.ID, "2022-03-01", "", 198, 371, 198)
		add(c.vA2, u.ID, "2022-05-10", "", 176, 335, 200)
		add(c.vA3, u.ID, "2022-03-01", "2022-12-31", 141, 272, 141) // left on the last day: not a member at the end
		add(c.vB, uB.ID, "2021-06-01", "", 50, 90, 100)
		// 2022, whole city: vA1 + vA2 + vB.
		if v := val(coop.KeyHouseholds, c.root, y22); v.N != 198+176+50 || v.NoData {
			t.Errorf("households 2022: %+v", v)
		}
		if v := val(coop.KeyPersons, c.root, y22); v.N != 371+335+90 {
			t.Errorf("persons 2022: %+v", v)
		}
		if v := val(coop.KeyCoverage, c.townA, y22); v.N != 374 || v.Den != 398 || indicator.Percent(v.N, v.Den) != "94.0%" {
			t.Errorf("coverage town A 2022: %+v", v)
		}
		// Q1 2022 ends before vA2 joined and while vA3 was a member.
		if v := val(coop.KeyHouseholds, c.townA, q1); v.N != 198+141 {
			t.Errorf("households Q1: %+v", v)
		}
		// 2021: only vB; town A had none yet (zero, not no data).
		if v := val(coop.KeyHouseholds, c.townA, y21); v.N != 0 || v.NoData {
			t.Errorf("households town A 2021: %+v", v)
		}
		if v := val(coop.KeyCoverage, c.townB, y21); indicator.Percent(v.N, v.Den) != "50.0%" {
			t.Errorf("coverage town B 2021: %+v", v)
		}
		// Income: via the union in the period only.
		for _, x := range []struct {
			v   org.Org
			on  string
			fen int64
			via bool
		}{{c.vA1, "2022-01-01", 10000000, true}, {c.vA2, "2022-12-31", 13160000, true}, {c.vA1, "2022-06-01", 999900, false},
			{c.vA1, "2023-01-01", 500000, true}, {c.vB, "2022-08-01", 700000, true}} {
			must[coop.Income](t)(c.svc.CreateIncome(c.ctx, c.staff, coop.IncomeInput{OrgID: x.v.ID, ReceivedOn: x.on, Amount: x.fen, Item: "分红", ViaUnion: x.via}))
		}
		if v := val(coop.KeyIncomeAdded, c.townA, y22); v.N != 23160000 || v.Kind != indicator.Money {
			t.Errorf("income town A 2022: %+v", v)
		}
		if v := val(coop.KeyIncomeAdded, c.root, y22); v.N != 23160000+700000 {
			t.Errorf("income city 2022: %+v", v)
		}
		// The drill-down lists what was counted.
		ind, _ := indicator.Get(coop.KeyHouseholds)
		recs := must[indicator.Records](t)(ind.Records(c.ctx, db, scope(c.townA), y22, 50, 0))
		if recs.Total != 2 || len(recs.Rows) != 2 {
			t.Errorf("records: %+v", recs)
		}
		ind, _ = indicator.Get(coop.KeyIncomeAdded)
		recs = must[indicator.Records](t)(ind.Records(c.ctx, db, scope(c.townA), y22, 50, 0))
		if recs.Total != 2 {
			t.Errorf("income records: %+v", recs)
		}
	})
}

// Bad input names the field in Chinese and saves nothing; scope holds
// for reads and writes.
func TestValidationAndScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		u := must[coop.Union](t)(c.svc.CreateUnion(c.ctx, c.pa, coop.UnionInput{OrgID: c.townA.ID, Name: "东风镇联合社", FoundedOn: "2022-03-01"}))
		_, err := c.svc.CreateUnion(c.ctx, c.pa, coop.UnionInput{OrgID: c.townB.ID, Name: "", FoundedOn: "2099-01-01"})
		f := fields(t, err)
		if f["name"] == "" || f["founded_on"] != "成立日期：不能晚于今天" || f["org_id"] == "" {
			t.Errorf("union errors: %v", f)
		}
		base := coop.CoopInput{OrgID: c.vA1.ID, UnionID: u.ID, Name: "勇成村合作社", FoundedOn: "2020-01-01", JoinedOn: "2022-03-01",
			Households: 100, Persons: 200, ResidentHouseholds: 120, ResidentPersons: 240}
		for name, tc := range map[string]struct {
			change func(*coop.CoopInput)
			field  string
		}{
			"more than residents": {func(in *coop.CoopInput) { in.Households = 130 }, "households"},
			"persons below":       {func(in *coop.CoopInput) { in.Persons = 50 }, "persons"},
			"no join date":        {func(in *coop.CoopInput) { in.JoinedOn = "" }, "joined_on"},
			"left before joined":  {func(in *coop.CoopInput) { in.LeftOn = "2022-01-01" }, "left_on"},
			"not a village":       {func(in *coop.CoopInput) { in.OrgID = c.cA.ID }, "org_id"},
			"other township":      {func(in *coop.CoopInput) { in.OrgID = c.vB.ID }, "org_id"},
			"zero residents":      {func(in *coop.CoopInput) { in.ResidentHouseholds = 0 }, "resident_households"},
			"bad date":            {func(in *coop.CoopInput) { in.FoundedOn = "2020/01/01" }, "founded_on"},
		} {
			in := base
			tc.change(&in)
			_, err := c.svc.CreateCoop(c.ctx, c.pa, in)
			if f := fields(t, err); f[tc.field] == "" {
				t.Errorf("%s: errors %v lack %s", name, f, tc.field)
			}
		}
		if n := count(t, db, "coops"); n != 0 {
			t.Fatalf("bad input saved %d cooperatives", n)
		}
		x := must[coop.Coop](t)(c.svc.CreateCoop(c.ctx, c.pa, base))
		// One cooperative per village.
		dup := base
		dup.Name = "第二个"
		if f := fields(t, func() error { _, err := c.svc.CreateCoop(c.ctx, c.pa, dup); return err }()); f["org_id"] == "" {
			t.Errorf("second cooperative of a village: %v", f)
		}
		// Town B sees none of it and cannot touch it.
		if _, err := c.svc.GetCoop(c.ctx, c.pb, x.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("town B reads A's cooperative: %v", err)
		}
		if _, err := c.svc.UpdateCoop(c.ctx, c.pb, x.ID, base); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("town B edits A's cooperative: %v", err)
		}
		if _, err := c.svc.GetUnion(c.ctx, c.pb, u.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("town B reads A's union: %v", err)
		}
		if items, total, _, _ := c.svc.ListCoops(c.ctx, c.pb, coop.Filter{}); total != 0 || len(items) != 0 {
			t.Errorf("town B lists %d cooperatives", total)
		}
		// B may not put its village in A's union.
		if f := fields(t, func() error {
			_, err := c.svc.CreateCoop(c.ctx, c.pb, coop.CoopInput{OrgID: c.vB.ID, UnionID: u.ID, Name: "西岭", FoundedOn: "2020-01-01",
				JoinedOn: "2022-01-01", Households: 1, Persons: 1, ResidentHouseholds: 1, ResidentPersons: 1})
			return err
		}()); f["union_id"] == "" {
			t.Errorf("union outside scope: %v", f)
		}
		// Income: amount and village checked, nothing saved; delete audited.
		_, err = c.svc.CreateIncome(c.ctx, c.pa, coop.IncomeInput{OrgID: c.cA.ID, ReceivedOn: "2022-01-01", Amount: 0, Item: ""})
		if f := fields(t, err); f["amount"] == "" || f["item"] == "" || f["org_id"] == "" {
			t.Errorf("income errors: %v", f)
		}
		if n := count(t, db, "coop_incomes"); n != 0 {
			t.Fatalf("bad income saved")
		}
		inc := must[coop.Income](t)(c.svc.CreateIncome(c.ctx, c.pa, coop.IncomeInput{OrgID: c.vA1.ID, ReceivedOn: "2022-01-01", Amount: 100, Item: "分红"}))
		if err := c.svc.DeleteIncome(c.ctx, c.pb, inc.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("town B deletes A's income: %v", err)
		}
		if err := c.svc.DeleteIncome(c.ctx, c.pa, inc.ID); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRowContext(c.ctx, `SELECT COUNT(*) FROM audit_log WHERE action IN ('coop.union.create', 'coop.coop.create', 'coop.income.create', 'coop.income.delete')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 4 {
			t.Errorf("audit entries: %d, want 4", n)
		}
	})
}

func TestParseYuan(t *testing.T) {
	for in, want := range map[string]int64{"23500": 2350000, "23,500.5": 2350050, "0.01": 1, "1200.00元": 120000} {
		if got, ok := coop.ParseYuan(in); !ok || got != want {
			t.Errorf("ParseYuan(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "-5", "1.234", "abc", "1.", ".5", "1e5"} {
		if _, ok := coop.ParseYuan(bad); ok {
			t.Errorf("ParseYuan(%q) accepted", bad)
		}
	}
}
