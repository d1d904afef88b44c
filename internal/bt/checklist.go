package bt

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

var monthRe = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

func validMonth(m string) bool { return monthRe.MatchString(m) }

func validDate(d string) bool {
	_, err := time.Parse("2006-01-02", d)
	return err == nil
}

const checklistCols = `c.id, c.name, c.version, c.effective_from, c.green_min, c.yellow_min, c.note, c.created_at, c.updated_at,
	COALESCE((SELECT SUM(weight) FROM bt_items i WHERE i.checklist_id = c.id), 0),
	EXISTS (SELECT 1 FROM bt_assessments a WHERE a.checklist_id = c.id)`

func scanChecklist(sc interface{ Scan(...any) error }) (Checklist, error) {
	var c Checklist
	var created, updated int64
	err := sc.Scan(&c.ID, &c.Name, &c.Version, &c.EffectiveFrom, &c.GreenMin, &c.YellowMin, &c.Note, &created, &updated, &c.FullScore, &c.InUse)
	c.CreatedAt, c.UpdatedAt = store.Time(created), store.Time(updated)
	return c, err
}

func items(ctx context.Context, q store.Querier, checklistID int64) ([]Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, sort, category, title, weight, evidence FROM bt_items WHERE checklist_id = ? ORDER BY sort, id`, checklistID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Item{}
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ID, &it.Sort, &it.Category, &it.Title, &it.Weight, &it.Evidence); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

func getChecklist(ctx context.Context, q store.Querier, id int64) (Checklist, error) {
	c, err := scanChecklist(q.QueryRowContext(ctx, `SELECT `+checklistCols+` FROM bt_checklists c WHERE c.id = ?`, id))
	if err != nil {
		return c, err
	}
	c.Items, err = items(ctx, q, id)
	return c, err
}

// checklistFor is the version in force in month: the latest one whose
// first month is not after it.
func checklistFor(ctx context.Context, q store.Querier, month string) (Checklist, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM bt_checklists WHERE effective_from <= ? ORDER BY effective_from DESC LIMIT 1`, month).Scan(&id)
	if err != nil {
		return Checklist{}, err
	}
	return getChecklist(ctx, q, id)
}

func checklistNotFound() error {
	return fault.New(fault.NotFound, "%s", i18n.T("bt.checklist.not_found"))
}

// Checklists lists every version, the newest first. The standard is the
// city's: every role that reads it sees the same versions.
func (s *Service) Checklists(ctx context.Context) ([]Checklist, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+checklistCols+` FROM bt_checklists c ORDER BY c.effective_from DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Checklist{}
	for rows.Next() {
		c, err := scanChecklist(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Checklist returns one version with its items.
func (s *Service) Checklist(ctx context.Context, id int64) (Checklist, error) {
	c, err := getChecklist(ctx, s.DB, id)
	if store.IsNoRows(err) {
		return c, checklistNotFound()
	}
	return c, err
}

func checkText(v *fault.Fields, field, label string, val *string, max int, required bool) {
	*val = strings.TrimSpace(*val)
	switch {
	case *val == "" && required:
		v.Add(field, label, i18n.T("field.required"))
	case utf8.RuneCountInString(*val) > max:
		v.Add(field, label, i18n.T("field.max_len", max))
	}
}

func validateChecklist(in *ChecklistInput) fault.Fields {
	var v fault.Fields
	checkText(&v, "name", i18n.T("bt.field.checklist_name"), &in.Name, 60, true)
	checkText(&v, "note", i18n.T("bt.field.note"), &in.Note, 500, false)
	if in.Version < 1 || in.Version > 999 {
		v.Add("version", i18n.T("bt.field.version"), i18n.T("bt.version_range"))
	}
	in.EffectiveFrom = strings.TrimSpace(in.EffectiveFrom)
	if !validMonth(in.EffectiveFrom) {
		v.Add("effective_from", i18n.T("bt.field.effective_from"), i18n.T("bt.month_format"))
	}
	if in.GreenMin < 1 || in.GreenMin > 100 {
		v.Add("green_min", i18n.T("bt.field.green_min"), i18n.T("bt.percent_range"))
	}
	if in.YellowMin < 0 || in.YellowMin > 100 {
		v.Add("yellow_min", i18n.T("bt.field.yellow_min"), i18n.T("bt.percent_range"))
	} else if in.YellowMin >= in.GreenMin && !v.Has("green_min") {
		v.Add("yellow_min", i18n.T("bt.field.yellow_min"), i18n.T("bt.yellow_below_green"))
	}
	var its []Item
	for i, it := range in.Items {
		it.Title, it.Category, it.Evidence = strings.TrimSpace(it.Title), strings.TrimSpace(it.Category), strings.TrimSpace(it.Evidence)
		if it.Title == "" && it.Weight == 0 && it.Evidence == "" && it.Category == "" {
			continue
		}
		row := i + 1
		label := i18n.T("bt.field.item")
		switch {
		case it.Title == "":
			v.AddRow(row, "items", label, i18n.T("bt.item_title_required"))
		case utf8.RuneCountInString(it.Title) > 200 || utf8.RuneCountInString(it.Evidence) > 200 || utf8.RuneCountInString(it.Category) > 30:
			v.AddRow(row, "items", label, i18n.T("field.max_len", 200))
		case it.Weight < 1 || it.Weight > 100:
			v.AddRow(row, "items", label, i18n.T("bt.weight_range"))
		}
		it.Sort = len(its)
		its = append(its, it)
	}
	if len(its) == 0 && !v.Has("items") {
		v.Add("items", i18n.T("bt.field.items"), i18n.T("bt.items_required"))
	}
	if len(its) > 100 {
		v.Add("items", i18n.T("bt.field.items"), i18n.T("bt.items_too_many", 100))
	}
	in.Items = its
	return v
}

func (s *Service) mustManage(p *access.Principal) error {
	if !p.Can(access.PermRatingManage) {
		return fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	return nil
}

// CreateChecklist publishes a new version of the standard.
func (s *Service) CreateChecklist(ctx context.Context, p *access.Principal, in ChecklistInput) (Checklist, error) {
	if err := s.mustManage(p); err != nil {
		return Checklist{}, err
	}
	v := validateChecklist(&in)
	if err := v.Err(); err != nil {
		return Checklist{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := store.Millis(s.Now())
		err := tx.QueryRowContext(ctx, `INSERT INTO bt_checklists (name, version, effective_from, green_min, yellow_min, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.Name, in.Version, in.EffectiveFrom, in.GreenMin, in.YellowMin, in.Note, now, now).Scan(&id)
		if store.IsUniqueViolation(err) {
			return versionTaken()
		}
		if err != nil {
			return err
		}
		if err := insertItems(ctx, tx, id, in.Items); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "bt.checklist.create", ObjectType: "bt_checklist", ObjectID: id,
			Detail: map[string]any{"name": in.Name, "version": in.Version, "effective_from": in.EffectiveFrom,
				"green_min": in.GreenMin, "yellow_min": in.YellowMin, "items": len(in.Items)}})
	})
	if err != nil {
		return Checklist{}, err
	}
	return s.Checklist(ctx, id)
}

func versionTaken() error {
	var v fault.Fields
	v.Add("version", i18n.T("bt.field.version"), i18n.T("bt.version_taken"))
	return v.Err()
}

func insertItems(ctx context.Context, tx *store.Tx, id int64, its []Item) error {
	for i, it := range its {
		if _, err := tx.ExecContext(ctx, `INSERT INTO bt_items (checklist_id, sort, category, title, weight, evidence) VALUES (?, ?, ?, ?, ?, ?)`,
			id, i, it.Category, it.Title, it.Weight, it.Evidence); err != nil {
			return err
		}
	}
	return nil
}

// UpdateChecklist edits a version no branch has assessed against yet;
// once in use, its items are the record of what was assessed and a change
// needs a new version.
func (s *Service) UpdateChecklist(ctx context.Context, p *access.Principal, id int64, in ChecklistInput) (Checklist, error) {
	if err := s.mustManage(p); err != nil {
		return Checklist{}, err
	}
	v := validateChecklist(&in)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getChecklist(ctx, tx, id)
		if store.IsNoRows(err) {
			return checklistNotFound()
		}
		if err != nil {
			return err
		}
		if before.InUse {
			return fault.New(fault.Conflict, "%s", i18n.T("bt.checklist_in_use"))
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE bt_checklists SET name = ?, version = ?, effective_from = ?, green_min = ?, yellow_min = ?, note = ?, updated_at = ?
			WHERE id = ?`, in.Name, in.Version, in.EffectiveFrom, in.GreenMin, in.YellowMin, in.Note, store.Millis(s.Now()), id)
		if store.IsUniqueViolation(err) {
			return versionTaken()
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM bt_items WHERE checklist_id = ?`, id); err != nil {
			return err
		}
		if err := insertItems(ctx, tx, id, in.Items); err != nil {
			return err
		}
		after, err := getChecklist(ctx, tx, id)
		if err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "bt.checklist.update", ObjectType: "bt_checklist", ObjectID: id, Detail: changes})
	})
	if err != nil {
		return Checklist{}, err
	}
	return s.Checklist(ctx, id)
}

// currentMonth is the month where the users are.
func (s *Service) currentMonth() string { return s.Now().In(access.Shanghai).Format("2006-01") }

func (s *Service) today() string { return s.Now().In(access.Shanghai).Format("2006-01-02") }

// monthEnd is the last day of the month after m: the due date of the
// rectifications a review of m opens.
func nextMonthEnd(m string) string {
	t, _ := time.Parse("2006-01", m)
	return t.AddDate(0, 2, -1).Format("2006-01-02")
}
