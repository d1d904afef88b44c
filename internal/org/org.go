// Package org keeps the tree of Party organizations: 党委, 党工委, 党总支,
// 党支部, 临时党支部 and 党小组, with their domains, secretaries and codes.
// Every other ledger hangs its records on an organization, and every scope
// check is a test of an organization's path.
package org

import (
	"time"

	"troika/internal/i18n"
)

// Kind is the type of organization.
type Kind string

const (
	KindCommittee Kind = "committee" // 党委
	KindWorking   Kind = "working"   // 党工委
	KindGeneral   Kind = "general"   // 党总支
	KindBranch    Kind = "branch"    // 党支部
	KindTemp      Kind = "temp"      // 临时党支部
	KindGroup     Kind = "group"     // 党小组
)

// Kinds in display order.
var Kinds = []Kind{KindCommittee, KindWorking, KindGeneral, KindBranch, KindTemp, KindGroup}

// Label is the Chinese name of the kind.
func (k Kind) Label() string { return i18n.T("org.kind." + string(k)) }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// IsBranch reports whether k is a branch (regular or temporary): the level
// that holds members and is checked monthly.
func (k Kind) IsBranch() bool { return k == KindBranch || k == KindTemp }

// allowedParents says under which kinds each kind may stand.
var allowedParents = map[Kind][]Kind{
	KindCommittee: {KindCommittee, KindWorking},
	KindWorking:   {KindCommittee, KindWorking},
	KindGeneral:   {KindCommittee, KindWorking},
	KindBranch:    {KindCommittee, KindWorking, KindGeneral},
	KindTemp:      {KindCommittee, KindWorking, KindGeneral, KindBranch},
	KindGroup:     {KindBranch, KindTemp},
}

// CanStandUnder reports whether an organization of kind k may have a parent
// of kind parent.
func (k Kind) CanStandUnder(parent Kind) bool {
	for _, p := range allowedParents[k] {
		if p == parent {
			return true
		}
	}
	return false
}

// Domain is the field an organization works in.
type Domain string

const (
	DomainRural       Domain = "rural"       // 农村
	DomainCommunity   Domain = "community"   // 社区
	DomainOrgan       Domain = "organ"       // 机关
	DomainInstitution Domain = "institution" // 事业单位
	DomainSOE         Domain = "soe"         // 国有企业
	DomainPrivate     Domain = "private"     // 非公企业
	DomainSocial      Domain = "social"      // 社会组织
	DomainNewForm     Domain = "newform"     // 新业态
	DomainMixed       Domain = "mixed"       // 综合 (township and city committees)
)

// Domains in display order.
var Domains = []Domain{DomainMixed, DomainRural, DomainCommunity, DomainOrgan, DomainInstitution, DomainSOE, DomainPrivate, DomainSocial, DomainNewForm}

// Label is the Chinese name of the domain.
func (d Domain) Label() string { return i18n.T("org.domain." + string(d)) }

// Valid reports whether d is a known domain.
func (d Domain) Valid() bool {
	for _, x := range Domains {
		if x == d {
			return true
		}
	}
	return false
}

// Org is one organization.
type Org struct {
	ID             int64     `json:"id"`
	ParentID       int64     `json:"parent_id,omitempty"`
	Path           string    `json:"path"`
	Depth          int       `json:"depth"`
	Name           string    `json:"name"`
	Code           string    `json:"code"`
	Kind           Kind      `json:"kind"`
	Domain         Domain    `json:"domain"`
	Secretary      string    `json:"secretary"`
	FoundedOn      string    `json:"founded_on"`
	Sort           int       `json:"sort"`
	Dissolved      bool      `json:"dissolved"`
	DissolvedOn    string    `json:"dissolved_on,omitempty"`
	DissolveReason string    `json:"dissolve_reason,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Input is what a user enters to create or edit an organization.
type Input struct {
	ParentID  int64  `json:"parent_id"`
	Name      string `json:"name"`
	Code      string `json:"code"`
	Kind      Kind   `json:"kind"`
	Domain    Domain `json:"domain"`
	Secretary string `json:"secretary"`
	FoundedOn string `json:"founded_on"`
	Sort      int    `json:"sort"`
}
