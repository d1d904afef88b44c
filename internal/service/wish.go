package service

import (
	"time"

	"troika/internal/i18n"
)

// WishStatus is where a micro-wish stands in its workflow:
// submitted → published → claimed → fulfilled → confirmed; a submitted
// wish that cannot be taken up is rejected with a reason.
type WishStatus string

const (
	WishSubmitted WishStatus = "submitted" // 待发布
	WishPublished WishStatus = "published" // 待认领
	WishClaimed   WishStatus = "claimed"   // 已认领
	WishFulfilled WishStatus = "fulfilled" // 已实现，待群众确认
	WishConfirmed WishStatus = "confirmed" // 群众已确认
	WishRejected  WishStatus = "rejected"  // 不予发布
)

// WishStatuses in workflow order.
var WishStatuses = []WishStatus{WishSubmitted, WishPublished, WishClaimed, WishFulfilled, WishConfirmed, WishRejected}

// Label is the Chinese name of the status.
func (s WishStatus) Label() string { return i18n.T("wish.status." + string(s)) }

// Valid reports whether s is a known status.
func (s WishStatus) Valid() bool {
	for _, x := range WishStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Badge is the badge colour of the status.
func (s WishStatus) Badge() string {
	switch s {
	case WishConfirmed, WishFulfilled:
		return "green"
	case WishClaimed:
		return "warn"
	case WishRejected:
		return ""
	}
	return "red"
}

// WishAction is a step of the workflow.
type WishAction string

const (
	ActSubmit  WishAction = "submit"
	ActPublish WishAction = "publish"
	ActReject  WishAction = "reject"
	ActClaim   WishAction = "claim"
	ActFulfil  WishAction = "fulfil"
	ActConfirm WishAction = "confirm"
)

// Label is the Chinese name of the step.
func (a WishAction) Label() string { return i18n.T("wish.action." + string(a)) }

// Categories of wishes, as the pages offer them.
var Categories = []string{"生活用品", "助学圆梦", "就医助老", "家电维修", "就业帮扶", "文体需求", "其他"}

func validCategory(c string) bool {
	for _, x := range Categories {
		if x == c {
			return true
		}
	}
	return false
}

// Sources of wishes.
const (
	SourcePublic = "public" // the resident's own public page
	SourceGrid   = "grid"   // entered by a grid worker (or other staff) for a resident
)

// Claimant kinds.
const (
	ClaimByMember = "member"
	ClaimByOrg    = "org"
)

// Wish is one 微心愿.
type Wish struct {
	ID           int64      `json:"id"`
	OrgID        int64      `json:"org_id"`
	OrgName      string     `json:"org_name"`
	Code         string     `json:"tracking_code,omitempty"` // only for those who keep the ledger
	Content      string     `json:"content"`
	Category     string     `json:"category"`
	ResidentName string     `json:"resident_name"`
	PhoneMask    string     `json:"phone_masked,omitempty"`
	Source       string     `json:"source"`
	SubmittedOn  string     `json:"submitted_on"`
	Status       WishStatus `json:"status"`
	StatusLabel  string     `json:"status_label"`
	PublishedOn  string     `json:"published_on,omitempty"`
	ClaimBy      string     `json:"claim_by,omitempty"`
	ClaimantKind string     `json:"claimant_kind,omitempty"`
	ClaimantUser int64      `json:"claimant_user_id,omitempty"`
	ClaimantOrg  int64      `json:"claimant_org_id,omitempty"`
	ClaimantName string     `json:"claimant_name,omitempty"`
	ClaimedOn    string     `json:"claimed_on,omitempty"`
	DueOn        string     `json:"due_on,omitempty"`
	FulfilledOn  string     `json:"fulfilled_on,omitempty"`
	FulfilNote   string     `json:"fulfil_note,omitempty"`
	HasPhoto     bool       `json:"has_photo"`
	ConfirmedOn  string     `json:"confirmed_on,omitempty"`
	Feedback     string     `json:"feedback,omitempty"`
	RejectReason string     `json:"reject_reason,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	// Overdue is set on lists: unclaimed past ClaimBy, or claimed and not
	// fulfilled past DueOn.
	Overdue bool `json:"overdue,omitempty"`

	photo string
}

// DisplayCode is the tracking code as residents read it: ABCD-EFGH.
func (w Wish) DisplayCode() string { return FormatCode(w.Code) }

// WishEvent is one step of a wish's history.
type WishEvent struct {
	Action     WishAction `json:"action"`
	Label      string     `json:"label"`
	FromStatus WishStatus `json:"from_status,omitempty"`
	ToStatus   WishStatus `json:"to_status"`
	OnDate     string     `json:"on_date"`
	Detail     string     `json:"detail"`
	Actor      string     `json:"actor"`
	At         time.Time  `json:"at"`
}

// WishInput is a wish as a resident or a grid worker enters it.
type WishInput struct {
	OrgID        int64  `json:"org_id"`
	Content      string `json:"content"`
	Category     string `json:"category"`
	ResidentName string `json:"resident_name"`
	Phone        string `json:"phone"`
}

// PublishInput publishes a submitted wish with a deadline for claiming.
type PublishInput struct {
	ClaimBy string `json:"claim_by"`
}

// RejectInput declines a submitted wish with a reason the resident sees.
type RejectInput struct {
	Reason string `json:"reason"`
}

// ClaimInput claims a published wish: as the member signed in, or for an
// organization in scope; DueOn is when the claimant promises to fulfil it.
type ClaimInput struct {
	OrgID int64  `json:"org_id"`
	DueOn string `json:"due_on"`
}

// FulfilInput records how a claimed wish was fulfilled.
type FulfilInput struct {
	FulfilledOn string `json:"fulfilled_on"`
	Note        string `json:"note"`
}

// ConfirmInput is the resident's confirmation.
type ConfirmInput struct {
	Feedback string `json:"feedback"`
}
