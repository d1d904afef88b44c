package service

import (
	"context"
	"strings"

	"troika/internal/access"
	"troika/internal/store"
)

const wishCols = `w.id, w.org_id, o.name, w.code, w.content, w.category, w.resident_name, w.phone_mask, w.source, w.submitted_on,
	w.status, w.published_on, w.claim_by, w.claimant_kind, COALESCE(w.claimant_user_id, 0), COALESCE(w.claimant_org_id, 0),
	w.claimant_name, w.claimed_on, w.due_on, w.fulfilled_on, w.fulfil_note, w.photo, w.confirmed_on, w.feedback, w.reject_reason,
	w.created_at, w.updated_at`

const wishFrom = ` FROM wishes w JOIN orgs o ON o.id = w.org_id`

func scanWish(sc interface{ Scan(...any) error }) (Wish, error) {
	var w Wish
	var st string
	var c, u int64
	err := sc.Scan(&w.ID, &w.OrgID, &w.OrgName, &w.Code, &w.Content, &w.Category, &w.ResidentName, &w.PhoneMask, &w.Source, &w.SubmittedOn,
		&st, &w.PublishedOn, &w.ClaimBy, &w.ClaimantKind, &w.ClaimantUser, &w.ClaimantOrg,
		&w.ClaimantName, &w.ClaimedOn, &w.DueOn, &w.FulfilledOn, &w.FulfilNote, &w.photo, &w.ConfirmedOn, &w.Feedback, &w.RejectReason,
		&c, &u)
	w.Status = WishStatus(st)
	w.StatusLabel = w.Status.Label()
	w.HasPhoto = w.photo != ""
	w.CreatedAt, w.UpdatedAt = store.Time(c), store.Time(u)
	return w, err
}

// visibility is the SQL condition of the wishes p may see: those of the
// organizations in their scope; for a member (who reads no organization
// ledger) the wishes published in their township or street, and those
// they claimed themselves.
func visibility(p *access.Principal) (string, []any) {
	if keeper(p) {
		return "o.path LIKE ?", []any{p.ScopeLike()}
	}
	return "((w.status = 'published' AND o.path LIKE ?) OR w.claimant_user_id = ?)", []any{townLike(p.OrgPath), p.UserID}
}

func getWish(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Wish, error) {
	cond, args := visibility(p)
	return scanWish(q.QueryRowContext(ctx, `SELECT `+wishCols+wishFrom+` WHERE w.id = ? AND `+cond, append([]any{id}, args...)...))
}

// WishView picks one of the ledger's lists.
type WishView string

const (
	ViewAll       WishView = ""
	ViewUnclaimed WishView = "unclaimed" // published, waiting for a claimant
	ViewOverdue   WishView = "overdue"   // claimed and past the promised date
	ViewMine      WishView = "mine"      // claimed by the member signed in
)

// WishFilter narrows the wish list.
type WishFilter struct {
	Q        string
	Status   WishStatus
	Under    int64
	From, To string // submitted in [From, To)
	View     WishView
	Limit    int
	Offset   int
}

func (f WishFilter) where(p *access.Principal, today string) (string, []any) {
	cond, args := visibility(p)
	conds := []string{cond}
	if f.Q != "" {
		like := "%" + escapeLike(f.Q) + "%"
		conds = append(conds, "(w.content LIKE ? OR w.resident_name LIKE ? OR w.claimant_name LIKE ? OR o.name LIKE ?)")
		args = append(args, like, like, like, like)
	}
	if f.Status != "" {
		conds = append(conds, "w.status = ?")
		args = append(args, string(f.Status))
	}
	if f.Under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	if f.From != "" {
		conds = append(conds, "w.submitted_on >= ? AND w.submitted_on < ?")
		args = append(args, f.From, f.To)
	}
	switch f.View {
	case ViewUnclaimed:
		conds = append(conds, "w.status = 'published'")
	case ViewOverdue:
		conds = append(conds, "w.status = 'claimed' AND w.due_on < ?")
		args = append(args, today)
	case ViewMine:
		conds = append(conds, "w.claimant_user_id = ?")
		args = append(args, p.UserID)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func (f WishFilter) order() string {
	switch f.View {
	case ViewUnclaimed:
		return ` ORDER BY w.claim_by, w.id`
	case ViewOverdue:
		return ` ORDER BY w.due_on, w.id`
	}
	return ` ORDER BY w.submitted_on DESC, w.id DESC`
}

// markOverdue flags wishes left unclaimed past their claim deadline and
// claimed ones past the promised date.
func markOverdue(w *Wish, today string) {
	switch w.Status {
	case WishPublished:
		w.Overdue = w.ClaimBy != "" && w.ClaimBy < today
	case WishClaimed:
		w.Overdue = w.DueOn != "" && w.DueOn < today
	}
}

func addWishEvent(ctx context.Context, tx *store.Tx, id int64, act WishAction, from, to WishStatus, on, detail string, actorID int64, actor string, now int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO wish_events (wish_id, action, from_status, to_status, on_date, detail, actor_id, actor, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, string(act), string(from), string(to), on, detail, actorID, actor, now)
	return err
}

func wishEvents(ctx context.Context, q store.Querier, id int64) ([]WishEvent, error) {
	rows, err := q.QueryContext(ctx, `SELECT action, from_status, to_status, on_date, detail, actor, at FROM wish_events WHERE wish_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []WishEvent{}
	for rows.Next() {
		var e WishEvent
		var a, f, t string
		var at int64
		if err := rows.Scan(&a, &f, &t, &e.OnDate, &e.Detail, &e.Actor, &at); err != nil {
			return nil, err
		}
		e.Action, e.FromStatus, e.ToStatus, e.At = WishAction(a), WishStatus(f), WishStatus(t), store.Time(at)
		e.Label = e.Action.Label()
		out = append(out, e)
	}
	return out, rows.Err()
}

// keeper reports whether p keeps the wish ledger of their scope (sees the
// residents' names and masked phones); the others with wish.claim are
// members, who see only what they may claim and what they claimed.
func keeper(p *access.Principal) bool { return p.Can(access.PermPersonalRead) }
