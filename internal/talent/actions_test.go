package talent_test

import (
	"testing"

	"troika/internal/fault"
	"troika/internal/store"
	"troika/internal/talent"
	"troika/internal/testenv"
)

// A lead becomes a talent from outside the region in the pool, once.
func TestConvertLead(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		lead := c.add(t, c.pa, talent.Leads, c.brA.ID, "name", "玄京浩", "phone", "13900001111", "specialty", "it", "location", "上海市浦东新区",
			"employer", "某科技公司", "collected_on", "2022-05-01")
		_, err := c.svc.ConvertLead(c.ctx, c.pa, lead.ID, talent.ConvertInput{EnteredOn: "2022-04-01"})
		wantField(t, err, "entered_on")
		tl, err := c.svc.ConvertLead(c.ctx, c.pa, lead.ID, talent.ConvertInput{EnteredOn: "2022-06-01", Returnee: true})
		if err != nil {
			t.Fatal(err)
		}
		if tl.Str("origin") != "outside" || tl.Str("outside_place") != "上海市浦东新区" || tl.Str("phone") != "139****1111" || tl.OrgID != c.brA.ID {
			t.Errorf("talent: %+v", tl.Values)
		}
		l2, _ := c.svc.Get(c.ctx, c.pa, talent.Leads, lead.ID)
		if l2.Str("status") != "converted" || l2.Int("talent_id") != tl.ID {
			t.Errorf("lead after: %+v", l2.Values)
		}
		pool, n, _ := c.svc.List(c.ctx, c.pa, talent.Pool, talent.Filter{Eq: map[string]string{"talent_id": id(tl)}})
		if n != 1 || pool[0].Str("entered_on") != "2022-06-01" || pool[0].Str("source") != "lead" {
			t.Errorf("pool: %d %+v", n, pool)
		}
		_, err = c.svc.ConvertLead(c.ctx, c.pa, lead.ID, talent.ConvertInput{})
		wantCode(t, err, fault.Conflict)
		_, err = c.svc.ConvertLead(c.ctx, c.pb, lead.ID, talent.ConvertInput{})
		wantCode(t, err, fault.NotFound)
		// Converted cannot be typed in, nor typed away.
		_, err = c.svc.Update(c.ctx, c.pa, talent.Leads, lead.ID, talent.Input{OrgID: c.brA.ID, Values: map[string]string{"name": "玄京浩", "specialty": "it",
			"location": "上海市", "collected_on": "2022-05-01", "status": "new"}})
		wantField(t, err, "status")
		if c.audits(t, "talent.leads.convert") != 1 {
			t.Error("conversion not audited")
		}
	})
}

// A demand is filled when recruits reach its headcount; a filled demand
// takes no more.
func TestRecruitForDemand(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		d := c.add(t, c.pa, talent.Demands, c.brA.ID, "enterprise", "海兰江米业有限公司", "position", "农艺师", "headcount", "2",
			"specialty", "agronomy", "source", "month", "raised_on", "2022-04-01")
		if d.Str("status") != "open" {
			t.Fatalf("new demand status %q", d.Str("status"))
		}
		_, err := c.svc.Recruit(c.ctx, c.pa, d.ID, talent.RecruitInput{RecruitedOn: "2022-05-01"})
		wantField(t, err, "name")
		r1, err := c.svc.Recruit(c.ctx, c.pa, d.ID, talent.RecruitInput{Name: "郑光日", Phone: "13712345678", RecruitedOn: "2022-05-01", Pool: true})
		if err != nil {
			t.Fatal(err)
		}
		tl, _ := c.svc.Get(c.ctx, c.pa, talent.Talents, r1.Int("talent_id"))
		if tl.Str("employer") != "海兰江米业有限公司" || tl.Str("specialty") != "agronomy" || r1.Str("enterprise") != "海兰江米业有限公司" {
			t.Errorf("recruited talent %+v, recruit %+v", tl.Values, r1.Values)
		}
		other := c.add(t, c.pb, talent.Talents, c.brB.ID, "name", "高善子", "specialty", "agronomy", "origin", "local")
		_, err = c.svc.Recruit(c.ctx, c.pa, d.ID, talent.RecruitInput{TalentID: other.ID, RecruitedOn: "2022-05-02"})
		wantField(t, err, "talent_id")
		mine := c.add(t, c.pa, talent.Talents, c.brA.ID, "name", "高善子", "specialty", "agronomy", "origin", "local")
		if _, err := c.svc.Recruit(c.ctx, c.pa, d.ID, talent.RecruitInput{TalentID: mine.ID, RecruitedOn: "2022-05-02"}); err != nil {
			t.Fatal(err)
		}
		d2, _ := c.svc.Get(c.ctx, c.pa, talent.Demands, d.ID)
		if d2.Str("status") != "filled" {
			t.Errorf("demand after two recruits: %s", d2.Str("status"))
		}
		_, err = c.svc.Recruit(c.ctx, c.pa, d.ID, talent.RecruitInput{Name: "第三人", RecruitedOn: "2022-05-03"})
		wantCode(t, err, fault.Conflict)
		_, n, _ := c.svc.List(c.ctx, c.pa, talent.Pool, talent.Filter{})
		if n != 1 {
			t.Errorf("pool entries: %d, want 1", n)
		}
	})
}

// A subsidy is approved, then paid; steps out of order are refused, and a
// decided subsidy is no longer edited.
func TestSubsidySteps(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		tl := c.add(t, c.pa, talent.Talents, c.brA.ID, "name", "金明哲", "specialty", "agronomy", "origin", "outside")
		s := c.add(t, c.pa, talent.Subsidies, 0, "talent_id", id(tl), "kind", "rent", "span", "2022年1—6月", "amount", "6000", "applied_on", "2022-07-01")
		_, err := c.svc.DecideSubsidy(c.ctx, c.pa, s.ID, talent.StepPay, talent.SubsidyStep{On: "2022-07-05"})
		wantCode(t, err, fault.Conflict)
		_, err = c.svc.DecideSubsidy(c.ctx, c.pa, s.ID, talent.StepApprove, talent.SubsidyStep{On: "2022-06-01"})
		wantField(t, err, "on")
		a, err := c.svc.DecideSubsidy(c.ctx, c.pa, s.ID, talent.StepApprove, talent.SubsidyStep{On: "2022-07-03", Note: "材料齐全"})
		if err != nil || a.Str("status") != "approved" || a.Str("approved_by") != "测试TA" {
			t.Fatalf("approve: %+v %v", a.Values, err)
		}
		_, err = c.svc.Update(c.ctx, c.pa, talent.Subsidies, s.ID, talent.Input{Values: map[string]string{"talent_id": id(tl), "kind": "rent", "amount": "9000", "applied_on": "2022-07-01"}})
		wantCode(t, err, fault.Conflict)
		p, err := c.svc.DecideSubsidy(c.ctx, c.pa, s.ID, talent.StepPay, talent.SubsidyStep{On: "2022-07-10"})
		if err != nil || p.Str("status") != "paid" || p.Str("paid_on") != "2022-07-10" {
			t.Fatalf("pay: %+v %v", p.Values, err)
		}
		wantCode(t, c.svc.Delete(c.ctx, c.pa, talent.Subsidies, s.ID), fault.Conflict)
		_, err = c.svc.DecideSubsidy(c.ctx, c.pb, s.ID, talent.StepPay, talent.SubsidyStep{})
		wantCode(t, err, fault.NotFound)
		if c.audits(t, "talent.subsidies.approve") != 1 || c.audits(t, "talent.subsidies.pay") != 1 {
			t.Error("steps not audited")
		}
	})
}
