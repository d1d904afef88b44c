package coop

import (
	"context"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/store"
)

const incomeCols = `x.id, x.org_id, o.name, x.received_on, x.amount, x.item, x.payer, x.via_union, x.voucher_no, x.note, x.created_at, x.updated_at`

const incomeFrom = ` FROM coop_incomes x JOIN orgs o ON o.id = x.org_id`

func scanIncome(sc interface{ Scan(...any) error }) (Income, error) {
	var x Income
	var created, updated int64
	err := sc.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.ReceivedOn, &x.Amount, &x.Item, &x.Payer, &x.ViaUnion, &x.VoucherNo, &x.Note, &created, &updated)
	x.Village = VillageName(x.OrgName)
	x.CreatedAt, x.UpdatedAt = store.Time(created), store.Time(updated)
	return x, err
}

func incomeWhere(p *access.Principal, f Filter) *clause {
	c := scoped(p, f.Under)
	c.keyword(f.Q, "x.item", "x.payer", "x.voucher_no", "o.name")
	if f.From != "" {
		c.add("x.received_on >= ?", f.From)
	}
	if f.To != "" {
		c.add("x.received_on <= ?", f.To)
	}
	switch f.Via {
	case "1":
		c.add("x.via_union = TRUE")
	case "0":
		c.add("x.via_union = FALSE")
	}
	return c
}

// ListIncomes returns one page of income entries in scope, latest first,
// and the sum over the whole filtered list (fen).
func (s *Service) ListIncomes(ctx context.Context, p *access.Principal, f Filter) ([]Income, int, int64, error) {
	c := incomeWhere(p, f)
	var total int
	var sum int64
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(x.amount), 0)`+incomeFrom+c.sql(), c.args...).Scan(&total, &sum); err != nil {
		return nil, 0, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+incomeCols+incomeFrom+c.sql()+` ORDER BY x.received_on DESC, x.id DESC LIMIT ? OFFSET ?`,
		append(c.args, limit(f), f.Offset)...)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	var out []Income
	for rows.Next() {
		x, err := scanIncome(rows)
		if err != nil {
			return nil, 0, 0, err
		}
		out = append(out, x)
	}
	return out, total, sum, rows.Err()
}

func getIncome(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Income, error) {
	x, err := scanIncome(q.QueryRowContext(ctx, `SELECT `+incomeCols+incomeFrom+` WHERE x.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
	if store.IsNoRows(err) {
		return x, notFound("coop.income.not_found")
	}
	return x, err
}

// GetIncome returns an income entry in scope.
func (s *Service) GetIncome(ctx context.Context, p *access.Principal, id int64) (Income, error) {
	return getIncome(ctx, s.DB, p, id)
}

// maxAmount bounds one entry: 1 亿元 in fen.
const maxAmount = 100_000_000_00

// checkIncomeFields checks what needs no database; the import shares it.
func checkIncomeFields(f *form, in *IncomeInput) {
	f.date("received_on", "coop.field.received_on", &in.ReceivedOn, true)
	f.text("item", "coop.field.item", &in.Item, 80, true)
	f.text("payer", "coop.field.payer", &in.Payer, 80, false)
	f.text("voucher_no", "coop.field.voucher_no", &in.VoucherNo, 30, false)
	f.text("note", "coop.field.note", &in.Note, 500, false)
	if in.Amount <= 0 || in.Amount > maxAmount {
		f.add("amount", "coop.field.amount", "coop.amount_range")
	}
}

func (s *Service) checkIncome(ctx context.Context, q store.Querier, p *access.Principal, in *IncomeInput) error {
	f := s.newForm()
	checkIncomeFields(f, in)
	o, ok, err := orgInScope(ctx, q, p, in.OrgID, f, "org_id", "coop.field.village")
	if err != nil {
		return err
	}
	if ok {
		village(o, f, "org_id", "coop.field.village")
	}
	return f.err()
}

func insertIncome(ctx context.Context, tx *store.Tx, in IncomeInput, now int64) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO coop_incomes (org_id, received_on, amount, item, payer, via_union, voucher_no, note, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.ReceivedOn, in.Amount, in.Item, in.Payer, in.ViaUnion, in.VoucherNo, in.Note, now, now).Scan(&id)
	return id, err
}

// CreateIncome records an income entry.
func (s *Service) CreateIncome(ctx context.Context, p *access.Principal, in IncomeInput) (Income, error) {
	var x Income
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkIncome(ctx, tx, p, &in); err != nil {
			return err
		}
		id, err := insertIncome(ctx, tx, in, store.Millis(s.Now()))
		if err != nil {
			return err
		}
		if x, err = getIncome(ctx, tx, p, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "coop.income.create", ObjectType: "coop_income", ObjectID: id, Detail: x})
	})
	return x, err
}

// UpdateIncome edits an income entry.
func (s *Service) UpdateIncome(ctx context.Context, p *access.Principal, id int64, in IncomeInput) (Income, error) {
	var after Income
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getIncome(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := s.checkIncome(ctx, tx, p, &in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE coop_incomes SET org_id = ?, received_on = ?, amount = ?, item = ?, payer = ?, via_union = ?, voucher_no = ?,
			note = ?, updated_at = ? WHERE id = ?`, in.OrgID, in.ReceivedOn, in.Amount, in.Item, in.Payer, in.ViaUnion, in.VoucherNo, in.Note,
			store.Millis(s.Now()), id); err != nil {
			return err
		}
		if after, err = getIncome(ctx, tx, p, id); err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "coop.income.update", ObjectType: "coop_income", ObjectID: id, Detail: changes})
	})
	return after, err
}

// DeleteIncome removes an entry made in error.
func (s *Service) DeleteIncome(ctx context.Context, p *access.Principal, id int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		x, err := getIncome(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM coop_incomes WHERE id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "coop.income.delete", ObjectType: "coop_income", ObjectID: id, Detail: x})
	})
}
