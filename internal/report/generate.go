package report

import (
	"bytes"
	"context"

	"troika/internal/access"
	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/indicator"
)

// Formats a report can be written in.
var Formats = []string{"html", "docx", "xlsx"}

// Annual renders the annual summary for the principal's organization orgID
// (0: their own) and period with the current template.
func (s *Service) Annual(ctx context.Context, p *access.Principal, orgID int64, period indicator.Period) (*Document, error) {
	scope, err := indicator.ScopeOf(ctx, s.DB, p, orgID)
	if err != nil {
		return nil, err
	}
	tpl, err := s.Current(ctx, AnnualName)
	if err != nil {
		return nil, err
	}
	return Render(ctx, s.DB, tpl, scope, period, s.Now())
}

// Export renders the annual summary in format and records the run.
func (s *Service) Export(ctx context.Context, p *access.Principal, orgID int64, period indicator.Period, format string) (*Document, []byte, error) {
	doc, err := s.Annual(ctx, p, orgID, period)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	switch format {
	case "docx":
		err = WriteDOCX(&buf, doc)
	case "xlsx":
		err = WriteXLSX(&buf, doc)
	case "html":
		err = WriteHTML(&buf, doc)
	default:
		var v fault.Fields
		v.Add("format", i18n.T("report.field.format"), i18n.T("field.choose"))
		return nil, nil, v.Err()
	}
	if err != nil {
		return nil, nil, err
	}
	if err := s.recordRun(ctx, p, doc, format); err != nil {
		return nil, nil, err
	}
	return doc, buf.Bytes(), nil
}
