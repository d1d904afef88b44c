package member

import (
	"context"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// Transfer directions and states.
const (
	DirInternal = "internal" // between two organizations of the system
	DirOut      = "out"      // to an organization outside (转出到外地)
	DirIn       = "in"       // from outside (外地转入)

	TransferPending  = "pending"
	TransferAccepted = "accepted"
	TransferReturned = "returned"
	TransferDone     = "done" // to or from outside: recorded as it happened
)

// Transfer is one 组织关系转接 as the transfer pages show it.
type Transfer struct {
	ID           int64     `json:"id"`
	MemberID     int64     `json:"member_id"`
	MemberName   string    `json:"member_name"`
	MemberIDMask string    `json:"member_id_number"`
	Direction    string    `json:"direction"`
	FromOrgID    int64     `json:"from_org_id,omitempty"`
	FromOrg      string    `json:"from_org"`
	ToOrgID      int64     `json:"to_org_id,omitempty"`
	ToOrg        string    `json:"to_org"`
	External     string    `json:"external,omitempty"`
	Status       string    `json:"status"`
	Reason       string    `json:"reason"`
	ReturnReason string    `json:"return_reason,omitempty"`
	StartedOn    string    `json:"started_on"`
	DecidedOn    string    `json:"decided_on,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	// Incoming: the caller's scope holds the receiving organization and
	// may accept or return it.
	Incoming bool `json:"incoming"`
}

// StatusLabel and DirectionLabel are the Chinese names.
func (t Transfer) StatusLabel() string    { return i18n.T("member.transfer.status." + t.Status) }
func (t Transfer) DirectionLabel() string { return i18n.T("member.transfer.dir." + t.Direction) }

type transferRow struct {
	MemberID             int64
	Direction            string
	FromOrgID, ToOrgID   int64
	External, Status     string
	Reason               string
	StartedOn, DecidedOn string
	CreatedBy            int64
	At                   int64
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func insertTransfer(ctx context.Context, tx *store.Tx, t transferRow) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO member_transfers (member_id, direction, from_org_id, to_org_id, external, status, reason,
		started_on, decided_on, created_by, decided_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.MemberID, t.Direction, nullID(t.FromOrgID), nullID(t.ToOrgID), t.External, t.Status, t.Reason,
		t.StartedOn, t.DecidedOn, t.CreatedBy, 0, t.At, t.At)
	return err
}

// TransferInput starts a transfer: to an organization of the system (by
// id or code) or, with External set, to one outside it.
type TransferInput struct {
	ToOrgID   int64  `json:"to_org_id,omitempty"`
	ToOrgCode string `json:"to_org_code,omitempty"`
	External  string `json:"external,omitempty"`
	Reason    string `json:"reason"`
	On        string `json:"on"`
}

// StartTransfer moves a member out of their organization. Inside the
// system the member is "transferring" until the receiving organization
// accepts or returns; to outside, the member leaves the roll at once.
func (s *Service) StartTransfer(ctx context.Context, p *access.Principal, memberID int64, in TransferInput) (Transfer, error) {
	var v fault.Fields
	c := s.checker()
	on := c.date(&v, "on", in.On, true)
	reason := maxLen(&v, "reason", in.Reason, 200)
	external := maxLen(&v, "external", in.External, 80)
	code := strings.TrimSpace(in.ToOrgCode)
	if external == "" && in.ToOrgID == 0 && code == "" {
		v.Add("to_org", label("to_org"), i18n.T("member.transfer.target_required"))
	}
	if err := v.Err(); err != nil {
		return Transfer{}, err
	}
	var tid int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := get(ctx, tx, p.OrgPath, memberID)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if m.Status != Active {
			return fault.New(fault.Conflict, "%s", i18n.T("member.not_active"))
		}
		now := store.Millis(s.Now())
		row := transferRow{MemberID: m.ID, FromOrgID: m.OrgID, Reason: reason, StartedOn: on, CreatedBy: p.UserID, At: now}
		var ev eventRow
		if external != "" {
			row.Direction, row.External, row.Status, row.DecidedOn = DirOut, external, TransferDone, on
			if _, err := tx.ExecContext(ctx, `UPDATE members SET status = ?, left_on = ?, updated_at = ? WHERE id = ?`,
				string(Left), on, now, m.ID); err != nil {
				return err
			}
			ev = s.event(ctx, m.ID, EvLeft, on, m.OrgID, external, reason)
		} else {
			// The receiving organization may lie anywhere in the system:
			// the sender names it by code or id, and learns only its name.
			var toID int64
			var toName, kind string
			var dissolved bool
			q := `SELECT id, name, kind, dissolved FROM orgs WHERE id = ?`
			arg := any(in.ToOrgID)
			if in.ToOrgID == 0 {
				q, arg = `SELECT id, name, kind, dissolved FROM orgs WHERE code = ?`, code
			}
			err := tx.QueryRowContext(ctx, q, arg).Scan(&toID, &toName, &kind, &dissolved)
			var fv fault.Fields
			switch {
			case store.IsNoRows(err):
				fv.Add("to_org", label("to_org"), i18n.T("member.transfer.no_target"))
			case err != nil:
				return err
			case dissolved || !holdsMembers[kind]:
				fv.Add("to_org", label("to_org"), i18n.T("member.org_kind"))
			case toID == m.OrgID:
				fv.Add("to_org", label("to_org"), i18n.T("member.transfer.same_org"))
			}
			if err := fv.Err(); err != nil {
				return err
			}
			row.Direction, row.ToOrgID, row.Status = DirInternal, toID, TransferPending
			if _, err := tx.ExecContext(ctx, `UPDATE members SET status = ?, updated_at = ? WHERE id = ?`,
				string(Transferring), now, m.ID); err != nil {
				return err
			}
			ev = s.event(ctx, m.ID, EvTransferOut, on, m.OrgID, toName, reason)
		}
		if err := insertTransfer(ctx, tx, row); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM member_transfers WHERE member_id = ?`, m.ID).Scan(&tid); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, ev); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "member.transfer", ObjectType: "member", ObjectID: m.ID,
			Detail: map[string]any{"transfer_id": tid, "direction": row.Direction, "to_org_id": row.ToOrgID, "external": external, "on": on}})
	})
	if err != nil {
		return Transfer{}, err
	}
	return s.GetTransfer(ctx, p, tid)
}

const transferCols = `t.id, t.member_id, m.name, m.id_mask, t.direction, COALESCE(t.from_org_id, 0), COALESCE(fo.name, ''),
	COALESCE(t.to_org_id, 0), COALESCE(tor.name, ''), t.external, t.status, t.reason, t.return_reason, t.started_on, t.decided_on,
	t.created_at, COALESCE(fo.path, ''), COALESCE(tor.path, '')`

const transferFrom = ` FROM member_transfers t JOIN members m ON m.id = t.member_id
	LEFT JOIN orgs fo ON fo.id = t.from_org_id LEFT JOIN orgs tor ON tor.id = t.to_org_id`

func scanTransfer(sc interface{ Scan(...any) error }, scopePath string) (Transfer, error) {
	var t Transfer
	var created int64
	var fromPath, toPath string
	err := sc.Scan(&t.ID, &t.MemberID, &t.MemberName, &t.MemberIDMask, &t.Direction, &t.FromOrgID, &t.FromOrg, &t.ToOrgID, &t.ToOrg,
		&t.External, &t.Status, &t.Reason, &t.ReturnReason, &t.StartedOn, &t.DecidedOn, &created, &fromPath, &toPath)
	t.CreatedAt = store.Time(created)
	t.Incoming = toPath != "" && strings.HasPrefix(toPath, scopePath) && !strings.HasPrefix(fromPath, scopePath)
	return t, err
}

// transferScope is the SQL that lets a principal see a transfer: the
// sending or the receiving organization lies in their scope.
const transferScope = `(fo.path LIKE ? OR tor.path LIKE ?)`

// GetTransfer returns a transfer the principal's scope sends or receives.
func (s *Service) GetTransfer(ctx context.Context, p *access.Principal, id int64) (Transfer, error) {
	t, err := scanTransfer(s.DB.QueryRowContext(ctx, `SELECT `+transferCols+transferFrom+` WHERE t.id = ? AND `+transferScope,
		id, p.ScopeLike(), p.ScopeLike()), p.OrgPath)
	if store.IsNoRows(err) {
		return t, fault.New(fault.NotFound, "%s", i18n.T("member.transfer.not_found"))
	}
	return t, err
}

// TransferFilter narrows the transfer list.
type TransferFilter struct {
	Box           string // "in": received by the scope, "out": sent from it, "" both
	Status        string
	MemberID      int64
	Limit, Offset int
}

// Transfers lists the transfers the principal's scope sends or receives,
// newest first.
func (s *Service) Transfers(ctx context.Context, p *access.Principal, f TransferFilter) ([]Transfer, int, error) {
	like := p.ScopeLike()
	conds := []string{transferScope}
	args := []any{like, like}
	switch f.Box {
	case "in":
		conds = append(conds, "tor.path LIKE ? AND (fo.path IS NULL OR fo.path NOT LIKE ?)")
		args = append(args, like, like)
	case "out":
		conds = append(conds, "fo.path LIKE ?")
		args = append(args, like)
	}
	if f.Status != "" {
		conds = append(conds, "t.status = ?")
		args = append(args, f.Status)
	}
	if f.MemberID > 0 {
		conds = append(conds, "t.member_id = ?")
		args = append(args, f.MemberID)
	}
	where := " WHERE " + strings.Join(conds, " AND ")
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+transferFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+transferCols+transferFrom+where+` ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Transfer{}
	for rows.Next() {
		t, err := scanTransfer(rows, p.OrgPath)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// decide loads a pending transfer the principal's scope receives.
func (s *Service) decide(ctx context.Context, tx *store.Tx, p *access.Principal, id int64) (Transfer, error) {
	t, err := scanTransfer(tx.QueryRowContext(ctx, `SELECT `+transferCols+transferFrom+` WHERE t.id = ? AND tor.path LIKE ?`,
		id, p.ScopeLike()), p.OrgPath)
	if store.IsNoRows(err) {
		return t, fault.New(fault.NotFound, "%s", i18n.T("member.transfer.not_found"))
	}
	if err != nil {
		return t, err
	}
	if t.Status != TransferPending {
		return t, fault.New(fault.Conflict, "%s", i18n.T("member.transfer.not_pending"))
	}
	return t, nil
}

// Accept receives a pending transfer into the receiving organization.
func (s *Service) Accept(ctx context.Context, p *access.Principal, id int64) (Transfer, error) {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		t, err := s.decide(ctx, tx, p, id)
		if err != nil {
			return err
		}
		now, today := store.Millis(s.Now()), s.today()
		if _, err := tx.ExecContext(ctx, `UPDATE member_transfers SET status = ?, decided_on = ?, decided_by = ?, updated_at = ? WHERE id = ?`,
			TransferAccepted, today, p.UserID, now, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET org_id = ?, org_path = (SELECT path FROM orgs WHERE id = ?), status = ?, updated_at = ?
			WHERE id = ?`, t.ToOrgID, t.ToOrgID, string(Active), now, t.MemberID); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, s.event(ctx, t.MemberID, EvTransferIn, today, t.ToOrgID, t.FromOrg, "")); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "member.transfer_accept", ObjectType: "member", ObjectID: t.MemberID,
			Detail: map[string]any{"transfer_id": id, "from_org_id": t.FromOrgID, "to_org_id": t.ToOrgID}})
	})
	if err != nil {
		return Transfer{}, err
	}
	return s.GetTransfer(ctx, p, id)
}

// Return sends a pending transfer back with a reason; the member stays
// with the sending organization.
func (s *Service) Return(ctx context.Context, p *access.Principal, id int64, reason string) (Transfer, error) {
	var v fault.Fields
	reason = maxLen(&v, "return_reason", reason, 200)
	if reason == "" {
		v.Add("return_reason", label("return_reason"), i18n.T("field.required"))
	}
	if err := v.Err(); err != nil {
		return Transfer{}, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		t, err := s.decide(ctx, tx, p, id)
		if err != nil {
			return err
		}
		now, today := store.Millis(s.Now()), s.today()
		if _, err := tx.ExecContext(ctx, `UPDATE member_transfers SET status = ?, return_reason = ?, decided_on = ?, decided_by = ?, updated_at = ?
			WHERE id = ?`, TransferReturned, reason, today, p.UserID, now, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET status = ?, updated_at = ? WHERE id = ?`, string(Active), now, t.MemberID); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, s.event(ctx, t.MemberID, EvReturned, today, t.FromOrgID, t.ToOrg, reason)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "member.transfer_return", ObjectType: "member", ObjectID: t.MemberID,
			Detail: map[string]any{"transfer_id": id, "reason": reason}})
	})
	if err != nil {
		return Transfer{}, err
	}
	// After a return the receiving side still sees the transfer (it is in
	// their list); read it as they may.
	return s.GetTransfer(ctx, p, id)
}
