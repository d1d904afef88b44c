package grid

import (
	"context"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/imports"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// importColumns are the resident register's workbook columns, with the
// headers communities already use as aliases.
func importColumns() []xlsx.Column {
	col := func(key string, req bool, example string, width float64, aliases ...string) xlsx.Column {
		return xlsx.Column{Key: key, Header: i18n.T("grid.col." + key), Aliases: aliases, Required: req,
			Example: example, Note: i18n.T("grid.note." + key), Width: width}
	}
	return []xlsx.Column{
		col("grid_code", true, "G0101", 12, "网格编号", "所属网格编码"),
		col("household_code", true, "0001", 10, "户编号", "户籍号"),
		col("address", false, "春华社区3号楼2单元301", 28, "现住址", "居住地址", "住址"),
		col("name", true, "金明哲", 10),
		col("relation", false, "户主", 10, "与户主关系", "关系"),
		col("id_number", true, "222401198503120031", 22, "身份证号", "身份证号码", "身份证"),
		col("gender", false, "男", 6),
		col("ethnicity", false, "朝鲜族", 8),
		col("phone", false, "13843312345", 14, "手机号", "手机号码", "联系方式"),
		col("registered_address", false, "", 24, "户籍地", "户籍所在地"),
		col("moved_in", false, "2015-05-01", 12, "入住日期", "登记日期"),
		col("tags", false, "独居老人", 16, "人员类别", "标签", "特殊人群"),
		col("note", false, "", 20),
	}
}

func init() {
	imports.Register(imports.Spec{
		Kind: "residents", Title: "grid.import_title", Columns: importColumns(), Perm: access.PermOrgWrite, Back: "/residents",
		Prepare: func(ctx context.Context, db *store.DB, p *access.Principal) (imports.Session, error) {
			v, ok := services.Load(db)
			if !ok {
				return nil, fault.New(fault.Internal, "grid service not started")
			}
			return v.(*Service).newImport(ctx, p)
		},
	})
}

// importBatch is how many residents one INSERT writes.
const importBatch = 400

// importSession checks and writes one workbook. It keeps no rows: only the
// grids in scope by code, the households already entered, the keyed hashes
// of ID numbers on record and seen in the file, and one batch.
type importSession struct {
	s          *Service
	p          *access.Principal
	cols       map[string]string // field key -> header
	grids      map[string]int64  // code -> id (active, in scope)
	households map[string]int64  // grid id|code -> id, existing and written
	newHH      map[string]bool   // grid id|code opened by an earlier row of the file (with an address)
	tags       map[string]int64  // name -> id (active)
	existing   map[[32]byte]struct{}
	seen       map[[32]byte]int32
	today      string
	buf        []resRecord
	bufRows    []int
}

func (s *Service) newImport(ctx context.Context, p *access.Principal) (*importSession, error) {
	is := &importSession{s: s, p: p, cols: map[string]string{}, grids: map[string]int64{}, households: map[string]int64{},
		newHH: map[string]bool{}, tags: map[string]int64{}, existing: map[[32]byte]struct{}{}, seen: map[[32]byte]int32{}, today: s.today()}
	for _, c := range importColumns() {
		is.cols[c.Key] = c.Header
	}
	is.cols["grid_id"] = is.cols["grid_code"]
	is.cols["tag_ids"] = is.cols["tags"]
	cond, args := scoped(p)
	rows, err := s.DB.QueryContext(ctx, `SELECT g.id, g.code FROM grids g JOIN orgs o ON o.id = g.org_id WHERE g.active = TRUE AND `+cond, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return nil, err
		}
		is.grids[strings.ToUpper(code)] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.DB.QueryContext(ctx, `SELECT h.id, h.grid_id, h.code FROM households h JOIN grids g ON g.id = h.grid_id
		JOIN orgs o ON o.id = g.org_id WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, gid int64
		var code string
		if err := rows.Scan(&id, &gid, &code); err != nil {
			rows.Close()
			return nil, err
		}
		is.households[hhKey(gid, code)] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tags, err := s.Tags(ctx, p, false)
	if err != nil {
		return nil, err
	}
	for _, t := range tags {
		is.tags[t.Name] = t.ID
	}
	// A person is on the city's resident record once, whatever the scope.
	hrows, err := s.DB.QueryContext(ctx, `SELECT id_hash FROM residents`)
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

func hhKey(gridID int64, code string) string { return strconv.FormatInt(gridID, 10) + "|" + code }

func hashKey(h string) ([32]byte, bool) {
	var k [32]byte
	if len(h) != 64 {
		return k, false
	}
	_, err := hex.Decode(k[:], []byte(h))
	return k, err == nil
}

// parsed is a row read and validated: the record and its household.
type parsedRow struct {
	rec     resRecord
	gridID  int64
	hhCode  string
	address string
	errs    []xlsx.RowError
}

// read turns a workbook row into a record with every rule of the form, the
// grid code and the tags checked.
func (is *importSession) read(row xlsx.Row) parsedRow {
	var pr parsedRow
	bad := func(key, reason string) {
		pr.errs = append(pr.errs, xlsx.RowError{Row: row.Num, Column: is.cols[key], Value: row.Get(key), Reason: reason})
	}
	in := ResidentInput{Name: row.Get("name"), Relation: row.Get("relation"), Gender: row.Get("gender"), Ethnicity: row.Get("ethnicity"),
		IDNumber: row.Get("id_number"), Phone: row.Get("phone"), RegAddress: row.Get("registered_address"), MovedIn: row.Get("moved_in"),
		Note: row.Get("note")}
	var v fault.Fields
	pr.rec = is.s.checkResident(&in, "", &v)
	if e, ok := fault.As(v.Err()); ok {
		for _, f := range e.Fields {
			col, ok := is.cols[f.Field]
			if !ok {
				col = f.Label
			}
			pr.errs = append(pr.errs, xlsx.RowError{Row: row.Num, Column: col, Value: row.Get(f.Field), Reason: f.Message})
		}
	}
	code := strings.ToUpper(strings.TrimSpace(row.Get("grid_code")))
	switch id, ok := is.grids[code]; {
	case code == "":
		bad("grid_code", i18n.T("field.required"))
	case !ok:
		bad("grid_code", i18n.T("grid.code_unknown"))
	default:
		pr.gridID = id
	}
	pr.hhCode = strings.ToUpper(strings.TrimSpace(row.Get("household_code")))
	switch n := len([]rune(pr.hhCode)); {
	case n == 0:
		bad("household_code", i18n.T("field.required"))
	case n > 30:
		bad("household_code", i18n.T("field.max_len", 30))
	}
	pr.address = strings.TrimSpace(row.Get("address"))
	if len([]rune(pr.address)) > 100 {
		bad("address", i18n.T("field.max_len", 100))
	}
	if t := strings.TrimSpace(row.Get("tags")); t != "" {
		for _, name := range strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(",，、;；/ ", r) }) {
			if id, ok := is.tags[name]; ok {
				if !slices.Contains(pr.rec.tags, id) {
					pr.rec.tags = append(pr.rec.tags, id)
				}
			} else {
				bad("tags", i18n.T("grid.tag_unknown_named", name))
			}
		}
	}
	return pr
}

// Check validates a row, its household (known, or opened with an address
// by this or an earlier row) and its ID number against the record and the
// rows before it.
func (is *importSession) Check(row xlsx.Row) []xlsx.RowError {
	pr := is.read(row)
	if pr.gridID != 0 && pr.hhCode != "" {
		k := hhKey(pr.gridID, pr.hhCode)
		if _, ok := is.households[k]; !ok && !is.newHH[k] {
			if pr.address == "" {
				pr.errs = append(pr.errs, xlsx.RowError{Row: row.Num, Column: is.cols["address"], Reason: i18n.T("grid.address_for_new")})
			} else {
				is.newHH[k] = true
			}
		}
	}
	if pr.rec.idNumber != "" {
		k, _ := hashKey(IDHash(is.s.Keys, pr.rec.idNumber))
		if _, dup := is.existing[k]; dup {
			pr.errs = append(pr.errs, xlsx.RowError{Row: row.Num, Column: is.cols["id_number"], Value: row.Get("id_number"),
				Reason: i18n.T("grid.id_taken")})
		} else if first, dup := is.seen[k]; dup {
			pr.errs = append(pr.errs, xlsx.RowError{Row: row.Num, Column: is.cols["id_number"], Value: row.Get("id_number"),
				Reason: i18n.T("grid.id_dup_in_file", first)})
		} else {
			is.seen[k] = int32(row.Num)
		}
	}
	return pr.errs
}

// Insert adds a checked row to the batch, opening its household first
// when it is new, and writes the batch when full.
func (is *importSession) Insert(ctx context.Context, tx *store.Tx, row xlsx.Row) error {
	pr := is.read(row)
	if len(pr.errs) > 0 {
		return &imports.RowFailure{RowError: xlsx.RowError{Row: row.Num, Reason: i18n.T("grid.row_changed")}}
	}
	k := hhKey(pr.gridID, pr.hhCode)
	hid, ok := is.households[k]
	if !ok {
		at := store.Millis(is.s.Now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO households (grid_id, code, address, note, created_at, updated_at)
			VALUES (?, ?, ?, '', ?, ?) RETURNING id`, pr.gridID, pr.hhCode, pr.address, at, at).Scan(&hid); err != nil {
			return err
		}
		is.households[k] = hid
	}
	rec := pr.rec
	is.s.seal(&rec)
	rec.HouseholdID, rec.GridID, rec.At = hid, pr.gridID, store.Millis(is.s.Now())
	is.buf = append(is.buf, rec)
	is.bufRows = append(is.bufRows, row.Num)
	if len(is.buf) >= importBatch {
		return is.flush(ctx, tx)
	}
	return nil
}

// flush writes the batch of residents and their tags.
func (is *importSession) flush(ctx context.Context, tx *store.Tx) error {
	if len(is.buf) == 0 {
		return nil
	}
	// A resident entered by someone else since pass one would abort the
	// transaction on the unique index; name the row instead.
	hashes := make([]any, len(is.buf))
	for i := range is.buf {
		hashes[i] = is.buf[i].IDHash
	}
	var taken string
	err := tx.QueryRowContext(ctx, `SELECT id_hash FROM residents WHERE id_hash IN (`+store.Placeholders(len(hashes))+`) LIMIT 1`,
		hashes...).Scan(&taken)
	if err == nil {
		for i := range is.buf {
			if is.buf[i].IDHash == taken {
				return &imports.RowFailure{RowError: xlsx.RowError{Row: is.bufRows[i], Column: is.cols["id_number"],
					Value: is.buf[i].IDMask, Reason: i18n.T("grid.id_taken")}}
			}
		}
	} else if !store.IsNoRows(err) {
		return err
	}
	if err := insertResidents(ctx, tx, is.buf, is.today); err != nil {
		return err
	}
	is.buf, is.bufRows = is.buf[:0], is.bufRows[:0]
	return nil
}

// Finish writes the last batch.
func (is *importSession) Finish(ctx context.Context, tx *store.Tx, rows int) error {
	return is.flush(ctx, tx)
}

// insertResidents writes sealed records with one statement, then their
// tags with another.
func insertResidents(ctx context.Context, tx *store.Tx, recs []resRecord, since string) error {
	var sb strings.Builder
	sb.WriteString(`INSERT INTO residents ` + resInsertCols + ` VALUES `)
	args := make([]any, 0, len(recs)*resArity)
	tagged := false
	for i := range recs {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(resRowPH)
		args = append(args, recs[i].args()...)
		tagged = tagged || len(recs[i].tags) > 0
	}
	if !tagged {
		_, err := tx.ExecContext(ctx, sb.String(), args...)
		return err
	}
	sb.WriteString(` RETURNING id, id_hash`)
	rows, err := tx.QueryContext(ctx, sb.String(), args...)
	if err != nil {
		return err
	}
	ids := make(map[string]int64, len(recs))
	for rows.Next() {
		var id int64
		var h string
		if err := rows.Scan(&id, &h); err != nil {
			rows.Close()
			return err
		}
		ids[h] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	sb.Reset()
	sb.WriteString(`INSERT INTO resident_tag_links (resident_id, tag_id, since) VALUES `)
	args = args[:0]
	for i := range recs {
		for _, t := range recs[i].tags {
			if len(args) > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString("(?, ?, ?)")
			args = append(args, ids[recs[i].IDHash], t, since)
		}
	}
	_, err = tx.ExecContext(ctx, sb.String(), args...)
	return err
}
