package org_test

import (
	"strconv"
	"testing"
	"time"

	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/testenv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestKindRules(t *testing.T) {
	allowed := map[org.Kind][]org.Kind{
		org.KindCommittee: {org.KindCommittee, org.KindWorking},
		org.KindWorking:   {org.KindCommittee, org.KindWorking},
		org.KindGeneral:   {org.KindCommittee, org.KindWorking},
		org.KindBranch:    {org.KindCommittee, org.KindWorking, org.KindGeneral},
		org.KindTemp:      {org.KindCommittee, org.KindWorking, org.KindGeneral, org.KindBranch},
		org.KindGroup:     {org.KindBranch, org.KindTemp},
	}
	for _, k := range org.Kinds {
		ok := map[org.Kind]bool{}
		for _, p := range allowed[k] {
			ok[p] = true
		}
		for _, p := range org.Kinds {
			if got := k.CanStandUnder(p); got != ok[p] {
				t.Errorf("%s under %s: %v, want %v", k, p, got, ok[p])
			}
		}
	}
	if !org.KindBranch.IsBranch() || !org.KindTemp.IsBranch() || org.KindGeneral.IsBranch() || org.KindGroup.IsBranch() {
		t.Error("IsBranch is wrong")
	}
	if org.Kind("x").Valid() || org.Domain("x").Valid() || !org.KindGroup.Valid() || !org.DomainNewForm.Valid() {
		t.Error("Valid is wrong")
	}
}

func TestCreate(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		if c.city.Path != "/"+itoa(c.city.ID)+"/" || c.city.Depth != 0 || c.city.ParentID != 0 {
			t.Fatalf("root %+v", c.city)
		}
		if want := c.genA.Path + itoa(c.brA1.ID) + "/"; c.brA1.Path != want || c.brA1.Depth != 3 || c.brA1.ParentID != c.genA.ID {
			t.Fatalf("brA1 path %q depth %d, want %q depth 3", c.brA1.Path, c.brA1.Depth, want)
		}
		got := c.get(t, c.grpA1.ID)
		if got.Path != c.brA1.Path+itoa(got.ID)+"/" || got.Depth != 4 || got.Name != "第一党小组" || got.Secretary != "书记TA010101" ||
			got.FoundedOn != "2001-07-01" || !got.CreatedAt.Equal(c.now) || got.Kind != org.KindGroup {
			t.Fatalf("grpA1 read back %+v", got)
		}
		if a := c.auditActions(t, c.grpA1.ID); len(a) != 1 || a[0] != "org.create" {
			t.Fatalf("audit %v", a)
		}

		in := func(parent int64, code string, k org.Kind) org.Input {
			return org.Input{ParentID: parent, Name: "新组织" + code, Code: code, Kind: k, Domain: org.DomainRural}
		}
		for _, bad := range []struct {
			name   string
			in     org.Input
			field  string
			parent org.Org
		}{
			{"group under committee", in(c.townA.ID, "N1", org.KindGroup), "kind", c.townA},
			{"group under general", in(c.genA.ID, "N2", org.KindGroup), "kind", c.genA},
			{"branch under branch", in(c.brA3.ID, "N3", org.KindBranch), "kind", c.brA3},
			{"general under general", in(c.genA.ID, "N4", org.KindGeneral), "kind", c.genA},
			{"committee under general", in(c.genA.ID, "N5", org.KindCommittee), "kind", c.genA},
			{"anything under a group", in(c.grpA1.ID, "N6", org.KindTemp), "kind", c.grpA1},
			{"duplicate code", in(c.townA.ID, "TA02", org.KindBranch), "code", c.townA},
			{"bad code", in(c.townA.ID, "编码", org.KindBranch), "code", c.townA},
			{"code with space", in(c.townA.ID, "A B", org.KindBranch), "code", c.townA},
			{"unknown kind", in(c.townA.ID, "N7", "cell"), "kind", c.townA},
			{"no parent", in(0, "N8", org.KindBranch), "parent_id", c.townA},
			{"missing parent", in(99999, "N9", org.KindBranch), "parent_id", c.townA},
		} {
			t.Run(bad.name, func(t *testing.T) {
				_, err := c.svc.Create(c.ctx, c.staff, bad.in)
				wantField(t, err, bad.field)
			})
		}
		_, err := c.svc.Create(c.ctx, c.staff, org.Input{ParentID: c.townA.ID, Code: "N10", Kind: org.KindBranch, Domain: org.DomainRural})
		wantField(t, err, "name")
		_, err = c.svc.Create(c.ctx, c.staff, org.Input{ParentID: c.townA.ID, Name: "x", Code: "N11", Kind: org.KindBranch, Domain: "moon"})
		wantField(t, err, "domain")
		_, err = c.svc.Create(c.ctx, c.staff, org.Input{ParentID: c.townA.ID, Name: "x", Code: "N12", Kind: org.KindBranch, Domain: org.DomainRural, FoundedOn: "2025/01/01"})
		wantField(t, err, "founded_on")
		_, err = c.svc.Create(c.ctx, c.staff, org.Input{ParentID: c.townA.ID, Name: "x", Code: "N13", Kind: org.KindBranch, Domain: org.DomainRural, Sort: -1})
		wantField(t, err, "sort")

		// The allowed ones: group under a temporary branch, temp under branch,
		// working committee under committee.
		for _, ok := range []org.Input{in(c.tmpA.ID, "OK1", org.KindGroup), in(c.brA3.ID, "OK2", org.KindTemp), in(c.city.ID, "OK3", org.KindWorking)} {
			if _, err := c.svc.Create(c.ctx, c.staff, ok); err != nil {
				t.Errorf("create %s: %v", ok.Code, err)
			}
		}
		if n := len(c.all(t)); n != 14 {
			t.Fatalf("%d organizations, want 11 + 3", n)
		}
	})
}

// Dates are entered as Shanghai dates: at 07:30 in Shanghai (23:30 UTC the
// day before) today's date is not in the future, and tomorrow's is.
func TestFoundedOnIsShanghaiDate(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		create := func(code, on string) error {
			_, err := c.svc.Create(c.ctx, c.staff, org.Input{ParentID: c.townA.ID, Name: "新支部" + code, Code: code,
				Kind: org.KindBranch, Domain: org.DomainRural, FoundedOn: on})
			return err
		}
		c.now = time.Date(2025, 6, 1, 23, 30, 0, 0, time.UTC) // 2025-06-02 07:30 in Shanghai
		if err := create("D1", "2025-06-02"); err != nil {
			t.Fatalf("today in Shanghai refused: %v", err)
		}
		wantField(t, create("D2", "2025-06-03"), "founded_on")
		c.now = time.Date(2025, 6, 2, 16, 30, 0, 0, time.UTC) // 2025-06-03 00:30 in Shanghai
		if err := create("D3", "2025-06-03"); err != nil {
			t.Fatalf("today in Shanghai refused: %v", err)
		}
		wantField(t, create("D4", "2025-06-04"), "founded_on")
		// The same holds for the date of dissolution.
		d1, err := c.svc.ByCode(c.ctx, c.staff.OrgPath, "D1")
		if err != nil {
			t.Fatal(err)
		}
		wantField(t, c.svc.Dissolve(c.ctx, c.staff, d1.ID, "2025-06-04", "合并"), "dissolved_on")
		if err := c.svc.Dissolve(c.ctx, c.staff, d1.ID, "2025-06-03", "合并"); err != nil {
			t.Fatalf("dissolving today in Shanghai refused: %v", err)
		}
		wantField(t, create("D5", "2099-01-01"), "founded_on")
		if err := create("D6", "1921-07-01"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestUpdate(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		c.now = c.now.Add(time.Hour)
		in := org.Input{Name: " 东风社区第一党支部（新） ", Code: "TA0101", Kind: org.KindBranch, Domain: org.DomainCommunity, Secretary: "李四", FoundedOn: "2001-07-01", Sort: 2}
		got, err := c.svc.Update(c.ctx, c.pa, c.brA1.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "东风社区第一党支部（新）" || got.Secretary != "李四" || got.Path != c.brA1.Path || got.ParentID != c.genA.ID || !got.UpdatedAt.Equal(c.now) {
			t.Fatalf("updated %+v", got)
		}
		if back := c.get(t, c.brA1.ID); back.Name != got.Name || back.Secretary != "李四" || !back.UpdatedAt.Equal(c.now) {
			t.Fatalf("read back %+v", back)
		}
		var detail string
		if err := db.QueryRowContext(c.ctx, `SELECT detail FROM audit_log WHERE action = 'org.update' AND object_id = ?`, itoa(c.brA1.ID)).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if want := `{"name":["东风社区第一党支部","东风社区第一党支部（新）"],"secretary":["书记TA0101","李四"]}`; detail != want {
			t.Fatalf("audit detail %s\nwant %s", detail, want)
		}

		// Code taken by another organization.
		in.Code = "TB01"
		_, err = c.svc.Update(c.ctx, c.staff, c.brA1.ID, in)
		wantField(t, err, "code")
		// A kind the parent does not allow.
		in.Code, in.Kind = "TA0101", org.KindGroup
		_, err = c.svc.Update(c.ctx, c.staff, c.brA1.ID, in)
		wantField(t, err, "kind")
		// A kind its children may not stand under: a group needs a branch.
		in.Kind = org.KindGeneral
		_, err = c.svc.Update(c.ctx, c.staff, c.brA1.ID, in)
		wantField(t, err, "kind")
		// A branch without children may become a temporary one.
		if _, err := c.svc.Update(c.ctx, c.staff, c.brA2.ID, org.Input{Name: c.brA2.Name, Code: c.brA2.Code, Kind: org.KindTemp, Domain: c.brA2.Domain}); err != nil {
			t.Fatal(err)
		}
		_, err = c.svc.Update(c.ctx, c.staff, 99999, in)
		wantCode(t, err, "not_found")
		if got := c.get(t, c.brA1.ID); got.Kind != org.KindBranch || got.Code != "TA0101" {
			t.Fatalf("a refused update changed the row: %+v", got)
		}
	})
}
