package service

import (
	"context"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/personal"
	"troika/internal/store"
)

func wishNotFound() error { return fault.New(fault.NotFound, "%s", i18n.T("wish.not_found")) }

// publicOrgCond picks the organizations a resident may address a wish to:
// live village and community branches.
const publicOrgCond = `o.dissolved = FALSE AND o.kind IN ('branch', 'general') AND o.domain IN ('community', 'rural')`

// PublicOrg is an organization a resident can choose, with its township.
type PublicOrg struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Town string `json:"town"`
}

// PublicOrgs lists the villages and communities residents may address,
// grouped by township in tree order.
func (s *Service) PublicOrgs(ctx context.Context) ([]PublicOrg, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(t.name, '') FROM orgs o
		LEFT JOIN orgs t ON t.depth = 1 AND o.path LIKE t.path || '%'
		WHERE `+publicOrgCond+` ORDER BY o.path`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PublicOrg{}
	for rows.Next() {
		var o PublicOrg
		if err := rows.Scan(&o.ID, &o.Name, &o.Town); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// validateWish checks a wish as entered; phone is returned normalized.
func validateWish(in *WishInput) (fault.Fields, string) {
	var v fault.Fields
	checkText(&v, "content", i18n.T("wish.field.content"), &in.Content, 200, true)
	checkText(&v, "resident_name", i18n.T("wish.field.resident_name"), &in.ResidentName, 20, true)
	if in.Category == "" {
		v.Add("category", i18n.T("wish.field.category"), i18n.T("field.choose"))
	} else if !validCategory(in.Category) {
		v.Add("category", i18n.T("wish.field.category"), i18n.T("field.unknown_value"))
	}
	phone, ok := personal.NormalizePhone(in.Phone)
	if in.Phone == "" {
		v.Add("phone", i18n.T("wish.field.phone"), i18n.T("field.required"))
	} else if !ok {
		v.Add("phone", i18n.T("wish.field.phone"), i18n.T("wish.phone_format"))
	}
	if in.OrgID <= 0 {
		v.Add("org_id", i18n.T("wish.field.org"), i18n.T("field.choose"))
	}
	return v, phone
}

// insertWish writes a submitted wish under a fresh tracking code.
func (s *Service) insertWish(ctx context.Context, tx *store.Tx, in WishInput, phone, source string, by int64) (int64, string, error) {
	now := store.Millis(s.Now())
	today := s.today()
	var id int64
	var code string
	for range 5 {
		code = NewCode()
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM wishes WHERE code = ?`, code).Scan(&n); err != nil {
			return 0, "", err
		}
		if n == 0 {
			break
		}
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO wishes (org_id, code, content, category, resident_name, phone_enc, phone_hash, phone_mask,
		source, submitted_by, submitted_on, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?) RETURNING id`,
		in.OrgID, code, in.Content, in.Category, in.ResidentName, s.Keys.Seal(phone), s.Keys.Hash("phone", phone), personal.MaskPhone(phone),
		source, by, today, now, now).Scan(&id)
	if err != nil {
		return 0, "", err
	}
	actor := audit.ActorFrom(ctx)
	if err := addWishEvent(ctx, tx, id, ActSubmit, "", WishSubmitted, today, i18n.T("wish.source."+source), actor.ID, actor.Name, now); err != nil {
		return 0, "", err
	}
	return id, code, audit.Record(ctx, tx, audit.Event{Action: "wish.submit", ObjectType: "wish", ObjectID: id,
		Detail: map[string]any{"org_id": in.OrgID, "category": in.Category, "source": source, "phone": personal.MaskPhone(phone)}})
}

// SubmitPublic takes a wish from a resident's public page and returns its
// tracking code.
func (s *Service) SubmitPublic(ctx context.Context, in WishInput) (string, error) {
	v, phone := validateWish(&in)
	var code string
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if in.OrgID > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs o WHERE o.id = ? AND `+publicOrgCond, in.OrgID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				v.Add("org_id", i18n.T("wish.field.org"), i18n.T("field.choose"))
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		var err error
		_, code, err = s.insertWish(ctx, tx, in, phone, SourcePublic, 0)
		return err
	})
	return code, err
}

// SubmitFor enters a wish for a resident (a grid worker's form) under an
// organization in scope.
func (s *Service) SubmitFor(ctx context.Context, p *access.Principal, in WishInput) (Wish, error) {
	v, phone := validateWish(&in)
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if in.OrgID > 0 {
			if err := checkOrg(ctx, tx, p.ScopeLike(), in.OrgID, &v, "org_id", i18n.T("wish.field.org")); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		var err error
		id, _, err = s.insertWish(ctx, tx, in, phone, SourceGrid, p.UserID)
		return err
	})
	if err != nil {
		return Wish{}, err
	}
	return s.Wish(ctx, p, id)
}

// Wish returns one wish visible to p.
func (s *Service) Wish(ctx context.Context, p *access.Principal, id int64) (Wish, error) {
	w, err := getWish(ctx, s.DB, p, id)
	if store.IsNoRows(err) {
		return w, wishNotFound()
	}
	markOverdue(&w, s.today())
	if !keeper(p) {
		w.Code, w.PhoneMask = "", ""
	}
	return w, err
}

// WishHistory returns a wish's steps.
func (s *Service) WishHistory(ctx context.Context, p *access.Principal, id int64) ([]WishEvent, error) {
	if _, err := s.Wish(ctx, p, id); err != nil {
		return nil, err
	}
	return wishEvents(ctx, s.DB, id)
}

// Wishes returns one page of the wishes visible to p.
func (s *Service) Wishes(ctx context.Context, p *access.Principal, f WishFilter) ([]Wish, int, error) {
	today := s.today()
	where, args := f.where(p, today)
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+wishFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+wishCols+wishFrom+where+f.order()+` LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Wish{}
	member := !keeper(p)
	for rows.Next() {
		w, err := scanWish(rows)
		if err != nil {
			return nil, 0, err
		}
		markOverdue(&w, today)
		if member {
			w.Code, w.PhoneMask = "", ""
		}
		out = append(out, w)
	}
	return out, total, rows.Err()
}

// WishTally counts the wishes in scope by stage, over all time.
type WishTally struct {
	Submitted, Unclaimed, Claimed, Fulfilled, Confirmed, Overdue int
}

// Tally counts wishes visible to p.
func (s *Service) Tally(ctx context.Context, p *access.Principal) (WishTally, error) {
	var t WishTally
	cond, args := visibility(p)
	today := s.today()
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN w.status = 'published' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN w.claimed_on <> '' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN w.fulfilled_on <> '' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN w.status = 'confirmed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN (w.status = 'claimed' AND w.due_on < ?) OR (w.status = 'published' AND w.claim_by < ?) THEN 1 ELSE 0 END), 0)`+
		wishFrom+` WHERE `+cond, append([]any{today, today}, args...)...).
		Scan(&t.Submitted, &t.Unclaimed, &t.Claimed, &t.Fulfilled, &t.Confirmed, &t.Overdue)
	return t, err
}

func badWishStep(st WishStatus, a WishAction) error {
	if a == ActClaim && st != WishSubmitted {
		return fault.New(fault.Conflict, "%s", i18n.T("wish.already_claimed"))
	}
	return fault.New(fault.Conflict, "%s", i18n.T("wish.bad_step", st.Label(), a.Label()))
}

// step runs one workflow step on a wish visible to p: apply validates,
// writes the step's fields with a conditional UPDATE on the expected
// status (so that of two concurrent steps exactly one takes effect) and
// returns the history entry's date and detail.
func (s *Service) step(ctx context.Context, p *access.Principal, id int64, act WishAction, from, to WishStatus,
	apply func(tx *store.Tx, w Wish, now int64) (on, detail string, err error)) (Wish, error) {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		w, err := getWish(ctx, tx, p, id)
		if store.IsNoRows(err) && act == ActClaim && !keeper(p) {
			return s.claimedAway(ctx, tx, p, id)
		}
		if store.IsNoRows(err) {
			return wishNotFound()
		}
		if err != nil {
			return err
		}
		if w.Status != from {
			return badWishStep(w.Status, act)
		}
		now := store.Millis(s.Now())
		on, detail, err := apply(tx, w, now)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE wishes SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, string(to), now, id, string(from))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return badWishStep(to, act)
		}
		actor := audit.ActorFrom(ctx)
		if err := addWishEvent(ctx, tx, id, act, from, to, on, detail, actor.ID, actor.Name, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "wish." + string(act), ObjectType: "wish", ObjectID: id,
			Detail: map[string]any{"status": [2]WishStatus{from, to}, "on": on, "detail": detail}})
	})
	if err != nil {
		return Wish{}, err
	}
	return s.Wish(ctx, p, id)
}

// claimedAway answers a member whose claim lost the race: the wish of
// their township is no longer theirs to see because someone else took it.
func (s *Service) claimedAway(ctx context.Context, tx *store.Tx, p *access.Principal, id int64) error {
	var st string
	err := tx.QueryRowContext(ctx, `SELECT w.status`+wishFrom+` WHERE w.id = ? AND o.path LIKE ?`, id, townLike(p.OrgPath)).Scan(&st)
	if err == nil && st != string(WishSubmitted) && st != string(WishRejected) {
		return fault.New(fault.Conflict, "%s", i18n.T("wish.already_claimed"))
	}
	if err != nil && !store.IsNoRows(err) {
		return err
	}
	return wishNotFound()
}

// canManage reports whether p keeps the ledger of the wish's organization.
func canManage(p *access.Principal) bool { return p.Can(access.PermOrgWrite) }

// Publish makes a submitted wish visible to the members of its township
// or street until the claim deadline.
func (s *Service) Publish(ctx context.Context, p *access.Principal, id int64, in PublishInput) (Wish, error) {
	if !canManage(p) {
		return Wish{}, fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	var v fault.Fields
	in.ClaimBy = s.checkDate(&v, "claim_by", i18n.T("wish.field.claim_by"), in.ClaimBy, true, true)
	if in.ClaimBy != "" && in.ClaimBy < s.today() {
		v.Add("claim_by", i18n.T("wish.field.claim_by"), i18n.T("wish.not_before_today"))
	}
	return s.step(ctx, p, id, ActPublish, WishSubmitted, WishPublished, func(tx *store.Tx, w Wish, now int64) (string, string, error) {
		if err := v.Err(); err != nil {
			return "", "", err
		}
		today := s.today()
		_, err := tx.ExecContext(ctx, `UPDATE wishes SET published_on = ?, claim_by = ? WHERE id = ?`, today, in.ClaimBy, w.ID)
		return today, i18n.T("wish.publish_detail", in.ClaimBy), err
	})
}

// Reject declines a submitted wish; the resident reads the reason.
func (s *Service) Reject(ctx context.Context, p *access.Principal, id int64, in RejectInput) (Wish, error) {
	if !canManage(p) {
		return Wish{}, fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	var v fault.Fields
	checkText(&v, "reason", i18n.T("wish.field.reason"), &in.Reason, 200, true)
	return s.step(ctx, p, id, ActReject, WishSubmitted, WishRejected, func(tx *store.Tx, w Wish, now int64) (string, string, error) {
		if err := v.Err(); err != nil {
			return "", "", err
		}
		_, err := tx.ExecContext(ctx, `UPDATE wishes SET reject_reason = ? WHERE id = ?`, in.Reason, w.ID)
		return s.today(), in.Reason, err
	})
}

// maxClaimDays bounds how far ahead a claimant may promise fulfilment.
const maxClaimDays = 90

// Claim takes a published wish: a member claims it personally, anyone
// else for an organization in their scope. Of concurrent claims exactly
// one wins; the others are told it is taken.
func (s *Service) Claim(ctx context.Context, p *access.Principal, id int64, in ClaimInput) (Wish, error) {
	if !p.Can(access.PermWishClaim) {
		return Wish{}, fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	var v fault.Fields
	today := s.today()
	in.DueOn = s.checkDate(&v, "due_on", i18n.T("wish.field.due_on"), in.DueOn, true, true)
	if in.DueOn != "" {
		t, _ := time.Parse(day, today)
		if in.DueOn < today {
			v.Add("due_on", i18n.T("wish.field.due_on"), i18n.T("wish.not_before_today"))
		} else if in.DueOn > t.AddDate(0, 0, maxClaimDays).Format(day) {
			v.Add("due_on", i18n.T("wish.field.due_on"), i18n.T("wish.due_too_far", maxClaimDays))
		}
	}
	byOrg := keeper(p)
	return s.step(ctx, p, id, ActClaim, WishPublished, WishClaimed, func(tx *store.Tx, w Wish, now int64) (string, string, error) {
		kind, name := ClaimByMember, p.DisplayName
		var user, org any
		if byOrg {
			if err := checkOrg(ctx, tx, p.ScopeLike(), in.OrgID, &v, "org_id", i18n.T("wish.field.claimant_org")); err != nil {
				return "", "", err
			}
			kind, org = ClaimByOrg, in.OrgID
			if in.OrgID > 0 {
				if err := tx.QueryRowContext(ctx, `SELECT name FROM orgs WHERE id = ?`, in.OrgID).Scan(&name); err != nil && !store.IsNoRows(err) {
					return "", "", err
				}
			}
		} else {
			user = p.UserID
		}
		if err := v.Err(); err != nil {
			return "", "", err
		}
		_, err := tx.ExecContext(ctx, `UPDATE wishes SET claimant_kind = ?, claimant_user_id = ?, claimant_org_id = ?, claimant_name = ?,
			claimed_on = ?, due_on = ? WHERE id = ?`, kind, user, org, name, today, in.DueOn, w.ID)
		return today, i18n.T("wish.claim_detail", name, in.DueOn), err
	})
}

// mayFulfil reports whether p may record the fulfilment of a claimed wish:
// the member who claimed it, someone whose scope holds the claiming
// organization, or whoever keeps the wish's ledger.
func mayFulfil(ctx context.Context, tx *store.Tx, p *access.Principal, w Wish) (bool, error) {
	if w.ClaimantUser != 0 && w.ClaimantUser == p.UserID {
		return true, nil
	}
	if !keeper(p) {
		return false, nil
	}
	if canManage(p) {
		return true, nil // the wish is in p's scope: getWish found it
	}
	if w.ClaimantOrg != 0 && p.Can(access.PermWishClaim) {
		var path string
		if err := tx.QueryRowContext(ctx, `SELECT path FROM orgs WHERE id = ?`, w.ClaimantOrg).Scan(&path); err != nil {
			return false, err
		}
		return p.InScope(path), nil
	}
	return false, nil
}

// Fulfil records that the claimant fulfilled the wish, with a note and a
// photo already stored (photo is the PhotoStore name).
func (s *Service) Fulfil(ctx context.Context, p *access.Principal, id int64, in FulfilInput, photo string) (Wish, error) {
	var v fault.Fields
	checkText(&v, "note", i18n.T("wish.field.fulfil_note"), &in.Note, 500, true)
	in.FulfilledOn = s.checkDate(&v, "fulfilled_on", i18n.T("wish.field.fulfilled_on"), in.FulfilledOn, true, false)
	if photo == "" {
		v.Add("photo", i18n.T("wish.field.photo"), i18n.T("wish.photo_required"))
	} else if !validName(photo) {
		v.Add("photo", i18n.T("wish.field.photo"), i18n.T("wish.photo_format"))
	}
	return s.step(ctx, p, id, ActFulfil, WishClaimed, WishFulfilled, func(tx *store.Tx, w Wish, now int64) (string, string, error) {
		ok, err := mayFulfil(ctx, tx, p, w)
		if err != nil {
			return "", "", err
		}
		if !ok {
			return "", "", fault.New(fault.Forbidden, "%s", i18n.T("wish.not_claimant"))
		}
		if in.FulfilledOn != "" && in.FulfilledOn < w.ClaimedOn {
			v.Add("fulfilled_on", i18n.T("wish.field.fulfilled_on"), i18n.T("service.date_after", i18n.T("wish.field.claimed_on")))
		}
		if err := v.Err(); err != nil {
			return "", "", err
		}
		_, err = tx.ExecContext(ctx, `UPDATE wishes SET fulfilled_on = ?, fulfil_note = ?, photo = ? WHERE id = ?`, in.FulfilledOn, in.Note, photo, w.ID)
		return in.FulfilledOn, in.Note, err
	})
}

// PublicWish is what a resident sees of their wish by its tracking code:
// no phone, and a member claimant's name masked.
type PublicWish struct {
	Code         string       `json:"tracking_code"`
	Content      string       `json:"content"`
	Category     string       `json:"category"`
	OrgName      string       `json:"org_name"`
	Status       WishStatus   `json:"status"`
	StatusLabel  string       `json:"status_label"`
	SubmittedOn  string       `json:"submitted_on"`
	PublishedOn  string       `json:"published_on,omitempty"`
	ClaimantName string       `json:"claimant_name,omitempty"`
	ClaimedOn    string       `json:"claimed_on,omitempty"`
	DueOn        string       `json:"due_on,omitempty"`
	FulfilledOn  string       `json:"fulfilled_on,omitempty"`
	FulfilNote   string       `json:"fulfil_note,omitempty"`
	HasPhoto     bool         `json:"has_photo"`
	ConfirmedOn  string       `json:"confirmed_on,omitempty"`
	Feedback     string       `json:"feedback,omitempty"`
	RejectReason string       `json:"reject_reason,omitempty"`
	Steps        []PublicStep `json:"steps"`

	id    int64
	photo string
}

// PublicStep is one step of the wish's history as the resident sees it.
type PublicStep struct {
	Label  string `json:"label"`
	OnDate string `json:"on_date"`
}

// DisplayCode is the code as residents read it.
func (w PublicWish) DisplayCode() string { return FormatCode(w.Code) }

// ByCode returns the wish with a tracking code (already normalized).
func (s *Service) ByCode(ctx context.Context, code string) (PublicWish, error) {
	var w Wish
	var err error
	w, err = scanWish(s.DB.QueryRowContext(ctx, `SELECT `+wishCols+wishFrom+` WHERE w.code = ?`, code))
	if store.IsNoRows(err) {
		return PublicWish{}, fault.New(fault.NotFound, "%s", i18n.T("wish.code_unknown"))
	}
	if err != nil {
		return PublicWish{}, err
	}
	name := w.ClaimantName
	if w.ClaimantKind == ClaimByMember {
		name = i18n.T("wish.member_claimant", personal.MaskName(name))
	}
	pw := PublicWish{Code: w.Code, Content: w.Content, Category: w.Category, OrgName: w.OrgName, Status: w.Status, StatusLabel: w.StatusLabel,
		SubmittedOn: w.SubmittedOn, PublishedOn: w.PublishedOn, ClaimantName: name, ClaimedOn: w.ClaimedOn, DueOn: w.DueOn,
		FulfilledOn: w.FulfilledOn, FulfilNote: w.FulfilNote, HasPhoto: w.HasPhoto, ConfirmedOn: w.ConfirmedOn, Feedback: w.Feedback,
		RejectReason: w.RejectReason, id: w.ID, photo: w.photo, Steps: []PublicStep{}}
	evs, err := wishEvents(ctx, s.DB, w.ID)
	if err != nil {
		return pw, err
	}
	for _, e := range evs {
		pw.Steps = append(pw.Steps, PublicStep{Label: e.Label, OnDate: e.OnDate})
	}
	return pw, nil
}

// PhotoName is the stored photo of the wish, if any.
func (w PublicWish) PhotoName() string { return w.photo }

// Confirm is the resident's confirmation of a fulfilled wish, by tracking
// code.
func (s *Service) Confirm(ctx context.Context, code string, in ConfirmInput) (PublicWish, error) {
	var v fault.Fields
	checkText(&v, "feedback", i18n.T("wish.field.feedback"), &in.Feedback, 200, false)
	if err := v.Err(); err != nil {
		return PublicWish{}, err
	}
	w, err := s.ByCode(ctx, code)
	if err != nil {
		return w, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := store.Millis(s.Now())
		today := s.today()
		res, err := tx.ExecContext(ctx, `UPDATE wishes SET status = 'confirmed', confirmed_on = ?, feedback = ?, updated_at = ?
			WHERE id = ? AND status = 'fulfilled'`, today, in.Feedback, now, w.id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return fault.New(fault.Conflict, "%s", i18n.T("wish.confirm_not_ready"))
		}
		actor := audit.ActorFrom(ctx)
		if err := addWishEvent(ctx, tx, w.id, ActConfirm, WishFulfilled, WishConfirmed, today, in.Feedback, actor.ID, actor.Name, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "wish.confirm", ObjectType: "wish", ObjectID: w.id,
			Detail: map[string]any{"status": [2]WishStatus{WishFulfilled, WishConfirmed}, "feedback": in.Feedback}})
	})
	if err != nil {
		return PublicWish{}, err
	}
	return s.ByCode(ctx, code)
}

// PhotoOf returns the stored photo name of a wish visible to p.
func (s *Service) PhotoOf(ctx context.Context, p *access.Principal, id int64) (string, error) {
	w, err := getWish(ctx, s.DB, p, id)
	if store.IsNoRows(err) {
		return "", wishNotFound()
	}
	if err != nil {
		return "", err
	}
	if w.photo == "" {
		return "", fault.New(fault.NotFound, "%s", i18n.T("wish.photo_missing"))
	}
	return w.photo, nil
}
