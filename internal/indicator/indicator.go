// Package indicator is the one registry of figures: a figure is a key, a
// Chinese name, a unit, the ledger it counts, and a function of a period and
// an organization subtree. Every domain package registers its own; pages,
// the dashboard and the annual report read them from here, and every figure
// can list the records it counted.
package indicator

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"troika/internal/store"
)

// Kind says how a value is read.
type Kind string

const (
	Count Kind = "count" // a number of records or people
	Money Kind = "money" // fen
	Ratio Kind = "ratio" // N out of Den
	Area  Kind = "area"  // square metres
)

// Value is a computed figure.
type Value struct {
	Kind Kind  `json:"kind"`
	N    int64 `json:"n"`
	Den  int64 `json:"den,omitempty"`
	// NoData: the ledger holds no records at all in the scope, so the
	// figure cannot be supported (as opposed to a true zero).
	NoData bool `json:"no_data,omitempty"`
}

// Scope is the organization subtree a figure is computed over.
type Scope struct {
	OrgID int64  `json:"org_id"`
	Path  string `json:"-"`
	Name  string `json:"org_name"`
}

// Like is the LIKE pattern of the subtree.
func (s Scope) Like() string { return s.Path + "%" }

// Records is the list behind a figure: one row per counted record.
type Records struct {
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	Links   []string   `json:"links,omitempty"` // per row, may be empty
	Total   int        `json:"total"`
}

// Indicator is a registered figure.
type Indicator struct {
	Key        string // stable, e.g. "org.task_forces"
	Name       string // catalog key of the Chinese name
	Unit       string // catalog key: 个, 名, 人次, 万元 …
	Ledger     string // catalog key of the ledger that feeds it
	LedgerHref string // the ledger's page
	Definition string // catalog key: what exactly is counted
	Kind       Kind
	Compute    func(ctx context.Context, db store.Querier, s Scope, p Period) (Value, error)
	Records    func(ctx context.Context, db store.Querier, s Scope, p Period, limit, offset int) (Records, error)
}

var (
	mu       sync.RWMutex
	registry = map[string]Indicator{}
)

// Register adds an indicator; a key registered twice is a programming error.
func Register(ind Indicator) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[ind.Key]; dup {
		panic("indicator registered twice: " + ind.Key)
	}
	if ind.Compute == nil || ind.Name == "" || ind.Unit == "" || ind.Ledger == "" {
		panic("indicator incomplete: " + ind.Key)
	}
	if ind.Kind == "" {
		ind.Kind = Count
	}
	registry[ind.Key] = ind
}

// Get returns the indicator with key.
func Get(key string) (Indicator, bool) {
	mu.RLock()
	defer mu.RUnlock()
	ind, ok := registry[key]
	return ind, ok
}

// All returns every indicator, by key.
func All() []Indicator {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Indicator, 0, len(registry))
	for _, ind := range registry {
		out = append(out, ind)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Compute evaluates the indicator with key.
func Compute(ctx context.Context, db store.Querier, key string, s Scope, p Period) (Value, error) {
	ind, ok := Get(key)
	if !ok {
		return Value{}, fmt.Errorf("no indicator %q", key)
	}
	v, err := ind.Compute(ctx, db, s, p)
	v.Kind = ind.Kind
	return v, err
}

// CountWithPresence runs a count query and, when it is zero, a presence
// query telling whether the ledger holds anything in the scope at all; both
// take the same arguments as given. It is the common shape of a count
// figure: zero when the ledger is kept but nothing fell in the period,
// NoData when the ledger is empty.
func CountWithPresence(ctx context.Context, db store.Querier, count, presence string, countArgs, presenceArgs []any) (Value, error) {
	var n int64
	if err := db.QueryRowContext(ctx, count, countArgs...).Scan(&n); err != nil {
		return Value{}, err
	}
	if n > 0 {
		return Value{Kind: Count, N: n}, nil
	}
	var any int64
	if err := db.QueryRowContext(ctx, presence, presenceArgs...).Scan(&any); err != nil {
		return Value{}, err
	}
	return Value{Kind: Count, N: 0, NoData: any == 0}, nil
}
