package member

import (
	"context"
	"strings"
	"unicode/utf8"

	"troika/internal/store"
)

// nameGrams are the distinct pairs of adjacent characters of a name, the
// keys of the name search (member_grams). A name of one character has
// none; a search for one character tests every name in scope instead.
func nameGrams(name string) []string {
	runes := []rune(name)
	var out []string
	for i := 0; i+1 < len(runes); i++ {
		g := string(runes[i : i+2])
		dup := false
		for _, o := range out {
			dup = dup || o == g
		}
		if !dup {
			out = append(out, g)
		}
	}
	return out
}

// searchGram is the pair of characters a name search looks up, or "" when
// the query is too short to have one.
func searchGram(q string) string {
	if utf8.RuneCountInString(q) < 2 {
		return ""
	}
	r := []rune(q)
	return string(r[:2])
}

type gramRow struct {
	gram string
	id   int64
}

// gramBatch bounds one INSERT's rows (two parameters each) well under
// PostgreSQL's 65535 parameters.
const gramBatch = 2000

// insertGrams writes the search rows of members just inserted.
func insertGrams(ctx context.Context, tx *store.Tx, names map[int64]string) error {
	var rows []gramRow
	for id, name := range names {
		for _, g := range nameGrams(name) {
			rows = append(rows, gramRow{g, id})
		}
	}
	for len(rows) > 0 {
		n := min(len(rows), gramBatch)
		var sb strings.Builder
		sb.WriteString(`INSERT INTO member_grams (gram, member_id) VALUES `)
		args := make([]any, 0, 2*n)
		for i, r := range rows[:n] {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString("(?, ?)")
			args = append(args, r.gram, r.id)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// renameGrams replaces a member's search rows when the name changes.
func renameGrams(ctx context.Context, tx *store.Tx, id int64, before, after string) error {
	if before == after {
		return nil
	}
	for _, g := range nameGrams(before) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM member_grams WHERE gram = ? AND member_id = ?`, g, id); err != nil {
			return err
		}
	}
	return insertGrams(ctx, tx, map[int64]string{id: after})
}
