package grid

import (
	"troika/internal/access"
	"troika/internal/member"
)

// WorkerGridFilter is the extra condition for a grid worker: only the grids
// they are currently assigned to. column names the grid id of the rows
// being filtered ("r.grid_id", "e.grid_id" …); it must be a constant of the
// caller, never user input. For any other role it returns "" and no
// arguments, so callers append both unconditionally:
//
//	sql, args := grid.WorkerGridFilter(p, "e.grid_id")
//	where += sql
//	params = append(params, args...)
func WorkerGridFilter(p *access.Principal, column string) (string, []any) {
	if p == nil || p.Role != access.RoleGrid {
		return "", nil
	}
	return " AND " + column + " IN (SELECT grid_id FROM grid_workers WHERE user_id = ? AND until = '')", []any{p.UserID}
}

// scoped is the scope condition of rows joined to their grid as g and the
// grid's organization as o: the organization subtree, and for a grid
// worker their own grids.
func scoped(p *access.Principal) (string, []any) {
	sql, args := WorkerGridFilter(p, "g.id")
	return "o.path LIKE ?" + sql, append([]any{p.ScopeLike()}, args...)
}

func ethnicityLabel(code string) string { return member.EthnicityLabel(code) }
