package store

// idleConns is how many connections the pool keeps open between uses.
const idleConns = 8

// ReleaseIdle closes the pool's idle connections but one. Each SQLite
// connection holds its own page cache and parsed schema (a few MiB once
// used), which an idle server has no need of; the pool opens connections
// again as requests come. PostgreSQL connections hold their memory in the
// server, so they are left alone.
func (db *DB) ReleaseIdle() {
	if db.dialect != SQLite {
		return
	}
	db.raw.SetMaxIdleConns(1)
	db.raw.SetMaxIdleConns(idleConns)
}
