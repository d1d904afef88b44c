package appraisal

import (
	"context"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Service applies the appraisal rules.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// NewService returns the service.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

func notFound() error { return fault.New(fault.NotFound, "%s", i18n.T("appraisal.not_found")) }

var monthRe = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

// period is the calendar month m (YYYY-MM).
func period(m string) indicator.Period {
	y, _ := strconv.Atoi(m[:4])
	mo, _ := strconv.Atoi(m[5:])
	return indicator.Month(y, mo)
}

// Month returns a month visible to p.
func (s *Service) Month(ctx context.Context, p *access.Principal, id int64) (Month, error) {
	m, err := getMonth(ctx, s.DB, p.ScopeLike(), id)
	if store.IsNoRows(err) {
		return m, notFound()
	}
	return m, err
}

// Months lists the months visible to p, latest first.
func (s *Service) Months(ctx context.Context, p *access.Principal, limit, offset int) ([]Month, int, error) {
	return listMonths(ctx, s.DB, p.ScopeLike(), limit, offset)
}

// Results lists a month's results of the workers in p's scope.
func (s *Service) Results(ctx context.Context, p *access.Principal, id int64) ([]Result, error) {
	if _, err := s.Month(ctx, p, id); err != nil {
		return nil, err
	}
	return results(ctx, s.DB, p.ScopeLike(), id, 0)
}

// Adjustments lists a month's recorded corrections in p's scope.
func (s *Service) Adjustments(ctx context.Context, p *access.Principal, id int64) ([]Adjustment, error) {
	if _, err := s.Month(ctx, p, id); err != nil {
		return nil, err
	}
	return adjustments(ctx, s.DB, p.ScopeLike(), id)
}

// Scheme returns a scheme version.
func (s *Service) Scheme(ctx context.Context, id int64) (Scheme, error) {
	sc, err := schemeByID(ctx, s.DB, id)
	if store.IsNoRows(err) {
		return sc, notFound()
	}
	return sc, err
}

// Schemes lists every version, latest first.
func (s *Service) Schemes(ctx context.Context) ([]Scheme, error) { return schemes(ctx, s.DB) }

// ownMonth reads a month inside tx whose organization is in p's scope:
// only its organizers compute, review, publish and adjust it.
func ownMonth(ctx context.Context, tx *store.Tx, p *access.Principal, id int64) (Month, error) {
	m, err := getMonth(ctx, tx, p.ScopeLike(), id)
	if store.IsNoRows(err) {
		return m, notFound()
	}
	if err != nil {
		return m, err
	}
	var path string
	if err := tx.QueryRowContext(ctx, `SELECT path FROM orgs WHERE id = ?`, m.OrgID).Scan(&path); err != nil {
		return m, err
	}
	if !p.InScope(path) {
		return m, fault.New(fault.Forbidden, "%s", i18n.T("appraisal.organizer_only"))
	}
	return m, nil
}

// Compute creates or recomputes the month of the grid workers under orgID:
// the computed items from the records, manual scores kept, totals, ranks
// and grades. A published month is frozen.
func (s *Service) Compute(ctx context.Context, p *access.Principal, orgID int64, month string) (Month, error) {
	var v fault.Fields
	month = strings.TrimSpace(month)
	if !monthRe.MatchString(month) {
		v.Add("month", i18n.T("appraisal.field.month"), i18n.T("appraisal.month_format"))
	} else if month > s.Now().In(access.Shanghai).Format("2006-01") {
		v.Add("month", i18n.T("appraisal.field.month"), i18n.T("appraisal.month_future"))
	}
	if orgID == 0 {
		orgID = p.OrgID
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var path string
		err := tx.QueryRowContext(ctx, `SELECT path FROM orgs WHERE id = ? AND path LIKE ?`, orgID, p.ScopeLike()).Scan(&path)
		if store.IsNoRows(err) {
			v.Add("org_id", i18n.T("appraisal.field.org"), i18n.T("field.not_found"))
		} else if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		sc, err := schemeFor(ctx, tx, month)
		if store.IsNoRows(err) {
			return fault.New(fault.Conflict, "%s", i18n.T("appraisal.no_scheme"))
		}
		if err != nil {
			return err
		}
		now := store.Millis(s.Now())
		var status string
		err = tx.QueryRowContext(ctx, `SELECT id, status FROM appraisal_months WHERE org_id = ? AND month = ?`, orgID, month).Scan(&id, &status)
		switch {
		case store.IsNoRows(err):
			if err := tx.QueryRowContext(ctx, `INSERT INTO appraisal_months (org_id, month, scheme_id, status, created_at, updated_at)
				VALUES (?, ?, ?, 'draft', ?, ?) RETURNING id`, orgID, month, sc.ID, now, now).Scan(&id); err != nil {
				return err
			}
		case err != nil:
			return err
		case Status(status) == StatusPublished:
			return fault.New(fault.Conflict, "%s", i18n.T("appraisal.frozen"))
		}
		if err := computeScores(ctx, tx, id, path, month, sc, now); err != nil {
			return err
		}
		if err := rank(ctx, tx, id, sc); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appraisal_months SET status = 'draft', scheme_id = ?, computed_at = ?, reviewed_by = '', reviewed_at = 0, updated_at = ?
			WHERE id = ?`, sc.ID, now, now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "appraisal.compute", ObjectType: "appraisal_month", ObjectID: id,
			Detail: map[string]any{"org_id": orgID, "month": month, "scheme_id": sc.ID}})
	})
	if err != nil {
		return Month{}, err
	}
	return s.Month(ctx, p, id)
}

// computeScores counts the records of every worker serving under path in
// month and writes the computed items' scores; manual items are added
// unentered for new workers and otherwise kept.
func computeScores(ctx context.Context, tx *store.Tx, monthID int64, path, month string, sc Scheme, now int64) error {
	per := period(month)
	// Workers who served some day of the month; their counts in one pass.
	rows, err := tx.QueryContext(ctx, `SELECT gw.id, gw.name, gw.grid_id, g.org_id,
		(SELECT COUNT(*) FROM resident_visits rv WHERE rv.worker_id = gw.id AND rv.visited_on >= ? AND rv.visited_on < ?),
		(SELECT COUNT(*) FROM events e WHERE e.worker_id = gw.id AND e.reported_at >= ? AND e.reported_at < ?),
		(SELECT COUNT(*) FROM events e WHERE e.grid_id = gw.grid_id AND e.status = 'closed' AND e.closed_at >= ? AND e.closed_at < ?),
		(SELECT COUNT(*) FROM events e WHERE e.grid_id = gw.grid_id AND e.status = 'closed' AND e.closed_at >= ? AND e.closed_at < ? AND e.late = FALSE),
		(SELECT COUNT(*) FROM events e WHERE e.grid_id = gw.grid_id AND e.status = 'closed' AND e.closed_at >= ? AND e.closed_at < ? AND e.rating <> ''),
		(SELECT COUNT(*) FROM events e WHERE e.grid_id = gw.grid_id AND e.status = 'closed' AND e.closed_at >= ? AND e.closed_at < ? AND e.rating IN ('satisfied', 'basic'))
		FROM grid_workers gw JOIN grids g ON g.id = gw.grid_id JOIN orgs o ON o.id = g.org_id
		WHERE o.path LIKE ? AND gw.since < ? AND (gw.until = '' OR gw.until >= ?)
		ORDER BY gw.id`,
		per.From, per.To, per.FromMillis(), per.ToMillis(), per.FromMillis(), per.ToMillis(), per.FromMillis(), per.ToMillis(),
		per.FromMillis(), per.ToMillis(), per.FromMillis(), per.ToMillis(), path+"%", per.To, per.From)
	if err != nil {
		return err
	}
	type worker struct {
		id, grid, org                                  int64
		name                                           string
		visits, reported, closed, onTime, rated, happy int64
	}
	var ws []worker
	for rows.Next() {
		var w worker
		if err := rows.Scan(&w.id, &w.name, &w.grid, &w.org, &w.visits, &w.reported, &w.closed, &w.onTime, &w.rated, &w.happy); err != nil {
			rows.Close()
			return err
		}
		ws = append(ws, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Workers no longer serving drop out; manual scores of those who stay
	// are kept.
	if _, err := tx.ExecContext(ctx, `DELETE FROM appraisal_results WHERE month_id = ?`, monthID); err != nil {
		return err
	}
	keep := make([]any, 0, len(ws)+1)
	keep = append(keep, monthID)
	for _, w := range ws {
		keep = append(keep, w.id)
	}
	del := `DELETE FROM appraisal_scores WHERE month_id = ?`
	if len(ws) > 0 {
		del += ` AND worker_id NOT IN (` + store.Placeholders(len(ws)) + `)`
	}
	if _, err := tx.ExecContext(ctx, del, keep...); err != nil {
		return err
	}
	for _, w := range ws {
		if _, err := tx.ExecContext(ctx, `INSERT INTO appraisal_results (month_id, worker_id, grid_id, org_id, worker_name, total, rank, grade)
			VALUES (?, ?, ?, ?, ?, 0, 0, 'fail')`, monthID, w.id, w.grid, w.org, w.name); err != nil {
			return err
		}
		for _, it := range sc.Items {
			var raw, score int64
			switch it.Source {
			case SourceVisits:
				raw, score = w.visits, countScore(w.visits, it.Target)
			case SourceReported:
				raw, score = w.reported, countScore(w.reported, it.Target)
			case SourceOnTime:
				raw, score = rateScore(w.onTime, w.closed)
			case SourceSatisfy:
				raw, score = rateScore(w.happy, w.rated)
			case SourceManual:
				if _, err := tx.ExecContext(ctx, `INSERT INTO appraisal_scores (month_id, worker_id, item_id, raw, score) VALUES (?, ?, ?, 0, 0)
					ON CONFLICT (month_id, worker_id, item_id) DO NOTHING`, monthID, w.id, it.ID); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO appraisal_scores (month_id, worker_id, item_id, raw, score, entered_at) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (month_id, worker_id, item_id) DO UPDATE SET raw = excluded.raw, score = excluded.score, entered_at = excluded.entered_at`,
				monthID, w.id, it.ID, raw, score, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// countScore is full marks (10000) at target, in proportion below it.
func countScore(n int64, target int) int64 {
	if target <= 0 || n >= int64(target) {
		return 10000
	}
	return n * 10000 / int64(target)
}

// rateScore is the rate n/den as per-mille and as a score; a grid with no
// case in the month has nothing against it and earns full marks.
func rateScore(n, den int64) (int64, int64) {
	if den == 0 {
		return 1000, 10000
	}
	return n * 1000 / den, n * 10000 / den
}

// total is the weighted sum of a worker's item scores, in hundredths.
func total(sc Scheme, scores map[int64]int64) int64 {
	var t int64
	for _, it := range sc.Items {
		t += scores[it.ID] * int64(it.Weight)
	}
	return t / 100
}

// rank recomputes totals, ranks and grades of a month from its scores:
// best total first (ties by the worker's id, so the quota is never
// exceeded); the first ExcellentQuota at or above the pass score are 优秀,
// the next GoodQuota 良好, the rest 合格 at or above the pass score and
// 不合格 below it. Rewards follow the grade.
func rank(ctx context.Context, tx *store.Tx, monthID int64, sc Scheme) error {
	rows, err := tx.QueryContext(ctx, `SELECT worker_id, item_id, score FROM appraisal_scores WHERE month_id = ?`, monthID)
	if err != nil {
		return err
	}
	scores := map[int64]map[int64]int64{}
	for rows.Next() {
		var w, it, sv int64
		if err := rows.Scan(&w, &it, &sv); err != nil {
			rows.Close()
			return err
		}
		if scores[w] == nil {
			scores[w] = map[int64]int64{}
		}
		scores[w][it] = sv
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	type entry struct{ worker, total int64 }
	var es []entry
	for w, m := range scores {
		es = append(es, entry{w, total(sc, m)})
	}
	sort.Slice(es, func(i, j int) bool {
		if es[i].total != es[j].total {
			return es[i].total > es[j].total
		}
		return es[i].worker < es[j].worker
	})
	pass := int64(sc.PassScore) * 100
	excellent, good := 0, 0
	for i, e := range es {
		g := GradeFail
		switch {
		case e.total < pass:
		case excellent < sc.ExcellentQuota:
			g, excellent = GradeExcellent, excellent+1
		case good < sc.GoodQuota:
			g, good = GradeGood, good+1
		default:
			g = GradePass
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appraisal_results SET total = ?, rank = ?, grade = ?, reward = ? WHERE month_id = ? AND worker_id = ?`,
			e.total, i+1, string(g), sc.Reward(g), monthID, e.worker); err != nil {
			return err
		}
	}
	return nil
}

// ParsePoints reads a score typed as points with up to two decimals
// (0–100) into hundredths.
func ParsePoints(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 3 || len(frac) > 2 {
		return 0, false
	}
	w, err := strconv.Atoi(whole)
	if err != nil || w < 0 {
		return 0, false
	}
	f := 0
	if frac != "" {
		for len(frac) < 2 {
			frac += "0"
		}
		if f, err = strconv.Atoi(frac); err != nil || f < 0 {
			return 0, false
		}
	}
	h := int64(w)*100 + int64(f)
	return h, h <= 10000
}

// ManualInput is a score given by the community with its reason.
type ManualInput struct {
	WorkerID int64  `json:"worker_id"`
	ItemID   int64  `json:"item_id"`
	Score    string `json:"score"` // points, e.g. "92.5"
	Reason   string `json:"reason"`
}

func checkReason(v *fault.Fields, reason *string) {
	*reason = strings.TrimSpace(*reason)
	switch {
	case *reason == "":
		v.Add("reason", i18n.T("appraisal.field.reason"), i18n.T("field.required"))
	case !utf8.ValidString(*reason) || utf8.RuneCountInString(*reason) > 200:
		v.Add("reason", i18n.T("appraisal.field.reason"), i18n.T("field.max_len", 200))
	}
}

// SetManual enters a manual item's score of a worker in p's scope; a
// reviewed month goes back to draft, a published one is frozen.
func (s *Service) SetManual(ctx context.Context, p *access.Principal, monthID int64, in ManualInput) error {
	var v fault.Fields
	score, ok := ParsePoints(in.Score)
	if !ok {
		v.Add("score", i18n.T("appraisal.field.score"), i18n.T("appraisal.score_range"))
	}
	checkReason(&v, &in.Reason)
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := getMonth(ctx, tx, p.ScopeLike(), monthID)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if m.Status == StatusPublished {
			return fault.New(fault.Conflict, "%s", i18n.T("appraisal.frozen"))
		}
		rs, err := results(ctx, tx, p.ScopeLike(), monthID, in.WorkerID)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return notFound()
		}
		sc, err := schemeByID(ctx, tx, m.SchemeID)
		if err != nil {
			return err
		}
		manual := false
		for _, it := range sc.Items {
			manual = manual || (it.ID == in.ItemID && it.Source == SourceManual)
		}
		if !manual {
			v.Add("item_id", i18n.T("appraisal.field.item"), i18n.T("appraisal.not_manual"))
			return v.Err()
		}
		actor := audit.ActorFrom(ctx)
		now := store.Millis(s.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE appraisal_scores SET score = ?, reason = ?, entered_by = ?, entered_at = ? WHERE month_id = ? AND worker_id = ? AND item_id = ?`,
			score, in.Reason, actor.Name, now, monthID, in.WorkerID, in.ItemID); err != nil {
			return err
		}
		if err := rank(ctx, tx, monthID, sc); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appraisal_months SET status = 'draft', reviewed_by = '', reviewed_at = 0, updated_at = ? WHERE id = ?`, now, monthID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "appraisal.score", ObjectType: "appraisal_month", ObjectID: monthID,
			Detail: map[string]any{"worker_id": in.WorkerID, "item_id": in.ItemID, "score": Points(score), "reason": in.Reason}})
	})
}

// Review marks a computed month reviewed once every manual score is in.
func (s *Service) Review(ctx context.Context, p *access.Principal, id int64) (Month, error) {
	return s.advance(ctx, p, id, StatusDraft, StatusReviewed, func(tx *store.Tx) error {
		var missing int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM appraisal_scores WHERE month_id = ? AND entered_at = 0`, id).Scan(&missing); err != nil {
			return err
		}
		if missing > 0 {
			return fault.New(fault.Conflict, "%s", i18n.T("appraisal.manual_missing", missing))
		}
		return nil
	})
}

// Publish publishes a reviewed month; from then on it is frozen.
func (s *Service) Publish(ctx context.Context, p *access.Principal, id int64) (Month, error) {
	return s.advance(ctx, p, id, StatusReviewed, StatusPublished, nil)
}

func (s *Service) advance(ctx context.Context, p *access.Principal, id int64, from, to Status, check func(*store.Tx) error) (Month, error) {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := ownMonth(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if m.Status != from {
			return fault.New(fault.Conflict, "%s", i18n.T("appraisal.bad_step", m.Status.Label(), to.Label()))
		}
		if check != nil {
			if err := check(tx); err != nil {
				return err
			}
		}
		actor := audit.ActorFrom(ctx)
		now := store.Millis(s.Now())
		q := `UPDATE appraisal_months SET status = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ? WHERE id = ?`
		if to == StatusPublished {
			q = `UPDATE appraisal_months SET status = ?, published_by = ?, published_at = ?, updated_at = ? WHERE id = ?`
		}
		if _, err := tx.ExecContext(ctx, q, string(to), actor.Name, now, now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "appraisal." + string(to), ObjectType: "appraisal_month", ObjectID: id,
			Detail: map[string]any{"month": m.Month, "status": [2]Status{m.Status, to}}})
	})
	if err != nil {
		return Month{}, err
	}
	return s.Month(ctx, p, id)
}

// AdjustInput corrects a published month: an item's score (ItemID and
// Score) or the grade (Grade), always with a reason.
type AdjustInput struct {
	WorkerID int64  `json:"worker_id"`
	ItemID   int64  `json:"item_id"`
	Score    string `json:"score"`
	Grade    Grade  `json:"grade"`
	Reason   string `json:"reason"`
}

// Adjust records a correction of a published month. A score correction
// changes the worker's total; ranks and others' grades stay as published.
// A grade correction changes the grade and the reward with it.
func (s *Service) Adjust(ctx context.Context, p *access.Principal, id int64, in AdjustInput) error {
	var v fault.Fields
	checkReason(&v, &in.Reason)
	var score int64
	if in.Grade == "" {
		var ok bool
		if score, ok = ParsePoints(in.Score); !ok {
			v.Add("score", i18n.T("appraisal.field.score"), i18n.T("appraisal.score_range"))
		}
	} else if !in.Grade.Valid() {
		v.Add("grade", i18n.T("appraisal.field.grade"), i18n.T("field.choose"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := ownMonth(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if m.Status != StatusPublished {
			return fault.New(fault.Conflict, "%s", i18n.T("appraisal.adjust_published"))
		}
		rs, err := results(ctx, tx, p.ScopeLike(), id, in.WorkerID)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return notFound()
		}
		r := rs[0]
		sc, err := schemeByID(ctx, tx, m.SchemeID)
		if err != nil {
			return err
		}
		var field, before, after string
		if in.Grade != "" {
			field, before, after = "grade", r.Grade.Label(), in.Grade.Label()
			if _, err := tx.ExecContext(ctx, `UPDATE appraisal_results SET grade = ?, reward = ? WHERE month_id = ? AND worker_id = ?`,
				string(in.Grade), sc.Reward(in.Grade), id, in.WorkerID); err != nil {
				return err
			}
		} else {
			var item *Item
			for i := range sc.Items {
				if sc.Items[i].ID == in.ItemID {
					item = &sc.Items[i]
				}
			}
			if item == nil {
				v.Add("item_id", i18n.T("appraisal.field.item"), i18n.T("field.choose"))
				return v.Err()
			}
			cur := map[int64]int64{}
			for _, x := range r.Scores {
				cur[x.ItemID] = x.Score
			}
			field, before, after = item.Name, Points(cur[item.ID]), Points(score)
			cur[item.ID] = score
			if _, err := tx.ExecContext(ctx, `UPDATE appraisal_scores SET score = ?, reason = ? WHERE month_id = ? AND worker_id = ? AND item_id = ?`,
				score, in.Reason, id, in.WorkerID, in.ItemID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE appraisal_results SET total = ? WHERE month_id = ? AND worker_id = ?`,
				total(sc, cur), id, in.WorkerID); err != nil {
				return err
			}
		}
		actor := audit.ActorFrom(ctx)
		if _, err := tx.ExecContext(ctx, `INSERT INTO appraisal_adjustments (month_id, worker_id, field, before_val, after_val, reason, actor_id, actor, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, in.WorkerID, field, before, after, in.Reason, actor.ID, actor.Name, store.Millis(s.Now())); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "appraisal.adjust", ObjectType: "appraisal_month", ObjectID: id,
			Detail: map[string]any{"worker_id": in.WorkerID, "field": field, "before": before, "after": after, "reason": in.Reason}})
	})
}

// Pay marks a worker's reward of a published month paid on a date.
func (s *Service) Pay(ctx context.Context, p *access.Principal, id, workerID int64, paidOn string) error {
	var v fault.Fields
	paidOn = strings.TrimSpace(paidOn)
	if _, err := time.Parse("2006-01-02", paidOn); err != nil {
		v.Add("paid_on", i18n.T("appraisal.field.paid_on"), i18n.T("field.date_format"))
	} else if paidOn > s.Now().In(access.Shanghai).Format("2006-01-02") {
		v.Add("paid_on", i18n.T("appraisal.field.paid_on"), i18n.T("field.date_future"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := ownMonth(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if m.Status != StatusPublished {
			return fault.New(fault.Conflict, "%s", i18n.T("appraisal.pay_published"))
		}
		rs, err := results(ctx, tx, p.ScopeLike(), id, workerID)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return notFound()
		}
		if rs[0].Reward <= 0 || rs[0].Paid {
			return fault.New(fault.Conflict, "%s", i18n.T("appraisal.nothing_to_pay"))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appraisal_results SET paid = TRUE, paid_on = ? WHERE month_id = ? AND worker_id = ?`, paidOn, id, workerID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "appraisal.pay", ObjectType: "appraisal_month", ObjectID: id,
			Detail: map[string]any{"worker_id": workerID, "reward": rs[0].Reward, "paid_on": paidOn}})
	})
}

// SchemeInput is a new version of the scheme from a month on; items keep
// their codes and are given their weights and targets.
type SchemeInput struct {
	MonthFrom       string `json:"month_from"`
	Name            string `json:"name"`
	ExcellentQuota  int    `json:"excellent_quota"`
	GoodQuota       int    `json:"good_quota"`
	PassScore       int    `json:"pass_score"`
	RewardExcellent int64  `json:"reward_excellent"`
	RewardGood      int64  `json:"reward_good"`
	RewardPass      int64  `json:"reward_pass"`
	Items           []Item `json:"items"`
}

// SaveScheme adds a version in force from MonthFrom. Months already
// published keep the version they were computed with.
func (s *Service) SaveScheme(ctx context.Context, p *access.Principal, in SchemeInput) (Scheme, error) {
	var v fault.Fields
	if !p.Can(access.PermOrgWrite) {
		return Scheme{}, fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	if !monthRe.MatchString(strings.TrimSpace(in.MonthFrom)) {
		v.Add("month_from", i18n.T("appraisal.field.month_from"), i18n.T("appraisal.month_format"))
	}
	in.MonthFrom = strings.TrimSpace(in.MonthFrom)
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 60 {
		v.Add("name", i18n.T("appraisal.field.scheme_name"), i18n.T("field.required_max", 60))
	}
	for _, q := range []struct {
		field, label string
		val, max     int
	}{{"excellent_quota", "appraisal.field.excellent_quota", in.ExcellentQuota, 1000}, {"good_quota", "appraisal.field.good_quota", in.GoodQuota, 1000},
		{"pass_score", "appraisal.field.pass_score", in.PassScore, 100}} {
		if q.val < 0 || q.val > q.max {
			v.Add(q.field, i18n.T(q.label), i18n.T("field.range", 0, q.max))
		}
	}
	for _, r := range []struct {
		field, label string
		val          int64
	}{{"reward_excellent", "appraisal.field.reward_excellent", in.RewardExcellent}, {"reward_good", "appraisal.field.reward_good", in.RewardGood},
		{"reward_pass", "appraisal.field.reward_pass", in.RewardPass}} {
		if r.val < 0 || r.val > 100_000_00 {
			v.Add(r.field, i18n.T(r.label), i18n.T("appraisal.reward_range"))
		}
	}
	sum := 0
	codes := map[string]bool{}
	for i, it := range in.Items {
		label := i18n.T("appraisal.field.item_n", i+1)
		it.Code, it.Name = strings.TrimSpace(it.Code), strings.TrimSpace(it.Name)
		if it.Code == "" || codes[it.Code] || it.Name == "" || utf8.RuneCountInString(it.Name) > 30 || !it.Source.Valid() {
			v.Add("items", label, i18n.T("appraisal.item_invalid"))
		}
		codes[it.Code] = true
		if it.Weight < 0 || it.Weight > 100 || it.Target < 0 || it.Target > 1000 {
			v.Add("items", label, i18n.T("appraisal.item_range"))
		}
		if it.Source.Counted() && it.Target <= 0 {
			v.Add("items", label, i18n.T("appraisal.target_required"))
		}
		sum += it.Weight
		in.Items[i] = it
	}
	if len(in.Items) == 0 || sum != 100 {
		v.Add("items", i18n.T("appraisal.field.items"), i18n.T("appraisal.weights_sum", sum))
	}
	if err := v.Err(); err != nil {
		return Scheme{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		actor := audit.ActorFrom(ctx)
		err := tx.QueryRowContext(ctx, `INSERT INTO appraisal_schemes (month_from, name, excellent_quota, good_quota, pass_score, reward_excellent, reward_good, reward_pass, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.MonthFrom, in.Name, in.ExcellentQuota, in.GoodQuota, in.PassScore,
			in.RewardExcellent, in.RewardGood, in.RewardPass, actor.Name, store.Millis(s.Now())).Scan(&id)
		if store.IsUniqueViolation(err) {
			v.Add("month_from", i18n.T("appraisal.field.month_from"), i18n.T("appraisal.version_taken"))
			return v.Err()
		}
		if err != nil {
			return err
		}
		for i, it := range in.Items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO appraisal_items (scheme_id, code, name, source, weight, target, sort) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				id, it.Code, it.Name, string(it.Source), it.Weight, it.Target, (i+1)*10); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Event{Action: "appraisal.scheme", ObjectType: "appraisal_scheme", ObjectID: id, Detail: in})
	})
	if err != nil {
		return Scheme{}, err
	}
	return schemeByID(ctx, s.DB, id)
}
