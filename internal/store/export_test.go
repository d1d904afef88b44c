package store

import "time"

// SetWriterWait shortens the bound on the SQLite writer lock's wait, for
// the nested-transaction test.
func SetWriterWait(db *DB, d time.Duration) { db.writerWait = d }
