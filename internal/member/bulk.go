package member

import (
	"context"
	"fmt"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/store"
)

// CreateMany adds many members at once with the form's rules, in batches,
// all or none (the demo city; scripts). Organizations are checked against
// the principal's scope like a single create; an error names the 1-based
// position of the bad input.
func (s *Service) CreateMany(ctx context.Context, p *access.Principal, ins []Input) error {
	c := s.checker()
	recs := make([]record, 0, len(ins))
	for i := range ins {
		pd, err := c.check(&ins[i], "")
		if err != nil {
			return fmt.Errorf("member %d: %w", i+1, err)
		}
		c.seal(&pd)
		pd.rec.OrgID, pd.rec.Status, pd.rec.EnteredOn, pd.rec.At = ins[i].OrgID, Active, pd.rec.JoinedOn, store.Millis(s.Now())
		recs = append(recs, pd.rec)
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		paths := map[int64]string{}
		for i := range recs {
			path, seen := paths[recs[i].OrgID]
			if !seen {
				h, err := holderIn(ctx, tx, p.OrgPath, recs[i].OrgID)
				if err != nil {
					return fmt.Errorf("member %d: %w", i+1, err)
				}
				path = h.Path
				paths[recs[i].OrgID] = path
			}
			recs[i].OrgPath = path
		}
		a := audit.ActorFrom(ctx)
		for start := 0; start < len(recs); start += importBatch {
			batch := recs[start:min(start+importBatch, len(recs))]
			ids, err := insertBatch(ctx, tx, batch)
			if store.IsUniqueViolation(err) {
				return duplicateID()
			}
			if err != nil {
				return err
			}
			if len(ids) != len(batch) {
				return fault.New(fault.Internal, "batch insert returned %d ids for %d members", len(ids), len(batch))
			}
			evs := make([]eventRow, 0, len(batch))
			for _, r := range batch {
				evs = append(evs, eventRow{MemberID: ids[r.IDHash], Kind: EvCreated, On: c.today, OrgID: r.OrgID, ActorID: a.ID, Actor: a.Name, At: r.At})
			}
			if err := insertEvents(ctx, tx, evs); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Event{Action: "member.create_many", ObjectType: "member", Detail: map[string]int{"members": len(recs)}})
	})
}
