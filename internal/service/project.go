package service

import (
	"context"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// ProjectStatus is where a service project stands.
type ProjectStatus string

const (
	ProjectPlanned   ProjectStatus = "planned"   // 已确立
	ProjectOngoing   ProjectStatus = "ongoing"   // 推进中
	ProjectDone      ProjectStatus = "done"      // 已完成
	ProjectCancelled ProjectStatus = "cancelled" // 已撤销
)

// ProjectStatuses in display order.
var ProjectStatuses = []ProjectStatus{ProjectPlanned, ProjectOngoing, ProjectDone, ProjectCancelled}

// Label is the Chinese name of the status.
func (s ProjectStatus) Label() string { return i18n.T("service.project_status." + string(s)) }

// Valid reports whether s is a known status.
func (s ProjectStatus) Valid() bool {
	for _, x := range ProjectStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Badge is the badge colour of the status.
func (s ProjectStatus) Badge() string {
	switch s {
	case ProjectDone:
		return "green"
	case ProjectOngoing:
		return "warn"
	case ProjectCancelled:
		return ""
	}
	return "blue"
}

// Milestone is one step of a project's plan.
type Milestone struct {
	Title  string `json:"title"`
	DueOn  string `json:"due_on"`
	DoneOn string `json:"done_on,omitempty"`
}

// Project is one 为民服务实事项目.
type Project struct {
	ID            int64         `json:"id"`
	OrgID         int64         `json:"org_id"`
	OrgName       string        `json:"org_name"`
	Title         string        `json:"title"`
	Goal          string        `json:"goal"`
	Owner         string        `json:"owner"`
	BudgetFen     int64         `json:"budget_fen"`
	EstablishedOn string        `json:"established_on"`
	PlannedEnd    string        `json:"planned_end,omitempty"`
	Status        ProjectStatus `json:"status"`
	StatusLabel   string        `json:"status_label"`
	CompletedOn   string        `json:"completed_on,omitempty"`
	Evidence      string        `json:"evidence,omitempty"`
	Note          string        `json:"note"`
	Milestones    []Milestone   `json:"milestones"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

// Budget is the budget in 元 with two decimals, for pages.
func (p Project) Budget() string { return Yuan(p.BudgetFen) }

// ProjectInput is what a user enters to establish or edit a project.
// Budget is in 元 as typed ("12.5"); BudgetFen is used when Budget is
// empty (the API may send either).
type ProjectInput struct {
	OrgID         int64         `json:"org_id"`
	Title         string        `json:"title"`
	Goal          string        `json:"goal"`
	Owner         string        `json:"owner"`
	Budget        string        `json:"budget"`
	BudgetFen     int64         `json:"budget_fen"`
	EstablishedOn string        `json:"established_on"`
	PlannedEnd    string        `json:"planned_end"`
	Status        ProjectStatus `json:"status"`
	CompletedOn   string        `json:"completed_on"`
	Evidence      string        `json:"evidence"`
	Note          string        `json:"note"`
	Milestones    []Milestone   `json:"milestones"`
}

const projCols = `x.id, x.org_id, o.name, x.title, x.goal, x.owner, x.budget_fen, x.established_on, x.planned_end,
	x.status, x.completed_on, x.evidence, x.note, x.created_at, x.updated_at`

const projFrom = ` FROM service_projects x JOIN orgs o ON o.id = x.org_id`

func scanProject(sc interface{ Scan(...any) error }) (Project, error) {
	var p Project
	var st string
	var c, u int64
	err := sc.Scan(&p.ID, &p.OrgID, &p.OrgName, &p.Title, &p.Goal, &p.Owner, &p.BudgetFen, &p.EstablishedOn, &p.PlannedEnd,
		&st, &p.CompletedOn, &p.Evidence, &p.Note, &c, &u)
	p.Status = ProjectStatus(st)
	p.StatusLabel = p.Status.Label()
	p.CreatedAt, p.UpdatedAt = store.Time(c), store.Time(u)
	return p, err
}

func getProject(ctx context.Context, q store.Querier, scopeLike string, id int64) (Project, error) {
	p, err := scanProject(q.QueryRowContext(ctx, `SELECT `+projCols+projFrom+` WHERE x.id = ? AND o.path LIKE ?`, id, scopeLike))
	if err != nil {
		return p, err
	}
	rows, err := q.QueryContext(ctx, `SELECT title, due_on, done_on FROM service_milestones WHERE project_id = ? ORDER BY sort, id`, id)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	p.Milestones = []Milestone{}
	for rows.Next() {
		var m Milestone
		if err := rows.Scan(&m.Title, &m.DueOn, &m.DoneOn); err != nil {
			return p, err
		}
		p.Milestones = append(p.Milestones, m)
	}
	return p, rows.Err()
}

// ProjectFilter narrows the project list.
type ProjectFilter struct {
	Q        string
	Status   ProjectStatus
	Under    int64
	From, To string // established in [From, To)
	Limit    int
	Offset   int
}

func (f ProjectFilter) where(scopeLike string) (string, []any) {
	conds := []string{"o.path LIKE ?"}
	args := []any{scopeLike}
	if f.Q != "" {
		like := "%" + escapeLike(f.Q) + "%"
		conds = append(conds, "(x.title LIKE ? OR x.owner LIKE ? OR o.name LIKE ?)")
		args = append(args, like, like, like)
	}
	if f.Status != "" {
		conds = append(conds, "x.status = ?")
		args = append(args, string(f.Status))
	}
	if f.Under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	if f.From != "" {
		conds = append(conds, "x.established_on >= ? AND x.established_on < ?")
		args = append(args, f.From, f.To)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Projects returns one page of projects in scope, latest established first.
func (s *Service) Projects(ctx context.Context, p *access.Principal, f ProjectFilter) ([]Project, int, error) {
	where, args := f.where(p.ScopeLike())
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+projFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+projCols+projFrom+where+` ORDER BY x.established_on DESC, x.id DESC LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Project{}
	for rows.Next() {
		x, err := scanProject(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, x)
	}
	return out, total, rows.Err()
}

func projectNotFound() error {
	return fault.New(fault.NotFound, "%s", i18n.T("service.project_not_found"))
}

// Project returns one project in scope.
func (s *Service) Project(ctx context.Context, p *access.Principal, id int64) (Project, error) {
	x, err := getProject(ctx, s.DB, p.ScopeLike(), id)
	if store.IsNoRows(err) {
		return x, projectNotFound()
	}
	return x, err
}

func (s *Service) validateProject(in *ProjectInput) fault.Fields {
	var v fault.Fields
	checkText(&v, "title", i18n.T("service.field.title"), &in.Title, 80, true)
	checkText(&v, "goal", i18n.T("service.field.goal"), &in.Goal, 500, true)
	checkText(&v, "owner", i18n.T("service.field.owner"), &in.Owner, 40, true)
	checkText(&v, "evidence", i18n.T("service.field.evidence"), &in.Evidence, 1000, false)
	checkText(&v, "note", i18n.T("service.field.note"), &in.Note, 500, false)
	if strings.TrimSpace(in.Budget) != "" {
		fen, ok := ParseYuan(in.Budget)
		if !ok {
			v.Add("budget", i18n.T("service.field.budget"), i18n.T("service.money_format"))
		}
		in.BudgetFen = fen
	} else if in.BudgetFen < 0 || in.BudgetFen > maxFen {
		v.Add("budget", i18n.T("service.field.budget"), i18n.T("service.money_format"))
	}
	in.EstablishedOn = s.checkDate(&v, "established_on", i18n.T("service.field.established_on"), in.EstablishedOn, true, false)
	in.PlannedEnd = s.checkDate(&v, "planned_end", i18n.T("service.field.planned_end"), in.PlannedEnd, false, true)
	if in.PlannedEnd != "" && in.EstablishedOn != "" && in.PlannedEnd < in.EstablishedOn {
		v.Add("planned_end", i18n.T("service.field.planned_end"), i18n.T("service.date_after", i18n.T("service.field.established_on")))
	}
	if in.Status == "" {
		in.Status = ProjectPlanned
	}
	if !in.Status.Valid() {
		v.Add("status", i18n.T("common.status"), i18n.T("field.unknown_value"))
	}
	in.CompletedOn = s.checkDate(&v, "completed_on", i18n.T("service.field.completed_on"), in.CompletedOn, in.Status == ProjectDone, false)
	if in.Status == ProjectDone {
		if in.Evidence == "" && !v.Has("evidence") {
			v.Add("evidence", i18n.T("service.field.evidence"), i18n.T("service.evidence_required"))
		}
		if in.CompletedOn != "" && in.EstablishedOn != "" && in.CompletedOn < in.EstablishedOn {
			v.Add("completed_on", i18n.T("service.field.completed_on"), i18n.T("service.date_after", i18n.T("service.field.established_on")))
		}
	} else {
		in.CompletedOn = ""
	}
	var ms []Milestone
	for i, m := range in.Milestones {
		m.Title = strings.TrimSpace(m.Title)
		m.DueOn, m.DoneOn = strings.TrimSpace(m.DueOn), strings.TrimSpace(m.DoneOn)
		if m.Title == "" && m.DueOn == "" && m.DoneOn == "" {
			continue
		}
		label := i18n.T("service.field.milestone_n", i+1)
		switch {
		case m.Title == "":
			v.Add("milestones", label, i18n.T("service.milestone_title_required"))
		case len([]rune(m.Title)) > 80:
			v.Add("milestones", label, i18n.T("field.max_len", 80))
		}
		if m.DueOn != "" {
			if _, err := time.Parse(day, m.DueOn); err != nil {
				v.Add("milestones", label, i18n.T("field.date_format"))
			}
		}
		if m.DoneOn != "" {
			if _, err := time.Parse(day, m.DoneOn); err != nil {
				v.Add("milestones", label, i18n.T("field.date_format"))
			} else if m.DoneOn > s.today() {
				v.Add("milestones", label, i18n.T("field.date_future"))
			}
		}
		ms = append(ms, m)
	}
	if len(ms) > 20 {
		v.Add("milestones", i18n.T("service.field.milestones"), i18n.T("service.too_many", 20))
	}
	in.Milestones = ms
	return v
}

func replaceMilestones(ctx context.Context, tx *store.Tx, id int64, ms []Milestone) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM service_milestones WHERE project_id = ?`, id); err != nil {
		return err
	}
	for i, m := range ms {
		if _, err := tx.ExecContext(ctx, `INSERT INTO service_milestones (project_id, title, due_on, done_on, sort) VALUES (?, ?, ?, ?, ?)`,
			id, m.Title, m.DueOn, m.DoneOn, i); err != nil {
			return err
		}
	}
	return nil
}

// CreateProject establishes a project of an organization in scope.
func (s *Service) CreateProject(ctx context.Context, p *access.Principal, in ProjectInput) (Project, error) {
	v := s.validateProject(&in)
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := checkOrg(ctx, tx, p.ScopeLike(), in.OrgID, &v, "org_id", i18n.T("service.field.org")); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO service_projects (org_id, title, goal, owner, budget_fen, established_on, planned_end,
			status, completed_on, evidence, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			in.OrgID, in.Title, in.Goal, in.Owner, in.BudgetFen, in.EstablishedOn, in.PlannedEnd, string(in.Status), in.CompletedOn,
			in.Evidence, in.Note, now, now).Scan(&id); err != nil {
			return err
		}
		if err := replaceMilestones(ctx, tx, id, in.Milestones); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "service_project.create", ObjectType: "service_project", ObjectID: id,
			Detail: map[string]any{"org_id": in.OrgID, "title": in.Title, "owner": in.Owner, "budget_fen": in.BudgetFen,
				"established_on": in.EstablishedOn, "status": in.Status, "milestones": in.Milestones}})
	})
	if err != nil {
		return Project{}, err
	}
	return s.Project(ctx, p, id)
}

// UpdateProject edits a project in scope.
func (s *Service) UpdateProject(ctx context.Context, p *access.Principal, id int64, in ProjectInput) (Project, error) {
	v := s.validateProject(&in)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getProject(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return projectNotFound()
		}
		if err != nil {
			return err
		}
		if err := checkOrg(ctx, tx, p.ScopeLike(), in.OrgID, &v, "org_id", i18n.T("service.field.org")); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE service_projects SET org_id = ?, title = ?, goal = ?, owner = ?, budget_fen = ?,
			established_on = ?, planned_end = ?, status = ?, completed_on = ?, evidence = ?, note = ?, updated_at = ? WHERE id = ?`,
			in.OrgID, in.Title, in.Goal, in.Owner, in.BudgetFen, in.EstablishedOn, in.PlannedEnd, string(in.Status), in.CompletedOn,
			in.Evidence, in.Note, now, id); err != nil {
			return err
		}
		if err := replaceMilestones(ctx, tx, id, in.Milestones); err != nil {
			return err
		}
		after, err := getProject(ctx, tx, p.ScopeLike(), id)
		if err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		delete(changes, "org_name")
		delete(changes, "status_label")
		return audit.Record(ctx, tx, audit.Event{Action: "service_project.update", ObjectType: "service_project", ObjectID: id, Detail: changes})
	})
	if err != nil {
		return Project{}, err
	}
	return s.Project(ctx, p, id)
}

// DeleteProject removes a project entered by mistake.
func (s *Service) DeleteProject(ctx context.Context, p *access.Principal, id int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getProject(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return projectNotFound()
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM service_milestones WHERE project_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM service_projects WHERE id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "service_project.delete", ObjectType: "service_project", ObjectID: id,
			Detail: map[string]any{"org_id": before.OrgID, "title": before.Title, "established_on": before.EstablishedOn}})
	})
}
