package member

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/imports"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// importColumns are the roster's workbook columns, with the headers
// offices already use as aliases.
func importColumns() []xlsx.Column {
	col := func(key string, req bool, example, note string, width float64, aliases ...string) xlsx.Column {
		return xlsx.Column{Key: key, Header: i18n.T("member.col." + key), Aliases: aliases, Required: req,
			Example: example, Note: i18n.T(note), Width: width}
	}
	return []xlsx.Column{
		col("name", true, "金明哲", "member.note.name", 10),
		col("gender", false, "男", "member.note.gender", 6),
		col("ethnicity", true, "朝鲜族", "member.note.ethnicity", 8),
		col("birth_date", false, "1985-03-12", "member.note.birth_date", 12),
		col("id_number", true, "222401198503120031", "member.note.id_number", 22, "身份证号", "身份证号码", "身份证"),
		col("phone", false, "13843312345", "member.note.phone", 14, "手机号", "手机号码", "联系方式"),
		col("education", false, "大学本科", "member.note.education", 10, "文化程度"),
		col("occupation", false, "村民", "member.note.occupation", 14, "职业"),
		col("joined_on", true, "2008-07-01", "member.note.joined_on", 12, "入党时间"),
		col("full_on", false, "2009-07-01", "member.note.full_on", 12, "转正时间"),
		col("category", true, "正式党员", "member.note.category", 10, "党员类别", "类别"),
		col("has_post", false, "否", "member.note.has_post", 8),
		col("post", false, "", "member.note.post", 12, "职务"),
		col("mobile", false, "否", "member.note.mobile", 10),
		col("mobile_to", false, "", "member.note.mobile_to", 16, "流动去向"),
		col("community", false, "", "member.note.community", 14),
		col("org_code", true, "D0010", "member.note.org_code", 14, "党组织编码", "组织编码"),
		col("note", false, "", "member.note.note", 20),
	}
}

func init() {
	imports.Register(imports.Spec{
		Kind: "members", Title: "member.import_title", Columns: importColumns(), Perm: access.PermOrgWrite, Back: "/members",
		Prepare: func(ctx context.Context, db *store.DB, p *access.Principal) (imports.Session, error) {
			v, ok := services.Load(db)
			if !ok {
				return nil, fault.New(fault.Internal, "member service not started")
			}
			return v.(*Service).newImport(ctx, p)
		},
	})
}

// importBatch is how many rows one INSERT writes.
const importBatch = 400

type orgRef struct {
	id   int64
	path string
	ok   bool // live and holds members
	msg  string
}

// importSession checks and writes one workbook. It keeps no rows: only the
// organizations in scope, the keyed hashes of the ID numbers already on
// the roster and of those seen in the file, and one batch being written.
type importSession struct {
	s        *Service
	p        *access.Principal
	c        checker
	cols     map[string]string // field key -> header
	orgs     map[string]orgRef // code -> organization in scope
	existing map[[32]byte]struct{}
	seen     map[[32]byte]int32 // ID hash -> first row with it
	buf      []record
	bufRows  []int
	cached   bool // SQLite page cache enlarged for this transaction
}

// importCacheKiB is SQLite's page cache while an import writes: the
// default 2 MiB makes a large transaction spill pages to the WAL
// over and over as the random-keyed indexes (ID hash, name key) grow.
const importCacheKiB = 32 << 10

func (s *Service) newImport(ctx context.Context, p *access.Principal) (*importSession, error) {
	is := &importSession{s: s, p: p, c: s.checker(), cols: map[string]string{}, orgs: map[string]orgRef{},
		existing: map[[32]byte]struct{}{}, seen: map[[32]byte]int32{}}
	for _, c := range importColumns() {
		is.cols[c.Key] = c.Header
	}
	is.cols["org_id"] = is.cols["org_code"]
	rows, err := s.DB.QueryContext(ctx, `SELECT id, path, code, kind, dissolved FROM orgs WHERE path LIKE ?`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var o orgRef
		var code, kind string
		var dissolved bool
		if err := rows.Scan(&o.id, &o.path, &code, &kind, &dissolved); err != nil {
			rows.Close()
			return nil, err
		}
		switch {
		case dissolved:
			o.msg = i18n.T("member.org_dissolved")
		case !holdsMembers[kind]:
			o.msg = i18n.T("member.org_kind")
		default:
			o.ok = true
		}
		is.orgs[strings.ToUpper(code)] = o
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Duplicates are checked against the whole roster, not only the scope:
	// an ID number is on the roll once in the city.
	hrows, err := s.DB.QueryContext(ctx, `SELECT id_hash FROM members`)
	if err != nil {
		return nil, err
	}
	defer hrows.Close()
	for hrows.Next() {
		var h string
		if err := hrows.Scan(&h); err != nil {
			return nil, err
		}
		if k, ok := hashKey(h); ok {
			is.existing[k] = struct{}{}
		}
	}
	return is, hrows.Err()
}

func hashKey(h string) ([32]byte, bool) {
	var k [32]byte
	if len(h) != 64 {
		return k, false
	}
	_, err := hex.Decode(k[:], []byte(h))
	return k, err == nil
}

// parseBool reads the yes/no forms offices type; empty is no.
func parseBool(s string) (val, ok bool) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "":
		return false, true
	case "是", "y", "yes", "1", "true", "√":
		return true, true
	case "否", "n", "no", "0", "false", "×":
		return false, true
	}
	return false, false
}

func parseCategory(s string) (Category, bool) {
	switch strings.TrimSpace(s) {
	case "正式党员", "正式", "full":
		return Full, true
	case "预备党员", "预备", "probationary":
		return Probationary, true
	}
	return "", false
}

// rowInput turns a workbook row into an Input and the errors of the
// columns only the workbook has (yes/no, category, organization code).
func (is *importSession) rowInput(row xlsx.Row) (Input, orgRef, []xlsx.RowError) {
	var errs []xlsx.RowError
	bad := func(key, reason string) {
		errs = append(errs, xlsx.RowError{Row: row.Num, Column: is.cols[key], Value: row.Get(key), Reason: reason})
	}
	in := Input{Name: row.Get("name"), Gender: row.Get("gender"), Ethnicity: row.Get("ethnicity"), BirthDate: row.Get("birth_date"),
		IDNumber: row.Get("id_number"), Phone: row.Get("phone"), Education: row.Get("education"), Occupation: row.Get("occupation"),
		JoinedOn: row.Get("joined_on"), FullOn: row.Get("full_on"), Post: row.Get("post"), MobileTo: row.Get("mobile_to"),
		Community: row.Get("community"), Note: row.Get("note")}
	// A bad category is reported here; the form rules then see a full
	// member so that they do not report it twice.
	in.Category = Full
	if c := row.Get("category"); c == "" {
		bad("category", i18n.T("field.required"))
	} else if cat, ok := parseCategory(c); ok {
		in.Category = cat
	} else {
		bad("category", i18n.T("member.category_values"))
	}
	switch hp := strings.TrimSpace(row.Get("has_post")); hp {
	case "":
		in.HasPost = strings.TrimSpace(in.Post) != ""
	case "有职":
		in.HasPost = true
	case "无职":
		in.HasPost = false
	default:
		v, ok := parseBool(hp)
		if !ok {
			bad("has_post", i18n.T("member.yes_no"))
		}
		in.HasPost = v
	}
	if v, ok := parseBool(row.Get("mobile")); ok {
		in.Mobile = v
	} else {
		bad("mobile", i18n.T("member.yes_no"))
	}
	var org orgRef
	code := strings.ToUpper(strings.TrimSpace(row.Get("org_code")))
	switch o, ok := is.orgs[code]; {
	case code == "":
		bad("org_code", i18n.T("field.required"))
	case !ok:
		bad("org_code", i18n.T("member.org_code_unknown"))
	case !o.ok:
		bad("org_code", o.msg)
	default:
		org = o
	}
	return in, org, errs
}

// Check validates a row: every rule of the form, the organization code,
// and the ID number against the roster and the rows before it.
func (is *importSession) Check(row xlsx.Row) []xlsx.RowError {
	in, _, errs := is.rowInput(row)
	pd, err := is.c.check(&in, "")
	if e, ok := fault.As(err); ok {
		for _, f := range e.Fields {
			col, ok := is.cols[f.Field]
			if !ok {
				col = f.Label
			}
			val := row.Get(f.Field)
			errs = append(errs, xlsx.RowError{Row: row.Num, Column: col, Value: val, Reason: f.Message})
		}
	} else if err != nil {
		errs = append(errs, xlsx.RowError{Row: row.Num, Reason: err.Error()})
	}
	if pd.idNumber != "" {
		k, _ := hashKey(IDHash(is.c.keys, pd.idNumber))
		if _, dup := is.existing[k]; dup {
			errs = append(errs, xlsx.RowError{Row: row.Num, Column: is.cols["id_number"], Value: row.Get("id_number"),
				Reason: i18n.T("member.id_taken")})
		} else if first, dup := is.seen[k]; dup {
			errs = append(errs, xlsx.RowError{Row: row.Num, Column: is.cols["id_number"], Value: row.Get("id_number"),
				Reason: i18n.T("member.id_dup_in_file", first)})
		} else {
			is.seen[k] = int32(row.Num)
		}
	}
	return errs
}

// Insert adds a checked row to the batch, writing the batch when full.
func (is *importSession) Insert(ctx context.Context, tx *store.Tx, row xlsx.Row) error {
	in, org, errs := is.rowInput(row)
	pd, err := is.c.check(&in, "")
	if err != nil || len(errs) > 0 {
		// Checked in pass one; the file cannot have changed, but say so
		// rather than write a half-read row.
		return &imports.RowFailure{RowError: xlsx.RowError{Row: row.Num, Reason: i18n.T("member.row_changed")}}
	}
	is.c.seal(&pd)
	r := pd.rec
	r.OrgID, r.OrgPath, r.Status, r.EnteredOn, r.At = org.id, org.path, Active, r.JoinedOn, store.Millis(is.s.Now())
	is.buf = append(is.buf, r)
	is.bufRows = append(is.bufRows, row.Num)
	if len(is.buf) >= importBatch {
		return is.flush(ctx, tx)
	}
	return nil
}

// flush writes the batch: the members in one statement, then their
// history entries in another.
func (is *importSession) flush(ctx context.Context, tx *store.Tx) error {
	if len(is.buf) == 0 {
		return nil
	}
	if !is.cached && tx.Dialect() == store.SQLite {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, importCacheKiB)); err != nil {
			return err
		}
		is.cached = true
	}
	// A member added by someone else since pass one would violate the
	// unique index and abort the transaction; find the row first so the
	// error workbook can name it.
	hashes := make([]any, len(is.buf))
	for i := range is.buf {
		hashes[i] = is.buf[i].IDHash
	}
	var taken string
	err := tx.QueryRowContext(ctx, `SELECT id_hash FROM members WHERE id_hash IN (`+store.Placeholders(len(hashes))+`) LIMIT 1`, hashes...).Scan(&taken)
	if err == nil {
		for i := range is.buf {
			if is.buf[i].IDHash == taken {
				return &imports.RowFailure{RowError: xlsx.RowError{Row: is.bufRows[i], Column: is.cols["id_number"],
					Value: is.buf[i].IDMask, Reason: i18n.T("member.id_taken")}}
			}
		}
	} else if !store.IsNoRows(err) {
		return err
	}
	ids, err := insertBatch(ctx, tx, is.buf)
	if err != nil {
		return err
	}
	a := audit.ActorFrom(ctx)
	today, at := is.c.today, store.Millis(is.s.Now())
	evs := make([]eventRow, 0, len(is.buf))
	for i := range is.buf {
		evs = append(evs, eventRow{MemberID: ids[is.buf[i].IDHash], Kind: EvImported, On: today, OrgID: is.buf[i].OrgID,
			ActorID: a.ID, Actor: a.Name, At: at})
	}
	if err := insertEvents(ctx, tx, evs); err != nil {
		return err
	}
	is.buf, is.bufRows = is.buf[:0], is.bufRows[:0]
	return nil
}

// Finish writes the last batch.
func (is *importSession) Finish(ctx context.Context, tx *store.Tx, rows int) error {
	if err := is.flush(ctx, tx); err != nil {
		return err
	}
	if is.cached {
		// Back to the default for the pooled connection.
		_, err := tx.ExecContext(ctx, `PRAGMA cache_size = -2000`)
		return err
	}
	return nil
}
