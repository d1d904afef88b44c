package talent

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/imports"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// The offices keep talents, demands, subsidies and stations in Excel; each
// imports through the imports framework with the columns its export
// writes. The specs are registered once per process; the service of the
// database an import runs on is looked up by its handle.
var importOnce sync.Once

func registerImports() {
	importOnce.Do(func() {
		for _, l := range All {
			if !l.Import {
				continue
			}
			l := l
			imports.Register(imports.Spec{Kind: "talent-" + l.Slug, Title: "talent.title." + l.Slug, Perm: access.PermTalentWrite, Back: l.Base(),
				Columns: importColumns(l), Prepare: func(ctx context.Context, db *store.DB, p *access.Principal) (imports.Session, error) {
					return prepare(ctx, db, p, l)
				}})
		}
	})
}

// importColumns are the ledger's editable fields and, for a ledger that
// does not take its parent's organization, the organization's code.
func importColumns(l *Ledger) []xlsx.Column {
	var cols []xlsx.Column
	for _, f := range l.Editable() {
		c := xlsx.Column{Key: f.Name, Header: f.Label(l), Required: f.Required, Width: 16, Note: i18n.T("talent.note.text")}
		switch f.Kind {
		case Date:
			c.Note, c.Example = i18n.T("talent.note.date"), "2022-05-10"
		case Int:
			c.Note, c.Example = i18n.T("talent.note.int"), "1"
		case Money:
			c.Note, c.Example = i18n.T("talent.note.money"), "1200.00"
		case Bool:
			c.Note, c.Example = i18n.T("talent.note.bool"), i18n.T("common.no")
		case Choice:
			var labels []string
			for _, o := range f.Options(l) {
				labels = append(labels, o.Label)
			}
			c.Note, c.Example = i18n.T("talent.note.choice", strings.Join(labels, "、")), labels[0]
		case Ref:
			c.Note = i18n.T("talent.note.ref", bySlug[f.Ref].Title())
		case Phone:
			c.Note, c.Example = i18n.T("talent.note.phone"), "13843312345"
		case IDNo:
			c.Note = i18n.T("talent.note.id")
		}
		cols = append(cols, c)
	}
	if l.Parent == "" {
		cols = append(cols, xlsx.Column{Key: "org_code", Header: i18n.T("talent.col.org_code"), Required: true, Example: "D0001",
			Note: i18n.T("talent.note.org_code"), Width: 12, Aliases: []string{"组织编码"}})
	}
	return cols
}

type importSession struct {
	svc   *Service
	l     *Ledger
	p     *access.Principal
	cols  []xlsx.Column
	codes map[string]int64            // org code -> id in scope
	refs  map[string]map[string]int64 // ledger -> name -> id (0: the name is not unique)
	orgOf map[string]map[int64]int64  // ledger -> id -> org
	seen  map[string]int              // identity-number hash -> first row
	rows  map[int]importRow
}

type importRow struct {
	org  int64
	vals map[string]any
}

func prepare(ctx context.Context, db *store.DB, p *access.Principal, l *Ledger) (imports.Session, error) {
	v, _ := services.Load(db)
	s := &importSession{svc: v.(*Service), l: l, p: p, cols: importColumns(l), codes: map[string]int64{}, refs: map[string]map[string]int64{},
		orgOf: map[string]map[int64]int64{}, seen: map[string]int{}, rows: map[int]importRow{}}
	var err error
	if s.codes, err = s.svc.codeIDs(ctx, p); err != nil {
		return nil, err
	}
	for _, f := range l.Editable() {
		if f.Kind != Ref || s.refs[f.Ref] != nil {
			continue
		}
		ref := bySlug[f.Ref]
		names, orgs := map[string]int64{}, map[int64]int64{}
		rows, err := db.QueryContext(ctx, `SELECT x.id, x.`+ref.NameField+`, x.org_id`+from(ref)+` WHERE o.path LIKE ?`, p.ScopeLike())
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, org int64
			var name string
			if err := rows.Scan(&id, &name, &org); err != nil {
				rows.Close()
				return nil, err
			}
			if _, dup := names[name]; dup {
				names[name] = 0
			} else {
				names[name] = id
			}
			orgs[id] = org
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		s.refs[f.Ref], s.orgOf[f.Ref] = names, orgs
	}
	return s, nil
}

func (s *importSession) Check(row xlsx.Row) []xlsx.RowError {
	var errs []xlsx.RowError
	headers := map[string]string{}
	for _, c := range s.cols {
		headers[c.Key] = c.Header
	}
	bad := func(key, reason string) {
		errs = append(errs, xlsx.RowError{Row: row.Num, Column: headers[key], Value: row.Get(key), Reason: reason})
	}
	in := Input{Values: map[string]string{}}
	org := int64(0)
	for _, f := range s.l.Editable() {
		v := row.Get(f.Name)
		switch f.Kind {
		case Date:
			if v != "" {
				if t, ok := xlsx.ParseDate(v); ok {
					v = t.Format(day)
				}
			}
		case Ref:
			if v != "" {
				id, ok := s.refs[f.Ref][v]
				switch {
				case !ok:
					bad(f.Name, i18n.T("field.not_found"))
					continue
				case id == 0:
					bad(f.Name, i18n.T("talent.name_ambiguous"))
					continue
				}
				if f.Name == s.l.Parent {
					org = s.orgOf[f.Ref][id]
				}
				v = strconv.FormatInt(id, 10)
			}
		case Phone, IDNo:
			if strings.Contains(v, "*") {
				bad(f.Name, i18n.T("talent.masked_value"))
				continue
			}
		}
		in.Values[f.Name] = v
	}
	if s.l.Parent == "" {
		code := row.Get("org_code")
		id, ok := s.codes[code]
		switch {
		case code == "":
			bad("org_code", i18n.T("field.required"))
		case !ok:
			bad("org_code", i18n.T("field.not_found"))
		}
		org = id
	}
	c := s.svc.check(s.l, in, nil)
	if fe, ok := fault.As(c.v.Err()); ok {
		for _, e := range fe.Fields {
			if headers[e.Field] != "" && !hasErr(errs, headers[e.Field]) {
				bad(e.Field, e.Message)
			}
		}
	}
	if h, _ := c.vals["id_hash"].(string); h != "" {
		if first, dup := s.seen[h]; dup {
			bad("id_number", i18n.T("talent.dup_row", first))
		} else {
			s.seen[h] = row.Num
		}
	}
	if len(errs) == 0 {
		s.rows[row.Num] = importRow{org: org, vals: c.vals}
	}
	return errs
}

func hasErr(errs []xlsx.RowError, column string) bool {
	for _, e := range errs {
		if e.Column == column {
			return true
		}
	}
	return false
}

func (s *importSession) Insert(ctx context.Context, tx *store.Tx, row xlsx.Row) error {
	r := s.rows[row.Num]
	if h, _ := r.vals["id_hash"].(string); h != "" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM talents WHERE id_hash = ?`, h).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &imports.RowFailure{RowError: xlsx.RowError{Row: row.Num, Column: label(s.l.Slug, "id_number"), Value: row.Get("id_number"), Reason: i18n.T("talent.id_taken")}}
		}
	}
	_, err := insert(ctx, tx, s.l, r.org, r.vals, store.Millis(time.Now()))
	return err
}

func (s *importSession) Finish(ctx context.Context, tx *store.Tx, rows int) error { return nil }

// codeIDs maps the codes of the organizations in scope to their ids.
func (s *Service) codeIDs(ctx context.Context, p *access.Principal) (map[string]int64, error) {
	out := map[string]int64{}
	codes, err := s.orgCodes(ctx, p)
	for id, c := range codes {
		out[c] = id
	}
	return out, err
}

// orgCodes maps the ids of the organizations in scope to their codes.
func (s *Service) orgCodes(ctx context.Context, p *access.Principal) (map[int64]string, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, code FROM orgs WHERE path LIKE ?`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		out[id] = code
	}
	return out, rows.Err()
}
