// Package pairing keeps the ledgers of 双报到 ("double registration"):
// organizations paired with a street and its communities for joint work
// (结对共建), and members registering at the community where they live,
// with the activities they joined there.
package pairing

import (
	"math"
	"strconv"
	"time"
)

// Pairing is an organization paired with a street (and optionally one of
// its communities).
type Pairing struct {
	ID            int64     `json:"id"`
	OrgID         int64     `json:"org_id"`
	OrgName       string    `json:"org_name"`
	OrgDomain     string    `json:"org_domain"`
	StreetID      int64     `json:"street_id"`
	StreetName    string    `json:"street_name"`
	CommunityID   int64     `json:"community_id,omitempty"`
	CommunityName string    `json:"community_name,omitempty"`
	StartedOn     string    `json:"started_on"`
	EndedOn       string    `json:"ended_on,omitempty"`
	Agreement     string    `json:"agreement"`
	Note          string    `json:"note"`
	Activities    int       `json:"activities"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// PairingInput is what a user enters for a pairing.
type PairingInput struct {
	OrgID       int64  `json:"org_id"`
	StreetID    int64  `json:"street_id"`
	CommunityID int64  `json:"community_id"`
	StartedOn   string `json:"started_on"`
	EndedOn     string `json:"ended_on"`
	Agreement   string `json:"agreement"`
	Note        string `json:"note"`
}

// Activity is a joint activity of a pairing.
type Activity struct {
	ID           int64  `json:"id"`
	HeldOn       string `json:"held_on"`
	Title        string `json:"title"`
	Participants int    `json:"participants"`
	Note         string `json:"note"`
}

// Registration is a member registered at their residential community.
type Registration struct {
	ID            int64     `json:"id"`
	MemberID      int64     `json:"member_id"`
	MemberName    string    `json:"member_name"`
	IDMask        string    `json:"id_number_masked"`
	MemberOrgID   int64     `json:"member_org_id"`
	MemberOrgName string    `json:"member_org_name"`
	CommunityID   int64     `json:"community_id"`
	CommunityName string    `json:"community_name"`
	RegisteredOn  string    `json:"registered_on"`
	Note          string    `json:"note"`
	Activities    int       `json:"activities"`
	Minutes       int       `json:"minutes"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Hours is the time served, in hours with at most one decimal.
func (r Registration) Hours() string { return hours(r.Minutes) }

// RegistrationInput is what a user enters for a registration: the member
// by id, or by ID number (looked up in the roster).
type RegistrationInput struct {
	MemberID     int64  `json:"member_id"`
	IDNumber     string `json:"id_number,omitempty"`
	CommunityID  int64  `json:"community_id"`
	RegisteredOn string `json:"registered_on"`
	Note         string `json:"note"`
}

// Participation is an activity a registered member joined at the community.
type Participation struct {
	ID      int64  `json:"id"`
	HeldOn  string `json:"held_on"`
	Title   string `json:"title"`
	Minutes int    `json:"minutes"`
}

// Hours is the time served, in hours.
func (s Participation) Hours() string { return hours(s.Minutes) }

func hours(min int) string {
	return strconv.FormatFloat(math.Round(float64(min)/6)/10, 'f', -1, 64)
}

// ParticipationInput records an activity: hours may have one decimal (2.5).
type ParticipationInput struct {
	HeldOn string  `json:"held_on"`
	Title  string  `json:"title"`
	Hours  float64 `json:"hours"`
}
