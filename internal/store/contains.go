package store

// Contains is a condition true when the text column col contains the
// value of the one placeholder it holds, taken literally (no wildcards).
// Substring search is cheaper than LIKE '%…%' on both databases: SQLite's
// LIKE folds case character by character, which doubles the cost of a
// roster scan; PostgreSQL's strpos and LIKE cost about the same. Unlike
// LIKE, it is case-sensitive for Latin letters.
func (d Dialect) Contains(col string) string {
	if d == Postgres {
		return "strpos(" + col + ", ?) > 0"
	}
	return "instr(" + col + ", ?) > 0"
}
