package coop

import (
	"context"
	"strings"
	"sync"
	"time"

	"troika/internal/access"
	"troika/internal/i18n"
	"troika/internal/imports"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// Village offices keep their collective income in Excel; it imports
// through the imports framework, all rows or none.
var importOnce sync.Once

func registerImports() {
	importOnce.Do(func() {
		imports.Register(imports.Spec{Kind: "coop-incomes", Title: "coop.title.incomes", Perm: access.PermOrgWrite, Back: incomeBase,
			Columns: incomeColumns(), Prepare: prepareIncomes})
	})
}

func col(key, header string, required bool, example, note string, width float64, aliases ...string) xlsx.Column {
	return xlsx.Column{Key: key, Header: i18n.T(header), Required: required, Example: example, Note: i18n.T(note), Width: width, Aliases: aliases}
}

func incomeColumns() []xlsx.Column {
	return []xlsx.Column{
		col("received_on", "coop.field.received_on", true, "2022-10-15", "coop.note.date", 14, "日期", "入账时间"),
		col("org_code", "coop.col.org_code", true, "D0012", "coop.note.org_code", 14, "组织编码"),
		col("item", "coop.field.item", true, "联合社大米销售分红", "coop.note.item", 28, "项目", "摘要"),
		col("amount", "coop.field.amount_yuan", true, "23500.00", "coop.note.amount", 14, "金额", "金额(元)", "收入金额"),
		col("payer", "coop.field.payer", false, "某市党支部领办合作社联合社", "coop.note.free_text", 28, "付款方"),
		col("via_union", "coop.field.via_union", false, "是", "coop.note.via_union", 12, "联合社增收"),
		col("voucher_no", "coop.field.voucher_no", false, "记-2022-10-015", "coop.note.free_text", 16, "凭证号"),
		col("note", "coop.field.note", false, "", "coop.note.free_text", 24),
	}
}

// villageCode is an organization in scope as the import checks it.
type villageCode struct {
	id      int64
	village bool
}

type incomeSession struct {
	p     *access.Principal
	today string
	codes map[string]villageCode
	seen  map[string]int // village, date, voucher → first row
	rows  map[int]IncomeInput
}

func prepareIncomes(ctx context.Context, db *store.DB, p *access.Principal) (imports.Session, error) {
	s := &incomeSession{p: p, today: time.Now().In(access.Shanghai).Format(day), codes: map[string]villageCode{}, seen: map[string]int{}, rows: map[int]IncomeInput{}}
	rows, err := db.QueryContext(ctx, `SELECT code, id, kind, domain, dissolved FROM orgs WHERE path LIKE ?`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code, kind, domain string
		var id int64
		var dissolved bool
		if err := rows.Scan(&code, &id, &kind, &domain, &dissolved); err != nil {
			return nil, err
		}
		if !dissolved {
			s.codes[code] = villageCode{id: id, village: domain == "rural" && (kind == "branch" || kind == "general")}
		}
	}
	return s, rows.Err()
}

func (s *incomeSession) Check(row xlsx.Row) []xlsx.RowError {
	headers := map[string]string{}
	for _, c := range incomeColumns() {
		headers[c.Key] = c.Header
	}
	var errs []xlsx.RowError
	add := func(key, reason string) {
		errs = append(errs, xlsx.RowError{Row: row.Num, Column: headers[key], Value: row.Get(key), Reason: reason})
	}
	in := IncomeInput{Item: row.Get("item"), Payer: row.Get("payer"), VoucherNo: row.Get("voucher_no"), Note: row.Get("note")}
	reported := map[string]bool{} // unreadable cells, not checked again
	if v := row.Get("received_on"); v != "" {
		if d, ok := xlsx.ParseDate(v); ok {
			in.ReceivedOn = d.Format(day)
		} else {
			add("received_on", i18n.T("field.date_format"))
			reported["received_on"] = true
		}
	}
	if v := row.Get("amount"); v != "" {
		if fen, ok := ParseYuan(v); ok {
			in.Amount = fen
		} else {
			add("amount", i18n.T("coop.money_format"))
			reported["amount"] = true
		}
	} else {
		add("amount", i18n.T("field.required"))
		reported["amount"] = true
	}
	switch v := strings.TrimSpace(row.Get("via_union")); v {
	case "", "否", "N", "n", "0":
	case "是", "Y", "y", "1":
		in.ViaUnion = true
	default:
		add("via_union", i18n.T("coop.yes_no"))
	}
	switch code := row.Get("org_code"); {
	case code == "":
		add("org_code", i18n.T("field.required"))
	case s.codes[code].id == 0:
		add("org_code", i18n.T("field.not_found"))
	case !s.codes[code].village:
		add("org_code", i18n.T("coop.not_village"))
	default:
		in.OrgID = s.codes[code].id
	}
	// The fields' own rules are the form's; their messages become cells.
	f := &form{today: s.today}
	checkIncomeFields(f, &in)
	for _, fe := range f.v.List() {
		if !reported[fe.Field] {
			add(fe.Field, fe.Message)
		}
	}
	if in.VoucherNo != "" && in.OrgID != 0 {
		k := itoa(in.OrgID) + "|" + in.VoucherNo
		if first, dup := s.seen[k]; dup {
			add("voucher_no", i18n.T("coop.dup_row", first))
		} else {
			s.seen[k] = row.Num
		}
	}
	if len(errs) == 0 {
		s.rows[row.Num] = in
	}
	return errs
}

func (s *incomeSession) Insert(ctx context.Context, tx *store.Tx, row xlsx.Row) error {
	_, err := insertIncome(ctx, tx, s.rows[row.Num], store.Millis(time.Now()))
	return err
}

func (s *incomeSession) Finish(ctx context.Context, tx *store.Tx, rows int) error { return nil }

// orgCodes maps the ids of the organizations in scope to their codes, for
// exports that an import can read back.
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
