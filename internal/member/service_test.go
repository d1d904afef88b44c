package member_test

import (
	"fmt"
	"strings"
	"testing"

	"troika/internal/fault"
	"troika/internal/member"
	"troika/internal/store"
	"troika/internal/testenv"
)

func fieldsOf(err error) map[string]string {
	out := map[string]string{}
	if e, ok := fault.As(err); ok {
		for _, f := range e.Fields {
			out[f.Field] = f.Message
		}
	}
	return out
}

func TestCreateValidates(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		good := f.input("金明哲", "19850312", 3, true)
		cases := []struct {
			name  string
			edit  func(in *member.Input)
			field string
			want  string
		}{
			{"check digit", func(in *member.Input) {
				in.IDNumber = in.IDNumber[:17] + string("0123456789"[(int(in.IDNumber[17]-'0')+1)%10])
			}, "id_number", "校验码"},
			{"gender disagrees", func(in *member.Input) { in.Gender = "女" }, "gender", "不一致"},
			{"birth disagrees", func(in *member.Input) { in.BirthDate = "1985-03-13" }, "birth_date", "1985-03-12"},
			{"future joined", func(in *member.Input) { in.JoinedOn = "2025-06-03"; in.FullOn = "" }, "joined_on", "不能晚于今天"},
			{"full before joined", func(in *member.Input) { in.FullOn = "2009-01-01" }, "full_on", "不能早于入党日期"},
			{"probationary with full date", func(in *member.Input) { in.Category = member.Probationary }, "full_on", "预备党员"},
			{"mobile without destination", func(in *member.Input) { in.Mobile = true }, "mobile_to", "流出去向"},
			{"ethnicity", func(in *member.Input) { in.Ethnicity = "火星族" }, "ethnicity", "56"},
			{"too young", func(in *member.Input) { in.JoinedOn = "2000-01-01"; in.FullOn = "" }, "joined_on", "18"},
			{"org out of scope", func(in *member.Input) { in.OrgID = f.brB1.ID }, "org_id", "管辖范围"},
			{"org is a committee", func(in *member.Input) { in.OrgID = f.townA.ID }, "org_id", "党支部"},
		}
		for _, c := range cases {
			in := good
			c.edit(&in)
			_, err := f.svc.Create(f.ctx, f.pa, in)
			if msg := fieldsOf(err)[c.field]; !strings.Contains(msg, c.want) {
				t.Errorf("%s: field %s message %q, want it to contain %q (err %v)", c.name, c.field, msg, c.want, err)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM members`); n != 0 {
			t.Fatalf("%d members saved by failed creates", n)
		}
		// A 15-digit legacy number is converted and agrees with its birth date.
		in := good
		id18 := member.MakeID("222405", "19650101", 12, false)
		in.IDNumber = id18[:6] + id18[8:17]
		in.Name, in.JoinedOn, in.FullOn = "朴顺姬", "1990-07-01", "1991-07-01"
		m := f.create(t, f.pa, in)
		if m.BirthDate != "1965-01-01" || m.Gender != "female" {
			t.Fatalf("legacy number: birth %s gender %s", m.BirthDate, m.Gender)
		}
	})
}

func TestPersonalDataSealedMaskedAndAudited(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		in := f.input("金明哲", "19850312", 3, true)
		m := f.create(t, f.pa, in)
		if m.IDNumber != in.IDNumber[:4]+"**********"+in.IDNumber[14:] || m.Phone != "138****2345" || m.Unmasked {
			t.Fatalf("not masked: %q %q", m.IDNumber, m.Phone)
		}
		var enc, ph string
		if err := db.QueryRowContext(f.ctx, `SELECT id_enc, phone_enc FROM members WHERE id = ?`, m.ID).Scan(&enc, &ph); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(enc, in.IDNumber) || strings.Contains(ph, "13843312345") || enc == "" {
			t.Fatal("ID number or phone stored in clear")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?`, "%"+in.IDNumber+"%"); n != 0 {
			t.Fatal("the audit log holds the ID number in clear")
		}
		if _, err := f.svc.Unmask(f.ctx, f.pa, m.ID); fault.CodeOf(err) != fault.Forbidden {
			t.Fatalf("committee unmask: %v", err)
		}
		before := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'personal.view'`)
		clear, err := f.svc.Unmask(f.ctx, f.staff, m.ID)
		if err != nil || clear.IDNumber != in.IDNumber || clear.Phone != "13843312345" || !clear.Unmasked {
			t.Fatalf("unmask: %+v %v", clear, err)
		}
		if after := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'personal.view' AND object_id = ?`, fmt.Sprint(m.ID)); after != before+1 {
			t.Fatalf("unmask audited %d times", after-before)
		}
		// The same number again is refused, here and for another township.
		dup := f.input("金明哲", "19850312", 3, true)
		if _, err := f.svc.Create(f.ctx, f.pa, dup); !strings.Contains(fieldsOf(err)["id_number"], "已在") {
			t.Fatalf("duplicate: %v", err)
		}
		dup.OrgID = f.brB1.ID
		if _, err := f.svc.Create(f.ctx, f.pb, dup); !strings.Contains(fieldsOf(err)["id_number"], "已在") {
			t.Fatalf("duplicate across townships: %v", err)
		}
	})
}

func TestListSearchSortScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		names := []string{"张海燕", "安明哲", "李春梅", "崔英爱", "郑光日"}
		var ids []string
		for i, n := range names {
			in := f.input(n, "1970010"+string(rune('1'+i)), i, i%2 == 0)
			in.Phone = "1384331000" + string(rune('0'+i))
			if i == 4 {
				in.OrgID = f.brA2.ID
				in.Ethnicity = "汉族"
			}
			f.create(t, f.pa, in)
			ids = append(ids, in.IDNumber)
		}
		inB := f.input("金春梅", "19800101", 1, false)
		inB.OrgID, inB.Phone = f.brB1.ID, "13900000000"
		f.create(t, f.pb, inB)

		got := func(p interface{}, fl member.Filter) []string {
			t.Helper()
			items, total, err := f.svc.List(f.ctx, f.pa, fl)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(items) {
				t.Fatalf("total %d, items %d", total, len(items))
			}
			var out []string
			for _, m := range items {
				out = append(out, m.Name)
			}
			return out
		}
		if g := strings.Join(got(nil, member.Filter{}), ","); g != "安明哲,崔英爱,李春梅,张海燕,郑光日" {
			t.Fatalf("pinyin order: %s", g)
		}
		if g := strings.Join(got(nil, member.Filter{Q: "春梅"}), ","); g != "李春梅" {
			t.Fatalf("two-character search in A: %s", g)
		}
		if g := strings.Join(got(nil, member.Filter{Q: ids[1]}), ","); g != "安明哲" {
			t.Fatalf("by ID number: %s", g)
		}
		if g := strings.Join(got(nil, member.Filter{Q: "138-4331-0003"}), ","); g != "崔英爱" {
			t.Fatalf("by phone: %s", g)
		}
		if g := got(nil, member.Filter{Q: inB.IDNumber}); len(g) != 0 {
			t.Fatalf("town A found B's member by ID number: %v", g)
		}
		if g := strings.Join(got(nil, member.Filter{Ethnicity: member.Han}), ","); g != "郑光日" {
			t.Fatalf("ethnicity filter: %s", g)
		}
		if g := strings.Join(got(nil, member.Filter{Under: f.brA2.ID}), ","); g != "郑光日" {
			t.Fatalf("under filter: %s", g)
		}
		if g := got(nil, member.Filter{Under: f.brB1.ID}); len(g) != 0 {
			t.Fatalf("under another township's branch: %v", g)
		}
		if g := len(got(nil, member.Filter{AgeBand: "46_55"})); g != 5 {
			t.Fatalf("age band 46–55 on 2025-06-02: %d", g)
		}
		if g := len(got(nil, member.Filter{Gender: "female"})); g != 2 {
			t.Fatalf("gender filter: %d", g)
		}
		// The branch secretary sees their branch only.
		items, _, err := f.svc.List(f.ctx, f.secA1, member.Filter{})
		if err != nil || len(items) != 4 {
			t.Fatalf("secretary sees %d: %v", len(items), err)
		}
		// Records of another township answer "not found".
		bItems, _, _ := f.svc.List(f.ctx, f.pb, member.Filter{})
		if _, err := f.svc.Get(f.ctx, f.pa, bItems[0].ID); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("A reads B's member: %v", err)
		}
		if _, err := f.svc.Update(f.ctx, f.pa, bItems[0].ID, inB); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("A edits B's member: %v", err)
		}
	})
}
