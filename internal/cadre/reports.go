package cadre

import (
	"context"
	crand "crypto/rand"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/personal"
	"troika/internal/store"
)

// A 12380 report (举报) about a cadre. The reporter's identity is sealed:
// it never appears in a Report, so no list, export, search result, API
// answer or audit entry can carry it; Reporter reads it, for the
// supervision role only, as an audited action of its own.
type Report struct {
	ID          int64     `json:"id"`
	OrgID       int64     `json:"org_id"`
	OrgName     string    `json:"org_name"`
	Code        string    `json:"code"`
	Channel     string    `json:"channel"`
	ReceivedAt  time.Time `json:"received_at"`
	SubjectName string    `json:"subject_name"`
	SubjectUnit string    `json:"subject_unit"`
	Category    string    `json:"category"`
	Content     string    `json:"content"`
	Anonymous   bool      `json:"anonymous"`
	Status      string    `json:"status"`
	Assignee    string    `json:"assignee"`
	DueOn       string    `json:"due_on"`
	Conclusion  string    `json:"conclusion"`
	ConcludedOn string    `json:"concluded_on"`
	Reply       string    `json:"reply"`
	RepliedOn   string    `json:"replied_on"`
	Overdue     bool      `json:"overdue"`
}

// Reporter is who made a report, when they gave their name.
type Reporter struct {
	Name     string `json:"name"`
	Phone    string `json:"phone"`
	IDNumber string `json:"id_number"`
}

// Channels, categories and statuses of reports.
var (
	Channels         = []string{"phone", "letter", "visit", "web"}
	ReportCategories = []string{"selection", "discipline", "conduct", "other"}
	ReportStatuses   = []string{"received", "assigned", "investigating", "concluded", "replied"}
)

// ChannelLabel, CategoryLabel and StatusLabel name them in Chinese.
func (r Report) ChannelLabel() string  { return i18n.T("cadre.report.channel." + r.Channel) }
func (r Report) CategoryLabel() string { return i18n.T("cadre.report.category." + r.Category) }
func (r Report) StatusLabel() string   { return i18n.T("cadre.report.status." + r.Status) }

// Open reports whether the case still awaits its conclusion.
func (r Report) Open() bool { return r.Status != "concluded" && r.Status != "replied" }

// ReportInput is an intake.
type ReportInput struct {
	OrgID         int64  `json:"org_id"`
	Channel       string `json:"channel"`
	SubjectName   string `json:"subject_name"`
	SubjectUnit   string `json:"subject_unit"`
	Category      string `json:"category"`
	Content       string `json:"content"`
	ReporterName  string `json:"reporter_name"`
	ReporterPhone string `json:"reporter_phone"`
	ReporterID    string `json:"reporter_id_number"`
}

// DueDays is how long a case may run before it is overdue.
const DueDays = 60

const reportCols = `x.id, x.org_id, o.name, x.code, x.channel, x.received_at, x.subject_name, x.subject_unit, x.category, x.content,
	x.anonymous, x.status, x.assignee, x.due_on, x.conclusion, x.concluded_on, x.reply, x.replied_on`

func scanReport(sc interface{ Scan(...any) error }, today string) (Report, error) {
	var r Report
	var at int64
	err := sc.Scan(&r.ID, &r.OrgID, &r.OrgName, &r.Code, &r.Channel, &at, &r.SubjectName, &r.SubjectUnit, &r.Category, &r.Content,
		&r.Anonymous, &r.Status, &r.Assignee, &r.DueOn, &r.Conclusion, &r.ConcludedOn, &r.Reply, &r.RepliedOn)
	r.ReceivedAt = store.Time(at)
	r.Overdue = r.Open() && r.DueOn < today
	return r, err
}

// codeAlphabet leaves out letters and digits that read alike (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

func trackingCode() string {
	b := make([]byte, 12)
	if _, err := crand.Read(b); err != nil {
		panic(err)
	}
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = codeAlphabet[int(c)%len(codeAlphabet)]
	}
	return string(out)
}

func (s *Service) checkReport(in *ReportInput, v *fault.Fields) string {
	in.SubjectName, in.SubjectUnit = strings.TrimSpace(in.SubjectName), strings.TrimSpace(in.SubjectUnit)
	in.Content = strings.TrimSpace(in.Content)
	in.ReporterName, in.ReporterPhone = strings.TrimSpace(in.ReporterName), strings.TrimSpace(in.ReporterPhone)
	in.ReporterID = strings.ToUpper(strings.TrimSpace(in.ReporterID))
	lbl := func(k string) string { return i18n.T("cadre.report.f." + k) }
	if !contains(Channels, in.Channel) {
		v.Add("channel", lbl("channel"), i18n.T("field.unknown_value"))
	}
	if in.SubjectName == "" || utf8.RuneCountInString(in.SubjectName) > 30 {
		v.Add("subject_name", lbl("subject_name"), i18n.T("field.required_max", 30))
	}
	if utf8.RuneCountInString(in.SubjectUnit) > 100 {
		v.Add("subject_unit", lbl("subject_unit"), i18n.T("field.max_len", 100))
	}
	if !contains(ReportCategories, in.Category) {
		v.Add("category", lbl("category"), i18n.T("field.choose"))
	}
	if n := utf8.RuneCountInString(in.Content); n < 10 || n > 3000 {
		v.Add("content", lbl("content"), i18n.T("cadre.report.content_len", 10, 3000))
	}
	if utf8.RuneCountInString(in.ReporterName) > 30 {
		v.Add("reporter_name", lbl("reporter_name"), i18n.T("field.max_len", 30))
	}
	if in.ReporterPhone != "" {
		if ph, ok := personal.NormalizePhone(in.ReporterPhone); ok {
			in.ReporterPhone = ph
		} else {
			v.Add("reporter_phone", lbl("reporter_phone"), i18n.T("cadre.report.bad_phone"))
		}
	}
	if in.ReporterID != "" {
		if id, err := idcard.Parse(in.ReporterID, s.Now()); err != nil {
			v.Add("reporter_id_number", lbl("reporter_id_number"), err.Error())
		} else {
			in.ReporterID = id.Number
		}
	}
	if in.ReporterName == "" && in.ReporterPhone == "" && in.ReporterID == "" {
		return ""
	}
	b, _ := json.Marshal(Reporter{Name: in.ReporterName, Phone: in.ReporterPhone, IDNumber: in.ReporterID})
	return s.Keys.Seal(string(b))
}

// rootOrg is the city's top organization, which receives web reports.
func rootOrg(ctx context.Context, q store.Querier) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1`).Scan(&id)
	return id, err
}

// Intake registers a report. p is nil for the public web page (the report
// goes to the city's top organization); staff take phone, letter and visit
// reports for an organization in their scope.
func (s *Service) Intake(ctx context.Context, p *access.Principal, in ReportInput) (Report, error) {
	var v fault.Fields
	if p == nil {
		in.Channel = "web"
	} else if in.Channel == "web" {
		v.Add("channel", i18n.T("cadre.report.f.channel"), i18n.T("cadre.report.web_public"))
	}
	sealed := s.checkReport(&in, &v)
	var out Report
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if p == nil {
			id, err := rootOrg(ctx, tx)
			if err != nil {
				return err
			}
			in.OrgID = id
		} else if in.OrgID == 0 {
			in.OrgID = p.OrgID
		}
		if p != nil {
			if _, ok, err := orgInScope(ctx, tx, p, in.OrgID); err != nil {
				return err
			} else if !ok {
				v.Add("org_id", i18n.T("cadre.f.org_id"), i18n.T("field.not_found"))
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.Now()
		due := now.In(access.Shanghai).AddDate(0, 0, DueDays).Format(day)
		var id int64
		code := trackingCode()
		if err := tx.QueryRowContext(ctx, `INSERT INTO sup_reports (org_id, code, channel, received_at, subject_name, subject_unit,
			category, content, reporter_enc, anonymous, status, due_on, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?) RETURNING id`,
			in.OrgID, code, in.Channel, store.Millis(now), in.SubjectName, in.SubjectUnit, in.Category, in.Content, sealed,
			sealed == "", due, store.Millis(now), store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		if err := s.reportEvent(ctx, tx, id, "received", i18n.T("cadre.report.channel."+in.Channel)); err != nil {
			return err
		}
		var err error
		if out, err = scanReport(tx.QueryRowContext(ctx, `SELECT `+reportCols+` FROM sup_reports x JOIN orgs o ON o.id = x.org_id
			WHERE x.id = ?`, id), s.today()); err != nil {
			return err
		}
		// The audit entry names the case, never the reporter.
		return audit.Record(ctx, tx, audit.Event{Action: "sup_report.create", ObjectType: "sup_report", ObjectID: id,
			Detail: map[string]any{"code": code, "channel": in.Channel, "category": in.Category, "anonymous": sealed == ""}})
	})
	return out, err
}

func (s *Service) reportEvent(ctx context.Context, tx *store.Tx, id int64, kind, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sup_report_events (report_id, kind, detail, actor, at) VALUES (?, ?, ?, ?, ?)`,
		id, kind, detail, audit.ActorFrom(ctx).Name, store.Millis(s.Now()))
	return err
}

// ReportFilter narrows the case list.
type ReportFilter struct {
	Q, Status, Channel string
	Overdue            bool
	Limit, Offset      int
}

func (f ReportFilter) where(p *access.Principal, today string) (string, []any) {
	conds := []string{"o.path LIKE ?"}
	args := []any{p.ScopeLike()}
	if q := strings.NewReplacer("%", "", "_", "").Replace(strings.TrimSpace(f.Q)); q != "" {
		conds = append(conds, "(x.code = ? OR x.subject_name LIKE ? OR x.subject_unit LIKE ?)")
		args = append(args, strings.ToUpper(q), "%"+q+"%", "%"+q+"%")
	}
	if contains(ReportStatuses, f.Status) {
		conds = append(conds, "x.status = ?")
		args = append(args, f.Status)
	}
	if contains(Channels, f.Channel) {
		conds = append(conds, "x.channel = ?")
		args = append(args, f.Channel)
	}
	if f.Overdue {
		conds = append(conds, "x.status IN ('received', 'assigned', 'investigating') AND x.due_on < ?")
		args = append(args, today)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Reports lists cases in scope, newest first.
func (s *Service) Reports(ctx context.Context, p *access.Principal, f ReportFilter) ([]Report, int, error) {
	where, args := f.where(p, s.today())
	from := ` FROM sup_reports x JOIN orgs o ON o.id = x.org_id`
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+from+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	out := []Report{}
	err := s.eachReport(ctx, `SELECT `+reportCols+from+where+` ORDER BY x.received_at DESC, x.id DESC LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset), func(r Report) error {
			out = append(out, r)
			return nil
		})
	return out, total, err
}

func (s *Service) eachReport(ctx context.Context, q string, args []any, fn func(Report) error) error {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	today := s.today()
	for rows.Next() {
		r, err := scanReport(rows, today)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// GetReport reads a case in scope.
func (s *Service) GetReport(ctx context.Context, p *access.Principal, id int64) (Report, error) {
	r, err := scanReport(s.DB.QueryRowContext(ctx, `SELECT `+reportCols+` FROM sup_reports x JOIN orgs o ON o.id = x.org_id
		WHERE x.id = ? AND o.path LIKE ?`, id, p.ScopeLike()), s.today())
	if store.IsNoRows(err) {
		return r, notFound()
	}
	return r, err
}

// ReportEvent is a step of a case.
type ReportEvent struct {
	Kind   string    `json:"kind"`
	Detail string    `json:"detail"`
	Actor  string    `json:"actor"`
	At     time.Time `json:"at"`
}

// KindLabel names the step.
func (e ReportEvent) KindLabel() string { return i18n.T("cadre.report.status." + e.Kind) }

// ReportEvents lists a case's steps (the case must be in scope).
func (s *Service) ReportEvents(ctx context.Context, p *access.Principal, id int64) ([]ReportEvent, error) {
	if _, err := s.GetReport(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT kind, detail, actor, at FROM sup_report_events WHERE report_id = ? ORDER BY at, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ReportEvent{}
	for rows.Next() {
		var e ReportEvent
		var at int64
		if err := rows.Scan(&e.Kind, &e.Detail, &e.Actor, &at); err != nil {
			return nil, err
		}
		e.At = store.Time(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// RevealReporter opens a case's sealed reporter for the supervision role;
// the view is audited with the case id only.
func (s *Service) RevealReporter(ctx context.Context, p *access.Principal, id int64) (Reporter, error) {
	var who Reporter
	if !p.Can(access.PermSupervisionSealed) {
		return who, errForbidden()
	}
	if _, err := s.GetReport(ctx, p, id); err != nil {
		return who, err
	}
	var enc string
	if err := s.DB.QueryRowContext(ctx, `SELECT reporter_enc FROM sup_reports WHERE id = ?`, id).Scan(&enc); err != nil {
		return who, err
	}
	if enc != "" {
		plain, err := s.Keys.Open(enc)
		if err != nil {
			return who, err
		}
		if err := json.Unmarshal([]byte(plain), &who); err != nil {
			return who, err
		}
	}
	return who, audit.Log(ctx, s.DB, audit.Event{Action: "sup_report.reporter_view", ObjectType: "sup_report", ObjectID: id})
}

// StepInput moves a case on: assign (assignee, due_on), investigate,
// conclude (conclusion) or reply (reply).
type StepInput struct {
	Assignee   string `json:"assignee"`
	DueOn      string `json:"due_on"`
	Conclusion string `json:"conclusion"`
	Reply      string `json:"reply"`
}

// steps says from which statuses each step may be taken.
var steps = map[string][]string{
	"assign":      {"received", "assigned"},
	"investigate": {"assigned"},
	"conclude":    {"investigating"},
	"reply":       {"concluded"},
}

// Step moves a case in scope one step on; audited without the reporter.
func (s *Service) Step(ctx context.Context, p *access.Principal, id int64, step string, in StepInput) (Report, error) {
	from, ok := steps[step]
	if !ok {
		return Report{}, notFound()
	}
	var v fault.Fields
	lbl := func(k string) string { return i18n.T("cadre.report.f." + k) }
	in.Assignee, in.Conclusion, in.Reply = strings.TrimSpace(in.Assignee), strings.TrimSpace(in.Conclusion), strings.TrimSpace(in.Reply)
	today := s.today()
	switch step {
	case "assign":
		if in.Assignee == "" || utf8.RuneCountInString(in.Assignee) > 60 {
			v.Add("assignee", lbl("assignee"), i18n.T("field.required_max", 60))
		}
		if in.DueOn != "" {
			if d, err := time.Parse(day, in.DueOn); err != nil || d.Format(day) < today {
				v.Add("due_on", lbl("due_on"), i18n.T("cadre.report.due_past"))
			}
		}
	case "conclude":
		if in.Conclusion == "" || utf8.RuneCountInString(in.Conclusion) > 2000 {
			v.Add("conclusion", lbl("conclusion"), i18n.T("field.required_max", 2000))
		}
	case "reply":
		if in.Reply == "" || utf8.RuneCountInString(in.Reply) > 1000 {
			v.Add("reply", lbl("reply"), i18n.T("field.required_max", 1000))
		}
	}
	if err := v.Err(); err != nil {
		return Report{}, err
	}
	var out Report
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := scanReport(tx.QueryRowContext(ctx, `SELECT `+reportCols+` FROM sup_reports x JOIN orgs o ON o.id = x.org_id
			WHERE x.id = ? AND o.path LIKE ?`, id, p.ScopeLike()), today)
		if store.IsNoRows(err) {
			return notFound()
		}
		if err != nil {
			return err
		}
		if !contains(from, r.Status) {
			return fault.New(fault.Conflict, "%s", i18n.T("cadre.report.bad_step", r.StatusLabel()))
		}
		now := store.Millis(s.Now())
		var detail string
		switch step {
		case "assign":
			due := r.DueOn
			if in.DueOn != "" {
				due = in.DueOn
			}
			_, err = tx.ExecContext(ctx, `UPDATE sup_reports SET status = 'assigned', assignee = ?, due_on = ?, updated_at = ? WHERE id = ?`,
				in.Assignee, due, now, id)
			detail = in.Assignee + " · " + due
		case "investigate":
			_, err = tx.ExecContext(ctx, `UPDATE sup_reports SET status = 'investigating', updated_at = ? WHERE id = ?`, now, id)
		case "conclude":
			_, err = tx.ExecContext(ctx, `UPDATE sup_reports SET status = 'concluded', conclusion = ?, concluded_on = ?, updated_at = ? WHERE id = ?`,
				in.Conclusion, today, now, id)
		case "reply":
			_, err = tx.ExecContext(ctx, `UPDATE sup_reports SET status = 'replied', reply = ?, replied_on = ?, updated_at = ? WHERE id = ?`,
				in.Reply, today, now, id)
		}
		if err != nil {
			return err
		}
		next := map[string]string{"assign": "assigned", "investigate": "investigating", "conclude": "concluded", "reply": "replied"}[step]
		if err := s.reportEvent(ctx, tx, id, next, detail); err != nil {
			return err
		}
		if out, err = scanReport(tx.QueryRowContext(ctx, `SELECT `+reportCols+` FROM sup_reports x JOIN orgs o ON o.id = x.org_id
			WHERE x.id = ?`, id), today); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "sup_report." + step, ObjectType: "sup_report", ObjectID: id,
			Detail: audit.Changes(r, out)})
	})
	return out, err
}

// PublicStatus is what the reporter sees by tracking code: the status and
// the reply, nothing else.
type PublicStatus struct {
	Code   string `json:"code"`
	Status string `json:"status"`
	Label  string `json:"status_label"`
	Reply  string `json:"reply"`
}

// StatusByCode answers a tracking code.
func (s *Service) StatusByCode(ctx context.Context, code string) (PublicStatus, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	var st PublicStatus
	if len(code) != 12 {
		return st, fault.New(fault.NotFound, "%s", i18n.T("cadre.report.code_unknown"))
	}
	err := s.DB.QueryRowContext(ctx, `SELECT code, status, reply FROM sup_reports WHERE code = ?`, code).Scan(&st.Code, &st.Status, &st.Reply)
	if store.IsNoRows(err) {
		return st, fault.New(fault.NotFound, "%s", i18n.T("cadre.report.code_unknown"))
	}
	if st.Status != "replied" {
		st.Reply = ""
	}
	st.Label = i18n.T("cadre.report.public." + st.Status)
	return st, err
}
