package bt

import (
	"context"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// A group is visible in a scope when it was set up there or reviews a
// branch there.
const groupScope = `(g.org_id IN (SELECT id FROM orgs WHERE path LIKE ?)
	OR g.id IN (SELECT gb.group_id FROM bt_group_branches gb JOIN orgs ob ON ob.id = gb.org_id WHERE ob.path LIKE ?))`

const groupCols = `g.id, g.org_id, g.name, g.leader, g.set_up_on, g.note, g.created_at, g.updated_at,
	(SELECT COUNT(*) FROM bt_group_members m WHERE m.group_id = g.id),
	(SELECT COUNT(*) FROM bt_group_branches b WHERE b.group_id = g.id)`

func scanGroup(sc interface{ Scan(...any) error }) (Group, error) {
	var g Group
	var created, updated int64
	err := sc.Scan(&g.ID, &g.OrgID, &g.Name, &g.Leader, &g.SetUpOn, &g.Note, &created, &updated, &g.MemberCount, &g.BranchCount)
	g.CreatedAt, g.UpdatedAt = store.Time(created), store.Time(updated)
	return g, err
}

func groupNotFound() error { return fault.New(fault.NotFound, "%s", i18n.T("bt.group.not_found")) }

// Groups lists the guidance groups visible in the principal's scope.
func (s *Service) Groups(ctx context.Context, p *access.Principal) ([]Group, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+groupCols+` FROM bt_groups g WHERE `+groupScope+` ORDER BY g.name`, p.ScopeLike(), p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Group{}
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func getGroup(ctx context.Context, q store.Querier, scopeLike string, id int64) (Group, error) {
	g, err := scanGroup(q.QueryRowContext(ctx, `SELECT `+groupCols+` FROM bt_groups g WHERE g.id = ? AND `+groupScope, id, scopeLike, scopeLike))
	if err != nil {
		return g, err
	}
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.username, u.display_name, o.name FROM bt_group_members m
		JOIN users u ON u.id = m.user_id JOIN orgs o ON o.id = u.org_id WHERE m.group_id = ? ORDER BY u.display_name`, id)
	if err != nil {
		return g, err
	}
	for rows.Next() {
		var u GroupUser
		if err := rows.Scan(&u.ID, &u.Username, &u.Name, &u.OrgName); err != nil {
			rows.Close()
			return g, err
		}
		g.Members = append(g.Members, u)
	}
	rows.Close()
	// Branches outside the caller's scope are not named.
	rows, err = q.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(pa.name, '') FROM bt_group_branches b JOIN orgs o ON o.id = b.org_id
		LEFT JOIN orgs pa ON pa.id = o.parent_id WHERE b.group_id = ? AND o.path LIKE ? ORDER BY o.path`, id, scopeLike)
	if err != nil {
		return g, err
	}
	defer rows.Close()
	for rows.Next() {
		var o OrgRef
		if err := rows.Scan(&o.ID, &o.Name, &o.ParentName); err != nil {
			return g, err
		}
		g.Branches = append(g.Branches, o)
	}
	return g, rows.Err()
}

// Group returns one guidance group with its members and branches.
func (s *Service) Group(ctx context.Context, p *access.Principal, id int64) (Group, error) {
	g, err := getGroup(ctx, s.DB, p.ScopeLike(), id)
	if store.IsNoRows(err) {
		return g, groupNotFound()
	}
	return g, err
}

func dedupe(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// checkGroup validates a group against the database: members are staff or
// committee users in scope; branches are live 党支部 in scope not
// reviewed by another group.
func checkGroup(ctx context.Context, tx *store.Tx, p *access.Principal, self int64, today string, in *GroupInput, v *fault.Fields) error {
	checkText(v, "name", i18n.T("bt.field.group_name"), &in.Name, 40, true)
	checkText(v, "leader", i18n.T("bt.field.leader"), &in.Leader, 20, false)
	checkText(v, "note", i18n.T("bt.field.note"), &in.Note, 500, false)
	in.SetUpOn = strings.TrimSpace(in.SetUpOn)
	switch {
	case in.SetUpOn == "":
		v.Add("set_up_on", i18n.T("bt.field.set_up_on"), i18n.T("field.required"))
	case !validDate(in.SetUpOn):
		v.Add("set_up_on", i18n.T("bt.field.set_up_on"), i18n.T("field.date_format"))
	case in.SetUpOn > today:
		v.Add("set_up_on", i18n.T("bt.field.set_up_on"), i18n.T("field.date_future"))
	}
	in.MemberIDs, in.BranchIDs = dedupe(in.MemberIDs), dedupe(in.BranchIDs)
	if len(in.MemberIDs) == 0 {
		v.Add("member_ids", i18n.T("bt.field.members"), i18n.T("bt.members_required"))
	}
	for _, id := range in.MemberIDs {
		var name string
		var role string
		err := tx.QueryRowContext(ctx, `SELECT u.display_name, u.role FROM users u JOIN orgs o ON o.id = u.org_id
			WHERE u.id = ? AND o.path LIKE ? AND u.disabled = FALSE`, id, p.ScopeLike()).Scan(&name, &role)
		if store.IsNoRows(err) {
			v.Add("member_ids", i18n.T("bt.field.members"), i18n.T("field.not_found"))
			continue
		}
		if err != nil {
			return err
		}
		if r := access.Role(role); r != access.RoleStaff && r != access.RoleCommittee {
			v.Add("member_ids", i18n.T("bt.field.members"), i18n.T("bt.member_role", name))
		}
	}
	for _, id := range in.BranchIDs {
		var name, kind string
		var dissolved bool
		err := tx.QueryRowContext(ctx, `SELECT name, kind, dissolved FROM orgs WHERE id = ? AND path LIKE ?`, id, p.ScopeLike()).Scan(&name, &kind, &dissolved)
		if store.IsNoRows(err) {
			v.Add("branch_ids", i18n.T("bt.field.branches"), i18n.T("field.not_found"))
			continue
		}
		if err != nil {
			return err
		}
		if kind != "branch" || dissolved {
			v.Add("branch_ids", i18n.T("bt.field.branches"), i18n.T("bt.not_branch", name))
			continue
		}
		var other string
		err = tx.QueryRowContext(ctx, `SELECT g.name FROM bt_group_branches b JOIN bt_groups g ON g.id = b.group_id WHERE b.org_id = ? AND b.group_id <> ?`, id, self).Scan(&other)
		if err == nil {
			v.Add("branch_ids", i18n.T("bt.field.branches"), i18n.T("bt.branch_taken", name, other))
		} else if !store.IsNoRows(err) {
			return err
		}
	}
	return nil
}

func writeMembers(ctx context.Context, tx *store.Tx, id int64, in GroupInput) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM bt_group_members WHERE group_id = ?`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM bt_group_branches WHERE group_id = ?`, id); err != nil {
		return err
	}
	for _, u := range in.MemberIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO bt_group_members (group_id, user_id) VALUES (?, ?)`, id, u); err != nil {
			return err
		}
	}
	for _, o := range in.BranchIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO bt_group_branches (group_id, org_id) VALUES (?, ?)`, id, o); err != nil {
			return err
		}
	}
	return nil
}

func groupNameTaken() error {
	var v fault.Fields
	v.Add("name", i18n.T("bt.field.group_name"), i18n.T("bt.group_name_taken"))
	return v.Err()
}

// CreateGroup sets up a guidance group.
func (s *Service) CreateGroup(ctx context.Context, p *access.Principal, in GroupInput) (Group, error) {
	if err := s.mustManage(p); err != nil {
		return Group{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var v fault.Fields
		if err := checkGroup(ctx, tx, p, 0, s.today(), &in, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		err := tx.QueryRowContext(ctx, `INSERT INTO bt_groups (org_id, name, leader, set_up_on, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.OrgID, in.Name, in.Leader, in.SetUpOn, in.Note, now, now).Scan(&id)
		if store.IsUniqueViolation(err) {
			return groupNameTaken()
		}
		if err != nil {
			return err
		}
		if err := writeMembers(ctx, tx, id, in); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "bt.group.create", ObjectType: "bt_group", ObjectID: id,
			Detail: map[string]any{"name": in.Name, "leader": in.Leader, "set_up_on": in.SetUpOn, "member_ids": in.MemberIDs, "branch_ids": in.BranchIDs}})
	})
	if err != nil {
		return Group{}, err
	}
	return s.Group(ctx, p, id)
}

// UpdateGroup changes a group's name, members and branches.
func (s *Service) UpdateGroup(ctx context.Context, p *access.Principal, id int64, in GroupInput) (Group, error) {
	if err := s.mustManage(p); err != nil {
		return Group{}, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getGroup(ctx, tx, p.ScopeLike(), id)
		if store.IsNoRows(err) {
			return groupNotFound()
		}
		if err != nil {
			return err
		}
		// Branches of the group outside the caller's scope stay assigned.
		rows, err := tx.QueryContext(ctx, `SELECT b.org_id FROM bt_group_branches b JOIN orgs o ON o.id = b.org_id WHERE b.group_id = ? AND o.path NOT LIKE ?`, id, p.ScopeLike())
		if err != nil {
			return err
		}
		var keep []int64
		for rows.Next() {
			var o int64
			if err := rows.Scan(&o); err != nil {
				rows.Close()
				return err
			}
			keep = append(keep, o)
		}
		rows.Close()
		var v fault.Fields
		if err := checkGroup(ctx, tx, p, id, s.today(), &in, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE bt_groups SET name = ?, leader = ?, set_up_on = ?, note = ?, updated_at = ? WHERE id = ?`,
			in.Name, in.Leader, in.SetUpOn, in.Note, store.Millis(s.Now()), id)
		if store.IsUniqueViolation(err) {
			return groupNameTaken()
		}
		if err != nil {
			return err
		}
		full := in
		full.BranchIDs = append(append([]int64(nil), in.BranchIDs...), keep...)
		if err := writeMembers(ctx, tx, id, full); err != nil {
			return err
		}
		ids := func(g Group) (m, b []int64) {
			for _, u := range g.Members {
				m = append(m, u.ID)
			}
			for _, o := range g.Branches {
				b = append(b, o.ID)
			}
			return
		}
		bm, bb := ids(before)
		return audit.Record(ctx, tx, audit.Event{Action: "bt.group.update", ObjectType: "bt_group", ObjectID: id,
			Detail: map[string]any{"name": [2]string{before.Name, in.Name}, "leader": [2]string{before.Leader, in.Leader}, "set_up_on": [2]string{before.SetUpOn, in.SetUpOn},
				"member_ids": [2][]int64{bm, in.MemberIDs}, "branch_ids": [2][]int64{bb, in.BranchIDs}}})
	})
	if err != nil {
		return Group{}, err
	}
	return s.Group(ctx, p, id)
}

// Candidate is a user or branch offered in the group form.
type Candidate struct {
	ID     int64
	Label  string
	Parent string
}

// GroupCandidates lists the users who may sit in a group (staff and
// committee accounts in scope) and the branches that may be assigned.
func (s *Service) GroupCandidates(ctx context.Context, p *access.Principal) (users, branches []Candidate, err error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT u.id, u.display_name || '（' || u.username || '）', o.name FROM users u JOIN orgs o ON o.id = u.org_id
		WHERE o.path LIKE ? AND u.role IN ('staff', 'committee') AND u.disabled = FALSE ORDER BY o.path, u.username`, p.ScopeLike())
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var c Candidate
		if err := rows.Scan(&c.ID, &c.Label, &c.Parent); err != nil {
			rows.Close()
			return nil, nil, err
		}
		users = append(users, c)
	}
	rows.Close()
	rows, err = s.DB.QueryContext(ctx, `SELECT o.id, o.name, COALESCE(pa.name, '') FROM orgs o LEFT JOIN orgs pa ON pa.id = o.parent_id
		WHERE o.path LIKE ? AND o.kind = 'branch' AND o.dissolved = FALSE ORDER BY o.path`, p.ScopeLike())
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c Candidate
		if err := rows.Scan(&c.ID, &c.Label, &c.Parent); err != nil {
			return nil, nil, err
		}
		c.Label = shortName(c.Label)
		branches = append(branches, c)
	}
	return users, branches, rows.Err()
}

// shortName drops the 中共 … 委员会 frame of a branch's full name.
func shortName(n string) string {
	n = strings.TrimPrefix(n, "中共")
	n = strings.TrimSuffix(n, "委员会")
	return n
}
