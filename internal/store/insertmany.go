package store

import (
	"context"
	"strings"
)

// manyRowsPostgres bounds one multi-row INSERT on PostgreSQL: well under its
// 65535 parameters for the widest rows written in bulk.
const manyRowsPostgres = 400

// NewIDs receives the ids of rows that InsertMany wrote. PostgreSQL's
// multi-row RETURNING promises no order, so each row names itself by a
// unique column.
type NewIDs struct {
	KeyColumn string                // a column unique among the rows
	Key       func(i int) string    // row i's value of it
	Got       func(i int, id int64) // row i's new id
}

// InsertMany writes n rows with insert, an "INSERT INTO t (a, b, …)" of
// arity columns, taking row i's values from row(i), and hands their new
// ids to ids when it is set.
//
// On SQLite it runs one prepared single-row statement per row, reading
// each id from the connection (RETURNING and multi-row VALUES both make
// SQLite copy every page the statement touches to a statement journal, a
// temporary file, in case it fails half-way: about a fifth of a large
// import's time). On PostgreSQL, where every statement is a round trip,
// rows go in batches.
func (tx *Tx) InsertMany(ctx context.Context, insert string, arity, n int, row func(i int) []any, ids *NewIDs) error {
	if n == 0 {
		return nil
	}
	one := "(" + Placeholders(arity) + ")"
	if tx.dialect == SQLite {
		st, err := tx.raw.PrepareContext(ctx, insert+" VALUES "+one)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := 0; i < n; i++ {
			res, err := st.ExecContext(ctx, row(i)...)
			if err != nil {
				return err
			}
			if ids != nil {
				id, err := res.LastInsertId()
				if err != nil {
					return err
				}
				ids.Got(i, id)
			}
		}
		return nil
	}
	suffix := ""
	if ids != nil {
		suffix = " RETURNING id, " + ids.KeyColumn
	}
	for start := 0; start < n; start += manyRowsPostgres {
		end := min(n, start+manyRowsPostgres)
		var sb strings.Builder
		sb.WriteString(insert + " VALUES ")
		args := make([]any, 0, (end-start)*arity)
		for i := start; i < end; i++ {
			if i > start {
				sb.WriteByte(',')
			}
			sb.WriteString(one)
			args = append(args, row(i)...)
		}
		sb.WriteString(suffix)
		if ids == nil {
			if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
				return err
			}
			continue
		}
		if err := tx.returned(ctx, sb.String(), args, start, end, ids); err != nil {
			return err
		}
	}
	return nil
}

// returned runs one batch of InsertMany on PostgreSQL and matches the
// returned ids to rows start..end-1 by their keys.
func (tx *Tx) returned(ctx context.Context, q string, args []any, start, end int, ids *NewIDs) error {
	row := make(map[string]int, end-start)
	for i := start; i < end; i++ {
		row[ids.Key(i)] = i
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return err
		}
		ids.Got(row[key], id)
	}
	return rows.Err()
}
