// Package member keeps the Party member roster (党员名册): who the members
// are, which organization holds each one, their category, post and
// mobility, and the history of every move between organizations
// (组织关系转接). Identity numbers and phones are sealed at rest and shown
// masked unless a role with the right asks to see them, which is audited.
package member

import (
	"time"

	"troika/internal/i18n"
	"troika/internal/idcard"
)

// Category is 正式党员 or 预备党员.
type Category string

const (
	Full         Category = "full"         // 正式党员
	Probationary Category = "probationary" // 预备党员
)

// Categories in display order.
var Categories = []Category{Full, Probationary}

// Label is the Chinese name.
func (c Category) Label() string { return i18n.T("member.category." + string(c)) }

// Valid reports whether c is known.
func (c Category) Valid() bool { return c == Full || c == Probationary }

// Status is where a member stands on the roll.
type Status string

const (
	Active       Status = "active"       // 在册
	Transferring Status = "transferring" // 转出中: awaiting the receiving organization
	Left         Status = "left"         // 已转出 to outside the system
	Deceased     Status = "deceased"     // 已故
)

// Statuses in display order.
var Statuses = []Status{Active, Transferring, Left, Deceased}

// Label is the Chinese name.
func (s Status) Label() string { return i18n.T("member.status." + string(s)) }

// Valid reports whether s is known.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// OnRoll reports whether a member with this status counts on the roll; a
// member being transferred stays on the sender's roll until accepted.
func (s Status) OnRoll() bool { return s == Active || s == Transferring }

// Member is one Party member as lists and pages show them. IDNumber and
// Phone hold the masked forms unless Unmasked is true.
type Member struct {
	ID         int64         `json:"id"`
	OrgID      int64         `json:"org_id"`
	OrgName    string        `json:"org_name"`
	OrgCode    string        `json:"org_code"`
	Name       string        `json:"name"`
	Gender     idcard.Gender `json:"gender"`
	Ethnicity  string        `json:"ethnicity"` // GB 3304 code
	BirthDate  string        `json:"birth_date"`
	IDNumber   string        `json:"id_number"`
	Phone      string        `json:"phone"`
	Unmasked   bool          `json:"unmasked"`
	Education  string        `json:"education"`
	Occupation string        `json:"occupation"`
	JoinedOn   string        `json:"joined_on"`
	FullOn     string        `json:"full_on"`
	Category   Category      `json:"category"`
	HasPost    bool          `json:"has_post"`
	Post       string        `json:"post"`
	Mobile     bool          `json:"mobile"`
	MobileTo   string        `json:"mobile_to"`
	Community  string        `json:"community"`
	Status     Status        `json:"status"`
	EnteredOn  string        `json:"entered_on"`
	LeftOn     string        `json:"left_on,omitempty"`
	Note       string        `json:"note"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`

	idEnc, phoneEnc string
}

// EthnicityLabel is the Chinese name of the member's ethnicity.
func (m Member) EthnicityLabel() string { return EthnicityLabel(m.Ethnicity) }

// EducationLabel is the Chinese name of the member's education.
func (m Member) EducationLabel() string { return EducationLabel(m.Education) }

// Age is the member's age in whole years on date (YYYY-MM-DD).
func (m Member) Age(on string) int { return ageOn(m.BirthDate, on) }

func ageOn(birth, on string) int {
	if len(birth) < 10 || len(on) < 10 {
		return 0
	}
	b, err1 := time.Parse(day, birth)
	d, err2 := time.Parse(day, on)
	if err1 != nil || err2 != nil {
		return 0
	}
	age := d.Year() - b.Year()
	if d.Month() < b.Month() || d.Month() == b.Month() && d.Day() < b.Day() {
		age--
	}
	return age
}

const day = "2006-01-02"

// Input is what a user enters to create or edit a member. On edit an empty
// IDNumber or Phone keeps the stored one (the form never shows them in
// clear).
type Input struct {
	OrgID      int64    `json:"org_id"`
	Name       string   `json:"name"`
	Gender     string   `json:"gender"`
	Ethnicity  string   `json:"ethnicity"`
	BirthDate  string   `json:"birth_date"`
	IDNumber   string   `json:"id_number"`
	Phone      string   `json:"phone"`
	Education  string   `json:"education"`
	Occupation string   `json:"occupation"`
	JoinedOn   string   `json:"joined_on"`
	FullOn     string   `json:"full_on"`
	Category   Category `json:"category"`
	HasPost    bool     `json:"has_post"`
	Post       string   `json:"post"`
	Mobile     bool     `json:"mobile"`
	MobileTo   string   `json:"mobile_to"`
	Community  string   `json:"community"`
	Note       string   `json:"note"`
	// ArrivedFrom, when creating, records a member arriving from outside
	// the system (转入) rather than a new entry.
	ArrivedFrom string `json:"arrived_from,omitempty"`
	ArrivedOn   string `json:"arrived_on,omitempty"`
}

// Event is one entry of a member's history.
type Event struct {
	ID       int64     `json:"id"`
	Kind     string    `json:"kind"`
	On       string    `json:"on"`
	OrgID    int64     `json:"org_id"`
	OrgName  string    `json:"org_name"`
	OtherOrg string    `json:"other_org,omitempty"`
	Detail   string    `json:"detail,omitempty"`
	Actor    string    `json:"actor"`
	At       time.Time `json:"at"`
}

// KindLabel is the Chinese name of the event.
func (e Event) KindLabel() string { return i18n.T("member.event." + e.Kind) }

// Event kinds.
const (
	EvCreated     = "created"
	EvImported    = "imported"
	EvUpdated     = "updated"
	EvFull        = "full"
	EvTransferOut = "transfer_out"
	EvTransferIn  = "transfer_in"
	EvReturned    = "transfer_returned"
	EvLeft        = "left"
	EvArrived     = "arrived"
	EvDeceased    = "deceased"
)
