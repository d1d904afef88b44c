package talent_test

import (
	"strings"
	"testing"

	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/personal"
	"troika/internal/store"
	"troika/internal/talent"
	"troika/internal/testenv"
)

// Every key the ledgers build at run time is in the catalog.
func TestCatalogKeys(t *testing.T) {
	for _, k := range talent.CatalogKeys() {
		if !i18n.Has(k) {
			t.Errorf("missing catalog key %s", k)
		}
	}
}

// A talent's phone and identity number are sealed, masked on reading,
// shown in clear only to a role that may (audited), and kept when an edit
// leaves them empty; validation names the field and saves nothing.
func TestTalentPersonalDataAndValidation(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		idn := idNumber("19850315", 1)
		_, err := c.svc.Create(c.ctx, c.pa, talent.Talents, talent.Input{OrgID: c.brA.ID, Values: map[string]string{
			"name": "", "specialty": "nonsense", "phone": "12", "id_number": "222401198001011234", "birth_date": "2030-01-01"}})
		for _, f := range []string{"name", "specialty", "phone", "id_number", "birth_date"} {
			wantField(t, err, f)
		}
		var n int
		if err := db.QueryRowContext(c.ctx, `SELECT COUNT(*) FROM talents`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("a failed create saved %d rows (%v)", n, err)
		}
		// Chinese labels of choices are accepted as the codes.
		r := c.add(t, c.pa, talent.Talents, c.brA.ID, "name", "金哲浩", "specialty", "农学", "origin", "outside", "returnee", "1",
			"phone", "138-4331-2345", "id_number", idn, "employer", "明东村合作社")
		if r.Str("specialty") != "agronomy" || r.Str("phone") != "138****2345" || r.Str("id_number") != personal.MaskID(idn) || !r.Bool("returnee") {
			t.Fatalf("stored %+v", r.Values)
		}
		var enc string
		if err := db.QueryRowContext(c.ctx, `SELECT phone_enc FROM talents WHERE id = ?`, r.ID).Scan(&enc); err != nil || strings.Contains(enc, "4331") {
			t.Fatalf("phone not sealed: %q %v", enc, err)
		}
		// A committee may not see it in clear; staff may, and it is audited.
		if _, err := c.svc.Unmask(c.ctx, c.pa, talent.Talents, r.ID); fault.CodeOf(err) != fault.Forbidden {
			t.Fatalf("committee unmasked: %v", err)
		}
		u, err := c.svc.Unmask(c.ctx, c.staff, talent.Talents, r.ID)
		if err != nil || u.Str("phone") != "13843312345" || u.Str("id_number") != idn || c.audits(t, "personal.view") != 1 {
			t.Fatalf("unmask: %+v %v", u.Values, err)
		}
		// An edit with empty personal data keeps it.
		r2, err := c.svc.Update(c.ctx, c.pa, talent.Talents, r.ID, talent.Input{OrgID: c.brA.ID, Values: map[string]string{
			"name": "金哲浩", "specialty": "agronomy", "origin": "outside", "returnee": "1", "employer": "明东村电商中心"}})
		if err != nil || r2.Str("phone") != "138****2345" || r2.Str("employer") != "明东村电商中心" {
			t.Fatalf("update: %+v %v", r2.Values, err)
		}
		if c.audits(t, "talent.talents.create") != 1 || c.audits(t, "talent.talents.update") != 1 {
			t.Error("create and update not audited")
		}
		// The same identity number is one talent.
		_, err = c.svc.Create(c.ctx, c.staff, talent.Talents, talent.Input{OrgID: c.brB.ID, Values: map[string]string{
			"name": "金哲浩", "specialty": "agronomy", "origin": "local", "id_number": idn}})
		wantField(t, err, "id_number")
		// A whole phone number finds the talent by its hash.
		list, _, err := c.svc.List(c.ctx, c.staff, talent.Talents, talent.Filter{Q: "13843312345"})
		if err != nil || len(list) != 1 {
			t.Fatalf("search by phone: %d %v", len(list), err)
		}
	})
}

// Town A never reads, edits, references or lists town B's records, and an
// organization outside the scope is refused.
func TestScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		ta := c.add(t, c.pa, talent.Talents, c.brA.ID, "name", "朴成浩", "specialty", "it", "origin", "local")
		tb := c.add(t, c.pb, talent.Talents, c.brB.ID, "name", "李春梅", "specialty", "food", "origin", "local")
		sb := c.add(t, c.pb, talent.Stations, c.brB.ID, "name", "西岭村返乡创业服务站", "site_kind", "village", "founded_on", "2022-03-01")
		if _, err := c.svc.Get(c.ctx, c.pa, talent.Talents, tb.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("town A read town B's talent: %v", err)
		}
		if _, err := c.svc.Update(c.ctx, c.pa, talent.Stations, sb.ID, talent.Input{OrgID: c.brA.ID, Values: map[string]string{"name": "x", "site_kind": "village", "founded_on": "2022-03-01"}}); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("town A edited town B's station: %v", err)
		}
		if err := c.svc.Delete(c.ctx, c.pa, talent.Talents, tb.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("town A deleted town B's talent: %v", err)
		}
		_, err := c.svc.Create(c.ctx, c.pa, talent.Subsidies, talent.Input{Values: map[string]string{"talent_id": id(tb), "kind": "rent", "amount": "800", "applied_on": "2022-05-01"}})
		wantField(t, err, "talent_id")
		_, err = c.svc.Create(c.ctx, c.pa, talent.Stations, talent.Input{OrgID: c.brB.ID, Values: map[string]string{"name": "x", "site_kind": "village", "founded_on": "2022-03-01"}})
		wantField(t, err, "org_id")
		list, total, err := c.svc.List(c.ctx, c.pa, talent.Talents, talent.Filter{})
		if err != nil || total != 1 || list[0].ID != ta.ID {
			t.Errorf("town A's list: %d %v", total, err)
		}
		// A child takes its parent's organization.
		s := c.add(t, c.pa, talent.Subsidies, 0, "talent_id", id(ta), "kind", "rent", "amount", "1200.5", "applied_on", "2022-05-01")
		if s.OrgID != c.brA.ID || s.Int("amount") != 120050 || s.Str("status") != "applied" {
			t.Errorf("subsidy: org %d amount %d status %s", s.OrgID, s.Int("amount"), s.Str("status"))
		}
		// A talent referred to cannot be deleted.
		wantCode(t, c.svc.Delete(c.ctx, c.pa, talent.Talents, ta.ID), fault.Conflict)
	})
}
