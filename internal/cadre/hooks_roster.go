package cadre

import (
	"context"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/personal"
	"troika/internal/store"
)

// prepareCadre seals the entered ID number and derives the birth date and
// gender from it; on edit an empty ID number keeps the stored one.
func prepareCadre(ctx context.Context, tx *store.Tx, s *Service, p *access.Principal, c *change) error {
	idn, _ := c.Vals["id_number"].(string)
	raw := strings.ToUpper(strings.TrimSpace(idn))
	delete(c.Vals, "id_number")
	f, _ := cadres.field("id_number")
	if raw == "" {
		if c.Before == nil {
			c.V.Add("id_number", f.Label(), i18n.T("field.required"))
		}
	} else if id, err := idcard.Parse(raw, s.Now()); err != nil {
		c.V.Add("id_number", f.Label(), err.Error())
	} else {
		c.Vals["id_enc"], c.Vals["id_hash"], c.Vals["id_mask"] = s.Keys.Seal(id.Number), IDHash(s.Keys, id.Number), personal.MaskID(id.Number)
		c.Vals["birth_date"], c.Vals["gender"] = id.Birth.Format(day), string(id.Gender)
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM cadres WHERE id_hash = ?`, c.Vals["id_hash"]).Scan(&other)
		if err == nil && (c.Before == nil || other != c.Before.ID) {
			c.V.Add("id_number", f.Label(), i18n.T("cadre.id_taken"))
		} else if err != nil && !store.IsNoRows(err) {
			return err
		}
	}
	st, _ := c.Vals["status"].(string)
	if st != "" && st != "serving" && c.Vals["left_on"] == "" {
		lf, _ := cadres.field("left_on")
		c.V.Add("left_on", lf.Label(), i18n.T("cadre.left_on_required"))
	}
	return nil
}

// afterCadre keeps the appointment history (任免经历): a new post or grade
// is an appointment, leaving the roll a removal; and a corrected birth date
// recounts the ages at past promotions.
func afterCadre(ctx context.Context, tx *store.Tx, s *Service, id int64, c *change) error {
	v := func(k string) string { x, _ := c.Vals[k].(string); return x }
	post := func(kind, on, note string) error {
		if on == "" {
			on = s.today()
		}
		a := audit.ActorFrom(ctx)
		_, err := tx.ExecContext(ctx, `INSERT INTO cadre_posts (cadre_id, kind, on_date, position, grade, doc_no, note, actor, at)
			VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)`, id, kind, on, v("position"), v("grade"), note, a.Name, store.Millis(s.Now()))
		return err
	}
	if c.Before == nil {
		return post("appoint", v("post_since"), "")
	}
	b := c.Before
	if b.String("position") != v("position") || b.String("grade") != v("grade") {
		if err := post("appoint", v("post_since"), ""); err != nil {
			return err
		}
	}
	if b.String("status") == "serving" && v("status") != "serving" {
		if err := post("remove", v("left_on"), i18n.T("cadre.opt.status."+v("status"))); err != nil {
			return err
		}
	}
	if birth, ok := c.Vals["birth_date"].(string); ok && birth != b.String("birth_date") {
		return recountAges(ctx, tx, id, birth)
	}
	return nil
}

// recountAges sets the age at every promotion of a cadre from a birth date.
func recountAges(ctx context.Context, tx *store.Tx, cadreID int64, birth string) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, promoted_on FROM cadre_promotions WHERE cadre_id = ?`, cadreID)
	if err != nil {
		return err
	}
	type pr struct {
		id int64
		on string
	}
	var list []pr
	for rows.Next() {
		var x pr
		if err := rows.Scan(&x.id, &x.on); err != nil {
			rows.Close()
			return err
		}
		list = append(list, x)
	}
	rows.Close()
	for _, x := range list {
		if _, err := tx.ExecContext(ctx, `UPDATE cadre_promotions SET age = ? WHERE id = ?`, ageOn(birth, x.on), x.id); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Post is one line of a cadre's appointment history.
type Post struct {
	Kind     string `json:"kind"`
	On       string `json:"on"`
	Position string `json:"position"`
	Grade    string `json:"grade"`
	Note     string `json:"note"`
	Actor    string `json:"actor"`
}

// KindLabel is the Chinese name of the entry.
func (p Post) KindLabel() string { return i18n.T("cadre.post." + p.Kind) }

// GradeLabel is the Chinese name of the grade.
func (p Post) GradeLabel() string {
	f, _ := cadres.field("grade")
	return f.OptLabel(p.Grade)
}

// Posts returns a cadre's appointment history; the cadre must be in scope.
func (s *Service) Posts(ctx context.Context, p *access.Principal, cadreID int64) ([]Post, error) {
	if _, err := s.Get(ctx, p, cadres, cadreID); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT kind, on_date, position, grade, note, actor FROM cadre_posts
		WHERE cadre_id = ? ORDER BY on_date, id`, cadreID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Post{}
	for rows.Next() {
		var x Post
		if err := rows.Scan(&x.Kind, &x.On, &x.Position, &x.Grade, &x.Note, &x.Actor); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Unmask returns a cadre's ID number in clear for a principal holding the
// right; every view is audited.
func (s *Service) Unmask(ctx context.Context, p *access.Principal, id int64) (string, error) {
	if !p.Can(access.PermPersonalClear) {
		return "", errForbidden()
	}
	if _, err := s.Get(ctx, p, cadres, id); err != nil {
		return "", err
	}
	var enc string
	if err := s.DB.QueryRowContext(ctx, `SELECT id_enc FROM cadres WHERE id = ?`, id).Scan(&enc); err != nil {
		return "", err
	}
	n, err := s.Keys.Open(enc)
	if err != nil {
		return "", err
	}
	return n, audit.Log(ctx, s.DB, audit.Event{Action: "personal.view", ObjectType: "cadre", ObjectID: id,
		Detail: map[string]any{"cadre_id": id, "fields": []string{"id_number"}}})
}

// TrainingYear is a cadre's training in one year.
type TrainingYear struct {
	Year     string `json:"year"`
	Classes  int    `json:"classes"`
	Hours    string `json:"hours"`
	Learning string `json:"learning_hours"`
}

// Training sums a cadre's class and learning hours by year.
func (s *Service) Training(ctx context.Context, p *access.Principal, cadreID int64) ([]TrainingYear, error) {
	if _, err := s.Get(ctx, p, cadres, cadreID); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT y, SUM(n), SUM(h), SUM(l) FROM (
		SELECT SUBSTR(k.started_on, 1, 4) AS y, 1 AS n, a.hours AS h, 0 AS l FROM cadre_attendees a
			JOIN cadre_classes k ON k.id = a.class_id WHERE a.cadre_id = ?
		UNION ALL
		SELECT SUBSTR(on_date, 1, 4), 0, 0, hours FROM cadre_learning WHERE cadre_id = ?) t
		GROUP BY y ORDER BY y DESC`, cadreID, cadreID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []TrainingYear{}
	for rows.Next() {
		var y TrainingYear
		var h, l int64
		if err := rows.Scan(&y.Year, &y.Classes, &h, &l); err != nil {
			return nil, err
		}
		y.Hours, y.Learning = tenths(h), tenths(l)
		out = append(out, y)
	}
	return out, rows.Err()
}
