package org

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Large ledgers keep a copy of their organization's path in an org_path
// column, so that a scoped count reads one index range instead of joining
// every row to orgs. The owning package registers its table here, and a
// move of a subtree rewrites the copies in the same transaction as the
// paths themselves.
var (
	pathCopyMu sync.RWMutex
	pathTables []string
)

// RegisterPathCopy names a table with an org_path column that follows the
// organization tree. Call it from the owning package's init.
func RegisterPathCopy(table string) {
	pathCopyMu.Lock()
	defer pathCopyMu.Unlock()
	if !slices.Contains(pathTables, table) {
		pathTables = append(pathTables, table)
		slices.Sort(pathTables)
	}
}

func pathCopies() []string {
	pathCopyMu.RLock()
	defer pathCopyMu.RUnlock()
	return slices.Clone(pathTables)
}

// PathID is the id of the organization a path ("/1/5/23/") ends at, or 0
// for a malformed path.
func PathID(path string) int64 {
	path = strings.TrimSuffix(path, "/")
	id, err := strconv.ParseInt(path[strings.LastIndexByte(path, '/')+1:], 10, 64)
	if err != nil {
		return 0
	}
	return id
}
