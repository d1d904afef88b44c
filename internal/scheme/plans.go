package scheme

import (
	"context"
	"strings"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

const planCols = `pl.id, pl.org_id, o.name, pl.name, pl.year, pl.note, pl.created_at, pl.updated_at,
	(SELECT COUNT(*) FROM plan_tasks t WHERE t.plan_id = pl.id),
	(SELECT COUNT(*) FROM plan_measures m JOIN plan_tasks t ON t.id = m.task_id WHERE t.plan_id = pl.id),
	(SELECT COALESCE(SUM(m.progress), 0) FROM plan_measures m JOIN plan_tasks t ON t.id = m.task_id WHERE t.plan_id = pl.id),
	(SELECT COUNT(*) FROM plan_measures m JOIN plan_tasks t ON t.id = m.task_id WHERE t.plan_id = pl.id AND m.progress < 100 AND m.deadline < ?)`

func scanPlan(sc interface{ Scan(...any) error }) (Plan, error) {
	var x Plan
	var c, u, sum int64
	err := sc.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.Name, &x.Year, &x.Note, &c, &u, &x.Counts.Tasks, &x.Counts.Items, &sum, &x.Overdue)
	x.CreatedAt, x.UpdatedAt = store.Time(c), store.Time(u)
	if x.Counts.Items > 0 {
		x.Progress = int(sum / int64(x.Counts.Items))
	}
	return x, err
}

func planNotFound() error { return fault.New(fault.NotFound, "%s", i18n.T("scheme.plan.not_found")) }

// Plans lists the work plans set up in scope, the latest year first.
func (s *Service) Plans(ctx context.Context, p *access.Principal, year, limit, offset int) ([]Plan, int, error) {
	where := ` FROM plans pl JOIN orgs o ON o.id = pl.org_id WHERE o.path LIKE ?`
	args := []any{p.ScopeLike()}
	if year > 0 {
		where += ` AND pl.year = ?`
		args = append(args, year)
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+planCols+where+` ORDER BY pl.year DESC, pl.id DESC LIMIT ? OFFSET ?`,
		append(append([]any{s.today()}, args...), limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Plan{}
	for rows.Next() {
		x, err := scanPlan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, x)
	}
	return out, total, rows.Err()
}

// Plan returns a plan with its key tasks and measures.
func (s *Service) Plan(ctx context.Context, p *access.Principal, id int64) (Plan, error) {
	x, err := getPlan(ctx, s.DB, p.ScopeLike(), s.today(), id)
	if store.IsNoRows(err) {
		return x, planNotFound()
	}
	return x, err
}

func getPlan(ctx context.Context, q store.Querier, scopeLike, today string, id int64) (Plan, error) {
	x, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planCols+` FROM plans pl JOIN orgs o ON o.id = pl.org_id WHERE pl.id = ? AND o.path LIKE ?`, today, id, scopeLike))
	if err != nil {
		return x, err
	}
	rows, err := q.QueryContext(ctx, `SELECT t.id, t.title, COALESCE(m.id, 0), COALESCE(m.title, ''), COALESCE(m.owner, ''), COALESCE(m.deadline, ''),
		COALESCE(m.progress, 0), COALESCE(m.status_note, ''), COALESCE(m.updated_by, ''), COALESCE(m.updated_at, 0)
		FROM plan_tasks t LEFT JOIN plan_measures m ON m.task_id = t.id WHERE t.plan_id = ? ORDER BY t.sort, t.id, m.sort, m.id`, id)
	if err != nil {
		return x, err
	}
	defer rows.Close()
	for rows.Next() {
		var tid int64
		var tt string
		var m Measure
		var at int64
		if err := rows.Scan(&tid, &tt, &m.ID, &m.Title, &m.Owner, &m.Deadline, &m.Progress, &m.StatusNote, &m.UpdatedBy, &at); err != nil {
			return x, err
		}
		if len(x.Tasks) == 0 || x.Tasks[len(x.Tasks)-1].ID != tid {
			x.Tasks = append(x.Tasks, PlanTask{ID: tid, Title: tt})
		}
		if m.ID > 0 {
			if m.UpdatedBy != "" {
				m.UpdatedAt = store.Time(at)
			}
			x.Tasks[len(x.Tasks)-1].Measures = append(x.Tasks[len(x.Tasks)-1].Measures, m)
		}
	}
	return x, rows.Err()
}

func validatePlan(in *PlanInput) fault.Fields {
	var v fault.Fields
	checkText(&v, "name", i18n.T("scheme.field.plan_name"), &in.Name, 60, true)
	checkText(&v, "note", i18n.T("scheme.field.note"), &in.Note, 1000, false)
	if in.Year < 2000 || in.Year > 2200 {
		v.Add("year", i18n.T("scheme.field.year"), i18n.T("scheme.year_range"))
	}
	n := 0
	for ti := range in.Tasks {
		t := &in.Tasks[ti]
		t.Title = strings.TrimSpace(t.Title)
		if t.Title == "" || utf8.RuneCountInString(t.Title) > 200 {
			v.AddRow(ti+1, "outline", i18n.T("scheme.field.key_task"), i18n.T("scheme.title_len", 200))
		}
		if len(t.Measures) == 0 {
			v.AddRow(ti+1, "outline", t.Title, i18n.T("scheme.key_task_empty"))
		}
		for mi := range t.Measures {
			m := &t.Measures[mi]
			m.Title, m.Owner, m.Deadline = strings.TrimSpace(m.Title), strings.TrimSpace(m.Owner), strings.TrimSpace(m.Deadline)
			label := t.Title + " · " + i18n.T("scheme.field.measure")
			switch {
			case m.Title == "" || utf8.RuneCountInString(m.Title) > 300:
				v.AddRow(mi+1, "outline", label, i18n.T("scheme.title_len", 300))
			case m.Owner == "" || utf8.RuneCountInString(m.Owner) > 60:
				v.AddRow(mi+1, "outline", label, i18n.T("scheme.owner_required"))
			case !validDate(m.Deadline):
				v.AddRow(mi+1, "outline", label, i18n.T("scheme.deadline_format"))
			}
			n++
		}
	}
	if len(in.Tasks) == 0 && !v.Has("outline") {
		v.Add("outline", i18n.T("scheme.field.plan_outline"), i18n.T("scheme.plan_outline_required"))
	}
	if n > 1000 {
		v.Add("outline", i18n.T("scheme.field.plan_outline"), i18n.T("scheme.too_many", 1000))
	}
	return v
}

func writePlan(ctx context.Context, tx *store.Tx, id int64, ts []PlanTask, now int64) error {
	for ti, t := range ts {
		var tid int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_tasks (plan_id, sort, title) VALUES (?, ?, ?) RETURNING id`, id, ti, t.Title).Scan(&tid); err != nil {
			return err
		}
		for mi, m := range t.Measures {
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_measures (task_id, sort, title, owner, deadline, progress, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?)`,
				tid, mi, m.Title, m.Owner, m.Deadline, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// CreatePlan sets up a work plan with its key tasks and measures.
func (s *Service) CreatePlan(ctx context.Context, p *access.Principal, in PlanInput) (Plan, error) {
	if !p.Can(access.PermRatingManage) {
		return Plan{}, forbidden()
	}
	v := validatePlan(&in)
	if err := v.Err(); err != nil {
		return Plan{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := store.Millis(s.Now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO plans (org_id, name, year, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			p.OrgID, in.Name, in.Year, in.Note, now, now).Scan(&id); err != nil {
			return err
		}
		if err := writePlan(ctx, tx, id, in.Tasks, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "plan.create", ObjectType: "plan", ObjectID: id,
			Detail: map[string]any{"name": in.Name, "year": in.Year, "outline": PlanOutline(in.Tasks)}})
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Plan(ctx, p, id)
}

// UpdatePlan edits a plan; its outline may change only while no measure
// has reported progress, so that progress is never attached to another
// measure.
func (s *Service) UpdatePlan(ctx context.Context, p *access.Principal, id int64, in PlanInput) (Plan, error) {
	if !p.Can(access.PermRatingManage) {
		return Plan{}, forbidden()
	}
	v := validatePlan(&in)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getPlan(ctx, tx, p.ScopeLike(), s.today(), id)
		if store.IsNoRows(err) {
			return planNotFound()
		}
		if err != nil {
			return err
		}
		reported := false
		for _, t := range before.Tasks {
			for _, m := range t.Measures {
				reported = reported || m.UpdatedBy != ""
			}
		}
		if reported && PlanOutline(before.Tasks) != PlanOutline(in.Tasks) {
			v.Add("outline", i18n.T("scheme.field.plan_outline"), i18n.T("scheme.plan_frozen"))
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET name = ?, year = ?, note = ?, updated_at = ? WHERE id = ?`, in.Name, in.Year, in.Note, now, id); err != nil {
			return err
		}
		if !reported {
			if _, err := tx.ExecContext(ctx, `DELETE FROM plan_measures WHERE task_id IN (SELECT id FROM plan_tasks WHERE plan_id = ?)`, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM plan_tasks WHERE plan_id = ?`, id); err != nil {
				return err
			}
			if err := writePlan(ctx, tx, id, in.Tasks, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Event{Action: "plan.update", ObjectType: "plan", ObjectID: id,
			Detail: map[string]any{"name": [2]string{before.Name, in.Name}, "year": [2]int{before.Year, in.Year},
				"outline": [2]string{PlanOutline(before.Tasks), PlanOutline(in.Tasks)}}})
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Plan(ctx, p, id)
}

// ReportProgress records a measure's progress and how it stands.
func (s *Service) ReportProgress(ctx context.Context, p *access.Principal, measureID int64, in ProgressInput) (Plan, error) {
	if !p.Can(access.PermSchemeReport) {
		return Plan{}, forbidden()
	}
	var v fault.Fields
	if in.Progress < 0 || in.Progress > 100 {
		v.Add("progress", i18n.T("scheme.field.progress"), i18n.T("scheme.progress_range"))
	}
	checkText(&v, "status_note", i18n.T("scheme.field.status_note"), &in.StatusNote, 500, true)
	var planID int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var old int
		err := tx.QueryRowContext(ctx, `SELECT pl.id, m.progress FROM plan_measures m JOIN plan_tasks t ON t.id = m.task_id JOIN plans pl ON pl.id = t.plan_id
			JOIN orgs o ON o.id = pl.org_id WHERE m.id = ? AND o.path LIKE ?`, measureID, p.ScopeLike()).Scan(&planID, &old)
		if store.IsNoRows(err) {
			return fault.New(fault.NotFound, "%s", i18n.T("scheme.measure.not_found"))
		}
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plan_measures SET progress = ?, status_note = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
			in.Progress, in.StatusNote, who(ctx, p).Name, store.Millis(s.Now()), measureID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "plan.progress", ObjectType: "plan_measure", ObjectID: measureID,
			Detail: map[string]any{"progress": [2]int{old, in.Progress}, "status_note": in.StatusNote}})
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Plan(ctx, p, planID)
}
