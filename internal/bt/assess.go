package bt

import (
	"context"
	"fmt"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// Service applies the rules of the BT ledger.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// NewService returns the service on db.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

const assessCols = `a.id, a.org_id, o.name, COALESCE(pa.name, ''), a.month, a.checklist_id, a.status, a.self_score, a.score, a.full_score,
	a.light, a.self_note, a.review_note, a.submitted_by, a.submitted_at, a.reviewed_by, a.reviewed_at, a.published, a.published_at,
	COALESCE(g.id, 0), COALESCE(g.name, ''), a.created_at, a.updated_at`

const assessFrom = ` FROM bt_assessments a JOIN orgs o ON o.id = a.org_id LEFT JOIN orgs pa ON pa.id = o.parent_id
	LEFT JOIN bt_group_branches gb ON gb.org_id = a.org_id LEFT JOIN bt_groups g ON g.id = gb.group_id`

func scanAssessment(sc interface{ Scan(...any) error }) (Assessment, error) {
	var a Assessment
	var st, light string
	var sub, rev, pub, created, updated int64
	err := sc.Scan(&a.ID, &a.OrgID, &a.OrgName, &a.ParentName, &a.Month, &a.ChecklistID, &st, &a.SelfScore, &a.Score, &a.FullScore,
		&light, &a.SelfNote, &a.ReviewNote, &a.SubmittedBy, &sub, &a.ReviewedBy, &rev, &a.Published, &pub,
		&a.GroupID, &a.GroupName, &created, &updated)
	a.Status, a.Light = Status(st), Light(light)
	if a.Published {
		a.Status = StatusPublished
	}
	a.StatusLabel, a.LightLabel = a.Status.Label(), a.Light.Label()
	if sub > 0 {
		a.SubmittedAt = store.Time(sub)
	}
	if rev > 0 {
		a.ReviewedAt = store.Time(rev)
	}
	if pub > 0 {
		a.PublishedAt = store.Time(pub)
	}
	a.CreatedAt, a.UpdatedAt = store.Time(created), store.Time(updated)
	return a, err
}

func getAssessment(ctx context.Context, q store.Querier, scopeLike string, id int64) (Assessment, error) {
	a, err := scanAssessment(q.QueryRowContext(ctx, `SELECT `+assessCols+assessFrom+` WHERE a.id = ? AND o.path LIKE ?`, id, scopeLike))
	if err != nil {
		return a, err
	}
	a.Lines, err = lines(ctx, q, a.ID)
	return a, err
}

func lines(ctx context.Context, q store.Querier, id int64) ([]Line, error) {
	rows, err := q.QueryContext(ctx, `SELECT i.id, i.category, i.title, i.weight, i.evidence, s.self_score, s.score, s.evidence
		FROM bt_scores s JOIN bt_items i ON i.id = s.item_id WHERE s.assessment_id = ? ORDER BY i.sort, i.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Line{}
	for rows.Next() {
		var l Line
		if err := rows.Scan(&l.ItemID, &l.Category, &l.Title, &l.Weight, &l.EvidenceNeeded, &l.SelfScore, &l.Score, &l.Evidence); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func notFound() error { return fault.New(fault.NotFound, "%s", i18n.T("bt.not_found")) }

// Get returns an assessment in the principal's scope.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (Assessment, error) {
	a, err := getAssessment(ctx, s.DB, p.ScopeLike(), id)
	if store.IsNoRows(err) {
		return a, notFound()
	}
	return a, err
}

// branchOf reads a branch in scope that may be assessed.
func branchOf(ctx context.Context, q store.Querier, p *access.Principal, orgID int64) (OrgRef, error) {
	var o OrgRef
	var kind string
	var dissolved bool
	err := q.QueryRowContext(ctx, `SELECT o.id, o.name, COALESCE(pa.name, ''), o.kind, o.dissolved FROM orgs o LEFT JOIN orgs pa ON pa.id = o.parent_id
		WHERE o.id = ? AND o.path LIKE ?`, orgID, p.ScopeLike()).Scan(&o.ID, &o.Name, &o.ParentName, &kind, &dissolved)
	if store.IsNoRows(err) {
		return o, fault.New(fault.NotFound, "%s", i18n.T("org.not_found"))
	}
	if err != nil {
		return o, err
	}
	if kind != "branch" || dissolved {
		return o, fault.New(fault.Invalid, "%s", i18n.T("bt.not_branch", o.Name))
	}
	return o, nil
}

func prevMonth(m string) string {
	t, _ := time.Parse("2006-01", m)
	return t.AddDate(0, -1, 0).Format("2006-01")
}

// Form returns the month's assessment of a branch for its self-assessment
// form: the stored one, or a new one on the version in force, its answers
// carried over from the previous month so that a branch only changes what
// changed.
func (s *Service) Form(ctx context.Context, p *access.Principal, orgID int64, month string) (Assessment, error) {
	if !validMonth(month) {
		var v fault.Fields
		v.Add("month", i18n.T("bt.field.month"), i18n.T("bt.month_format"))
		return Assessment{}, v.Err()
	}
	o, err := branchOf(ctx, s.DB, p, orgID)
	if err != nil {
		return Assessment{}, err
	}
	var id int64
	err = s.DB.QueryRowContext(ctx, `SELECT id FROM bt_assessments WHERE org_id = ? AND month = ?`, orgID, month).Scan(&id)
	if err == nil {
		return s.Get(ctx, p, id)
	}
	if !store.IsNoRows(err) {
		return Assessment{}, err
	}
	c, err := checklistFor(ctx, s.DB, month)
	if store.IsNoRows(err) {
		return Assessment{}, fault.New(fault.Conflict, "%s", i18n.T("bt.no_checklist", month))
	}
	if err != nil {
		return Assessment{}, err
	}
	a := Assessment{OrgID: o.ID, OrgName: o.Name, ParentName: o.ParentName, Month: month, ChecklistID: c.ID, Status: StatusNone,
		FullScore: c.FullScore}
	a.StatusLabel = a.Status.Label()
	prev := map[int64]Line{}
	byTitle := map[string]Line{}
	var prevID int64
	err = s.DB.QueryRowContext(ctx, `SELECT id FROM bt_assessments WHERE org_id = ? AND month < ? ORDER BY month DESC LIMIT 1`, orgID, month).Scan(&prevID)
	if err == nil {
		ls, err := lines(ctx, s.DB, prevID)
		if err != nil {
			return a, err
		}
		for _, l := range ls {
			prev[l.ItemID] = l
			byTitle[l.Title] = l
		}
		var pm string
		_ = s.DB.QueryRowContext(ctx, `SELECT month FROM bt_assessments WHERE id = ?`, prevID).Scan(&pm)
		a.Prefilled = pm
	} else if !store.IsNoRows(err) {
		return a, err
	}
	for _, it := range c.Items {
		l := Line{ItemID: it.ID, Category: it.Category, Title: it.Title, Weight: it.Weight, EvidenceNeeded: it.Evidence}
		// Same version: same item; a new version: the item of that title.
		if pl, ok := prev[it.ID]; ok {
			l.SelfScore, l.Evidence = pl.SelfScore, pl.Evidence
		} else if pl, ok := byTitle[it.Title]; ok {
			l.SelfScore, l.Evidence = min(pl.SelfScore, it.Weight), pl.Evidence
		}
		a.Lines = append(a.Lines, l)
		a.SelfScore += l.SelfScore
	}
	return a, nil
}

// Save stores a branch's self-assessment of a month, and with Submit sends
// it to the guidance group. Only the branch's own scope may do it (a
// secretary's scope is the branch), and only while the month is a draft
// or was returned.
func (s *Service) Save(ctx context.Context, p *access.Principal, orgID int64, month string, in SelfInput) (Assessment, error) {
	if !p.Can(access.PermBTAssess) {
		return Assessment{}, fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	var v fault.Fields
	if !validMonth(month) {
		v.Add("month", i18n.T("bt.field.month"), i18n.T("bt.month_format"))
		return Assessment{}, v.Err()
	}
	if month > s.currentMonth() {
		v.Add("month", i18n.T("bt.field.month"), i18n.T("bt.month_future"))
		return Assessment{}, v.Err()
	}
	checkText(&v, "note", i18n.T("bt.field.self_note"), &in.Note, 500, false)
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := branchOf(ctx, tx, p, orgID); err != nil {
			return err
		}
		var st string
		var checklistID int64
		err := tx.QueryRowContext(ctx, `SELECT id, status, checklist_id, published FROM bt_assessments WHERE org_id = ? AND month = ?`, orgID, month).
			Scan(&id, &st, &checklistID, new(bool))
		switch {
		case store.IsNoRows(err):
			c, err := checklistFor(ctx, tx, month)
			if store.IsNoRows(err) {
				return fault.New(fault.Conflict, "%s", i18n.T("bt.no_checklist", month))
			}
			if err != nil {
				return err
			}
			checklistID = c.ID
		case err != nil:
			return err
		case !Status(st).Editable():
			return fault.New(fault.Conflict, "%s", i18n.T("bt.not_editable", Status(st).Label()))
		}
		c, err := getChecklist(ctx, tx, checklistID)
		if err != nil {
			return err
		}
		given := map[int64]LineInput{}
		for _, l := range in.Lines {
			given[l.ItemID] = l
		}
		self := 0
		for i, it := range c.Items {
			l, ok := given[it.ID]
			row := i + 1
			label := it.Title
			l.Evidence = strings.TrimSpace(l.Evidence)
			switch {
			case !ok && in.Submit:
				v.AddRow(row, "lines", label, i18n.T("bt.line_missing"))
			case l.SelfScore < 0 || l.SelfScore > it.Weight:
				v.AddRow(row, "lines", label, i18n.T("bt.score_range", it.Weight))
			case len([]rune(l.Evidence)) > 500:
				v.AddRow(row, "lines", label, i18n.T("field.max_len", 500))
			case in.Submit && it.Evidence != "" && l.SelfScore > 0 && l.Evidence == "":
				v.AddRow(row, "lines", label, i18n.T("bt.evidence_required", it.Evidence))
			}
			l.ItemID = it.ID
			given[it.ID] = l
			self += l.SelfScore
		}
		for _, l := range in.Lines {
			known := false
			for _, it := range c.Items {
				known = known || it.ID == l.ItemID
			}
			if !known {
				v.Add("lines", i18n.T("bt.field.item"), i18n.T("bt.item_unknown"))
				break
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		actor := who(ctx, p)
		status := StatusDraft
		var subBy string
		var subAt int64
		if in.Submit {
			status, subBy, subAt = StatusSubmitted, actor.Name, now
		}
		light := ""
		if id == 0 {
			err = tx.QueryRowContext(ctx, `INSERT INTO bt_assessments (org_id, month, checklist_id, status, self_score, score, full_score, light,
				self_note, submitted_by, submitted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				orgID, month, checklistID, string(status), self, self, c.FullScore, light, in.Note, subBy, subAt, now, now).Scan(&id)
			if store.IsUniqueViolation(err) {
				return fault.New(fault.Conflict, "%s", i18n.T("bt.concurrent"))
			}
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE bt_assessments SET status = ?, self_score = ?, score = ?, full_score = ?, light = '', self_note = ?,
				submitted_by = ?, submitted_at = ?, updated_at = ? WHERE id = ?`, string(status), self, self, c.FullScore, in.Note, subBy, subAt, now, id)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM bt_scores WHERE assessment_id = ?`, id); err != nil {
			return err
		}
		for _, it := range c.Items {
			l := given[it.ID]
			if _, err := tx.ExecContext(ctx, `INSERT INTO bt_scores (assessment_id, item_id, self_score, score, evidence) VALUES (?, ?, ?, ?, ?)`,
				id, it.ID, l.SelfScore, l.SelfScore, l.Evidence); err != nil {
				return err
			}
		}
		act := "bt.assessment.save"
		if in.Submit {
			act = "bt.assessment.submit"
		}
		return audit.Record(ctx, tx, audit.Event{Action: act, ObjectType: "bt_assessment", ObjectID: id,
			Detail: map[string]any{"org_id": orgID, "month": month, "self_score": self, "full_score": c.FullScore, "status": status}})
	})
	if err != nil {
		return Assessment{}, err
	}
	return s.Get(ctx, p, id)
}

// inGroup reports whether the user sits in the guidance group of the
// branch.
func inGroup(ctx context.Context, q store.Querier, userID, orgID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM bt_group_branches b JOIN bt_group_members m ON m.group_id = b.group_id
		WHERE b.org_id = ? AND m.user_id = ?`, orgID, userID).Scan(&n)
	return n > 0, err
}

// Review scores a submitted assessment as its guidance group, gives it its
// light and, for a red or yellow light, opens a rectification for every
// item that lost points. Return sends it back to the branch instead.
func (s *Service) Review(ctx context.Context, p *access.Principal, id int64, in ReviewInput) (Assessment, error) {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		return s.review(ctx, tx, p, id, in)
	})
	if err != nil {
		return Assessment{}, err
	}
	return s.Get(ctx, p, id)
}

func (s *Service) review(ctx context.Context, tx *store.Tx, p *access.Principal, id int64, in ReviewInput) error {
	if !p.Can(access.PermBTReview) {
		return fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	a, err := getAssessment(ctx, tx, p.ScopeLike(), id)
	if store.IsNoRows(err) {
		return notFound()
	}
	if err != nil {
		return err
	}
	if a.Status != StatusSubmitted {
		return fault.New(fault.Conflict, "%s", i18n.T("bt.not_submitted", a.OrgName, a.Status.Label()))
	}
	ok, err := inGroup(ctx, tx, p.UserID, a.OrgID)
	if err != nil {
		return err
	}
	if !ok {
		return fault.New(fault.Forbidden, "%s", i18n.T("bt.not_in_group", a.OrgName))
	}
	var v fault.Fields
	checkText(&v, "note", i18n.T("bt.field.review_note"), &in.Note, 500, in.Return)
	given := map[int64]int{}
	for _, l := range in.Lines {
		given[l.ItemID] = l.Score
	}
	score := 0
	for i := range a.Lines {
		l := &a.Lines[i]
		sc, ok := given[l.ItemID]
		if !ok {
			sc = l.SelfScore
		}
		if sc < 0 || sc > l.Weight {
			v.AddRow(i+1, "lines", l.Title, i18n.T("bt.score_range", l.Weight))
		}
		l.Score = sc
		score += sc
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := store.Millis(s.Now())
	actor := who(ctx, p)
	if in.Return {
		if _, err := tx.ExecContext(ctx, `UPDATE bt_assessments SET status = 'returned', review_note = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ? WHERE id = ?`,
			in.Note, actor.Name, now, now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "bt.assessment.return", ObjectType: "bt_assessment", ObjectID: id,
			Detail: map[string]any{"org_id": a.OrgID, "month": a.Month, "note": in.Note}})
	}
	c, err := getChecklist(ctx, tx, a.ChecklistID)
	if err != nil {
		return err
	}
	light := lightOf(score, a.FullScore, c.GreenMin, c.YellowMin)
	if _, err := tx.ExecContext(ctx, `UPDATE bt_assessments SET status = 'reviewed', score = ?, light = ?, review_note = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ?
		WHERE id = ?`, score, string(light), in.Note, actor.Name, now, now, id); err != nil {
		return err
	}
	opened := 0
	for _, l := range a.Lines {
		if _, err := tx.ExecContext(ctx, `UPDATE bt_scores SET score = ? WHERE assessment_id = ? AND item_id = ?`, l.Score, id, l.ItemID); err != nil {
			return err
		}
		if light == Green || l.Score >= l.Weight {
			continue
		}
		problem := i18n.T("bt.rect_problem", l.Title, l.Weight-l.Score)
		if _, err := tx.ExecContext(ctx, `INSERT INTO bt_rectifications (assessment_id, org_id, item_id, problem, due_on, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, a.OrgID, l.ItemID, problem, nextMonthEnd(a.Month), now); err != nil {
			return err
		}
		opened++
	}
	return audit.Record(ctx, tx, audit.Event{Action: "bt.assessment.review", ObjectType: "bt_assessment", ObjectID: id,
		Detail: map[string]any{"org_id": a.OrgID, "month": a.Month, "score": score, "self_score": a.SelfScore, "light": light,
			"rectifications": opened, "note": in.Note}})
}

// BulkReview accepts the self-assessed scores of several submitted months
// at once, as a guidance group does for branches with nothing to correct.
// All or none: one that cannot be reviewed stops the batch and is named.
func (s *Service) BulkReview(ctx context.Context, p *access.Principal, ids []int64, note string) (int, error) {
	ids = dedupe(ids)
	if len(ids) == 0 {
		var v fault.Fields
		v.Add("ids", i18n.T("bt.field.selection"), i18n.T("bt.select_some"))
		return 0, v.Err()
	}
	if len(ids) > 500 {
		var v fault.Fields
		v.Add("ids", i18n.T("bt.field.selection"), i18n.T("bt.select_too_many", 500))
		return 0, v.Err()
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			if err := s.review(ctx, tx, p, id, ReviewInput{Note: note}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(ids), nil
}

// Publish freezes the reviewed months of the scope's branches for month:
// from then on, only a recorded adjustment changes them.
func (s *Service) Publish(ctx context.Context, p *access.Principal, month string) (int, error) {
	if err := s.mustManage(p); err != nil {
		return 0, err
	}
	if !validMonth(month) {
		var v fault.Fields
		v.Add("month", i18n.T("bt.field.month"), i18n.T("bt.month_format"))
		return 0, v.Err()
	}
	var n int
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := store.Millis(s.Now())
		res, err := tx.ExecContext(ctx, `UPDATE bt_assessments SET published = TRUE, published_at = ?, updated_at = ?
			WHERE month = ? AND status = 'reviewed' AND published = FALSE AND org_id IN (SELECT id FROM orgs WHERE path LIKE ?)`,
			now, now, month, p.ScopeLike())
		if err != nil {
			return err
		}
		c, _ := res.RowsAffected()
		n = int(c)
		if n == 0 {
			return fault.New(fault.Conflict, "%s", i18n.T("bt.nothing_to_publish", month))
		}
		return audit.Record(ctx, tx, audit.Event{Action: "bt.publish", ObjectType: "bt_month",
			Detail: map[string]any{"month": month, "org_id": p.OrgID, "assessments": n}})
	})
	return n, err
}

// Adjust changes the score of a published month with a reason; the
// adjustment is recorded beside the frozen result.
func (s *Service) Adjust(ctx context.Context, p *access.Principal, id int64, in AdjustInput) (Assessment, error) {
	if err := s.mustManage(p); err != nil {
		return Assessment{}, err
	}
	var v fault.Fields
	checkText(&v, "reason", i18n.T("bt.field.reason"), &in.Reason, 500, true)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		a, err := getAssessment(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if !a.Published {
			return fault.New(fault.Conflict, "%s", i18n.T("bt.adjust_unpublished"))
		}
		if in.Score < 0 || in.Score > a.FullScore {
			v.Add("score", i18n.T("bt.field.score"), i18n.T("bt.score_range", a.FullScore))
		} else if in.Score == a.Score {
			v.Add("score", i18n.T("bt.field.score"), i18n.T("bt.adjust_same"))
		}
		if err := v.Err(); err != nil {
			return err
		}
		c, err := getChecklist(ctx, tx, a.ChecklistID)
		if err != nil {
			return err
		}
		light := lightOf(in.Score, a.FullScore, c.GreenMin, c.YellowMin)
		now := store.Millis(s.Now())
		actor := who(ctx, p)
		if _, err := tx.ExecContext(ctx, `UPDATE bt_assessments SET score = ?, light = ?, updated_at = ? WHERE id = ?`, in.Score, string(light), now, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO bt_adjustments (assessment_id, old_score, new_score, old_light, new_light, reason, actor, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, a.Score, in.Score, string(a.Light), string(light), in.Reason, actor.Name, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "bt.assessment.adjust", ObjectType: "bt_assessment", ObjectID: id,
			Detail: map[string]any{"score": [2]int{a.Score, in.Score}, "light": [2]Light{a.Light, light}, "reason": in.Reason}})
	})
	if err != nil {
		return Assessment{}, err
	}
	return s.Get(ctx, p, id)
}

// Adjustments lists the recorded changes of a published assessment.
func (s *Service) Adjustments(ctx context.Context, p *access.Principal, id int64) ([]Adjustment, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT old_score, new_score, old_light, new_light, reason, actor, at FROM bt_adjustments WHERE assessment_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Adjustment{}
	for rows.Next() {
		var a Adjustment
		var ol, nl string
		var at int64
		if err := rows.Scan(&a.OldScore, &a.NewScore, &ol, &nl, &a.Reason, &a.Actor, &at); err != nil {
			return nil, err
		}
		a.OldLight, a.NewLight, a.At = Light(ol), Light(nl), store.Time(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// CanReview reports whether p may review the assessment now.
func (s *Service) CanReview(ctx context.Context, p *access.Principal, a Assessment) bool {
	if a.Status != StatusSubmitted || !p.Can(access.PermBTReview) {
		return false
	}
	ok, err := inGroup(ctx, s.DB, p.UserID, a.OrgID)
	return err == nil && ok
}

func percent(n, d int) string {
	if d == 0 {
		return "—"
	}
	if n == d {
		return "100%"
	}
	pm := (n*2000 + d) / (2 * d)
	return fmt.Sprintf("%d.%d%%", pm/10, pm%10)
}

// who names the person acting: their display name, for the records that
// say who submitted, reviewed or closed.
func who(ctx context.Context, p *access.Principal) audit.Actor {
	a := audit.ActorFrom(ctx)
	if p != nil && p.DisplayName != "" {
		a.Name = p.DisplayName
	}
	return a
}
