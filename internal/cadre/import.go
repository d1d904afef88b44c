package cadre

import (
	"context"
	"strconv"
	"strings"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/imports"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// The roster is kept in Excel by the 干部科 today: its workbook has the
// form's fields as columns (labels as in the export) and the unit's
// organization code.

// importColumns are the roster workbook's columns.
func importColumns() []xlsx.Column {
	cols := []xlsx.Column{{Key: "org_code", Header: i18n.T("cadre.col.org_code"), Aliases: []string{"组织编码", "单位编码"},
		Required: true, Example: "D0010", Note: i18n.T("cadre.note.org_code"), Width: 12}}
	examples := map[string]string{"name": "金哲洙", "id_number": "222401198503120031", "ethnicity": "朝鲜族", "position": "某镇党委副书记",
		"grade": "副科级", "post_since": "2020-06-01", "edu_fulltime": "大学本科", "political": "中共党员", "status": "在职"}
	for _, f := range cadres.FormFields() {
		if f.Kind == kOrg {
			continue
		}
		c := xlsx.Column{Key: f.Key, Header: f.Label(), Required: f.Req || f.Key == "id_number", Example: examples[f.Key], Width: 14}
		if f.Kind == kSelect {
			var labels []string
			for _, o := range f.Options {
				labels = append(labels, f.OptLabel(o))
			}
			c.Note = i18n.T("cadre.note.one_of", strings.Join(labels, "、"))
		} else if f.Kind == kDate {
			c.Note = i18n.T("field.date_format")
		}
		cols = append(cols, c)
	}
	return cols
}

func init() {
	imports.Register(imports.Spec{
		Kind: "cadres", Title: "cadre.import_title", Columns: importColumns(), Perm: access.PermCadreWrite, Back: "/cadres",
		Prepare: func(ctx context.Context, db *store.DB, p *access.Principal) (imports.Session, error) {
			v, ok := services.Load(db)
			if !ok {
				return nil, fault.New(fault.Internal, "cadre service not started")
			}
			return v.(*Service).newImport(ctx, p)
		},
	})
}

type importSession struct {
	s    *Service
	p    *access.Principal
	orgs map[string]int64 // code -> id, in scope
	seen map[string]int   // ID number -> first row
}

func (s *Service) newImport(ctx context.Context, p *access.Principal) (*importSession, error) {
	is := &importSession{s: s, p: p, orgs: map[string]int64{}, seen: map[string]int{}}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, code FROM orgs WHERE path LIKE ? AND dissolved = FALSE`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		is.orgs[strings.ToUpper(code)] = id
	}
	return is, rows.Err()
}

// values turns a row's labels into the form's values.
func (is *importSession) values(row xlsx.Row) (map[string]string, []xlsx.RowError) {
	in := map[string]string{}
	var errs []xlsx.RowError
	bad := func(key, header, msg string) {
		errs = append(errs, xlsx.RowError{Row: row.Num, Column: header, Reason: msg})
	}
	if id, ok := is.orgs[strings.ToUpper(row.Get("org_code"))]; ok {
		in["org_id"] = strconv.FormatInt(id, 10)
	} else {
		bad("org_code", i18n.T("cadre.col.org_code"), i18n.T("field.not_found"))
	}
	for _, f := range cadres.FormFields() {
		if f.Kind == kOrg {
			continue
		}
		raw := row.Get(f.Key)
		if f.Kind == kSelect && raw != "" {
			found := false
			for _, o := range f.Options {
				if raw == o || raw == f.OptLabel(o) {
					raw, found = o, true
					break
				}
			}
			if !found {
				bad(f.Key, f.Label(), i18n.T("field.unknown_value"))
			}
		}
		in[f.Key] = raw
	}
	if in["status"] == "" {
		in["status"] = "serving"
	}
	return in, errs
}

func (is *importSession) Check(row xlsx.Row) []xlsx.RowError {
	in, errs := is.values(row)
	var v fault.Fields
	cadres.parse(in, is.s.today(), &v)
	for _, fe := range v.List() {
		errs = append(errs, xlsx.RowError{Row: row.Num, Column: fe.Label, Reason: fe.Message})
	}
	n := strings.ToUpper(strings.TrimSpace(in["id_number"]))
	if n == "" {
		f, _ := cadres.field("id_number")
		errs = append(errs, xlsx.RowError{Row: row.Num, Column: f.Label(), Reason: i18n.T("field.required")})
	} else if first, dup := is.seen[n]; dup {
		f, _ := cadres.field("id_number")
		errs = append(errs, xlsx.RowError{Row: row.Num, Column: f.Label(), Reason: i18n.T("cadre.id_twice", first)})
	} else {
		is.seen[n] = row.Num
	}
	return errs
}

func (is *importSession) Insert(ctx context.Context, tx *store.Tx, row xlsx.Row) error {
	in, _ := is.values(row)
	if _, err := is.s.createIn(ctx, tx, is.p, cadres, 0, in); err != nil {
		e, ok := fault.As(err)
		if !ok {
			return err
		}
		reason, col := e.Message, ""
		for _, fe := range e.Fields {
			reason, col = fe.Message, fe.Label
		}
		return &imports.RowFailure{RowError: xlsx.RowError{Row: row.Num, Column: col, Reason: reason}}
	}
	return nil
}

func (is *importSession) Finish(ctx context.Context, tx *store.Tx, rows int) error { return nil }
