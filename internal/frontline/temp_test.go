package frontline_test

import (
	"testing"

	"troika/internal/fault"
	"troika/internal/frontline"
	"troika/internal/indicator"
	"troika/internal/org"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestTempBranches(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		// The task, the organization and the parent are all checked first.
		_, err := c.svc.CreateTemp(c.ctx, c.pa, frontline.TempInput{ParentID: c.brB.ID, StartedOn: "2022-03-20"})
		for _, f := range []string{"task", "name", "code", "parent_id"} {
			wantField(t, err, f)
		}
		var orgs int
		_ = db.QueryRowContext(c.ctx, `SELECT COUNT(*) FROM orgs WHERE kind = 'temp'`).Scan(&orgs)
		if orgs != 0 {
			t.Fatal("a refused temporary branch made an organization")
		}
		tb := must[frontline.TempBranch](t)(c.svc.CreateTemp(c.ctx, c.pa, frontline.TempInput{ParentID: c.brA.ID, Name: "春华社区疫情防控临时党支部",
			Code: "TA01T1", Secretary: "金明哲", Task: "高速口卡点值守", StartedOn: "2022-03-20", PlannedEnd: "2022-05-31"}))
		if !tb.HasRecord || tb.StartedOn != "2022-03-20" || tb.ParentID != c.brA.ID || tb.Task != "高速口卡点值守" {
			t.Fatalf("created %+v", tb)
		}
		o := must[org.Org](t)(org.NewService(db).Get(c.ctx, c.pa, tb.ID))
		if o.Kind != org.KindTemp || o.FoundedOn != "2022-03-20" {
			t.Fatalf("organization %+v", o)
		}
		if v := c.figure(t, "org.temp_founded", c.townA, indicator.Year(2022)); v.N != 1 {
			t.Errorf("temporary branches founded in 2022: %+v", v)
		}
		// Members only, from the roll in scope, each once.
		_, err = c.svc.AddTempPerson(c.ctx, c.pa, tb.ID, frontline.PersonInput{Name: "张海燕"})
		wantField(t, err, "id_number")
		_, err = c.svc.AddTempPerson(c.ctx, c.pa, tb.ID, frontline.PersonInput{IDNumber: c.idB1})
		wantField(t, err, "id_number")
		must[frontline.Person](t)(c.svc.AddTempPerson(c.ctx, c.pa, tb.ID, frontline.PersonInput{IDNumber: c.idA1, Duty: "书记"}))
		p2 := must[frontline.Person](t)(c.svc.AddTempPerson(c.ctx, c.pa, tb.ID, frontline.PersonInput{MemberID: c.mA2}))
		_, err = c.svc.AddTempPerson(c.ctx, c.pa, tb.ID, frontline.PersonInput{MemberID: c.mA2})
		wantField(t, err, "id_number")
		if got := must[frontline.TempBranch](t)(c.svc.GetTemp(c.ctx, c.pa, tb.ID)); got.Members != 2 {
			t.Fatalf("members %d", got.Members)
		}
		must[struct{}](t)(struct{}{}, c.svc.RemoveTempPerson(c.ctx, c.pa, tb.ID, p2.ID))

		// A temporary branch made on the tree page shows without a task
		// until one is entered.
		bare := must[org.Org](t)(org.NewService(db).Create(c.ctx, c.pa, org.Input{ParentID: c.townA.ID, Name: "东风镇核酸检测临时党支部", Code: "TAT2",
			Kind: org.KindTemp, Domain: org.DomainMixed, FoundedOn: "2022-04-02"}))
		got := must[frontline.TempBranch](t)(c.svc.GetTemp(c.ctx, c.pa, bare.ID))
		if got.HasRecord || got.Task != "" {
			t.Fatalf("bare temp %+v", got)
		}
		_, err = c.svc.SaveTask(c.ctx, c.pa, bare.ID, frontline.TempInput{Task: "核酸检测", PlannedEnd: "2022-04-01"})
		wantField(t, err, "planned_end")
		got = must[frontline.TempBranch](t)(c.svc.SaveTask(c.ctx, c.pa, bare.ID, frontline.TempInput{Task: "核酸检测"}))
		if !got.HasRecord || got.Task != "核酸检测" {
			t.Fatalf("task saved %+v", got)
		}
		if c.audits(t, "frontline.temp.create") != 2 {
			t.Error("task records not audited")
		}
		// An ordinary branch is not a temporary one.
		_, err = c.svc.GetTemp(c.ctx, c.pa, c.brA.ID)
		wantCode(t, err, fault.NotFound)

		// Dissolved when the task is done, through the organization rules.
		_, err = c.svc.DissolveTemp(c.ctx, c.pa, tb.ID, "2022-06-01", "")
		wantField(t, err, "reason")
		got = must[frontline.TempBranch](t)(c.svc.DissolveTemp(c.ctx, c.pa, tb.ID, "2022-06-01", "任务完成"))
		if !got.Dissolved || got.DissolvedOn != "2022-06-01" {
			t.Fatalf("dissolved %+v", got)
		}
		_, err = c.svc.AddTempPerson(c.ctx, c.pa, tb.ID, frontline.PersonInput{MemberID: c.mA2})
		wantCode(t, err, fault.Conflict)
		for _, tc := range []struct {
			f    frontline.Filter
			want int
		}{{frontline.Filter{}, 2}, {frontline.Filter{Active: "0"}, 1}, {frontline.Filter{Active: "1"}, 1}, {frontline.Filter{Q: "卡点"}, 1}, {frontline.Filter{From: "2022-04-01"}, 1}} {
			_, total, err := c.svc.ListTemp(c.ctx, c.pa, tc.f)
			if err != nil || total != tc.want {
				t.Errorf("ListTemp %+v: %d, want %d (%v)", tc.f, total, tc.want, err)
			}
		}
	})
}
