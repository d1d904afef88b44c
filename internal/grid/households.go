package grid

import (
	"context"
	"time"

	"troika/internal/access"
	"troika/internal/store"
)

func yearsBefore(on string, n int) string {
	d, err := time.Parse(day, on)
	if err != nil {
		return ""
	}
	return d.AddDate(-n, 0, 0).Format(day)
}

// Household returns a household in scope with all its residents (those
// who left too, after the others) and its visits.
func (s *Service) Household(ctx context.Context, p *access.Principal, id int64) (Household, error) {
	cond, args := scoped(p)
	var h Household
	err := s.DB.QueryRowContext(ctx, `SELECT h.id, h.grid_id, g.name, g.org_id, o.name, h.code, h.address, h.note
		FROM households h JOIN grids g ON g.id = h.grid_id JOIN orgs o ON o.id = g.org_id WHERE h.id = ? AND `+cond,
		append([]any{id}, args...)...).Scan(&h.ID, &h.GridID, &h.GridName, &h.OrgID, &h.OrgName, &h.Code, &h.Address, &h.Note)
	if store.IsNoRows(err) {
		return h, notFound("household")
	}
	if err != nil {
		return h, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+residentCols+residentFrom+` WHERE r.household_id = ?
		ORDER BY r.status <> 'active', r.relation <> '户主', r.birth_date, r.id`, id)
	if err != nil {
		return h, err
	}
	h.Residents = []Resident{}
	for rows.Next() {
		r, err := scanResident(rows)
		if err != nil {
			rows.Close()
			return h, err
		}
		h.Residents = append(h.Residents, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return h, err
	}
	if err := s.fillTags(ctx, s.DB, h.Residents); err != nil {
		return h, err
	}
	h.Visits, _, err = s.Visits(ctx, p, VisitFilter{HouseholdID: id, Limit: 50})
	return h, err
}

// householdGrid returns the grid of a household in scope.
func householdGrid(ctx context.Context, q store.Querier, p *access.Principal, id int64) (int64, error) {
	cond, args := scoped(p)
	var gridID int64
	err := q.QueryRowContext(ctx, `SELECT g.id FROM households h JOIN grids g ON g.id = h.grid_id JOIN orgs o ON o.id = g.org_id
		WHERE h.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&gridID)
	if store.IsNoRows(err) {
		return 0, notFound("household")
	}
	return gridID, err
}
