package store

// IndexedBy names the index SQLite must read a table through, written
// after the table's alias; on PostgreSQL it is empty, since its planner
// weighs ranges with statistics that SQLite (without ANALYZE) lacks. Use it
// only where the caller knows what the planner cannot, such as how dense
// the matches of a scope are.
func (d Dialect) IndexedBy(index string) string {
	if d == Postgres {
		return ""
	}
	return " INDEXED BY " + index
}
