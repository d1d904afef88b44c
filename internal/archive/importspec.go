package archive

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/imports"
	"troika/internal/personal"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// The centre keeps its 接收登记 (receipt register) in Excel; importing it
// registers every row as a received archive, all rows or none.
func init() {
	imports.Register(imports.Spec{
		Kind:  "archives",
		Title: "archive.import_title",
		Perm:  access.PermOrgWrite,
		Back:  "/archives",
		Columns: []xlsx.Column{
			{Key: "name", Header: "姓名", Required: true, Example: "金顺姬", Note: "档案所属党员姓名", Width: 10},
			{Key: "id_number", Header: "身份证号", Aliases: []string{"公民身份号码", "身份证号码"}, Required: true, Example: "222405196803150027", Note: "18位，校验码须正确", Width: 22},
			{Key: "org_code", Header: "所属组织编码", Aliases: []string{"组织编码", "党组织编码"}, Required: true, Example: "D0012", Note: "党员所在党组织的编码（见组织查询）", Width: 14},
			{Key: "received_on", Header: "接收日期", Required: true, Example: "2022-03-15", Note: "如 2022-03-15、2022/3/15、2022年3月15日", Width: 12},
			{Key: "received_from", Header: "移交单位", Aliases: []string{"移交人", "来源"}, Required: true, Example: "明东村党支部 李春梅", Note: "从哪个单位、由谁移交", Width: 24},
			{Key: "receiver", Header: "经办人", Aliases: []string{"接收人"}, Example: "崔英爱", Width: 10},
			{Key: "materials", Header: "材料清单", Aliases: []string{"档案材料"}, Required: true, Example: "入党志愿书×1；政治审查材料×2", Note: "材料名称×份数，以“；”分隔；不写份数按1份", Width: 40},
			{Key: "note", Header: "备注", Width: 20},
		},
		Prepare: prepareImport,
	})
}

type importSession struct {
	ctx  context.Context
	svc  *Service
	p    *access.Principal
	orgs map[string]int64 // code -> id, live organizations in scope
	seen map[string]int   // ID hash -> first row in the file
}

func prepareImport(ctx context.Context, db *store.DB, p *access.Principal) (imports.Session, error) {
	v, ok := services.Load(db)
	if !ok {
		return nil, errNoService
	}
	s := &importSession{ctx: ctx, svc: v.(*Service), p: p, orgs: map[string]int64{}, seen: map[string]int{}}
	rows, err := db.QueryContext(ctx, `SELECT code, id FROM orgs WHERE path LIKE ? AND dissolved = FALSE`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			return nil, err
		}
		s.orgs[strings.ToUpper(code)] = id
	}
	return s, rows.Err()
}

type importError string

func (e importError) Error() string { return string(e) }

const errNoService = importError("archive: no service for this database")

var (
	materialSep = regexp.MustCompile(`[；;、，,\n]+`)
	materialQty = regexp.MustCompile(`^(.+?)\s*[×xX*＊]\s*(\d+)\s*份?$`)
	materialFen = regexp.MustCompile(`^(.+?)\s*(\d+)\s*份$`)
)

// ParseMaterials reads "入党志愿书×1；政治审查材料×2" (or "…2份"); an item
// without a count is one copy.
func ParseMaterials(s string) ([]Material, bool) {
	var out []Material
	for _, part := range materialSep.Split(s, -1) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		m := Material{Name: part, Copies: 1}
		if g := materialQty.FindStringSubmatch(part); g != nil {
			m.Name, m.Copies = strings.TrimSpace(g[1]), atoi(g[2])
		} else if g := materialFen.FindStringSubmatch(part); g != nil {
			m.Name, m.Copies = strings.TrimSpace(g[1]), atoi(g[2])
		}
		if m.Copies < 1 || m.Copies > 999 || len([]rune(m.Name)) > 60 {
			return nil, false
		}
		out = append(out, m)
	}
	return out, len(out) > 0
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// input turns a row into an archive input; errs names what is wrong.
func (s *importSession) input(row xlsx.Row) (Input, []xlsx.RowError) {
	var errs []xlsx.RowError
	bad := func(key, header, reason string) {
		errs = append(errs, xlsx.RowError{Row: row.Num, Column: header, Value: row.Get(key), Reason: reason})
	}
	in := Input{Name: row.Get("name"), IDNumber: row.Get("id_number"), ReceivedFrom: row.Get("received_from"),
		Receiver: row.Get("receiver"), Note: row.Get("note")}
	if id, ok := s.orgs[strings.ToUpper(strings.TrimSpace(row.Get("org_code")))]; ok {
		in.OrgID = id
	} else {
		bad("org_code", "所属组织编码", i18n.T("field.not_found"))
	}
	if d, ok := xlsx.ParseDate(row.Get("received_on")); ok {
		in.ReceivedOn = d.Format(day)
	} else {
		bad("received_on", "接收日期", i18n.T("field.date_format"))
	}
	if ms, ok := ParseMaterials(row.Get("materials")); ok {
		in.Materials = ms
	} else {
		bad("materials", "材料清单", i18n.T("archive.materials_format"))
	}
	return in, errs
}

var importHeaders = map[string]string{"name": "姓名", "id_number": "身份证号", "org_id": "所属组织编码", "received_on": "接收日期",
	"received_from": "移交单位", "receiver": "经办人", "materials": "材料清单", "note": "备注"}

func (s *importSession) Check(row xlsx.Row) []xlsx.RowError {
	in, errs := s.input(row)
	if len(errs) > 0 {
		return errs
	}
	v := s.svc.validate(&in)
	for _, fe := range v.List() {
		errs = append(errs, xlsx.RowError{Row: row.Num, Column: importHeaders[fe.Field], Value: row.Get(fe.Field), Reason: fe.Message})
	}
	if len(errs) > 0 {
		return errs
	}
	id, _ := idcard.Parse(in.IDNumber, time.Now())
	hash := s.svc.Keys.Hash("id", id.Number)
	if first, dup := s.seen[hash]; dup {
		return []xlsx.RowError{{Row: row.Num, Column: "身份证号", Value: personal.MaskID(id.Number), Reason: i18n.T("archive.dup_in_file", first)}}
	}
	s.seen[hash] = row.Num
	var n int
	if err := s.svc.DB.QueryRowContext(s.ctx, `SELECT COUNT(*) FROM archives WHERE id_hash = ? AND status <> 'transferred'`, hash).Scan(&n); err != nil {
		return []xlsx.RowError{{Row: row.Num, Column: "身份证号", Reason: i18n.T("import.internal")}}
	}
	if n > 0 {
		return []xlsx.RowError{{Row: row.Num, Column: "身份证号", Value: personal.MaskID(id.Number), Reason: i18n.T("archive.already_held")}}
	}
	return nil
}

func (s *importSession) Insert(ctx context.Context, tx *store.Tx, row xlsx.Row) error {
	in, errs := s.input(row)
	if len(errs) > 0 {
		return &imports.RowFailure{RowError: errs[0]}
	}
	v := s.svc.validate(&in)
	r, err := s.svc.resolve(ctx, tx, s.p, in, &v)
	if err != nil {
		return err
	}
	if l := v.List(); len(l) > 0 {
		return &imports.RowFailure{RowError: xlsx.RowError{Row: row.Num, Column: importHeaders[l[0].Field], Reason: l[0].Message}}
	}
	if _, err := s.svc.insertRow(ctx, tx, r, in.Materials); err != nil {
		if fault.CodeOf(err) == fault.Invalid {
			return &imports.RowFailure{RowError: xlsx.RowError{Row: row.Num, Column: "身份证号", Reason: i18n.T("archive.already_held")}}
		}
		return err
	}
	return nil
}

func (s *importSession) Finish(ctx context.Context, tx *store.Tx, rows int) error { return nil }
