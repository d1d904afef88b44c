package audit

import (
	"context"
	"strings"
	"time"

	"troika/internal/store"
)

// Filter narrows the audit log listing.
type Filter struct {
	Actor      string
	Action     string
	ObjectType string
	From, To   time.Time // To is exclusive
	Limit      int
	Offset     int
}

func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	if f.Actor != "" {
		conds = append(conds, "actor = ?")
		args = append(args, f.Actor)
	}
	if f.Action != "" {
		conds = append(conds, "action LIKE ?")
		args = append(args, f.Action+"%")
	}
	if f.ObjectType != "" {
		conds = append(conds, "object_type = ?")
		args = append(args, f.ObjectType)
	}
	if !f.From.IsZero() {
		conds = append(conds, "at >= ?")
		args = append(args, store.Millis(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "at < ?")
		args = append(args, store.Millis(f.To))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// List returns one page of entries, newest first, and the total matching.
func List(ctx context.Context, db store.Querier, f Filter) ([]Entry, int, error) {
	where, args := f.where()
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.QueryContext(ctx, `SELECT id, at, actor_id, actor, ip, action, object_type, object_id, detail
		FROM audit_log`+where+` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Actor, &e.IP, &e.Action, &e.ObjectType, &e.ObjectID, &e.Detail); err != nil {
			return nil, 0, err
		}
		e.At = store.Time(at)
		out = append(out, e)
	}
	return out, total, rows.Err()
}
