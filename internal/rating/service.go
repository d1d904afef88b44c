package rating

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// Service applies the rules of the rating ledgers.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// NewService returns the service on db.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

func hundredths(n int) string { return fmt.Sprintf("%d.%02d", n/100, n%100) }

func checkText(v *fault.Fields, field, label string, val *string, max int, required bool) {
	*val = strings.TrimSpace(*val)
	switch {
	case *val == "" && required:
		v.Add(field, label, i18n.T("field.required"))
	case utf8.RuneCountInString(*val) > max:
		v.Add(field, label, i18n.T("field.max_len", max))
	}
}

func forbidden() error { return fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden")) }

func who(ctx context.Context, p *access.Principal) audit.Actor {
	a := audit.ActorFrom(ctx)
	if p != nil && p.DisplayName != "" {
		a.Name = p.DisplayName
	}
	return a
}

// Stars lists the 五星级 standard, star by star.
func (s *Service) Stars(ctx context.Context) ([]StarItem, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, star, sort, title, criteria, created_at, updated_at FROM star_items ORDER BY star, sort, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []StarItem{}
	for rows.Next() {
		var it StarItem
		var c, u int64
		if err := rows.Scan(&it.ID, &it.Star, &it.Sort, &it.Title, &it.Criteria, &c, &u); err != nil {
			return nil, err
		}
		it.CreatedAt, it.UpdatedAt = store.Time(c), store.Time(u)
		out = append(out, it)
	}
	return out, rows.Err()
}

// Star returns one item.
func (s *Service) Star(ctx context.Context, id int64) (StarItem, error) {
	var it StarItem
	var c, u int64
	err := s.DB.QueryRowContext(ctx, `SELECT id, star, sort, title, criteria, created_at, updated_at FROM star_items WHERE id = ?`, id).
		Scan(&it.ID, &it.Star, &it.Sort, &it.Title, &it.Criteria, &c, &u)
	if store.IsNoRows(err) {
		return it, fault.New(fault.NotFound, "%s", i18n.T("rating.star.not_found"))
	}
	it.CreatedAt, it.UpdatedAt = store.Time(c), store.Time(u)
	return it, err
}

func validateStar(in *StarInput) error {
	var v fault.Fields
	if in.Star < 1 || in.Star > 5 {
		v.Add("star", i18n.T("rating.field.star"), i18n.T("rating.star_range"))
	}
	if in.Sort < 0 || in.Sort > 999 {
		v.Add("sort", i18n.T("rating.field.sort"), i18n.T("rating.sort_range"))
	}
	checkText(&v, "title", i18n.T("rating.field.star_title"), &in.Title, 100, true)
	checkText(&v, "criteria", i18n.T("rating.field.criteria_text"), &in.Criteria, 1000, false)
	return v.Err()
}

// SaveStar creates (id 0) or edits a star item.
func (s *Service) SaveStar(ctx context.Context, p *access.Principal, id int64, in StarInput) (StarItem, error) {
	if !p.Can(access.PermRatingManage) {
		return StarItem{}, forbidden()
	}
	if err := validateStar(&in); err != nil {
		return StarItem{}, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := store.Millis(s.Now())
		if id == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO star_items (star, sort, title, criteria, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
				in.Star, in.Sort, in.Title, in.Criteria, now, now).Scan(&id); err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.Event{Action: "rating.star.create", ObjectType: "star_item", ObjectID: id,
				Detail: map[string]any{"star": in.Star, "title": in.Title}})
		}
		var before StarInput
		err := tx.QueryRowContext(ctx, `SELECT star, sort, title, criteria FROM star_items WHERE id = ?`, id).Scan(&before.Star, &before.Sort, &before.Title, &before.Criteria)
		if store.IsNoRows(err) {
			return fault.New(fault.NotFound, "%s", i18n.T("rating.star.not_found"))
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE star_items SET star = ?, sort = ?, title = ?, criteria = ?, updated_at = ? WHERE id = ?`,
			in.Star, in.Sort, in.Title, in.Criteria, now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "rating.star.update", ObjectType: "star_item", ObjectID: id, Detail: audit.Changes(before, in)})
	})
	if err != nil {
		return StarItem{}, err
	}
	return s.Star(ctx, id)
}

const evalCols = `e.id, e.org_id, o.name, e.year, e.quarter, e.title, e.top_n, e.status, e.note, e.published_by, e.published_at, e.created_at,
	(SELECT COUNT(*) FROM rating_candidates c WHERE c.evaluation_id = e.id),
	(SELECT COUNT(*) FROM rating_candidates c WHERE c.evaluation_id = e.id AND c.top = TRUE)`

func scanEval(sc interface{ Scan(...any) error }, extra ...any) (Evaluation, error) {
	var e Evaluation
	var st string
	var pub, created int64
	err := sc.Scan(append([]any{&e.ID, &e.OrgID, &e.OrgName, &e.Year, &e.Quarter, &e.Title, &e.TopN, &st, &e.Note, &e.PublishedBy, &pub, &created, &e.Candidates, &e.Awarded}, extra...)...)
	e.Organizer = true
	e.Status = Status(st)
	e.StatusLabel = e.Status.Label()
	if pub > 0 {
		e.PublishedAt = store.Time(pub)
	}
	e.CreatedAt = store.Time(created)
	return e, err
}

func notFound() error { return fault.New(fault.NotFound, "%s", i18n.T("rating.not_found")) }

// Filter narrows the evaluation list.
type Filter struct {
	Year   int
	Status Status
	Limit  int
	Offset int
}

// List returns one page of evaluations organized in scope, the latest
// quarter first.
func (s *Service) List(ctx context.Context, p *access.Principal, f Filter) ([]Evaluation, int, error) {
	where := ` FROM rating_evaluations e JOIN orgs o ON o.id = e.org_id WHERE ` + visible
	args := []any{p.ScopeLike(), p.ScopeLike()}
	if f.Year > 0 {
		where += ` AND e.year = ?`
		args = append(args, f.Year)
	}
	if f.Status != "" {
		where += ` AND e.status = ?`
		args = append(args, string(f.Status))
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+evalCols+where+` ORDER BY e.year DESC, e.quarter DESC, e.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Evaluation{}
	for rows.Next() {
		e, err := scanEval(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// Get returns an evaluation with its criteria, reviewers and ranking.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (Evaluation, error) {
	e, err := get(ctx, s.DB, p.ScopeLike(), id)
	if store.IsNoRows(err) {
		return e, notFound()
	}
	return e, err
}

// visible: an evaluation is seen where it was organized and, with only
// their own candidates, where its candidates are.
const visible = `(o.path LIKE ? OR e.id IN (SELECT c.evaluation_id FROM rating_candidates c JOIN orgs co ON co.id = c.org_id WHERE co.path LIKE ?))`

func get(ctx context.Context, q store.Querier, scopeLike string, id int64) (Evaluation, error) {
	var path string
	e, err := scanEval(q.QueryRowContext(ctx, `SELECT `+evalCols+`, o.path FROM rating_evaluations e JOIN orgs o ON o.id = e.org_id WHERE e.id = ? AND `+visible,
		id, scopeLike, scopeLike), &path)
	e.orgPath = path
	if err != nil {
		return e, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, title, max_score FROM rating_criteria WHERE evaluation_id = ? ORDER BY sort, id`, id)
	if err != nil {
		return e, err
	}
	for rows.Next() {
		var c Criterion
		if err := rows.Scan(&c.ID, &c.Title, &c.MaxScore); err != nil {
			rows.Close()
			return e, err
		}
		e.Criteria = append(e.Criteria, c)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT u.id, u.display_name, (SELECT COUNT(*) FROM rating_scores sc JOIN rating_candidates c ON c.id = sc.candidate_id
		WHERE c.evaluation_id = r.evaluation_id AND sc.reviewer_id = u.id) FROM rating_reviewers r JOIN users u ON u.id = r.user_id
		WHERE r.evaluation_id = ? ORDER BY u.display_name`, id)
	if err != nil {
		return e, err
	}
	for rows.Next() {
		var r Reviewer
		if err := rows.Scan(&r.ID, &r.Name, &r.Scored); err != nil {
			rows.Close()
			return e, err
		}
		e.Reviewers = append(e.Reviewers, r)
		e.Entered += r.Scored
	}
	rows.Close()
	e.Expected = e.Candidates * len(e.Criteria) * len(e.Reviewers)
	e.Ranking, err = ranking(ctx, q, e)
	if err != nil || strings.HasPrefix(e.orgPath, strings.TrimSuffix(scopeLike, "%")) {
		return e, err
	}
	// Seen from a candidate's township: its own candidates only.
	var own []Candidate
	for _, c := range e.Ranking {
		if strings.HasPrefix(c.path, strings.TrimSuffix(scopeLike, "%")) {
			own = append(own, c)
		}
	}
	e.Ranking, e.Organizer = own, false
	return e, nil
}

// ranking is the candidates by total: frozen once published, otherwise
// the sum over criteria of the reviewers' average score. Ties share the
// order of the organization tree, so the ranking is the same every time.
func ranking(ctx context.Context, q store.Querier, e Evaluation) ([]Candidate, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.org_id, o.name, o.path, COALESCE(pa.name, ''), c.total, c.rank, c.top,
		(SELECT COUNT(*) FROM rating_scores sc WHERE sc.candidate_id = c.id)
		FROM rating_candidates c JOIN orgs o ON o.id = c.org_id LEFT JOIN orgs pa ON pa.id = o.parent_id
		WHERE c.evaluation_id = ? ORDER BY o.path`, e.ID)
	if err != nil {
		return nil, err
	}
	var out []Candidate
	idx := map[int64]int{}
	for rows.Next() {
		var c Candidate
		if err := rows.Scan(&c.ID, &c.OrgID, &c.OrgName, &c.path, &c.ParentName, &c.Total, &c.Rank, &c.Top, &c.Scored); err != nil {
			rows.Close()
			return nil, err
		}
		idx[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if e.Status == Published {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Rank < out[j].Rank })
		return out, nil
	}
	// Sum of per-criterion averages, in hundredths.
	rows, err = q.QueryContext(ctx, `SELECT sc.candidate_id, sc.criterion_id, SUM(sc.score), COUNT(*) FROM rating_scores sc
		JOIN rating_candidates c ON c.id = sc.candidate_id WHERE c.evaluation_id = ? GROUP BY sc.candidate_id, sc.criterion_id`, e.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, crit, sum, n int64
		if err := rows.Scan(&cid, &crit, &sum, &n); err != nil {
			return nil, err
		}
		if i, ok := idx[cid]; ok && n > 0 {
			out[i].Total += int((sum*100 + n/2) / n)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Total > out[j].Total })
	for i := range out {
		out[i].Rank = i + 1
		out[i].Top = i < e.TopN
	}
	return out, nil
}

func dedupe(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Create sets up a quarter's evaluation with its criteria, candidate
// branches and reviewers.
func (s *Service) Create(ctx context.Context, p *access.Principal, in Input) (Evaluation, error) {
	if !p.Can(access.PermRatingManage) {
		return Evaluation{}, forbidden()
	}
	var v fault.Fields
	checkText(&v, "title", i18n.T("rating.field.title"), &in.Title, 60, true)
	checkText(&v, "note", i18n.T("rating.field.note"), &in.Note, 500, false)
	if in.Year < 2000 || in.Year > 2200 {
		v.Add("year", i18n.T("rating.field.year"), i18n.T("rating.year_range"))
	}
	if in.Quarter < 1 || in.Quarter > 4 {
		v.Add("quarter", i18n.T("rating.field.quarter"), i18n.T("rating.quarter_range"))
	}
	var crits []Criterion
	for i, c := range in.Criteria {
		c.Title = strings.TrimSpace(c.Title)
		if c.Title == "" && c.MaxScore == 0 {
			continue
		}
		switch {
		case c.Title == "" || utf8.RuneCountInString(c.Title) > 40:
			v.AddRow(i+1, "criteria", i18n.T("rating.field.criterion"), i18n.T("rating.criterion_title"))
		case c.MaxScore < 1 || c.MaxScore > 100:
			v.AddRow(i+1, "criteria", i18n.T("rating.field.criterion"), i18n.T("rating.max_range"))
		}
		crits = append(crits, c)
	}
	if len(crits) == 0 && !v.Has("criteria") {
		v.Add("criteria", i18n.T("rating.field.criteria"), i18n.T("rating.criteria_required"))
	}
	in.Criteria = crits
	in.CandidateIDs, in.ReviewerIDs = dedupe(in.CandidateIDs), dedupe(in.ReviewerIDs)
	if len(in.CandidateIDs) == 0 {
		v.Add("candidate_ids", i18n.T("rating.field.candidates"), i18n.T("rating.candidates_required"))
	}
	if len(in.ReviewerIDs) == 0 {
		v.Add("reviewer_ids", i18n.T("rating.field.reviewers"), i18n.T("rating.reviewers_required"))
	}
	if in.TopN < 1 || (len(in.CandidateIDs) > 0 && in.TopN > len(in.CandidateIDs)) {
		v.Add("top_n", i18n.T("rating.field.top_n"), i18n.T("rating.top_n_range"))
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, oid := range in.CandidateIDs {
			var name, kind, domain string
			var dissolved bool
			err := tx.QueryRowContext(ctx, `SELECT name, kind, domain, dissolved FROM orgs WHERE id = ? AND path LIKE ?`, oid, p.ScopeLike()).Scan(&name, &kind, &domain, &dissolved)
			if store.IsNoRows(err) {
				v.Add("candidate_ids", i18n.T("rating.field.candidates"), i18n.T("field.not_found"))
				continue
			}
			if err != nil {
				return err
			}
			if kind != "branch" || domain != "rural" || dissolved {
				v.Add("candidate_ids", i18n.T("rating.field.candidates"), i18n.T("rating.not_branch", name))
			}
		}
		for _, uid := range in.ReviewerIDs {
			var name, role string
			err := tx.QueryRowContext(ctx, `SELECT u.display_name, u.role FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = ? AND o.path LIKE ? AND u.disabled = FALSE`,
				uid, p.ScopeLike()).Scan(&name, &role)
			if store.IsNoRows(err) {
				v.Add("reviewer_ids", i18n.T("rating.field.reviewers"), i18n.T("field.not_found"))
				continue
			}
			if err != nil {
				return err
			}
			if access.Role(role) != access.RoleStaff {
				v.Add("reviewer_ids", i18n.T("rating.field.reviewers"), i18n.T("rating.reviewer_role", name))
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		err := tx.QueryRowContext(ctx, `INSERT INTO rating_evaluations (org_id, year, quarter, title, top_n, status, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id`, p.OrgID, in.Year, in.Quarter, in.Title, in.TopN, in.Note, now, now).Scan(&id)
		if store.IsUniqueViolation(err) {
			v.Add("quarter", i18n.T("rating.field.quarter"), i18n.T("rating.quarter_taken"))
			return v.Err()
		}
		if err != nil {
			return err
		}
		for i, c := range in.Criteria {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rating_criteria (evaluation_id, sort, title, max_score) VALUES (?, ?, ?, ?)`, id, i, c.Title, c.MaxScore); err != nil {
				return err
			}
		}
		for _, oid := range in.CandidateIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rating_candidates (evaluation_id, org_id) VALUES (?, ?)`, id, oid); err != nil {
				return err
			}
		}
		for _, uid := range in.ReviewerIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rating_reviewers (evaluation_id, user_id) VALUES (?, ?)`, id, uid); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Event{Action: "rating.create", ObjectType: "rating_evaluation", ObjectID: id,
			Detail: map[string]any{"year": in.Year, "quarter": in.Quarter, "title": in.Title, "top_n": in.TopN, "criteria": in.Criteria,
				"candidate_ids": in.CandidateIDs, "reviewer_ids": in.ReviewerIDs}})
	})
	if err != nil {
		return Evaluation{}, err
	}
	return s.Get(ctx, p, id)
}

// MyScores returns the caller's scores of an evaluation, by candidate and
// criterion.
func (s *Service) MyScores(ctx context.Context, p *access.Principal, id int64) (map[[2]int64]int, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT sc.candidate_id, sc.criterion_id, sc.score FROM rating_scores sc JOIN rating_candidates c ON c.id = sc.candidate_id
		WHERE c.evaluation_id = ? AND sc.reviewer_id = ?`, id, p.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[[2]int64]int{}
	for rows.Next() {
		var c, k int64
		var n int
		if err := rows.Scan(&c, &k, &n); err != nil {
			return nil, err
		}
		out[[2]int64{c, k}] = n
	}
	return out, rows.Err()
}

// IsReviewer reports whether p scores the evaluation.
func (s *Service) IsReviewer(ctx context.Context, p *access.Principal, e Evaluation) bool {
	if !e.Organizer {
		return false
	}
	for _, r := range e.Reviewers {
		if r.ID == p.UserID {
			return p.Can(access.PermRatingManage)
		}
	}
	return false
}

// SaveScores stores a reviewer's scores of an open evaluation; all or none.
func (s *Service) SaveScores(ctx context.Context, p *access.Principal, id int64, scores []Score) (Evaluation, error) {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		e, err := get(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if !e.Organizer {
			return forbidden()
		}
		if e.Status != Open {
			return fault.New(fault.Conflict, "%s", i18n.T("rating.frozen"))
		}
		if !s.IsReviewer(ctx, p, e) {
			return fault.New(fault.Forbidden, "%s", i18n.T("rating.not_reviewer"))
		}
		crit := map[int64]Criterion{}
		for _, c := range e.Criteria {
			crit[c.ID] = c
		}
		cand := map[int64]Candidate{}
		for _, c := range e.Ranking {
			cand[c.ID] = c
		}
		var v fault.Fields
		if len(scores) == 0 {
			v.Add("scores", i18n.T("rating.field.scores"), i18n.T("rating.scores_required"))
		}
		for i, sc := range scores {
			c, okc := cand[sc.CandidateID]
			k, okk := crit[sc.CriterionID]
			switch {
			case !okc || !okk:
				v.AddRow(i+1, "scores", i18n.T("rating.field.scores"), i18n.T("rating.score_unknown"))
			case sc.Score < 0 || sc.Score > k.MaxScore:
				v.AddRow(i+1, "scores", shortName(c.OrgName)+" · "+k.Title, i18n.T("rating.score_range", k.MaxScore))
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		for _, sc := range scores {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rating_scores (candidate_id, criterion_id, reviewer_id, score, at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (candidate_id, criterion_id, reviewer_id) DO UPDATE SET score = excluded.score, at = excluded.at`,
				sc.CandidateID, sc.CriterionID, p.UserID, sc.Score, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Event{Action: "rating.score", ObjectType: "rating_evaluation", ObjectID: id,
			Detail: map[string]any{"reviewer_id": p.UserID, "scores": scores}})
	})
	if err != nil {
		return Evaluation{}, err
	}
	return s.Get(ctx, p, id)
}

// Publish freezes the ranking and the 十佳 of a fully scored evaluation.
func (s *Service) Publish(ctx context.Context, p *access.Principal, id int64) (Evaluation, error) {
	if !p.Can(access.PermRatingManage) {
		return Evaluation{}, forbidden()
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		e, err := get(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if !e.Organizer {
			return forbidden()
		}
		if e.Status != Open {
			return fault.New(fault.Conflict, "%s", i18n.T("rating.frozen"))
		}
		if e.Entered < e.Expected {
			return fault.New(fault.Conflict, "%s", i18n.T("rating.incomplete", e.Expected-e.Entered))
		}
		var top []string
		for _, c := range e.Ranking {
			if _, err := tx.ExecContext(ctx, `UPDATE rating_candidates SET total = ?, rank = ?, top = ? WHERE id = ?`, c.Total, c.Rank, c.Top, c.ID); err != nil {
				return err
			}
			if c.Top {
				top = append(top, c.OrgName)
			}
		}
		now := store.Millis(s.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE rating_evaluations SET status = 'published', published_by = ?, published_at = ?, updated_at = ? WHERE id = ?`,
			who(ctx, p).Name, now, now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "rating.publish", ObjectType: "rating_evaluation", ObjectID: id,
			Detail: map[string]any{"year": e.Year, "quarter": e.Quarter, "top": top}})
	})
	if err != nil {
		return Evaluation{}, err
	}
	return s.Get(ctx, p, id)
}

// Adjust awards or withdraws a 十佳 after publication, with a reason kept
// beside the frozen result.
func (s *Service) Adjust(ctx context.Context, p *access.Principal, id int64, in AdjustInput) (Evaluation, error) {
	if !p.Can(access.PermRatingManage) {
		return Evaluation{}, forbidden()
	}
	var v fault.Fields
	checkText(&v, "reason", i18n.T("rating.field.reason"), &in.Reason, 500, true)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		e, err := get(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if !e.Organizer {
			return forbidden()
		}
		if e.Status != Published {
			return fault.New(fault.Conflict, "%s", i18n.T("rating.adjust_open"))
		}
		var c *Candidate
		for i := range e.Ranking {
			if e.Ranking[i].ID == in.CandidateID {
				c = &e.Ranking[i]
			}
		}
		if c == nil {
			v.Add("candidate_id", i18n.T("rating.field.candidate"), i18n.T("field.not_found"))
		} else if c.Top == in.Top {
			v.Add("candidate_id", i18n.T("rating.field.candidate"), i18n.T("rating.adjust_same"))
		}
		if err := v.Err(); err != nil {
			return err
		}
		actor := who(ctx, p)
		if _, err := tx.ExecContext(ctx, `UPDATE rating_candidates SET top = ? WHERE id = ?`, in.Top, c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rating_adjustments (evaluation_id, candidate_id, old_top, new_top, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, c.ID, c.Top, in.Top, in.Reason, actor.Name, store.Millis(s.Now())); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "rating.adjust", ObjectType: "rating_evaluation", ObjectID: id,
			Detail: map[string]any{"org_id": c.OrgID, "top": [2]bool{c.Top, in.Top}, "reason": in.Reason}})
	})
	if err != nil {
		return Evaluation{}, err
	}
	return s.Get(ctx, p, id)
}

// Adjustments lists the recorded changes of an evaluation.
func (s *Service) Adjustments(ctx context.Context, p *access.Principal, id int64) ([]Adjustment, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT o.name, a.old_top, a.new_top, a.reason, a.actor, a.at FROM rating_adjustments a
		JOIN rating_candidates c ON c.id = a.candidate_id JOIN orgs o ON o.id = c.org_id WHERE a.evaluation_id = ? AND o.path LIKE ? ORDER BY a.id`, id, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Adjustment{}
	for rows.Next() {
		var a Adjustment
		var at int64
		if err := rows.Scan(&a.OrgName, &a.OldTop, &a.NewTop, &a.Reason, &a.Actor, &at); err != nil {
			return nil, err
		}
		a.At = store.Time(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Option is a village branch or a reviewer offered by the new-evaluation
// form.
type Option struct {
	ID     int64
	Label  string
	Parent string
}

// Options returns the village branches and the staff accounts in scope.
func (s *Service) Options(ctx context.Context, p *access.Principal) (branches, reviewers []Option, err error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(pa.name, '') FROM orgs o LEFT JOIN orgs pa ON pa.id = o.parent_id
		WHERE o.path LIKE ? AND o.kind = 'branch' AND o.dissolved = FALSE AND o.domain = 'rural' ORDER BY o.path`, p.ScopeLike())
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var o Option
		if err := rows.Scan(&o.ID, &o.Label, &o.Parent); err != nil {
			rows.Close()
			return nil, nil, err
		}
		o.Label = shortName(o.Label)
		branches = append(branches, o)
	}
	rows.Close()
	rows, err = s.DB.QueryContext(ctx, `SELECT u.id, u.display_name, o.name FROM users u JOIN orgs o ON o.id = u.org_id
		WHERE o.path LIKE ? AND u.role = 'staff' AND u.disabled = FALSE ORDER BY u.display_name`, p.ScopeLike())
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var o Option
		if err := rows.Scan(&o.ID, &o.Label, &o.Parent); err != nil {
			return nil, nil, err
		}
		reviewers = append(reviewers, o)
	}
	return branches, reviewers, rows.Err()
}

func shortName(n string) string {
	return strings.TrimSuffix(strings.TrimPrefix(n, "中共"), "委员会")
}
