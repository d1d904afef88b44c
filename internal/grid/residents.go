package grid

import (
	"context"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/member"
	"troika/internal/personal"
	"troika/internal/store"
)

const residentCols = `r.id, r.household_id, h.code, h.address, r.grid_id, g.name, g.org_id, o.name, r.name, r.relation, r.gender,
	r.ethnicity, r.birth_date, r.id_enc, r.id_mask, r.phone_enc, r.phone_mask, r.address, r.moved_in, r.moved_out, r.status, r.note,
	r.created_at, r.updated_at`

const residentFrom = ` FROM residents r JOIN households h ON h.id = r.household_id JOIN grids g ON g.id = r.grid_id
	JOIN orgs o ON o.id = g.org_id`

func scanResident(sc interface{ Scan(...any) error }) (Resident, error) {
	var r Resident
	var gender string
	var created, updated int64
	err := sc.Scan(&r.ID, &r.HouseholdID, &r.Household, &r.Address, &r.GridID, &r.GridName, &r.OrgID, &r.OrgName, &r.Name, &r.Relation,
		&gender, &r.Ethnicity, &r.BirthDate, &r.idEnc, &r.IDNumber, &r.phoneEnc, &r.Phone, &r.RegAddress, &r.MovedIn, &r.MovedOut,
		&r.Status, &r.Note, &created, &updated)
	r.Gender = idcard.Gender(gender)
	r.CreatedAt, r.UpdatedAt = store.Time(created), store.Time(updated)
	return r, err
}

// ResidentFilter narrows the resident list.
type ResidentFilter struct {
	Q           string // part of a name, or a whole ID number or phone
	GridID      int64
	HouseholdID int64
	Under       int64
	TagID       int64
	AgeBand     string
	Gender      string
	Status      string // "" on record, "all", or a status
	// set by the service
	idHash, phoneHash, today string
	Limit, Offset            int
}

func (f ResidentFilter) where(p *access.Principal) (string, []any) {
	cond, args := scoped(p)
	conds := []string{cond}
	switch {
	case f.idHash != "":
		conds = append(conds, "r.id_hash = ?")
		args = append(args, f.idHash)
	case f.phoneHash != "":
		conds = append(conds, "r.phone_hash = ?")
		args = append(args, f.phoneHash)
	case f.Q != "":
		conds = append(conds, "r.name LIKE ?")
		args = append(args, "%"+escapeLike(f.Q)+"%")
	}
	if f.GridID > 0 {
		conds = append(conds, "r.grid_id = ?")
		args = append(args, f.GridID)
	}
	if f.HouseholdID > 0 {
		conds = append(conds, "r.household_id = ?")
		args = append(args, f.HouseholdID)
	}
	if f.Under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	if f.TagID > 0 {
		conds = append(conds, "r.id IN (SELECT resident_id FROM resident_tag_links WHERE tag_id = ?)")
		args = append(args, f.TagID)
	}
	if f.Gender == "male" || f.Gender == "female" {
		conds = append(conds, "r.gender = ?")
		args = append(args, f.Gender)
	}
	switch {
	case f.Status == "":
		conds = append(conds, "r.status = 'active'")
	case f.Status != "all":
		conds = append(conds, "r.status = ?")
		args = append(args, f.Status)
	}
	if after, upTo, ok := ageBandBounds(f.AgeBand, f.today); ok {
		if after != "" {
			conds = append(conds, "r.birth_date > ?")
			args = append(args, after)
		}
		if upTo != "" {
			conds = append(conds, "r.birth_date <= ?")
			args = append(args, upTo)
		}
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// prepare reads the search text: a whole ID number or phone is looked up
// by its keyed hash, anything else is part of a name.
func (s *Service) prepare(f *ResidentFilter) {
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

// Residents returns one page of the residents in scope, in pinyin order,
// with their tags.
func (s *Service) Residents(ctx context.Context, p *access.Principal, f ResidentFilter) ([]Resident, int, error) {
	s.prepare(&f)
	where, args := f.where(p)
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+residentFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+residentCols+residentFrom+where+` ORDER BY r.name_key, r.id LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	out := []Resident{}
	for rows.Next() {
		r, err := scanResident(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, s.fillTags(ctx, s.DB, out)
}

// eachResident streams the residents matching f (exports).
func (s *Service) eachResident(ctx context.Context, p *access.Principal, f ResidentFilter, fn func(Resident) error) error {
	s.prepare(&f)
	where, args := f.where(p)
	rows, err := s.DB.QueryContext(ctx, `SELECT `+residentCols+residentFrom+where+` ORDER BY o.path, g.code, h.code, r.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var batch []Resident
	flush := func() error {
		if err := s.fillTags(ctx, s.DB, batch); err != nil {
			return err
		}
		for _, r := range batch {
			if err := fn(r); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	for rows.Next() {
		r, err := scanResident(rows)
		if err != nil {
			return err
		}
		batch = append(batch, r)
		if len(batch) == 500 {
			// Tags are read on a second connection while this one
			// streams; SQLite allows concurrent readers in WAL mode.
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// fillTags sets each resident's tags.
func (s *Service) fillTags(ctx context.Context, q store.Querier, rs []Resident) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]any, len(rs))
	at := map[int64]int{}
	for i := range rs {
		ids[i] = rs[i].ID
		at[rs[i].ID] = i
		rs[i].Tags = []Tag{}
	}
	rows, err := q.QueryContext(ctx, `SELECT l.resident_id, t.id, t.name, t.sort, t.active FROM resident_tag_links l
		JOIN resident_tags t ON t.id = l.tag_id WHERE l.resident_id IN (`+store.Placeholders(len(ids))+`) ORDER BY t.sort, t.id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rid int64
		var t Tag
		if err := rows.Scan(&rid, &t.ID, &t.Name, &t.Sort, &t.Active); err != nil {
			return err
		}
		r := &rs[at[rid]]
		r.Tags = append(r.Tags, t)
	}
	return rows.Err()
}

func getResident(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Resident, error) {
	cond, args := scoped(p)
	r, err := scanResident(q.QueryRowContext(ctx, `SELECT `+residentCols+residentFrom+` WHERE r.id = ? AND `+cond,
		append([]any{id}, args...)...))
	if store.IsNoRows(err) {
		return r, notFound("resident")
	}
	return r, err
}

// Resident returns a resident in scope, masked, with tags.
func (s *Service) Resident(ctx context.Context, p *access.Principal, id int64) (Resident, error) {
	r, err := getResident(ctx, s.DB, p, id)
	if err != nil {
		return r, err
	}
	rs := []Resident{r}
	err = s.fillTags(ctx, s.DB, rs)
	return rs[0], err
}

// Unmask returns a resident with the ID number and phone in clear, for a
// principal holding the right; every such view is audited.
func (s *Service) Unmask(ctx context.Context, p *access.Principal, id int64) (Resident, error) {
	if !p.Can(access.PermPersonalClear) {
		return Resident{}, forbidden()
	}
	r, err := s.Resident(ctx, p, id)
	if err != nil {
		return r, err
	}
	if err := s.open(&r); err != nil {
		return r, err
	}
	fields := []string{"id_number"}
	if r.Phone != "" {
		fields = append(fields, "phone")
	}
	if err := audit.Log(ctx, s.DB, audit.Event{Action: "personal.view", ObjectType: "resident", ObjectID: r.ID,
		Detail: map[string]any{"resident_id": r.ID, "fields": fields}}); err != nil {
		return Resident{}, err
	}
	return r, nil
}

func (s *Service) open(r *Resident) error {
	idn, err := s.Keys.Open(r.idEnc)
	if err != nil {
		return err
	}
	ph, err := s.Keys.Open(r.phoneEnc)
	if err != nil {
		return err
	}
	r.IDNumber, r.Phone, r.Unmasked = idn, ph, true
	return nil
}

// resRecord is a resident row as written.
type resRecord struct {
	HouseholdID, GridID        int64
	Name, NameKey, Relation    string
	Gender, Ethnicity, Birth   string
	IDEnc, IDHash, IDMask      string
	PhoneEnc, PhoneHash, Phone string
	Address, MovedIn, Note     string
	At                         int64
	tags                       []int64
	idNumber, phone            string // normalized, before sealing
}

const resInsertCols = `(household_id, grid_id, name, name_key, relation, gender, ethnicity, birth_date, id_enc, id_hash, id_mask,
	phone_enc, phone_hash, phone_mask, address, moved_in, moved_out, status, note, created_at, updated_at, org_path)`

const resArity = 20

// The resident's copy of its organization's path (for scoped counts) is
// read from its grid as the row is written.
var resRowPH = "(" + store.Placeholders(16) + ", '', 'active', ?, ?, ?, " + gridOrgPath + ")"

const gridOrgPath = `(SELECT o.path FROM grids g JOIN orgs o ON o.id = g.org_id WHERE g.id = ?)`

func (r *resRecord) args() []any {
	return []any{r.HouseholdID, r.GridID, r.Name, r.NameKey, r.Relation, r.Gender, r.Ethnicity, r.Birth, r.IDEnc, r.IDHash, r.IDMask,
		r.PhoneEnc, r.PhoneHash, r.Phone, r.Address, r.MovedIn, r.Note, r.At, r.At, r.GridID}
}

// checkResident validates the fields of a resident (not the household).
// stored is the current ID number on edit.
func (s *Service) checkResident(in *ResidentInput, stored string, v *fault.Fields) resRecord {
	var r resRecord
	r.Name = text(v, "name", in.Name, 30, true)
	r.Relation = text(v, "relation", in.Relation, 10, false)
	var id idcard.ID
	idOK := false
	switch num := strings.TrimSpace(in.IDNumber); {
	case num != "":
		var err error
		if id, err = idcard.Parse(num, s.Now()); err != nil {
			v.Add("id_number", label("id_number"), err.Error())
		} else {
			idOK, r.idNumber = true, id.Number
		}
	case stored != "":
		if sid, err := idcard.Parse(stored, s.Now()); err == nil {
			id, idOK = sid, true
		}
	default:
		v.Add("id_number", label("id_number"), i18n.T("field.required"))
	}
	if idOK {
		r.Gender, r.Birth = string(id.Gender), id.Birth.Format(day)
	}
	if g := strings.TrimSpace(in.Gender); g != "" {
		gender, ok := parseGender(g)
		switch {
		case !ok:
			v.Add("gender", label("gender"), i18n.T("field.unknown_value"))
		case idOK && string(gender) != r.Gender:
			v.Add("gender", label("gender"), i18n.T("grid.gender_mismatch", id.Gender.Label()))
		}
	}
	if e := strings.TrimSpace(in.Ethnicity); e != "" {
		if code, ok := member.ParseEthnicity(e); ok {
			r.Ethnicity = code
		} else {
			v.Add("ethnicity", label("ethnicity"), i18n.T("field.unknown_value"))
		}
	}
	if ph := strings.TrimSpace(in.Phone); ph != "" {
		if n, ok := personal.NormalizePhone(ph); ok {
			r.phone = n
		} else {
			v.Add("phone", label("phone"), i18n.T("personal.phone_invalid"))
		}
	}
	r.Address = text(v, "registered_address", in.RegAddress, 100, false)
	r.MovedIn = s.date(v, "moved_in", in.MovedIn, false)
	if r.MovedIn == "" && strings.TrimSpace(in.MovedIn) == "" {
		r.MovedIn = s.today()
	}
	if r.MovedIn != "" && r.Birth != "" && r.MovedIn < r.Birth {
		v.Add("moved_in", label("moved_in"), i18n.T("grid.moved_in_before_birth"))
	}
	r.Note = text(v, "note", in.Note, 200, false)
	r.tags = in.TagIDs
	return r
}

func parseGender(s string) (idcard.Gender, bool) {
	switch strings.TrimSpace(s) {
	case "male", "男", "男性":
		return idcard.Male, true
	case "female", "女", "女性":
		return idcard.Female, true
	}
	return "", false
}

// seal fills the sealed, hashed and masked forms and the name key.
func (s *Service) seal(r *resRecord) {
	r.NameKey = member.NameKey(r.Name)
	if r.idNumber != "" {
		r.IDEnc, r.IDHash, r.IDMask = s.Keys.Seal(r.idNumber), IDHash(s.Keys, r.idNumber), personal.MaskID(r.idNumber)
	}
	if r.phone != "" {
		r.PhoneEnc, r.PhoneHash, r.Phone = s.Keys.Seal(r.phone), PhoneHash(s.Keys, r.phone), personal.MaskPhone(r.phone)
	}
}

func duplicateID() error {
	var v fault.Fields
	v.Add("id_number", label("id_number"), i18n.T("grid.id_taken"))
	return v.Err()
}

// gridFor checks that a grid is in the principal's scope (and, for a grid
// worker, theirs) and active.
func gridFor(ctx context.Context, q store.Querier, p *access.Principal, id int64, v *fault.Fields) Grid {
	g, err := getGrid(ctx, q, p, id)
	switch {
	case err != nil:
		v.Add("grid_id", label("grid_id"), i18n.T("field.not_found"))
	case !g.Active:
		v.Add("grid_id", label("grid_id"), i18n.T("grid.inactive"))
	}
	return g
}

// household finds the household numbered code in a grid or, with an
// address, opens it.
func (s *Service) household(ctx context.Context, tx *store.Tx, gridID int64, code, address string, v *fault.Fields) (int64, bool, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM households WHERE grid_id = ? AND code = ?`, gridID, code).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !store.IsNoRows(err) {
		return 0, false, err
	}
	if address == "" {
		v.Add("address", label("address"), i18n.T("grid.address_for_new"))
		return 0, false, nil
	}
	now := store.Millis(s.Now())
	err = tx.QueryRowContext(ctx, `INSERT INTO households (grid_id, code, address, note, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)
		RETURNING id`, gridID, code, address, now, now).Scan(&id)
	return id, true, err
}

// needAddress reports a missing address when code names no household of
// the grid yet, so that the form shows it with the other errors.
func needAddress(ctx context.Context, q store.Querier, gridID int64, code, address string, v *fault.Fields) error {
	if gridID == 0 || code == "" || address != "" {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM households WHERE grid_id = ? AND code = ?`, gridID, code).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		v.Add("address", label("address"), i18n.T("grid.address_for_new"))
	}
	return nil
}

// activeTags checks tag ids against the list of active tags.
func activeTags(ctx context.Context, q store.Querier, ids []int64, v *fault.Fields) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		var active bool
		err := q.QueryRowContext(ctx, `SELECT active FROM resident_tags WHERE id = ?`, id).Scan(&active)
		if store.IsNoRows(err) || err == nil && !active {
			v.Add("tag_ids", label("tag_ids"), i18n.T("grid.tag_unknown"))
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

func setTags(ctx context.Context, tx *store.Tx, residentID int64, tags []int64, since string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM resident_tag_links WHERE resident_id = ?`, residentID); err != nil {
		return err
	}
	for _, t := range tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO resident_tag_links (resident_id, tag_id, since) VALUES (?, ?, ?)`,
			residentID, t, since); err != nil {
			return err
		}
	}
	return nil
}

// CreateResident records a resident in a household of a grid in scope.
func (s *Service) CreateResident(ctx context.Context, p *access.Principal, in ResidentInput) (Resident, error) {
	var out Resident
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var v fault.Fields
		rec := s.checkResident(&in, "", &v)
		g := gridFor(ctx, tx, p, in.GridID, &v)
		code := strings.ToUpper(text(&v, "household_code", in.Household, 30, true))
		address := text(&v, "address", in.Address, 100, false)
		tags, err := activeTags(ctx, tx, in.TagIDs, &v)
		if err != nil {
			return err
		}
		if err := needAddress(ctx, tx, g.ID, code, address, &v); err != nil {
			return err
		}
		if v.Err() != nil {
			return v.Err()
		}
		hid, _, err := s.household(ctx, tx, g.ID, code, address, &v)
		if err != nil {
			return err
		}
		if v.Err() != nil {
			return v.Err()
		}
		s.seal(&rec)
		rec.HouseholdID, rec.GridID, rec.At = hid, g.ID, store.Millis(s.Now())
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO residents `+resInsertCols+` VALUES `+resRowPH+` RETURNING id`, rec.args()...).Scan(&id)
		if store.IsUniqueViolation(err) {
			return duplicateID()
		}
		if err != nil {
			return err
		}
		if err := setTags(ctx, tx, id, tags, s.today()); err != nil {
			return err
		}
		if out, err = getResident(ctx, tx, p, id); err != nil {
			return err
		}
		rs := []Resident{out}
		if err := s.fillTags(ctx, tx, rs); err != nil {
			return err
		}
		out = rs[0]
		return audit.Record(ctx, tx, audit.Event{Action: "resident.create", ObjectType: "resident", ObjectID: id, Detail: out})
	})
	return out, err
}

// UpdateResident edits a resident; a changed grid or household number
// moves them to that household (opened with the address when new).
func (s *Service) UpdateResident(ctx context.Context, p *access.Principal, id int64, in ResidentInput) (Resident, error) {
	var after Resident
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getResident(ctx, tx, p, id)
		if err != nil {
			return err
		}
		bs := []Resident{before}
		if err := s.fillTags(ctx, tx, bs); err != nil {
			return err
		}
		before = bs[0]
		if before.Status != Active {
			return fault.New(fault.Conflict, "%s", i18n.T("grid.not_active"))
		}
		stored, err := s.Keys.Open(before.idEnc)
		if err != nil {
			return err
		}
		var v fault.Fields
		if in.MovedIn == "" {
			in.MovedIn = before.MovedIn
		}
		rec := s.checkResident(&in, stored, &v)
		if in.GridID == 0 {
			in.GridID = before.GridID
		}
		if strings.TrimSpace(in.Household) == "" {
			in.Household = before.Household
		}
		g := gridFor(ctx, tx, p, in.GridID, &v)
		code := strings.ToUpper(text(&v, "household_code", in.Household, 30, true))
		address := text(&v, "address", in.Address, 100, false)
		tags, err := activeTags(ctx, tx, in.TagIDs, &v)
		if err != nil {
			return err
		}
		if v.Err() != nil {
			return v.Err()
		}
		hid := before.HouseholdID
		if g.ID != before.GridID || code != before.Household {
			if hid, _, err = s.household(ctx, tx, g.ID, code, address, &v); err != nil {
				return err
			}
			if v.Err() != nil {
				return v.Err()
			}
		} else if address != "" && address != before.Address {
			if _, err := tx.ExecContext(ctx, `UPDATE households SET address = ?, updated_at = ? WHERE id = ?`,
				address, store.Millis(s.Now()), hid); err != nil {
				return err
			}
		}
		s.seal(&rec)
		sets := `household_id = ?, grid_id = ?, org_path = ` + gridOrgPath + `, name = ?, name_key = ?, relation = ?, gender = ?, ethnicity = ?, birth_date = ?,
			address = ?, moved_in = ?, note = ?, updated_at = ?`
		args := []any{hid, g.ID, g.ID, rec.Name, rec.NameKey, rec.Relation, rec.Gender, rec.Ethnicity, rec.Birth, rec.Address, rec.MovedIn,
			rec.Note, store.Millis(s.Now())}
		if rec.idNumber != "" {
			sets += `, id_enc = ?, id_hash = ?, id_mask = ?`
			args = append(args, rec.IDEnc, rec.IDHash, rec.IDMask)
		}
		if rec.phone != "" {
			sets += `, phone_enc = ?, phone_hash = ?, phone_mask = ?`
			args = append(args, rec.PhoneEnc, rec.PhoneHash, rec.Phone)
		}
		_, err = tx.ExecContext(ctx, `UPDATE residents SET `+sets+` WHERE id = ?`, append(args, id)...)
		if store.IsUniqueViolation(err) {
			return duplicateID()
		}
		if err != nil {
			return err
		}
		if err := keepTags(ctx, tx, id, before.Tags, tags, s.today()); err != nil {
			return err
		}
		if after, err = getResident(ctx, tx, p, id); err != nil {
			return err
		}
		as := []Resident{after}
		if err := s.fillTags(ctx, tx, as); err != nil {
			return err
		}
		after = as[0]
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		if len(changes) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Event{Action: "resident.update", ObjectType: "resident", ObjectID: id, Detail: changes})
	})
	return after, err
}

// keepTags replaces a resident's tags, keeping the date a kept tag was
// first set.
func keepTags(ctx context.Context, tx *store.Tx, residentID int64, before []Tag, after []int64, today string) error {
	want := map[int64]bool{}
	for _, t := range after {
		want[t] = true
	}
	had := map[int64]bool{}
	for _, t := range before {
		had[t.ID] = true
		if !want[t.ID] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM resident_tag_links WHERE resident_id = ? AND tag_id = ?`, residentID, t.ID); err != nil {
				return err
			}
		}
	}
	for _, t := range after {
		if !had[t] {
			if _, err := tx.ExecContext(ctx, `INSERT INTO resident_tag_links (resident_id, tag_id, since) VALUES (?, ?, ?)`,
				residentID, t, today); err != nil {
				return err
			}
		}
	}
	return nil
}

// Leave takes a resident off the record as moved away or deceased on a
// date; the record stays.
func (s *Service) Leave(ctx context.Context, p *access.Principal, id int64, status, on, note string) error {
	var v fault.Fields
	status = oneOf(&v, "leave_status", status, []string{Moved, Deceased})
	on = s.date(&v, "moved_out", on, true)
	note = text(&v, "note", note, 200, false)
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := getResident(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if r.Status != Active {
			return fault.New(fault.Conflict, "%s", i18n.T("grid.not_active"))
		}
		if on < r.MovedIn {
			v.Add("moved_out", label("moved_out"), i18n.T("grid.out_before_in"))
			return v.Err()
		}
		if note != "" && r.Note != "" {
			note = r.Note + "；" + note
		} else if note == "" {
			note = r.Note
		}
		if _, err := tx.ExecContext(ctx, `UPDATE residents SET status = ?, moved_out = ?, note = ?, updated_at = ? WHERE id = ?`,
			status, on, note, store.Millis(s.Now()), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "resident.leave", ObjectType: "resident", ObjectID: id,
			Detail: map[string]string{"status": status, "on": on}})
	})
}

// AgeBands are the bands of the resident age filter and distribution.
var AgeBands = []string{"0_6", "7_17", "18_35", "36_59", "60_79", "80plus"}

// AgeBandLabel is the band's Chinese name.
func AgeBandLabel(b string) string { return i18n.T("grid.age." + b) }

// ageBandBounds returns the bounds on birth_date for a band at date on:
// after < birth_date <= upTo (either may be "" for open).
func ageBandBounds(band, on string) (after, upTo string, ok bool) {
	lim := map[string][2]int{"0_6": {0, 6}, "7_17": {7, 17}, "18_35": {18, 35}, "36_59": {36, 59}, "60_79": {60, 79}, "80plus": {80, -1}}
	b, known := lim[band]
	if !known || len(on) != 10 {
		return "", "", false
	}
	y := func(n int) string { return yearsBefore(on, n) }
	if b[0] > 0 {
		upTo = y(b[0])
	}
	if b[1] >= 0 {
		after = y(b[1] + 1)
	}
	return after, upTo, true
}
