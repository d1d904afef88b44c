package grid

import (
	"context"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/personal"
	"troika/internal/store"
)

// Workers returns a grid's workers, current first; all=false leaves out
// those whose assignment ended.
func (s *Service) Workers(ctx context.Context, p *access.Principal, gridID int64, all bool) ([]Worker, error) {
	if _, err := getGrid(ctx, s.DB, p, gridID); err != nil {
		return nil, err
	}
	cond := ""
	if !all {
		cond = " AND w.until = ''"
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT w.id, w.grid_id, g.name, COALESCE(w.user_id, 0), COALESCE(u.username, ''),
		COALESCE(w.member_id, 0), w.name, w.phone_mask, w.kind, w.since, w.until
		FROM grid_workers w JOIN grids g ON g.id = w.grid_id LEFT JOIN users u ON u.id = w.user_id
		WHERE w.grid_id = ?`+cond+` ORDER BY w.until = '' DESC, w.since DESC, w.id`, gridID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Worker{}
	for rows.Next() {
		var w Worker
		if err := rows.Scan(&w.ID, &w.GridID, &w.GridName, &w.UserID, &w.Username, &w.MemberID, &w.Name, &w.Phone, &w.Kind,
			&w.Since, &w.Until); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// WorkerAccounts lists the grid-worker accounts whose scope covers a grid,
// for the assignment form.
func (s *Service) WorkerAccounts(ctx context.Context, p *access.Principal, gridID int64) ([]Option, error) {
	g, err := getGrid(ctx, s.DB, p, gridID)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT u.id, u.display_name || '（' || u.username || '）' FROM users u JOIN orgs o ON o.id = u.org_id
		WHERE u.role = ? AND u.disabled = FALSE AND o.path LIKE ? AND ? LIKE o.path || '%' ORDER BY u.username`,
		string(access.RoleGrid), p.ScopeLike(), g.orgPath)
	if err != nil {
		return nil, err
	}
	return options(rows)
}

// AssignWorker adds a worker to a grid. With an account (user_id), the
// account must be a grid worker's whose organization covers the grid, so
// that the path scope and the grid filter agree.
func (s *Service) AssignWorker(ctx context.Context, p *access.Principal, gridID int64, in WorkerInput) (Worker, error) {
	var w Worker
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		g, err := getGrid(ctx, tx, p, gridID)
		if err != nil {
			return err
		}
		var v fault.Fields
		in.Name = text(&v, "worker_name", in.Name, 30, in.UserID == 0)
		in.Kind = oneOf(&v, "worker_kind", in.Kind, WorkerKinds)
		in.Since = s.date(&v, "since", in.Since, true)
		phone := ""
		if ph := strings.TrimSpace(in.Phone); ph != "" {
			if n, ok := personal.NormalizePhone(ph); ok {
				phone = n
			} else {
				v.Add("phone", label("phone"), i18n.T("personal.phone_invalid"))
			}
		}
		if in.UserID != 0 {
			var role, orgPath, display string
			err := tx.QueryRowContext(ctx, `SELECT u.role, o.path, u.display_name FROM users u JOIN orgs o ON o.id = u.org_id
				WHERE u.id = ? AND o.path LIKE ? AND u.disabled = FALSE`, in.UserID, p.ScopeLike()).Scan(&role, &orgPath, &display)
			switch {
			case store.IsNoRows(err):
				v.Add("user_id", label("user_id"), i18n.T("field.not_found"))
			case err != nil:
				return err
			case role != string(access.RoleGrid):
				v.Add("user_id", label("user_id"), i18n.T("grid.user_not_grid"))
			case !strings.HasPrefix(g.orgPath, orgPath):
				v.Add("user_id", label("user_id"), i18n.T("grid.user_outside"))
			default:
				if in.Name == "" {
					in.Name = display
				}
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM grid_workers WHERE grid_id = ? AND user_id = ? AND until = ''`,
					gridID, in.UserID).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					v.Add("user_id", label("user_id"), i18n.T("grid.worker_already"))
				}
			}
		}
		if in.MemberID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM members m WHERE m.id = ? AND m.org_path LIKE ?`,
				in.MemberID, p.ScopeLike()).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				v.Add("member_id", label("member_id"), i18n.T("field.not_found"))
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		var enc, hash, mask string
		if phone != "" {
			enc, hash, mask = s.Keys.Seal(phone), PhoneHash(s.Keys, phone), personal.MaskPhone(phone)
		}
		now := store.Millis(s.Now())
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO grid_workers (grid_id, user_id, member_id, name, phone_enc, phone_hash, phone_mask,
			kind, since, until, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?) RETURNING id`,
			gridID, nullID(in.UserID), nullID(in.MemberID), in.Name, enc, hash, mask, in.Kind, in.Since, now, now).Scan(&id); err != nil {
			return err
		}
		w = Worker{ID: id, GridID: gridID, GridName: g.Name, UserID: in.UserID, MemberID: in.MemberID, Name: in.Name, Phone: mask,
			Kind: in.Kind, Since: in.Since}
		return audit.Record(ctx, tx, audit.Event{Action: "grid.worker_assign", ObjectType: "grid", ObjectID: gridID, Detail: w})
	})
	return w, err
}

// EndWorker ends a worker's assignment on a date; from then the worker's
// account no longer sees the grid.
func (s *Service) EndWorker(ctx context.Context, p *access.Principal, gridID, workerID int64, until string) error {
	var v fault.Fields
	until = s.date(&v, "until", until, true)
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := getGrid(ctx, tx, p, gridID); err != nil {
			return err
		}
		var since, cur string
		err := tx.QueryRowContext(ctx, `SELECT since, until FROM grid_workers WHERE id = ? AND grid_id = ?`, workerID, gridID).Scan(&since, &cur)
		if store.IsNoRows(err) {
			return notFound("worker")
		}
		if err != nil {
			return err
		}
		if cur != "" {
			return fault.New(fault.Conflict, "%s", i18n.T("grid.worker_ended"))
		}
		if until < since {
			v.Add("until", label("until"), i18n.T("grid.until_before_since"))
			return v.Err()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE grid_workers SET until = ?, updated_at = ? WHERE id = ?`,
			until, store.Millis(s.Now()), workerID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "grid.worker_end", ObjectType: "grid", ObjectID: gridID,
			Detail: map[string]any{"worker_id": workerID, "until": until}})
	})
}

// workerOf returns the principal's current worker id on a grid, 0 if none.
func workerOf(ctx context.Context, q store.Querier, p *access.Principal, gridID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM grid_workers WHERE grid_id = ? AND user_id = ? AND until = '' ORDER BY id LIMIT 1`,
		gridID, p.UserID).Scan(&id)
	if store.IsNoRows(err) {
		return 0, nil
	}
	return id, err
}
