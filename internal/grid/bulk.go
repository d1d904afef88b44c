package grid

import (
	"context"
	"fmt"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// HouseholdInput is a new household with its residents, for CreateHouseholds.
type HouseholdInput struct {
	GridID    int64
	Code      string
	Address   string
	Residents []ResidentInput // GridID, Household and Address are taken from the household
}

// CreateHouseholds opens many households with their residents at once,
// with the form's rules, in batches, all or none (the demo city; scripts).
// Grids are checked against the principal's scope like a single create;
// an error names the 1-based household and resident.
func (s *Service) CreateHouseholds(ctx context.Context, p *access.Principal, hs []HouseholdInput) error {
	type hh struct {
		gridID        int64
		code, address string
		recs          []resRecord
	}
	all := make([]hh, 0, len(hs))
	seen := map[[32]byte]bool{}
	for i, h := range hs {
		var v fault.Fields
		x := hh{gridID: h.GridID, code: strings.ToUpper(text(&v, "household_code", h.Code, 30, true)),
			address: text(&v, "address", h.Address, 100, true)}
		if err := v.Err(); err != nil {
			return fmt.Errorf("household %d: %w", i+1, err)
		}
		for j := range h.Residents {
			rec := s.checkResident(&h.Residents[j], "", &v)
			if err := v.Err(); err != nil {
				return fmt.Errorf("household %d, resident %d: %w", i+1, j+1, err)
			}
			s.seal(&rec)
			k, _ := hashKey(rec.IDHash)
			if seen[k] {
				return fmt.Errorf("household %d, resident %d: %w", i+1, j+1, duplicateID())
			}
			seen[k] = true
			x.recs = append(x.recs, rec)
		}
		all = append(all, x)
	}
	today := s.today()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		ok := map[int64]bool{}
		for i, h := range all {
			if !ok[h.gridID] {
				var v fault.Fields
				gridFor(ctx, tx, p, h.gridID, &v)
				if err := v.Err(); err != nil {
					return fmt.Errorf("household %d: %w", i+1, err)
				}
				ok[h.gridID] = true
			}
		}
		at := store.Millis(s.Now())
		var batch []resRecord
		for start := 0; start < len(all); start += importBatch {
			chunk := all[start:min(start+importBatch, len(all))]
			var sb strings.Builder
			sb.WriteString(`INSERT INTO households (grid_id, code, address, note, created_at, updated_at) VALUES `)
			args := make([]any, 0, len(chunk)*5)
			for i, h := range chunk {
				if i > 0 {
					sb.WriteByte(',')
				}
				sb.WriteString("(?, ?, ?, '', ?, ?)")
				args = append(args, h.gridID, h.code, h.address, at, at)
			}
			sb.WriteString(` RETURNING id, grid_id, code`)
			rows, err := tx.QueryContext(ctx, sb.String(), args...)
			if err != nil {
				if store.IsUniqueViolation(err) {
					return fault.New(fault.Conflict, "%s", i18n.T("grid.household_exists"))
				}
				return err
			}
			ids := map[string]int64{}
			for rows.Next() {
				var id, gid int64
				var code string
				if err := rows.Scan(&id, &gid, &code); err != nil {
					rows.Close()
					return err
				}
				ids[hhKey(gid, code)] = id
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, h := range chunk {
				for _, r := range h.recs {
					r.HouseholdID, r.GridID, r.At = ids[hhKey(h.gridID, h.code)], h.gridID, at
					batch = append(batch, r)
					if len(batch) == importBatch {
						if err := insertResidents(ctx, tx, batch, today); err != nil {
							return mapDup(err)
						}
						batch = batch[:0]
					}
				}
			}
		}
		if err := insertResidents(ctx, tx, batch, today); err != nil {
			return mapDup(err)
		}
		n := 0
		for _, h := range all {
			n += len(h.recs)
		}
		return audit.Record(ctx, tx, audit.Event{Action: "resident.create_many", ObjectType: "resident",
			Detail: map[string]int{"households": len(all), "residents": n}})
	})
}

func mapDup(err error) error {
	if store.IsUniqueViolation(err) {
		return duplicateID()
	}
	return err
}

// RecordVisits files many visits at once in one transaction (the demo
// city; scripts), with the rules of RecordVisit except the worker, which
// is the grid's current worker.
func (s *Service) RecordVisits(ctx context.Context, p *access.Principal, ins []VisitInput) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		at := store.Millis(s.Now())
		workers := map[int64]int64{}
		var sb strings.Builder
		var args []any
		n := 0
		write := func() error {
			if n == 0 {
				return nil
			}
			_, err := tx.ExecContext(ctx, sb.String(), args...)
			sb.Reset()
			args, n = args[:0], 0
			return err
		}
		for i, in := range ins {
			var v fault.Fields
			on := s.date(&v, "visited_on", in.VisitedOn, true)
			method := oneOf(&v, "method", in.Method, VisitMethods)
			notes := text(&v, "notes", in.Notes, 1000, true)
			follow := text(&v, "follow_up", in.FollowUp, 500, false)
			if err := v.Err(); err != nil {
				return fmt.Errorf("visit %d: %w", i+1, err)
			}
			gridID, err := householdGrid(ctx, tx, p, in.HouseholdID)
			if err != nil {
				return fmt.Errorf("visit %d: %w", i+1, err)
			}
			if in.ResidentID != 0 {
				var k int
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM residents WHERE id = ? AND household_id = ?`,
					in.ResidentID, in.HouseholdID).Scan(&k); err != nil {
					return err
				}
				if k == 0 {
					return fmt.Errorf("visit %d: %w", i+1, notFound("resident"))
				}
			}
			wid, ok := workers[gridID]
			if !ok {
				if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM grid_workers WHERE grid_id = ? AND until = ''`,
					gridID).Scan(&wid); err != nil {
					return err
				}
				workers[gridID] = wid
			}
			if n == 0 {
				sb.WriteString(`INSERT INTO resident_visits (grid_id, household_id, resident_id, worker_id, visited_on, method, notes, follow_up,
					created_by, created_at, updated_at) VALUES `)
			} else {
				sb.WriteByte(',')
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, gridID, in.HouseholdID, nullID(in.ResidentID), nullID(wid), on, method, notes, follow, p.UserID, at, at)
			if n++; n == 200 {
				if err := write(); err != nil {
					return err
				}
			}
		}
		if err := write(); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "visit.create_many", ObjectType: "visit", Detail: map[string]int{"visits": len(ins)}})
	})
}
