// Package event keeps livelihood events (民生事件): reported by a grid
// worker on a phone, by a resident on a public page (who gets a tracking
// code) or by staff for phone and walk-in cases; accepted, dispatched to
// the responsible organization, handled, verified and closed, each step
// recorded with who, when and what; then evaluated by the resident, where
// 不满意 reopens the case once. Every stage has a time limit per category,
// with a warning at 80% and an overdue list after it.
package event

import (
	"time"

	"troika/internal/i18n"
)

// Status is where an event stands.
type Status string

const (
	StatusReported   Status = "reported"   // 已上报
	StatusAccepted   Status = "accepted"   // 已受理
	StatusDispatched Status = "dispatched" // 已派遣
	StatusHandled    Status = "handled"    // 已处置
	StatusVerified   Status = "verified"   // 已核查
	StatusClosed     Status = "closed"     // 已办结
)

// Statuses in workflow order.
var Statuses = []Status{StatusReported, StatusAccepted, StatusDispatched, StatusHandled, StatusVerified, StatusClosed}

// Label is the Chinese name of the status.
func (s Status) Label() string { return i18n.T("event.status." + string(s)) }

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Open reports whether the case still waits for someone.
func (s Status) Open() bool { return s != StatusClosed }

// Badge is the badge colour of the status.
func (s Status) Badge() string {
	switch s {
	case StatusClosed:
		return "green"
	case StatusReported:
		return "red"
	}
	return "warn"
}

// Action is a step of the workflow.
type Action string

const (
	ActReport   Action = "report"   // 上报
	ActAccept   Action = "accept"   // 受理
	ActDispatch Action = "dispatch" // 派遣
	ActReassign Action = "reassign" // 改派
	ActEscalate Action = "escalate" // 上报上级
	ActHandle   Action = "handle"   // 处置
	ActReturn   Action = "return"   // 核查退回
	ActVerify   Action = "verify"   // 核查通过
	ActClose    Action = "close"    // 办结
	ActEvaluate Action = "evaluate" // 评价
	ActReopen   Action = "reopen"   // 不满意重办
)

// Label is the Chinese name of the action.
func (a Action) Label() string { return i18n.T("event.action." + string(a)) }

// Steps are the actions staff take on a case page, in the order offered.
var Steps = []Action{ActAccept, ActDispatch, ActReassign, ActEscalate, ActHandle, ActReturn, ActVerify, ActClose}

// from lists the statuses each step may start from.
var from = map[Action][]Status{
	ActAccept:   {StatusReported},
	ActDispatch: {StatusAccepted},
	ActReassign: {StatusDispatched},
	ActEscalate: {StatusAccepted, StatusDispatched},
	ActHandle:   {StatusDispatched},
	ActReturn:   {StatusHandled},
	ActVerify:   {StatusHandled},
	ActClose:    {StatusVerified},
}

// to is the status each step leads to.
var to = map[Action]Status{
	ActAccept: StatusAccepted, ActDispatch: StatusDispatched, ActReassign: StatusDispatched, ActEscalate: StatusDispatched,
	ActHandle: StatusHandled, ActReturn: StatusDispatched, ActVerify: StatusVerified, ActClose: StatusClosed,
}

// Can reports whether step a may be taken from status s.
func (s Status) Can(a Action) bool {
	for _, x := range from[a] {
		if x == s {
			return true
		}
	}
	return false
}

// Allowed lists the steps that may be taken from s.
func (s Status) Allowed() []Action {
	var out []Action
	for _, a := range Steps {
		if s.Can(a) {
			out = append(out, a)
		}
	}
	return out
}

// Stage is the part of the work a status waits for, which has a limit.
type Stage string

const (
	StageAccept   Stage = "accept"
	StageDispatch Stage = "dispatch"
	StageHandle   Stage = "handle"
	StageVerify   Stage = "verify"
	StageClose    Stage = "close"
)

// Stages in order.
var Stages = []Stage{StageAccept, StageDispatch, StageHandle, StageVerify, StageClose}

// Label is the stage's Chinese name.
func (s Stage) Label() string { return i18n.T("event.stage." + string(s)) }

// stageOf is the stage an event in status s is in; closed events have none.
func stageOf(s Status) Stage {
	switch s {
	case StatusReported:
		return StageAccept
	case StatusAccepted:
		return StageDispatch
	case StatusDispatched:
		return StageHandle
	case StatusHandled:
		return StageVerify
	case StatusVerified:
		return StageClose
	}
	return ""
}

// Source is how an event came in.
type Source string

const (
	SourceGrid   Source = "grid"   // 网格员上报
	SourcePublic Source = "public" // 群众自主上报
	SourcePhone  Source = "phone"  // 电话受理
	SourceWalkIn Source = "walkin" // 来访受理
)

// Sources in display order.
var Sources = []Source{SourceGrid, SourcePublic, SourcePhone, SourceWalkIn}

// Label is the Chinese name of the source.
func (s Source) Label() string { return i18n.T("event.source." + string(s)) }

// Valid reports whether s is known.
func (s Source) Valid() bool {
	for _, x := range Sources {
		if x == s {
			return true
		}
	}
	return false
}

// Rating is a resident's evaluation.
type Rating string

const (
	RatingSatisfied   Rating = "satisfied"   // 满意
	RatingBasic       Rating = "basic"       // 基本满意
	RatingUnsatisfied Rating = "unsatisfied" // 不满意
)

// Ratings in display order.
var Ratings = []Rating{RatingSatisfied, RatingBasic, RatingUnsatisfied}

// Label is the Chinese name of the rating.
func (r Rating) Label() string {
	if r == "" {
		return ""
	}
	return i18n.T("event.rating." + string(r))
}

// Valid reports whether r is one of the three.
func (r Rating) Valid() bool {
	return r == RatingSatisfied || r == RatingBasic || r == RatingUnsatisfied
}

// Category is a kind of event with the time limit of each stage in hours.
type Category struct {
	ID            int64  `json:"id"`
	Code          string `json:"code"`
	Name          string `json:"name"`
	AcceptHours   int    `json:"accept_hours"`
	DispatchHours int    `json:"dispatch_hours"`
	HandleHours   int    `json:"handle_hours"`
	VerifyHours   int    `json:"verify_hours"`
	CloseHours    int    `json:"close_hours"`
	Active        bool   `json:"active"`
	Sort          int    `json:"sort"`
}

// Limit is the stage's time limit.
func (c Category) Limit(s Stage) time.Duration {
	h := 0
	switch s {
	case StageAccept:
		h = c.AcceptHours
	case StageDispatch:
		h = c.DispatchHours
	case StageHandle:
		h = c.HandleHours
	case StageVerify:
		h = c.VerifyHours
	case StageClose:
		h = c.CloseHours
	}
	return time.Duration(h) * time.Hour
}

// Event is one case.
type Event struct {
	ID            int64     `json:"id"`
	Code          string    `json:"code"`
	OrgID         int64     `json:"org_id"`
	OrgName       string    `json:"org_name"`
	GridID        int64     `json:"grid_id,omitempty"`
	GridName      string    `json:"grid_name,omitempty"`
	CategoryID    int64     `json:"category_id"`
	Category      string    `json:"category"`
	Place         string    `json:"place"`
	Description   string    `json:"description"`
	Source        Source    `json:"source"`
	SourceLabel   string    `json:"source_label"`
	ReporterName  string    `json:"reporter_name,omitempty"`
	PhoneMask     string    `json:"phone_masked,omitempty"`
	WorkerID      int64     `json:"worker_id,omitempty"`
	ReportedAt    time.Time `json:"reported_at"`
	Status        Status    `json:"status"`
	StatusLabel   string    `json:"status_label"`
	HandlerOrgID  int64     `json:"handler_org_id,omitempty"`
	HandlerOrg    string    `json:"handler_org,omitempty"`
	HandlerDept   string    `json:"handler_dept,omitempty"`
	StageAt       time.Time `json:"stage_at"`
	WarnAt        time.Time `json:"warn_at"`
	DueAt         time.Time `json:"due_at"`
	Late          bool      `json:"late"`
	Reopened      bool      `json:"reopened"`
	ClosedAt      time.Time `json:"closed_at,omitzero"`
	Rating        Rating    `json:"rating,omitempty"`
	RatingLabel   string    `json:"rating_label,omitempty"`
	RatedAt       time.Time `json:"rated_at,omitzero"`
	Clock         string    `json:"clock"` // ok, warn, overdue, or "" when closed
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	StageLabel    string    `json:"stage_label,omitempty"`
	OverdueHours  int       `json:"overdue_hours,omitempty"`
	CanBeRated    bool      `json:"can_be_rated"`
	EvaluationsNo int       `json:"evaluations"`
}

// Step is one entry of a case's timeline.
type Step struct {
	ID         int64     `json:"id"`
	Action     Action    `json:"action"`
	Label      string    `json:"label"`
	FromStatus Status    `json:"from_status,omitempty"`
	ToStatus   Status    `json:"to_status"`
	Note       string    `json:"note"`
	HandlerOrg string    `json:"handler_org,omitempty"`
	HandlerDep string    `json:"handler_dept,omitempty"`
	Late       bool      `json:"late"`
	Actor      string    `json:"actor"`
	At         time.Time `json:"at"`
	Photos     []Photo   `json:"photos,omitempty"`
}

// Photo is a stored picture of a case.
type Photo struct {
	ID          int64  `json:"id"`
	StepID      int64  `json:"step_id,omitempty"`
	SHA256      string `json:"sha256"`
	ContentType string `json:"content_type"`
	Bytes       int64  `json:"bytes"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
}

// Evaluation is one of a case's evaluations.
type Evaluation struct {
	Round   int       `json:"round"`
	Rating  Rating    `json:"rating"`
	Label   string    `json:"label"`
	Comment string    `json:"comment"`
	Channel string    `json:"channel"`
	At      time.Time `json:"at"`
}

// Input is a new report.
type Input struct {
	OrgID        int64  `json:"org_id"`
	GridID       int64  `json:"grid_id"`
	CategoryID   int64  `json:"category_id"`
	Place        string `json:"place"`
	Description  string `json:"description"`
	Source       Source `json:"source"`
	ReporterName string `json:"reporter_name"`
	Phone        string `json:"phone"`
}

// StepInput is what a step carries.
type StepInput struct {
	Note         string `json:"note"`
	HandlerOrgID int64  `json:"handler_org_id"`
	HandlerDept  string `json:"handler_dept"`
}

// EvaluationInput is a resident's evaluation.
type EvaluationInput struct {
	Rating  Rating `json:"rating"`
	Comment string `json:"comment"`
}

// CatalogKeys are the catalog keys built from the enumerations above, for
// the catalog test.
func CatalogKeys() []string {
	var out []string
	for _, s := range Statuses {
		out = append(out, "event.status."+string(s))
	}
	for _, a := range append(append([]Action{}, Steps...), ActReport, ActEvaluate, ActReopen) {
		out = append(out, "event.action."+string(a))
	}
	for _, s := range Stages {
		out = append(out, "event.stage."+string(s))
	}
	for _, s := range Sources {
		out = append(out, "event.source."+string(s))
	}
	for _, r := range Ratings {
		out = append(out, "event.rating."+string(r))
	}
	return out
}
