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

const siteCols = `s.id, s.org_id, o.name, s.kind, s.name, s.address, s.hours, s.services, s.phone, s.area_sqm, s.opened_on,
	s.closed_on, s.note, s.created_at, s.updated_at`

const siteFrom = ` FROM service_sites s JOIN orgs o ON o.id = s.org_id`

func scanSite(sc interface{ Scan(...any) error }) (Site, error) {
	var st Site
	var services string
	var created, updated int64
	err := sc.Scan(&st.ID, &st.OrgID, &st.OrgName, &st.Kind, &st.Name, &st.Address, &st.Hours, &services, &st.Phone, &st.AreaSqm,
		&st.OpenedOn, &st.ClosedOn, &st.Note, &created, &updated)
	st.Services = splitLines(services)
	st.CreatedAt, st.UpdatedAt = store.Time(created), store.Time(updated)
	return st, err
}

func splitLines(s string) []string {
	out := []string{}
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// SiteFilter narrows the site list.
type SiteFilter struct {
	Q             string
	Kind          string
	Under         int64
	Closed        bool // closed sites too
	Limit, Offset int
}

// Sites returns one page of the service sites in scope.
func (s *Service) Sites(ctx context.Context, p *access.Principal, f SiteFilter) ([]Site, int, error) {
	conds := []string{"o.path LIKE ?"}
	args := []any{p.ScopeLike()}
	if q := escapeLike(strings.TrimSpace(f.Q)); q != "" {
		conds = append(conds, "(s.name LIKE ? OR s.address LIKE ? OR s.services LIKE ?)")
		args = append(args, "%"+q+"%", "%"+q+"%", "%"+q+"%")
	}
	if f.Kind != "" {
		conds = append(conds, "s.kind = ?")
		args = append(args, f.Kind)
	}
	if f.Under > 0 {
		conds = append(conds, "o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%'")
		args = append(args, f.Under)
	}
	if !f.Closed {
		conds = append(conds, "s.closed_on = ''")
	}
	where := " WHERE " + strings.Join(conds, " AND ")
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+siteFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+siteCols+siteFrom+where+` ORDER BY o.path, s.kind, s.name LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Site{}
	for rows.Next() {
		st, err := scanSite(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, st)
	}
	return out, total, rows.Err()
}

func getSite(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Site, error) {
	st, err := scanSite(q.QueryRowContext(ctx, `SELECT `+siteCols+siteFrom+` WHERE s.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
	if store.IsNoRows(err) {
		return st, notFound("site")
	}
	return st, err
}

// Site returns a service site in scope.
func (s *Service) Site(ctx context.Context, p *access.Principal, id int64) (Site, error) {
	return getSite(ctx, s.DB, p, id)
}

func (s *Service) checkSite(ctx context.Context, q store.Querier, p *access.Principal, in SiteInput) (SiteInput, error) {
	var v fault.Fields
	in.Kind = oneOf(&v, "kind", in.Kind, SiteKinds)
	in.Name = text(&v, "site_name", in.Name, 60, true)
	in.Address = text(&v, "site_address", in.Address, 100, true)
	in.Hours = text(&v, "hours", in.Hours, 100, false)
	in.Services = strings.Join(splitLines(text(&v, "services", in.Services, 1000, false)), "\n")
	in.Phone = text(&v, "site_phone", in.Phone, 30, false)
	in.Note = text(&v, "note", in.Note, 200, false)
	if in.AreaSqm < 0 || in.AreaSqm > 1000000 {
		v.Add("area_sqm", label("area_sqm"), i18n.T("field.range", 0, 1000000))
	}
	in.OpenedOn = s.date(&v, "opened_on", in.OpenedOn, false)
	in.ClosedOn = s.date(&v, "closed_on", in.ClosedOn, false)
	if in.OpenedOn != "" && in.ClosedOn != "" && in.ClosedOn < in.OpenedOn {
		v.Add("closed_on", label("closed_on"), i18n.T("grid.closed_before_opened"))
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE id = ? AND path LIKE ? AND dissolved = FALSE`,
		in.OrgID, p.ScopeLike()).Scan(&n); err != nil {
		return in, err
	}
	if n == 0 {
		v.Add("site_org_id", label("site_org_id"), i18n.T("field.not_found"))
	}
	return in, v.Err()
}

// CreateSite adds a service site run by an organization in scope.
func (s *Service) CreateSite(ctx context.Context, p *access.Principal, in SiteInput) (Site, error) {
	var st Site
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		in, err := s.checkSite(ctx, tx, p, in)
		if err != nil {
			return err
		}
		now := store.Millis(s.Now())
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO service_sites (org_id, kind, name, address, hours, services, phone, area_sqm, opened_on,
			closed_on, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.Kind, in.Name,
			in.Address, in.Hours, in.Services, in.Phone, in.AreaSqm, in.OpenedOn, in.ClosedOn, in.Note, now, now).Scan(&id); err != nil {
			return err
		}
		if st, err = getSite(ctx, tx, p, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "site.create", ObjectType: "service_site", ObjectID: id, Detail: st})
	})
	return st, err
}

// UpdateSite edits a service site in scope.
func (s *Service) UpdateSite(ctx context.Context, p *access.Principal, id int64, in SiteInput) (Site, error) {
	var after Site
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getSite(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if in.OrgID == 0 {
			in.OrgID = before.OrgID
		}
		in, err = s.checkSite(ctx, tx, p, in)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE service_sites SET org_id = ?, kind = ?, name = ?, address = ?, hours = ?, services = ?,
			phone = ?, area_sqm = ?, opened_on = ?, closed_on = ?, note = ?, updated_at = ? WHERE id = ?`, in.OrgID, in.Kind, in.Name, in.Address,
			in.Hours, in.Services, in.Phone, in.AreaSqm, in.OpenedOn, in.ClosedOn, in.Note, store.Millis(s.Now()), id); err != nil {
			return err
		}
		if after, err = getSite(ctx, tx, p, id); err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "site.update", ObjectType: "service_site", ObjectID: id, Detail: changes})
	})
	return after, err
}

// SiteOrgs lists the live organizations in scope that may run a site.
func (s *Service) SiteOrgs(ctx context.Context, p *access.Principal) ([]Option, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name FROM orgs WHERE path LIKE ? AND dissolved = FALSE AND kind <> 'group'
		ORDER BY path`, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	return options(rows)
}
