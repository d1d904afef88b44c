package frontline

import (
	"context"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/imports"
	"troika/internal/personal"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// Offices keep deployments and screenings in Excel; both import through
// the imports framework. The specs are registered once per process; the
// keyring of the database an import runs on is looked up by its handle.
var (
	importOnce sync.Once
	keysByDB   sync.Map // *store.DB -> *personal.Keyring
)

func registerImports(db *store.DB, keys *personal.Keyring) {
	keysByDB.Store(db, keys)
	importOnce.Do(func() {
		imports.Register(imports.Spec{Kind: "deployments", Title: "frontline.title.deployment", Perm: access.PermOrgWrite, Back: deployBase,
			Columns: deployColumns(), Prepare: prepareDeployments})
		imports.Register(imports.Spec{Kind: "screenings", Title: "frontline.title.screening", Perm: access.PermFieldWork, Back: screenBase,
			Columns: screenColumns(), Prepare: prepareScreenings})
	})
}

func col(key, header string, required bool, example, note string, width float64, aliases ...string) xlsx.Column {
	return xlsx.Column{Key: key, Header: i18n.T(header), Required: required, Example: example, Note: i18n.T(note), Width: width, Aliases: aliases}
}

func deployColumns() []xlsx.Column {
	return []xlsx.Column{
		col("name", "frontline.field.person_name", true, "金明哲", "frontline.note.name", 10),
		col("id_number", "frontline.field.id_number", true, "222401198503150017", "frontline.note.id_number", 22, "身份证号码", "公民身份号码"),
		col("org_code", "frontline.col.sender_code", true, "D0001", "frontline.note.org_code", 14, "组织编码"),
		col("from_unit", "frontline.field.from_unit", false, "市教育局", "frontline.note.free_text", 20, "单位", "工作单位"),
		col("to_code", "frontline.col.to_code", false, "D0102", "frontline.note.to_code", 14),
		col("to_place", "frontline.field.to_place", false, "春华社区卡口", "frontline.note.to_place", 24, "下沉社区", "下沉地点"),
		col("post", "frontline.field.post", false, "卡口值守", "frontline.note.free_text", 16, "岗位"),
		col("started_on", "frontline.field.started_on", true, "2022-03-12", "frontline.note.date", 14, "下沉日期"),
		col("ended_on", "frontline.field.ended_on", false, "2022-04-20", "frontline.note.end_date", 14),
		col("note", "frontline.field.note", false, "", "frontline.note.free_text", 24),
	}
}

func screenColumns() []xlsx.Column {
	return []xlsx.Column{
		col("screened_on", "frontline.field.screened_on", true, "2022-04-02", "frontline.note.date", 14, "日期"),
		col("place", "frontline.field.place", true, "春华社区3号卡口", "frontline.note.free_text", 24, "地点"),
		col("org_code", "frontline.col.filer_code", true, "D0102", "frontline.note.org_code", 14, "组织编码"),
		col("persons", "frontline.field.persons", true, "35", "frontline.note.persons", 12, "人数", "排查人数"),
		col("team", "frontline.field.team", false, "春华社区志愿者服务队", "frontline.note.team", 24, "队伍"),
		col("note", "frontline.field.note", false, "", "frontline.note.free_text", 24),
	}
}

// scopeCodes maps the codes of the organizations in scope to their ids.
func scopeCodes(ctx context.Context, db *store.DB, p *access.Principal) (map[string]int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT code, id FROM orgs WHERE path LIKE ?`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			return nil, err
		}
		out[code] = id
	}
	return out, rows.Err()
}

type rowErrs struct {
	row  xlsx.Row
	cols map[string]string
	errs []xlsx.RowError
}

func newRowErrs(row xlsx.Row, cols []xlsx.Column) *rowErrs {
	m := map[string]string{}
	for _, c := range cols {
		m[c.Key] = c.Header
	}
	return &rowErrs{row: row, cols: m}
}

func (e *rowErrs) add(key, reason string) {
	e.errs = append(e.errs, xlsx.RowError{Row: e.row.Num, Column: e.cols[key], Value: e.row.Get(key), Reason: reason})
}

func (e *rowErrs) text(key string, max int, required bool) string {
	v := e.row.Get(key)
	switch {
	case required && v == "":
		e.add(key, i18n.T("field.required"))
	case utf8.RuneCountInString(v) > max:
		e.add(key, i18n.T("field.max_len", max))
	}
	return v
}

// date reads an office's date; today bounds it unless future is allowed.
func (e *rowErrs) date(key string, required bool, today string, future bool) string {
	v := e.row.Get(key)
	if v == "" {
		if required {
			e.add(key, i18n.T("field.required"))
		}
		return ""
	}
	t, ok := xlsx.ParseDate(v)
	if !ok {
		e.add(key, i18n.T("field.date_format"))
		return ""
	}
	d := t.Format("2006-01-02")
	if !future && d > today {
		e.add(key, i18n.T("field.date_future"))
		return ""
	}
	return d
}

func (e *rowErrs) org(key string, codes map[string]int64, required bool) int64 {
	v := e.row.Get(key)
	if v == "" {
		if required {
			e.add(key, i18n.T("field.required"))
		}
		return 0
	}
	id, ok := codes[v]
	if !ok {
		e.add(key, i18n.T("field.not_found"))
	}
	return id
}

type deploySession struct {
	db      *store.DB
	keys    *personal.Keyring
	p       *access.Principal
	now     time.Time
	codes   map[string]int64
	members map[string]memberRef // id_hash -> member in scope
	seen    map[string]int       // person and start -> row
	rows    map[int]deployRow
}

type deployRow struct {
	in  DeploymentInput
	who person
}

func prepareDeployments(ctx context.Context, db *store.DB, p *access.Principal) (imports.Session, error) {
	keys, _ := keysByDB.Load(db)
	s := &deploySession{db: db, keys: keys.(*personal.Keyring), p: p, now: time.Now().UTC(), seen: map[string]int{}, rows: map[int]deployRow{}, members: map[string]memberRef{}}
	var err error
	if s.codes, err = scopeCodes(ctx, db, p); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT m.id, m.name, m.id_enc, m.id_hash, m.id_mask FROM members m WHERE m.org_path LIKE ?`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m memberRef
		if err := rows.Scan(&m.ID, &m.Name, &m.IDEnc, &m.IDHash, &m.IDMask); err != nil {
			return nil, err
		}
		s.members[m.IDHash] = m
	}
	return s, rows.Err()
}

func (s *deploySession) Check(row xlsx.Row) []xlsx.RowError {
	e := newRowErrs(row, deployColumns())
	today := s.now.In(access.Shanghai).Format("2006-01-02")
	in := DeploymentInput{Name: e.text("name", 40, true), FromUnit: e.text("from_unit", 80, false), ToPlace: e.text("to_place", 80, false),
		Post: e.text("post", 80, false), Note: e.text("note", 500, false)}
	in.OrgID = e.org("org_code", s.codes, true)
	in.ToOrgID = e.org("to_code", s.codes, false)
	if in.ToOrgID == 0 && in.ToPlace == "" && row.Get("to_code") == "" {
		e.add("to_place", i18n.T("frontline.to_required"))
	}
	in.StartedOn = e.date("started_on", true, today, false)
	in.EndedOn = e.date("ended_on", false, today, true)
	if in.StartedOn != "" && in.EndedOn != "" && in.EndedOn < in.StartedOn {
		e.add("ended_on", i18n.T("frontline.end_before_start"))
	}
	var who person
	if v := row.Get("id_number"); v == "" {
		e.add("id_number", i18n.T("field.required"))
	} else if id, err := idcard.Parse(v, s.now); err != nil {
		e.add("id_number", err.Error())
	} else {
		hash := s.keys.Hash(idHashKind, id.Number)
		if m, ok := s.members[hash]; ok {
			who = person{memberID: m.ID, name: m.Name, idEnc: m.IDEnc, idHash: m.IDHash, idMask: m.IDMask}
		} else {
			who = person{name: in.Name, idEnc: s.keys.Seal(id.Number), idHash: hash, idMask: personal.MaskID(id.Number)}
		}
		key := hash + "|" + in.StartedOn
		if first, dup := s.seen[key]; dup && in.StartedOn != "" {
			e.add("id_number", i18n.T("frontline.dup_row", first))
		} else {
			s.seen[key] = row.Num
		}
	}
	if len(e.errs) == 0 {
		s.rows[row.Num] = deployRow{in: in, who: who}
	}
	return e.errs
}

func (s *deploySession) Insert(ctx context.Context, tx *store.Tx, row xlsx.Row) error {
	d := s.rows[row.Num]
	_, err := insertDeployment(ctx, tx, d.in, d.who, store.Millis(time.Now()))
	return err
}

func (s *deploySession) Finish(ctx context.Context, tx *store.Tx, rows int) error { return nil }

type screenSession struct {
	p     *access.Principal
	now   time.Time
	codes map[string]int64
	teams map[string]int64 // name -> id, in scope
	rows  map[int]ScreeningInput
}

func prepareScreenings(ctx context.Context, db *store.DB, p *access.Principal) (imports.Session, error) {
	s := &screenSession{p: p, now: time.Now().UTC(), teams: map[string]int64{}, rows: map[int]ScreeningInput{}}
	var err error
	if s.codes, err = scopeCodes(ctx, db, p); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT t.name, t.id FROM frontline_teams t JOIN orgs o ON o.id = t.org_id WHERE o.path LIKE ? ORDER BY t.id`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			return nil, err
		}
		if _, seen := s.teams[name]; !seen {
			s.teams[name] = id
		}
	}
	return s, rows.Err()
}

func (s *screenSession) Check(row xlsx.Row) []xlsx.RowError {
	e := newRowErrs(row, screenColumns())
	today := s.now.In(access.Shanghai).Format("2006-01-02")
	in := ScreeningInput{Place: e.text("place", 80, true), Note: e.text("note", 500, false)}
	in.ScreenedOn = e.date("screened_on", true, today, false)
	in.OrgID = e.org("org_code", s.codes, true)
	if v := row.Get("persons"); v == "" {
		e.add("persons", i18n.T("field.required"))
	} else if n, err := strconv.Atoi(v); err != nil {
		e.add("persons", i18n.T("field.number"))
	} else if n < 0 || n > maxPersons {
		e.add("persons", i18n.T("field.range", 0, maxPersons))
	} else {
		in.Persons = n
	}
	if v := row.Get("team"); v != "" {
		if id, ok := s.teams[v]; ok {
			in.TeamID = id
		} else {
			e.add("team", i18n.T("field.not_found"))
		}
	}
	if len(e.errs) == 0 {
		s.rows[row.Num] = in
	}
	return e.errs
}

func (s *screenSession) Insert(ctx context.Context, tx *store.Tx, row xlsx.Row) error {
	_, err := insertScreening(ctx, tx, s.p, s.rows[row.Num], store.Millis(time.Now()))
	return err
}

func (s *screenSession) Finish(ctx context.Context, tx *store.Tx, rows int) error { return nil }
