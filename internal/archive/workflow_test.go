package archive_test

import (
	"strconv"
	"strings"
	"testing"

	"troika/internal/archive"
	"troika/internal/fault"
	"troika/internal/indicator"
	"troika/internal/personal"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestWorkflow(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.receive(t, f.staff, f.brA, "2022-03-01")
		if a.Status != archive.StatusReceived || a.IDMask != personal.MaskID(idNumber(1)) || len(a.Materials) != 2 || a.Gender == "" {
			t.Fatalf("received: %+v", a)
		}
		steps := []struct {
			run  func() (archive.Archive, error)
			want archive.Status
		}{
			{func() (archive.Archive, error) {
				return f.svc.File(f.ctx, f.staff, a.ID, archive.FileInput{ShelfNo: "A-01-01", FiledOn: "2022-03-02"})
			}, archive.StatusFiled},
			{func() (archive.Archive, error) {
				return f.svc.Lend(f.ctx, f.staff, a.ID, archive.LendInput{Borrower: "朴成浩", BorrowerUnit: "市委组织部", Purpose: "干部考察", LentOn: "2022-04-01", DueOn: "2022-04-15"})
			}, archive.StatusLent},
			{func() (archive.Archive, error) {
				return f.svc.Return(f.ctx, f.staff, a.ID, archive.ReturnInput{ReturnedOn: "2022-04-20"})
			}, archive.StatusReturned},
			{func() (archive.Archive, error) {
				return f.svc.Lend(f.ctx, f.staff, a.ID, archive.LendInput{Borrower: "李春梅", Purpose: "查阅入党材料", LentOn: "2022-05-01", DueOn: "2022-05-10"})
			}, archive.StatusLent},
			{func() (archive.Archive, error) {
				return f.svc.Return(f.ctx, f.staff, a.ID, archive.ReturnInput{ReturnedOn: "2022-05-08"})
			}, archive.StatusReturned},
			{func() (archive.Archive, error) {
				return f.svc.Transfer(f.ctx, f.staff, a.ID, archive.TransferInput{TransferredOn: "2022-06-01", TransferredTo: "龙井市委组织部", ReceiptNo: "HZ-2022-031"})
			}, archive.StatusTransferred},
		}
		for i, s := range steps {
			got, err := s.run()
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			if got.Status != s.want {
				t.Fatalf("step %d: status %s, want %s", i, got.Status, s.want)
			}
			if s.want == archive.StatusLent && (got.Loan == nil || got.Loan.Borrower == "") {
				t.Fatalf("step %d: lent without its loan: %+v", i, got)
			}
			if s.want != archive.StatusLent && got.Loan != nil {
				t.Fatalf("step %d: open loan left: %+v", i, got.Loan)
			}
		}
		evs, loans, err := f.svc.History(f.ctx, f.staff, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, e := range evs {
			acts = append(acts, string(e.Action))
			if e.Actor != "档案员" || e.At.IsZero() {
				t.Errorf("event %s without who/when: %+v", e.Action, e)
			}
		}
		if got := strings.Join(acts, ","); got != "receive,file,lend,return,lend,return,transfer" {
			t.Errorf("history %s", got)
		}
		if len(loans) != 2 || loans[0].ReturnedOn != "2022-04-20" || loans[1].ReturnedOn != "2022-05-08" {
			t.Errorf("loans %+v", loans)
		}
		if !strings.Contains(evs[3].Detail, "逾期归还") || strings.Contains(evs[5].Detail, "逾期") {
			t.Errorf("late return not noted: %q / %q", evs[3].Detail, evs[5].Detail)
		}
		// Every step is audited.
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'archive' AND object_id = ?`, strconv.FormatInt(a.ID, 10)); n != 7 {
			t.Errorf("audit entries %d, want 7", n)
		}
		// Transferred: the person may be received again, the old one is closed.
		if _, err := f.svc.Create(f.ctx, f.staff, archive.Input{OrgID: f.brA.ID, Name: a.Name, IDNumber: idNumber(1), ReceivedOn: "2022-06-10",
			ReceivedFrom: "龙井市委组织部", Materials: []archive.Material{{Name: "入党志愿书", Copies: 1}}}); err != nil {
			t.Errorf("receive again after transfer: %v", err)
		}
		if _, err := f.svc.Update(f.ctx, f.staff, a.ID, archive.Input{OrgID: f.brA.ID, Name: "改名", IDNumber: idNumber(1), ReceivedOn: "2022-03-01",
			ReceivedFrom: "x", Materials: []archive.Material{{Name: "x", Copies: 1}}}); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("edit after transfer: %v", err)
		}
	})
}

// stateOf is what must not change when a step is refused.
func stateOf(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	var status, shelf string
	if err := db.QueryRowContext(t.Context(), `SELECT status, shelf_no FROM archives WHERE id = ?`, id).Scan(&status, &shelf); err != nil {
		t.Fatal(err)
	}
	return status + "|" + shelf + "|" +
		string(rune('0'+count(t, db, `SELECT COUNT(*) FROM archive_loans WHERE archive_id = ?`, id))) + "|" +
		string(rune('0'+count(t, db, `SELECT COUNT(*) FROM archive_events WHERE archive_id = ?`, id)))
}

func TestIllegalStepsRefused(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.receive(t, f.staff, f.brA, "2022-03-01")
		audits := count(t, db, `SELECT COUNT(*) FROM audit_log`)
		refuse := func(name string, err error, code fault.Code, msg string) {
			t.Helper()
			if fault.CodeOf(err) != code {
				t.Errorf("%s: %v, want %s", name, err, code)
				return
			}
			if !strings.Contains(err.Error(), msg) {
				t.Errorf("%s: message %q lacks %q", name, err.Error(), msg)
			}
		}
		before := stateOf(t, db, a.ID)
		_, err := f.svc.Return(f.ctx, f.staff, a.ID, archive.ReturnInput{ReturnedOn: "2022-04-01"})
		refuse("return a received archive", err, fault.Conflict, "档案当前为“已接收”，不能归还")
		_, err = f.svc.Lend(f.ctx, f.staff, a.ID, archive.LendInput{Borrower: "甲", Purpose: "查阅", LentOn: "2022-04-01", DueOn: "2022-04-10"})
		refuse("lend before filing", err, fault.Conflict, "不能借出")
		_, err = f.svc.File(f.ctx, f.staff, a.ID, archive.FileInput{ShelfNo: "A-1", FiledOn: "2022-02-01"})
		refuse("file before receipt", err, fault.Invalid, "不能早于接收日期（2022-03-01）")
		_, err = f.svc.File(f.ctx, f.staff, a.ID, archive.FileInput{ShelfNo: "", FiledOn: "2022-07-01"})
		if fs := fieldsOf(err); fs["shelf_no"] == "" || fs["filed_on"] != "不能晚于今天" {
			t.Errorf("file with no shelf, future date: %v", err)
		}
		if got := stateOf(t, db, a.ID); got != before {
			t.Fatalf("refused steps changed the archive: %s → %s", before, got)
		}
		if _, err := f.svc.File(f.ctx, f.staff, a.ID, archive.FileInput{ShelfNo: "A-1", FiledOn: "2022-03-05"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.File(f.ctx, f.staff, a.ID, archive.FileInput{ShelfNo: "A-2", FiledOn: "2022-03-06"})
		refuse("file twice", err, fault.Conflict, "档案当前为“已归档”，不能归档")
		// Another archive may not take the same shelf.
		b := f.receive(t, f.staff, f.brA, "2022-03-02")
		_, err = f.svc.File(f.ctx, f.staff, b.ID, archive.FileInput{ShelfNo: "A-1", FiledOn: "2022-03-05"})
		if fieldsOf(err)["shelf_no"] != "该架位已放有其他档案" {
			t.Errorf("shared shelf: %v", err)
		}
		before = stateOf(t, db, a.ID)
		_, err = f.svc.Lend(f.ctx, f.staff, a.ID, archive.LendInput{Borrower: "甲", Purpose: "查阅", LentOn: "2022-04-10", DueOn: "2022-04-10"})
		if fieldsOf(err)["due_on"] != "应晚于借出日期" {
			t.Errorf("due on the lending day: %v", err)
		}
		_, err = f.svc.Lend(f.ctx, f.staff, a.ID, archive.LendInput{Borrower: "甲", Purpose: "查阅", LentOn: "2022-03-01", DueOn: "2022-04-10"})
		if fieldsOf(err)["lent_on"] != "不能早于归档日期（2022-03-05）" {
			t.Errorf("lent before filing: %v", err)
		}
		_, err = f.svc.Lend(f.ctx, f.staff, a.ID, archive.LendInput{LentOn: "2022-04-01", DueOn: "2022-04-10"})
		if fs := fieldsOf(err); fs["borrower"] != "不能为空" || fs["purpose"] != "不能为空" {
			t.Errorf("lend without borrower and purpose: %v", err)
		}
		if got := stateOf(t, db, a.ID); got != before {
			t.Fatalf("refused lend changed the archive: %s → %s", before, got)
		}
		if _, err := f.svc.Lend(f.ctx, f.staff, a.ID, archive.LendInput{Borrower: "甲", Purpose: "查阅", LentOn: "2022-04-01", DueOn: "2022-04-10"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Transfer(f.ctx, f.staff, a.ID, archive.TransferInput{TransferredOn: "2022-05-01", TransferredTo: "某地", ReceiptNo: "1"})
		refuse("transfer while lent", err, fault.Conflict, "档案借出中，须先归还才能转出")
		_, err = f.svc.Lend(f.ctx, f.staff, a.ID, archive.LendInput{Borrower: "乙", Purpose: "查阅", LentOn: "2022-04-02", DueOn: "2022-04-10"})
		refuse("lend twice", err, fault.Conflict, "档案当前为“借出”，不能借出")
		_, err = f.svc.Return(f.ctx, f.staff, a.ID, archive.ReturnInput{ReturnedOn: "2022-03-20"})
		if fieldsOf(err)["returned_on"] != "不能早于借出日期（2022-04-01）" {
			t.Errorf("return before lending: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM archive_loans WHERE archive_id = ? AND returned_on = ''`, a.ID); n != 1 {
			t.Errorf("open loans %d", n)
		}
		// Only the successful steps (file, receive b, lend) were audited.
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log`) - audits; n != 3 {
			t.Errorf("audit entries for refused steps: %d new, want 3", n)
		}
	})
}

func TestReceiveValidation(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		bad := idNumber(7)
		bad = bad[:17] + map[bool]string{true: "0", false: "1"}[bad[17] != '0']
		_, err := f.svc.Create(f.ctx, f.staff, archive.Input{OrgID: f.brA.ID, Name: " ", IDNumber: bad, ReceivedOn: "2022-13-01",
			Materials: []archive.Material{{Name: "", Copies: 2}}})
		fs := fieldsOf(err)
		for field, want := range map[string]string{"name": "不能为空", "id_number": "身份证号校验码不正确，请核对", "received_on": "日期格式应为 YYYY-MM-DD",
			"received_from": "不能为空", "materials": "请填写材料名称"} {
			if fs[field] != want {
				t.Errorf("%s: %q, want %q (all: %v)", field, fs[field], want, fs)
			}
		}
		_, err = f.svc.Create(f.ctx, f.staff, archive.Input{OrgID: f.brA.ID, Name: "金", IDNumber: idNumber(8), ReceivedOn: "2022-03-01", ReceivedFrom: "x"})
		if fieldsOf(err)["materials"] != "至少登记一种材料" {
			t.Errorf("no materials: %v", err)
		}
		// Outside the scope the organization does not exist.
		_, err = f.svc.Create(f.ctx, f.pa, archive.Input{OrgID: f.brB.ID, Name: "金", IDNumber: idNumber(8), ReceivedOn: "2022-03-01", ReceivedFrom: "x",
			Materials: []archive.Material{{Name: "入党志愿书", Copies: 1}}})
		if fieldsOf(err)["org_id"] != "不存在或不在您的管辖范围内" {
			t.Errorf("organization outside scope: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM archives`) + count(t, db, `SELECT COUNT(*) FROM archive_materials`); n != 0 {
			t.Fatalf("refused input wrote %d rows", n)
		}
		// One archive per person while held — whoever holds it.
		a := f.receive(t, f.staff, f.brA, "2022-03-01")
		_, err = f.svc.Create(f.ctx, f.pb, archive.Input{OrgID: f.brB.ID, Name: "另一人", IDNumber: idNumber(1), ReceivedOn: "2022-04-01",
			ReceivedFrom: "x", Materials: []archive.Material{{Name: "入党志愿书", Copies: 1}}})
		if fieldsOf(err)["id_number"] != "该党员的档案已在档案中心保管，不能重复接收" {
			t.Errorf("second archive of one person: %v", err)
		}
		// An edit keeps the number when it is left out, and rechecks it when given.
		up, err := f.svc.Update(f.ctx, f.staff, a.ID, archive.Input{OrgID: f.brA.ID, Name: "金顺姬", IDNumber: idNumber(1), ReceivedOn: "2022-03-01",
			ReceivedFrom: "明东村党支部", Materials: []archive.Material{{Name: "入党申请书", Copies: 3}}})
		if err != nil || up.Name != "金顺姬" || len(up.Materials) != 1 || up.Materials[0].Copies != 3 {
			t.Fatalf("update: %+v %v", up, err)
		}
	})
}

func TestMemberLink(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		num := idNumber(42)
		var mid int64
		if err := db.QueryRowContext(f.ctx, `INSERT INTO members (org_id, name, name_key, gender, ethnicity, birth_date, id_enc, id_hash, id_mask,
			joined_on, category, status, entered_on, created_at, updated_at, org_path)
			VALUES (?, '朴顺姬', '', 'female', 'korean', '1972-07-15', ?, ?, ?, '1998-07-01', 'full', 'active', '1998-07-01', 0, 0,
			(SELECT path FROM orgs WHERE id = ?)) RETURNING id`,
			f.brA.ID, f.svc.Keys.Seal(num), f.svc.Keys.Hash("id", num), personal.MaskID(num), f.brA.ID).Scan(&mid); err != nil {
			t.Fatal(err)
		}
		// Typed by number: linked to the roster, organization taken from it.
		a, err := f.svc.Create(f.ctx, f.staff, archive.Input{Name: "朴顺姬", IDNumber: num, ReceivedOn: "2022-03-01", ReceivedFrom: "明东村党支部",
			Materials: []archive.Material{{Name: "入党志愿书", Copies: 1}}})
		if err == nil || fieldsOf(err)["org_id"] == "" {
			// org_id is required when the person is typed in.
			t.Fatalf("typed person without organization: %+v %v", a, err)
		}
		a, err = f.svc.Create(f.ctx, f.staff, archive.Input{OrgID: f.brA.ID, Name: "朴顺姬", IDNumber: num, ReceivedOn: "2022-03-01", ReceivedFrom: "明东村党支部",
			Materials: []archive.Material{{Name: "入党志愿书", Copies: 1}}})
		if err != nil || a.MemberID != mid {
			t.Fatalf("link by number: %+v %v", a, err)
		}
		if _, err := f.svc.Transfer(f.ctx, f.staff, a.ID, archive.TransferInput{TransferredOn: "2022-04-01", TransferredTo: "某地", ReceiptNo: "1"}); err != nil {
			t.Fatal(err)
		}
		// By member id: name and number from the roster.
		b, err := f.svc.Create(f.ctx, f.staff, archive.Input{MemberID: mid, ReceivedOn: "2022-05-01", ReceivedFrom: "某地",
			Materials: []archive.Material{{Name: "入党志愿书", Copies: 1}}})
		if err != nil || b.MemberID != mid || b.Name != "朴顺姬" || b.OrgID != f.brA.ID || b.IDMask != personal.MaskID(num) {
			t.Fatalf("by member id: %+v %v", b, err)
		}
		// Township B cannot pick township A's member.
		_, err = f.svc.Create(f.ctx, f.pb, archive.Input{MemberID: mid, ReceivedOn: "2022-05-01", ReceivedFrom: "x",
			Materials: []archive.Material{{Name: "入党志愿书", Copies: 1}}})
		if fieldsOf(err)["member_id"] != "不存在或不在您的管辖范围内" {
			t.Errorf("member outside scope: %v", err)
		}
		n, err := f.svc.Reveal(f.ctx, f.staff, b.ID)
		if err != nil || n != num {
			t.Errorf("reveal: %q %v", n, err)
		}
	})
}

func TestScopeAndOverdue(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.receive(t, f.staff, f.brA, "2022-01-10")
		b := f.receive(t, f.staff, f.brB, "2022-01-11")
		for _, x := range []archive.Archive{a, b} {
			if _, err := f.svc.File(f.ctx, f.staff, x.ID, archive.FileInput{ShelfNo: "S" + x.Name, FiledOn: "2022-01-12"}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.Lend(f.ctx, f.staff, x.ID, archive.LendInput{Borrower: "甲", Purpose: "查阅", LentOn: "2022-05-01", DueOn: "2022-06-01"}); err != nil {
				t.Fatal(err)
			}
		}
		items, total, err := f.svc.Overdue(f.ctx, f.pa, archive.Filter{Limit: 20})
		if err != nil || total != 1 || items[0].ID != a.ID || items[0].Loan.DaysOverdue != 14 {
			t.Fatalf("township A overdue: %d %+v %v", total, items, err)
		}
		items, total, _ = f.svc.List(f.ctx, f.pb, archive.Filter{Limit: 20})
		if total != 1 || items[0].ID != b.ID {
			t.Errorf("township B list: %+v", items)
		}
		if _, err := f.svc.Get(f.ctx, f.pb, a.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("township B reads A's archive: %v", err)
		}
		if _, err := f.svc.Return(f.ctx, f.pb, a.ID, archive.ReturnInput{ReturnedOn: "2022-06-02"}); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("township B returns A's archive: %v", err)
		}
		if _, _, err := f.svc.History(f.ctx, f.pb, a.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("township B reads A's history: %v", err)
		}
		c, err := f.svc.Tally(f.ctx, f.staff)
		if err != nil || c.Held != 2 || c.Lent != 2 || c.Overdue != 2 {
			t.Errorf("tally %+v %v", c, err)
		}
	})
}

// The figures count what a clerk would count by hand.
func TestFigures(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cityScope := indicator.Scope{OrgID: f.city.ID, Path: f.city.Path, Name: f.city.Name}
		townA := indicator.Scope{OrgID: f.townA.ID, Path: f.townA.Path, Name: f.townA.Name}
		y2022 := indicator.Year(2022)
		v, err := indicator.Compute(f.ctx, db, "archive.received", cityScope, y2022)
		if err != nil || !v.NoData {
			t.Fatalf("empty ledger: %+v %v", v, err)
		}
		// 2021: 2 in A; 2022: 5 in A, 3 in B; one of A's 2022 archives lent, one transferred.
		var a2022 []archive.Archive
		for _, d := range []string{"2021-11-02", "2021-12-30"} {
			f.receive(t, f.staff, f.brA, d)
		}
		for _, d := range []string{"2022-01-01", "2022-03-15", "2022-05-20", "2022-06-01", "2022-06-15"} {
			a2022 = append(a2022, f.receive(t, f.staff, f.brA, d))
		}
		for _, d := range []string{"2022-02-01", "2022-04-01", "2022-06-10"} {
			f.receive(t, f.staff, f.brB, d)
		}
		if _, err := f.svc.File(f.ctx, f.staff, a2022[0].ID, archive.FileInput{ShelfNo: "A1", FiledOn: "2022-01-02"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Lend(f.ctx, f.staff, a2022[0].ID, archive.LendInput{Borrower: "甲", Purpose: "查阅", LentOn: "2022-02-01", DueOn: "2022-02-10"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Transfer(f.ctx, f.staff, a2022[1].ID, archive.TransferInput{TransferredOn: "2022-04-01", TransferredTo: "某地", ReceiptNo: "1"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			key    string
			s      indicator.Scope
			p      indicator.Period
			want   int64
			noData bool
		}{
			{"archive.received", cityScope, y2022, 8, false},
			{"archive.received", townA, y2022, 5, false},
			{"archive.received", cityScope, indicator.Year(2021), 2, false},
			{"archive.received", cityScope, indicator.Quarter(2022, 2), 5, false},
			{"archive.received", cityScope, indicator.Year(2020), 0, false},
			{"archive.lent", cityScope, y2022, 1, false},
			{"archive.transferred", townA, y2022, 1, false},
			{"archive.transferred", indicator.Scope{OrgID: f.townB.ID, Path: f.townB.Path}, y2022, 0, false},
		} {
			v, err := indicator.Compute(f.ctx, db, c.key, c.s, c.p)
			if err != nil || v.N != c.want || v.NoData != c.noData {
				t.Errorf("%s %s %s: %+v %v, want %d", c.key, c.s.Name, c.p.Spec, v, err, c.want)
			}
		}
		ind, _ := indicator.Get("archive.received")
		recs, err := ind.Records(f.ctx, db, townA, y2022, 50, 0)
		if err != nil || recs.Total != 5 || len(recs.Rows) != 5 {
			t.Fatalf("records: %+v %v", recs, err)
		}
		for _, r := range recs.Rows {
			if !strings.Contains(r[1], "**********") {
				t.Errorf("drill-down shows an unmasked number: %v", r)
			}
		}
	})
}
