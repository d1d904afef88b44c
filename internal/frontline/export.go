package frontline

import (
	"context"
	"net/http"
	"strconv"

	"troika/internal/access"
	"troika/internal/audit"
	"troika/internal/i18n"
	"troika/internal/xlsx"
)

const exportBatch = 1000

// exportAudited records the export, then streams the sheet.
func (h *handlers) exportAudited(w http.ResponseWriter, r *http.Request, object, name string, sheet xlsx.Sheet) error {
	if err := audit.Log(r.Context(), h.svc.DB, audit.Event{Action: "export", ObjectType: object,
		Detail: map[string]any{"filter": r.URL.Query()}}); err != nil {
		return err
	}
	return xlsx.Serve(w, name, sheet)
}

// pages calls fetch batch by batch until a short batch.
func pages[T any](ctx context.Context, f Filter, fetch func(Filter) ([]T, error), each func(T) error) error {
	for off := 0; ; off += exportBatch {
		f.Limit, f.Offset = exportBatch, off
		items, err := fetch(f)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := each(it); err != nil {
				return err
			}
		}
		if len(items) < exportBatch || ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

func (t teamPages) export(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := filterFrom(r.URL.Query())
	name := i18n.T("frontline.title." + string(t.kind))
	return t.exportAudited(w, r, "frontline_team", name, xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("frontline.field.team_name"), i18n.T("frontline.field.owner"), i18n.T("frontline.field.purpose"),
			i18n.T("frontline.field.leader"), i18n.T("frontline.people"), i18n.T("frontline.field.founded_on"), i18n.T("frontline.field.ended_on"), i18n.T("frontline.field.note")},
		Widths: []float64{30, 30, 40, 12, 10, 14, 14, 30},
		Rows: func(emit func(cells ...any) error) error {
			return pages(r.Context(), f, func(f Filter) ([]Team, error) {
				items, _, err := t.svc.ListTeams(r.Context(), p, t.kind, f)
				return items, err
			}, func(x Team) error {
				return emit(x.Name, x.OrgName, x.Purpose, x.Leader, x.Members, x.FoundedOn, x.EndedOn, x.Note)
			})
		},
	})
}

func (h *handlers) tempExport(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := filterFrom(r.URL.Query())
	name := i18n.T("frontline.title.temp")
	return h.exportAudited(w, r, "temp_branch", name, xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("org.field.name"), i18n.T("org.field.code"), i18n.T("org.field.parent"), i18n.T("org.field.secretary"),
			i18n.T("frontline.field.task"), i18n.T("frontline.field.started_on"), i18n.T("frontline.field.planned_end"), i18n.T("frontline.people"),
			i18n.T("org.field.dissolved_on"), i18n.T("org.field.dissolve_reason")},
		Widths: []float64{30, 12, 30, 10, 40, 14, 14, 8, 14, 24},
		Rows: func(emit func(cells ...any) error) error {
			return pages(r.Context(), f, func(f Filter) ([]TempBranch, error) {
				items, _, err := h.svc.ListTemp(r.Context(), p, f)
				return items, err
			}, func(x TempBranch) error {
				return emit(x.Name, x.Code, x.ParentName, x.Secretary, x.Task, x.StartedOn, x.PlannedEnd, x.Members, x.DissolvedOn, x.DissolveReason)
			})
		},
	})
}

// The deployment export carries masked identity numbers only.
func (h *handlers) deployExport(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := filterFrom(r.URL.Query())
	name := i18n.T("frontline.title.deployment")
	return h.exportAudited(w, r, "deployment", name, xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("frontline.field.person_name"), i18n.T("frontline.field.id_number"), i18n.T("frontline.is_member"),
			i18n.T("frontline.field.sender"), i18n.T("frontline.field.from_unit"), i18n.T("frontline.field.to_org"), i18n.T("frontline.field.to_place"),
			i18n.T("frontline.field.post"), i18n.T("frontline.field.started_on"), i18n.T("frontline.field.ended_on"), i18n.T("frontline.field.note")},
		Widths: []float64{10, 22, 8, 30, 24, 30, 24, 16, 14, 14, 24},
		Rows: func(emit func(cells ...any) error) error {
			return pages(r.Context(), f, func(f Filter) ([]Deployment, error) {
				items, _, err := h.svc.ListDeployments(r.Context(), p, f)
				return items, err
			}, func(x Deployment) error {
				member := i18n.T("common.no")
				if x.MemberID != 0 {
					member = i18n.T("common.yes")
				}
				return emit(x.Name, x.IDMask, member, x.OrgName, x.FromUnit, x.ToOrgName, x.ToPlace, x.Post, x.StartedOn, x.EndedOn, x.Note)
			})
		},
	})
}

func (h *handlers) screenExport(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	f := filterFrom(r.URL.Query())
	name := i18n.T("frontline.title.screening")
	return h.exportAudited(w, r, "screening", name, xlsx.Sheet{
		Name: name,
		Headers: []string{i18n.T("frontline.field.screened_on"), i18n.T("frontline.field.place"), i18n.T("frontline.field.filer"),
			i18n.T("frontline.field.team"), i18n.T("frontline.field.persons"), i18n.T("frontline.field.note")},
		Widths: []float64{14, 30, 30, 30, 12, 30},
		Rows: func(emit func(cells ...any) error) error {
			return pages(r.Context(), f, func(f Filter) ([]Screening, error) {
				items, _, _, err := h.svc.ListScreenings(r.Context(), p, f)
				return items, err
			}, func(x Screening) error {
				return emit(x.ScreenedOn, x.Place, x.OrgName, x.TeamName, x.Persons, x.Note)
			})
		},
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
