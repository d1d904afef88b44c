package partner

import (
	"context"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/store"
)

const dealCols = `d.id, d.org_id, o.name, d.kind, d.partner, d.partner_kind, d.title, d.amount, d.signed_on, d.note, d.created_at, d.updated_at`

const dealFrom = ` FROM partner_deals d JOIN orgs o ON o.id = d.org_id`

func scanDeal(sc interface{ Scan(...any) error }) (Deal, error) {
	var d Deal
	var kind, pkind string
	var created, updated int64
	err := sc.Scan(&d.ID, &d.OrgID, &d.OrgName, &kind, &d.Partner, &pkind, &d.Title, &d.Amount, &d.SignedOn, &d.Note, &created, &updated)
	d.Kind, d.PartnerKind = DealKind(kind), PartnerKind(pkind)
	d.KindLabel = d.Kind.Label()
	d.CreatedAt, d.UpdatedAt = store.Time(created), store.Time(updated)
	return d, err
}

func dealWhere(p *access.Principal, f Filter) *clause {
	c := scoped(p, f.Under)
	c.keyword(f.Q, "d.partner", "d.title", "o.name")
	if f.Kind != "" {
		c.add("d.kind = ?", string(f.Kind))
	}
	if f.Partner != "" {
		c.add("d.partner = ?", f.Partner)
	}
	if f.From != "" {
		c.add("d.signed_on >= ?", f.From)
	}
	if f.To != "" {
		c.add("d.signed_on <= ?", f.To)
	}
	return c
}

// ListDeals returns one page of deals in scope, latest first, and the sum
// of their amounts over the whole filtered list (fen).
func (s *Service) ListDeals(ctx context.Context, p *access.Principal, f Filter) ([]Deal, int, int64, error) {
	c := dealWhere(p, f)
	var total int
	var sum int64
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(d.amount), 0)`+dealFrom+c.sql(), c.args...).Scan(&total, &sum); err != nil {
		return nil, 0, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+dealCols+dealFrom+c.sql()+` ORDER BY d.signed_on DESC, d.id DESC LIMIT ? OFFSET ?`,
		append(c.args, limit(f), f.Offset)...)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	var out []Deal
	for rows.Next() {
		d, err := scanDeal(rows)
		if err != nil {
			return nil, 0, 0, err
		}
		out = append(out, d)
	}
	return out, total, sum, rows.Err()
}

func getDeal(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Deal, error) {
	d, err := scanDeal(q.QueryRowContext(ctx, `SELECT `+dealCols+dealFrom+` WHERE d.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
	if store.IsNoRows(err) {
		return d, notFound("partner.deal.not_found")
	}
	return d, err
}

// GetDeal returns a deal in scope.
func (s *Service) GetDeal(ctx context.Context, p *access.Principal, id int64) (Deal, error) {
	return getDeal(ctx, s.DB, p, id)
}

func (s *Service) checkDeal(ctx context.Context, q store.Querier, p *access.Principal, in *DealInput) error {
	f := s.newForm()
	if !in.Kind.Valid() {
		f.add("kind", "partner.field.kind", "field.choose")
	}
	f.text("partner", "partner.field.partner", &in.Partner, 80, true)
	if !in.PartnerKind.Valid() {
		f.add("partner_kind", "partner.field.partner_kind", "field.choose")
	}
	f.text("title", "partner.field.title", &in.Title, 120, true)
	f.text("note", "partner.field.note", &in.Note, 500, false)
	f.date("signed_on", "partner.field.signed_on", &in.SignedOn, true)
	switch {
	case in.Amount < 0 || in.Amount > maxMoney:
		f.add("amount", "partner.field.amount", "partner.amount_range")
	case in.Amount == 0 && in.Kind.Valid() && in.Kind != Agreement:
		f.add("amount", "partner.field.amount", "partner.amount_required", in.Kind.Label())
	}
	if err := orgInScope(ctx, q, p, in.OrgID, f, "org_id", "partner.field.org"); err != nil {
		return err
	}
	return f.err()
}

// CreateDeal records a deal.
func (s *Service) CreateDeal(ctx context.Context, p *access.Principal, in DealInput) (Deal, error) {
	var d Deal
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkDeal(ctx, tx, p, &in); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO partner_deals (org_id, kind, partner, partner_kind, title, amount, signed_on, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, string(in.Kind), in.Partner, string(in.PartnerKind), in.Title, in.Amount,
			in.SignedOn, in.Note, now, now).Scan(&id); err != nil {
			return err
		}
		var err error
		if d, err = getDeal(ctx, tx, p, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "partner.deal.create", ObjectType: "partner_deal", ObjectID: id, Detail: d})
	})
	return d, err
}

// UpdateDeal edits a deal.
func (s *Service) UpdateDeal(ctx context.Context, p *access.Principal, id int64, in DealInput) (Deal, error) {
	var after Deal
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getDeal(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := s.checkDeal(ctx, tx, p, &in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE partner_deals SET org_id = ?, kind = ?, partner = ?, partner_kind = ?, title = ?, amount = ?, signed_on = ?,
			note = ?, updated_at = ? WHERE id = ?`, in.OrgID, string(in.Kind), in.Partner, string(in.PartnerKind), in.Title, in.Amount, in.SignedOn,
			in.Note, store.Millis(s.Now()), id); err != nil {
			return err
		}
		if after, err = getDeal(ctx, tx, p, id); err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "partner.deal.update", ObjectType: "partner_deal", ObjectID: id, Detail: changes})
	})
	return after, err
}

// DeleteDeal removes a deal entered in error; one that pays for a project
// is kept until the project no longer names it.
func (s *Service) DeleteDeal(ctx context.Context, p *access.Principal, id int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		d, err := getDeal(ctx, tx, p, id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM partner_projects WHERE deal_id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return conflict("partner.deal.in_use")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM partner_deals WHERE id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "partner.deal.delete", ObjectType: "partner_deal", ObjectID: id, Detail: d})
	})
}

// Partners sums the deals in scope by counterpart, largest first.
func (s *Service) Partners(ctx context.Context, p *access.Principal, f Filter) ([]Summary, error) {
	f.Partner = ""
	c := dealWhere(p, f)
	rows, err := s.DB.QueryContext(ctx, `SELECT d.partner, MIN(d.partner_kind), COUNT(*), COUNT(DISTINCT d.org_id),
		COALESCE(SUM(CASE WHEN d.kind = 'order' THEN d.amount ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN d.kind = 'investment' THEN d.amount ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN d.kind = 'fund' THEN d.amount ELSE 0 END), 0),
		MIN(d.signed_on), MAX(d.signed_on)`+dealFrom+c.sql()+` GROUP BY d.partner ORDER BY SUM(d.amount) DESC, d.partner`, c.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var x Summary
		var pk string
		if err := rows.Scan(&x.Partner, &pk, &x.Deals, &x.Villages, &x.Orders, &x.Investments, &x.Funds, &x.First, &x.Last); err != nil {
			return nil, err
		}
		x.PartnerKind = PartnerKind(pk)
		out = append(out, x)
	}
	return out, rows.Err()
}
