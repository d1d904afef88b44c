// Package appraisal keeps the monthly appraisal of grid workers
// (网格员绩效考评): a scoring scheme versioned by month, with items
// computed from the records (visits, events reported, events handled on
// time, residents' satisfaction) and items scored by the community with a
// reason; each month is computed, reviewed and published, ranked and graded
// 优秀 / 良好 / 合格 / 不合格 within a quota, with the reward ledger. A
// published month is frozen: corrections are recorded adjustments.
package appraisal

import (
	"fmt"
	"time"

	"troika/internal/i18n"
)

// Source says where an item's score comes from.
type Source string

const (
	SourceVisits   Source = "visits"          // 走访次数, from resident_visits
	SourceReported Source = "events_reported" // 上报事件数
	SourceOnTime   Source = "events_on_time"  // 网格内事件按时办结率
	SourceSatisfy  Source = "satisfaction"    // 网格内事件满意率
	SourceManual   Source = "manual"          // 社区评分
)

// Sources in display order.
var Sources = []Source{SourceVisits, SourceReported, SourceOnTime, SourceSatisfy, SourceManual}

// Label is the source's Chinese name.
func (s Source) Label() string { return i18n.T("appraisal.source." + string(s)) }

// Counted reports whether the item's target is a count (full marks at
// Target), rather than a rate.
func (s Source) Counted() bool { return s == SourceVisits || s == SourceReported }

// Valid reports whether s is known.
func (s Source) Valid() bool {
	for _, x := range Sources {
		if x == s {
			return true
		}
	}
	return false
}

// Status of a month.
type Status string

const (
	StatusDraft     Status = "draft"     // 计算中
	StatusReviewed  Status = "reviewed"  // 已审核
	StatusPublished Status = "published" // 已公布
)

// Label is the Chinese name of the status.
func (s Status) Label() string { return i18n.T("appraisal.status." + string(s)) }

// Grade of a worker in a month.
type Grade string

const (
	GradeExcellent Grade = "excellent" // 优秀
	GradeGood      Grade = "good"      // 良好
	GradePass      Grade = "pass"      // 合格
	GradeFail      Grade = "fail"      // 不合格
)

// Grades in order.
var Grades = []Grade{GradeExcellent, GradeGood, GradePass, GradeFail}

// Label is the grade's Chinese name.
func (g Grade) Label() string { return i18n.T("appraisal.grade." + string(g)) }

// Valid reports whether g is known.
func (g Grade) Valid() bool {
	for _, x := range Grades {
		if x == g {
			return true
		}
	}
	return false
}

// Item is one scored item of a scheme; Weight in percent (the weights of
// a scheme add up to 100), Target the count that earns full marks.
type Item struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	Source Source `json:"source"`
	Weight int    `json:"weight"`
	Target int    `json:"target"`
	Sort   int    `json:"sort"`
}

// Scheme is a version of the scoring scheme, in force from MonthFrom.
type Scheme struct {
	ID              int64  `json:"id"`
	MonthFrom       string `json:"month_from"`
	Name            string `json:"name"`
	ExcellentQuota  int    `json:"excellent_quota"`
	GoodQuota       int    `json:"good_quota"`
	PassScore       int    `json:"pass_score"`
	RewardExcellent int64  `json:"reward_excellent"` // fen
	RewardGood      int64  `json:"reward_good"`
	RewardPass      int64  `json:"reward_pass"`
	Items           []Item `json:"items"`
}

// Reward is the amount for a grade, in fen.
func (s Scheme) Reward(g Grade) int64 {
	switch g {
	case GradeExcellent:
		return s.RewardExcellent
	case GradeGood:
		return s.RewardGood
	case GradePass:
		return s.RewardPass
	}
	return 0
}

// Month is one appraisal month of the grid workers under an organization.
type Month struct {
	ID          int64     `json:"id"`
	OrgID       int64     `json:"org_id"`
	OrgName     string    `json:"org_name"`
	Month       string    `json:"month"`
	SchemeID    int64     `json:"scheme_id"`
	Status      Status    `json:"status"`
	StatusLabel string    `json:"status_label"`
	ComputedAt  time.Time `json:"computed_at,omitzero"`
	ReviewedBy  string    `json:"reviewed_by,omitempty"`
	ReviewedAt  time.Time `json:"reviewed_at,omitzero"`
	PublishedBy string    `json:"published_by,omitempty"`
	PublishedAt time.Time `json:"published_at,omitzero"`
	Workers     int       `json:"workers"`
	Excellent   int       `json:"excellent"`
}

// Score is one item's score of a worker: Score in hundredths of a point
// (0–10000), Raw the counted value (a count, or per-mille for rates).
type Score struct {
	ItemID    int64  `json:"item_id"`
	Raw       int64  `json:"raw"`
	Score     int64  `json:"score"`
	Entered   bool   `json:"entered"`
	Reason    string `json:"reason,omitempty"`
	EnteredBy string `json:"entered_by,omitempty"`
}

// Result is a worker's month.
type Result struct {
	WorkerID   int64   `json:"worker_id"`
	WorkerName string  `json:"worker_name"`
	GridID     int64   `json:"grid_id"`
	GridName   string  `json:"grid_name"`
	OrgID      int64   `json:"org_id"`
	OrgName    string  `json:"org_name"`
	Total      int64   `json:"total"` // hundredths of a point
	Rank       int     `json:"rank"`
	Grade      Grade   `json:"grade"`
	GradeLabel string  `json:"grade_label"`
	Reward     int64   `json:"reward"` // fen
	Paid       bool    `json:"paid"`
	PaidOn     string  `json:"paid_on,omitempty"`
	Scores     []Score `json:"scores"`
}

// Points renders hundredths of a point: 8650 → "86.50".
func Points(h int64) string { return fmt.Sprintf("%d.%02d", h/100, h%100) }

// Yuan renders fen as yuan: 50000 → "500.00".
func Yuan(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

// Adjustment is a recorded correction of a published month.
type Adjustment struct {
	WorkerID   int64     `json:"worker_id"`
	WorkerName string    `json:"worker_name"`
	Field      string    `json:"field"`
	Before     string    `json:"before"`
	After      string    `json:"after"`
	Reason     string    `json:"reason"`
	Actor      string    `json:"actor"`
	At         time.Time `json:"at"`
}

// Text is the score as points, for pages.
func (s Score) Text() string { return Points(s.Score) }

// TotalText is the total as points, for pages.
func (r Result) TotalText() string { return Points(r.Total) }

// RewardText is the reward in yuan, for pages.
func (r Result) RewardText() string { return Yuan(r.Reward) }

// RewardTexts are the rewards of 优秀, 良好 and 合格 in yuan, for pages.
func (s Scheme) RewardTexts() []string {
	return []string{Yuan(s.RewardExcellent), Yuan(s.RewardGood), Yuan(s.RewardPass)}
}

// CatalogKeys are the catalog keys built from the enumerations above, for
// the catalog test.
func CatalogKeys() []string {
	var out []string
	for _, s := range Sources {
		out = append(out, "appraisal.source."+string(s))
	}
	for _, s := range []Status{StatusDraft, StatusReviewed, StatusPublished} {
		out = append(out, "appraisal.status."+string(s))
	}
	for _, g := range Grades {
		out = append(out, "appraisal.grade."+string(g))
	}
	return out
}
