// Package grid keeps the first half of grassroots governance: the grids
// (网格) under communities and villages with their workers, the households
// and residents they hold with the tags governance works by, visits to
// them, and the registry of service sites (党群服务中心, 暖心驿站 …).
// Everything scopes by the path of the grid's organization; a grid worker
// additionally sees only the grids they are assigned to (WorkerGridFilter).
package grid

import (
	"time"

	"troika/internal/i18n"
	"troika/internal/idcard"
)

const day = "2006-01-02"

// Grid is one 网格.
type Grid struct {
	ID           int64     `json:"id"`
	OrgID        int64     `json:"org_id"`
	OrgName      string    `json:"org_name"`
	Code         string    `json:"code"`
	Name         string    `json:"name"`
	Households   int       `json:"households"` // as the community declares it
	PartyOrgID   int64     `json:"party_org_id,omitempty"`
	PartyOrgName string    `json:"party_org_name,omitempty"`
	Boundary     string    `json:"boundary"`
	Note         string    `json:"note"`
	Active       bool      `json:"active"`
	Workers      string    `json:"workers"`       // names of the current workers
	HouseholdsOn int       `json:"households_on"` // households entered
	ResidentsOn  int       `json:"residents_on"`  // residents on record
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	orgPath      string
}

// GridInput is what a user enters for a grid.
type GridInput struct {
	OrgID      int64  `json:"org_id"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	Households int    `json:"households"`
	PartyOrgID int64  `json:"party_org_id"`
	Boundary   string `json:"boundary"`
	Note       string `json:"note"`
	Active     *bool  `json:"active,omitempty"`
}

// Worker kinds: 专职 and 兼职 grid workers.
const (
	WorkerFull = "full"
	WorkerPart = "part"
)

// WorkerKinds in display order.
var WorkerKinds = []string{WorkerFull, WorkerPart}

// Worker is a grid worker's assignment to a grid.
type Worker struct {
	ID       int64  `json:"id"`
	GridID   int64  `json:"grid_id"`
	GridName string `json:"grid_name,omitempty"`
	UserID   int64  `json:"user_id,omitempty"`
	Username string `json:"username,omitempty"`
	MemberID int64  `json:"member_id,omitempty"`
	Name     string `json:"name"`
	Phone    string `json:"phone"` // masked
	Kind     string `json:"kind"`
	Since    string `json:"since"`
	Until    string `json:"until,omitempty"`
}

// KindLabel is the Chinese name of the worker's kind.
func (w Worker) KindLabel() string { return i18n.T("grid.worker_kind." + w.Kind) }

// WorkerInput assigns a worker to a grid.
type WorkerInput struct {
	UserID   int64  `json:"user_id"`
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Phone    string `json:"phone"`
	Kind     string `json:"kind"`
	Since    string `json:"since"`
}

// Site kinds of the service-site registry. The 暖心驿站 are counted by the
// two-new organizations' figures (seed row 24), so the kind is kept as a
// stable key.
const (
	SiteCentre  = "centre"  // 党群服务中心
	SiteWarm    = "warm"    // 暖心驿站
	SiteStation = "station" // 新时代文明实践站
	SiteHome    = "home"    // 居家养老服务站
	SiteOther   = "other"
)

// SiteKinds in display order.
var SiteKinds = []string{SiteCentre, SiteWarm, SiteStation, SiteHome, SiteOther}

// Site is a service site.
type Site struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"org_id"`
	OrgName   string    `json:"org_name"`
	Kind      string    `json:"kind"`
	Name      string    `json:"name"`
	Address   string    `json:"address"`
	Hours     string    `json:"hours"`
	Services  []string  `json:"services"`
	Phone     string    `json:"phone"`
	AreaSqm   int       `json:"area_sqm"`
	OpenedOn  string    `json:"opened_on"`
	ClosedOn  string    `json:"closed_on,omitempty"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// KindLabel is the Chinese name of the site's kind.
func (s Site) KindLabel() string { return SiteKindLabel(s.Kind) }

// SiteKindLabel is the Chinese name of a site kind.
func SiteKindLabel(k string) string { return i18n.T("grid.site_kind." + k) }

// SiteInput is what a user enters for a service site; Services one a line.
type SiteInput struct {
	OrgID    int64  `json:"org_id"`
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Address  string `json:"address"`
	Hours    string `json:"hours"`
	Services string `json:"services"`
	Phone    string `json:"phone"`
	AreaSqm  int    `json:"area_sqm"`
	OpenedOn string `json:"opened_on"`
	ClosedOn string `json:"closed_on"`
	Note     string `json:"note"`
}

// Resident statuses.
const (
	Active   = "active"   // 在册
	Moved    = "moved"    // 已迁出
	Deceased = "deceased" // 已故
)

// Statuses in display order.
var Statuses = []string{Active, Moved, Deceased}

// StatusLabel is the Chinese name of a resident status.
func StatusLabel(s string) string { return i18n.T("grid.status." + s) }

// Relations to the head of the household, as registers write them.
var Relations = []string{"户主", "配偶", "子女", "父母", "孙子女", "兄弟姐妹", "儿媳", "女婿", "其他"}

// Tag is one of the configurable tags governance works by.
type Tag struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Sort   int    `json:"sort"`
	Active bool   `json:"active"`
	Count  int    `json:"count,omitempty"` // residents on record with it, in scope
}

// Resident is one resident as lists and pages show them; IDNumber and
// Phone hold the masked forms unless Unmasked.
type Resident struct {
	ID          int64         `json:"id"`
	HouseholdID int64         `json:"household_id"`
	Household   string        `json:"household_code"`
	Address     string        `json:"address"` // the household's
	GridID      int64         `json:"grid_id"`
	GridName    string        `json:"grid_name"`
	OrgID       int64         `json:"org_id"`
	OrgName     string        `json:"org_name"`
	Name        string        `json:"name"`
	Relation    string        `json:"relation"`
	Gender      idcard.Gender `json:"gender"`
	Ethnicity   string        `json:"ethnicity"`
	BirthDate   string        `json:"birth_date"`
	IDNumber    string        `json:"id_number"`
	Phone       string        `json:"phone"`
	Unmasked    bool          `json:"unmasked"`
	RegAddress  string        `json:"registered_address"`
	MovedIn     string        `json:"moved_in"`
	MovedOut    string        `json:"moved_out,omitempty"`
	Status      string        `json:"status"`
	Note        string        `json:"note"`
	Tags        []Tag         `json:"tags"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`

	idEnc, phoneEnc string
}

// StatusLabel is the Chinese name of the resident's status.
func (r Resident) StatusLabel() string { return StatusLabel(r.Status) }

// EthnicityLabel is the Chinese name of the resident's ethnicity.
func (r Resident) EthnicityLabel() string { return ethnicityLabel(r.Ethnicity) }

// Age is the resident's age in whole years on date (YYYY-MM-DD).
func (r Resident) Age(on string) int { return ageOn(r.BirthDate, on) }

func ageOn(birth, on string) int {
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

// ResidentInput is what a user enters for a resident. The household is
// named by grid and household number (户号): an unknown number opens a new
// household at Address. On edit an empty IDNumber or Phone keeps the
// stored one.
type ResidentInput struct {
	GridID     int64   `json:"grid_id"`
	Household  string  `json:"household_code"`
	Address    string  `json:"address"`
	Name       string  `json:"name"`
	Relation   string  `json:"relation"`
	Gender     string  `json:"gender"`
	Ethnicity  string  `json:"ethnicity"`
	IDNumber   string  `json:"id_number"`
	Phone      string  `json:"phone"`
	RegAddress string  `json:"registered_address"`
	MovedIn    string  `json:"moved_in"`
	Note       string  `json:"note"`
	TagIDs     []int64 `json:"tag_ids"`
}

// Household is a household with its residents.
type Household struct {
	ID        int64      `json:"id"`
	GridID    int64      `json:"grid_id"`
	GridName  string     `json:"grid_name"`
	OrgID     int64      `json:"org_id"`
	OrgName   string     `json:"org_name"`
	Code      string     `json:"code"`
	Address   string     `json:"address"`
	Note      string     `json:"note"`
	Residents []Resident `json:"residents"`
	Visits    []Visit    `json:"visits"`
}

// Visit methods.
var VisitMethods = []string{"home", "phone", "reception", "other"}

// MethodLabel is the Chinese name of a visit method.
func MethodLabel(m string) string { return i18n.T("grid.method." + m) }

// Visit is a grid worker's visit to a household or one resident.
type Visit struct {
	ID           int64     `json:"id"`
	GridID       int64     `json:"grid_id"`
	GridName     string    `json:"grid_name"`
	HouseholdID  int64     `json:"household_id,omitempty"`
	Household    string    `json:"household_address,omitempty"`
	ResidentID   int64     `json:"resident_id,omitempty"`
	ResidentName string    `json:"resident_name,omitempty"`
	WorkerID     int64     `json:"worker_id,omitempty"`
	WorkerName   string    `json:"worker_name,omitempty"`
	VisitedOn    string    `json:"visited_on"`
	Method       string    `json:"method"`
	Notes        string    `json:"notes"`
	FollowUp     string    `json:"follow_up"`
	CreatedAt    time.Time `json:"created_at"`
}

// MethodLabel is the Chinese name of the visit's method.
func (v Visit) MethodLabel() string { return MethodLabel(v.Method) }

// VisitInput records a visit: a household, or a resident (whose household
// is then visited too).
type VisitInput struct {
	HouseholdID int64  `json:"household_id"`
	ResidentID  int64  `json:"resident_id"`
	VisitedOn   string `json:"visited_on"`
	Method      string `json:"method"`
	Notes       string `json:"notes"`
	FollowUp    string `json:"follow_up"`
}
