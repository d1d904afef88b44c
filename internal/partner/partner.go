// Package partner keeps the ledgers of the villages' partners: agreements,
// orders, investments and funds with universities (校地合作), higher
// authorities (中组部专项资金) and enterprises, each with its amount,
// counterpart, village and date; and the construction projects they pay
// for, with floor area and funds. Its figures are rows 14 and 15 of the
// annual summary.
package partner

import (
	"time"

	"troika/internal/coop"
	"troika/internal/i18n"
	"troika/internal/indicator"
)

// DealKind is what a partner's deal is.
type DealKind string

const (
	Agreement  DealKind = "agreement"  // 合作协议
	Order      DealKind = "order"      // 订购
	Investment DealKind = "investment" // 投资
	Fund       DealKind = "fund"       // 专项资金
)

// DealKinds in display order.
var DealKinds = []DealKind{Agreement, Order, Investment, Fund}

// Label is the Chinese name of the kind.
func (k DealKind) Label() string { return i18n.T("partner.kind." + string(k)) }

// Valid reports whether k is a known kind.
func (k DealKind) Valid() bool {
	for _, x := range DealKinds {
		if x == k {
			return true
		}
	}
	return false
}

// PartnerKind is who the counterpart is.
type PartnerKind string

// PartnerKinds in display order: 高校, 上级部门, 企业, 其他.
var PartnerKinds = []PartnerKind{"university", "government", "enterprise", "other"}

// Label is the Chinese name of the partner kind.
func (k PartnerKind) Label() string { return i18n.T("partner.pkind." + string(k)) }

// Valid reports whether k is a known partner kind.
func (k PartnerKind) Valid() bool {
	for _, x := range PartnerKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Deal is an agreement, order, investment or fund with a partner, for a
// village (or another organization) on a date.
type Deal struct {
	ID          int64       `json:"id"`
	OrgID       int64       `json:"org_id"`
	OrgName     string      `json:"org_name"`
	Kind        DealKind    `json:"kind"`
	KindLabel   string      `json:"kind_label"`
	Partner     string      `json:"partner"`
	PartnerKind PartnerKind `json:"partner_kind"`
	Title       string      `json:"title"`
	Amount      int64       `json:"amount"` // fen
	SignedOn    string      `json:"signed_on"`
	Note        string      `json:"note"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// Yuan is the amount in 元.
func (d Deal) Yuan() string { return Yuan(d.Amount) }

// DealInput is what a user enters for a deal (amount in fen).
type DealInput struct {
	OrgID       int64       `json:"org_id"`
	Kind        DealKind    `json:"kind"`
	Partner     string      `json:"partner"`
	PartnerKind PartnerKind `json:"partner_kind"`
	Title       string      `json:"title"`
	Amount      int64       `json:"amount"`
	SignedOn    string      `json:"signed_on"`
	Note        string      `json:"note"`
}

// Project is a construction project in a village.
type Project struct {
	ID          int64     `json:"id"`
	OrgID       int64     `json:"org_id"`
	OrgName     string    `json:"org_name"`
	Name        string    `json:"name"`
	Place       string    `json:"place"`
	AreaM2      int64     `json:"area_m2"` // whole square metres
	Funds       int64     `json:"funds"`   // fen
	DealID      int64     `json:"deal_id,omitempty"`
	DealTitle   string    `json:"deal_title,omitempty"`
	StartedOn   string    `json:"started_on"`
	CompletedOn string    `json:"completed_on,omitempty"`
	Note        string    `json:"note"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// FundsYuan is the funds in 元.
func (p Project) FundsYuan() string { return Yuan(p.Funds) }

// ProjectInput is what a user enters for a project (funds in fen).
type ProjectInput struct {
	OrgID       int64  `json:"org_id"`
	Name        string `json:"name"`
	Place       string `json:"place"`
	AreaM2      int64  `json:"area_m2"`
	Funds       int64  `json:"funds"`
	DealID      int64  `json:"deal_id"`
	StartedOn   string `json:"started_on"`
	CompletedOn string `json:"completed_on"`
	Note        string `json:"note"`
}

// Summary is one partner over its deals in scope.
type Summary struct {
	Partner     string      `json:"partner"`
	PartnerKind PartnerKind `json:"partner_kind"`
	Deals       int         `json:"deals"`
	Villages    int         `json:"villages"`
	Orders      int64       `json:"orders"`      // fen
	Investments int64       `json:"investments"` // fen
	Funds       int64       `json:"funds"`       // fen
	First       string      `json:"first_on"`
	Last        string      `json:"last_on"`
}

// Filter narrows the lists.
type Filter struct {
	Q             string
	Under         int64
	Kind          DealKind
	Partner       string // exact counterpart
	From, To      string // signed (deals) or started (projects) on, both included
	Limit, Offset int
}

// Yuan renders fen as 元 with two decimals; amounts are read and shown as
// the cooperative ledgers do.
func Yuan(fen int64) string { return coop.Yuan(fen) }

// OrdersWan, InvestmentsWan and FundsWan are the sums in 万元.
func (s Summary) OrdersWan() string { return indicator.Wan(s.Orders) }

// InvestmentsWan is the investments in 万元.
func (s Summary) InvestmentsWan() string { return indicator.Wan(s.Investments) }

// FundsWan is the funds in 万元.
func (s Summary) FundsWan() string { return indicator.Wan(s.Funds) }
