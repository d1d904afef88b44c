package grid

import (
	"context"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

const visitCols = `v.id, v.grid_id, g.name, COALESCE(v.household_id, 0), COALESCE(h.address, ''), COALESCE(v.resident_id, 0),
	COALESCE(r.name, ''), COALESCE(v.worker_id, 0), COALESCE(w.name, ''), v.visited_on, v.method, v.notes, v.follow_up, v.created_at`

const visitFrom = ` FROM resident_visits v JOIN grids g ON g.id = v.grid_id JOIN orgs o ON o.id = g.org_id
	LEFT JOIN households h ON h.id = v.household_id LEFT JOIN residents r ON r.id = v.resident_id
	LEFT JOIN grid_workers w ON w.id = v.worker_id`

// VisitFilter narrows the visit list.
type VisitFilter struct {
	GridID, HouseholdID, ResidentID int64
	From, To                        string // visited_on bounds, inclusive
	Limit, Offset                   int
}

// Visits returns visits in scope, newest first.
func (s *Service) Visits(ctx context.Context, p *access.Principal, f VisitFilter) ([]Visit, int, error) {
	cond, args := scoped(p)
	conds := []string{cond}
	if f.GridID > 0 {
		conds = append(conds, "v.grid_id = ?")
		args = append(args, f.GridID)
	}
	if f.HouseholdID > 0 {
		conds = append(conds, "v.household_id = ?")
		args = append(args, f.HouseholdID)
	}
	if f.ResidentID > 0 {
		conds = append(conds, "v.resident_id = ?")
		args = append(args, f.ResidentID)
	}
	if f.From != "" {
		conds = append(conds, "v.visited_on >= ?")
		args = append(args, f.From)
	}
	if f.To != "" {
		conds = append(conds, "v.visited_on <= ?")
		args = append(args, f.To)
	}
	where := " WHERE " + strings.Join(conds, " AND ")
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+visitFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+visitCols+visitFrom+where+` ORDER BY v.visited_on DESC, v.id DESC LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Visit{}
	for rows.Next() {
		var v Visit
		var at int64
		if err := rows.Scan(&v.ID, &v.GridID, &v.GridName, &v.HouseholdID, &v.Household, &v.ResidentID, &v.ResidentName, &v.WorkerID,
			&v.WorkerName, &v.VisitedOn, &v.Method, &v.Notes, &v.FollowUp, &at); err != nil {
			return nil, 0, err
		}
		v.CreatedAt = store.Time(at)
		out = append(out, v)
	}
	return out, total, rows.Err()
}

// RecordVisit files a visit to a household or a resident in scope. A grid
// worker's visit is filed under their assignment to the grid.
func (s *Service) RecordVisit(ctx context.Context, p *access.Principal, in VisitInput) (Visit, error) {
	var out Visit
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var v fault.Fields
		on := s.date(&v, "visited_on", in.VisitedOn, true)
		method := oneOf(&v, "method", in.Method, VisitMethods)
		notes := text(&v, "notes", in.Notes, 1000, true)
		follow := text(&v, "follow_up", in.FollowUp, 500, false)
		var gridID, hid int64
		var rid any
		switch {
		case in.ResidentID > 0:
			r, err := getResident(ctx, tx, p, in.ResidentID)
			if err != nil {
				return err
			}
			gridID, hid, rid = r.GridID, r.HouseholdID, r.ID
		case in.HouseholdID > 0:
			g, err := householdGrid(ctx, tx, p, in.HouseholdID)
			if err != nil {
				return err
			}
			gridID, hid = g, in.HouseholdID
		default:
			v.Add("household_id", label("household_id"), i18n.T("field.required"))
		}
		if err := v.Err(); err != nil {
			return err
		}
		wid, err := workerOf(ctx, tx, p, gridID)
		if err != nil {
			return err
		}
		now := store.Millis(s.Now())
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO resident_visits (grid_id, household_id, resident_id, worker_id, visited_on, method,
			notes, follow_up, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			gridID, hid, rid, nullID(wid), on, method, notes, follow, p.UserID, now, now).Scan(&id); err != nil {
			return err
		}
		cond, args := scoped(p)
		vs := tx.QueryRowContext(ctx, `SELECT `+visitCols+visitFrom+` WHERE v.id = ? AND `+cond, append([]any{id}, args...)...)
		var at int64
		if err := vs.Scan(&out.ID, &out.GridID, &out.GridName, &out.HouseholdID, &out.Household, &out.ResidentID, &out.ResidentName,
			&out.WorkerID, &out.WorkerName, &out.VisitedOn, &out.Method, &out.Notes, &out.FollowUp, &at); err != nil {
			return err
		}
		out.CreatedAt = store.Time(at)
		return audit.Record(ctx, tx, audit.Event{Action: "visit.create", ObjectType: "visit", ObjectID: id,
			Detail: map[string]any{"grid_id": gridID, "household_id": hid, "resident_id": in.ResidentID, "visited_on": on, "method": method}})
	})
	return out, err
}
