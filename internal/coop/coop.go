// Package coop keeps the ledgers of the village economy: 党支部领办合作社
// (cooperatives led by village branches), their union (联合社) with its
// member cooperatives and the households they cover, and the collective
// income of villages. Its figures are rows 12 and 13 of the annual
// summary.
package coop

import (
	"strings"
	"time"

	"troika/internal/indicator"
)

// Union is a 党支部领办合作社联合社, kept on its Party organization.
type Union struct {
	ID         int64     `json:"id"`
	OrgID      int64     `json:"org_id"`
	OrgName    string    `json:"org_name"`
	Name       string    `json:"name"`
	CreditCode string    `json:"credit_code"`
	FoundedOn  string    `json:"founded_on"`
	Chair      string    `json:"chair"`
	Business   string    `json:"business"`
	Note       string    `json:"note"`
	Members    int       `json:"member_count"` // cooperatives that are members today
	Households int64     `json:"households"`   // covered by those members
	Persons    int64     `json:"persons"`
	Residents  int64     `json:"resident_households"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// UnionInput is what a user enters for a union.
type UnionInput struct {
	OrgID      int64  `json:"org_id"`
	Name       string `json:"name"`
	CreditCode string `json:"credit_code"`
	FoundedOn  string `json:"founded_on"`
	Chair      string `json:"chair"`
	Business   string `json:"business"`
	Note       string `json:"note"`
}

// Coop is a cooperative led by a village branch. Households and Persons are
// the village's residents it covers; ResidentHouseholds and ResidentPersons
// the village's own counts (the denominator of the coverage).
type Coop struct {
	ID                 int64     `json:"id"`
	OrgID              int64     `json:"org_id"`
	OrgName            string    `json:"org_name"`
	Village            string    `json:"village"`
	UnionID            int64     `json:"union_id,omitempty"`
	UnionName          string    `json:"union_name,omitempty"`
	Name               string    `json:"name"`
	CreditCode         string    `json:"credit_code"`
	FoundedOn          string    `json:"founded_on"`
	JoinedOn           string    `json:"joined_on,omitempty"`
	LeftOn             string    `json:"left_on,omitempty"`
	Chair              string    `json:"chair"`
	Business           string    `json:"business"`
	Households         int64     `json:"households"`
	Persons            int64     `json:"persons"`
	ResidentHouseholds int64     `json:"resident_households"`
	ResidentPersons    int64     `json:"resident_persons"`
	Note               string    `json:"note"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// Member reports whether the cooperative is in its union on day.
func (c Coop) Member(day string) bool {
	return c.UnionID != 0 && c.JoinedOn != "" && c.JoinedOn <= day && (c.LeftOn == "" || c.LeftOn > day)
}

// CoopInput is what a user enters for a cooperative.
type CoopInput struct {
	OrgID              int64  `json:"org_id"`
	UnionID            int64  `json:"union_id"`
	Name               string `json:"name"`
	CreditCode         string `json:"credit_code"`
	FoundedOn          string `json:"founded_on"`
	JoinedOn           string `json:"joined_on"`
	LeftOn             string `json:"left_on"`
	Chair              string `json:"chair"`
	Business           string `json:"business"`
	Households         int64  `json:"households"`
	Persons            int64  `json:"persons"`
	ResidentHouseholds int64  `json:"resident_households"`
	ResidentPersons    int64  `json:"resident_persons"`
	Note               string `json:"note"`
}

// Income is one entry of a village's collective income.
type Income struct {
	ID         int64     `json:"id"`
	OrgID      int64     `json:"org_id"`
	OrgName    string    `json:"org_name"`
	Village    string    `json:"village"`
	ReceivedOn string    `json:"received_on"`
	Amount     int64     `json:"amount"` // fen
	Item       string    `json:"item"`
	Payer      string    `json:"payer"`
	ViaUnion   bool      `json:"via_union"`
	VoucherNo  string    `json:"voucher_no"`
	Note       string    `json:"note"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// IncomeInput is what a user enters for an income entry (amount in fen).
type IncomeInput struct {
	OrgID      int64  `json:"org_id"`
	ReceivedOn string `json:"received_on"`
	Amount     int64  `json:"amount"`
	Item       string `json:"item"`
	Payer      string `json:"payer"`
	ViaUnion   bool   `json:"via_union"`
	VoucherNo  string `json:"voucher_no"`
	Note       string `json:"note"`
}

// Filter narrows the lists.
type Filter struct {
	Q             string
	Under         int64  // an organization's subtree, within scope
	UnionID       int64  // cooperatives of a union
	Member        string // "1" members of a union today, "0" not
	Via           string // incomes: "1" through the union, "0" not
	From, To      string // incomes: received on, both included
	Limit, Offset int
}

// VillageName shortens a village branch's name to its village:
// 中共智新镇勇成村支部委员会 → 智新镇勇成村.
func VillageName(org string) string {
	n := strings.TrimPrefix(org, "中共")
	for _, suf := range []string{"总支部委员会", "支部委员会", "党总支", "党支部", "委员会"} {
		if strings.HasSuffix(n, suf) {
			return strings.TrimSuffix(n, suf)
		}
	}
	return n
}

// Yuan renders fen as 元 with two decimals: 2350000 → "23500.00".
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return sign + itoa(fen/100) + "." + pad2(fen%100)
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

// Coverage is the share of the villages' resident households the union's
// members cover today: "100%", "87.3%".
func (u Union) Coverage() string { return indicator.Percent(u.Households, u.Residents) }

// Coverage is the share of the village's resident households covered.
func (c Coop) Coverage() string { return indicator.Percent(c.Households, c.ResidentHouseholds) }

// Yuan is the amount in 元 with two decimals.
func (x Income) Yuan() string { return Yuan(x.Amount) }
