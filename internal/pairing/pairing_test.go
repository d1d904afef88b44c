package pairing_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/idcard"
	"troika/internal/indicator"
	"troika/internal/org"
	"troika/internal/pairing"
	"troika/internal/personal"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

type fixture struct {
	db   *store.DB
	svc  *pairing.Service
	ctx  context.Context
	keys *personal.Keyring
	os   *org.Service
	root org.Org
	p    *access.Principal
}

func (f *fixture) org(t *testing.T, parent org.Org, name, code string, k org.Kind, d org.Domain) org.Org {
	t.Helper()
	o, err := f.os.Create(f.ctx, f.p, org.Input{ParentID: parent.ID, Name: name, Code: code, Kind: k, Domain: d})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func idNumber(n int) string {
	first := fmt.Sprintf("222401%04d%02d%02d%03d", 1970+n%30, 1+n%12, 1+n%28, 200+n)
	return first + string(idcard.CheckDigit(first))
}

// member puts a member on the roster directly: the roster's own rules
// are the member package's business.
func (f *fixture) member(t *testing.T, o org.Org, name string, n int) int64 {
	t.Helper()
	num := idNumber(n)
	var id int64
	if err := f.db.QueryRowContext(f.ctx, `INSERT INTO members (org_id, name, name_key, gender, ethnicity, birth_date, id_enc, id_hash, id_mask,
		joined_on, category, status, entered_on, created_at, updated_at, org_path)
		VALUES (?, ?, '', 'male', 'han', '1980-01-01', ?, ?, ?, '2005-07-01', 'full', 'active', '2005-07-01', 0, 0,
		(SELECT path FROM orgs WHERE id = ?)) RETURNING id`,
		o.ID, name, f.keys.Seal(num), f.keys.Hash("id", num), personal.MaskID(num), o.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	keys, err := personal.NewKeyring([]byte("pairing-test-key-0123456789abcde"))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, ctx: audit.WithActor(context.Background(), audit.Actor{ID: 1, Name: "测试"}), keys: keys, os: org.NewService(db)}
	if f.root, err = f.os.CreateRoot(f.ctx, org.Input{Name: "某市委", Code: "CITY", Kind: org.KindCommittee, Domain: org.DomainMixed}); err != nil {
		t.Fatal(err)
	}
	f.p = &access.Principal{UserID: 1, Role: access.RoleStaff, OrgID: f.root.ID, OrgPath: f.root.Path}
	f.svc = pairing.NewService(db, keys)
	f.svc.Now = func() time.Time { return time.Date(2022, 12, 20, 4, 0, 0, 0, time.UTC) }
	return f
}

func fieldsOf(err error) map[string]string {
	out := map[string]string{}
	if e, ok := fault.As(err); ok {
		for _, fe := range e.Fields {
			out[fe.Field] = fe.Message
		}
	}
	return out
}

func TestPairingsAndFigures(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		city := indicator.Scope{OrgID: f.root.ID, Path: f.root.Path, Name: f.root.Name}
		if v, err := indicator.Compute(f.ctx, db, "pairing.newform_orgs", city, indicator.Year(2022)); err != nil || !v.NoData {
			t.Fatalf("empty ledger: %+v %v", v, err)
		}
		twoNew := f.org(t, f.root, "两新工委", "TN", org.KindWorking, org.DomainPrivate)
		var nf []org.Org
		for i := 1; i <= 5; i++ {
			nf = append(nf, f.org(t, twoNew, fmt.Sprintf("新业态%d支部", i), fmt.Sprintf("NF%d", i), org.KindBranch, org.DomainNewForm))
		}
		priv := f.org(t, twoNew, "某公司支部", "PV1", org.KindBranch, org.DomainPrivate)
		var streets, comms []org.Org
		for i := 1; i <= 4; i++ {
			s := f.org(t, f.root, fmt.Sprintf("街道%d党工委", i), fmt.Sprintf("ST%d", i), org.KindWorking, org.DomainMixed)
			streets = append(streets, s)
			comms = append(comms, f.org(t, s, fmt.Sprintf("街道%d某社区支部", i), fmt.Sprintf("CM%d", i), org.KindBranch, org.DomainCommunity))
		}
		pair := func(o, s org.Org, c int64, on string) (pairing.Pairing, error) {
			return f.svc.CreatePairing(f.ctx, f.p, pairing.PairingInput{OrgID: o.ID, StreetID: s.ID, CommunityID: c, StartedOn: on, Agreement: "共建协议"})
		}
		// 2022: NF1–NF4 with streets 1–3 (NF1 with two streets); a private
		// company with street 4; NF5 with street 4 in 2021.
		for _, x := range []struct {
			o, s org.Org
			on   string
		}{
			{nf[0], streets[0], "2022-03-01"}, {nf[0], streets[1], "2022-04-01"}, {nf[1], streets[1], "2022-05-01"},
			{nf[2], streets[2], "2022-06-01"}, {nf[3], streets[2], "2022-07-01"}, {priv, streets[3], "2022-08-01"}, {nf[4], streets[3], "2021-09-01"},
		} {
			if _, err := pair(x.o, x.s, 0, x.on); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			key  string
			p    indicator.Period
			want int64
		}{
			{"pairing.newform_orgs", indicator.Year(2022), 4}, {"pairing.streets", indicator.Year(2022), 3},
			{"pairing.newform_orgs", indicator.Year(2021), 1}, {"pairing.streets", indicator.Quarter(2022, 2), 2},
		} {
			v, err := indicator.Compute(f.ctx, db, c.key, city, c.p)
			if err != nil || v.N != c.want {
				t.Errorf("%s %s: %+v %v, want %d", c.key, c.p.Spec, v, err, c.want)
			}
		}
		// A street's own scope counts its pairings.
		st2 := indicator.Scope{OrgID: streets[1].ID, Path: streets[1].Path}
		if v, _ := indicator.Compute(f.ctx, db, "pairing.newform_orgs", st2, indicator.Year(2022)); v.N != 2 {
			t.Errorf("street 2's scope: %+v", v)
		}
		// Rules, each with a field-naming message and nothing written.
		before := 0
		_ = db.QueryRowContext(f.ctx, `SELECT COUNT(*) FROM pairings`).Scan(&before)
		_, err := pair(nf[0], streets[0], 0, "2022-10-01")
		if fieldsOf(err)["street_id"] != "该党组织已与这个街道结对" {
			t.Errorf("pair twice: %v", err)
		}
		_, err = pair(nf[0], comms[0], 0, "2022-10-01")
		if fieldsOf(err)["street_id"] != "应选择街道党工委（或党委）" {
			t.Errorf("branch as street: %v", err)
		}
		_, err = pair(nf[4], streets[0], comms[1].ID, "2022-10-01")
		if fieldsOf(err)["community_id"] != "该社区不在所选街道之下" {
			t.Errorf("community of another street: %v", err)
		}
		_, err = f.svc.CreatePairing(f.ctx, f.p, pairing.PairingInput{OrgID: nf[4].ID, StreetID: streets[0].ID, StartedOn: "2022-10-01", EndedOn: "2022-09-01"})
		if fs := fieldsOf(err); fs["ended_on"] != "不能早于结对日期" || fs["agreement"] != "不能为空" {
			t.Errorf("dates and agreement: %v", err)
		}
		after := 0
		_ = db.QueryRowContext(f.ctx, `SELECT COUNT(*) FROM pairings`).Scan(&after)
		if after != before {
			t.Errorf("refused pairings wrote rows: %d → %d", before, after)
		}
		// Activities: not before the pairing began.
		x, _ := pair(nf[4], streets[0], comms[0].ID, "2022-10-01")
		if _, err := f.svc.AddActivity(f.ctx, f.p, x.ID, pairing.Activity{HeldOn: "2022-09-30", Title: "清扫"}); fieldsOf(err)["held_on"] == "" {
			t.Errorf("activity before the pairing: %v", err)
		}
		a, err := f.svc.AddActivity(f.ctx, f.p, x.ID, pairing.Activity{HeldOn: "2022-10-15", Title: "疫情防控志愿服务", Participants: 12})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := f.svc.GetPairing(f.ctx, f.p, x.ID); got.Activities != 1 || got.CommunityName == "" {
			t.Errorf("pairing after activity: %+v", got)
		}
		if err := f.svc.DeleteActivity(f.ctx, f.p, x.ID, a.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestRegistrationsAndFigure(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		street := f.org(t, f.root, "江南街道党工委", "ST", org.KindWorking, org.DomainMixed)
		c1 := f.org(t, street, "春华社区支部", "C1", org.KindBranch, org.DomainCommunity)
		c2 := f.org(t, street, "向阳社区支部", "C2", org.KindBranch, org.DomainCommunity)
		nf := f.org(t, f.root, "美团外卖站点支部", "NF", org.KindBranch, org.DomainNewForm)
		m1, m2, m3 := f.member(t, nf, "金哲洙", 1), f.member(t, nf, "李春花", 2), f.member(t, nf, "王建华", 3)
		reg := func(in pairing.RegistrationInput) (pairing.Registration, error) {
			return f.svc.CreateRegistration(f.ctx, f.p, in)
		}
		// m1 at two communities in 2022 counts once; m3 registered in 2021.
		for _, in := range []pairing.RegistrationInput{
			{MemberID: m1, CommunityID: c1.ID, RegisteredOn: "2022-03-01"},
			{IDNumber: idNumber(1), CommunityID: c2.ID, RegisteredOn: "2022-05-01"},
			{IDNumber: idNumber(2), CommunityID: c1.ID, RegisteredOn: "2022-06-01"},
			{MemberID: m3, CommunityID: c2.ID, RegisteredOn: "2021-11-01"},
		} {
			if _, err := reg(in); err != nil {
				t.Fatalf("%+v: %v", in, err)
			}
		}
		city := indicator.Scope{OrgID: f.root.ID, Path: f.root.Path}
		if v, err := indicator.Compute(f.ctx, db, "pairing.members_registered", city, indicator.Year(2022)); err != nil || v.N != 2 {
			t.Errorf("members registered in 2022: %+v %v", v, err)
		}
		ind, _ := indicator.Get("pairing.members_registered")
		recs, err := ind.Records(f.ctx, db, city, indicator.Year(2022), 50, 0)
		if err != nil || recs.Total != 3 || strings.Contains(fmt.Sprint(recs.Rows), idNumber(1)) {
			t.Errorf("drill-down: %+v %v", recs, err)
		}
		_, err = reg(pairing.RegistrationInput{MemberID: m2, CommunityID: c1.ID, RegisteredOn: "2022-07-01"})
		if fieldsOf(err)["community_id"] != "该党员已在这个社区报到" {
			t.Errorf("register twice: %v", err)
		}
		_, err = reg(pairing.RegistrationInput{IDNumber: idNumber(9), CommunityID: nf.ID, RegisteredOn: "2023-01-01"})
		fs := fieldsOf(err)
		if fs["id_number"] != "党员名册中没有该党员，或不在您的管辖范围内" || fs["community_id"] != "应选择未撤销的社区党组织" || fs["registered_on"] != "不能晚于今天" {
			t.Errorf("bad registration: %v", fs)
		}
		r, _ := reg(pairing.RegistrationInput{MemberID: m2, CommunityID: c2.ID, RegisteredOn: "2022-07-01"})
		if _, err := f.svc.AddParticipation(f.ctx, f.p, r.ID, pairing.ParticipationInput{HeldOn: "2022-07-02", Title: "社区环境整治", Hours: 0}); fieldsOf(err)["hours"] == "" {
			t.Errorf("zero hours: %v", err)
		}
		for _, h := range []float64{2.5, 1.5} {
			if _, err := f.svc.AddParticipation(f.ctx, f.p, r.ID, pairing.ParticipationInput{HeldOn: "2022-07-02", Title: "社区环境整治", Hours: h}); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := f.svc.GetRegistration(f.ctx, f.p, r.ID); got.Hours() != "4" || got.Activities != 2 {
			t.Errorf("hours: %+v %s", got, got.Hours())
		}
	})
}

// Township A never sees township B's pairings or registrations.
func TestScopeOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		staff := &access.Principal{UserID: 1, Role: access.RoleStaff, OrgID: e.City.Root.ID, OrgPath: e.City.Root.Path}
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "t"})
		mk := func(parent org.Org, name, code string, k org.Kind, d org.Domain) org.Org {
			o, err := e.App.Orgs.Create(ctx, staff, org.Input{ParentID: parent.ID, Name: name, Code: code, Kind: k, Domain: d})
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		stA := mk(e.City.TownA, "甲街道党工委", "TAS", org.KindWorking, org.DomainMixed)
		cA := mk(stA, "甲街道春华社区支部", "TASC", org.KindBranch, org.DomainCommunity)
		nfA := mk(e.City.TownA, "甲镇快递站支部", "TANF", org.KindBranch, org.DomainNewForm)
		stB := mk(e.City.TownB, "乙街道党工委", "TBS", org.KindWorking, org.DomainMixed)
		cB := mk(stB, "乙街道向阳社区支部", "TBSC", org.KindBranch, org.DomainCommunity)
		nfB := mk(e.City.TownB, "乙镇外卖站支部", "TBNF", org.KindBranch, org.DomainNewForm)
		ca, cb := e.Login(t, testapp.TownA), e.Login(t, testapp.TownB)
		create := func(c *testapp.Client, path string, body any) int64 {
			t.Helper()
			res := c.API("POST", path, body)
			if res.Status != 201 {
				t.Fatalf("%s: %d %s", path, res.Status, res.Body)
			}
			var out struct{ ID int64 }
			res.JSON(t, &out)
			return out.ID
		}
		create(ca, "/api/v1/pairings", map[string]any{"org_id": nfA.ID, "street_id": stA.ID, "started_on": "2022-03-01", "agreement": "甲方协议"})
		pB := create(cb, "/api/v1/pairings", map[string]any{"org_id": nfB.ID, "street_id": stB.ID, "community_id": cB.ID, "started_on": "2022-03-01", "agreement": "乙方协议"})
		keys := e.App.Keys
		var mA, mB int64
		for _, m := range []struct {
			o    org.Org
			name string
			n    int
			id   *int64
		}{{nfA, "甲镇金哲洙", 31, &mA}, {nfB, "乙镇朴春花", 32, &mB}} {
			num := idNumber(m.n)
			if err := db.QueryRowContext(ctx, `INSERT INTO members (org_id, name, name_key, gender, ethnicity, birth_date, id_enc, id_hash, id_mask,
				joined_on, category, status, entered_on, created_at, updated_at, org_path) VALUES (?, ?, '', 'male', 'korean', '1980-01-01', ?, ?, ?, '2005-07-01', 'full', 'active', '2005-07-01', 0, 0,
				(SELECT path FROM orgs WHERE id = ?)) RETURNING id`,
				m.o.ID, m.name, keys.Seal(num), keys.Hash("id", num), personal.MaskID(num), m.o.ID).Scan(m.id); err != nil {
				t.Fatal(err)
			}
		}
		create(ca, "/api/v1/registrations", map[string]any{"member_id": mA, "community_id": cA.ID, "registered_on": "2022-04-01"})
		rB := create(cb, "/api/v1/registrations", map[string]any{"id_number": idNumber(32), "community_id": cB.ID, "registered_on": "2022-04-01"})
		e.Run(t, []testapp.Scenario{
			{Name: "A pairing page", User: testapp.TownA, Page: true, Path: "/pairings", Status: 200, Want: []string{"甲镇快递站支部"}, WantNot: []string{"乙镇外卖站支部"}},
			{Name: "A pairing API", User: testapp.TownA, Path: "/api/v1/pairings", Status: 200, Want: []string{"甲方协议"}, WantNot: []string{"乙方协议"}},
			{Name: "A guesses B pairing", User: testapp.TownA, Path: fmt.Sprintf("/api/v1/pairings/%d", pB), Status: 404, WantNot: []string{"乙方协议"}},
			{Name: "A guesses B pairing page", User: testapp.TownA, Page: true, Path: fmt.Sprintf("/pairings/%d", pB), Status: 404},
			{Name: "A adds to B pairing", User: testapp.TownA, Method: "POST", Path: fmt.Sprintf("/api/v1/pairings/%d/activities", pB), Body: map[string]any{"held_on": "2022-05-01", "title": "x"}, Status: 404},
			{Name: "A pairs B's org", User: testapp.TownA, Method: "POST", Path: "/api/v1/pairings", Body: map[string]any{"org_id": nfB.ID, "street_id": stA.ID, "started_on": "2022-03-01", "agreement": "x"}, Status: 422, Want: []string{"不存在或不在您的管辖范围内"}},
			{Name: "A registration page", User: testapp.TownA, Page: true, Path: "/registrations", Status: 200, Want: []string{"甲镇金哲洙"}, WantNot: []string{"乙镇朴春花"}},
			{Name: "A registration API", User: testapp.TownA, Path: "/api/v1/registrations", Status: 200, Want: []string{"甲镇金哲洙"}, WantNot: []string{"乙镇朴春花", idNumber(31)}},
			{Name: "A guesses B registration", User: testapp.TownA, Path: fmt.Sprintf("/api/v1/registrations/%d", rB), Status: 404, WantNot: []string{"乙镇朴春花"}},
			{Name: "A guesses B registration page", User: testapp.TownA, Page: true, Path: fmt.Sprintf("/registrations/%d/edit", rB), Status: 404},
			{Name: "A registers B's member by number", User: testapp.TownA, Method: "POST", Path: "/api/v1/registrations", Body: map[string]any{"id_number": idNumber(32), "community_id": cA.ID, "registered_on": "2022-04-01"}, Status: 422, Want: []string{"党员名册中没有该党员"}},
			{Name: "staff sees both", User: testapp.Staff, Path: "/api/v1/registrations", Status: 200, Want: []string{"甲镇金哲洙", "乙镇朴春花"}},
			{Name: "sysadmin reads no registrations", User: testapp.SysAdmin, Path: "/api/v1/registrations", Status: 403},
		})
		for _, path := range []string{"/pairings/export", "/registrations/export"} {
			res := ca.Page(path)
			if res.Status != 200 {
				t.Fatalf("%s: %d", path, res.Status)
			}
			if strings.Contains(res.Body, "乙") && (strings.Contains(res.Body, "乙镇外卖站支部") || strings.Contains(res.Body, "乙镇朴春花")) {
				t.Errorf("%s leaks township B", path)
			}
		}
		// A failed activity form shows the message and keeps the input.
		var pA int64
		_ = db.QueryRowContext(ctx, `SELECT id FROM pairings WHERE org_id = ?`, nfA.ID).Scan(&pA)
		res := ca.Post(fmt.Sprintf("/pairings/%d/activities", pA), url.Values{"held_on": {"2022-02-01"}, "title": {"植树"}, "participants": {"8"}})
		if res.Status != 422 || !strings.Contains(res.Body, "不能早于结对日期（2022-03-01）") || !strings.Contains(res.Body, `value="植树"`) {
			t.Errorf("activity form: %d %.500s", res.Status, res.Body)
		}
	})
}
