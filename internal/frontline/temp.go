package frontline

import (
	"context"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/org"
	"troika/internal/store"
)

const tempCols = `o.id, o.name, o.code, COALESCE(o.parent_id, 0), COALESCE(pa.name, ''), o.secretary, COALESCE(tb.task, ''),
	o.founded_on, COALESCE(tb.planned_end, ''), COALESCE(tb.note, ''), CASE WHEN tb.id IS NULL THEN 0 ELSE 1 END,
	o.dissolved, o.dissolved_on, o.dissolve_reason,
	(SELECT COUNT(*) FROM temp_branch_members bm WHERE bm.org_id = o.id), o.created_at, COALESCE(tb.updated_at, o.updated_at)`

const tempFrom = ` FROM orgs o LEFT JOIN temp_branches tb ON tb.org_id = o.id LEFT JOIN orgs pa ON pa.id = o.parent_id`

func scanTemp(sc interface{ Scan(...any) error }) (TempBranch, error) {
	var t TempBranch
	var has int
	var created, updated int64
	err := sc.Scan(&t.ID, &t.Name, &t.Code, &t.ParentID, &t.ParentName, &t.Secretary, &t.Task, &t.StartedOn, &t.PlannedEnd, &t.Note, &has,
		&t.Dissolved, &t.DissolvedOn, &t.DissolveReason, &t.Members, &created, &updated)
	t.HasRecord = has == 1
	t.CreatedAt, t.UpdatedAt = store.Time(created), store.Time(updated)
	return t, err
}

// ListTemp returns one page of temporary branches in scope, newest first.
func (s *Service) ListTemp(ctx context.Context, p *access.Principal, f Filter) ([]TempBranch, int, error) {
	c := scoped(p, f)
	c.add("o.kind = ?", string(org.KindTemp))
	c.keyword(f.Q, "o.name", "o.code", "tb.task", "o.secretary")
	if f.From != "" {
		c.add("o.founded_on >= ?", f.From)
	}
	if f.To != "" {
		c.add("o.founded_on <= ?", f.To)
	}
	switch f.Active {
	case "1":
		c.add("o.dissolved = FALSE")
	case "0":
		c.add("o.dissolved = TRUE")
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+tempFrom+c.sql(), c.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+tempCols+tempFrom+c.sql()+` ORDER BY o.founded_on DESC, o.id DESC LIMIT ? OFFSET ?`,
		append(c.args, limit(f), f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []TempBranch
	for rows.Next() {
		t, err := scanTemp(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

func getTemp(ctx context.Context, q store.Querier, p *access.Principal, orgID int64) (TempBranch, error) {
	t, err := scanTemp(q.QueryRowContext(ctx, `SELECT `+tempCols+tempFrom+` WHERE o.id = ? AND o.kind = ? AND o.path LIKE ?`,
		orgID, string(org.KindTemp), p.ScopeLike()))
	if store.IsNoRows(err) {
		return t, notFound()
	}
	return t, err
}

// GetTemp returns a temporary branch in scope by its organization id.
func (s *Service) GetTemp(ctx context.Context, p *access.Principal, orgID int64) (TempBranch, error) {
	return getTemp(ctx, s.DB, p, orgID)
}

func (s *Service) validateTask(in *TempInput, start string) *form {
	f := s.newForm()
	f.text("task", "frontline.field.task", &in.Task, 500, true)
	f.span("planned_end", "frontline.field.planned_end", start, &in.PlannedEnd)
	f.text("note", "frontline.field.note", &in.Note, 500, false)
	return f
}

// CreateTemp sets up a temporary branch for a task: the organization of
// kind temp under the parent (through the organization service, with its
// rules and audit) and then its task record. Everything is checked before
// the organization is made; should the record still fail, the branch
// shows in this ledger as "task not entered" and can be completed.
func (s *Service) CreateTemp(ctx context.Context, p *access.Principal, in TempInput) (TempBranch, error) {
	f := s.validateTask(&in, in.StartedOn)
	f.date("started_on", "frontline.field.started_on", &in.StartedOn, true)
	f.text("name", "org.field.name", &in.Name, 80, true)
	f.text("code", "org.field.code", &in.Code, 32, true)
	f.text("secretary", "org.field.secretary", &in.Secretary, 40, false)
	if in.ParentID <= 0 {
		f.add("parent_id", "org.field.parent", "field.choose")
	}
	if err := f.err(); err != nil {
		// The organization's own checks run too, so every mistake shows at once.
		if _, oerr := s.orgCheck(ctx, p, in); oerr != nil {
			return TempBranch{}, merge(err, oerr)
		}
		return TempBranch{}, err
	}
	parent, err := s.orgCheck(ctx, p, in)
	if err != nil {
		return TempBranch{}, err
	}
	o, err := s.Orgs.Create(ctx, p, org.Input{ParentID: in.ParentID, Name: in.Name, Code: in.Code, Kind: org.KindTemp,
		Domain: parent.Domain, Secretary: in.Secretary, FoundedOn: in.StartedOn})
	if err != nil {
		return TempBranch{}, err
	}
	return s.SaveTask(ctx, p, o.ID, in)
}

// orgCheck reads the parent and runs the organization rules that can be
// checked before creating: the parent in scope, live, and able to hold a
// temporary branch.
func (s *Service) orgCheck(ctx context.Context, p *access.Principal, in TempInput) (org.Org, error) {
	var v fault.Fields
	if in.ParentID <= 0 {
		return org.Org{}, nil
	}
	parent, err := s.Orgs.Get(ctx, p, in.ParentID)
	if fault.CodeOf(err) == fault.NotFound {
		v.Add("parent_id", i18n.T("org.field.parent"), i18n.T("field.not_found"))
		return parent, v.Err()
	}
	if err != nil {
		return parent, err
	}
	if parent.Dissolved {
		v.Add("parent_id", i18n.T("org.field.parent"), i18n.T("org.parent_dissolved"))
	} else if !org.KindTemp.CanStandUnder(parent.Kind) {
		v.Add("parent_id", i18n.T("org.field.parent"), i18n.T("org.kind_under", org.KindTemp.Label(), parent.Kind.Label()))
	}
	return parent, v.Err()
}

// merge joins the field errors of two invalid-input errors.
func merge(a, b error) error {
	ea, ok1 := fault.As(a)
	eb, ok2 := fault.As(b)
	if !ok1 || !ok2 || ea.Code != fault.Invalid || eb.Code != fault.Invalid {
		return a
	}
	var v fault.Fields
	for _, fe := range append(append([]fault.FieldError{}, ea.Fields...), eb.Fields...) {
		v.Add(fe.Field, fe.Label, fe.Message)
	}
	return v.Err()
}

// SaveTask enters or edits the task record of a temporary branch.
func (s *Service) SaveTask(ctx context.Context, p *access.Principal, orgID int64, in TempInput) (TempBranch, error) {
	var after TempBranch
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getTemp(ctx, tx, p, orgID)
		if err != nil {
			return err
		}
		if err := s.validateTask(&in, before.StartedOn).err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		action := "frontline.temp.update"
		if before.HasRecord {
			_, err = tx.ExecContext(ctx, `UPDATE temp_branches SET task = ?, planned_end = ?, note = ?, updated_at = ? WHERE org_id = ?`,
				in.Task, in.PlannedEnd, in.Note, now, orgID)
		} else {
			action = "frontline.temp.create"
			_, err = tx.ExecContext(ctx, `INSERT INTO temp_branches (org_id, task, planned_end, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				orgID, in.Task, in.PlannedEnd, in.Note, now, now)
		}
		if err != nil {
			return err
		}
		if after, err = getTemp(ctx, tx, p, orgID); err != nil {
			return err
		}
		var detail any = after
		if before.HasRecord {
			changes := audit.Changes(before, after)
			delete(changes, "updated_at")
			detail = changes
		}
		return audit.Record(ctx, tx, audit.Event{Action: action, ObjectType: "temp_branch", ObjectID: orgID, Detail: detail})
	})
	return after, err
}

// DissolveTemp dissolves a temporary branch when its task is done, through
// the organization service.
func (s *Service) DissolveTemp(ctx context.Context, p *access.Principal, orgID int64, on, reason string) (TempBranch, error) {
	if _, err := s.GetTemp(ctx, p, orgID); err != nil {
		return TempBranch{}, err
	}
	if err := s.Orgs.Dissolve(ctx, p, orgID, on, reason); err != nil {
		return TempBranch{}, err
	}
	return s.GetTemp(ctx, p, orgID)
}

// TempPeople lists the members of a temporary branch.
func (s *Service) TempPeople(ctx context.Context, p *access.Principal, orgID int64) ([]Person, error) {
	if _, err := s.GetTemp(ctx, p, orgID); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT bm.id, bm.member_id, m.name, m.id_mask, bm.duty
		FROM temp_branch_members bm JOIN members m ON m.id = bm.member_id WHERE bm.org_id = ? ORDER BY bm.id`, orgID)
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

// AddTempPerson adds a member of the roll (in scope) to a live temporary
// branch.
func (s *Service) AddTempPerson(ctx context.Context, p *access.Principal, orgID int64, in PersonInput) (Person, error) {
	var out Person
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		t, err := getTemp(ctx, tx, p, orgID)
		if err != nil {
			return err
		}
		if t.Dissolved {
			return fault.New(fault.Conflict, "%s", i18n.T("org.is_dissolved"))
		}
		m, err := s.resolvePerson(ctx, tx, p, &in, true)
		if err != nil {
			return err
		}
		out = Person{MemberID: m.ID, Name: m.Name, IDMask: m.IDMask, Duty: in.Duty}
		err = tx.QueryRowContext(ctx, `INSERT INTO temp_branch_members (org_id, member_id, duty, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			orgID, m.ID, in.Duty, store.Millis(s.Now())).Scan(&out.ID)
		if store.IsUniqueViolation(err) {
			var v fault.Fields
			v.Add("id_number", i18n.T("frontline.field.member"), i18n.T("frontline.already_in"))
			return v.Err()
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.temp.add_person", ObjectType: "temp_branch", ObjectID: orgID,
			Detail: map[string]any{"person_id": out.ID, "member_id": m.ID, "name": m.Name, "duty": in.Duty}})
	})
	return out, err
}

// RemoveTempPerson takes a member off a temporary branch.
func (s *Service) RemoveTempPerson(ctx context.Context, p *access.Principal, orgID, personID int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := getTemp(ctx, tx, p, orgID); err != nil {
			return err
		}
		var memberID int64
		err := tx.QueryRowContext(ctx, `SELECT member_id FROM temp_branch_members WHERE id = ? AND org_id = ?`, personID, orgID).Scan(&memberID)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM temp_branch_members WHERE id = ?`, personID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.temp.remove_person", ObjectType: "temp_branch", ObjectID: orgID,
			Detail: map[string]any{"person_id": personID, "member_id": memberID}})
	})
}
