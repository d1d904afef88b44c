package member

import (
	"context"
	"strings"
	"sync"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/personal"
	"troika/internal/store"
)

// Service applies the roster's rules.
type Service struct {
	DB   *store.DB
	Keys *personal.Keyring
	Now  func() time.Time
}

// services finds the service of a database, for the import registered
// once per process (each test app has its own database).
var services sync.Map // *store.DB -> *Service

// NewService returns a service on db sealing personal data with keys.
func NewService(db *store.DB, keys *personal.Keyring) *Service {
	s := &Service{DB: db, Keys: keys, Now: func() time.Time { return time.Now().UTC() }}
	services.Store(db, s)
	return s
}

func notFound() error { return fault.New(fault.NotFound, "%s", i18n.T("member.not_found")) }

// today is the date where the users are.
func (s *Service) today() string { return s.Now().In(access.Shanghai).Format(day) }

func (s *Service) checker() checker {
	return checker{keys: s.Keys, now: s.Now(), today: s.today()}
}

// holder is an organization that may hold members.
type holder struct {
	ID   int64
	Path string
	Name string
}

// holdsMembers says which kinds of organization keep a roster: branches
// and general branches (党总支 may hold members directly).
var holdsMembers = map[string]bool{"branch": true, "temp": true, "general": true}

func orgField(v *fault.Fields, msg string) error {
	v.Add("org_id", label("org_id"), msg)
	return v.Err()
}

// holderIn returns the organization id if it lies in scope, is live and
// holds members; otherwise a field error.
func holderIn(ctx context.Context, q store.Querier, scopePath string, id int64) (holder, error) {
	var h holder
	var kind string
	var dissolved bool
	var v fault.Fields
	err := q.QueryRowContext(ctx, `SELECT id, path, name, kind, dissolved FROM orgs WHERE id = ? AND path LIKE ?`,
		id, access.ScopeLike(scopePath)).Scan(&h.ID, &h.Path, &h.Name, &kind, &dissolved)
	switch {
	case store.IsNoRows(err):
		return h, orgField(&v, i18n.T("field.not_found"))
	case err != nil:
		return h, err
	case dissolved:
		return h, orgField(&v, i18n.T("member.org_dissolved"))
	case !holdsMembers[kind]:
		return h, orgField(&v, i18n.T("member.org_kind"))
	}
	return h, nil
}

// Get returns a member in the principal's scope, masked.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (Member, error) {
	m, err := get(ctx, s.DB, p.OrgPath, id)
	if store.IsNoRows(err) {
		return m, notFound()
	}
	return m, err
}

// Unmask returns a member with the ID number and phone in clear, for a
// principal holding the right; every such view is audited.
func (s *Service) Unmask(ctx context.Context, p *access.Principal, id int64) (Member, error) {
	if !p.Can(access.PermPersonalClear) {
		return Member{}, fault.New(fault.Forbidden, "%s", i18n.T("http.forbidden"))
	}
	m, err := s.Get(ctx, p, id)
	if err != nil {
		return m, err
	}
	if err := s.open(&m); err != nil {
		return m, err
	}
	fields := []string{"id_number"}
	if m.Phone != "" {
		fields = append(fields, "phone")
	}
	if err := audit.Log(ctx, s.DB, audit.Event{Action: "personal.view", ObjectType: "member", ObjectID: m.ID,
		Detail: map[string]any{"member_id": m.ID, "fields": fields}}); err != nil {
		return Member{}, err
	}
	return m, nil
}

// open replaces the masks with the clear values.
func (s *Service) open(m *Member) error {
	idn, err := s.Keys.Open(m.idEnc)
	if err != nil {
		return err
	}
	ph, err := s.Keys.Open(m.phoneEnc)
	if err != nil {
		return err
	}
	m.IDNumber, m.Phone, m.Unmasked = idn, ph, true
	return nil
}

// prepare reads a list filter's search text: a whole ID number or phone is
// looked up by its keyed hash, anything else is a part of a name.
func (s *Service) prepare(f *Filter) {
	f.Q = strings.TrimSpace(f.Q)
	f.today = s.today()
	if f.Q == "" {
		return
	}
	if len(f.Q) == 15 || len(f.Q) == 18 {
		if id, err := idcard.Parse(f.Q, s.Now()); err == nil {
			f.idHash = IDHash(s.Keys, id.Number)
			return
		}
	}
	if ph, ok := personal.NormalizePhone(f.Q); ok {
		f.phoneHash = PhoneHash(s.Keys, ph)
	}
}

// List returns one page of the roster in scope, in pinyin order.
func (s *Service) List(ctx context.Context, p *access.Principal, f Filter) ([]Member, int, error) {
	s.prepare(&f)
	return list(ctx, s.DB, p.OrgPath, f)
}

// Events returns a member's history (the member must be in scope).
func (s *Service) Events(ctx context.Context, p *access.Principal, id int64) ([]Event, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	return events(ctx, s.DB, id)
}

func (s *Service) event(ctx context.Context, memberID int64, kind, on string, orgID int64, other, detail string) eventRow {
	a := audit.ActorFrom(ctx)
	return eventRow{MemberID: memberID, Kind: kind, On: on, OrgID: orgID, OtherOrg: other, Detail: detail,
		ActorID: a.ID, Actor: a.Name, At: store.Millis(s.Now())}
}

func duplicateID() error {
	var v fault.Fields
	v.Add("id_number", label("id_number"), i18n.T("member.id_taken"))
	return v.Err()
}

// Create adds a member to an organization in scope: a new entry, or with
// ArrivedFrom set, a member arriving from outside the system.
func (s *Service) Create(ctx context.Context, p *access.Principal, in Input) (Member, error) {
	c := s.checker()
	pd, err := c.check(&in, "")
	c.seal(&pd)
	var v fault.Fields
	arrivedOn := ""
	in.ArrivedFrom = strings.TrimSpace(in.ArrivedFrom)
	if in.ArrivedFrom != "" {
		if utf8len(in.ArrivedFrom) > 80 {
			v.Add("arrived_from", label("arrived_from"), i18n.T("field.max_len", 80))
		}
		arrivedOn = c.date(&v, "arrived_on", in.ArrivedOn, true)
	}
	if err != nil || v.Err() != nil {
		return Member{}, mergeFields(err, v)
	}
	var m Member
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		h, err := holderIn(ctx, tx, p.OrgPath, in.OrgID)
		if err != nil {
			return err
		}
		r := pd.rec
		r.OrgID, r.OrgPath, r.Status, r.At = h.ID, h.Path, Active, store.Millis(s.Now())
		r.EnteredOn = r.JoinedOn
		if arrivedOn != "" {
			r.EnteredOn = arrivedOn
		}
		id, err := insert(ctx, tx, &r)
		if store.IsUniqueViolation(err) {
			return duplicateID()
		}
		if err != nil {
			return err
		}
		ev := s.event(ctx, id, EvCreated, s.today(), h.ID, "", "")
		if arrivedOn != "" {
			ev = s.event(ctx, id, EvArrived, arrivedOn, h.ID, in.ArrivedFrom, "")
			if err := insertTransfer(ctx, tx, transferRow{MemberID: id, Direction: DirIn, ToOrgID: h.ID, External: in.ArrivedFrom,
				Status: TransferDone, StartedOn: arrivedOn, DecidedOn: arrivedOn, CreatedBy: p.UserID, At: r.At}); err != nil {
				return err
			}
		}
		if err := insertEvent(ctx, tx, ev); err != nil {
			return err
		}
		if m, err = get(ctx, tx, p.OrgPath, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "member.create", ObjectType: "member", ObjectID: id, Detail: m})
	})
	return m, err
}

func utf8len(s string) int { return len([]rune(s)) }

// mergeFields joins the field errors of two validations.
func mergeFields(err error, v fault.Fields) error {
	e, ok := fault.As(err)
	if !ok {
		if err != nil {
			return err
		}
		return v.Err()
	}
	e.Fields = append(e.Fields, v.List()...)
	return e
}

// Update edits a member's fields; moving between organizations goes
// through a transfer, so the organization does not change here.
func (s *Service) Update(ctx context.Context, p *access.Principal, id int64, in Input) (Member, error) {
	var after Member
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := get(ctx, tx, p.OrgPath, id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if !before.Status.OnRoll() {
			return fault.New(fault.Conflict, "%s", i18n.T("member.not_on_roll"))
		}
		stored, err := s.Keys.Open(before.idEnc)
		if err != nil {
			return err
		}
		c := s.checker()
		pd, err := c.check(&in, stored)
		if err != nil {
			return err
		}
		c.seal(&pd)
		r := pd.rec
		now := store.Millis(s.Now())
		sets := `name = ?, name_key = ?, gender = ?, ethnicity = ?, birth_date = ?, education = ?, occupation = ?, joined_on = ?,
			full_on = ?, category = ?, has_post = ?, post = ?, mobile = ?, mobile_to = ?, community = ?, note = ?, updated_at = ?`
		args := []any{r.Name, r.NameKey, r.Gender, r.Ethnicity, r.Birth, r.Education, r.Occupation, r.JoinedOn,
			r.FullOn, string(r.Category), r.HasPost, r.Post, r.Mobile, r.MobileTo, r.Community, r.Note, now}
		if pd.idNumber != "" {
			sets += `, id_enc = ?, id_hash = ?, id_mask = ?`
			args = append(args, r.IDEnc, r.IDHash, r.IDMask)
		}
		if pd.phone != "" {
			sets += `, phone_enc = ?, phone_hash = ?, phone_mask = ?`
			args = append(args, r.PhoneEnc, r.PhoneHash, r.Phone)
		}
		if before.EnteredOn == before.JoinedOn {
			sets += `, entered_on = ?`
			args = append(args, r.JoinedOn)
		}
		_, err = tx.ExecContext(ctx, `UPDATE members SET `+sets+` WHERE id = ?`, append(args, id)...)
		if store.IsUniqueViolation(err) {
			return duplicateID()
		}
		if err != nil {
			return err
		}
		if err := renameGrams(ctx, tx, id, before.Name, r.Name); err != nil {
			return err
		}
		if after, err = get(ctx, tx, p.OrgPath, id); err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		if len(changes) == 0 {
			return nil
		}
		var names []string
		for _, k := range changedFields {
			if _, ok := changes[k]; ok {
				names = append(names, label(k))
			}
		}
		ev := s.event(ctx, id, EvUpdated, s.today(), before.OrgID, "", strings.Join(names, "、"))
		if before.Category == Probationary && after.Category == Full {
			ev = s.event(ctx, id, EvFull, after.FullOn, before.OrgID, "", "")
			if after.FullOn == "" {
				ev.On = s.today()
			}
		}
		if err := insertEvent(ctx, tx, ev); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "member.update", ObjectType: "member", ObjectID: id, Detail: changes})
	})
	return after, err
}

// changedFields orders the fields an update event names.
var changedFields = []string{"name", "gender", "ethnicity", "birth_date", "id_number", "phone", "education", "occupation",
	"joined_on", "full_on", "category", "has_post", "post", "mobile", "mobile_to", "community", "note"}

// MarkDeceased takes a member off the roll as deceased (已故) on a date;
// the record stays.
func (s *Service) MarkDeceased(ctx context.Context, p *access.Principal, id int64, on, note string) error {
	var v fault.Fields
	c := s.checker()
	on = c.date(&v, "deceased_on", on, true)
	note = maxLen(&v, "note", note, 200)
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := get(ctx, tx, p.OrgPath, id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if m.Status != Active {
			return fault.New(fault.Conflict, "%s", i18n.T("member.not_active"))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET status = ?, left_on = ?, updated_at = ? WHERE id = ?`,
			string(Deceased), on, store.Millis(s.Now()), id); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, s.event(ctx, id, EvDeceased, on, m.OrgID, "", note)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "member.deceased", ObjectType: "member", ObjectID: id,
			Detail: map[string]string{"on": on, "note": note}})
	})
}
