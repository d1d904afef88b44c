package frontline

import (
	"context"
	"strings"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/personal"
	"troika/internal/store"
)

const deployCols = `d.id, d.org_id, o.name, COALESCE(d.member_id, 0), d.name, d.id_mask, d.from_unit, COALESCE(d.to_org_id, 0),
	COALESCE(tg.name, ''), d.to_place, d.post, d.started_on, d.ended_on, d.note, d.created_at, d.updated_at`

const deployFrom = ` FROM deployments d JOIN orgs o ON o.id = d.org_id LEFT JOIN orgs tg ON tg.id = d.to_org_id`

func scanDeployment(sc interface{ Scan(...any) error }) (Deployment, error) {
	var d Deployment
	var created, updated int64
	err := sc.Scan(&d.ID, &d.OrgID, &d.OrgName, &d.MemberID, &d.Name, &d.IDMask, &d.FromUnit, &d.ToOrgID, &d.ToOrgName,
		&d.ToPlace, &d.Post, &d.StartedOn, &d.EndedOn, &d.Note, &created, &updated)
	d.CreatedAt, d.UpdatedAt = store.Time(created), store.Time(updated)
	return d, err
}

// overlaps is the condition of a deployment overlapping the days [from, to]
// (both included): started by the end, not ended before the start.
const overlaps = `d.started_on <= ? AND (d.ended_on = '' OR d.ended_on >= ?)`

func (s *Service) deployWhere(p *access.Principal, f Filter) *clause {
	c := scoped(p, f)
	c.keyword(f.Q, "d.name", "d.from_unit", "d.to_place", "d.post", "tg.name")
	// A span of dates finds the deployments under way in it.
	if f.From != "" || f.To != "" {
		from, to := f.From, f.To
		if to == "" {
			to = "9999-12-31"
		}
		c.add(overlaps, to, from)
	}
	switch f.Active {
	case "1":
		c.add("(d.ended_on = '' OR d.ended_on >= ?)", s.today())
	case "0":
		c.add("d.ended_on <> '' AND d.ended_on < ?", s.today())
	}
	return c
}

// ListDeployments returns one page of deployments in scope, latest start
// first.
func (s *Service) ListDeployments(ctx context.Context, p *access.Principal, f Filter) ([]Deployment, int, error) {
	c := s.deployWhere(p, f)
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+deployFrom+c.sql(), c.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+deployCols+deployFrom+c.sql()+` ORDER BY d.started_on DESC, d.id DESC LIMIT ? OFFSET ?`,
		append(c.args, limit(f), f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Deployment
	for rows.Next() {
		d, err := scanDeployment(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

func getDeployment(ctx context.Context, q store.Querier, p *access.Principal, id int64) (Deployment, error) {
	d, err := scanDeployment(q.QueryRowContext(ctx, `SELECT `+deployCols+deployFrom+` WHERE d.id = ? AND o.path LIKE ?`, id, p.ScopeLike()))
	if store.IsNoRows(err) {
		return d, notFound()
	}
	return d, err
}

// GetDeployment returns a deployment in scope.
func (s *Service) GetDeployment(ctx context.Context, p *access.Principal, id int64) (Deployment, error) {
	return getDeployment(ctx, s.DB, p, id)
}

// PersonDeployments lists every deployment in scope of the same person.
func (s *Service) PersonDeployments(ctx context.Context, p *access.Principal, id int64) ([]Deployment, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+deployCols+deployFrom+` WHERE d.id_hash = (SELECT id_hash FROM deployments WHERE id = ?)
		AND o.path LIKE ? ORDER BY d.started_on`, id, p.ScopeLike())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Deployment
	for rows.Next() {
		d, err := scanDeployment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// parseID validates an identity number for the field id_number.
func (s *Service) parseID(n string) (string, error) {
	id, err := idcard.Parse(n, s.Now())
	if err != nil {
		var v fault.Fields
		v.Add("id_number", i18n.T("frontline.field.id_number"), err.Error())
		return "", v.Err()
	}
	return id.Number, nil
}

// person is who a deployment is of: sealed, hashed and masked.
type person struct {
	memberID              any
	name                  string
	idEnc, idHash, idMask string
}

// resolveDeployed finds the person of a deployment: a member of the roll
// in scope (by id, or by the identity number typed), else a cadre outside
// the roll by name and identity number.
func (s *Service) resolveDeployed(ctx context.Context, q store.Querier, p *access.Principal, in *DeploymentInput, f *form) (person, bool) {
	in.IDNumber = strings.TrimSpace(in.IDNumber)
	if in.MemberID != 0 {
		m, err := memberInScope(ctx, q, p, in.MemberID, "")
		if err != nil {
			f.add("member_id", "frontline.field.member", "frontline.not_member")
			return person{}, false
		}
		return person{memberID: m.ID, name: m.Name, idEnc: m.IDEnc, idHash: m.IDHash, idMask: m.IDMask}, true
	}
	if in.IDNumber == "" {
		f.add("id_number", "frontline.field.id_number", "field.required")
		return person{}, false
	}
	id, err := idcard.Parse(in.IDNumber, s.Now())
	if err != nil {
		f.v.Add("id_number", i18n.T("frontline.field.id_number"), err.Error())
		return person{}, false
	}
	hash := s.Keys.Hash(idHashKind, id.Number)
	if m, err := memberInScope(ctx, q, p, 0, hash); err == nil {
		return person{memberID: m.ID, name: m.Name, idEnc: m.IDEnc, idHash: m.IDHash, idMask: m.IDMask}, true
	}
	if in.Name == "" {
		f.add("name", "frontline.field.person_name", "frontline.name_not_member")
		return person{}, false
	}
	return person{name: in.Name, idEnc: s.Keys.Seal(id.Number), idHash: hash, idMask: personal.MaskID(id.Number)}, true
}

// checkFields validates a deployment's fields other than its person, into
// f, inside tx.
func (s *Service) checkFields(ctx context.Context, tx *store.Tx, p *access.Principal, in *DeploymentInput, f *form) error {
	f.text("from_unit", "frontline.field.from_unit", &in.FromUnit, 80, false)
	f.text("to_place", "frontline.field.to_place", &in.ToPlace, 80, in.ToOrgID == 0)
	f.text("post", "frontline.field.post", &in.Post, 80, false)
	f.date("started_on", "frontline.field.started_on", &in.StartedOn, true)
	f.span("ended_on", "frontline.field.ended_on", in.StartedOn, &in.EndedOn)
	f.text("note", "frontline.field.note", &in.Note, 500, false)
	for _, o := range []struct {
		id           int64
		field, label string
		required     bool
	}{{in.OrgID, "org_id", "frontline.field.sender", true}, {in.ToOrgID, "to_org_id", "frontline.field.to_org", false}} {
		if o.id == 0 {
			if o.required {
				f.add(o.field, o.label, "field.choose")
			}
			continue
		}
		if _, err := orgInScope(ctx, tx, p, o.id, o.field, o.label, false); err != nil {
			if fault.CodeOf(err) != fault.Invalid {
				return err
			}
			f.add(o.field, o.label, "field.not_found")
		}
	}
	return nil
}

// checkDeployment validates a deployment and resolves its person.
func (s *Service) checkDeployment(ctx context.Context, tx *store.Tx, p *access.Principal, in *DeploymentInput) (person, error) {
	f := s.newForm()
	if in.MemberID == 0 {
		f.text("name", "frontline.field.person_name", &in.Name, 40, false)
	}
	if err := s.checkFields(ctx, tx, p, in, f); err != nil {
		return person{}, err
	}
	who, _ := s.resolveDeployed(ctx, tx, p, in, f)
	return who, f.err()
}

// CreateDeployment records a deployment.
func (s *Service) CreateDeployment(ctx context.Context, p *access.Principal, in DeploymentInput) (Deployment, error) {
	var d Deployment
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		who, err := s.checkDeployment(ctx, tx, p, &in)
		if err != nil {
			return err
		}
		id, err := insertDeployment(ctx, tx, in, who, store.Millis(s.Now()))
		if err != nil {
			return err
		}
		if d, err = getDeployment(ctx, tx, p, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.deployment.create", ObjectType: "deployment", ObjectID: id, Detail: d})
	})
	return d, err
}

func insertDeployment(ctx context.Context, tx *store.Tx, in DeploymentInput, who person, now int64) (int64, error) {
	var toOrg any
	if in.ToOrgID != 0 {
		toOrg = in.ToOrgID
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO deployments (org_id, member_id, name, id_enc, id_hash, id_mask, from_unit, to_org_id, to_place, post,
		started_on, ended_on, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		in.OrgID, who.memberID, who.name, who.idEnc, who.idHash, who.idMask, in.FromUnit, toOrg, in.ToPlace, in.Post,
		in.StartedOn, in.EndedOn, in.Note, now, now).Scan(&id)
	return id, err
}

// UpdateDeployment edits a deployment. With neither a member nor an
// identity number given, the person stays who they were (a non-member's
// name may be corrected).
func (s *Service) UpdateDeployment(ctx context.Context, p *access.Principal, id int64, in DeploymentInput) (Deployment, error) {
	var after Deployment
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getDeployment(ctx, tx, p, id)
		if err != nil {
			return err
		}
		var toOrg any
		if in.ToOrgID != 0 {
			toOrg = in.ToOrgID
		}
		now := store.Millis(s.Now())
		if in.MemberID == 0 && strings.TrimSpace(in.IDNumber) == "" {
			f := s.newForm()
			if before.MemberID == 0 {
				f.text("name", "frontline.field.person_name", &in.Name, 40, true)
			} else {
				in.Name = before.Name
			}
			if err := s.checkFields(ctx, tx, p, &in, f); err != nil {
				return err
			}
			if err := f.err(); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE deployments SET org_id = ?, name = ?, from_unit = ?, to_org_id = ?, to_place = ?, post = ?,
				started_on = ?, ended_on = ?, note = ?, updated_at = ? WHERE id = ?`, in.OrgID, in.Name, in.FromUnit, toOrg, in.ToPlace, in.Post,
				in.StartedOn, in.EndedOn, in.Note, now, id)
		} else {
			var who person
			if who, err = s.checkDeployment(ctx, tx, p, &in); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE deployments SET org_id = ?, member_id = ?, name = ?, id_enc = ?, id_hash = ?, id_mask = ?, from_unit = ?,
				to_org_id = ?, to_place = ?, post = ?, started_on = ?, ended_on = ?, note = ?, updated_at = ? WHERE id = ?`,
				in.OrgID, who.memberID, who.name, who.idEnc, who.idHash, who.idMask, in.FromUnit, toOrg, in.ToPlace, in.Post,
				in.StartedOn, in.EndedOn, in.Note, now, id)
		}
		if err != nil {
			return err
		}
		if after, err = getDeployment(ctx, tx, p, id); err != nil {
			return err
		}
		changes := audit.Changes(before, after)
		delete(changes, "updated_at")
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.deployment.update", ObjectType: "deployment", ObjectID: id, Detail: changes})
	})
	return after, err
}

// DeleteDeployment removes a deployment entered in error.
func (s *Service) DeleteDeployment(ctx context.Context, p *access.Principal, id int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		d, err := getDeployment(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM deployments WHERE id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "frontline.deployment.delete", ObjectType: "deployment", ObjectID: id, Detail: d})
	})
}
