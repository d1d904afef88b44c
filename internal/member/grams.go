package member

import (
	"context"
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

// insertGrams writes the search rows of members just inserted.
func insertGrams(ctx context.Context, tx *store.Tx, names map[int64]string) error {
	var rows []gramRow
	for id, name := range names {
		for _, g := range nameGrams(name) {
			rows = append(rows, gramRow{g, id})
		}
	}
	return tx.InsertMany(ctx, `INSERT INTO member_grams (gram, member_id)`, 2, len(rows),
		func(i int) []any { return []any{rows[i].gram, rows[i].id} }, nil)
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
