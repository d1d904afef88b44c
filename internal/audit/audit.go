// Package audit keeps the append-only, hash-chained audit log: who did what,
// when, from where. Each entry's hash covers the previous entry's hash, so
// any edit or deletion breaks the chain at a point that Verify names.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"troika/internal/store"
)

// Actor is who acts: set on the request context by the access layer.
type Actor struct {
	ID   int64
	Name string
	IP   string
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor on ctx, or the system actor.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Name: "system"}
}

// Entry is one thing that happened.
type Entry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"`
	Actor      string    `json:"actor"`
	IP         string    `json:"ip"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	Detail     string    `json:"detail"`
	PrevHash   string    `json:"-"`
	Hash       string    `json:"-"`
}

// Event is what a caller records; the actor and time are filled in.
type Event struct {
	Action     string
	ObjectType string
	ObjectID   any
	Detail     any
}

// Clock returns the time; tests replace it.
var Clock = func() time.Time { return time.Now().UTC() }

// Record appends an event inside tx, so the change and its audit entry are
// committed together or not at all.
func Record(ctx context.Context, tx *store.Tx, ev Event) error {
	a := ActorFrom(ctx)
	detail := ""
	if ev.Detail != nil {
		b, err := json.Marshal(ev.Detail)
		if err != nil {
			return err
		}
		detail = string(b)
	}
	e := Entry{
		At:         Clock().Truncate(time.Millisecond),
		ActorID:    a.ID,
		Actor:      a.Name,
		IP:         a.IP,
		Action:     ev.Action,
		ObjectType: ev.ObjectType,
		Detail:     detail,
	}
	if ev.ObjectID != nil {
		e.ObjectID = fmt.Sprint(ev.ObjectID)
	}
	// Bumping the head row takes its lock: concurrent writers queue here
	// and each sees the hash its predecessor left.
	if err := store.Kept.QueryRowContext(ctx, tx,
		`UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`,
	).Scan(&e.ID, &e.PrevHash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	e.Hash = chainHash(e)
	if _, err := store.Kept.ExecContext(ctx, tx, `INSERT INTO audit_log
		(id, at, actor_id, actor, ip, action, object_type, object_id, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, store.Millis(e.At), e.ActorID, e.Actor, e.IP, e.Action, e.ObjectType, e.ObjectID, e.Detail, e.PrevHash, e.Hash,
	); err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	if _, err := store.Kept.ExecContext(ctx, tx, `UPDATE audit_head SET hash = ? WHERE id = 1`, e.Hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

// Log records one event in a transaction of its own.
func Log(ctx context.Context, db *store.DB, ev Event) error {
	return db.InTx(ctx, func(tx *store.Tx) error { return Record(ctx, tx, ev) })
}

func chainHash(e Entry) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%d\n%d\n%d\n%q\n%q\n%q\n%q\n%q\n%q",
		e.PrevHash, e.ID, e.At.UnixMilli(), e.ActorID, e.Actor, e.IP,
		e.Action, e.ObjectType, e.ObjectID, e.Detail)
	return hex.EncodeToString(h.Sum(nil))
}

// Changes returns the fields that differ between before and after (any
// JSON-marshalable values), as {"field": [before, after]}.
func Changes(before, after any) map[string][2]any {
	b, a := toMap(before), toMap(after)
	out := map[string][2]any{}
	for k, av := range a {
		bv := b[k]
		if fmt.Sprint(av) != fmt.Sprint(bv) {
			out[k] = [2]any{bv, av}
		}
	}
	for k, bv := range b {
		if _, ok := a[k]; !ok {
			out[k] = [2]any{bv, nil}
		}
	}
	return out
}

func toMap(v any) map[string]any {
	m := map[string]any{}
	if v == nil {
		return m
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return m
	}
	_ = json.Unmarshal(raw, &m)
	return m
}
