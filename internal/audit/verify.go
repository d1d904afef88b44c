package audit

import (
	"context"
	"fmt"

	"troika/internal/store"
)

// Break names the first entry at which the chain no longer holds.
type Break struct {
	ID     int64
	Reason string
}

func (b *Break) Error() string {
	return fmt.Sprintf("audit chain broken at entry %d: %s", b.ID, b.Reason)
}

// Verify walks the whole log in order and returns the first break, or nil
// and the number of entries checked when the chain is whole.
func Verify(ctx context.Context, db *store.DB) (int64, *Break, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, at, actor_id, actor, ip, action, object_type, object_id, detail, prev_hash, hash
		FROM audit_log ORDER BY id`)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	var n, wantID int64
	prev := ""
	wantID = 1
	for rows.Next() {
		var e Entry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Actor, &e.IP, &e.Action, &e.ObjectType, &e.ObjectID, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return n, nil, err
		}
		e.At = store.Time(at)
		switch {
		case e.ID != wantID:
			return n, &Break{ID: wantID, Reason: fmt.Sprintf("entry missing (next present is %d)", e.ID)}, nil
		case e.PrevHash != prev:
			return n, &Break{ID: e.ID, Reason: "previous hash does not match"}, nil
		case chainHash(e) != e.Hash:
			return n, &Break{ID: e.ID, Reason: "content does not match its hash"}, nil
		}
		prev = e.Hash
		wantID++
		n++
	}
	if err := rows.Err(); err != nil {
		return n, nil, err
	}
	var seq int64
	var head string
	if err := db.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&seq, &head); err != nil {
		return n, nil, err
	}
	if seq != n || head != prev {
		return n, &Break{ID: n + 1, Reason: fmt.Sprintf("log ends at %d but head says %d", n, seq)}, nil
	}
	return n, nil, nil
}
