package frontline_test

import (
	"strings"
	"testing"

	"troika/internal/fault"
	"troika/internal/frontline"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestTeams(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		c := newCity(t, db)
		// Every mistake at once, each naming its field; nothing written.
		_, err := c.svc.CreateTeam(c.ctx, c.pa, frontline.TaskForce, frontline.TeamInput{OrgID: c.brA.ID, FoundedOn: "2023-03-02", EndedOn: "x"})
		for _, f := range []string{"name", "purpose", "leader", "founded_on", "ended_on"} {
			wantField(t, err, f)
		}
		_, err = c.svc.CreateTeam(c.ctx, c.pa, frontline.TaskForce, frontline.TeamInput{OrgID: c.brA.ID, Name: "核酸检测专班", Purpose: "p", Leader: "l",
			FoundedOn: "2022-04-01", EndedOn: "2022-03-01"})
		wantField(t, err, "ended_on")
		if n := c.audits(t, "frontline.team.create"); n != 0 {
			t.Fatalf("%d creates audited after refusals", n)
		}

		tf := must[frontline.Team](t)(c.svc.CreateTeam(c.ctx, c.pa, frontline.TaskForce, frontline.TeamInput{OrgID: c.brA.ID, Name: " 核酸检测专班 ",
			Purpose: "组织核酸检测", Leader: "金明哲", FoundedOn: "2022-04-01"}))
		if tf.Name != "核酸检测专班" || tf.OrgName != c.brA.Name || tf.Kind != frontline.TaskForce {
			t.Fatalf("created %+v", tf)
		}
		// A task force is not a volunteer team under the other address.
		_, err = c.svc.GetTeam(c.ctx, c.pa, frontline.Volunteer, tf.ID)
		wantCode(t, err, fault.NotFound)

		up := must[frontline.Team](t)(c.svc.UpdateTeam(c.ctx, c.pa, frontline.TaskForce, tf.ID, frontline.TeamInput{OrgID: c.townA.ID, Name: "核酸检测专班",
			Purpose: "组织核酸检测", Leader: "朴顺姬", FoundedOn: "2022-04-01", EndedOn: "2022-06-30"}))
		if up.Leader != "朴顺姬" || up.OrgID != c.townA.ID || up.EndedOn != "2022-06-30" {
			t.Fatalf("updated %+v", up)
		}
		var detail string
		if err := db.QueryRowContext(c.ctx, `SELECT detail FROM audit_log WHERE action = 'frontline.team.update'`).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if !contains(detail, "朴顺姬") || contains(detail, "updated_at") {
			t.Errorf("update audit: %s", detail)
		}

		// People: a member found by identity number, a resident by name.
		p1 := must[frontline.Person](t)(c.svc.AddTeamPerson(c.ctx, c.pa, frontline.TaskForce, tf.ID, frontline.PersonInput{IDNumber: c.idA1, Duty: "队长"}))
		if p1.MemberID != c.mA1 || p1.Name != "金明哲" || p1.IDMask == "" || p1.IDMask == c.idA1 {
			t.Fatalf("member added: %+v", p1)
		}
		_, err = c.svc.AddTeamPerson(c.ctx, c.pa, frontline.TaskForce, tf.ID, frontline.PersonInput{MemberID: c.mA1})
		wantField(t, err, "id_number")
		// Town B's member is not town A's to add.
		_, err = c.svc.AddTeamPerson(c.ctx, c.pa, frontline.TaskForce, tf.ID, frontline.PersonInput{IDNumber: c.idB1})
		wantField(t, err, "id_number")
		_, err = c.svc.AddTeamPerson(c.ctx, c.pa, frontline.TaskForce, tf.ID, frontline.PersonInput{IDNumber: "222401198001010010"})
		wantField(t, err, "id_number")
		_, err = c.svc.AddTeamPerson(c.ctx, c.pa, frontline.TaskForce, tf.ID, frontline.PersonInput{})
		wantField(t, err, "name")
		p2 := must[frontline.Person](t)(c.svc.AddTeamPerson(c.ctx, c.pa, frontline.TaskForce, tf.ID, frontline.PersonInput{Name: "张海燕", Duty: "队员"}))
		people := must[[]frontline.Person](t)(c.svc.TeamPeople(c.ctx, c.pa, frontline.TaskForce, tf.ID))
		if len(people) != 2 || people[1].ID != p2.ID || people[1].MemberID != 0 {
			t.Fatalf("people %+v", people)
		}
		if got := must[frontline.Team](t)(c.svc.GetTeam(c.ctx, c.pa, frontline.TaskForce, tf.ID)); got.Members != 2 {
			t.Fatalf("member count %d", got.Members)
		}
		if err := c.svc.RemoveTeamPerson(c.ctx, c.pa, frontline.TaskForce, tf.ID, p2.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, c.svc.RemoveTeamPerson(c.ctx, c.pa, frontline.TaskForce, tf.ID, p2.ID), fault.NotFound)
		if c.audits(t, "frontline.team.add_person") != 2 || c.audits(t, "frontline.team.remove_person") != 1 {
			t.Error("people changes not audited")
		}

		// Lists: by kind, keyword, dates and state.
		must[frontline.Team](t)(c.svc.CreateTeam(c.ctx, c.pa, frontline.Volunteer, frontline.TeamInput{OrgID: c.brA.ID, Name: "春华社区党员志愿者服务队",
			Purpose: "入户排查", Leader: "金明哲", FoundedOn: "2022-03-15"}))
		for _, tc := range []struct {
			f    frontline.Filter
			want int
		}{{frontline.Filter{}, 1}, {frontline.Filter{Q: "核酸"}, 1}, {frontline.Filter{Q: "志愿"}, 0}, {frontline.Filter{From: "2022-04-02"}, 0},
			{frontline.Filter{Active: "0"}, 1}, {frontline.Filter{Active: "1"}, 0}, {frontline.Filter{Under: c.brA.ID}, 0}, {frontline.Filter{Under: c.townA.ID}, 1}} {
			_, total, err := c.svc.ListTeams(c.ctx, c.pa, frontline.TaskForce, tc.f)
			if err != nil || total != tc.want {
				t.Errorf("ListTeams %+v: %d, want %d (%v)", tc.f, total, tc.want, err)
			}
		}
	})
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
