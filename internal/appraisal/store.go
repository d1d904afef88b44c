package appraisal

import (
	"context"

	"troika/internal/store"
)

func schemeByID(ctx context.Context, q store.Querier, id int64) (Scheme, error) {
	var s Scheme
	err := q.QueryRowContext(ctx, `SELECT id, month_from, name, excellent_quota, good_quota, pass_score, reward_excellent, reward_good, reward_pass
		FROM appraisal_schemes WHERE id = ?`, id).Scan(&s.ID, &s.MonthFrom, &s.Name, &s.ExcellentQuota, &s.GoodQuota, &s.PassScore,
		&s.RewardExcellent, &s.RewardGood, &s.RewardPass)
	if err != nil {
		return s, err
	}
	s.Items, err = items(ctx, q, id)
	return s, err
}

// schemeFor is the scheme in force in month (YYYY-MM): the latest version
// starting in or before it.
func schemeFor(ctx context.Context, q store.Querier, month string) (Scheme, error) {
	var id int64
	if err := q.QueryRowContext(ctx, `SELECT id FROM appraisal_schemes WHERE month_from <= ? ORDER BY month_from DESC LIMIT 1`, month).Scan(&id); err != nil {
		return Scheme{}, err
	}
	return schemeByID(ctx, q, id)
}

func schemes(ctx context.Context, q store.Querier) ([]Scheme, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM appraisal_schemes ORDER BY month_from DESC`)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []Scheme{}
	for _, id := range ids {
		s, err := schemeByID(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func items(ctx context.Context, q store.Querier, schemeID int64) ([]Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, name, source, weight, target, sort FROM appraisal_items WHERE scheme_id = ? ORDER BY sort, id`, schemeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Item{}
	for rows.Next() {
		var it Item
		var src string
		if err := rows.Scan(&it.ID, &it.Code, &it.Name, &src, &it.Weight, &it.Target, &it.Sort); err != nil {
			return nil, err
		}
		it.Source = Source(src)
		out = append(out, it)
	}
	return out, rows.Err()
}

// monthCols reads a month with its organization and counts of results in
// the reader's scope.
const monthCols = `m.id, m.org_id, o.name, m.month, m.scheme_id, m.status, m.computed_at, m.reviewed_by, m.reviewed_at, m.published_by, m.published_at,
	(SELECT COUNT(*) FROM appraisal_results r JOIN orgs ro ON ro.id = r.org_id WHERE r.month_id = m.id AND ro.path LIKE ?),
	(SELECT COUNT(*) FROM appraisal_results r JOIN orgs ro ON ro.id = r.org_id WHERE r.month_id = m.id AND ro.path LIKE ? AND r.grade = 'excellent')`

// visibleMonth is a month whose organization is in scope or that has
// results in scope (a street sees the city's month for its own workers).
const visibleMonth = `(o.path LIKE ? OR EXISTS (SELECT 1 FROM appraisal_results r JOIN orgs ro ON ro.id = r.org_id WHERE r.month_id = m.id AND ro.path LIKE ?))`

func scanMonth(sc interface{ Scan(...any) error }) (Month, error) {
	var m Month
	var status string
	var computed, reviewed, published int64
	err := sc.Scan(&m.ID, &m.OrgID, &m.OrgName, &m.Month, &m.SchemeID, &status, &computed, &m.ReviewedBy, &reviewed,
		&m.PublishedBy, &published, &m.Workers, &m.Excellent)
	m.Status = Status(status)
	m.StatusLabel = m.Status.Label()
	m.ComputedAt, m.ReviewedAt, m.PublishedAt = store.Time(computed), store.Time(reviewed), store.Time(published)
	return m, err
}

func getMonth(ctx context.Context, q store.Querier, like string, id int64) (Month, error) {
	return scanMonth(q.QueryRowContext(ctx, `SELECT `+monthCols+` FROM appraisal_months m JOIN orgs o ON o.id = m.org_id
		WHERE m.id = ? AND `+visibleMonth, like, like, id, like, like))
}

func listMonths(ctx context.Context, q store.Querier, like string, limit, offset int) ([]Month, int, error) {
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM appraisal_months m JOIN orgs o ON o.id = m.org_id WHERE `+visibleMonth, like, like).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+monthCols+` FROM appraisal_months m JOIN orgs o ON o.id = m.org_id WHERE `+visibleMonth+`
		ORDER BY m.month DESC, o.path LIMIT ? OFFSET ?`, like, like, like, like, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Month{}
	for rows.Next() {
		m, err := scanMonth(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

// results reads a month's results in scope, best first, with their scores.
func results(ctx context.Context, q store.Querier, like string, monthID int64, workerID int64) ([]Result, error) {
	extra, args := "", []any{monthID, like}
	if workerID > 0 {
		extra, args = " AND r.worker_id = ?", append(args, workerID)
	}
	rows, err := q.QueryContext(ctx, `SELECT r.worker_id, r.worker_name, r.grid_id, g.name, r.org_id, o.name, r.total, r.rank, r.grade, r.reward, r.paid, r.paid_on
		FROM appraisal_results r JOIN orgs o ON o.id = r.org_id JOIN grids g ON g.id = r.grid_id
		WHERE r.month_id = ? AND o.path LIKE ?`+extra+` ORDER BY r.rank, r.worker_id`, args...)
	if err != nil {
		return nil, err
	}
	out := []Result{}
	idx := map[int64]int{}
	for rows.Next() {
		var r Result
		var grade string
		if err := rows.Scan(&r.WorkerID, &r.WorkerName, &r.GridID, &r.GridName, &r.OrgID, &r.OrgName, &r.Total, &r.Rank, &grade, &r.Reward, &r.Paid, &r.PaidOn); err != nil {
			rows.Close()
			return nil, err
		}
		r.Grade = Grade(grade)
		r.GradeLabel = r.Grade.Label()
		idx[r.WorkerID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	srows, err := q.QueryContext(ctx, `SELECT s.worker_id, s.item_id, s.raw, s.score, s.entered_at, s.reason, s.entered_by
		FROM appraisal_scores s JOIN appraisal_items i ON i.id = s.item_id WHERE s.month_id = ? ORDER BY i.sort, i.id`, monthID)
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		var w, at int64
		var s Score
		if err := srows.Scan(&w, &s.ItemID, &s.Raw, &s.Score, &at, &s.Reason, &s.EnteredBy); err != nil {
			return nil, err
		}
		s.Entered = at > 0
		if i, ok := idx[w]; ok {
			out[i].Scores = append(out[i].Scores, s)
		}
	}
	return out, srows.Err()
}

func adjustments(ctx context.Context, q store.Querier, like string, monthID int64) ([]Adjustment, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.worker_id, r.worker_name, a.field, a.before_val, a.after_val, a.reason, a.actor, a.at
		FROM appraisal_adjustments a JOIN appraisal_results r ON r.month_id = a.month_id AND r.worker_id = a.worker_id
		JOIN orgs o ON o.id = r.org_id WHERE a.month_id = ? AND o.path LIKE ? ORDER BY a.id`, monthID, like)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Adjustment{}
	for rows.Next() {
		var a Adjustment
		var at int64
		if err := rows.Scan(&a.WorkerID, &a.WorkerName, &a.Field, &a.Before, &a.After, &a.Reason, &a.Actor, &at); err != nil {
			return nil, err
		}
		a.At = store.Time(at)
		out = append(out, a)
	}
	return out, rows.Err()
}
