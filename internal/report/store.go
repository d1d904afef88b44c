package report

import (
	"context"
	_ "embed"
	"encoding/json"
	"strings"
	"time"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/store"
)

// AnnualName is the name of the annual summary's template.
const AnnualName = "annual"

//go:embed default_template.txt
var defaultTemplate string

// DefaultTemplate is the seed's own text with every figure a placeholder.
func DefaultTemplate() string { return defaultTemplate }

// Template is one version of a report template.
type Template struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Version   int       `json:"version"`
	Body      string    `json:"body"`
	Note      string    `json:"note"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Service keeps templates and produces reports.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// NewService returns a report service on db.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}

const tplCols = `id, name, version, body, note, created_by, created_at`

func scanTemplate(sc interface{ Scan(...any) error }) (Template, error) {
	var t Template
	var at int64
	err := sc.Scan(&t.ID, &t.Name, &t.Version, &t.Body, &t.Note, &t.CreatedBy, &at)
	t.CreatedAt = store.Time(at)
	return t, err
}

// Current returns the newest version of the named template, creating the
// shipped default as version 1 the first time.
func (s *Service) Current(ctx context.Context, name string) (Template, error) {
	t, err := scanTemplate(s.DB.QueryRowContext(ctx, `SELECT `+tplCols+` FROM report_templates WHERE name = ? ORDER BY version DESC LIMIT 1`, name))
	if !store.IsNoRows(err) || name != AnnualName {
		return t, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO report_templates (name, version, body, note, created_by, created_at)
			VALUES (?, 1, ?, ?, 'system', ?) ON CONFLICT (name, version) DO NOTHING`,
			name, defaultTemplate, i18n.T("report.default_note"), store.Millis(s.Now()))
		return err
	})
	if err != nil {
		return t, err
	}
	return scanTemplate(s.DB.QueryRowContext(ctx, `SELECT `+tplCols+` FROM report_templates WHERE name = ? ORDER BY version DESC LIMIT 1`, name))
}

// Version returns one stored version.
func (s *Service) Version(ctx context.Context, id int64) (Template, error) {
	t, err := scanTemplate(s.DB.QueryRowContext(ctx, `SELECT `+tplCols+` FROM report_templates WHERE id = ?`, id))
	if store.IsNoRows(err) {
		return t, fault.New(fault.NotFound, "%s", i18n.T("report.template_not_found"))
	}
	return t, err
}

// Versions lists the versions of a template, newest first.
func (s *Service) Versions(ctx context.Context, name string) ([]Template, error) {
	if _, err := s.Current(ctx, name); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+tplCols+` FROM report_templates WHERE name = ? ORDER BY version DESC`, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SaveVersion stores an edited template as the next version.
func (s *Service) SaveVersion(ctx context.Context, p *access.Principal, name, body, note string) (Template, error) {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	if err := Validate(body); err != nil {
		return Template{}, err
	}
	if len([]rune(note)) > 200 {
		var v fault.Fields
		v.Add("note", i18n.T("report.field.note"), i18n.T("field.max_len", 200))
		return Template{}, v.Err()
	}
	cur, err := s.Current(ctx, name)
	if err != nil {
		return Template{}, err
	}
	var t Template
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var next int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM report_templates WHERE name = ?`, name).Scan(&next); err != nil {
			return err
		}
		t = Template{Name: name, Version: next, Body: body, Note: strings.TrimSpace(note), CreatedBy: p.Username, CreatedAt: s.Now()}
		if err := tx.QueryRowContext(ctx, `INSERT INTO report_templates (name, version, body, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			t.Name, t.Version, t.Body, t.Note, t.CreatedBy, store.Millis(t.CreatedAt)).Scan(&t.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "report.template", ObjectType: "report_template", ObjectID: t.ID,
			Detail: map[string]any{"name": name, "version": [2]int{cur.Version, t.Version}, "note": t.Note}})
	})
	return t, err
}

// RunRecord is a generated report's record.
type RunRecord struct {
	ID          int64     `json:"id"`
	TemplateID  int64     `json:"template_id"`
	Version     int       `json:"template_version"`
	OrgID       int64     `json:"org_id"`
	OrgName     string    `json:"org_name"`
	Period      string    `json:"period"`
	Format      string    `json:"format"`
	GeneratedAt time.Time `json:"generated_at"`
}

// recordRun notes that doc was produced, with the figures as printed.
func (s *Service) recordRun(ctx context.Context, p *access.Principal, doc *Document, format string) error {
	figs := map[string]string{}
	for _, f := range doc.Figures {
		figs[f.Key+"|"+f.Format] = f.Text
	}
	b, err := json.Marshal(figs)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO report_runs (template_id, org_id, period, format, user_id, generated_at, figures)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, doc.Template.ID, doc.Scope.OrgID, doc.Period.Spec, format, p.UserID,
			store.Millis(doc.GeneratedAt), string(b)).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "export", ObjectType: "report", ObjectID: id,
			Detail: map[string]any{"org_id": doc.Scope.OrgID, "period": doc.Period.Spec, "format": format, "template_version": doc.Template.Version}})
	})
}

// Runs lists the reports generated in the principal's scope, newest first.
func (s *Service) Runs(ctx context.Context, p *access.Principal, limit int) ([]RunRecord, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT r.id, r.template_id, t.version, r.org_id, o.name, r.period, r.format, r.generated_at
		FROM report_runs r JOIN orgs o ON o.id = r.org_id JOIN report_templates t ON t.id = r.template_id
		WHERE o.path LIKE ? ORDER BY r.id DESC LIMIT ?`, p.ScopeLike(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RunRecord
	for rows.Next() {
		var r RunRecord
		var at int64
		if err := rows.Scan(&r.ID, &r.TemplateID, &r.Version, &r.OrgID, &r.OrgName, &r.Period, &r.Format, &at); err != nil {
			return nil, err
		}
		r.GeneratedAt = store.Time(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
