package pairing

import (
	"context"
	"strings"

	"troika/internal/store"
)

// A pairing is seen by whoever has the organization or the street in
// scope; a registration by whoever has the member or the community.
const (
	pairingCols = `p.id, p.org_id, o.name, o.domain, p.street_id, s.name, COALESCE(p.community_id, 0), COALESCE(c.name, ''),
	p.started_on, p.ended_on, p.agreement, p.note,
	(SELECT COUNT(*) FROM pairing_activities a WHERE a.pairing_id = p.id), p.created_at, p.updated_at`
	pairingFrom = ` FROM pairings p JOIN orgs o ON o.id = p.org_id JOIN orgs s ON s.id = p.street_id
	LEFT JOIN orgs c ON c.id = p.community_id`
	pairingScope = `(o.path LIKE ? OR s.path LIKE ?)`

	regCols = `r.id, r.member_id, m.name, m.id_mask, m.org_id, mo.name, r.community_id, c.name, r.registered_on, r.note,
	(SELECT COUNT(*) FROM registration_activities a WHERE a.registration_id = r.id),
	(SELECT COALESCE(SUM(a.minutes), 0) FROM registration_activities a WHERE a.registration_id = r.id),
	r.created_at, r.updated_at`
	regFrom = ` FROM member_registrations r JOIN members m ON m.id = r.member_id JOIN orgs mo ON mo.id = m.org_id
	JOIN orgs c ON c.id = r.community_id`
	regScope = `(mo.path LIKE ? OR c.path LIKE ?)`
)

func scanPairing(sc interface{ Scan(...any) error }) (Pairing, error) {
	var p Pairing
	var created, updated int64
	err := sc.Scan(&p.ID, &p.OrgID, &p.OrgName, &p.OrgDomain, &p.StreetID, &p.StreetName, &p.CommunityID, &p.CommunityName,
		&p.StartedOn, &p.EndedOn, &p.Agreement, &p.Note, &p.Activities, &created, &updated)
	p.CreatedAt, p.UpdatedAt = store.Time(created), store.Time(updated)
	return p, err
}

func scanReg(sc interface{ Scan(...any) error }) (Registration, error) {
	var r Registration
	var created, updated int64
	err := sc.Scan(&r.ID, &r.MemberID, &r.MemberName, &r.IDMask, &r.MemberOrgID, &r.MemberOrgName, &r.CommunityID, &r.CommunityName,
		&r.RegisteredOn, &r.Note, &r.Activities, &r.Minutes, &created, &updated)
	r.CreatedAt, r.UpdatedAt = store.Time(created), store.Time(updated)
	return r, err
}

func getPairing(ctx context.Context, q store.Querier, like string, id int64) (Pairing, error) {
	return scanPairing(q.QueryRowContext(ctx, `SELECT `+pairingCols+pairingFrom+` WHERE p.id = ? AND `+pairingScope, id, like, like))
}

func getReg(ctx context.Context, q store.Querier, like string, id int64) (Registration, error) {
	return scanReg(q.QueryRowContext(ctx, `SELECT `+regCols+regFrom+` WHERE r.id = ? AND `+regScope, id, like, like))
}

// Filter narrows either list.
type Filter struct {
	Q        string
	Under    int64  // only records whose organization (or member's) or street (community) lies in this subtree
	Domain   string // pairings: the organization's domain
	From, To string // started / registered in [From, To)
	Limit    int
	Offset   int
}

// escapeLike drops LIKE wildcards from user input; names never need them.
func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

func (f Filter) pairingWhere(like string) (string, []any) {
	conds := []string{pairingScope}
	args := []any{like, like}
	if f.Q != "" {
		conds = append(conds, "(o.name LIKE ? OR s.name LIKE ? OR p.agreement LIKE ?)")
		q := "%" + escapeLike(f.Q) + "%"
		args = append(args, q, q, q)
	}
	if f.Under > 0 {
		conds = append(conds, "(o.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%' OR s.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%')")
		args = append(args, f.Under, f.Under)
	}
	if f.Domain != "" {
		conds = append(conds, "o.domain = ?")
		args = append(args, f.Domain)
	}
	if f.From != "" {
		conds = append(conds, "p.started_on >= ? AND p.started_on < ?")
		args = append(args, f.From, f.To)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func (f Filter) regWhere(like string) (string, []any) {
	conds := []string{regScope}
	args := []any{like, like}
	if f.Q != "" {
		conds = append(conds, "(m.name LIKE ? OR c.name LIKE ?)")
		q := "%" + escapeLike(f.Q) + "%"
		args = append(args, q, q)
	}
	if f.Under > 0 {
		conds = append(conds, "(mo.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%' OR c.path LIKE (SELECT path FROM orgs WHERE id = ?) || '%')")
		args = append(args, f.Under, f.Under)
	}
	if f.From != "" {
		conds = append(conds, "r.registered_on >= ? AND r.registered_on < ?")
		args = append(args, f.From, f.To)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func listPairings(ctx context.Context, q store.Querier, like string, f Filter) ([]Pairing, int, error) {
	where, args := f.pairingWhere(like)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*)`+pairingFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := q.QueryContext(ctx, `SELECT `+pairingCols+pairingFrom+where+` ORDER BY p.started_on DESC, p.id DESC LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Pairing{}
	for rows.Next() {
		p, err := scanPairing(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

func listRegs(ctx context.Context, q store.Querier, like string, f Filter) ([]Registration, int, error) {
	where, args := f.regWhere(like)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*)`+regFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := q.QueryContext(ctx, `SELECT `+regCols+regFrom+where+` ORDER BY r.registered_on DESC, r.id DESC LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Registration{}
	for rows.Next() {
		r, err := scanReg(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

func activities(ctx context.Context, q store.Querier, pairingID int64) ([]Activity, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, held_on, title, participants, note FROM pairing_activities WHERE pairing_id = ? ORDER BY held_on, id`, pairingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Activity{}
	for rows.Next() {
		var a Activity
		if err := rows.Scan(&a.ID, &a.HeldOn, &a.Title, &a.Participants, &a.Note); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func participations(ctx context.Context, q store.Querier, regID int64) ([]Participation, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, held_on, title, minutes FROM registration_activities WHERE registration_id = ? ORDER BY held_on, id`, regID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Participation{}
	for rows.Next() {
		var a Participation
		if err := rows.Scan(&a.ID, &a.HeldOn, &a.Title, &a.Minutes); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
