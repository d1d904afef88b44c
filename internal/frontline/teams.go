package frontline

import (
	"context"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

const teamCols = `t.id, t.org_id, o.name, t.kind, t.name, t.purpose, t.leader, t.founded_on, t.ended_on, t.note,
	(SELECT COUNT(*) FROM frontline_team_members tm WHERE tm.team_id = t.id), t.created_at, t.updated_at`

func scanTeam(sc interface{ Scan(...any) error }) (Team, error) {
	var t Team
	var kind string
	var created, updated int64
	err := sc.Scan(&t.ID, &t.OrgID, &t.OrgName, &kind, &t.Name, &t.Purpose, &t.Leader, &t.FoundedOn, &t.EndedOn, &t.Note,
		&t.Members, &created, &updated)
	t.Kind = TeamKind(kind)
	t.CreatedAt, t.UpdatedAt = store.Time(created), store.Time(updated)
	return t, err
}

func (s *Service) teamWhere(p *access.Principal, kind TeamKind, f Filter) *clause {
	c := scoped(p, f)
	c.add("t.kind = ?", string(kind))
	c.keyword(f.Q, "t.name", "t.purpose", "t.leader")
	if f.From != "" {
		c.add("t.founded_on >= ?", f.From)
	}
	if f.To != "" {
		c.add("t.founded_on <= ?", f.To)
	}
	switch f.Active {
	case "1":
		c.add("(t.ended_on = '' OR t.ended_on >= ?)", s.today())
	case "0":
		c.add("t.ended_on <> '' AND t.ended_on < ?", s.today())
	}
	return c
}

// ListTeams returns one page of teams of a kind in scope, newest first.
func (s *Service) ListTeams(ctx context.Context, p *access.Principal, kind TeamKind, f Filter) ([]Team, int, error) {
	c := s.teamWhere(p, kind, f)
	from := ` FROM frontline_teams t JOIN orgs o ON o.id = t.org_id`
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+from+c.sql(), c.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+teamCols+from+c.sql()+` ORDER BY t.founded_on DESC, t.id DESC LIMIT ? OFFSET ?`,
		append(c.args, limit(f), f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Team
	for rows.Next() {
		t, err := scanTeam(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

func getTeam(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Team, error) {
	t, err := scanTeam(q.QueryRowContext(ctx, `SELECT `+teamCols+` FROM frontline_teams t JOIN orgs o ON o.id = t.org_id
		WHERE t.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
	if store.IsNoRows(err) {
		return t, notFound()
	}
	return t, err
}

// GetTeam returns a team of kind in scope; another kind's team under this
// kind's address does not exist either.
func (s *Service) GetTeam(ctx context.Context, p *access.Principal, kind TeamKind, id int64) (Team, error) {
	t, err := getTeam(ctx, s.DB, p, id)
	if err == nil && t.Kind != kind {
		return Team{}, notFound()
	}
	return t, err
}

func (s *Service) validateTeam(in *TeamInput) error {
	f := s.newForm()
	f.text("name", "frontline.field.team_name", &in.Name, 80, true)
	f.text("purpose", "frontline.field.purpose", &in.Purpose, 500, true)
	f.text("leader", "frontline.field.leader", &in.Leader, 40, true)
	f.date("founded_on", "frontline.field.founded_on", &in.FoundedOn, true)
	f.span("ended_on", "frontline.field.ended_on", in.FoundedOn, &in.EndedOn)
	f.text("note", "frontline.field.note", &in.Note, 500, false)
	if in.OrgID <= 0 {
		f.add("org_id", "frontline.field.owner", "field.choose")
	}
	return f.err()
}

// CreateTeam sets up a task force or volunteer team under an organization
// in scope.
func (s *Service) CreateTeam(ctx context.Context, p *access.Principal, kind TeamKind, in TeamInput) (Team, error) {
	if !kind.Valid() {
		return Team{}, notFound()
	}
	if err := s.validateTeam(&in); err != nil {
		return Team{}, err
	}
	var t Team
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := orgInScope(ctx, tx, p, in.OrgID, "org_id", "frontline.field.owner", true); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO frontline_teams (org_id, kind, name, purpose, leader, founded_on, ended_on, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, string(kind), in.Name, in.Purpose, in.Leader, in.FoundedOn,
			in.EndedOn, in.Note, now, now).Scan(&id); err != nil {
			return err
		}
		var err error
		if t, err = getTeam(ctx, tx, p, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.team.create", ObjectType: "frontline_team", ObjectID: id, Detail: t})
	})
	return t, err
}

// UpdateTeam edits a team; its owner may move only within the scope.
func (s *Service) UpdateTeam(ctx context.Context, p *access.Principal, kind TeamKind, id int64, in TeamInput) (Team, error) {
	if err := s.validateTeam(&in); err != nil {
		return Team{}, err
	}
	var after Team
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getTeam(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if before.Kind != kind {
			return notFound()
		}
		if in.OrgID != before.OrgID {
			if _, err := orgInScope(ctx, tx, p, in.OrgID, "org_id", "frontline.field.owner", true); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE frontline_teams SET org_id = ?, name = ?, purpose = ?, leader = ?, founded_on = ?, ended_on = ?, note = ?, updated_at = ?
			WHERE id = ?`, in.OrgID, in.Name, in.Purpose, in.Leader, in.FoundedOn, in.EndedOn, in.Note, store.Millis(s.Now()), id); err != nil {
			return err
		}
		if after, err = getTeam(ctx, tx, p, id); err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.team.update", ObjectType: "frontline_team", ObjectID: id, Detail: changes})
	})
	return after, err
}

// TeamPeople lists a team's people in the order they were added.
func (s *Service) TeamPeople(ctx context.Context, p *access.Principal, kind TeamKind, id int64) ([]Person, error) {
	if _, err := s.GetTeam(ctx, p, kind, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT tm.id, COALESCE(tm.member_id, 0), tm.name, COALESCE(m.id_mask, ''), tm.duty
		FROM frontline_team_members tm LEFT JOIN members m ON m.id = tm.member_id WHERE tm.team_id = ? ORDER BY tm.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Person{}
	for rows.Next() {
		var x Person
		if err := rows.Scan(&x.ID, &x.MemberID, &x.Name, &x.IDMask, &x.Duty); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// resolvePerson validates a person to add; members are found in scope by
// id or identity number. needMember refuses a name without a member.
func (s *Service) resolvePerson(ctx context.Context, q store.Querier, p *access.Principal, in *PersonInput, needMember bool) (memberRef, error) {
	f := s.newForm()
	f.text("duty", "frontline.field.duty", &in.Duty, 40, false)
	f.text("name", "frontline.field.person_name", &in.Name, 40, false)
	if err := f.err(); err != nil {
		return memberRef{}, err
	}
	var hash string
	if in.MemberID == 0 && in.IDNumber != "" {
		n, err := s.parseID(in.IDNumber)
		if err != nil {
			return memberRef{}, err
		}
		hash = s.Keys.Hash(idHashKind, n)
	}
	if in.MemberID != 0 || hash != "" {
		m, err := memberInScope(ctx, q, p, in.MemberID, hash)
		if store.IsNoRows(err) {
			field := "id_number"
			if in.MemberID != 0 {
				field = "member_id"
			}
			var v fault.Fields
			v.Add(field, i18n.T("frontline.field.member"), i18n.T("frontline.not_member"))
			return m, v.Err()
		}
		return m, err
	}
	if needMember {
		var v fault.Fields
		v.Add("id_number", i18n.T("frontline.field.member"), i18n.T("frontline.member_required"))
		return memberRef{}, v.Err()
	}
	if in.Name == "" {
		var v fault.Fields
		v.Add("name", i18n.T("frontline.field.person_name"), i18n.T("frontline.name_or_member"))
		return memberRef{}, v.Err()
	}
	return memberRef{}, nil
}

// AddTeamPerson adds a member of the roll or a named person to a team; a
// member is in a team once.
func (s *Service) AddTeamPerson(ctx context.Context, p *access.Principal, kind TeamKind, teamID int64, in PersonInput) (Person, error) {
	var out Person
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		t, err := getTeam(ctx, tx, p, teamID)
		if err != nil {
			return err
		}
		if t.Kind != kind {
			return notFound()
		}
		m, err := s.resolvePerson(ctx, tx, p, &in, false)
		if err != nil {
			return err
		}
		var memberID any
		out = Person{Name: in.Name, Duty: in.Duty}
		if m.ID != 0 {
			var dup int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM frontline_team_members WHERE team_id = ? AND member_id = ?`, teamID, m.ID).Scan(&dup); err != nil {
				return err
			}
			if dup > 0 {
				var v fault.Fields
				v.Add("id_number", i18n.T("frontline.field.member"), i18n.T("frontline.already_in"))
				return v.Err()
			}
			memberID, out.MemberID, out.Name, out.IDMask = m.ID, m.ID, m.Name, m.IDMask
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO frontline_team_members (team_id, member_id, name, duty, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			teamID, memberID, out.Name, out.Duty, store.Millis(s.Now())).Scan(&out.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE frontline_teams SET updated_at = ? WHERE id = ?`, store.Millis(s.Now()), teamID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.team.add_person", ObjectType: "frontline_team", ObjectID: teamID,
			Detail: map[string]any{"person_id": out.ID, "member_id": out.MemberID, "name": out.Name, "duty": out.Duty}})
	})
	return out, err
}

// RemoveTeamPerson takes a person off a team.
func (s *Service) RemoveTeamPerson(ctx context.Context, p *access.Principal, kind TeamKind, teamID, personID int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		t, err := getTeam(ctx, tx, p, teamID)
		if err != nil {
			return err
		}
		if t.Kind != kind {
			return notFound()
		}
		var name string
		var memberID int64
		err = tx.QueryRowContext(ctx, `SELECT name, COALESCE(member_id, 0) FROM frontline_team_members WHERE id = ? AND team_id = ?`, personID, teamID).Scan(&name, &memberID)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM frontline_team_members WHERE id = ?`, personID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.team.remove_person", ObjectType: "frontline_team", ObjectID: teamID,
			Detail: map[string]any{"person_id": personID, "member_id": memberID, "name": name}})
	})
}
