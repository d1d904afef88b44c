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

const gridCols = `g.id, g.org_id, o.name, o.path, g.code, g.name, g.households, COALESCE(g.party_org_id, 0), COALESCE(po.name, ''),
	g.boundary, g.note, g.active, g.created_at, g.updated_at,
	(SELECT COUNT(*) FROM households h WHERE h.grid_id = g.id),
	(SELECT COUNT(*) FROM residents r WHERE r.grid_id = g.id AND r.status = 'active')`

const gridFrom = ` FROM grids g JOIN orgs o ON o.id = g.org_id LEFT JOIN orgs po ON po.id = g.party_org_id`

func scanGrid(sc interface{ Scan(...any) error }) (Grid, error) {
	var g Grid
	var created, updated int64
	err := sc.Scan(&g.ID, &g.OrgID, &g.OrgName, &g.orgPath, &g.Code, &g.Name, &g.Households, &g.PartyOrgID, &g.PartyOrgName,
		&g.Boundary, &g.Note, &g.Active, &created, &updated, &g.HouseholdsOn, &g.ResidentsOn)
	g.CreatedAt, g.UpdatedAt = store.Time(created), store.Time(updated)
	return g, err
}

// GridFilter narrows the grid list.
type GridFilter struct {
	Q             string // part of the name or code
	Under         int64  // an organization's subtree
	All           bool   // inactive grids too
	Limit, Offset int
}

func (f GridFilter) where(p *access.Principal) (string, []any) {
	cond, args := scoped(p)
	conds := []string{cond}
	if q := escapeLike(strings.TrimSpace(f.Q)); q != "" {
		conds = append(conds, "(g.name LIKE ? OR g.code LIKE ?)")
		args = append(args, "%"+q+"%", "%"+strings.ToUpper(q)+"%")
	}
	if f.Under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	if !f.All {
		conds = append(conds, "g.active = TRUE")
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Grids returns one page of the grids in scope, by organization and code.
func (s *Service) Grids(ctx context.Context, p *access.Principal, f GridFilter) ([]Grid, int, error) {
	where, args := f.where(p)
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+gridFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+gridCols+gridFrom+where+` ORDER BY o.path, g.code LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	out := []Grid{}
	for rows.Next() {
		g, err := scanGrid(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if err := s.fillWorkerNames(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// fillWorkerNames sets the names of the current workers of each grid.
func (s *Service) fillWorkerNames(ctx context.Context, gs []Grid) error {
	if len(gs) == 0 {
		return nil
	}
	ids := make([]any, len(gs))
	at := map[int64]int{}
	for i, g := range gs {
		ids[i] = g.ID
		at[g.ID] = i
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT grid_id, name FROM grid_workers WHERE until = '' AND grid_id IN (`+
		store.Placeholders(len(ids))+`) ORDER BY grid_id, since, id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		g := &gs[at[id]]
		if g.Workers != "" {
			g.Workers += "、"
		}
		g.Workers += name
	}
	return rows.Err()
}

func getGrid(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Grid, error) {
	cond, args := scoped(p)
	g, err := scanGrid(q.QueryRowContext(ctx, `SELECT `+gridCols+gridFrom+` WHERE g.id = ? AND `+cond, append([]any{id}, args...)...))
	if store.IsNoRows(err) {
		return g, notFound("grid")
	}
	return g, err
}

// Grid returns a grid in scope with its current workers' names.
func (s *Service) Grid(ctx context.Context, p *access.Principal, id int64) (Grid, error) {
	g, err := getGrid(ctx, s.DB, p, id)
	if err != nil {
		return g, err
	}
	gs := []Grid{g}
	err = s.fillWorkerNames(ctx, gs)
	return gs[0], err
}

// gridOrgKinds: grids hang on the Party organization of a community or a
// village.
var gridOrgKinds = map[string]bool{"general": true, "branch": true}
var gridOrgDomains = map[string]bool{"community": true, "rural": true}

type orgRef struct {
	ID   int64
	Path string
	Name string
}

// gridOrg checks that id is a live community or village organization in
// the principal's scope.
func gridOrg(ctx context.Context, q store.Querier, p *access.Principal, id int64, v *fault.Fields) orgRef {
	var o orgRef
	var kind, domain string
	var dissolved bool
	err := q.QueryRowContext(ctx, `SELECT id, path, name, kind, domain, dissolved FROM orgs WHERE id = ? AND path LIKE ?`,
		id, p.ScopeLike()).Scan(&o.ID, &o.Path, &o.Name, &kind, &domain, &dissolved)
	switch {
	case err != nil:
		v.Add("org_id", label("org_id"), i18n.T("field.not_found"))
	case dissolved:
		v.Add("org_id", label("org_id"), i18n.T("grid.org_dissolved"))
	case !gridOrgKinds[kind] || !gridOrgDomains[domain]:
		v.Add("org_id", label("org_id"), i18n.T("grid.org_kind"))
	}
	return o
}

// checkGrid validates in against the database (organization, party group)
// and returns the cleaned input.
func (s *Service) checkGrid(ctx context.Context, q store.Querier, p *access.Principal, in GridInput) (GridInput, orgRef, error) {
	var v fault.Fields
	in.Code = strings.ToUpper(text(&v, "code", in.Code, 30, true))
	// The form's field is "name"; it is labelled as the grid's name.
	var nv fault.Fields
	in.Name = text(&nv, "grid_name", in.Name, 50, true)
	for _, e := range nv.List() {
		v.Add("name", e.Label, e.Message)
	}
	in.Boundary = text(&v, "boundary", in.Boundary, 200, false)
	in.Note = text(&v, "note", in.Note, 200, false)
	if in.Households < 0 || in.Households > 100000 {
		v.Add("households", label("households"), i18n.T("field.range", 0, 100000))
	}
	o := gridOrg(ctx, q, p, in.OrgID, &v)
	if in.PartyOrgID != 0 && o.ID != 0 {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE id = ? AND path LIKE ? AND dissolved = FALSE`,
			in.PartyOrgID, access.ScopeLike(o.Path)).Scan(&n); err != nil {
			return in, o, err
		}
		if n == 0 {
			v.Add("party_org_id", label("party_org_id"), i18n.T("grid.party_org_outside"))
		}
	}
	return in, o, v.Err()
}

func codeTaken() error {
	var v fault.Fields
	v.Add("code", label("code"), i18n.T("grid.code_taken"))
	return v.Err()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateGrid adds a grid to a community or village in scope.
func (s *Service) CreateGrid(ctx context.Context, p *access.Principal, in GridInput) (Grid, error) {
	var g Grid
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		in, _, err := s.checkGrid(ctx, tx, p, in)
		if err != nil {
			return err
		}
		now := store.Millis(s.Now())
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO grids (org_id, code, name, households, party_org_id, boundary, note, active, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?) RETURNING id`, in.OrgID, in.Code, in.Name, in.Households, nullID(in.PartyOrgID),
			in.Boundary, in.Note, now, now).Scan(&id)
		if store.IsUniqueViolation(err) {
			return codeTaken()
		}
		if err != nil {
			return err
		}
		if g, err = getGrid(ctx, tx, p, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "grid.create", ObjectType: "grid", ObjectID: id, Detail: g})
	})
	return g, err
}

// UpdateGrid edits a grid; it may move to another community in scope only
// when it holds no households yet.
func (s *Service) UpdateGrid(ctx context.Context, p *access.Principal, id int64, in GridInput) (Grid, error) {
	var after Grid
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getGrid(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if in.OrgID == 0 {
			in.OrgID = before.OrgID
		}
		in, _, err = s.checkGrid(ctx, tx, p, in)
		if err != nil {
			return err
		}
		if in.OrgID != before.OrgID && before.HouseholdsOn > 0 {
			var v fault.Fields
			v.Add("org_id", label("org_id"), i18n.T("grid.move_with_households"))
			return v.Err()
		}
		active := before.Active
		if in.Active != nil {
			active = *in.Active
		}
		_, err = tx.ExecContext(ctx, `UPDATE grids SET org_id = ?, code = ?, name = ?, households = ?, party_org_id = ?, boundary = ?,
			note = ?, active = ?, updated_at = ? WHERE id = ?`, in.OrgID, in.Code, in.Name, in.Households, nullID(in.PartyOrgID),
			in.Boundary, in.Note, active, store.Millis(s.Now()), id)
		if store.IsUniqueViolation(err) {
			return codeTaken()
		}
		if err != nil {
			return err
		}
		if in.OrgID != before.OrgID {
			// the grid's residents, moved out or not, follow it to the new organization
			if _, err := tx.ExecContext(ctx, `UPDATE residents SET org_path = `+gridOrgPath+` WHERE grid_id = ?`, id, id); err != nil {
				return err
			}
		}
		if after, err = getGrid(ctx, tx, p, id); err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "grid.update", ObjectType: "grid", ObjectID: id, Detail: changes})
	})
	return after, err
}

// GridOrgs lists the community and village organizations in scope, for
// the grid form.
func (s *Service) GridOrgs(ctx context.Context, p *access.Principal) ([]Option, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name FROM orgs WHERE path LIKE ? AND dissolved = FALSE
		AND kind IN ('general', 'branch') AND domain IN ('community', 'rural') ORDER BY path`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	return options(rows)
}

// PartyOrgs lists the organizations under a grid's organization that may
// cover it (its branches and groups).
func (s *Service) PartyOrgs(ctx context.Context, p *access.Principal, orgID int64) ([]Option, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT c.id, c.name FROM orgs c JOIN orgs o ON c.path LIKE o.path || '%'
		WHERE o.id = ? AND o.path LIKE ? AND c.dissolved = FALSE ORDER BY c.path`, orgID, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	return options(rows)
}

// GridOptions lists the active grids the principal may see, for selects.
func (s *Service) GridOptions(ctx context.Context, p *access.Principal) ([]Option, error) {
	cond, args := scoped(p)
	rows, err := s.DB.QueryContext(ctx, `SELECT g.id, o.name || ' · ' || g.name FROM grids g JOIN orgs o ON o.id = g.org_id
		WHERE g.active = TRUE AND `+cond+` ORDER BY o.path, g.code`, args...)
	if err != nil {
		return nil, err
	}
	return options(rows)
}

// Option is a value and label for a select.
type Option struct {
	Value int64  `json:"value"`
	Label string `json:"label"`
}

func options(rows interface {
	Next() bool
	Scan(...any) error
	Close() error
	Err() error
}) ([]Option, error) {
	defer rows.Close()
	out := []Option{}
	for rows.Next() {
		var o Option
		if err := rows.Scan(&o.Value, &o.Label); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
