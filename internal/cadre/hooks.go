package cadre

import (
	"context"
	"strconv"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

func errForbidden() error { return fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden")) }

func (c *change) str(k string) string { x, _ := c.Vals[k].(string); return x }
func (c *change) num(k string) int64  { x, _ := c.Vals[k].(int64); return x }

func (c *change) fail(key, msg string) {
	f, _ := c.reg.field(key)
	if !c.V.Has(key) {
		c.V.Add(key, f.Label(), msg)
	}
}

// cadreOf reads the cadre a change names (already checked in scope): its
// unit, birth date, name and unit name.
func cadreOf(ctx context.Context, q store.Querier, id int64) (org int64, birth, name, unit string, err error) {
	err = q.QueryRowContext(ctx, `SELECT c.org_id, c.birth_date, c.name, o.name FROM cadres c JOIN orgs o ON o.id = c.org_id
		WHERE c.id = ?`, id).Scan(&org, &birth, &name, &unit)
	return
}

// prepareOwnedByCadre files a record under the cadre's unit, the scope of
// records about a cadre.
func prepareOwnedByCadre(ctx context.Context, tx *store.Tx, s *Service, p *access.Principal, c *change) error {
	id := c.num("cadre_id")
	if id == 0 || c.V.Has("cadre_id") {
		return nil
	}
	org, _, _, _, err := cadreOf(ctx, tx, id)
	if err != nil {
		return err
	}
	c.Vals["org_id"] = org
	return nil
}

// preparePromotion counts the age at the promotion date from the ID
// number's birth date.
func preparePromotion(ctx context.Context, tx *store.Tx, s *Service, p *access.Principal, c *change) error {
	if err := prepareOwnedByCadre(ctx, tx, s, p, c); err != nil || c.num("cadre_id") == 0 || c.V.Has("cadre_id") {
		return err
	}
	_, birth, _, _, err := cadreOf(ctx, tx, c.num("cadre_id"))
	if err != nil {
		return err
	}
	if on := c.str("promoted_on"); on != "" {
		if on <= birth {
			c.fail("promoted_on", i18n.T("cadre.before_birth"))
		}
		if on > s.today() {
			c.fail("promoted_on", i18n.T("field.date_future"))
		}
		c.Vals["age"] = ageOn(birth, on)
	}
	return nil
}

// afterPromotion gives the cadre the new post on a new promotion and
// writes it into the appointment history.
func afterPromotion(ctx context.Context, tx *store.Tx, s *Service, id int64, c *change) error {
	if c.Before != nil {
		return nil
	}
	cid := c.num("cadre_id")
	if _, err := tx.ExecContext(ctx, `UPDATE cadres SET position = ?, post_since = ?, updated_at = ? WHERE id = ? AND post_since <= ?`,
		c.str("to_post"), c.str("promoted_on"), store.Millis(s.Now()), cid, c.str("promoted_on")); err != nil {
		return err
	}
	var grade string
	if err := tx.QueryRowContext(ctx, `SELECT grade FROM cadres WHERE id = ?`, cid).Scan(&grade); err != nil {
		return err
	}
	a := audit.ActorFrom(ctx)
	_, err := tx.ExecContext(ctx, `INSERT INTO cadre_posts (cadre_id, kind, on_date, position, grade, doc_no, note, actor, at)
		VALUES (?, 'promote', ?, ?, ?, ?, ?, ?, ?)`, cid, c.str("promoted_on"), c.str("to_post"), grade, c.str("doc_no"),
		i18n.T("cadre.opt.kind."+c.str("kind")), a.Name, store.Millis(s.Now()))
	return err
}

// prepareReserve keeps the pool's steps in order: a review date for a
// decision, an entry date in the pool, an exit date and reason to leave it,
// and one open nomination or membership per cadre.
func prepareReserve(ctx context.Context, tx *store.Tx, s *Service, p *access.Principal, c *change) error {
	if err := prepareOwnedByCadre(ctx, tx, s, p, c); err != nil {
		return err
	}
	st := c.str("status")
	switch st {
	case "rejected":
		if c.str("reviewed_on") == "" {
			c.fail("reviewed_on", i18n.T("cadre.reserve.need_review"))
		}
	case "in", "exited":
		if c.str("entered_on") == "" {
			c.fail("entered_on", i18n.T("cadre.reserve.need_entry"))
		}
	}
	if st == "exited" {
		if c.str("exited_on") == "" {
			c.fail("exited_on", i18n.T("cadre.reserve.need_exit"))
		}
		if c.str("exit_reason") == "" {
			c.fail("exit_reason", i18n.T("cadre.reserve.need_reason"))
		}
	} else if c.str("exited_on") != "" || c.str("exit_reason") != "" {
		c.fail("exited_on", i18n.T("cadre.reserve.exit_status"))
	}
	if e := c.str("entered_on"); e != "" && e < c.str("nominated_on") {
		c.fail("entered_on", i18n.T("cadre.reserve.order"))
	}
	if x := c.str("exited_on"); x != "" && x < c.str("entered_on") {
		c.fail("exited_on", i18n.T("cadre.reserve.order"))
	}
	if (st == "nominated" || st == "in") && c.num("cadre_id") != 0 {
		var self int64
		if c.Before != nil {
			self = c.Before.ID
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cadre_reserve WHERE cadre_id = ? AND status IN ('nominated', 'in') AND id <> ?`,
			c.num("cadre_id"), self).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			c.fail("cadre_id", i18n.T("cadre.reserve.open"))
		}
	}
	return nil
}

// reserveWhere: ?pool=1 lists who is in the pool today.
func reserveWhere(q map[string][]string, today string) ([]string, []any) {
	if first(q["pool"]) != "1" {
		return nil, nil
	}
	return []string{"x.entered_on <> '' AND x.entered_on <= ? AND (x.exited_on = '' OR x.exited_on > ?)"}, []any{today, today}
}

// matterWhere: ?selected=1 lists the submissions drawn for verification.
func matterWhere(q map[string][]string, today string) ([]string, []any) {
	if first(q["selected"]) != "1" {
		return nil, nil
	}
	return []string{"x.draw_id > 0"}, nil
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// preparePerson fills an attendee's or examinee's name and unit from the
// roster, or requires a name for someone not on it; an attendee's hours
// default to the class's.
func preparePerson(ctx context.Context, tx *store.Tx, s *Service, p *access.Principal, c *change) error {
	if id := c.num("cadre_id"); id != 0 && !c.V.Has("cadre_id") {
		_, _, name, unit, err := cadreOf(ctx, tx, id)
		if err != nil {
			return err
		}
		c.Vals["name"] = name
		if _, ok := c.reg.field("unit"); ok && c.str("unit") == "" {
			c.Vals["unit"] = unit
		}
		var self int64
		if c.Before != nil {
			self = c.Before.ID
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+c.reg.Table+` WHERE `+c.reg.ParentKey+` = ? AND cadre_id = ? AND id <> ?`,
			c.ParentID, id, self).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			c.fail("cadre_id", i18n.T("cadre.person_twice"))
		}
	} else if c.str("name") == "" {
		c.fail("name", i18n.T("cadre.cadre_or_name"))
	}
	if c.reg == attendees && c.num("hours") == 0 {
		var h int64
		if err := tx.QueryRowContext(ctx, `SELECT hours FROM cadre_classes WHERE id = ?`, c.ParentID).Scan(&h); err != nil {
			return err
		}
		c.Vals["hours"] = h
	}
	return nil
}

// prepareMatter files a submission under the cadre's unit; a result needs
// its verification date.
func prepareMatter(ctx context.Context, tx *store.Tx, s *Service, p *access.Principal, c *change) error {
	if err := prepareOwnedByCadre(ctx, tx, s, p, c); err != nil {
		return err
	}
	if y := c.num("year"); y != 0 && (y < 2000 || y > int64(s.Now().Year())) {
		c.fail("year", i18n.T("cadre.range_between", 2000, s.Now().Year()))
	}
	if c.str("result") != "" && c.str("verified_on") == "" {
		c.fail("verified_on", i18n.T("cadre.matter.need_date"))
	}
	if c.str("result") == "" && c.str("consequence") != "" {
		c.fail("consequence", i18n.T("cadre.matter.need_result"))
	}
	return nil
}

// prepareFile files a personnel archive under the cadre's unit; a new file
// is held.
func prepareFile(ctx context.Context, tx *store.Tx, s *Service, p *access.Principal, c *change) error {
	if err := prepareOwnedByCadre(ctx, tx, s, p, c); err != nil {
		return err
	}
	if c.Before == nil {
		c.Vals["status"] = "held"
	}
	return nil
}

// afterTransfer marks the file transferred out (转递); the receipt comes
// back later on the same record.
func afterTransfer(ctx context.Context, tx *store.Tx, s *Service, id int64, c *change) error {
	if c.Before != nil {
		return nil
	}
	var status string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM pa_files WHERE id = ?`, c.ParentID).Scan(&status); err != nil {
		return err
	}
	if status == "lent" {
		return fault.New(fault.Conflict, "%s", i18n.T("cadre.archive.lent_out"))
	}
	if status == "transferred" {
		return fault.New(fault.Conflict, "%s", i18n.T("cadre.archive.gone"))
	}
	_, err := tx.ExecContext(ctx, `UPDATE pa_files SET status = 'transferred', updated_at = ? WHERE id = ?`, store.Millis(s.Now()), c.ParentID)
	return err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
