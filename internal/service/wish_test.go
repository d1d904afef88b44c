package service_test

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/indicator"
	"troika/internal/service"
	"troika/internal/store"
	"troika/internal/testenv"
)

// The whole workflow: a resident's wish is published, claimed by a member
// of the same township, fulfilled with a photo and confirmed by code; each
// step is in the history and the audit log.
func TestWishWorkflow(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		id, code := f.submit(t, f.brA, "想要一台收音机听新闻")
		if len(code) != 8 {
			t.Fatalf("code %q", code)
		}
		// A member sees nothing before publication.
		if _, err := f.svc.Wish(f.ctx, f.memberA, id); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("member sees a submitted wish: %v", err)
		}
		// Claiming before publication is refused.
		if _, err := f.svc.Claim(f.ctx, f.pa, id, service.ClaimInput{OrgID: f.brA.ID, DueOn: "2022-06-30"}); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("claim of a submitted wish: %v", err)
		}
		// Publishing needs a claim deadline not in the past.
		_, err := f.svc.Publish(f.ctx, f.staff, id, service.PublishInput{ClaimBy: "2022-06-01"})
		if fieldsOf(err)["claim_by"] == "" {
			t.Errorf("past claim deadline accepted: %v", err)
		}
		f.publish(t, id, "2022-06-30")
		// Members of town A see it; town B's member does not.
		open, n, err := f.svc.Wishes(f.ctx, f.memberA2, service.WishFilter{View: service.ViewUnclaimed})
		if err != nil || n != 1 || open[0].ID != id || open[0].Code != "" || open[0].PhoneMask != "" {
			t.Fatalf("member A2's open wishes: %d %+v %v", n, open, err)
		}
		if _, n, _ := f.svc.Wishes(f.ctx, f.memberB, service.WishFilter{View: service.ViewUnclaimed}); n != 0 {
			t.Errorf("town B's member sees %d wishes of town A", n)
		}
		if _, err := f.svc.Claim(f.ctx, f.memberB, id, service.ClaimInput{DueOn: "2022-06-20"}); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("town B's member claims: %v", err)
		}
		// Bad promised dates.
		for _, due := range []string{"", "2022-06-14", "2022-12-31", "2022-6-20"} {
			if _, err := f.svc.Claim(f.ctx, f.memberA, id, service.ClaimInput{DueOn: due}); fieldsOf(err)["due_on"] == "" {
				t.Errorf("due %q accepted: %v", due, err)
			}
		}
		w, err := f.svc.Claim(f.ctx, f.memberA, id, service.ClaimInput{DueOn: "2022-06-20"})
		if err != nil || w.Status != service.WishClaimed || w.ClaimantName != "membera" || w.ClaimantKind != service.ClaimByMember {
			t.Fatalf("claim: %+v %v", w, err)
		}
		// Now only the claimant among members sees it.
		if _, err := f.svc.Wish(f.ctx, f.memberA2, id); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("another member still sees a claimed wish: %v", err)
		}
		if _, err := f.svc.Claim(f.ctx, f.memberA2, id, service.ClaimInput{DueOn: "2022-06-20"}); fault.CodeOf(err) != fault.Conflict ||
			!strings.Contains(err.Error(), "已被他人认领") {
			t.Errorf("second claim: %v", err)
		}
		// Fulfilment: only the claimant (or the ledger's keepers); a note and a photo.
		photo, err := f.svc.Photos.Put(bytes.NewReader(pngPhoto(t, 40, 30)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Fulfil(f.ctx, f.memberA2, id, service.FulfilInput{FulfilledOn: "2022-06-15", Note: "送到"}, photo); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("non-claimant fulfils: %v", err)
		}
		_, err = f.svc.Fulfil(f.ctx, f.memberA, id, service.FulfilInput{FulfilledOn: "2022-06-16"}, "")
		if fs := fieldsOf(err); fs["note"] == "" || fs["photo"] == "" || fs["fulfilled_on"] == "" {
			t.Errorf("bad fulfilment: %v", err)
		}
		if st := count(t, db, `SELECT COUNT(*) FROM wishes WHERE id = ? AND status = 'claimed' AND fulfil_note = ''`, id); st != 1 {
			t.Error("a refused fulfilment wrote something")
		}
		w, err = f.svc.Fulfil(f.ctx, f.memberA, id, service.FulfilInput{FulfilledOn: "2022-06-15", Note: "买了收音机送到朴大爷家并教会使用"}, photo)
		if err != nil || w.Status != service.WishFulfilled || !w.HasPhoto {
			t.Fatalf("fulfil: %+v %v", w, err)
		}
		// The resident confirms by code; the member's name is masked for the public.
		pw, err := f.svc.ByCode(f.ctx, code)
		if err != nil || pw.ClaimantName != "党员m******" || !pw.HasPhoto {
			t.Errorf("public view: %+v %v", pw, err)
		}
		if _, err := f.svc.Confirm(f.ctx, "ZZZZZZZZ", service.ConfirmInput{}); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("unknown code: %v", err)
		}
		pw, err = f.svc.Confirm(f.ctx, code, service.ConfirmInput{Feedback: "谢谢党员同志"})
		if err != nil || pw.Status != service.WishConfirmed || pw.ConfirmedOn != "2022-06-15" {
			t.Fatalf("confirm: %+v %v", pw, err)
		}
		if _, err := f.svc.Confirm(f.ctx, code, service.ConfirmInput{}); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("second confirmation: %v", err)
		}
		evs, err := f.svc.WishHistory(f.ctx, f.staff, id)
		if err != nil || len(evs) != 5 {
			t.Fatalf("history: %d %v", len(evs), err)
		}
		if got := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'wish' AND object_id = ?`, strconv.FormatInt(id, 10)); got != 5 {
			t.Errorf("audit entries: %d", got)
		}
		// Phones are sealed, never stored plain.
		if count(t, db, `SELECT COUNT(*) FROM wishes WHERE phone_enc LIKE '%13904331234%' OR phone_mask <> '139****1234'`) != 0 {
			t.Error("phone stored in the clear or badly masked")
		}
	})
}

// Of many concurrent claims on one wish exactly one wins; the others are
// told it is taken, and the wish names the winner.
func TestConcurrentClaims(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		id, _ := f.submit(t, f.brA, "想请人帮忙修水管")
		f.publish(t, id, "2022-06-30")
		type claimer struct {
			p   *access.Principal
			org int64
		}
		claimers := []claimer{{f.memberA, 0}, {f.memberA2, 0}, {f.pa, f.brA.ID}, {f.staff, f.brA2.ID},
			{f.memberA, 0}, {f.memberA2, 0}, {f.pa, f.brA2.ID}, {f.staff, f.brA.ID}}
		var wg sync.WaitGroup
		errs := make([]error, len(claimers))
		start := make(chan struct{})
		for i, c := range claimers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = f.svc.Claim(f.ctx, c.p, id, service.ClaimInput{OrgID: c.org, DueOn: "2022-06-25"})
			}()
		}
		close(start)
		wg.Wait()
		wins := 0
		for i, err := range errs {
			switch {
			case err == nil:
				wins++
			case fault.CodeOf(err) != fault.Conflict:
				t.Errorf("claim %d: %v", i, err)
			}
		}
		if wins != 1 {
			t.Fatalf("%d claims won", wins)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM wish_events WHERE wish_id = ? AND action = 'claim'`, id); n != 1 {
			t.Errorf("%d claim events", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'wish.claim'`); n != 1 {
			t.Errorf("%d claim audit entries", n)
		}
	})
}

// Figures: claimed in the period, by the claim date; no data on an empty ledger.
func TestWishFigures(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		city := indicator.Scope{OrgID: f.city.ID, Path: f.city.Path}
		v, err := indicator.Compute(f.ctx, db, service.KeyWishesClaimed, city, indicator.Year(2022))
		if err != nil || !v.NoData {
			t.Fatalf("empty ledger: %+v %v", v, err)
		}
		// Town A: three wishes, two claimed; town B: one claimed.
		var ids []int64
		for _, o := range []struct {
			brA bool
		}{{true}, {true}, {true}, {false}} {
			br := f.brA
			if !o.brA {
				br = f.brB
			}
			id, _ := f.submit(t, br, "心愿")
			f.publish(t, id, "2022-06-30")
			ids = append(ids, id)
		}
		for _, i := range []int{0, 1} {
			if _, err := f.svc.Claim(f.ctx, f.pa, ids[i], service.ClaimInput{OrgID: f.brA.ID, DueOn: "2022-06-20"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.svc.Claim(f.ctx, f.pb, ids[3], service.ClaimInput{OrgID: f.brB.ID, DueOn: "2022-06-20"}); err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string][3]int64{
			service.KeyWishesSubmitted: {4, 3, 1},
			service.KeyWishesClaimed:   {3, 2, 1},
			service.KeyWishesFulfilled: {0, 0, 0},
		} {
			for i, s := range []indicator.Scope{city, {OrgID: f.townA.ID, Path: f.townA.Path}, {OrgID: f.townB.ID, Path: f.townB.Path}} {
				v, err := indicator.Compute(f.ctx, db, key, s, indicator.Year(2022))
				if err != nil || v.N != want[i] || v.NoData {
					t.Errorf("%s scope %d: %+v %v, want %d", key, i, v, err, want[i])
				}
			}
			if v, _ := indicator.Compute(f.ctx, db, key, city, indicator.Year(2021)); v.N != 0 || v.NoData {
				t.Errorf("%s in 2021: %+v", key, v)
			}
		}
		ind, _ := indicator.Get(service.KeyWishesClaimed)
		recs, err := ind.Records(f.ctx, db, indicator.Scope{OrgID: f.townA.ID, Path: f.townA.Path}, indicator.Year(2022), 10, 0)
		if err != nil || recs.Total != 2 || len(recs.Rows) != 2 {
			t.Errorf("records: %+v %v", recs, err)
		}
		// Lists: unclaimed and overdue.
		f.svc.Now = func() time.Time { return time.Date(2022, 7, 5, 4, 0, 0, 0, time.UTC) }
		un, n, err := f.svc.Wishes(f.ctx, f.staff, service.WishFilter{View: service.ViewUnclaimed})
		if err != nil || n != 1 || !un[0].Overdue {
			t.Errorf("unclaimed: %d %+v %v", n, un, err)
		}
		od, n, err := f.svc.Wishes(f.ctx, f.pa, service.WishFilter{View: service.ViewOverdue})
		if err != nil || n != 2 || !od[0].Overdue {
			t.Errorf("overdue in town A: %d %v", n, err)
		}
		tally, err := f.svc.Tally(f.ctx, f.staff)
		if err != nil || tally.Submitted != 4 || tally.Claimed != 3 || tally.Overdue != 4 {
			t.Errorf("tally: %+v %v", tally, err)
		}
	})
}
