// Package twonew keeps the 两新 service ledgers of the “e站” guidance and
// service centre: activity menus (活动菜单) and the service items
// (服务项目) they offer to organizations of new business forms and
// non-public organizations, those organizations' requests and how each was
// handled, and the warm stations (暖心驿站) set up for new employment
// groups.
package twonew

import (
	"time"

	"troika/internal/i18n"
)

// Menu is an activity menu on offer from OfferedFrom until WithdrawnOn.
type Menu struct {
	ID          int64     `json:"id"`
	OrgID       int64     `json:"org_id"`
	OrgName     string    `json:"org_name"`
	Name        string    `json:"name"`
	Summary     string    `json:"summary"`
	OfferedFrom string    `json:"offered_from"`
	WithdrawnOn string    `json:"withdrawn_on,omitempty"`
	ItemCount   int       `json:"item_count"`
	Items       []Item    `json:"items,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// MenuInput is what a user enters for a menu.
type MenuInput struct {
	OrgID       int64  `json:"org_id"`
	Name        string `json:"name"`
	Summary     string `json:"summary"`
	OfferedFrom string `json:"offered_from"`
	WithdrawnOn string `json:"withdrawn_on"`
}

// Item is a service item of a menu.
type Item struct {
	ID          int64  `json:"id"`
	MenuID      int64  `json:"menu_id"`
	MenuName    string `json:"menu_name"`
	Name        string `json:"name"`
	Summary     string `json:"summary"`
	Provider    string `json:"provider"`
	OfferedFrom string `json:"offered_from"`
	WithdrawnOn string `json:"withdrawn_on,omitempty"`
	Requests    int    `json:"requests"`
}

// ItemInput is what a user enters for a service item.
type ItemInput struct {
	MenuID      int64  `json:"menu_id"`
	Name        string `json:"name"`
	Summary     string `json:"summary"`
	Provider    string `json:"provider"`
	OfferedFrom string `json:"offered_from"`
	WithdrawnOn string `json:"withdrawn_on"`
}

// RequestStatus is where a request stands.
type RequestStatus string

const (
	RequestPending  RequestStatus = "pending"  // 待受理
	RequestAccepted RequestStatus = "accepted" // 已受理
	RequestDone     RequestStatus = "done"     // 已办结
	RequestDeclined RequestStatus = "declined" // 不予受理
)

// RequestStatuses in workflow order.
var RequestStatuses = []RequestStatus{RequestPending, RequestAccepted, RequestDone, RequestDeclined}

// Label is the Chinese name.
func (s RequestStatus) Label() string { return i18n.T("twonew.request_status." + string(s)) }

// Valid reports whether s is known.
func (s RequestStatus) Valid() bool {
	for _, x := range RequestStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Badge is the badge colour.
func (s RequestStatus) Badge() string {
	switch s {
	case RequestDone:
		return "green"
	case RequestAccepted:
		return "warn"
	case RequestDeclined:
		return ""
	}
	return "red"
}

// next says which statuses a request may move to.
var next = map[RequestStatus][]RequestStatus{
	RequestPending:  {RequestAccepted, RequestDone, RequestDeclined},
	RequestAccepted: {RequestDone, RequestDeclined},
}

// Request is an organization's request of a service item.
type Request struct {
	ID           int64         `json:"id"`
	ItemID       int64         `json:"item_id"`
	ItemName     string        `json:"item_name"`
	MenuName     string        `json:"menu_name"`
	OrgID        int64         `json:"org_id"`
	OrgName      string        `json:"org_name"`
	RequestedOn  string        `json:"requested_on"`
	Contact      string        `json:"contact"`
	Need         string        `json:"need"`
	Status       RequestStatus `json:"status"`
	StatusLabel  string        `json:"status_label"`
	HandledOn    string        `json:"handled_on,omitempty"`
	HandlingNote string        `json:"handling_note,omitempty"`
	Handler      string        `json:"handler,omitempty"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

// RequestInput is a request as entered.
type RequestInput struct {
	ItemID      int64  `json:"item_id"`
	OrgID       int64  `json:"org_id"`
	RequestedOn string `json:"requested_on"`
	Contact     string `json:"contact"`
	Need        string `json:"need"`
}

// HandleInput moves a request on.
type HandleInput struct {
	Status    RequestStatus `json:"status"`
	HandledOn string        `json:"handled_on"`
	Note      string        `json:"note"`
}

// requesterDomains are the organizations that may request service items:
// new business forms and the other 两新 (non-public enterprises, social
// organizations).
var requesterDomains = []string{"newform", "private", "social"}
