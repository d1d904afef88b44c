// Package rating keeps the ratings of village Party organizations: the
// 五星级 creation standard (the items of each star) and the quarterly 四优
// evaluation — criteria, candidate branches, reviewers' scores, the
// ranking and the 十佳 of the quarter. A published evaluation is frozen:
// its ranking and awards change only through recorded adjustments.
package rating

import (
	"time"

	"troika/internal/i18n"
)

// StarItem is one item of the 五星级 creation standard.
type StarItem struct {
	ID        int64     `json:"id"`
	Star      int       `json:"star"` // 1–5
	Sort      int       `json:"sort"`
	Title     string    `json:"title"`
	Criteria  string    `json:"criteria"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// StarInput creates or edits a star item.
type StarInput struct {
	Star     int    `json:"star"`
	Sort     int    `json:"sort"`
	Title    string `json:"title"`
	Criteria string `json:"criteria"`
}

// Status is where an evaluation stands.
type Status string

const (
	Open      Status = "open"      // reviewers are scoring
	Published Status = "published" // frozen
)

// Label is the status's Chinese name.
func (s Status) Label() string { return i18n.T("rating.status." + string(s)) }

// Criterion is one of the evaluation's items (班子优, 队伍优 …).
type Criterion struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	MaxScore int    `json:"max_score"`
}

// Candidate is a branch in an evaluation with its result: while open,
// computed from the scores; once published, as frozen.
type Candidate struct {
	ID         int64  `json:"id"`
	OrgID      int64  `json:"org_id"`
	OrgName    string `json:"org_name"`
	ParentName string `json:"parent_name"`
	Total      int    `json:"total"` // hundredths of a point
	Rank       int    `json:"rank"`
	Top        bool   `json:"top"`
	Scored     int    `json:"scored"` // scores entered
	path       string
}

// TotalText is the total with two decimals.
func (c Candidate) TotalText() string { return hundredths(c.Total) }

// Reviewer is a staff member who scores.
type Reviewer struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Scored int    `json:"scored"`
}

// Evaluation is one quarter's 四优 evaluation.
type Evaluation struct {
	ID          int64       `json:"id"`
	OrgID       int64       `json:"org_id"`
	OrgName     string      `json:"org_name"`
	Year        int         `json:"year"`
	Quarter     int         `json:"quarter"`
	Title       string      `json:"title"`
	TopN        int         `json:"top_n"`
	Status      Status      `json:"status"`
	StatusLabel string      `json:"status_label"`
	Note        string      `json:"note"`
	PublishedBy string      `json:"published_by,omitempty"`
	PublishedAt time.Time   `json:"published_at,omitzero"`
	Candidates  int         `json:"candidate_count"`
	Awarded     int         `json:"top_count"`
	Criteria    []Criterion `json:"criteria,omitempty"`
	Ranking     []Candidate `json:"ranking,omitempty"`
	Reviewers   []Reviewer  `json:"reviewers,omitempty"`
	// Expected is how many scores a complete evaluation holds; Entered how
	// many are in.
	// Organizer: the caller's scope holds the organizing organization
	// (else it sees only its own candidates and changes nothing).
	Organizer bool `json:"organizer"`
	orgPath   string
	Expected  int       `json:"expected_scores"`
	Entered   int       `json:"entered_scores"`
	CreatedAt time.Time `json:"created_at"`
}

// Input creates an evaluation.
type Input struct {
	Year         int         `json:"year"`
	Quarter      int         `json:"quarter"`
	Title        string      `json:"title"`
	TopN         int         `json:"top_n"`
	Note         string      `json:"note"`
	Criteria     []Criterion `json:"criteria"`
	CandidateIDs []int64     `json:"candidate_ids"`
	ReviewerIDs  []int64     `json:"reviewer_ids"`
}

// Score is one reviewer's score of a candidate on a criterion.
type Score struct {
	CandidateID int64 `json:"candidate_id"`
	CriterionID int64 `json:"criterion_id"`
	Score       int   `json:"score"`
}

// AdjustInput awards or withdraws a published 十佳, with a reason.
type AdjustInput struct {
	CandidateID int64  `json:"candidate_id"`
	Top         bool   `json:"top"`
	Reason      string `json:"reason"`
}

// Adjustment is a recorded change to a published evaluation.
type Adjustment struct {
	OrgName string    `json:"org_name"`
	OldTop  bool      `json:"old_top"`
	NewTop  bool      `json:"new_top"`
	Reason  string    `json:"reason"`
	Actor   string    `json:"actor"`
	At      time.Time `json:"at"`
}
