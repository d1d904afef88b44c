package talent

import (
	"context"
	"strconv"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// ConvertInput turns a lead into a talent of the reserve pool.
type ConvertInput struct {
	EnteredOn string `json:"entered_on"`
	Returnee  bool   `json:"returnee"`
}

// ConvertLead makes a talent (from outside the region) of a lead and puts
// them into the reserve pool; the lead keeps a link to the talent.
func (s *Service) ConvertLead(ctx context.Context, p *access.Principal, leadID int64, in ConvertInput) (Record, error) {
	var t Record
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		lead, err := get(ctx, tx, p, Leads, leadID)
		if err != nil {
			return err
		}
		if lead.Str("status") == "converted" {
			return conflict("talent.lead.already")
		}
		entered, err := s.actionDate("entered_on", label(Pool.Slug, "entered_on"), in.EnteredOn, lead.Str("collected_on"))
		if err != nil {
			return err
		}
		var phoneEnc, phoneHash, phoneMask string
		if err := tx.QueryRowContext(ctx, `SELECT phone_enc, phone_hash, phone_mask FROM talent_leads WHERE id = ?`, leadID).Scan(&phoneEnc, &phoneHash, &phoneMask); err != nil {
			return err
		}
		now := store.Millis(s.Now())
		tid, err := insert(ctx, tx, Talents, lead.OrgID, map[string]any{"name": lead.Str("name"), "specialty": lead.Str("specialty"),
			"employer": lead.Str("employer"), "origin": "outside", "outside_place": lead.Str("location"), "returnee": in.Returnee,
			"phone_enc": phoneEnc, "phone_hash": phoneHash, "phone_mask": phoneMask, "note": i18n.T("talent.lead.from", lead.Str("collected_on"))}, now)
		if err != nil {
			return err
		}
		if _, err := insert(ctx, tx, Pool, lead.OrgID, map[string]any{"talent_id": tid, "entered_on": entered, "source": "lead"}, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE talent_leads SET status = 'converted', talent_id = ?, updated_at = ? WHERE id = ?`, tid, now, leadID); err != nil {
			return err
		}
		if t, err = get(ctx, tx, p, Talents, tid); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "talent.leads.convert", ObjectType: "talent_leads", ObjectID: leadID,
			Detail: map[string]any{"talent_id": tid, "entered_on": entered}})
	})
	return t, err
}

// actionDate checks a date an action records: required, a date, not after
// today and not before notBefore.
func (s *Service) actionDate(field, lbl, v, notBefore string) (string, error) {
	v = strings.TrimSpace(v)
	var fe fault.Fields
	if v == "" {
		v = s.today()
	}
	t, err := time.Parse(day, v)
	switch {
	case err != nil:
		fe.Add(field, lbl, i18n.T("field.date_format"))
	case t.Format(day) > s.today():
		fe.Add(field, lbl, i18n.T("field.date_future"))
	case notBefore != "" && t.Format(day) < notBefore:
		fe.Add(field, lbl, i18n.T("talent.not_before", notBefore))
	}
	return v, fe.Err()
}

// RecruitInput names the talent recruited for a demand: one of the
// ledger (TalentID) or a new one (Name, Phone, Specialty, Origin,
// Returnee), and the date. Pool puts the talent into the reserve pool.
type RecruitInput struct {
	TalentID    int64  `json:"talent_id"`
	Name        string `json:"name"`
	Phone       string `json:"phone"`
	Specialty   string `json:"specialty"`
	Origin      string `json:"origin"`
	Returnee    bool   `json:"returnee"`
	RecruitedOn string `json:"recruited_on"`
	Pool        bool   `json:"pool"`
	Note        string `json:"note"`
}

// Recruit records a talent recruited for an open demand; when the
// recruits reach the headcount the demand is filled.
func (s *Service) Recruit(ctx context.Context, p *access.Principal, demandID int64, in RecruitInput) (Record, error) {
	var rec Record
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		d, err := get(ctx, tx, p, Demands, demandID)
		if err != nil {
			return err
		}
		if d.Str("status") != "open" {
			return conflict("talent.demand.not_open", d.Show(mustField(Demands, "status")))
		}
		on, derr := s.actionDate("recruited_on", label(Recruits.Slug, "recruited_on"), in.RecruitedOn, d.Str("raised_on"))
		now := store.Millis(s.Now())
		tid, orgID := in.TalentID, d.OrgID
		if tid != 0 {
			var terr error
			if orgID, terr = refOrg(ctx, tx, p, Recruits, mustField(Recruits, "talent_id"), tid); terr != nil {
				return mergeFields(fieldsOf(derr), terr)
			}
			if derr != nil {
				return derr
			}
		} else {
			spec := in.Specialty
			if spec == "" {
				spec = d.Str("specialty")
			}
			origin := in.Origin
			if origin == "" {
				origin = "local"
			}
			c := s.check(Talents, Input{Values: map[string]string{"name": in.Name, "phone": in.Phone, "specialty": spec, "origin": origin,
				"returnee": strconv.FormatBool(in.Returnee), "employer": d.Str("enterprise"), "title": d.Str("position")}}, nil)
			if err := mergeFields(c.v, derr); err != nil {
				return err
			}
			if tid, err = insert(ctx, tx, Talents, orgID, c.vals, now); err != nil {
				return err
			}
			t, err := get(ctx, tx, p, Talents, tid)
			if err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Event{Action: "talent.talents.create", ObjectType: "talent", ObjectID: tid, Detail: auditView(t)}); err != nil {
				return err
			}
		}
		if in.Pool {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM talent_pool WHERE talent_id = ? AND left_on = ''`, tid).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				if _, err := insert(ctx, tx, Pool, orgID, map[string]any{"talent_id": tid, "entered_on": on, "source": "recruit"}, now); err != nil {
					return err
				}
			}
		}
		note := strings.TrimSpace(in.Note)
		if len([]rune(note)) > 500 {
			note = string([]rune(note)[:500])
		}
		rid, err := insert(ctx, tx, Recruits, orgID, map[string]any{"talent_id": tid, "demand_id": demandID, "enterprise": d.Str("enterprise"),
			"position": d.Str("position"), "recruited_on": on, "note": note}, now)
		if err != nil {
			return err
		}
		var got int64
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM talent_recruits WHERE demand_id = ?`, demandID).Scan(&got); err != nil {
			return err
		}
		if got >= d.Int("headcount") {
			if _, err := tx.ExecContext(ctx, `UPDATE talent_demands SET status = 'filled', updated_at = ? WHERE id = ?`, now, demandID); err != nil {
				return err
			}
		}
		if rec, err = get(ctx, tx, p, Recruits, rid); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "talent.demands.recruit", ObjectType: "talent_demands", ObjectID: demandID,
			Detail: map[string]any{"recruit_id": rid, "talent_id": tid, "recruited_on": on, "filled": got >= d.Int("headcount")}})
	})
	return rec, err
}

func fieldsOf(err error) fault.Fields {
	var v fault.Fields
	if fe, ok := fault.As(err); ok {
		for _, f := range fe.Fields {
			v.Add(f.Field, f.Label, f.Message)
		}
	}
	return v
}

func mustField(l *Ledger, name string) Field {
	f, ok := l.Field(name)
	if !ok {
		panic("talent: no field " + name + " in " + l.Slug)
	}
	return f
}

// SubsidyStep is a decision on a subsidy: the date it takes effect.
type SubsidyStep struct {
	On   string `json:"on"`
	Note string `json:"note"`
}

// Subsidy steps: an application is approved or rejected, and an approved
// subsidy is paid.
const (
	StepApprove = "approve"
	StepReject  = "reject"
	StepPay     = "pay"
)

// DecideSubsidy moves a subsidy one step on.
func (s *Service) DecideSubsidy(ctx context.Context, p *access.Principal, id int64, step string, in SubsidyStep) (Record, error) {
	var after Record
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := get(ctx, tx, p, Subsidies, id)
		if err != nil {
			return err
		}
		st := r.Str("status")
		now := store.Millis(s.Now())
		note := strings.TrimSpace(in.Note)
		if len([]rune(note)) > 200 {
			note = string([]rune(note)[:200])
		}
		if note != "" {
			note = strings.TrimSpace(r.Str("note") + "\n" + i18n.T("talent.subsidy.step."+step) + "：" + note)
		} else {
			note = r.Str("note")
		}
		switch step {
		case StepApprove, StepReject:
			if st != "applied" {
				return conflict("talent.subsidy.not_applied")
			}
			on, err := s.actionDate("on", label(Subsidies.Slug, "approved_on"), in.On, r.Str("applied_on"))
			if err != nil {
				return err
			}
			next := "approved"
			if step == StepReject {
				next = "rejected"
			}
			who := p.DisplayName
			if who == "" {
				who = p.Username
			}
			_, err = tx.ExecContext(ctx, `UPDATE talent_subsidies SET status = ?, approved_on = ?, approved_by = ?, note = ?, updated_at = ? WHERE id = ?`,
				next, on, who, note, now, id)
			if err != nil {
				return err
			}
		case StepPay:
			if st != "approved" {
				return conflict("talent.subsidy.not_approved")
			}
			on, err := s.actionDate("on", label(Subsidies.Slug, "paid_on"), in.On, r.Str("approved_on"))
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE talent_subsidies SET status = 'paid', paid_on = ?, note = ?, updated_at = ? WHERE id = ?`, on, note, now, id); err != nil {
				return err
			}
		default:
			return notFound()
		}
		if after, err = get(ctx, tx, p, Subsidies, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "talent.subsidies." + step, ObjectType: "talent_subsidies", ObjectID: id,
			Detail: audit.Changes(auditView(r), auditView(after))})
	})
	return after, err
}
