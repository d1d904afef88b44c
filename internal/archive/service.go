package archive

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/personal"
	"troika/internal/store"
)

// Service applies the rules of the archive ledger.
type Service struct {
	DB   *store.DB
	Keys *personal.Keyring
	Now  func() time.Time
}

// services finds the service of a database for the Excel import, whose
// sessions are started with the database alone but need its keyring.
var services sync.Map // *store.DB -> *Service

// NewService returns a service on db sealing ID numbers with keys.
func NewService(db *store.DB, keys *personal.Keyring) *Service {
	s := &Service{DB: db, Keys: keys, Now: func() time.Time { return time.Now().UTC() }}
	services.Store(db, s)
	return s
}

const day = "2006-01-02"

// today is the calendar date where the users are.
func (s *Service) today() string { return s.Now().In(access.Shanghai).Format(day) }

func notFound() error { return fault.New(fault.NotFound, "%s", i18n.T("archive.not_found")) }

// Get returns an archive in the principal's scope.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (Archive, error) {
	a, err := get(ctx, s.DB, p.ScopeLike(), id)
	if store.IsNoRows(err) {
		return a, notFound()
	}
	return a, err
}

// History returns an archive's steps and loans.
func (s *Service) History(ctx context.Context, p *access.Principal, id int64) ([]Event, []Loan, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, nil, err
	}
	ev, err := events(ctx, s.DB, id)
	if err != nil {
		return nil, nil, err
	}
	ls, err := loans(ctx, s.DB, id)
	return ev, ls, err
}

// List returns one page of archives in scope.
func (s *Service) List(ctx context.Context, p *access.Principal, f Filter) ([]Archive, int, error) {
	return list(ctx, s.DB, p.ScopeLike(), f)
}

// Overdue returns one page of lent archives past their due date, the
// longest overdue first.
func (s *Service) Overdue(ctx context.Context, p *access.Principal, f Filter) ([]Archive, int, error) {
	f.Overdue = s.today()
	items, total, err := list(ctx, s.DB, p.ScopeLike(), f)
	now, _ := time.Parse(day, f.Overdue)
	for i := range items {
		if l := items[i].Loan; l != nil {
			if due, perr := time.Parse(day, l.DueOn); perr == nil {
				l.DaysOverdue = int(now.Sub(due).Hours() / 24)
			}
		}
	}
	return items, total, err
}

// Tally counts archives held, lent and overdue in scope.
func (s *Service) Tally(ctx context.Context, p *access.Principal) (counts, error) {
	return tally(ctx, s.DB, p.ScopeLike(), s.today())
}

// Reveal returns the full ID number of an archive for a role that may see
// it, recording that it was seen.
func (s *Service) Reveal(ctx context.Context, p *access.Principal, id int64) (string, error) {
	if !p.Can(access.PermPersonalClear) {
		return "", fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	if _, err := s.Get(ctx, p, id); err != nil {
		return "", err
	}
	var enc string
	if err := s.DB.QueryRowContext(ctx, `SELECT id_enc FROM archives WHERE id = ?`, id).Scan(&enc); err != nil {
		return "", err
	}
	n, err := s.Keys.Open(enc)
	if err != nil {
		return "", err
	}
	return n, audit.Log(ctx, s.DB, audit.Event{Action: "personal.reveal", ObjectType: "archive", ObjectID: id,
		Detail: map[string]string{"field": "id_number"}})
}

// checkDate reads a date field: well-formed and not after today.
func (s *Service) checkDate(v *fault.Fields, field, label, val string, required bool) string {
	val = strings.TrimSpace(val)
	if val == "" {
		if required {
			v.Add(field, label, i18n.T("field.required"))
		}
		return ""
	}
	if _, err := time.Parse(day, val); err != nil {
		v.Add(field, label, i18n.T("field.date_format"))
		return ""
	}
	if val > s.today() {
		v.Add(field, label, i18n.T("field.date_future"))
		return ""
	}
	return val
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

// validate checks what can be checked without the database.
func (s *Service) validate(in *Input) fault.Fields {
	var v fault.Fields
	if in.MemberID <= 0 {
		checkText(&v, "name", i18n.T("archive.field.name"), &in.Name, 40, true)
		in.IDNumber = strings.ToUpper(strings.TrimSpace(in.IDNumber))
		if in.IDNumber == "" {
			v.Add("id_number", i18n.T("archive.field.id_number"), i18n.T("field.required"))
		} else if _, err := idcard.Parse(in.IDNumber, s.Now()); err != nil {
			v.Add("id_number", i18n.T("archive.field.id_number"), err.Error())
		}
	}
	in.ReceivedOn = s.checkDate(&v, "received_on", i18n.T("archive.field.received_on"), in.ReceivedOn, true)
	checkText(&v, "received_from", i18n.T("archive.field.received_from"), &in.ReceivedFrom, 80, true)
	checkText(&v, "receiver", i18n.T("archive.field.receiver"), &in.Receiver, 20, false)
	checkText(&v, "note", i18n.T("archive.field.note"), &in.Note, 500, false)
	var ms []Material
	for i, m := range in.Materials {
		m.Name = strings.TrimSpace(m.Name)
		if m.Name == "" && m.Copies == 0 {
			continue
		}
		label := i18n.T("archive.field.material_n", i+1)
		switch {
		case m.Name == "":
			v.Add("materials", label, i18n.T("archive.material_name_required"))
		case utf8.RuneCountInString(m.Name) > 60:
			v.Add("materials", label, i18n.T("field.max_len", 60))
		case m.Copies < 1 || m.Copies > 999:
			v.Add("materials", label, i18n.T("archive.copies_range"))
		}
		ms = append(ms, m)
	}
	if len(ms) == 0 && !v.Has("materials") {
		v.Add("materials", i18n.T("archive.field.materials"), i18n.T("archive.materials_required"))
	}
	if len(ms) > 50 {
		v.Add("materials", i18n.T("archive.field.materials"), i18n.T("archive.materials_too_many", 50))
	}
	in.Materials = ms
	if in.OrgID <= 0 && in.MemberID <= 0 {
		v.Add("org_id", i18n.T("archive.field.org"), i18n.T("field.choose"))
	}
	return v
}

// resolve turns a checked input into the stored row inside tx: the person
// from the roster (by member id, or by ID number when it is on the roll)
// or from the input, the organization in scope.
func (s *Service) resolve(ctx context.Context, tx *store.Tx, p *access.Principal, in Input, v *fault.Fields) (row, error) {
	r := row{OrgID: in.OrgID, ReceivedOn: in.ReceivedOn, ReceivedFrom: in.ReceivedFrom, Receiver: in.Receiver, Note: in.Note}
	memberQ := `SELECT m.id, m.org_id, m.name, m.gender, m.birth_date, m.id_enc, m.id_hash, m.id_mask
		FROM members m WHERE m.org_path LIKE ? AND `
	if in.MemberID > 0 {
		err := tx.QueryRowContext(ctx, memberQ+`m.id = ?`, p.ScopeLike(), in.MemberID).
			Scan(&r.MemberID, &r.OrgID, &r.Name, &r.Gender, &r.BirthDate, &r.IDEnc, &r.IDHash, &r.IDMask)
		if store.IsNoRows(err) {
			v.Add("member_id", i18n.T("archive.field.member"), i18n.T("field.not_found"))
			return r, nil
		}
		if err != nil {
			return r, err
		}
		if in.OrgID > 0 {
			r.OrgID = in.OrgID
		}
	} else {
		id, err := idcard.Parse(in.IDNumber, s.Now())
		if err != nil {
			return r, nil // reported by validate
		}
		r.Name, r.Gender, r.BirthDate = in.Name, string(id.Gender), id.Birth.Format(day)
		r.IDEnc, r.IDHash, r.IDMask = s.Keys.Seal(id.Number), s.Keys.Hash("id", id.Number), personal.MaskID(id.Number)
		var mid, morg int64
		var mname, menc, mhash, mmask, mg, mb string
		err = tx.QueryRowContext(ctx, memberQ+`m.id_hash = ?`, p.ScopeLike(), r.IDHash).Scan(&mid, &morg, &mname, &mg, &mb, &menc, &mhash, &mmask)
		switch {
		case err == nil:
			r.MemberID = mid
			if r.OrgID <= 0 {
				r.OrgID = morg
			}
		case !store.IsNoRows(err):
			return r, err
		}
	}
	var dissolved bool
	err := tx.QueryRowContext(ctx, `SELECT dissolved FROM orgs WHERE id = ? AND path LIKE ?`, r.OrgID, p.ScopeLike()).Scan(&dissolved)
	switch {
	case store.IsNoRows(err):
		v.Add("org_id", i18n.T("archive.field.org"), i18n.T("field.not_found"))
	case err != nil:
		return r, err
	case dissolved:
		v.Add("org_id", i18n.T("archive.field.org"), i18n.T("archive.org_dissolved"))
	}
	return r, nil
}

// checkHeld refuses a second archive of a person the centre already holds.
func checkHeld(ctx context.Context, tx *store.Tx, hash string, self int64, v *fault.Fields) error {
	if hash == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM archives WHERE id_hash = ? AND status <> 'transferred' AND id <> ?`, hash, self).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		v.Add("id_number", i18n.T("archive.field.id_number"), i18n.T("archive.already_held"))
	}
	return nil
}

func heldTaken() error {
	var v fault.Fields
	v.Add("id_number", i18n.T("archive.field.id_number"), i18n.T("archive.already_held"))
	return v.Err()
}

// Create registers an archive received by the centre.
func (s *Service) Create(ctx context.Context, p *access.Principal, in Input) (Archive, error) {
	v := s.validate(&in)
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := s.resolve(ctx, tx, p, in, &v)
		if err != nil {
			return err
		}
		if err := checkHeld(ctx, tx, r.IDHash, 0, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		id, err = s.insertRow(ctx, tx, r, in.Materials)
		return err
	})
	if err != nil {
		return Archive{}, err
	}
	return s.Get(ctx, p, id)
}

// insertRow writes a received archive with its materials, first history
// step and audit entry.
func (s *Service) insertRow(ctx context.Context, tx *store.Tx, r row, ms []Material) (int64, error) {
	now := store.Millis(s.Now())
	id, err := insert(ctx, tx, r, now)
	if store.IsUniqueViolation(err) {
		return 0, heldTaken()
	}
	if err != nil {
		return 0, err
	}
	if err := replaceMaterials(ctx, tx, id, ms); err != nil {
		return 0, err
	}
	actor := audit.ActorFrom(ctx)
	if err := addEvent(ctx, tx, id, ActReceive, "", StatusReceived, r.ReceivedOn, r.ReceivedFrom, actor.ID, actor.Name, now); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, audit.Event{Action: "archive.create", ObjectType: "archive", ObjectID: id,
		Detail: map[string]any{"org_id": r.OrgID, "member_id": r.MemberID, "name": r.Name, "id_number": r.IDMask,
			"received_on": r.ReceivedOn, "received_from": r.ReceivedFrom, "materials": ms}})
}

// Update edits what was registered at receipt; a transferred archive is
// closed.
func (s *Service) Update(ctx context.Context, p *access.Principal, id int64, in Input) (Archive, error) {
	v := s.validate(&in)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := get(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if !before.Status.Can(ActEdit) {
			return badStep(before.Status, ActEdit)
		}
		r, err := s.resolve(ctx, tx, p, in, &v)
		if err != nil {
			return err
		}
		if err := checkHeld(ctx, tx, r.IDHash, id, &v); err != nil {
			return err
		}
		if before.FiledOn != "" && r.ReceivedOn > before.FiledOn {
			v.Add("received_on", i18n.T("archive.field.received_on"), i18n.T("archive.date_after", i18n.T("archive.field.filed_on"), before.FiledOn))
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		if err := update(ctx, tx, id, r, now); err != nil {
			if store.IsUniqueViolation(err) {
				return heldTaken()
			}
			return err
		}
		if err := replaceMaterials(ctx, tx, id, in.Materials); err != nil {
			return err
		}
		after, err := get(ctx, tx, p.ScopeLike(), id)
		if err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		delete(changes, "org_name")
		actor := audit.ActorFrom(ctx)
		if err := addEvent(ctx, tx, id, ActEdit, before.Status, before.Status, s.today(), "", actor.ID, actor.Name, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "archive.update", ObjectType: "archive", ObjectID: id, Detail: changes})
	})
	if err != nil {
		return Archive{}, err
	}
	return s.Get(ctx, p, id)
}

func badStep(st Status, a Action) error {
	if st == StatusLent && a == ActTransfer {
		return fault.New(fault.Conflict, "%s", i18n.T("archive.transfer_while_lent"))
	}
	return fault.New(fault.Conflict, "%s", i18n.T("archive.bad_step", st.Label(), a.Label()))
}

// step runs one workflow step on an archive in scope: it checks the step
// may start from the archive's status, lets apply validate and write it,
// and records the history entry and the audit entry in the same
// transaction.
func (s *Service) step(ctx context.Context, p *access.Principal, id int64, act Action,
	apply func(tx *store.Tx, a Archive, now int64) (on, detail string, err error)) (Archive, error) {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		a, err := get(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if !a.Status.Can(act) {
			return badStep(a.Status, act)
		}
		now := store.Millis(s.Now())
		on, detail, err := apply(tx, a, now)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE archives SET status = ?, updated_at = ? WHERE id = ?`, string(to[act]), now, id); err != nil {
			return err
		}
		actor := audit.ActorFrom(ctx)
		if err := addEvent(ctx, tx, id, act, a.Status, to[act], on, detail, actor.ID, actor.Name, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "archive." + string(act), ObjectType: "archive", ObjectID: id,
			Detail: map[string]any{"status": [2]Status{a.Status, to[act]}, "on": on, "detail": detail}})
	})
	if err != nil {
		return Archive{}, err
	}
	return s.Get(ctx, p, id)
}

// latest is the last date on which the archive moved: a new step may not
// be dated before it.
func latest(ctx context.Context, tx *store.Tx, a Archive) (string, string, error) {
	d, label := a.ReceivedOn, i18n.T("archive.field.received_on")
	if a.FiledOn > d {
		d, label = a.FiledOn, i18n.T("archive.field.filed_on")
	}
	var ret string
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(returned_on), '') FROM archive_loans WHERE archive_id = ?`, a.ID).Scan(&ret); err != nil {
		return "", "", err
	}
	if ret > d {
		d, label = ret, i18n.T("archive.field.returned_on")
	}
	return d, label, nil
}

// shelfTaken reports whether another held archive sits at shelf.
func shelfTaken(ctx context.Context, tx *store.Tx, shelf string, self int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM archives WHERE shelf_no = ? AND status <> 'transferred' AND id <> ?`, shelf, self).Scan(&n)
	return n > 0, err
}

// File puts a received archive on a shelf.
func (s *Service) File(ctx context.Context, p *access.Principal, id int64, in FileInput) (Archive, error) {
	var v fault.Fields
	checkText(&v, "shelf_no", i18n.T("archive.field.shelf_no"), &in.ShelfNo, 30, true)
	in.FiledOn = s.checkDate(&v, "filed_on", i18n.T("archive.field.filed_on"), in.FiledOn, true)
	return s.step(ctx, p, id, ActFile, func(tx *store.Tx, a Archive, now int64) (string, string, error) {
		if in.FiledOn != "" && in.FiledOn < a.ReceivedOn {
			v.Add("filed_on", i18n.T("archive.field.filed_on"), i18n.T("archive.date_after", i18n.T("archive.field.received_on"), a.ReceivedOn))
		}
		if in.ShelfNo != "" {
			taken, err := shelfTaken(ctx, tx, in.ShelfNo, a.ID)
			if err != nil {
				return "", "", err
			}
			if taken {
				v.Add("shelf_no", i18n.T("archive.field.shelf_no"), i18n.T("archive.shelf_taken"))
			}
		}
		if err := v.Err(); err != nil {
			return "", "", err
		}
		_, err := tx.ExecContext(ctx, `UPDATE archives SET shelf_no = ?, filed_on = ? WHERE id = ?`, in.ShelfNo, in.FiledOn, a.ID)
		return in.FiledOn, i18n.T("archive.field.shelf_no") + " " + in.ShelfNo, err
	})
}

// Lend lends a filed archive until a due date.
func (s *Service) Lend(ctx context.Context, p *access.Principal, id int64, in LendInput) (Archive, error) {
	var v fault.Fields
	checkText(&v, "borrower", i18n.T("archive.field.borrower"), &in.Borrower, 40, true)
	checkText(&v, "borrower_unit", i18n.T("archive.field.borrower_unit"), &in.BorrowerUnit, 80, false)
	checkText(&v, "purpose", i18n.T("archive.field.purpose"), &in.Purpose, 200, true)
	in.LentOn = s.checkDate(&v, "lent_on", i18n.T("archive.field.lent_on"), in.LentOn, true)
	in.DueOn = strings.TrimSpace(in.DueOn)
	if in.DueOn == "" {
		v.Add("due_on", i18n.T("archive.field.due_on"), i18n.T("field.required"))
	} else if _, err := time.Parse(day, in.DueOn); err != nil {
		v.Add("due_on", i18n.T("archive.field.due_on"), i18n.T("field.date_format"))
		in.DueOn = ""
	} else if in.LentOn != "" && in.DueOn <= in.LentOn {
		v.Add("due_on", i18n.T("archive.field.due_on"), i18n.T("archive.due_after_lent"))
	}
	return s.step(ctx, p, id, ActLend, func(tx *store.Tx, a Archive, now int64) (string, string, error) {
		last, label, err := latest(ctx, tx, a)
		if err != nil {
			return "", "", err
		}
		if in.LentOn != "" && in.LentOn < last {
			v.Add("lent_on", i18n.T("archive.field.lent_on"), i18n.T("archive.date_after", label, last))
		}
		if err := v.Err(); err != nil {
			return "", "", err
		}
		actor := audit.ActorFrom(ctx)
		if _, err := tx.ExecContext(ctx, `INSERT INTO archive_loans (archive_id, borrower, borrower_unit, purpose, lent_on, due_on, lent_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, in.Borrower, in.BorrowerUnit, in.Purpose, in.LentOn, in.DueOn, actor.Name, now); err != nil {
			return "", "", err
		}
		who := in.Borrower
		if in.BorrowerUnit != "" {
			who = in.BorrowerUnit + " " + in.Borrower
		}
		return in.LentOn, i18n.T("archive.lend_detail", who, in.Purpose, in.DueOn), nil
	})
}

// Return records that a lent archive came back.
func (s *Service) Return(ctx context.Context, p *access.Principal, id int64, in ReturnInput) (Archive, error) {
	var v fault.Fields
	in.ReturnedOn = s.checkDate(&v, "returned_on", i18n.T("archive.field.returned_on"), in.ReturnedOn, true)
	return s.step(ctx, p, id, ActReturn, func(tx *store.Tx, a Archive, now int64) (string, string, error) {
		if a.Loan == nil {
			return "", "", badStep(a.Status, ActReturn)
		}
		if in.ReturnedOn != "" && in.ReturnedOn < a.Loan.LentOn {
			v.Add("returned_on", i18n.T("archive.field.returned_on"), i18n.T("archive.date_after", i18n.T("archive.field.lent_on"), a.Loan.LentOn))
		}
		if err := v.Err(); err != nil {
			return "", "", err
		}
		actor := audit.ActorFrom(ctx)
		if _, err := tx.ExecContext(ctx, `UPDATE archive_loans SET returned_on = ?, returned_by = ? WHERE id = ?`, in.ReturnedOn, actor.Name, a.Loan.ID); err != nil {
			return "", "", err
		}
		detail := a.Loan.Borrower
		if in.ReturnedOn > a.Loan.DueOn {
			detail += " " + i18n.T("archive.returned_late", a.Loan.DueOn)
		}
		return in.ReturnedOn, detail, nil
	})
}

// Transfer sends an archive out of the centre against a receipt; the
// archive is closed afterwards and the person may be received again.
func (s *Service) Transfer(ctx context.Context, p *access.Principal, id int64, in TransferInput) (Archive, error) {
	var v fault.Fields
	checkText(&v, "transferred_to", i18n.T("archive.field.transferred_to"), &in.TransferredTo, 80, true)
	checkText(&v, "receipt_no", i18n.T("archive.field.receipt_no"), &in.ReceiptNo, 40, true)
	in.TransferredOn = s.checkDate(&v, "transferred_on", i18n.T("archive.field.transferred_on"), in.TransferredOn, true)
	return s.step(ctx, p, id, ActTransfer, func(tx *store.Tx, a Archive, now int64) (string, string, error) {
		last, label, err := latest(ctx, tx, a)
		if err != nil {
			return "", "", err
		}
		if in.TransferredOn != "" && in.TransferredOn < last {
			v.Add("transferred_on", i18n.T("archive.field.transferred_on"), i18n.T("archive.date_after", label, last))
		}
		if err := v.Err(); err != nil {
			return "", "", err
		}
		_, err = tx.ExecContext(ctx, `UPDATE archives SET transferred_on = ?, transferred_to = ?, receipt_no = ? WHERE id = ?`,
			in.TransferredOn, in.TransferredTo, in.ReceiptNo, a.ID)
		return in.TransferredOn, i18n.T("archive.transfer_detail", in.TransferredTo, in.ReceiptNo), err
	})
}
