// Package archive keeps the ledger of the archive centre for members
// without posts (无职党员档案管理服务中心): archives received from
// branches and townships, filed on a shelf, lent and returned, and finally
// transferred out with a receipt. Every step is kept in the archive's
// history with who did it and when.
package archive

import (
	"time"

	"troika/internal/i18n"
)

// Status is where an archive stands in its workflow.
type Status string

const (
	StatusReceived    Status = "received"    // 已接收
	StatusFiled       Status = "filed"       // 已归档
	StatusLent        Status = "lent"        // 借出
	StatusReturned    Status = "returned"    // 已归还
	StatusTransferred Status = "transferred" // 已转出
)

// Statuses in workflow order.
var Statuses = []Status{StatusReceived, StatusFiled, StatusLent, StatusReturned, StatusTransferred}

// Label is the Chinese name of the status.
func (s Status) Label() string { return i18n.T("archive.status." + string(s)) }

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Badge is the badge colour a page gives the status.
func (s Status) Badge() string {
	switch s {
	case StatusLent:
		return "warn"
	case StatusFiled, StatusReturned:
		return "green"
	case StatusTransferred:
		return ""
	}
	return "red"
}

// Action is a step of the workflow.
type Action string

const (
	ActReceive  Action = "receive"
	ActEdit     Action = "edit"
	ActFile     Action = "file"
	ActLend     Action = "lend"
	ActReturn   Action = "return"
	ActTransfer Action = "transfer"
)

// Label is the Chinese name of the action.
func (a Action) Label() string { return i18n.T("archive.action." + string(a)) }

// from lists the statuses each step may start from; the workflow is
// received → filed → (lent → returned)* → transferred.
var from = map[Action][]Status{
	ActFile:     {StatusReceived},
	ActLend:     {StatusFiled, StatusReturned},
	ActReturn:   {StatusLent},
	ActTransfer: {StatusReceived, StatusFiled, StatusReturned},
	ActEdit:     {StatusReceived, StatusFiled, StatusLent, StatusReturned},
}

// to is the status each step leads to.
var to = map[Action]Status{ActFile: StatusFiled, ActLend: StatusLent, ActReturn: StatusReturned, ActTransfer: StatusTransferred}

// Can reports whether step a may be taken from status s.
func (s Status) Can(a Action) bool {
	for _, x := range from[a] {
		if x == s {
			return true
		}
	}
	return false
}

// Material is one item of an archive's material list (材料清单).
type Material struct {
	Name   string `json:"name"`
	Copies int    `json:"copies"`
}

// Archive is one member's archive as the centre holds it.
type Archive struct {
	ID            int64      `json:"id"`
	OrgID         int64      `json:"org_id"`
	OrgName       string     `json:"org_name"`
	MemberID      int64      `json:"member_id,omitempty"`
	Name          string     `json:"name"`
	Gender        string     `json:"gender,omitempty"`
	BirthDate     string     `json:"birth_date,omitempty"`
	IDMask        string     `json:"id_number_masked"`
	IDNumber      string     `json:"id_number,omitempty"` // only when revealed
	ReceivedOn    string     `json:"received_on"`
	ReceivedFrom  string     `json:"received_from"`
	Receiver      string     `json:"receiver"`
	Status        Status     `json:"status"`
	StatusLabel   string     `json:"status_label"`
	ShelfNo       string     `json:"shelf_no,omitempty"`
	FiledOn       string     `json:"filed_on,omitempty"`
	TransferredOn string     `json:"transferred_on,omitempty"`
	TransferredTo string     `json:"transferred_to,omitempty"`
	ReceiptNo     string     `json:"receipt_no,omitempty"`
	Note          string     `json:"note"`
	Loan          *Loan      `json:"loan,omitempty"` // the open loan while lent
	Materials     []Material `json:"materials"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// Loan is one lending of an archive.
type Loan struct {
	ID           int64  `json:"id"`
	ArchiveID    int64  `json:"archive_id"`
	Borrower     string `json:"borrower"`
	BorrowerUnit string `json:"borrower_unit"`
	Purpose      string `json:"purpose"`
	LentOn       string `json:"lent_on"`
	DueOn        string `json:"due_on"`
	ReturnedOn   string `json:"returned_on,omitempty"`
	LentBy       string `json:"lent_by"`
	ReturnedBy   string `json:"returned_by,omitempty"`
	// DaysOverdue is set on the overdue list: whole days past DueOn.
	DaysOverdue int `json:"days_overdue,omitempty"`
}

// Event is one step of an archive's history.
type Event struct {
	Action     Action    `json:"action"`
	Label      string    `json:"label"`
	FromStatus Status    `json:"from_status,omitempty"`
	ToStatus   Status    `json:"to_status"`
	OnDate     string    `json:"on_date"`
	Detail     string    `json:"detail"`
	Actor      string    `json:"actor"`
	At         time.Time `json:"at"`
}

// Input is what a user enters to register (receive) or edit an archive.
// With MemberID the person is taken from the roster; otherwise Name and
// IDNumber describe them (and link them to the roster when the number is
// on it).
type Input struct {
	OrgID        int64      `json:"org_id"`
	MemberID     int64      `json:"member_id"`
	Name         string     `json:"name"`
	IDNumber     string     `json:"id_number"`
	ReceivedOn   string     `json:"received_on"`
	ReceivedFrom string     `json:"received_from"`
	Receiver     string     `json:"receiver"`
	Note         string     `json:"note"`
	Materials    []Material `json:"materials"`
}

// FileInput files a received archive on a shelf.
type FileInput struct {
	ShelfNo string `json:"shelf_no"`
	FiledOn string `json:"filed_on"`
}

// LendInput lends a filed archive.
type LendInput struct {
	Borrower     string `json:"borrower"`
	BorrowerUnit string `json:"borrower_unit"`
	Purpose      string `json:"purpose"`
	LentOn       string `json:"lent_on"`
	DueOn        string `json:"due_on"`
}

// ReturnInput records the return of a lent archive.
type ReturnInput struct {
	ReturnedOn string `json:"returned_on"`
}

// TransferInput transfers an archive out of the centre, with a receipt.
type TransferInput struct {
	TransferredOn string `json:"transferred_on"`
	TransferredTo string `json:"transferred_to"`
	ReceiptNo     string `json:"receipt_no"`
}
