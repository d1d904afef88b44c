package org

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// Service applies the rules of the organization tree.
type Service struct {
	DB       *store.DB
	Now      func() time.Time
	Counters []Counter
}

// NewService returns a service on db with the wall clock.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

var codeRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$`)

func notFound() error { return fault.New(fault.NotFound, "%s", i18n.T("org.not_found")) }

// Get returns an organization in the principal's scope; outside it, the
// organization does not exist.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (Org, error) {
	o, err := get(ctx, s.DB, p.OrgPath, id)
	if store.IsNoRows(err) {
		return o, notFound()
	}
	return o, err
}

// List returns one page of organizations in scope.
func (s *Service) List(ctx context.Context, p *access.Principal, f Filter) ([]Org, int, error) {
	return list(ctx, s.DB, p.OrgPath, f)
}

// Subtree returns every organization under root in scope, in path order.
func (s *Service) Subtree(ctx context.Context, p *access.Principal, rootID int64, includeDissolved bool) ([]Org, error) {
	root, err := s.Get(ctx, p, rootID)
	if err != nil {
		return nil, err
	}
	return subtree(ctx, s.DB, root.Path, includeDissolved)
}

// Ancestors returns the chain from the scope root down to o's parent, for
// breadcrumbs; ancestors above the scope are left out.
func (s *Service) Ancestors(ctx context.Context, p *access.Principal, o Org) ([]Org, error) {
	var ids []any
	for _, part := range strings.Split(strings.Trim(o.Path, "/"), "/") {
		if part != "" {
			ids = append(ids, part)
		}
	}
	if len(ids) <= 1 {
		return nil, nil
	}
	ids = ids[:len(ids)-1]
	rows, err := s.DB.QueryContext(ctx, `SELECT `+cols+` FROM orgs WHERE id IN (`+store.Placeholders(len(ids))+`) AND path LIKE ? ORDER BY depth`,
		append(ids, p.ScopeLike())...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Service) validate(in *Input, creating bool) error {
	var v fault.Fields
	in.Name = strings.TrimSpace(in.Name)
	in.Code = strings.TrimSpace(in.Code)
	in.Secretary = strings.TrimSpace(in.Secretary)
	in.FoundedOn = strings.TrimSpace(in.FoundedOn)
	if in.Name == "" {
		v.Add("name", i18n.T("org.field.name"), i18n.T("field.required"))
	} else if utf8.RuneCountInString(in.Name) > 80 {
		v.Add("name", i18n.T("org.field.name"), i18n.T("field.max_len", 80))
	}
	if !codeRe.MatchString(in.Code) {
		v.Add("code", i18n.T("org.field.code"), i18n.T("org.code_rule"))
	}
	if !in.Kind.Valid() {
		v.Add("kind", i18n.T("org.field.kind"), i18n.T("field.choose"))
	}
	if !in.Domain.Valid() {
		v.Add("domain", i18n.T("org.field.domain"), i18n.T("field.choose"))
	}
	if utf8.RuneCountInString(in.Secretary) > 40 {
		v.Add("secretary", i18n.T("org.field.secretary"), i18n.T("field.max_len", 40))
	}
	if in.FoundedOn != "" {
		d, err := time.Parse("2006-01-02", in.FoundedOn)
		switch {
		case err != nil:
			v.Add("founded_on", i18n.T("org.field.founded_on"), i18n.T("field.date_format"))
		case s.afterToday(d):
			v.Add("founded_on", i18n.T("org.field.founded_on"), i18n.T("field.date_future"))
		}
	}
	if in.Sort < 0 || in.Sort > 99999 {
		v.Add("sort", i18n.T("org.field.sort"), i18n.T("field.range", 0, 99999))
	}
	if creating && in.ParentID <= 0 {
		v.Add("parent_id", i18n.T("org.field.parent"), i18n.T("field.required"))
	}
	return v.Err()
}

// afterToday reports whether a date entered by a user lies after today's
// date where the users are (Asia/Shanghai): compared with the UTC clock, a
// date entered before 08:00 in Shanghai would count as tomorrow's.
func (s *Service) afterToday(d time.Time) bool {
	y, m, day := s.Now().In(access.Shanghai).Date()
	return d.After(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
}

func kindUnderError(k, parent Kind) error {
	var v fault.Fields
	v.Add("kind", i18n.T("org.field.kind"), i18n.T("org.kind_under", k.Label(), parent.Label()))
	return v.Err()
}

func codeTaken() error {
	var v fault.Fields
	v.Add("code", i18n.T("org.field.code"), i18n.T("org.code_taken"))
	return v.Err()
}

// Create adds an organization under a parent in the principal's scope.
func (s *Service) Create(ctx context.Context, p *access.Principal, in Input) (Org, error) {
	if err := s.validate(&in, true); err != nil {
		return Org{}, err
	}
	var o Org
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		parent, err := get(ctx, tx, p.OrgPath, in.ParentID)
		if store.IsNoRows(err) {
			var v fault.Fields
			v.Add("parent_id", i18n.T("org.field.parent"), i18n.T("field.not_found"))
			return v.Err()
		}
		if err != nil {
			return err
		}
		if parent.Dissolved {
			var v fault.Fields
			v.Add("parent_id", i18n.T("org.field.parent"), i18n.T("org.parent_dissolved"))
			return v.Err()
		}
		if !in.Kind.CanStandUnder(parent.Kind) {
			return kindUnderError(in.Kind, parent.Kind)
		}
		now := s.Now()
		o = Org{ParentID: parent.ID, Path: parent.Path, Depth: parent.Depth + 1, Name: in.Name, Code: in.Code,
			Kind: in.Kind, Domain: in.Domain, Secretary: in.Secretary, FoundedOn: in.FoundedOn, Sort: in.Sort,
			CreatedAt: now, UpdatedAt: now}
		if err := insert(ctx, tx, &o); err != nil {
			if store.IsUniqueViolation(err) {
				return codeTaken()
			}
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "org.create", ObjectType: "org", ObjectID: o.ID, Detail: o})
	})
	return o, err
}

// CreateRoot makes the top of the tree; only the operator's console and the
// demo generator call it, on an empty database.
func (s *Service) CreateRoot(ctx context.Context, in Input) (Org, error) {
	if err := s.validate(&in, false); err != nil {
		return Org{}, err
	}
	var o Org
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		o = Org{Path: "/", Depth: 0, Name: in.Name, Code: in.Code, Kind: in.Kind, Domain: in.Domain,
			Secretary: in.Secretary, FoundedOn: in.FoundedOn, CreatedAt: now, UpdatedAt: now}
		if err := insert(ctx, tx, &o); err != nil {
			if store.IsUniqueViolation(err) {
				return codeTaken()
			}
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "org.create", ObjectType: "org", ObjectID: o.ID, Detail: o})
	})
	return o, err
}

// Update edits an organization's own fields (not its place in the tree).
func (s *Service) Update(ctx context.Context, p *access.Principal, id int64, in Input) (Org, error) {
	if err := s.validate(&in, false); err != nil {
		return Org{}, err
	}
	var after Org
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := get(ctx, tx, p.OrgPath, id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if before.Dissolved {
			return fault.New(fault.Conflict, "%s", i18n.T("org.is_dissolved"))
		}
		if before.ParentID > 0 {
			var parentKind string
			if err := tx.QueryRowContext(ctx, `SELECT kind FROM orgs WHERE id = ?`, before.ParentID).Scan(&parentKind); err != nil {
				return err
			}
			if !in.Kind.CanStandUnder(Kind(parentKind)) {
				return kindUnderError(in.Kind, Kind(parentKind))
			}
		}
		if err := s.checkChildrenFit(ctx, tx, id, in.Kind); err != nil {
			return err
		}
		after = before
		after.Name, after.Code, after.Kind, after.Domain = in.Name, in.Code, in.Kind, in.Domain
		after.Secretary, after.FoundedOn, after.Sort = in.Secretary, in.FoundedOn, in.Sort
		after.UpdatedAt = s.Now()
		if err := update(ctx, tx, after); err != nil {
			if store.IsUniqueViolation(err) {
				return codeTaken()
			}
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "org.update", ObjectType: "org", ObjectID: id, Detail: changes})
	})
	return after, err
}

// checkChildrenFit refuses a kind change that would leave children under a
// kind they may not stand under.
func (s *Service) checkChildrenFit(ctx context.Context, tx *store.Tx, id int64, k Kind) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT kind FROM orgs WHERE parent_id = ? AND dissolved = FALSE`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ck string
		if err := rows.Scan(&ck); err != nil {
			return err
		}
		if !Kind(ck).CanStandUnder(k) {
			var v fault.Fields
			v.Add("kind", i18n.T("org.field.kind"), i18n.T("org.children_misfit", Kind(ck).Label(), k.Label()))
			return v.Err()
		}
	}
	return rows.Err()
}

// Move puts an organization, with its whole subtree, under a new parent.
func (s *Service) Move(ctx context.Context, p *access.Principal, id, newParentID int64) (Org, error) {
	var moved Org
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		o, err := get(ctx, tx, p.OrgPath, id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if o.Path == p.OrgPath || o.ParentID == 0 {
			return fault.New(fault.Forbidden, "%s", i18n.T("org.move_scope_root"))
		}
		var v fault.Fields
		np, err := get(ctx, tx, p.OrgPath, newParentID)
		if store.IsNoRows(err) {
			v.Add("parent_id", i18n.T("org.field.new_parent"), i18n.T("field.not_found"))
			return v.Err()
		}
		if err != nil {
			return err
		}
		switch {
		case strings.HasPrefix(np.Path, o.Path):
			v.Add("parent_id", i18n.T("org.field.new_parent"), i18n.T("org.move_into_self"))
		case np.Dissolved:
			v.Add("parent_id", i18n.T("org.field.new_parent"), i18n.T("org.parent_dissolved"))
		case np.ID == o.ParentID:
			v.Add("parent_id", i18n.T("org.field.new_parent"), i18n.T("org.move_same_parent"))
		case !o.Kind.CanStandUnder(np.Kind):
			return kindUnderError(o.Kind, np.Kind)
		}
		if err := v.Err(); err != nil {
			return err
		}
		newPath := np.Path + strings.TrimPrefix(o.Path, parentPath(o.Path))
		if err := movePaths(ctx, tx, o.ID, np.ID, o.Path, newPath, np.Depth+1-o.Depth, store.Millis(s.Now())); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Event{Action: "org.move", ObjectType: "org", ObjectID: id,
			Detail: map[string]any{"parent_id": [2]int64{o.ParentID, np.ID}, "path": [2]string{o.Path, newPath}}}); err != nil {
			return err
		}
		moved, err = get(ctx, tx, p.OrgPath, id)
		return err
	})
	return moved, err
}

// parentPath returns the path of the parent: "/1/5/23/" → "/1/5/".
func parentPath(path string) string {
	trimmed := strings.TrimSuffix(path, "/")
	return trimmed[:strings.LastIndex(trimmed, "/")+1]
}

// Dissolve marks an organization as dissolved with a date and reason; it is
// never deleted, since its history and records still point at it.
func (s *Service) Dissolve(ctx context.Context, p *access.Principal, id int64, on, reason string) error {
	var v fault.Fields
	reason = strings.TrimSpace(reason)
	on = strings.TrimSpace(on)
	if reason == "" {
		v.Add("reason", i18n.T("org.field.dissolve_reason"), i18n.T("field.required"))
	} else if utf8.RuneCountInString(reason) > 200 {
		v.Add("reason", i18n.T("org.field.dissolve_reason"), i18n.T("field.max_len", 200))
	}
	if d, err := time.Parse("2006-01-02", on); err != nil {
		v.Add("dissolved_on", i18n.T("org.field.dissolved_on"), i18n.T("field.date_format"))
	} else if s.afterToday(d) {
		v.Add("dissolved_on", i18n.T("org.field.dissolved_on"), i18n.T("field.date_future"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		o, err := get(ctx, tx, p.OrgPath, id)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if o.Path == p.OrgPath || o.ParentID == 0 {
			return fault.New(fault.Forbidden, "%s", i18n.T("org.dissolve_scope_root"))
		}
		if o.Dissolved {
			return fault.New(fault.Conflict, "%s", i18n.T("org.is_dissolved"))
		}
		var live int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE parent_id = ? AND dissolved = FALSE`, id).Scan(&live); err != nil {
			return err
		}
		if live > 0 {
			return fault.New(fault.Conflict, "%s", i18n.T("org.dissolve_has_children", live))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET dissolved = TRUE, dissolved_on = ?, dissolve_reason = ?, updated_at = ? WHERE id = ?`,
			on, reason, store.Millis(s.Now()), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "org.dissolve", ObjectType: "org", ObjectID: id,
			Detail: map[string]string{"dissolved_on": on, "reason": reason}})
	})
}

// Root returns the top organization of the whole tree, if any.
func (s *Service) Root(ctx context.Context) (Org, error) {
	return scan(s.DB.QueryRowContext(ctx, `SELECT `+cols+` FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1`))
}

// ByCode returns an organization in scope by its code.
func (s *Service) ByCode(ctx context.Context, scopePath, code string) (Org, error) {
	o, err := scan(s.DB.QueryRowContext(ctx, `SELECT `+cols+` FROM orgs WHERE code = ? AND path LIKE ?`, code, access.ScopeLike(scopePath)))
	if store.IsNoRows(err) {
		return o, notFound()
	}
	return o, err
}
