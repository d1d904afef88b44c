package frontline

import (
	"context"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/store"
)

const screenCols = `x.id, x.org_id, o.name, x.screened_on, x.place, COALESCE(x.team_id, 0), COALESCE(t.name, ''), x.persons, x.note,
	x.created_at, x.updated_at`

const screenFrom = ` FROM screenings x JOIN orgs o ON o.id = x.org_id LEFT JOIN frontline_teams t ON t.id = x.team_id`

func scanScreening(sc interface{ Scan(...any) error }) (Screening, error) {
	var x Screening
	var created, updated int64
	err := sc.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.ScreenedOn, &x.Place, &x.TeamID, &x.TeamName, &x.Persons, &x.Note, &created, &updated)
	x.CreatedAt, x.UpdatedAt = store.Time(created), store.Time(updated)
	return x, err
}

func screenWhere(p *access.Principal, f Filter) *clause {
	c := scoped(p, f)
	c.keyword(f.Q, "x.place", "x.note", "t.name")
	if f.From != "" {
		c.add("x.screened_on >= ?", f.From)
	}
	if f.To != "" {
		c.add("x.screened_on <= ?", f.To)
	}
	if f.TeamID != 0 {
		c.add("x.team_id = ?", f.TeamID)
	}
	return c
}

// ListScreenings returns one page of screenings in scope, latest first,
// and the persons screened over the whole filtered list.
func (s *Service) ListScreenings(ctx context.Context, p *access.Principal, f Filter) ([]Screening, int, int64, error) {
	c := screenWhere(p, f)
	var total int
	var persons int64
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(x.persons), 0)`+screenFrom+c.sql(), c.args...).Scan(&total, &persons); err != nil {
		return nil, 0, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+screenCols+screenFrom+c.sql()+` ORDER BY x.screened_on DESC, x.id DESC LIMIT ? OFFSET ?`,
		append(c.args, limit(f), f.Offset)...)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	var out []Screening
	for rows.Next() {
		x, err := scanScreening(rows)
		if err != nil {
			return nil, 0, 0, err
		}
		out = append(out, x)
	}
	return out, total, persons, rows.Err()
}

func getScreening(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Screening, error) {
	x, err := scanScreening(q.QueryRowContext(ctx, `SELECT `+screenCols+screenFrom+` WHERE x.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
	if store.IsNoRows(err) {
		return x, notFound()
	}
	return x, err
}

// GetScreening returns a screening in scope.
func (s *Service) GetScreening(ctx context.Context, p *access.Principal, id int64) (Screening, error) {
	return getScreening(ctx, s.DB, p, id)
}

// maxPersons bounds one record: a checkpoint screens hundreds a day, not
// tens of thousands.
const maxPersons = 100000

func (s *Service) checkScreening(ctx context.Context, q store.Querier, p *access.Principal, in *ScreeningInput) error {
	f := s.newForm()
	f.date("screened_on", "frontline.field.screened_on", &in.ScreenedOn, true)
	f.text("place", "frontline.field.place", &in.Place, 80, true)
	f.text("note", "frontline.field.note", &in.Note, 500, false)
	if in.Persons < 0 || in.Persons > maxPersons {
		f.add("persons", "frontline.field.persons", "field.range", 0, maxPersons)
	}
	if in.OrgID <= 0 {
		f.add("org_id", "frontline.field.filer", "field.choose")
	} else if _, err := orgInScope(ctx, q, p, in.OrgID, "org_id", "frontline.field.filer", false); err != nil {
		if fault.CodeOf(err) != fault.Invalid {
			return err
		}
		f.add("org_id", "frontline.field.filer", "field.not_found")
	}
	if in.TeamID != 0 {
		if _, err := getTeam(ctx, q, p, in.TeamID); err != nil {
			if fault.CodeOf(err) != fault.NotFound {
				return err
			}
			f.add("team_id", "frontline.field.team", "field.not_found")
		}
	}
	return f.err()
}

// CreateScreening files a screening record.
func (s *Service) CreateScreening(ctx context.Context, p *access.Principal, in ScreeningInput) (Screening, error) {
	var x Screening
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkScreening(ctx, tx, p, &in); err != nil {
			return err
		}
		id, err := insertScreening(ctx, tx, p, in, store.Millis(s.Now()))
		if err != nil {
			return err
		}
		if x, err = getScreening(ctx, tx, p, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.screening.create", ObjectType: "screening", ObjectID: id, Detail: x})
	})
	return x, err
}

func insertScreening(ctx context.Context, tx *store.Tx, p *access.Principal, in ScreeningInput, now int64) (int64, error) {
	var team any
	if in.TeamID != 0 {
		team = in.TeamID
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO screenings (org_id, screened_on, place, team_id, persons, note, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.ScreenedOn, in.Place, team, in.Persons, in.Note, p.UserID, now, now).Scan(&id)
	return id, err
}

// UpdateScreening edits a screening record.
func (s *Service) UpdateScreening(ctx context.Context, p *access.Principal, id int64, in ScreeningInput) (Screening, error) {
	var after Screening
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getScreening(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := s.checkScreening(ctx, tx, p, &in); err != nil {
			return err
		}
		var team any
		if in.TeamID != 0 {
			team = in.TeamID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE screenings SET org_id = ?, screened_on = ?, place = ?, team_id = ?, persons = ?, note = ?, updated_at = ?
			WHERE id = ?`, in.OrgID, in.ScreenedOn, in.Place, team, in.Persons, in.Note, store.Millis(s.Now()), id); err != nil {
			return err
		}
		if after, err = getScreening(ctx, tx, p, id); err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.screening.update", ObjectType: "screening", ObjectID: id, Detail: changes})
	})
	return after, err
}

// DeleteScreening removes a screening record entered in error.
func (s *Service) DeleteScreening(ctx context.Context, p *access.Principal, id int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		x, err := getScreening(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM screenings WHERE id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.screening.delete", ObjectType: "screening", ObjectID: id, Detail: x})
	})
}
