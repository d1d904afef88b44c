package cadre

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// The cadre department keeps a dozen flat registers (文件、提拔、储备库、培训班、
// 考试、学习、值班、检查、宣传、档案 …) that differ in their columns and in a
// few rules, not in how they are listed, entered, exported or audited. A
// register describes one of them; the shared code in reg*.go serves every
// register the same way, and the rules live in each register's hooks.

// kind is how a field is entered, stored and shown.
type kind int

const (
	kText   kind = iota // one line of text
	kLong               // several lines
	kDate               // YYYY-MM-DD
	kInt                // whole number
	kDec1               // one decimal, stored in tenths (学时, 分数)
	kSelect             // one of Options; label "cadre.opt.<key>.<value>"
	kBool               // yes / no
	kOrg                // an organization in the caller's scope
	kCadre              // a cadre of the roster in the caller's scope
)

// field is one column of a register.
type field struct {
	Key     string
	Kind    kind
	Req     bool
	Max     int      // text length or largest number
	Options []string // kSelect
	List    bool     // a column of the list page
	Search  bool     // the keyword searches it
	Filter  bool     // a select filter on the list page
	// Virtual fields are entered but not stored as such (an ID number is
	// sealed by a hook); Computed fields are stored and shown but set only
	// by hooks, never from input.
	Virtual, Computed bool
	// Secret columns (sealed values, keyed hashes) are written by hooks
	// and never read back into a record.
	Secret bool
	// Hint is a catalog key shown under the input.
	Hint string
	// Labels names the values of a select whose labels live elsewhere
	// (ethnicities, educations of the member roster).
	Labels func(string) string
}

// Label is the field's Chinese name.
func (f field) Label() string { return i18n.T("cadre.f." + f.Key) }

// OptLabel is the Chinese name of one of a select field's values.
func (f field) OptLabel(v string) string {
	if v == "" {
		return ""
	}
	if f.Labels != nil {
		return f.Labels(v)
	}
	return i18n.T("cadre.opt." + f.Key + "." + v)
}

// Input is the field's HTML input type.
func (f field) Input() string {
	switch f.Kind {
	case kDate:
		return "date"
	case kInt, kDec1:
		return "number"
	}
	return "text"
}

// IsSelect, IsLong, IsBool, IsOrg and IsCadre let templates draw the input.
func (f field) IsSelect() bool { return f.Kind == kSelect }
func (f field) IsLong() bool   { return f.Kind == kLong }
func (f field) IsBool() bool   { return f.Kind == kBool }
func (f field) IsOrg() bool    { return f.Kind == kOrg }
func (f field) IsCadre() bool  { return f.Kind == kCadre }
func (f field) IsDec() bool    { return f.Kind == kDec1 }

// stored reports whether the field is a column.
func (f field) stored() bool { return !f.Virtual }

// entered reports whether the field comes from input.
func (f field) entered() bool { return !f.Computed }

// hook changes or checks a record before it is written, inside the
// transaction: it may set computed fields and add field errors.
type hook func(ctx context.Context, tx *store.Tx, s *Service, p *access.Principal, c *change) error

// change is a record being written: its typed values and, on update, the
// record as it was.
type change struct {
	Vals     map[string]any
	Before   *Record
	ParentID int64
	V        *fault.Fields
	reg      *register
}

// register is one ledger.
type register struct {
	Name   string // URL segment and catalog stem: cadre.reg.<Name>
	Table  string
	Fields []field
	// Date is the column the period filter and the default order use.
	Date string
	// Parent is set for a register whose records belong to another's
	// (a class's attendees); ParentKey is the column holding its id.
	Parent    *register
	ParentKey string
	Children  []*register
	Figures   []string
	Prepare   hook
	// After runs after the write in the same transaction (a transfer
	// changes the file's status).
	After func(ctx context.Context, tx *store.Tx, s *Service, id int64, c *change) error
	// Where adds list conditions read from the query (overdue, status).
	Where       func(q map[string][]string, today string) ([]string, []any)
	ExtraFilter []filterOpt
	Read, Write access.Permission
	// NoDelete keeps records that other records point at.
	NoDelete bool
	// Base is where the pages live; API is the API path.
	Base, API string
	// Audit is the audit object type.
	Audit string
	// Order overrides the list order.
	Order string
}

// filterOpt is an extra list filter: ?<Param>=<Value>.
type filterOpt struct {
	Param, Value, Label string
}

// Title is the register's Chinese name.
func (g *register) Title() string { return i18n.T("cadre.reg." + g.Name) }

// field returns the field named key.
func (g *register) field(key string) (field, bool) {
	for _, f := range g.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return field{}, false
}

// ListFields are the list page's columns.
func (g *register) ListFields() []field {
	var out []field
	for _, f := range g.Fields {
		if f.List {
			out = append(out, f)
		}
	}
	return out
}

// FormFields are the inputs of the form.
func (g *register) FormFields() []field {
	var out []field
	for _, f := range g.Fields {
		if f.entered() && !(g.Parent != nil && f.Key == g.ParentKey) {
			out = append(out, f)
		}
	}
	return out
}

// FilterFields are the select filters of the list page.
func (g *register) FilterFields() []field {
	var out []field
	for _, f := range g.Fields {
		if f.Filter {
			out = append(out, f)
		}
	}
	return out
}

// Record is one record of a register as read: its values by field key,
// with the owning organization and the names of referenced cadres.
type Record struct {
	ID        int64
	OrgID     int64
	OrgName   string
	ParentID  int64
	Vals      map[string]any
	Names     map[string]string // kCadre field -> the cadre's name
	CreatedAt time.Time
	UpdatedAt time.Time
	reg       *register
}

// MarshalJSON flattens a record: its fields beside id and organization.
func (r Record) MarshalJSON() ([]byte, error) {
	m := map[string]any{"id": r.ID, "org_id": r.OrgID, "org_name": r.OrgName,
		"created_at": r.CreatedAt, "updated_at": r.UpdatedAt}
	for k, v := range r.Vals {
		m[k] = v
	}
	for k, n := range r.Names {
		m[strings.TrimSuffix(k, "_id")+"_name"] = n
	}
	return json.Marshal(m)
}

// Str is a value as text for forms and exports (tenths as decimals, no
// labels).
func (r Record) Str(key string) string {
	v, ok := r.Vals[key]
	if !ok || v == nil {
		return ""
	}
	f, _ := r.reg.field(key)
	switch x := v.(type) {
	case int64:
		if f.Kind == kDec1 {
			return tenths(x)
		}
		if (f.Kind == kCadre || f.Kind == kOrg) && x == 0 {
			return ""
		}
		return strconv.FormatInt(x, 10)
	case bool:
		if x {
			return "1"
		}
		return ""
	case string:
		return x
	}
	return ""
}

// Show is a value as the pages and exports show it.
func (r Record) Show(key string) string {
	f, _ := r.reg.field(key)
	switch f.Kind {
	case kSelect:
		return f.OptLabel(r.Str(key))
	case kBool:
		if r.Str(key) == "1" {
			return i18n.T("common.yes")
		}
		return i18n.T("common.no")
	case kCadre:
		return r.Names[key]
	case kOrg:
		return r.OrgName
	}
	return r.Str(key)
}

// Link is the page of a referenced cadre, or "".
func (r Record) Link(key string) string {
	f, _ := r.reg.field(key)
	if f.Kind == kCadre && r.Str(key) != "" {
		return "/cadres/" + r.Str(key)
	}
	return ""
}

// Reg is the register the record belongs to.
func (r Record) Reg() *register { return r.reg }

// Int is a numeric value.
func (r Record) Int(key string) int64 {
	v, _ := r.Vals[key].(int64)
	return v
}

// String of a value.
func (r Record) String(key string) string {
	v, _ := r.Vals[key].(string)
	return v
}

func tenths(n int64) string {
	s := strconv.FormatInt(n/10, 10)
	if n%10 != 0 {
		s += "." + strconv.FormatInt(abs(n%10), 10)
	}
	return s
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// parse reads entered text into typed values, adding a field error for
// every bad one; ref fields are resolved against the scope later.
func (g *register) parse(in map[string]string, today string, v *fault.Fields) map[string]any {
	out := map[string]any{}
	for _, f := range g.Fields {
		if !f.entered() || (g.Parent != nil && f.Key == g.ParentKey) {
			continue
		}
		raw := strings.TrimSpace(in[f.Key])
		if f.Req && raw == "" && f.Kind != kBool {
			v.Add(f.Key, f.Label(), i18n.T("field.required"))
			continue
		}
		switch f.Kind {
		case kText, kLong:
			max := f.Max
			if max == 0 {
				max = 100
			}
			if utf8.RuneCountInString(raw) > max {
				v.Add(f.Key, f.Label(), i18n.T("field.max_len", max))
			}
			out[f.Key] = raw
		case kDate:
			if raw != "" {
				d, ok := xlsx.ParseDate(raw)
				if !ok {
					v.Add(f.Key, f.Label(), i18n.T("field.date_format"))
					continue
				}
				raw = d.Format(day)
			}
			out[f.Key] = raw
		case kInt, kOrg, kCadre:
			if raw == "" {
				out[f.Key] = int64(0)
				continue
			}
			n, err := strconv.ParseInt(raw, 10, 64)
			max := int64(f.Max)
			if f.Kind != kInt {
				max = 1 << 62
			} else if max == 0 {
				max = 1_000_000_000
			}
			if err != nil {
				v.Add(f.Key, f.Label(), i18n.T("field.number"))
			} else if n < 0 || n > max {
				v.Add(f.Key, f.Label(), i18n.T("cadre.range", max))
			}
			out[f.Key] = n
		case kDec1:
			if raw == "" {
				out[f.Key] = int64(0)
				continue
			}
			x, err := strconv.ParseFloat(raw, 64)
			max := float64(f.Max)
			if max == 0 {
				max = 10000
			}
			if err != nil || x < 0 || x > max {
				v.Add(f.Key, f.Label(), i18n.T("cadre.decimal", int(max)))
				continue
			}
			out[f.Key] = int64(x*10 + 0.5)
		case kSelect:
			if raw != "" && !contains(f.Options, raw) {
				v.Add(f.Key, f.Label(), i18n.T("field.unknown_value"))
			}
			out[f.Key] = raw
		case kBool:
			out[f.Key] = raw == "1" || raw == "true" || raw == "on"
		}
	}
	_ = today
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fromJSON turns an API body into the form's text values; unknown keys
// are refused like any strict JSON body.
func (g *register) fromJSON(body map[string]any) (map[string]string, error) {
	out := map[string]string{}
	for k, val := range body {
		f, ok := g.field(k)
		if !ok || !f.entered() {
			e := fault.New(fault.Invalid, "%s", i18n.T("fault.invalid"))
			e.Fields = []fault.FieldError{{Field: k, Label: k, Message: i18n.T("json.unknown_field")}}
			return nil, e
		}
		switch x := val.(type) {
		case nil:
		case string:
			out[k] = x
		case bool:
			if x {
				out[k] = "1"
			}
		case float64:
			out[k] = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			e := fault.New(fault.Invalid, "%s", i18n.T("fault.invalid"))
			e.Fields = []fault.FieldError{{Field: k, Label: f.Label(), Message: i18n.T("json.wrong_type")}}
			return nil, e
		}
	}
	return out, nil
}
