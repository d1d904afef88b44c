package audit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"troika/internal/audit"
	"troika/internal/store"
	"troika/internal/testenv"
)

type row struct {
	ID                 int64
	Actor, Action, Obj string
	Detail             string
	Prev, Hash         string
}

func rows(t *testing.T, db *store.DB) []row {
	t.Helper()
	rs, err := db.QueryContext(context.Background(), `SELECT id, actor, action, object_id, detail, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.ID, &r.Actor, &r.Action, &r.Obj, &r.Detail, &r.Prev, &r.Hash); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// logN writes n events and returns their count.
func logN(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{ID: 7, Name: "zhang.san", IP: "10.1.2.3"})
	for i := 1; i <= n; i++ {
		if err := audit.Log(ctx, db, audit.Event{Action: "test.event", ObjectType: "thing", ObjectID: i,
			Detail: map[string]any{"n": i, "名称": "东风"}}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestChain(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// An empty log verifies.
		if n, brk, err := audit.Verify(ctx, db); err != nil || brk != nil || n != 0 {
			t.Fatalf("empty log: %d %v %v", n, brk, err)
		}
		logN(t, db, 5)
		// An event recorded by the system and one without detail.
		if err := audit.Log(ctx, db, audit.Event{Action: "system.start"}); err != nil {
			t.Fatal(err)
		}
		rs := rows(t, db)
		if len(rs) != 6 {
			t.Fatalf("%d rows, want 6", len(rs))
		}
		prev := ""
		for i, r := range rs {
			if r.ID != int64(i+1) {
				t.Errorf("row %d has id %d", i, r.ID)
			}
			if r.Prev != prev {
				t.Errorf("row %d prev_hash %q, want %q", r.ID, r.Prev, prev)
			}
			if len(r.Hash) != 64 || r.Hash == prev {
				t.Errorf("row %d hash %q", r.ID, r.Hash)
			}
			prev = r.Hash
		}
		if r := rs[2]; r.Actor != "zhang.san" || r.Obj != "3" || r.Detail != `{"n":3,"名称":"东风"}` {
			t.Errorf("row 3: %+v", r)
		}
		if r := rs[5]; r.Actor != "system" || r.Detail != "" || r.Obj != "" {
			t.Errorf("system row: %+v", r)
		}
		n, brk, err := audit.Verify(ctx, db)
		if err != nil || brk != nil || n != 6 {
			t.Fatalf("Verify = %d, %v, %v", n, brk, err)
		}
	})
}

// An event recorded in a transaction that rolls back leaves no trace, and
// the chain goes on whole.
func TestRecordRollsBackWithTx(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		logN(t, db, 2)
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := audit.Record(ctx, tx, audit.Event{Action: "test.rolled_back"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		logN(t, db, 1)
		rs := rows(t, db)
		if len(rs) != 3 || rs[2].ID != 3 || rs[2].Action != "test.event" {
			t.Fatalf("rows after rollback: %+v", rs)
		}
		if n, brk, err := audit.Verify(ctx, db); err != nil || brk != nil || n != 3 {
			t.Fatalf("Verify = %d, %v, %v", n, brk, err)
		}
	})
}

func TestVerifyFindsTampering(t *testing.T) {
	cases := []struct {
		name   string
		sql    string
		wantID int64
		reason string
	}{
		{"edit detail", `UPDATE audit_log SET detail = '{"n":3,"名称":"西岭"}' WHERE id = 3`, 3, "content"},
		{"edit actor", `UPDATE audit_log SET actor = 'li.si' WHERE id = 2`, 2, "content"},
		{"edit time", `UPDATE audit_log SET at = at + 1 WHERE id = 4`, 4, "content"},
		{"edit object", `UPDATE audit_log SET object_id = '99' WHERE id = 1`, 1, "content"},
		{"replace hash", `UPDATE audit_log SET hash = prev_hash WHERE id = 3`, 3, "content"},
		{"delete middle", `DELETE FROM audit_log WHERE id = 3`, 3, "missing"},
		{"delete first", `DELETE FROM audit_log WHERE id = 1`, 1, "missing"},
		{"delete last", `DELETE FROM audit_log WHERE id = 5`, 5, "head"},
		{"change prev_hash", `UPDATE audit_log SET prev_hash = 'abc' WHERE id = 4`, 4, "previous"},
		{"move head", `UPDATE audit_head SET seq = 6`, 6, "head"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			testenv.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				logN(t, db, 5)
				if _, err := db.ExecContext(ctx, c.sql); err != nil {
					t.Fatal(err)
				}
				_, brk, err := audit.Verify(ctx, db)
				if err != nil {
					t.Fatal(err)
				}
				if brk == nil {
					t.Fatal("tampering went unnoticed")
				}
				if brk.ID != c.wantID {
					t.Fatalf("break named at %d (%s), want %d", brk.ID, brk.Reason, c.wantID)
				}
				if !strings.Contains(brk.Reason, c.reason) {
					t.Fatalf("reason %q, want it to mention %q", brk.Reason, c.reason)
				}
				if !strings.Contains(brk.Error(), fmt.Sprint(c.wantID)) {
					t.Fatalf("error text %q", brk.Error())
				}
			})
		})
	}
}

// Writers on many connections at once never fork the chain.
func TestConcurrentLogKeepsOneChain(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		const workers, each = 8, 25
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				ctx := audit.WithActor(context.Background(), audit.Actor{ID: int64(w), Name: fmt.Sprintf("worker%d", w)})
				for i := 0; i < each; i++ {
					if err := audit.Log(ctx, db, audit.Event{Action: "test.concurrent", ObjectID: i}); err != nil {
						errs <- err
						return
					}
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		n, brk, err := audit.Verify(context.Background(), db)
		if err != nil || brk != nil || n != workers*each {
			t.Fatalf("Verify = %d, %v, %v; want %d whole", n, brk, err, workers*each)
		}
		// Every worker's entries are all there.
		per := map[string]int{}
		for _, r := range rows(t, db) {
			per[r.Actor]++
		}
		for w := 0; w < workers; w++ {
			if got := per[fmt.Sprintf("worker%d", w)]; got != each {
				t.Errorf("worker%d has %d entries, want %d", w, got, each)
			}
		}
	})
}
