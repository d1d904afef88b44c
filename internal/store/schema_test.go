package store_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"troika/internal/store"
	"troika/internal/testenv"
)

// schema maps each table to its columns, each written "name" or
// "name NOT NULL"; indexes are listed by name as "index:<name>".
type schema map[string][]string

const gooseTable = "goose_db_version"

func sqliteSchema(t *testing.T, db *store.DB) schema {
	t.Helper()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT type, name, tbl_name FROM sqlite_master
		WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	type obj struct{ typ, name, table string }
	var objs []obj
	for rows.Next() {
		var o obj
		if err := rows.Scan(&o.typ, &o.name, &o.table); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, o)
	}
	rows.Close()
	s := schema{}
	for _, o := range objs {
		if o.table == gooseTable {
			continue
		}
		if o.typ == "index" {
			s[o.table] = append(s[o.table], "index:"+o.name)
			continue
		}
		cols, err := db.QueryContext(ctx, `SELECT name, "notnull", pk FROM pragma_table_info(?)`, o.name)
		if err != nil {
			t.Fatal(err)
		}
		for cols.Next() {
			var name string
			var notNull, pk int
			if err := cols.Scan(&name, &notNull, &pk); err != nil {
				t.Fatal(err)
			}
			// A primary key never holds NULL on PostgreSQL; SQLite's
			// pragma does not flag it.
			if notNull == 1 || pk > 0 {
				name += " NOT NULL"
			}
			s[o.name] = append(s[o.name], name)
		}
		if err := cols.Err(); err != nil {
			t.Fatal(err)
		}
		cols.Close()
		if _, ok := s[o.name]; !ok {
			s[o.name] = nil
		}
	}
	return s
}

func postgresSchema(t *testing.T, db *store.DB) schema {
	t.Helper()
	ctx := context.Background()
	s := schema{}
	rows, err := db.QueryContext(ctx, `SELECT c.table_name, c.column_name, c.is_nullable
		FROM information_schema.columns c JOIN information_schema.tables t
		  ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> ?`, gooseTable)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, col, nullable string
		if err := rows.Scan(&table, &col, &nullable); err != nil {
			t.Fatal(err)
		}
		if nullable == "NO" {
			col += " NOT NULL"
		}
		s[table] = append(s[table], col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// Indexes made by hand; PRIMARY KEY and UNIQUE constraints make
	// indexes of their own (sqlite_autoindex_* on SQLite), left out on both.
	idx, err := db.QueryContext(ctx, `SELECT i.tablename, i.indexname FROM pg_indexes i
		WHERE i.schemaname = 'public' AND i.tablename <> ?
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`, gooseTable)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	for idx.Next() {
		var table, name string
		if err := idx.Scan(&table, &name); err != nil {
			t.Fatal(err)
		}
		s[table] = append(s[table], "index:"+name)
	}
	return s
}

func (s schema) String() string {
	var tables []string
	for name, cols := range s {
		c := append([]string(nil), cols...)
		sort.Strings(c)
		tables = append(tables, fmt.Sprintf("%s(%s)", name, strings.Join(c, ", ")))
	}
	sort.Strings(tables)
	return strings.Join(tables, "\n")
}

// Both dialects' migrations reach the same tables, columns, NOT NULL
// constraints and named indexes.
func TestDialectsReachSameSchema(t *testing.T) {
	lite := sqliteSchema(t, testenv.SQLite(t))
	if len(lite) < 7 {
		t.Fatalf("SQLite has only %d tables:\n%s", len(lite), lite)
	}
	for _, table := range []string{"orgs", "users", "sessions", "api_tokens", "audit_log", "audit_head", "settings"} {
		if _, ok := lite[table]; !ok {
			t.Errorf("SQLite lacks table %s", table)
		}
	}
	pg := postgresSchema(t, testenv.Postgres(t))
	if got, want := pg.String(), lite.String(); got != want {
		t.Fatalf("schemas differ\nPostgreSQL:\n%s\n\nSQLite:\n%s", got, want)
	}
}
