package partner

import (
	"context"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/store"
)

const projectCols = `x.id, x.org_id, o.name, x.name, x.place, x.area_m2, x.funds, COALESCE(x.deal_id, 0), COALESCE(d.partner || '：' || d.title, ''),
	x.started_on, x.completed_on, x.note, x.created_at, x.updated_at`

const projectFrom = ` FROM partner_projects x JOIN orgs o ON o.id = x.org_id LEFT JOIN partner_deals d ON d.id = x.deal_id`

func scanProject(sc interface{ Scan(...any) error }) (Project, error) {
	var x Project
	var created, updated int64
	err := sc.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.Name, &x.Place, &x.AreaM2, &x.Funds, &x.DealID, &x.DealTitle,
		&x.StartedOn, &x.CompletedOn, &x.Note, &created, &updated)
	x.CreatedAt, x.UpdatedAt = store.Time(created), store.Time(updated)
	return x, err
}

func projectWhere(p *access.Principal, f Filter) *clause {
	c := scoped(p, f.Under)
	c.keyword(f.Q, "x.name", "x.place", "o.name")
	if f.From != "" {
		c.add("x.started_on >= ?", f.From)
	}
	if f.To != "" {
		c.add("x.started_on <= ?", f.To)
	}
	return c
}

// ProjectTotals are the sums over a filtered list of projects.
type ProjectTotals struct {
	AreaM2 int64 `json:"area_m2"`
	Funds  int64 `json:"funds"`
}

// ListProjects returns one page of projects in scope, latest started
// first, and the sums over the whole filtered list.
func (s *Service) ListProjects(ctx context.Context, p *access.Principal, f Filter) ([]Project, int, ProjectTotals, error) {
	c := projectWhere(p, f)
	var total int
	var t ProjectTotals
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(x.area_m2), 0), COALESCE(SUM(x.funds), 0)`+projectFrom+c.sql(), c.args...).
		Scan(&total, &t.AreaM2, &t.Funds); err != nil {
		return nil, 0, t, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+projectCols+projectFrom+c.sql()+` ORDER BY x.started_on DESC, x.id DESC LIMIT ? OFFSET ?`,
		append(c.args, limit(f), f.Offset)...)
	if err != nil {
		return nil, 0, t, err
	}
	defer rows.Close()
	var out []Project
	for rows.Next() {
		x, err := scanProject(rows)
		if err != nil {
			return nil, 0, t, err
		}
		out = append(out, x)
	}
	return out, total, t, rows.Err()
}

func getProject(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Project, error) {
	x, err := scanProject(q.QueryRowContext(ctx, `SELECT `+projectCols+projectFrom+` WHERE x.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
	if store.IsNoRows(err) {
		return x, notFound("partner.project.not_found")
	}
	return x, err
}

// GetProject returns a project in scope.
func (s *Service) GetProject(ctx context.Context, p *access.Principal, id int64) (Project, error) {
	return getProject(ctx, s.DB, p, id)
}

// maxArea bounds one building's floor area (m²).
const maxArea = 1_000_000

func (s *Service) checkProject(ctx context.Context, q store.Querier, p *access.Principal, in *ProjectInput) error {
	f := s.newForm()
	f.text("name", "partner.field.project_name", &in.Name, 80, true)
	f.text("place", "partner.field.place", &in.Place, 80, false)
	f.text("note", "partner.field.note", &in.Note, 500, false)
	if in.AreaM2 < 1 || in.AreaM2 > maxArea {
		f.add("area_m2", "partner.field.area_m2", "field.range", 1, maxArea)
	}
	if in.Funds < 0 || in.Funds > maxMoney {
		f.add("funds", "partner.field.funds", "partner.amount_range")
	}
	started := f.date("started_on", "partner.field.started_on", &in.StartedOn, true)
	if f.date("completed_on", "partner.field.completed_on", &in.CompletedOn, false) && started && in.CompletedOn < in.StartedOn {
		f.add("completed_on", "partner.field.completed_on", "partner.completed_before_started")
	}
	if in.DealID != 0 {
		d, err := getDeal(ctx, q, p, in.DealID)
		switch {
		case isNotFound(err):
			f.add("deal_id", "partner.field.deal", "field.not_found")
		case err != nil:
			return err
		case d.Kind != Fund && d.Kind != Investment:
			f.add("deal_id", "partner.field.deal", "partner.deal_not_money")
		}
	}
	if err := orgInScope(ctx, q, p, in.OrgID, f, "org_id", "partner.field.project_org"); err != nil {
		return err
	}
	return f.err()
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

// CreateProject records a project.
func (s *Service) CreateProject(ctx context.Context, p *access.Principal, in ProjectInput) (Project, error) {
	var x Project
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkProject(ctx, tx, p, &in); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO partner_projects (org_id, name, place, area_m2, funds, deal_id, started_on, completed_on, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.Name, in.Place, in.AreaM2, in.Funds, nullID(in.DealID),
			in.StartedOn, in.CompletedOn, in.Note, now, now).Scan(&id); err != nil {
			return err
		}
		var err error
		if x, err = getProject(ctx, tx, p, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "partner.project.create", ObjectType: "partner_project", ObjectID: id, Detail: x})
	})
	return x, err
}

// UpdateProject edits a project.
func (s *Service) UpdateProject(ctx context.Context, p *access.Principal, id int64, in ProjectInput) (Project, error) {
	var after Project
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getProject(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := s.checkProject(ctx, tx, p, &in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE partner_projects SET org_id = ?, name = ?, place = ?, area_m2 = ?, funds = ?, deal_id = ?, started_on = ?,
			completed_on = ?, note = ?, updated_at = ? WHERE id = ?`, in.OrgID, in.Name, in.Place, in.AreaM2, in.Funds, nullID(in.DealID), in.StartedOn,
			in.CompletedOn, in.Note, store.Millis(s.Now()), id); err != nil {
			return err
		}
		if after, err = getProject(ctx, tx, p, id); err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "partner.project.update", ObjectType: "partner_project", ObjectID: id, Detail: changes})
	})
	return after, err
}

// DeleteProject removes a project entered in error.
func (s *Service) DeleteProject(ctx context.Context, p *access.Principal, id int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		x, err := getProject(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM partner_projects WHERE id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "partner.project.delete", ObjectType: "partner_project", ObjectID: id, Detail: x})
	})
}
