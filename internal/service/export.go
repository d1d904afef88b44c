package service

import (
	"net/http"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

// exportBatch is how many rows each query of an export reads.
const exportBatch = 500

func (h *handlers) exportProjects(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f, _, err := projectFilterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "service_project",
		Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	name := i18n.T("service.projects_title")
	sheet := xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("service.field.title"), i18n.T("service.field.org"), i18n.T("service.field.goal"), i18n.T("service.field.owner"),
			i18n.T("service.field.budget"), i18n.T("service.field.established_on"), i18n.T("service.field.planned_end"), i18n.T("common.status"),
			i18n.T("service.field.completed_on"), i18n.T("service.field.evidence")},
		Widths: []float64{30, 30, 40, 10, 12, 12, 12, 8, 12, 40},
		Rows: func(emit func(cells ...any) error) error {
			for off := 0; ; off += exportBatch {
				f.Limit, f.Offset = exportBatch, off
				items, _, err := h.svc.Projects(r.Context(), p, f)
				if err != nil {
					return err
				}
				for _, x := range items {
					if err := emit(x.Title, x.OrgName, x.Goal, x.Owner, x.Budget(), x.EstablishedOn, x.PlannedEnd, x.StatusLabel,
						x.CompletedOn, x.Evidence); err != nil {
						return err
					}
				}
				if len(items) < exportBatch {
					return nil
				}
			}
		},
	}
	return xlsx.Serve(w, name, sheet)
}

func (h *handlers) exportWishes(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f, err := wishFilterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: "wish",
		Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	name := i18n.T("wish.title")
	sheet := xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("wish.field.code"), i18n.T("wish.field.content"), i18n.T("wish.field.category"), i18n.T("wish.field.org"),
			i18n.T("wish.field.resident_name"), i18n.T("wish.field.phone"), i18n.T("wish.field.submitted_on"), i18n.T("common.status"),
			i18n.T("wish.field.claim_by"), i18n.T("wish.field.claimant"), i18n.T("wish.field.claimed_on"), i18n.T("wish.field.due_on"),
			i18n.T("wish.field.fulfilled_on"), i18n.T("wish.field.confirmed_on")},
		Widths: []float64{12, 40, 10, 30, 10, 14, 12, 10, 12, 24, 12, 12, 12, 12},
		Rows: func(emit func(cells ...any) error) error {
			for off := 0; ; off += exportBatch {
				f.Limit, f.Offset = exportBatch, off
				items, _, err := h.svc.Wishes(r.Context(), p, f)
				if err != nil {
					return err
				}
				for _, x := range items {
					if err := emit(x.DisplayCode(), x.Content, x.Category, x.OrgName, x.ResidentName, x.PhoneMask, x.SubmittedOn, x.StatusLabel,
						x.ClaimBy, x.ClaimantName, x.ClaimedOn, x.DueOn, x.FulfilledOn, x.ConfirmedOn); err != nil {
						return err
					}
				}
				if len(items) < exportBatch {
					return nil
				}
			}
		},
	}
	return xlsx.Serve(w, name, sheet)
}
