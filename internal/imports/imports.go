// Package imports runs Excel imports of any ledger: the upload is checked
// row by row (pass one, streaming), and only when every row is good are the
// rows written, all in one transaction (pass two). A failed import writes
// nothing and leaves an error workbook naming row, column and reason. The
// page shows progress while it runs.
package imports

import (
	"context"
	"sort"
	"sync"

	"troika/internal/access"
	"troika/internal/store"
	"troika/internal/xlsx"
)

// Spec describes one ledger's import.
type Spec struct {
	Kind    string // URL name, e.g. "members"
	Title   string // catalog key of the ledger's name
	Columns []xlsx.Column
	Perm    access.Permission // needed to import
	Back    string            // the ledger's page, shown when done
	// Prepare starts an import for principal p: it loads what the checks
	// need (organizations by code, known ID numbers …).
	Prepare func(ctx context.Context, db *store.DB, p *access.Principal) (Session, error)
}

// Session is one import's state across its two passes.
type Session interface {
	// Check validates a row in pass one; it may remember what it saw (for
	// duplicates within the file).
	Check(row xlsx.Row) []xlsx.RowError
	// Insert writes a checked row in pass two.
	Insert(ctx context.Context, tx *store.Tx, row xlsx.Row) error
	// Finish runs after the last insert, in the same transaction.
	Finish(ctx context.Context, tx *store.Tx, rows int) error
}

// RowFailure is returned by Insert for a row that failed on writing (a
// duplicate that appeared meanwhile, say); it becomes the error workbook.
type RowFailure struct{ xlsx.RowError }

func (f *RowFailure) Error() string { return f.Reason }

var (
	mu    sync.RWMutex
	specs = map[string]Spec{}
)

// Register adds a ledger's import.
func Register(s Spec) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := specs[s.Kind]; dup {
		panic("import registered twice: " + s.Kind)
	}
	specs[s.Kind] = s
}

// Lookup returns the spec of kind.
func Lookup(kind string) (Spec, bool) {
	mu.RLock()
	defer mu.RUnlock()
	s, ok := specs[kind]
	return s, ok
}

// Kinds lists the registered kinds.
func Kinds() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(specs))
	for k := range specs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
