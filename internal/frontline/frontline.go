// Package frontline keeps the ledgers of the front line of an emergency
// (疫情防控一线): task forces (工作专班) and volunteer teams (志愿者服务队)
// with their people, the task records of temporary branches (临时党支部),
// the deployment (下沉) of members and cadres to communities and posts, and
// the screening records (排查) that grid workers file. Their figures are
// rows 6–10 of the annual summary.
package frontline

import (
	"time"

	"troika/internal/i18n"
)

// TeamKind tells a task force from a volunteer team; both are the same
// ledger shape and differ in name and figure.
type TeamKind string

const (
	TaskForce TeamKind = "taskforce" // 工作专班
	Volunteer TeamKind = "volunteer" // 志愿者服务队
)

// TeamKinds in display order.
var TeamKinds = []TeamKind{TaskForce, Volunteer}

// Label is the Chinese name of the kind.
func (k TeamKind) Label() string { return i18n.T("frontline.kind." + string(k)) }

// Valid reports whether k is a known kind.
func (k TeamKind) Valid() bool { return k == TaskForce || k == Volunteer }

// Slug is the kind's URL segment: /frontline/taskforces, /frontline/volunteers.
func (k TeamKind) Slug() string {
	if k == Volunteer {
		return "volunteers"
	}
	return "taskforces"
}

// Team is a task force or a volunteer team.
type Team struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"org_id"`
	OrgName   string    `json:"org_name"`
	Kind      TeamKind  `json:"kind"`
	Name      string    `json:"name"`
	Purpose   string    `json:"purpose"`
	Leader    string    `json:"leader"`
	FoundedOn string    `json:"founded_on"`
	EndedOn   string    `json:"ended_on,omitempty"`
	Note      string    `json:"note,omitempty"`
	Members   int       `json:"member_count"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TeamInput is what a user enters for a team.
type TeamInput struct {
	OrgID     int64  `json:"org_id"`
	Name      string `json:"name"`
	Purpose   string `json:"purpose"`
	Leader    string `json:"leader"`
	FoundedOn string `json:"founded_on"`
	EndedOn   string `json:"ended_on"`
	Note      string `json:"note"`
}

// Person is one of a team's or a temporary branch's people: a member of
// the roll (MemberID) or someone known by name.
type Person struct {
	ID       int64  `json:"id"`
	MemberID int64  `json:"member_id,omitempty"`
	Name     string `json:"name"`
	IDMask   string `json:"id_mask,omitempty"`
	Duty     string `json:"duty"`
}

// PersonInput adds a person to a team or temporary branch: a member by id
// (API) or by identity number (pages), or a non-member by name (teams only).
type PersonInput struct {
	MemberID int64  `json:"member_id"`
	IDNumber string `json:"id_number"`
	Name     string `json:"name"`
	Duty     string `json:"duty"`
}

// TempBranch is a temporary branch: the organization of kind temp with
// its task record. The organization's founding date is the start; a temp
// organization made on the tree page has no record yet (HasRecord false)
// until its task is entered here.
type TempBranch struct {
	ID             int64     `json:"id"` // the organization's id
	Name           string    `json:"name"`
	Code           string    `json:"code"`
	ParentID       int64     `json:"parent_id"`
	ParentName     string    `json:"parent_name"`
	Secretary      string    `json:"secretary"`
	Task           string    `json:"task"`
	StartedOn      string    `json:"started_on"`
	PlannedEnd     string    `json:"planned_end,omitempty"`
	Note           string    `json:"note,omitempty"`
	HasRecord      bool      `json:"has_record"`
	Dissolved      bool      `json:"dissolved"`
	DissolvedOn    string    `json:"dissolved_on,omitempty"`
	DissolveReason string    `json:"dissolve_reason,omitempty"`
	Members        int       `json:"member_count"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// TempInput creates a temporary branch (the organization: ParentID, Name,
// Code, Secretary, StartedOn as its founding date; and the task record) or
// edits its task record (Task, PlannedEnd, Note).
type TempInput struct {
	ParentID   int64  `json:"parent_id"`
	Name       string `json:"name"`
	Code       string `json:"code"`
	Secretary  string `json:"secretary"`
	Task       string `json:"task"`
	StartedOn  string `json:"started_on"`
	PlannedEnd string `json:"planned_end"`
	Note       string `json:"note"`
}

// Deployment is one 下沉 of a person.
type Deployment struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"org_id"`
	OrgName   string    `json:"org_name"`
	MemberID  int64     `json:"member_id,omitempty"`
	Name      string    `json:"name"`
	IDMask    string    `json:"id_mask"`
	FromUnit  string    `json:"from_unit"`
	ToOrgID   int64     `json:"to_org_id,omitempty"`
	ToOrgName string    `json:"to_org_name,omitempty"`
	ToPlace   string    `json:"to_place"`
	Post      string    `json:"post"`
	StartedOn string    `json:"started_on"`
	EndedOn   string    `json:"ended_on,omitempty"`
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Where is the destination as shown: the organization's name, else the
// place typed.
func (d Deployment) Where() string {
	if d.ToOrgName != "" {
		if d.ToPlace != "" {
			return d.ToOrgName + " · " + d.ToPlace
		}
		return d.ToOrgName
	}
	return d.ToPlace
}

// DeploymentInput is what a user enters for a deployment. A member is
// named by MemberID (API) or found by the identity number.
type DeploymentInput struct {
	OrgID     int64  `json:"org_id"`
	MemberID  int64  `json:"member_id"`
	Name      string `json:"name"`
	IDNumber  string `json:"id_number"`
	FromUnit  string `json:"from_unit"`
	ToOrgID   int64  `json:"to_org_id"`
	ToPlace   string `json:"to_place"`
	Post      string `json:"post"`
	StartedOn string `json:"started_on"`
	EndedOn   string `json:"ended_on"`
	Note      string `json:"note"`
}

// Screening is one screening record.
type Screening struct {
	ID         int64     `json:"id"`
	OrgID      int64     `json:"org_id"`
	OrgName    string    `json:"org_name"`
	ScreenedOn string    `json:"screened_on"`
	Place      string    `json:"place"`
	TeamID     int64     `json:"team_id,omitempty"`
	TeamName   string    `json:"team_name,omitempty"`
	Persons    int       `json:"persons"`
	Note       string    `json:"note,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// ScreeningInput is what a user enters for a screening.
type ScreeningInput struct {
	OrgID      int64  `json:"org_id"`
	ScreenedOn string `json:"screened_on"`
	Place      string `json:"place"`
	TeamID     int64  `json:"team_id"`
	Persons    int    `json:"persons"`
	Note       string `json:"note"`
}

// Filter narrows any of the lists: the organization subtree (within
// scope), a keyword and a span of dates.
type Filter struct {
	Under         int64
	Q             string
	From, To      string // YYYY-MM-DD, both included
	Kind          TeamKind
	Active        string // "1" live, "0" ended/dissolved, "" all
	TeamID        int64
	Limit, Offset int
}
