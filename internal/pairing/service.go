package pairing

import (
	"context"
	"math"
	"strings"
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

// Service applies the rules of the 双报到 ledgers.
type Service struct {
	DB   *store.DB
	Keys *personal.Keyring
	Now  func() time.Time
}

// NewService returns a service on db; keys find members by ID number.
func NewService(db *store.DB, keys *personal.Keyring) *Service {
	return &Service{DB: db, Keys: keys, Now: func() time.Time { return time.Now().UTC() }}
}

const day = "2006-01-02"

func (s *Service) today() string { return s.Now().In(access.Shanghai).Format(day) }

func pairingNotFound() error { return fault.New(fault.NotFound, "%s", i18n.T("pairing.not_found")) }
func regNotFound() error     { return fault.New(fault.NotFound, "%s", i18n.T("registration.not_found")) }

func checkText(v *fault.Fields, field, label string, val *string, max int, required bool) {
	*val = strings.TrimSpace(*val)
	switch {
	case *val == "" && required:
		v.Add(field, label, i18n.T("field.required"))
	case utf8.RuneCountInString(*val) > max:
		v.Add(field, label, i18n.T("field.max_len", max))
	}
}

func (s *Service) checkDate(v *fault.Fields, field, label string, val *string, required bool) {
	*val = strings.TrimSpace(*val)
	if *val == "" {
		if required {
			v.Add(field, label, i18n.T("field.required"))
		}
		return
	}
	if _, err := time.Parse(day, *val); err != nil {
		v.Add(field, label, i18n.T("field.date_format"))
		*val = ""
	} else if *val > s.today() {
		v.Add(field, label, i18n.T("field.date_future"))
	}
}

// orgRow is what the rules need to know of an organization in scope.
type orgRow struct {
	ID                 int64
	Path, Kind, Domain string
	Dissolved          bool
}

func orgInScope(ctx context.Context, q store.Querier, like string, id int64) (orgRow, error) {
	var o orgRow
	err := q.QueryRowContext(ctx, `SELECT id, path, kind, domain, dissolved FROM orgs WHERE id = ? AND path LIKE ?`, id, like).
		Scan(&o.ID, &o.Path, &o.Kind, &o.Domain, &o.Dissolved)
	return o, err
}

// ---- pairings ----

// GetPairing returns a pairing whose organization or street is in scope.
func (s *Service) GetPairing(ctx context.Context, p *access.Principal, id int64) (Pairing, error) {
	x, err := getPairing(ctx, s.DB, p.ScopeLike(), id)
	if store.IsNoRows(err) {
		return x, pairingNotFound()
	}
	return x, err
}

// Activities returns a pairing's joint activities.
func (s *Service) Activities(ctx context.Context, p *access.Principal, id int64) ([]Activity, error) {
	if _, err := s.GetPairing(ctx, p, id); err != nil {
		return nil, err
	}
	return activities(ctx, s.DB, id)
}

// ListPairings returns one page of pairings in scope.
func (s *Service) ListPairings(ctx context.Context, p *access.Principal, f Filter) ([]Pairing, int, error) {
	return listPairings(ctx, s.DB, p.ScopeLike(), f)
}

func (s *Service) validatePairing(in *PairingInput) fault.Fields {
	var v fault.Fields
	if in.OrgID <= 0 {
		v.Add("org_id", i18n.T("pairing.field.org"), i18n.T("field.choose"))
	}
	if in.StreetID <= 0 {
		v.Add("street_id", i18n.T("pairing.field.street"), i18n.T("field.choose"))
	}
	s.checkDate(&v, "started_on", i18n.T("pairing.field.started_on"), &in.StartedOn, true)
	in.EndedOn = strings.TrimSpace(in.EndedOn)
	if in.EndedOn != "" {
		if _, err := time.Parse(day, in.EndedOn); err != nil {
			v.Add("ended_on", i18n.T("pairing.field.ended_on"), i18n.T("field.date_format"))
		} else if in.StartedOn != "" && in.EndedOn < in.StartedOn {
			v.Add("ended_on", i18n.T("pairing.field.ended_on"), i18n.T("pairing.ended_before_start"))
		}
	}
	checkText(&v, "agreement", i18n.T("pairing.field.agreement"), &in.Agreement, 1000, true)
	checkText(&v, "note", i18n.T("pairing.field.note"), &in.Note, 500, false)
	return v
}

// checkPairingOrgs checks the three organizations inside tx: all in scope
// and live; the partner a street (党工委 or 党委) other than the
// organization; the community, if any, of the community domain under it.
func checkPairingOrgs(ctx context.Context, tx *store.Tx, like string, in PairingInput, v *fault.Fields) error {
	var o, st orgRow
	var err error
	if in.OrgID > 0 {
		o, err = orgInScope(ctx, tx, like, in.OrgID)
		switch {
		case store.IsNoRows(err):
			v.Add("org_id", i18n.T("pairing.field.org"), i18n.T("field.not_found"))
		case err != nil:
			return err
		case o.Dissolved:
			v.Add("org_id", i18n.T("pairing.field.org"), i18n.T("pairing.org_dissolved"))
		}
	}
	if in.StreetID > 0 {
		st, err = orgInScope(ctx, tx, like, in.StreetID)
		switch {
		case store.IsNoRows(err):
			v.Add("street_id", i18n.T("pairing.field.street"), i18n.T("field.not_found"))
		case err != nil:
			return err
		case st.Dissolved:
			v.Add("street_id", i18n.T("pairing.field.street"), i18n.T("pairing.org_dissolved"))
		case st.Kind != "committee" && st.Kind != "working":
			v.Add("street_id", i18n.T("pairing.field.street"), i18n.T("pairing.not_street"))
		case st.ID == in.OrgID || (o.Path != "" && strings.HasPrefix(st.Path, o.Path)):
			v.Add("street_id", i18n.T("pairing.field.street"), i18n.T("pairing.street_is_self"))
		}
	}
	if in.CommunityID > 0 {
		c, err := orgInScope(ctx, tx, like, in.CommunityID)
		switch {
		case store.IsNoRows(err):
			v.Add("community_id", i18n.T("pairing.field.community"), i18n.T("field.not_found"))
		case err != nil:
			return err
		case c.Domain != "community" || c.Dissolved:
			v.Add("community_id", i18n.T("pairing.field.community"), i18n.T("pairing.not_community"))
		case st.Path != "" && !strings.HasPrefix(c.Path, st.Path):
			v.Add("community_id", i18n.T("pairing.field.community"), i18n.T("pairing.community_not_under"))
		}
	}
	return nil
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

func pairTaken() error {
	var v fault.Fields
	v.Add("street_id", i18n.T("pairing.field.street"), i18n.T("pairing.taken"))
	return v.Err()
}

// CreatePairing records a new pairing.
func (s *Service) CreatePairing(ctx context.Context, p *access.Principal, in PairingInput) (Pairing, error) {
	v := s.validatePairing(&in)
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := checkPairingOrgs(ctx, tx, p.ScopeLike(), in, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		err := tx.QueryRowContext(ctx, `INSERT INTO pairings (org_id, street_id, community_id, started_on, ended_on, agreement, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.StreetID, nullID(in.CommunityID), in.StartedOn, in.EndedOn,
			in.Agreement, in.Note, now, now).Scan(&id)
		if store.IsUniqueViolation(err) {
			return pairTaken()
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "pairing.create", ObjectType: "pairing", ObjectID: id, Detail: in})
	})
	if err != nil {
		return Pairing{}, err
	}
	return s.GetPairing(ctx, p, id)
}

// UpdatePairing edits a pairing; the caller must have every organization
// of it in scope.
func (s *Service) UpdatePairing(ctx context.Context, p *access.Principal, id int64, in PairingInput) (Pairing, error) {
	v := s.validatePairing(&in)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getPairing(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return pairingNotFound()
		}
		if err != nil {
			return err
		}
		if err := checkPairingOrgs(ctx, tx, p.ScopeLike(), in, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pairings SET org_id = ?, street_id = ?, community_id = ?, started_on = ?, ended_on = ?,
			agreement = ?, note = ?, updated_at = ? WHERE id = ?`, in.OrgID, in.StreetID, nullID(in.CommunityID), in.StartedOn, in.EndedOn,
			in.Agreement, in.Note, store.Millis(s.Now()), id); err != nil {
			if store.IsUniqueViolation(err) {
				return pairTaken()
			}
			return err
		}
		after, err := getPairing(ctx, tx, p.ScopeLike(), id)
		if err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "pairing.update", ObjectType: "pairing", ObjectID: id, Detail: changes})
	})
	if err != nil {
		return Pairing{}, err
	}
	return s.GetPairing(ctx, p, id)
}

// AddActivity records a joint activity of a pairing in scope.
func (s *Service) AddActivity(ctx context.Context, p *access.Principal, id int64, a Activity) (Activity, error) {
	var v fault.Fields
	s.checkDate(&v, "held_on", i18n.T("pairing.field.held_on"), &a.HeldOn, true)
	checkText(&v, "title", i18n.T("pairing.field.title"), &a.Title, 100, true)
	checkText(&v, "note", i18n.T("pairing.field.note"), &a.Note, 500, false)
	if a.Participants < 0 || a.Participants > 100000 {
		v.Add("participants", i18n.T("pairing.field.participants"), i18n.T("field.range", 0, 100000))
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		x, err := getPairing(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return pairingNotFound()
		}
		if err != nil {
			return err
		}
		if a.HeldOn != "" && a.HeldOn < x.StartedOn {
			v.Add("held_on", i18n.T("pairing.field.held_on"), i18n.T("pairing.before_start", x.StartedOn))
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO pairing_activities (pairing_id, held_on, title, participants, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, id, a.HeldOn, a.Title, a.Participants, a.Note, store.Millis(s.Now())).Scan(&a.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "pairing.activity.create", ObjectType: "pairing", ObjectID: id, Detail: a})
	})
	return a, err
}

// DeleteActivity removes a wrongly recorded activity of a pairing in scope.
func (s *Service) DeleteActivity(ctx context.Context, p *access.Principal, id, activityID int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := getPairing(ctx, tx, p.ScopeLike(), id); store.IsNoRows(err) {
			return pairingNotFound()
		} else if err != nil {
			return err
		}
		var a Activity
		err := tx.QueryRowContext(ctx, `SELECT id, held_on, title, participants, note FROM pairing_activities WHERE id = ? AND pairing_id = ?`,
			activityID, id).Scan(&a.ID, &a.HeldOn, &a.Title, &a.Participants, &a.Note)
		if store.IsNoRows(err) {
			return fault.New(fault.NotFound, "%s", i18n.T("pairing.activity_not_found"))
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pairing_activities WHERE id = ?`, activityID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "pairing.activity.delete", ObjectType: "pairing", ObjectID: id, Detail: a})
	})
}

// ---- member registrations ----

// GetRegistration returns a registration whose member or community is in
// scope.
func (s *Service) GetRegistration(ctx context.Context, p *access.Principal, id int64) (Registration, error) {
	r, err := getReg(ctx, s.DB, p.ScopeLike(), id)
	if store.IsNoRows(err) {
		return r, regNotFound()
	}
	return r, err
}

// Participations returns the activities a registered member joined.
func (s *Service) Participations(ctx context.Context, p *access.Principal, id int64) ([]Participation, error) {
	if _, err := s.GetRegistration(ctx, p, id); err != nil {
		return nil, err
	}
	return participations(ctx, s.DB, id)
}

// ListRegistrations returns one page of registrations in scope.
func (s *Service) ListRegistrations(ctx context.Context, p *access.Principal, f Filter) ([]Registration, int, error) {
	return listRegs(ctx, s.DB, p.ScopeLike(), f)
}

// checkRegistration validates and resolves the member (by id or ID
// number) and the community, both in scope.
func (s *Service) checkRegistration(ctx context.Context, tx *store.Tx, p *access.Principal, in *RegistrationInput, v *fault.Fields) error {
	in.IDNumber = strings.TrimSpace(in.IDNumber)
	memberQ := `SELECT m.id FROM members m WHERE m.org_path LIKE ? AND m.status IN ('active', 'transferring') AND `
	switch {
	case in.MemberID > 0:
		err := tx.QueryRowContext(ctx, memberQ+`m.id = ?`, p.ScopeLike(), in.MemberID).Scan(&in.MemberID)
		if store.IsNoRows(err) {
			v.Add("member_id", i18n.T("registration.field.member"), i18n.T("registration.member_not_found"))
		} else if err != nil {
			return err
		}
	case in.IDNumber != "":
		id, err := idcard.Parse(in.IDNumber, s.Now())
		if err != nil {
			v.Add("id_number", i18n.T("registration.field.id_number"), err.Error())
			break
		}
		err = tx.QueryRowContext(ctx, memberQ+`m.id_hash = ?`, p.ScopeLike(), s.Keys.Hash("id", id.Number)).Scan(&in.MemberID)
		if store.IsNoRows(err) {
			v.Add("id_number", i18n.T("registration.field.id_number"), i18n.T("registration.member_not_found"))
		} else if err != nil {
			return err
		}
	default:
		v.Add("id_number", i18n.T("registration.field.id_number"), i18n.T("field.required"))
	}
	if in.CommunityID <= 0 {
		v.Add("community_id", i18n.T("registration.field.community"), i18n.T("field.choose"))
	} else {
		c, err := orgInScope(ctx, tx, p.ScopeLike(), in.CommunityID)
		switch {
		case store.IsNoRows(err):
			v.Add("community_id", i18n.T("registration.field.community"), i18n.T("field.not_found"))
		case err != nil:
			return err
		case c.Domain != "community" || c.Dissolved:
			v.Add("community_id", i18n.T("registration.field.community"), i18n.T("pairing.not_community"))
		}
	}
	s.checkDate(v, "registered_on", i18n.T("registration.field.registered_on"), &in.RegisteredOn, true)
	checkText(v, "note", i18n.T("pairing.field.note"), &in.Note, 500, false)
	return nil
}

func regTaken() error {
	var v fault.Fields
	v.Add("community_id", i18n.T("registration.field.community"), i18n.T("registration.taken"))
	return v.Err()
}

// CreateRegistration records a member's registration at a community.
func (s *Service) CreateRegistration(ctx context.Context, p *access.Principal, in RegistrationInput) (Registration, error) {
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var v fault.Fields
		if err := s.checkRegistration(ctx, tx, p, &in, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		err := tx.QueryRowContext(ctx, `INSERT INTO member_registrations (member_id, community_id, registered_on, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, in.MemberID, in.CommunityID, in.RegisteredOn, in.Note, now, now).Scan(&id)
		if store.IsUniqueViolation(err) {
			return regTaken()
		}
		if err != nil {
			return err
		}
		in.IDNumber = ""
		return audit.Record(ctx, tx, audit.Event{Action: "registration.create", ObjectType: "registration", ObjectID: id, Detail: in})
	})
	if err != nil {
		return Registration{}, err
	}
	return s.GetRegistration(ctx, p, id)
}

// UpdateRegistration edits a registration; member and community must be in
// scope.
func (s *Service) UpdateRegistration(ctx context.Context, p *access.Principal, id int64, in RegistrationInput) (Registration, error) {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getReg(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return regNotFound()
		}
		if err != nil {
			return err
		}
		if in.MemberID <= 0 && in.IDNumber == "" {
			in.MemberID = before.MemberID
		}
		var v fault.Fields
		if err := s.checkRegistration(ctx, tx, p, &in, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE member_registrations SET member_id = ?, community_id = ?, registered_on = ?, note = ?, updated_at = ?
			WHERE id = ?`, in.MemberID, in.CommunityID, in.RegisteredOn, in.Note, store.Millis(s.Now()), id); err != nil {
			if store.IsUniqueViolation(err) {
				return regTaken()
			}
			return err
		}
		after, err := getReg(ctx, tx, p.ScopeLike(), id)
		if err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "registration.update", ObjectType: "registration", ObjectID: id, Detail: changes})
	})
	if err != nil {
		return Registration{}, err
	}
	return s.GetRegistration(ctx, p, id)
}

// AddParticipation records an activity a registered member joined.
func (s *Service) AddParticipation(ctx context.Context, p *access.Principal, id int64, in ParticipationInput) (Participation, error) {
	var v fault.Fields
	s.checkDate(&v, "held_on", i18n.T("pairing.field.held_on"), &in.HeldOn, true)
	checkText(&v, "title", i18n.T("registration.field.title"), &in.Title, 100, true)
	minutes := int(math.Round(in.Hours * 60))
	if in.Hours <= 0 || in.Hours > 24 {
		v.Add("hours", i18n.T("registration.field.hours"), i18n.T("registration.hours_range"))
	}
	a := Participation{HeldOn: in.HeldOn, Title: in.Title, Minutes: minutes}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := getReg(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return regNotFound()
		}
		if err != nil {
			return err
		}
		if in.HeldOn != "" && in.HeldOn < r.RegisteredOn {
			v.Add("held_on", i18n.T("pairing.field.held_on"), i18n.T("registration.before_registered", r.RegisteredOn))
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO registration_activities (registration_id, held_on, title, minutes, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, id, a.HeldOn, a.Title, a.Minutes, store.Millis(s.Now())).Scan(&a.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "registration.activity.create", ObjectType: "registration", ObjectID: id, Detail: a})
	})
	return a, err
}

// DeleteParticipation removes a wrongly recorded activity.
func (s *Service) DeleteParticipation(ctx context.Context, p *access.Principal, id, activityID int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := getReg(ctx, tx, p.ScopeLike(), id); store.IsNoRows(err) {
			return regNotFound()
		} else if err != nil {
			return err
		}
		var a Participation
		err := tx.QueryRowContext(ctx, `SELECT id, held_on, title, minutes FROM registration_activities WHERE id = ? AND registration_id = ?`,
			activityID, id).Scan(&a.ID, &a.HeldOn, &a.Title, &a.Minutes)
		if store.IsNoRows(err) {
			return fault.New(fault.NotFound, "%s", i18n.T("pairing.activity_not_found"))
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM registration_activities WHERE id = ?`, activityID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "registration.activity.delete", ObjectType: "registration", ObjectID: id, Detail: a})
	})
}
