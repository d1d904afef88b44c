package bt

import (
	"context"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// OverviewFilter narrows the month's grid.
type OverviewFilter struct {
	Month   string
	Under   int64 // a township's subtree (within scope)
	GroupID int64
	Light   Light
	Status  Status
}

// Overview returns every live branch in scope with its month: one query
// over the (branch, month) index, whatever the number of branches.
func (s *Service) Overview(ctx context.Context, p *access.Principal, f OverviewFilter) ([]Cell, Tally, error) {
	conds := []string{"o.path LIKE ?", "o.kind = 'branch'", "o.dissolved = FALSE"}
	args := []any{p.UserID, f.Month, p.ScopeLike()}
	if f.Under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	if f.GroupID > 0 {
		conds = append(conds, "gb.group_id = ?")
		args = append(args, f.GroupID)
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(pa.id, 0), COALESCE(pa.name, ''), COALESCE(a.id, 0), COALESCE(a.status, ''),
		COALESCE(a.published, FALSE), COALESCE(a.light, ''), COALESCE(a.score, 0), COALESCE(a.full_score, 0), COALESCE(gb.group_id, 0),
		EXISTS (SELECT 1 FROM bt_group_members m WHERE m.group_id = gb.group_id AND m.user_id = ?)
		FROM orgs o LEFT JOIN orgs pa ON pa.id = o.parent_id
		LEFT JOIN bt_assessments a ON a.org_id = o.id AND a.month = ?
		LEFT JOIN bt_group_branches gb ON gb.org_id = o.id
		WHERE `+strings.Join(conds, " AND ")+` ORDER BY o.path`, args...)
	if err != nil {
		return nil, Tally{}, err
	}
	defer rows.Close()
	var out []Cell
	var t Tally
	for rows.Next() {
		var c Cell
		var st, light string
		var published, member bool
		if err := rows.Scan(&c.OrgID, &c.OrgName, &c.ParentID, &c.ParentName, &c.AssessmentID, &st, &published, &light, &c.Score, &c.FullScore,
			&c.GroupID, &member); err != nil {
			return nil, t, err
		}
		c.Status, c.Light = Status(st), Light(light)
		switch {
		case c.AssessmentID == 0:
			c.Status = StatusNone
		case published:
			c.Status = StatusPublished
		}
		c.Reviewable = member && c.Status == StatusSubmitted && p.Can(access.PermBTReview)
		if (f.Light != "" && c.Light != f.Light) || (f.Status != "" && c.Status != f.Status) {
			continue
		}
		t.Branches++
		switch c.Light {
		case Green:
			t.Green++
		case Yellow:
			t.Yellow++
		case Red:
			t.Red++
		}
		switch c.Status {
		case StatusPublished:
			t.Published++
		case StatusSubmitted:
			t.Submitted++
		case StatusNone, StatusDraft, StatusReturned:
			t.Missing++
		}
		out = append(out, c)
	}
	return out, t, rows.Err()
}

// YearRow is a branch's twelve months.
type YearRow struct {
	OrgID      int64
	OrgName    string
	ParentName string
	Months     [12]Cell
}

// Year returns the lights of every branch in scope for the twelve months
// of year, in one query.
func (s *Service) Year(ctx context.Context, p *access.Principal, year string, under int64) ([]YearRow, error) {
	conds := []string{"o.path LIKE ?", "o.kind = 'branch'", "o.dissolved = FALSE"}
	args := []any{year + "-01", year + "-12", p.ScopeLike()}
	if under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, under)
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(pa.name, ''), COALESCE(a.id, 0), COALESCE(a.month, ''), COALESCE(a.status, ''),
		COALESCE(a.published, FALSE), COALESCE(a.light, '')
		FROM orgs o LEFT JOIN orgs pa ON pa.id = o.parent_id
		LEFT JOIN bt_assessments a ON a.org_id = o.id AND a.month >= ? AND a.month <= ?
		WHERE `+strings.Join(conds, " AND ")+` ORDER BY o.path, a.month`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []YearRow
	for rows.Next() {
		var id, aid int64
		var name, parent, month, st, light string
		var published bool
		if err := rows.Scan(&id, &name, &parent, &aid, &month, &st, &published, &light); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].OrgID != id {
			r := YearRow{OrgID: id, OrgName: name, ParentName: parent}
			for i := range r.Months {
				r.Months[i] = Cell{OrgID: id, Status: StatusNone}
			}
			out = append(out, r)
		}
		if aid == 0 || len(month) != 7 {
			continue
		}
		m := int(month[5]-'0')*10 + int(month[6]-'0')
		c := Cell{OrgID: id, AssessmentID: aid, Status: Status(st), Light: Light(light)}
		if published {
			c.Status = StatusPublished
		}
		out[len(out)-1].Months[m-1] = c
	}
	return out, rows.Err()
}

// LatestMonth is the latest month with an assessment in scope, or the
// current month: where the overview opens.
func (s *Service) LatestMonth(ctx context.Context, p *access.Principal) (string, error) {
	var m string
	err := s.DB.QueryRowContext(ctx, `SELECT COALESCE(MAX(a.month), '') FROM bt_assessments a JOIN orgs o ON o.id = a.org_id WHERE o.path LIKE ? AND a.month <= ?`,
		p.ScopeLike(), s.currentMonth()).Scan(&m)
	if m == "" {
		m = s.currentMonth()
	}
	return m, err
}

// Filter narrows the assessment list.
type Filter struct {
	Month    string
	From, To string // months, both included
	Under    int64
	Light    Light
	Status   Status
	Q        string
	Limit    int
	Offset   int
}

func (f Filter) where(scopeLike string) (string, []any) {
	conds := []string{"o.path LIKE ?"}
	args := []any{scopeLike}
	if f.Month != "" {
		conds = append(conds, "a.month = ?")
		args = append(args, f.Month)
	}
	if f.From != "" {
		conds = append(conds, "a.month >= ?")
		args = append(args, f.From)
	}
	if f.To != "" {
		conds = append(conds, "a.month <= ?")
		args = append(args, f.To)
	}
	if f.Under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	if f.Light != "" {
		conds = append(conds, "a.light = ?")
		args = append(args, string(f.Light))
	}
	switch f.Status {
	case "":
	case StatusPublished:
		conds = append(conds, "a.published = TRUE")
	default:
		conds = append(conds, "a.status = ? AND a.published = FALSE")
		args = append(args, string(f.Status))
	}
	if f.Q != "" {
		conds = append(conds, "o.name LIKE ?")
		args = append(args, "%"+strings.NewReplacer("%", "", "_", "").Replace(f.Q)+"%")
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// List returns one page of assessments in scope, the latest month first.
func (s *Service) List(ctx context.Context, p *access.Principal, f Filter) ([]Assessment, int, error) {
	where, args := f.where(p.ScopeLike())
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+assessFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+assessCols+assessFrom+where+` ORDER BY a.month DESC, o.path LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Assessment{}
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

const rectCols = `r.id, r.assessment_id, r.org_id, o.name, a.month, a.light, r.problem, r.due_on, r.closed, r.closed_on, r.measure, r.closed_by, r.closed_at, r.created_at`

const rectFrom = ` FROM bt_rectifications r JOIN bt_assessments a ON a.id = r.assessment_id JOIN orgs o ON o.id = r.org_id`

func scanRect(sc interface{ Scan(...any) error }) (Rectification, error) {
	var r Rectification
	var light string
	var closedAt, created int64
	err := sc.Scan(&r.ID, &r.AssessmentID, &r.OrgID, &r.OrgName, &r.Month, &light, &r.Problem, &r.DueOn, &r.Closed, &r.ClosedOn, &r.Measure,
		&r.ClosedBy, &closedAt, &created)
	r.Light = Light(light)
	if closedAt > 0 {
		r.ClosedAt = store.Time(closedAt)
	}
	r.CreatedAt = store.Time(created)
	return r, err
}

// RectFilter narrows the rectification list.
type RectFilter struct {
	Open         *bool
	AssessmentID int64
	Under        int64
	Limit        int
	Offset       int
}

// Rectifications returns one page of rectification items in scope, open
// ones by due date first.
func (s *Service) Rectifications(ctx context.Context, p *access.Principal, f RectFilter) ([]Rectification, int, error) {
	conds := []string{"o.path LIKE ?"}
	args := []any{p.ScopeLike()}
	if f.Open != nil {
		conds = append(conds, "r.closed = ?")
		args = append(args, !*f.Open)
	}
	if f.AssessmentID > 0 {
		conds = append(conds, "r.assessment_id = ?")
		args = append(args, f.AssessmentID)
	}
	if f.Under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	where := " WHERE " + strings.Join(conds, " AND ")
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+rectFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+rectCols+rectFrom+where+` ORDER BY r.closed, r.due_on, r.id LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Rectification{}
	for rows.Next() {
		r, err := scanRect(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// Rectification returns one item in scope.
func (s *Service) Rectification(ctx context.Context, p *access.Principal, id int64) (Rectification, error) {
	r, err := scanRect(s.DB.QueryRowContext(ctx, `SELECT `+rectCols+rectFrom+` WHERE r.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
	if store.IsNoRows(err) {
		return r, fault.New(fault.NotFound, "%s", i18n.T("bt.rect.not_found"))
	}
	return r, err
}

// CloseRectification records how and when an item was put right, and who
// closed it.
func (s *Service) CloseRectification(ctx context.Context, p *access.Principal, id int64, in CloseInput) (Rectification, error) {
	if !p.Can(access.PermBTAssess) && !p.Can(access.PermBTReview) {
		return Rectification{}, fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	var v fault.Fields
	checkText(&v, "measure", i18n.T("bt.field.measure"), &in.Measure, 500, true)
	in.ClosedOn = strings.TrimSpace(in.ClosedOn)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := scanRect(tx.QueryRowContext(ctx, `SELECT `+rectCols+rectFrom+` WHERE r.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
		if store.IsNoRows(err) {
			return fault.New(fault.NotFound, "%s", i18n.T("bt.rect.not_found"))
		}
		if err != nil {
			return err
		}
		if r.Closed {
			return fault.New(fault.Conflict, "%s", i18n.T("bt.rect_closed"))
		}
		switch {
		case in.ClosedOn == "":
			v.Add("closed_on", i18n.T("bt.field.closed_on"), i18n.T("field.required"))
		case !validDate(in.ClosedOn):
			v.Add("closed_on", i18n.T("bt.field.closed_on"), i18n.T("field.date_format"))
		case in.ClosedOn > s.today():
			v.Add("closed_on", i18n.T("bt.field.closed_on"), i18n.T("field.date_future"))
		case in.ClosedOn < r.Month+"-01":
			v.Add("closed_on", i18n.T("bt.field.closed_on"), i18n.T("bt.closed_before_month", r.Month))
		}
		if err := v.Err(); err != nil {
			return err
		}
		actor := who(ctx, p)
		now := store.Millis(s.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE bt_rectifications SET closed = TRUE, closed_on = ?, measure = ?, closed_by = ?, closed_at = ? WHERE id = ?`,
			in.ClosedOn, in.Measure, actor.Name, now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "bt.rectification.close", ObjectType: "bt_rectification", ObjectID: id,
			Detail: map[string]any{"org_id": r.OrgID, "month": r.Month, "closed_on": in.ClosedOn, "measure": in.Measure}})
	})
	if err != nil {
		return Rectification{}, err
	}
	return s.Rectification(ctx, p, id)
}
