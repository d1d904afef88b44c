// Package dashboard is the home page: for the viewer's scope, the key
// figures of the three pillars with their change against the previous
// period, month-by-month trends, and distributions, all drawn as SVG on the
// server. Every figure links to the records it counted.
package dashboard

import (
	"context"
	"html/template"
	"sort"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"troika/internal/chart"
	"troika/internal/indicator"
	"troika/internal/store"
)

// Pillar is a group of key figures on the dashboard.
type Pillar struct {
	Title string   // catalog key
	Keys  []string // indicator keys, shown when registered
}

// Pillars are the three horses (and the governance platform) in the seed's
// order. Keys that no ledger registers yet are left out of the page.
var Pillars = []Pillar{
	{Title: "dash.pillar.org", Keys: []string{"org.total", "org.branches", "member.total", "member.joined", "frontline.deployed_people",
		"frontline.volunteer_teams", "archive.received", "service.wishes_claimed", "bt.green_rate_min"}},
	{Title: "dash.pillar.gov", Keys: []string{"gov.residents", "gov.events_resolved", "gov.satisfaction", "grid.excellent_monthly"}},
	{Title: "dash.pillar.cadre", Keys: []string{"cadre.promoted", "cadre.reserve_pool", "cadre.training_person_times", "cadre.units_inspected"}},
	{Title: "dash.pillar.talent", Keys: []string{"talent.reserve_pool", "talent.stations", "talent.rent_subsidies", "talent.outside_leads"}},
}

// TrendKeys are drawn month by month when registered.
var TrendKeys = []string{"member.joined", "frontline.screened_persons", "gov.events_resolved", "service.wishes_claimed", "cadre.training_person_times"}

// Distribution is a breakdown drawn as a donut or bars: members by age
// band, organizations by kind … Domain packages register their own.
type Distribution struct {
	Key     string
	Title   string // catalog key
	Bars    bool   // bars instead of a donut (many categories)
	Compute func(ctx context.Context, db store.Querier, s indicator.Scope, asOf string) ([]chart.Slice, error)
}

var (
	distMu        sync.RWMutex
	distributions []Distribution
)

// RegisterDistribution adds a breakdown to the dashboard.
func RegisterDistribution(d Distribution) {
	distMu.Lock()
	defer distMu.Unlock()
	distributions = append(distributions, d)
	sort.SliceStable(distributions, func(i, j int) bool { return distributions[i].Key < distributions[j].Key })
}

func allDistributions() []Distribution {
	distMu.RLock()
	defer distMu.RUnlock()
	return append([]Distribution(nil), distributions...)
}

// Card is one key figure with its change.
type Card struct {
	Figure   indicator.Figure
	Previous indicator.Value
	Delta    string // "+12", "−3", "" when not comparable
	Up       bool
}

// Trend is a drawn monthly series.
type Trend struct {
	Title string
	SVG   template.HTML
}

// Panel is a drawn distribution.
type Panel struct {
	Title string
	SVG   template.HTML
	Empty bool
}

// Board is everything the page shows.
type Board struct {
	Scope    indicator.Scope
	Period   indicator.Period
	Previous indicator.Period
	Pillars  []PillarView
	Trends   []Trend
	Panels   []Panel
	Built    time.Time
}

// PillarView is a pillar with its computed cards.
type PillarView struct {
	Title string
	Cards []Card
}

// Service builds boards and keeps each for a minute: the page is read far
// more often than the ledgers change, and a prefecture's board costs a few
// hundred aggregate queries.
type Service struct {
	DB  *store.DB
	TTL time.Duration
	Now func() time.Time

	mu     sync.Mutex
	cache  map[string]*Board
	flight singleflight.Group
}

// NewService returns a dashboard service on db.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, TTL: time.Minute, Now: time.Now, cache: map[string]*Board{}}
}
