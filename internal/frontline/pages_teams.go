package frontline

import (
	"net/http"
	"net/url"
	"strconv"

	"troika/internal/access"
	"troika/internal/i18n"
	"troika/internal/web"
)

// teamPages serves one kind of team's pages.
type teamPages struct {
	*handlers
	kind TeamKind
}

func (t teamPages) base() string { return "/frontline/" + t.kind.Slug() }

func (t teamPages) figureKeys() []string {
	if t.kind == Volunteer {
		return []string{KeyVolunteers, KeyScreened}
	}
	return []string{KeyTaskForces, KeyDeployed}
}

func (t teamPages) list(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	pg := web.PagingFrom(r)
	f := filterFrom(r.URL.Query())
	f.Limit, f.Offset = pg.Size, pg.Offset()
	items, total, err := t.svc.ListTeams(r.Context(), p, t.kind, f)
	if err != nil {
		return err
	}
	v, data, err := t.listView(r, i18n.T("frontline.title."+string(t.kind)), f)
	if err != nil {
		return err
	}
	strip, err := t.strip(r, f, t.figureKeys(), `SELECT COALESCE(MAX(t.founded_on), '') FROM frontline_teams t JOIN orgs o ON o.id = t.org_id
		WHERE o.path LIKE ? AND t.kind = ?`, string(t.kind))
	if err != nil {
		return err
	}
	data["Strip"], data["Items"], data["Pager"], data["Kind"], data["Base"] = strip, items, web.NewPager(r, pg, total), t.kind, t.base()
	return t.srv.Render.HTML(w, r, "frontline/teams", v)
}

func (t teamPages) detail(w http.ResponseWriter, r *http.Request) error {
	return t.detailWith(w, r, nil)
}

// detailWith draws the team with its people; err is a failed add.
func (t teamPages) detailWith(w http.ResponseWriter, r *http.Request, err error) error {
	p := access.From(r.Context())
	id, perr := web.PathInt(r, "id")
	if perr != nil {
		return perr
	}
	team, gerr := t.svc.GetTeam(r.Context(), p, t.kind, id)
	if gerr != nil {
		return gerr
	}
	people, gerr := t.svc.TeamPeople(r.Context(), p, t.kind, id)
	if gerr != nil {
		return gerr
	}
	v := &web.View{Title: team.Name, Form: r.PostForm, Data: map[string]any{"Team": team, "People": people, "Kind": t.kind, "Base": t.base()}}
	if err != nil {
		v.FormError(err)
	}
	return t.srv.Render.HTML(w, r, "frontline/team", v)
}

func teamInputFrom(r *http.Request) TeamInput {
	return TeamInput{OrgID: idField(r.PostFormValue("org_id")), Name: r.PostFormValue("name"), Purpose: r.PostFormValue("purpose"),
		Leader: r.PostFormValue("leader"), FoundedOn: r.PostFormValue("founded_on"), EndedOn: r.PostFormValue("ended_on"), Note: r.PostFormValue("note")}
}

func (t teamPages) form(w http.ResponseWriter, r *http.Request, team Team, err error) error {
	p := access.From(r.Context())
	holders, herr := t.svc.holders(r.Context(), p)
	if herr != nil {
		return herr
	}
	title := i18n.T("frontline.new." + string(t.kind))
	if team.ID != 0 {
		title = i18n.T("frontline.edit_title", team.Name)
	}
	form := url.Values{"org_id": {strconv.FormatInt(team.OrgID, 10)}, "name": {team.Name}, "purpose": {team.Purpose}, "leader": {team.Leader},
		"founded_on": {team.FoundedOn}, "ended_on": {team.EndedOn}, "note": {team.Note}}
	if r.Method == http.MethodPost {
		form = r.PostForm
	}
	v := &web.View{Title: title, Form: form, Data: map[string]any{"Team": team, "Holders": holders, "Kind": t.kind, "Base": t.base()}}
	if err != nil {
		v.FormError(err)
	}
	return t.srv.Render.HTML(w, r, "frontline/team_form", v)
}

func (t teamPages) newForm(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	return t.form(w, r, Team{OrgID: p.OrgID, FoundedOn: t.svc.today()}, nil)
}

func (t teamPages) create(w http.ResponseWriter, r *http.Request) error {
	team, err := t.svc.CreateTeam(r.Context(), access.From(r.Context()), t.kind, teamInputFrom(r))
	if err == nil {
		return redirect(w, r, t.base()+"/"+strconv.FormatInt(team.ID, 10), "msg.frontline.created")
	}
	if !formFailed(err) {
		return err
	}
	return t.form(w, r, Team{}, err)
}

func (t teamPages) editForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	team, err := t.svc.GetTeam(r.Context(), access.From(r.Context()), t.kind, id)
	if err != nil {
		return err
	}
	return t.form(w, r, team, nil)
}

func (t teamPages) edit(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	before, err := t.svc.GetTeam(r.Context(), p, t.kind, id)
	if err != nil {
		return err
	}
	if _, err = t.svc.UpdateTeam(r.Context(), p, t.kind, id, teamInputFrom(r)); err == nil {
		return redirect(w, r, t.base()+"/"+strconv.FormatInt(id, 10), "msg.frontline.saved")
	}
	if !formFailed(err) {
		return err
	}
	return t.form(w, r, before, err)
}

func personInputFrom(r *http.Request) PersonInput {
	return PersonInput{MemberID: idField(r.PostFormValue("member_id")), IDNumber: r.PostFormValue("id_number"),
		Name: r.PostFormValue("name"), Duty: r.PostFormValue("duty")}
}

func (t teamPages) addPerson(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	if _, err = t.svc.AddTeamPerson(r.Context(), access.From(r.Context()), t.kind, id, personInputFrom(r)); err == nil {
		return redirect(w, r, t.base()+"/"+strconv.FormatInt(id, 10), "msg.frontline.person_added")
	}
	if !formFailed(err) {
		return err
	}
	return t.detailWith(w, r, err)
}

func (t teamPages) removePerson(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "id")
	if err != nil {
		return err
	}
	pid, err := web.PathInt(r, "pid")
	if err != nil {
		return err
	}
	if err := t.svc.RemoveTeamPerson(r.Context(), access.From(r.Context()), t.kind, id, pid); err != nil {
		return err
	}
	return redirect(w, r, t.base()+"/"+strconv.FormatInt(id, 10), "msg.frontline.person_removed")
}
