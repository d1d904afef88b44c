package member_test

import (
	"strings"
	"testing"

	"troika/internal/fault"
	"troika/internal/indicator"
	"troika/internal/member"
	"troika/internal/store"
	"troika/internal/testenv"
)

func kinds(evs []member.Event) string {
	var k []string
	for _, e := range evs {
		k = append(k, e.Kind)
	}
	return strings.Join(k, ",")
}

func TestTransfers(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		m1 := f.create(t, f.pa, f.input("金明哲", "19850312", 1, true))
		m2 := f.create(t, f.pa, f.input("李春梅", "19860401", 2, false))
		m3 := f.create(t, f.pa, f.input("崔英爱", "19870501", 3, false))

		// Internal: A sends m1 to B's branch by code; B sees it incoming.
		tr, err := f.svc.StartTransfer(f.ctx, f.pa, m1.ID, member.TransferInput{ToOrgCode: "TB01", Reason: "工作调动", On: "2025-05-20"})
		if err != nil || tr.Status != member.TransferPending || tr.ToOrg != f.brB1.Name {
			t.Fatalf("start: %+v %v", tr, err)
		}
		if _, err := f.svc.StartTransfer(f.ctx, f.pa, m1.ID, member.TransferInput{ToOrgCode: "TB01", On: "2025-05-20"}); fault.CodeOf(err) != fault.Conflict {
			t.Fatalf("second transfer of a transferring member: %v", err)
		}
		in, _, err := f.svc.Transfers(f.ctx, f.pb, member.TransferFilter{Box: "in", Status: member.TransferPending})
		if err != nil || len(in) != 1 || !in[0].Incoming || in[0].MemberName != "金明哲" {
			t.Fatalf("B's incoming: %+v %v", in, err)
		}
		if _, err := f.svc.Accept(f.ctx, f.pa, tr.ID); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("sender accepts its own transfer: %v", err)
		}
		if _, err := f.svc.Get(f.ctx, f.pb, m1.ID); fault.CodeOf(err) != fault.NotFound {
			t.Fatal("receiver sees the member before accepting")
		}
		if _, err := f.svc.Accept(f.ctx, f.pb, tr.ID); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Get(f.ctx, f.pb, m1.ID)
		if err != nil || got.OrgID != f.brB1.ID || got.Status != member.Active {
			t.Fatalf("after accept: %+v %v", got, err)
		}
		if _, err := f.svc.Get(f.ctx, f.pa, m1.ID); fault.CodeOf(err) != fault.NotFound {
			t.Fatal("sender still sees the member after the move")
		}
		evs, _ := f.svc.Events(f.ctx, f.pb, m1.ID)
		if k := kinds(evs); k != "transfer_out,created,transfer_in" && k != "created,transfer_out,transfer_in" {
			t.Fatalf("history: %s", k)
		}
		if _, err := f.svc.Accept(f.ctx, f.pb, tr.ID); fault.CodeOf(err) != fault.Conflict {
			t.Fatalf("accept twice: %v", err)
		}

		// Returned: the member stays with the sender.
		tr2, err := f.svc.StartTransfer(f.ctx, f.pa, m2.ID, member.TransferInput{ToOrgID: f.brB1.ID, On: "2025-05-21"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Return(f.ctx, f.pb, tr2.ID, ""); !strings.Contains(fieldsOf(err)["return_reason"], "不能为空") {
			t.Fatalf("return without reason: %v", err)
		}
		back, err := f.svc.Return(f.ctx, f.pb, tr2.ID, "介绍信信息不全")
		if err != nil || back.Status != member.TransferReturned {
			t.Fatalf("return: %+v %v", back, err)
		}
		got, _ = f.svc.Get(f.ctx, f.pa, m2.ID)
		if got.Status != member.Active || got.OrgID != f.brA1.ID {
			t.Fatalf("after return: %+v", got)
		}
		evs, _ = f.svc.Events(f.ctx, f.pa, m2.ID)
		if !strings.Contains(kinds(evs), "transfer_returned") || !strings.Contains(evs[len(evs)-1].Detail, "介绍信") {
			t.Fatalf("history after return: %s", kinds(evs))
		}

		// To outside: recorded, not deleted; off the roll from that day.
		if _, err := f.svc.StartTransfer(f.ctx, f.pa, m3.ID, member.TransferInput{External: "吉林市船营区某街道党工委", On: "2025-03-01"}); err != nil {
			t.Fatal(err)
		}
		items, _, _ := f.svc.List(f.ctx, f.pa, member.Filter{})
		for _, m := range items {
			if m.ID == m3.ID {
				t.Fatal("member who left is still on the roll list")
			}
		}
		left, _, _ := f.svc.List(f.ctx, f.pa, member.Filter{Status: "left"})
		if len(left) != 1 || left[0].LeftOn != "2025-03-01" {
			t.Fatalf("left list: %+v", left)
		}
		if _, err := f.svc.StartTransfer(f.ctx, f.pa, m2.ID, member.TransferInput{ToOrgCode: "TA01", On: "2025-05-21"}); !strings.Contains(fieldsOf(err)["to_org"], "现在所在") {
			t.Fatalf("transfer to own org: %v", err)
		}

		// Figures count members where they are now: m1 counts in B (also
		// for 2024), m3 counts in A until the day it left.
		scope := func(p interface{ ScopeLike() string }, id int64, path, name string) indicator.Scope {
			return indicator.Scope{OrgID: id, Path: path, Name: name}
		}
		a := scope(f.pa, f.townA.ID, f.townA.Path, f.townA.Name)
		for _, c := range []struct {
			key    string
			period indicator.Period
			s      indicator.Scope
			want   int64
		}{
			{"member.total", indicator.Year(2024), a, 2},
			{"member.total", indicator.Year(2024), scope(f.pb, f.townB.ID, f.townB.Path, f.townB.Name), 1},
			{"member.total", indicator.Month(2025, 5), a, 1},
			{"member.total", indicator.Month(2025, 5), scope(f.pb, f.townB.ID, f.townB.Path, f.townB.Name), 1},
			{"member.full", indicator.Year(2024), a, 2},
			{"member.full", indicator.Year(2010), a, 0},
			{"member.probationary", indicator.Year(2010), a, 2},
			{"member.joined", indicator.Year(2010), a, 2},
			{"member.joined", indicator.Year(2011), a, 0},
			{"member.no_post", indicator.Year(2024), a, 2},
		} {
			v, err := indicator.Compute(f.ctx, db, c.key, c.s, c.period)
			if err != nil || v.N != c.want {
				t.Errorf("%s %s over %s: %d, want %d (%v)", c.key, c.period.Spec, c.s.Name, v.N, c.want, err)
			}
		}

		// Distribution today: m2 in A (born 1986 → 39), 1 female.
		d, err := f.svc.Distribution(f.ctx, f.pa, 0, "")
		if err != nil || d.Total != 1 {
			t.Fatalf("distribution: %+v %v", d, err)
		}
		for _, c := range d.Age {
			if (c.Key == "36_45") != (c.Count == 1) {
				t.Errorf("age band %s: %d", c.Key, c.Count)
			}
		}
		if d.Ethnicity[0].Key != member.Korean || d.Gender[1].Count != 1 {
			t.Errorf("distribution: %+v", d)
		}
		if _, err := f.svc.Distribution(f.ctx, f.pa, f.townB.ID, ""); fault.CodeOf(err) != fault.NotFound {
			t.Fatalf("distribution of another township: %v", err)
		}
		// The tree counter counts per branch.
		counts, err := f.svc.Counter().Count(f.ctx, f.city.Path)
		if err != nil || counts[f.brA1.ID] != 1 || counts[f.brB1.ID] != 1 {
			t.Fatalf("counter: %v %v", counts, err)
		}
	})
}
