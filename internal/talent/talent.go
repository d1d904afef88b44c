// Package talent keeps the ledgers of the 人才办 (引、育、留): talents and
// the reserve pool (人才储备库), leads on talents outside the region
// (域外人才信息), the order-based training plan (农科生"订单式"培养),
// enterprise demands (人才引进需求台账), the 人才服务企业月 visits and the
// people recruited (招才引智), subsidies with approval and payment, reading
// groups and online courses, return-home entrepreneurship service stations
// (返乡创业服务站) with the problems they solve, publicity of returnees
// (返乡品) and the department's documents. Its figures are rows 36–44 of the
// annual summary.
//
// The ledgers share one shape — a record on an organization, a few typed
// fields, a list, a form, a detail page, an export and an API — so each is
// described once (ledgers.go) and served by the same code; what is
// particular (converting a lead, recruiting for a demand, approving and
// paying a subsidy) is written out in its own file.
package talent

import (
	"encoding/json"
	"strconv"
	"time"

	"troika/internal/i18n"
)

// Kind is how a field is stored, entered and shown.
type Kind int

const (
	Text   Kind = iota // one line
	Long               // several lines
	Date               // YYYY-MM-DD
	Int                // a whole number
	Money              // fen; entered in 元
	Bool               // 是/否
	Choice             // one of Choices, stored as the code
	Ref                // the id of a record of ledger Ref, in scope
	Phone              // sealed: phone_enc, phone_hash, phone_mask
	IDNo               // sealed: id_enc, id_hash, id_mask
)

// Field is one column of a ledger.
type Field struct {
	Name     string // column, JSON key and form name
	Kind     Kind
	Required bool
	Max      int      // characters of text, or the largest number
	Choices  []string // codes of a Choice
	Ref      string   // the ledger a Ref points at
	List     bool     // a column of the list
	Search   bool     // searched by the keyword
	Filter   bool     // a Choice or Bool offered as a list filter
	ReadOnly bool     // set by the ledger's actions, never typed
	Default  string   // the value on create when none is given
	Future   bool     // a date that may lie after today
	After    string   // a date that may not lie before this field's
}

// Child is a ledger listed on a record's page: its records whose Field
// points at the record.
type Child struct {
	Ledger string
	Field  string
}

// Ledger describes one ledger.
type Ledger struct {
	Slug      string // URL segment and catalog key part
	Table     string
	Parent    string // a Ref field whose record's organization the record takes
	DateField string // the record's date: order, filters, default period
	NameField string // the field that names a record
	Fields    []Field
	Children  []Child
	Figures   []string // indicator keys shown on the list page
	Import    bool     // offices keep it in Excel: an import is registered
	Nav       int      // menu order; 0 keeps it off the menu
}

// Title is the ledger's Chinese name.
func (l *Ledger) Title() string { return i18n.T("talent.title." + l.Slug) }

// New is the label of the create button.
func (l *Ledger) New() string { return i18n.T("talent.new." + l.Slug) }

// Base is the ledger's page.
func (l *Ledger) Base() string { return "/talent/" + l.Slug }

// Field returns the field named name.
func (l *Ledger) Field(name string) (Field, bool) {
	for _, f := range l.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// F is the field named name, or the zero field (for templates).
func (l *Ledger) F(name string) Field {
	f, _ := l.Field(name)
	return f
}

// OrgLabel names the organization a record hangs on.
func (l *Ledger) OrgLabel() string { return label(l.Slug, "org_id") }

// Editable are the fields a form shows.
func (l *Ledger) Editable() []Field {
	var out []Field
	for _, f := range l.Fields {
		if !f.ReadOnly {
			out = append(out, f)
		}
	}
	return out
}

// ListFields are the list's columns.
func (l *Ledger) ListFields() []Field {
	var out []Field
	for _, f := range l.Fields {
		if f.List {
			out = append(out, f)
		}
	}
	return out
}

// FilterFields are the choices a list can be narrowed by.
func (l *Ledger) FilterFields() []Field {
	var out []Field
	for _, f := range l.Fields {
		if f.Filter {
			out = append(out, f)
		}
	}
	return out
}

// label is a field's Chinese name: the ledger's own wording if it has
// one (a station's 名称 against a talent's 姓名), else the shared one.
func label(slug, name string) string { return i18n.T(labelKey(slug, name)) }

func labelKey(slug, name string) string {
	if k := "talent.f." + slug + "." + name; i18n.Has(k) {
		return k
	}
	return "talent.f." + name
}

// optLabel is the Chinese name of a choice.
func optLabel(slug, name, code string) string { return i18n.T(optKey(slug, name, code)) }

func optKey(slug, name, code string) string {
	if k := "talent.opt." + slug + "." + name + "." + code; i18n.Has(k) {
		return k
	}
	return "talent.opt." + name + "." + code
}

// Label is the field's Chinese name in ledger l.
func (f Field) Label(l *Ledger) string { return label(l.Slug, f.Name) }

// Options are a choice's codes with their labels, for selects.
func (f Field) Options(l *Ledger) []Option {
	out := make([]Option, len(f.Choices))
	for i, c := range f.Choices {
		out[i] = Option{Value: c, Label: optLabel(l.Slug, f.Name, c)}
	}
	return out
}

// IsText and friends let the templates pick an input.
func (f Field) IsText() bool   { return f.Kind == Text || f.Kind == Phone || f.Kind == IDNo }
func (f Field) IsLong() bool   { return f.Kind == Long }
func (f Field) IsDate() bool   { return f.Kind == Date }
func (f Field) IsNumber() bool { return f.Kind == Int || f.Kind == Money }
func (f Field) IsBool() bool   { return f.Kind == Bool }
func (f Field) IsChoice() bool { return f.Kind == Choice }
func (f Field) IsRef() bool    { return f.Kind == Ref }
func (f Field) IsMoney() bool  { return f.Kind == Money }

// Sealed reports whether the field is personal data.
func (f Field) Sealed() bool { return f.Kind == Phone || f.Kind == IDNo }

// Option is a value of a select.
type Option struct {
	Value string
	Label string
}

// Record is one record of any ledger. Values hold string (text, dates,
// choices, masks), int64 (numbers, money in fen, ref ids) or bool.
type Record struct {
	ID        int64
	OrgID     int64
	OrgName   string
	Values    map[string]any
	Names     map[string]string // the names of referenced records
	Unmasked  bool
	CreatedAt time.Time
	UpdatedAt time.Time

	ledger *Ledger
	sealed map[string]string
}

// Str is a text value.
func (r Record) Str(name string) string { s, _ := r.Values[name].(string); return s }

// Int is a number, money (fen) or ref id.
func (r Record) Int(name string) int64 { n, _ := r.Values[name].(int64); return n }

// Bool is a yes/no value.
func (r Record) Bool(name string) bool { b, _ := r.Values[name].(bool); return b }

// Name is what names the record.
func (r Record) Name() string { return r.Str(r.ledger.NameField) }

// Href is the record's page.
func (r Record) Href() string { return r.ledger.Base() + "/" + strconv.FormatInt(r.ID, 10) }

// Ledger is the record's ledger.
func (r Record) Ledger() *Ledger { return r.ledger }

// Show renders a field's value for a page or a sheet.
func (r Record) Show(f Field) string {
	switch f.Kind {
	case Money:
		return yuan(r.Int(f.Name))
	case Int:
		return strconv.FormatInt(r.Int(f.Name), 10)
	case Bool:
		if r.Bool(f.Name) {
			return i18n.T("common.yes")
		}
		return i18n.T("common.no")
	case Choice:
		if c := r.Str(f.Name); c != "" {
			return optLabel(r.ledger.Slug, f.Name, c)
		}
		return ""
	case Ref:
		return r.Names[f.Name]
	}
	return r.Str(f.Name)
}

// Link is the page of a referenced record, or "".
func (r Record) Link(f Field) string {
	if f.Kind != Ref || r.Int(f.Name) == 0 {
		return ""
	}
	return "/talent/" + f.Ref + "/" + strconv.FormatInt(r.Int(f.Name), 10)
}

// MarshalJSON writes the record flat: id, org, every field (refs with
// their names beside them as <field>_name, money in fen).
func (r Record) MarshalJSON() ([]byte, error) {
	m := map[string]any{"id": r.ID, "org_id": r.OrgID, "org_name": r.OrgName,
		"created_at": r.CreatedAt, "updated_at": r.UpdatedAt}
	for _, f := range r.ledger.Fields {
		v := r.Values[f.Name]
		if f.Kind == Ref {
			if r.Int(f.Name) == 0 {
				v = nil
			}
			m[trimID(f.Name)+"_name"] = r.Names[f.Name]
		}
		m[f.Name] = v
		if f.Sealed() {
			m["unmasked"] = r.Unmasked
		}
	}
	return json.Marshal(m)
}

// trimID turns talent_id into talent.
func trimID(name string) string {
	if len(name) > 3 && name[len(name)-3:] == "_id" {
		return name[:len(name)-3]
	}
	return name
}

// yuan renders fen as 元 with two decimals: 164500 → "1645.00".
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return sign + strconv.FormatInt(fen/100, 10) + "." + twoDigits(fen%100)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// Input is what a user enters for a record: the organization (ignored
// when the ledger takes its parent's) and every field as text, money in
// 元 as typed.
type Input struct {
	OrgID  int64
	Values map[string]string
}

// Filter narrows a list.
type Filter struct {
	Under         int64
	Q             string
	From, To      string            // on the ledger's date, both included
	Eq            map[string]string // choice, bool ("1"/"0") or ref id
	Limit, Offset int
}
