package twonew

import (
	"context"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

const reqCols = `r.id, r.item_id, i.name, m.name, r.org_id, o.name, r.requested_on, r.contact, r.need, r.status, r.handled_on,
	r.handling_note, r.handler, r.created_at, r.updated_at`

// A request is seen by the requesting organization's scope and by the
// scope of the menu's owner, who handles it.
const reqFrom = ` FROM twonew_requests r JOIN orgs o ON o.id = r.org_id JOIN twonew_items i ON i.id = r.item_id
	JOIN twonew_menus m ON m.id = i.menu_id JOIN orgs mo ON mo.id = m.org_id`

const reqScope = `(o.path LIKE ? OR mo.path LIKE ?)`

func scanRequest(sc interface{ Scan(...any) error }) (Request, error) {
	var r Request
	var st string
	var c, u int64
	err := sc.Scan(&r.ID, &r.ItemID, &r.ItemName, &r.MenuName, &r.OrgID, &r.OrgName, &r.RequestedOn, &r.Contact, &r.Need, &st, &r.HandledOn,
		&r.HandlingNote, &r.Handler, &c, &u)
	r.Status = RequestStatus(st)
	r.StatusLabel = r.Status.Label()
	r.CreatedAt, r.UpdatedAt = store.Time(c), store.Time(u)
	return r, err
}

// RequestFilter narrows the request list.
type RequestFilter struct {
	Q        string
	Status   RequestStatus
	From, To string
	Limit    int
	Offset   int
}

// Requests lists the requests visible to p, latest first.
func (s *Service) Requests(ctx context.Context, p *access.Principal, f RequestFilter) ([]Request, int, error) {
	conds := []string{reqScope}
	args := []any{p.ScopeLike(), p.ScopeLike()}
	if f.Q != "" {
		like := "%" + escapeLike(f.Q) + "%"
		conds = append(conds, "(o.name LIKE ? OR i.name LIKE ? OR r.need LIKE ?)")
		args = append(args, like, like, like)
	}
	if f.Status != "" {
		conds = append(conds, "r.status = ?")
		args = append(args, string(f.Status))
	}
	if f.From != "" {
		conds = append(conds, "r.requested_on >= ? AND r.requested_on < ?")
		args = append(args, f.From, f.To)
	}
	where := " WHERE " + strings.Join(conds, " AND ")
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+reqFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+reqCols+reqFrom+where+` ORDER BY r.requested_on DESC, r.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Request{}
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

func getRequest(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Request, error) {
	return scanRequest(q.QueryRowContext(ctx, `SELECT `+reqCols+reqFrom+` WHERE r.id = ? AND `+reqScope, id, p.ScopeLike(), p.ScopeLike()))
}

// Request returns one request visible to p.
func (s *Service) Request(ctx context.Context, p *access.Principal, id int64) (Request, error) {
	r, err := getRequest(ctx, s.DB, p, id)
	if store.IsNoRows(err) {
		return r, notFound("request")
	}
	return r, err
}

// CreateRequest records a 两新 organization's request of a service item
// on offer.
func (s *Service) CreateRequest(ctx context.Context, p *access.Principal, in RequestInput) (Request, error) {
	var v fault.Fields
	checkText(&v, "need", i18n.T("twonew.field.need"), &in.Need, 500, true)
	checkText(&v, "contact", i18n.T("twonew.field.contact"), &in.Contact, 60, false)
	s.checkDate(&v, "requested_on", i18n.T("twonew.field.requested_on"), &in.RequestedOn, true)
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := checkOrg(ctx, tx, p, in.OrgID, &v, "org_id", i18n.T("twonew.field.requester"), requesterDomains); err != nil {
			return err
		}
		var withdrawn, menuWithdrawn, offered string
		err := tx.QueryRowContext(ctx, `SELECT i.withdrawn_on, m.withdrawn_on, i.offered_from FROM twonew_items i JOIN twonew_menus m ON m.id = i.menu_id
			WHERE i.id = ?`, in.ItemID).Scan(&withdrawn, &menuWithdrawn, &offered)
		switch {
		case in.ItemID <= 0:
			v.Add("item_id", i18n.T("twonew.field.item"), i18n.T("field.choose"))
		case store.IsNoRows(err):
			v.Add("item_id", i18n.T("twonew.field.item"), i18n.T("field.not_found"))
		case err != nil:
			return err
		case in.RequestedOn != "" && (in.RequestedOn < offered || (withdrawn != "" && in.RequestedOn >= withdrawn) ||
			(menuWithdrawn != "" && in.RequestedOn >= menuWithdrawn)):
			v.Add("item_id", i18n.T("twonew.field.item"), i18n.T("twonew.item_not_offered"))
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO twonew_requests (item_id, org_id, requested_on, contact, need, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id`, in.ItemID, in.OrgID, in.RequestedOn, in.Contact, in.Need, now, now).Scan(&id); err != nil {
			return err
		}
		return record(ctx, tx, "create", "twonew_request", id, in)
	})
	if err != nil {
		return Request{}, err
	}
	return s.Request(ctx, p, id)
}

// Handle moves a request on: accepted, done or declined, with a note.
func (s *Service) Handle(ctx context.Context, p *access.Principal, id int64, in HandleInput) (Request, error) {
	var v fault.Fields
	checkText(&v, "note", i18n.T("twonew.field.handling_note"), &in.Note, 500, in.Status == RequestDone || in.Status == RequestDeclined)
	s.checkDate(&v, "handled_on", i18n.T("twonew.field.handled_on"), &in.HandledOn, true)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := getRequest(ctx, tx, p, id)
		if store.IsNoRows(err) {
			return notFound("request")
		}
		if err != nil {
			return err
		}
		if !contains(statusStrings(next[r.Status]), string(in.Status)) {
			v.Add("status", i18n.T("common.status"), i18n.T("twonew.bad_status", r.StatusLabel))
		}
		if in.HandledOn != "" && in.HandledOn < r.RequestedOn {
			v.Add("handled_on", i18n.T("twonew.field.handled_on"), i18n.T("twonew.date_after", i18n.T("twonew.field.requested_on")))
		}
		if err := v.Err(); err != nil {
			return err
		}
		actor := audit.ActorFrom(ctx)
		res, err := tx.ExecContext(ctx, `UPDATE twonew_requests SET status = ?, handled_on = ?, handling_note = ?, handler = ?, updated_at = ?
			WHERE id = ? AND status = ?`, string(in.Status), in.HandledOn, in.Note, actor.Name, store.Millis(s.Now()), id, string(r.Status))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fault.New(fault.Conflict, "%s", i18n.T("twonew.changed_meanwhile"))
		}
		return record(ctx, tx, "handle", "twonew_request", id, map[string]any{"status": [2]RequestStatus{r.Status, in.Status}, "on": in.HandledOn, "note": in.Note})
	})
	if err != nil {
		return Request{}, err
	}
	return s.Request(ctx, p, id)
}

func statusStrings(ss []RequestStatus) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// Next lists the statuses a request in status st may move to.
func Next(st RequestStatus) []RequestStatus { return next[st] }
