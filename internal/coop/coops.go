package coop

import (
	"context"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/store"
)

const coopCols = `c.id, c.org_id, o.name, COALESCE(c.union_id, 0), COALESCE(u.name, ''), c.name, c.credit_code, c.founded_on, c.joined_on, c.left_on,
	c.chair, c.business, c.households, c.persons, c.resident_households, c.resident_persons, c.note, c.created_at, c.updated_at`

const coopFrom = ` FROM coops c JOIN orgs o ON o.id = c.org_id LEFT JOIN coop_unions u ON u.id = c.union_id`

// memberOn is the condition of a cooperative being in a union on a day
// (the argument): joined by then and not yet left.
const memberOn = `c.union_id IS NOT NULL AND c.joined_on <> '' AND c.joined_on <= ? AND (c.left_on = '' OR c.left_on > ?)`

func scanCoop(sc interface{ Scan(...any) error }) (Coop, error) {
	var c Coop
	var created, updated int64
	err := sc.Scan(&c.ID, &c.OrgID, &c.OrgName, &c.UnionID, &c.UnionName, &c.Name, &c.CreditCode, &c.FoundedOn, &c.JoinedOn, &c.LeftOn,
		&c.Chair, &c.Business, &c.Households, &c.Persons, &c.ResidentHouseholds, &c.ResidentPersons, &c.Note, &created, &updated)
	c.Village = VillageName(c.OrgName)
	c.CreatedAt, c.UpdatedAt = store.Time(created), store.Time(updated)
	return c, err
}

func (s *Service) coopWhere(p *access.Principal, f Filter) *clause {
	c := scoped(p, f.Under)
	c.keyword(f.Q, "c.name", "o.name", "c.chair", "c.business")
	if f.UnionID > 0 {
		c.add("c.union_id = ?", f.UnionID)
	}
	today := s.today()
	switch f.Member {
	case "1":
		c.add(memberOn, today, today)
	case "0":
		c.add("NOT ("+memberOn+")", today, today)
	}
	return c
}

// Totals are the sums over a filtered list of cooperatives.
type Totals struct {
	Households         int64 `json:"households"`
	Persons            int64 `json:"persons"`
	ResidentHouseholds int64 `json:"resident_households"`
	ResidentPersons    int64 `json:"resident_persons"`
}

// ListCoops returns one page of cooperatives in scope and the sums over
// the whole filtered list.
func (s *Service) ListCoops(ctx context.Context, p *access.Principal, f Filter) ([]Coop, int, Totals, error) {
	c := s.coopWhere(p, f)
	var total int
	var t Totals
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(c.households), 0), COALESCE(SUM(c.persons), 0),
		COALESCE(SUM(c.resident_households), 0), COALESCE(SUM(c.resident_persons), 0)`+coopFrom+c.sql(), c.args...).
		Scan(&total, &t.Households, &t.Persons, &t.ResidentHouseholds, &t.ResidentPersons); err != nil {
		return nil, 0, t, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+coopCols+coopFrom+c.sql()+` ORDER BY o.path, c.id LIMIT ? OFFSET ?`,
		append(c.args, limit(f), f.Offset)...)
	if err != nil {
		return nil, 0, t, err
	}
	defer rows.Close()
	var out []Coop
	for rows.Next() {
		x, err := scanCoop(rows)
		if err != nil {
			return nil, 0, t, err
		}
		out = append(out, x)
	}
	return out, total, t, rows.Err()
}

func getCoop(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Coop, error) {
	x, err := scanCoop(q.QueryRowContext(ctx, `SELECT `+coopCols+coopFrom+` WHERE c.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
	if store.IsNoRows(err) {
		return x, notFound("coop.coop.not_found")
	}
	return x, err
}

// GetCoop returns a cooperative in scope.
func (s *Service) GetCoop(ctx context.Context, p *access.Principal, id int64) (Coop, error) {
	return getCoop(ctx, s.DB, p, id)
}

// maxHouseholds bounds a village: the largest villages count a few
// thousand households.
const maxHouseholds = 100000

func (s *Service) checkCoop(ctx context.Context, q store.Querier, p *access.Principal, self int64, in *CoopInput) error {
	f := s.newForm()
	f.text("name", "coop.field.coop_name", &in.Name, 80, true)
	f.text("credit_code", "coop.field.credit_code", &in.CreditCode, 18, false)
	founded := f.date("founded_on", "coop.field.founded_on", &in.FoundedOn, true)
	f.text("chair", "coop.field.chair", &in.Chair, 20, false)
	f.text("business", "coop.field.business", &in.Business, 200, false)
	f.text("note", "coop.field.note", &in.Note, 500, false)
	f.count("households", "coop.field.households", in.Households, maxHouseholds)
	f.count("persons", "coop.field.persons", in.Persons, 4*maxHouseholds)
	if in.ResidentHouseholds < 1 || in.ResidentHouseholds > maxHouseholds {
		f.add("resident_households", "coop.field.resident_households", "field.range", 1, maxHouseholds)
	}
	if in.ResidentPersons < 1 || in.ResidentPersons > 4*maxHouseholds {
		f.add("resident_persons", "coop.field.resident_persons", "field.range", 1, 4*maxHouseholds)
	}
	if !f.v.Has("households") && !f.v.Has("resident_households") && in.Households > in.ResidentHouseholds {
		f.add("households", "coop.field.households", "coop.more_than_residents", in.ResidentHouseholds)
	}
	if !f.v.Has("persons") && !f.v.Has("resident_persons") && in.Persons > in.ResidentPersons {
		f.add("persons", "coop.field.persons", "coop.more_than_residents", in.ResidentPersons)
	}
	if !f.v.Has("persons") && !f.v.Has("households") && in.Persons < in.Households {
		f.add("persons", "coop.field.persons", "coop.persons_below_households")
	}
	if in.UnionID == 0 {
		in.JoinedOn, in.LeftOn = "", ""
	} else {
		if _, err := s.getUnion(ctx, q, p, in.UnionID); err != nil {
			if !isNotFound(err) {
				return err
			}
			f.add("union_id", "coop.field.union", "field.not_found")
		}
		if f.date("joined_on", "coop.field.joined_on", &in.JoinedOn, true) && founded && in.JoinedOn < in.FoundedOn {
			f.add("joined_on", "coop.field.joined_on", "coop.joined_before_founded")
		}
		if f.date("left_on", "coop.field.left_on", &in.LeftOn, false) && in.JoinedOn != "" && in.LeftOn <= in.JoinedOn {
			f.add("left_on", "coop.field.left_on", "coop.left_before_joined")
		}
	}
	o, ok, err := orgInScope(ctx, q, p, in.OrgID, f, "org_id", "coop.field.village")
	if err != nil {
		return err
	}
	if ok {
		village(o, f, "org_id", "coop.field.village")
		var other string
		err := q.QueryRowContext(ctx, `SELECT name FROM coops WHERE org_id = ? AND id <> ?`, in.OrgID, self).Scan(&other)
		switch {
		case err == nil:
			f.add("org_id", "coop.field.village", "coop.village_has_coop", other)
		case !store.IsNoRows(err):
			return err
		}
	}
	return f.err()
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

// CreateCoop registers a cooperative.
func (s *Service) CreateCoop(ctx context.Context, p *access.Principal, in CoopInput) (Coop, error) {
	var x Coop
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkCoop(ctx, tx, p, 0, &in); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO coops (org_id, union_id, name, credit_code, founded_on, joined_on, left_on, chair, business,
			households, persons, resident_households, resident_persons, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			in.OrgID, nullID(in.UnionID), in.Name, in.CreditCode, in.FoundedOn, in.JoinedOn, in.LeftOn, in.Chair, in.Business,
			in.Households, in.Persons, in.ResidentHouseholds, in.ResidentPersons, in.Note, now, now).Scan(&id); err != nil {
			return err
		}
		var err error
		if x, err = getCoop(ctx, tx, p, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "coop.coop.create", ObjectType: "coop", ObjectID: id, Detail: x})
	})
	return x, err
}

// UpdateCoop edits a cooperative: its union membership, the households it
// covers and the village's counts.
func (s *Service) UpdateCoop(ctx context.Context, p *access.Principal, id int64, in CoopInput) (Coop, error) {
	var after Coop
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getCoop(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := s.checkCoop(ctx, tx, p, id, &in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE coops SET org_id = ?, union_id = ?, name = ?, credit_code = ?, founded_on = ?, joined_on = ?, left_on = ?,
			chair = ?, business = ?, households = ?, persons = ?, resident_households = ?, resident_persons = ?, note = ?, updated_at = ? WHERE id = ?`,
			in.OrgID, nullID(in.UnionID), in.Name, in.CreditCode, in.FoundedOn, in.JoinedOn, in.LeftOn, in.Chair, in.Business,
			in.Households, in.Persons, in.ResidentHouseholds, in.ResidentPersons, in.Note, store.Millis(s.Now()), id); err != nil {
			return err
		}
		if after, err = getCoop(ctx, tx, p, id); err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "coop.coop.update", ObjectType: "coop", ObjectID: id, Detail: changes})
	})
	return after, err
}
