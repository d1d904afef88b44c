// Package bt keeps the branch standardization system (党支部标准体系, BT):
// a versioned checklist of weighted items with the evidence each needs;
// every month a branch assesses itself against the version in force, the
// guidance group (指导组) assigned to it reviews, and the reviewed score
// gives the month's light (红 / 黄 / 绿) by the version's thresholds. A red
// or yellow light opens rectification items that the branch must close.
// Published months are frozen: later changes go through recorded
// adjustments.
package bt

import (
	"time"

	"troika/internal/i18n"
)

// Light is a month's traffic light.
type Light string

const (
	Green  Light = "green"
	Yellow Light = "yellow"
	Red    Light = "red"
)

// Lights in display order.
var Lights = []Light{Green, Yellow, Red}

// Label is the light's Chinese name.
func (l Light) Label() string {
	if l == "" {
		return ""
	}
	return i18n.T("bt.light." + string(l))
}

// Valid reports whether l is a known light.
func (l Light) Valid() bool { return l == Green || l == Yellow || l == Red }

// Status is where a month's assessment stands.
type Status string

const (
	StatusNone      Status = "none" // not started (only in the overview)
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusReturned  Status = "returned"
	StatusReviewed  Status = "reviewed"
	StatusPublished Status = "published" // reviewed and published: frozen
)

// Statuses in workflow order, for filters.
var Statuses = []Status{StatusNone, StatusDraft, StatusSubmitted, StatusReturned, StatusReviewed, StatusPublished}

// Label is the status's Chinese name.
func (s Status) Label() string { return i18n.T("bt.status." + string(s)) }

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Editable reports whether the branch may still change its self-assessment.
func (s Status) Editable() bool { return s == StatusNone || s == StatusDraft || s == StatusReturned }

// Checklist is one version of the standard.
type Checklist struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	Version       int       `json:"version"`
	EffectiveFrom string    `json:"effective_from"` // YYYY-MM
	GreenMin      int       `json:"green_min"`      // percent of the full score
	YellowMin     int       `json:"yellow_min"`
	Note          string    `json:"note"`
	FullScore     int       `json:"full_score"`
	InUse         bool      `json:"in_use"` // assessments use it: items are frozen
	Items         []Item    `json:"items"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// LightOf is the light a score earns under the checklist's thresholds.
func (c Checklist) LightOf(score int) Light {
	return lightOf(score, c.FullScore, c.GreenMin, c.YellowMin)
}

func lightOf(score, full, greenMin, yellowMin int) Light {
	switch {
	case full <= 0:
		return Red
	case score*100 >= greenMin*full:
		return Green
	case score*100 >= yellowMin*full:
		return Yellow
	}
	return Red
}

// Item is one line of the checklist.
type Item struct {
	ID       int64  `json:"id"`
	Sort     int    `json:"sort"`
	Category string `json:"category"`
	Title    string `json:"title"`
	Weight   int    `json:"weight"`
	Evidence string `json:"evidence"` // what evidence it needs; empty for none
}

// ChecklistInput creates or edits a version.
type ChecklistInput struct {
	Name          string `json:"name"`
	Version       int    `json:"version"`
	EffectiveFrom string `json:"effective_from"`
	GreenMin      int    `json:"green_min"`
	YellowMin     int    `json:"yellow_min"`
	Note          string `json:"note"`
	Items         []Item `json:"items"`
}

// Group is a guidance group (指导组).
type Group struct {
	ID          int64       `json:"id"`
	OrgID       int64       `json:"org_id"`
	Name        string      `json:"name"`
	Leader      string      `json:"leader"`
	SetUpOn     string      `json:"set_up_on"`
	Note        string      `json:"note"`
	MemberCount int         `json:"member_count"`
	BranchCount int         `json:"branch_count"`
	Members     []GroupUser `json:"members,omitempty"`
	Branches    []OrgRef    `json:"branches,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// GroupUser is a member of a guidance group.
type GroupUser struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	Name     string `json:"name"`
	OrgName  string `json:"org_name"`
}

// OrgRef names an organization.
type OrgRef struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	ParentName string `json:"parent_name,omitempty"`
}

// GroupInput creates or edits a group.
type GroupInput struct {
	Name      string  `json:"name"`
	Leader    string  `json:"leader"`
	SetUpOn   string  `json:"set_up_on"`
	Note      string  `json:"note"`
	MemberIDs []int64 `json:"member_ids"`
	BranchIDs []int64 `json:"branch_ids"`
}

// Assessment is a branch's month.
type Assessment struct {
	ID          int64     `json:"id"`
	OrgID       int64     `json:"org_id"`
	OrgName     string    `json:"org_name"`
	ParentName  string    `json:"parent_name"`
	Month       string    `json:"month"`
	ChecklistID int64     `json:"checklist_id"`
	Status      Status    `json:"status"`
	StatusLabel string    `json:"status_label"`
	SelfScore   int       `json:"self_score"`
	Score       int       `json:"score"`
	FullScore   int       `json:"full_score"`
	Light       Light     `json:"light,omitempty"`
	LightLabel  string    `json:"light_label,omitempty"`
	SelfNote    string    `json:"self_note"`
	ReviewNote  string    `json:"review_note"`
	SubmittedBy string    `json:"submitted_by,omitempty"`
	SubmittedAt time.Time `json:"submitted_at,omitzero"`
	ReviewedBy  string    `json:"reviewed_by,omitempty"`
	ReviewedAt  time.Time `json:"reviewed_at,omitzero"`
	Published   bool      `json:"published"`
	PublishedAt time.Time `json:"published_at,omitzero"`
	GroupID     int64     `json:"group_id,omitempty"`
	GroupName   string    `json:"group_name,omitempty"`
	Lines       []Line    `json:"lines,omitempty"`
	// Prefilled: a new month's form carries the previous month's answers.
	Prefilled string    `json:"prefilled_from,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Line is an item of an assessment with its scores and evidence.
type Line struct {
	ItemID         int64  `json:"item_id"`
	Category       string `json:"category"`
	Title          string `json:"title"`
	Weight         int    `json:"weight"`
	EvidenceNeeded string `json:"evidence_needed"`
	SelfScore      int    `json:"self_score"`
	Score          int    `json:"score"`
	Evidence       string `json:"evidence"`
}

// LineInput is one answered item.
type LineInput struct {
	ItemID    int64  `json:"item_id"`
	SelfScore int    `json:"self_score"`
	Evidence  string `json:"evidence"`
}

// SelfInput is a branch's self-assessment; Submit sends it for review.
type SelfInput struct {
	Lines  []LineInput `json:"lines"`
	Note   string      `json:"note"`
	Submit bool        `json:"submit"`
}

// ReviewLine is the group's score of an item.
type ReviewLine struct {
	ItemID int64 `json:"item_id"`
	Score  int   `json:"score"`
}

// ReviewInput reviews a submitted assessment: scores (missing items keep
// the self-assessed score) and a note; Return sends it back instead.
type ReviewInput struct {
	Lines  []ReviewLine `json:"lines"`
	Note   string       `json:"note"`
	Return bool         `json:"return"`
}

// AdjustInput changes a published assessment's score, with a reason.
type AdjustInput struct {
	Score  int    `json:"score"`
	Reason string `json:"reason"`
}

// Adjustment is a recorded change to a published assessment.
type Adjustment struct {
	OldScore int       `json:"old_score"`
	NewScore int       `json:"new_score"`
	OldLight Light     `json:"old_light"`
	NewLight Light     `json:"new_light"`
	Reason   string    `json:"reason"`
	Actor    string    `json:"actor"`
	At       time.Time `json:"at"`
}

// Rectification is an item a red or yellow light opened.
type Rectification struct {
	ID           int64     `json:"id"`
	AssessmentID int64     `json:"assessment_id"`
	OrgID        int64     `json:"org_id"`
	OrgName      string    `json:"org_name"`
	Month        string    `json:"month"`
	Light        Light     `json:"light"`
	Problem      string    `json:"problem"`
	DueOn        string    `json:"due_on"`
	Closed       bool      `json:"closed"`
	ClosedOn     string    `json:"closed_on,omitempty"`
	Measure      string    `json:"measure,omitempty"`
	ClosedBy     string    `json:"closed_by,omitempty"`
	ClosedAt     time.Time `json:"closed_at,omitzero"`
	CreatedAt    time.Time `json:"created_at"`
}

// CloseInput closes a rectification: when and how.
type CloseInput struct {
	ClosedOn string `json:"closed_on"`
	Measure  string `json:"measure"`
}

// Cell is a branch's month in the overview grid.
type Cell struct {
	OrgID        int64  `json:"org_id"`
	OrgName      string `json:"org_name"`
	ParentID     int64  `json:"parent_id"`
	ParentName   string `json:"parent_name"`
	AssessmentID int64  `json:"assessment_id,omitempty"`
	Status       Status `json:"status"`
	Light        Light  `json:"light,omitempty"`
	Score        int    `json:"score"`
	FullScore    int    `json:"full_score"`
	GroupID      int64  `json:"group_id,omitempty"`
	Reviewable   bool   `json:"reviewable"` // submitted and the caller is in its group
}

// Short is the branch name without the 中共 … 支部委员会 frame, for cells.
func (c Cell) Short() string { return shortName(c.OrgName) }

// Tally counts the cells of an overview.
type Tally struct {
	Branches  int `json:"branches"`
	Green     int `json:"green"`
	Yellow    int `json:"yellow"`
	Red       int `json:"red"`
	Published int `json:"published"`
	Submitted int `json:"submitted"`
	Missing   int `json:"missing"` // not started or draft
}

// Lit is the number of branches whose month has a light.
func (t Tally) Lit() int { return t.Green + t.Yellow + t.Red }

// GreenRate is the green share of the lit branches, as text.
func (t Tally) GreenRate() string {
	if t.Lit() == 0 {
		return "—"
	}
	return percent(t.Green, t.Lit())
}
