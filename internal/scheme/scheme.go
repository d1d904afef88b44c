// Package scheme keeps assessment schemes (考核方案, e.g. 红领筑基: aspects
// → tasks → checklist items, assigned to organizations, with each
// organization's completion) and work plans (工作方案, e.g. 基层建设年: key
// tasks → measures with owners, deadlines and progress).
package scheme

import (
	"strings"
	"time"

	"troika/internal/fault"
	"troika/internal/i18n"
)

// Scheme is an assessment scheme.
type Scheme struct {
	ID        int64      `json:"id"`
	OrgID     int64      `json:"org_id"`
	OrgName   string     `json:"org_name"`
	Name      string     `json:"name"`
	StartsOn  string     `json:"starts_on"`
	EndsOn    string     `json:"ends_on"`
	Note      string     `json:"note"`
	Counts    Counts     `json:"counts"`
	Aspects   []Aspect   `json:"aspects,omitempty"`
	Assigned  []Progress `json:"assigned,omitempty"`
	Completed bool       `json:"has_completions"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// Counts are the sizes of a scheme or plan.
type Counts struct {
	Aspects int `json:"aspects,omitempty"`
	Tasks   int `json:"tasks"`
	Items   int `json:"items"`
	Orgs    int `json:"orgs,omitempty"`
}

// Aspect is a 方面 of a scheme.
type Aspect struct {
	ID    int64  `json:"id,omitempty"`
	Title string `json:"title"`
	Tasks []Task `json:"tasks"`
}

// Task is a 工作任务 under an aspect.
type Task struct {
	ID    int64  `json:"id,omitempty"`
	Title string `json:"title"`
	Items []Item `json:"items"`
}

// Item is a line of the 考核清单.
type Item struct {
	ID    int64  `json:"id,omitempty"`
	Title string `json:"title"`
}

// Progress is an assigned organization's completion of a scheme.
type Progress struct {
	OrgID   int64  `json:"org_id"`
	OrgName string `json:"org_name"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
}

// Percent is the completed share, 0–100.
func (p Progress) Percent() int {
	if p.Total == 0 {
		return 0
	}
	return p.Done * 100 / p.Total
}

// Input creates or edits a scheme.
type Input struct {
	Name     string   `json:"name"`
	StartsOn string   `json:"starts_on"`
	EndsOn   string   `json:"ends_on"`
	Note     string   `json:"note"`
	Aspects  []Aspect `json:"aspects"`
	OrgIDs   []int64  `json:"org_ids"`
}

// Completion is an organization's report that an item is done.
type Completion struct {
	ItemID   int64     `json:"item_id"`
	OrgID    int64     `json:"org_id"`
	DoneOn   string    `json:"done_on"`
	Evidence string    `json:"evidence"`
	Actor    string    `json:"actor,omitempty"`
	At       time.Time `json:"at,omitzero"`
}

// Plan is a work plan.
type Plan struct {
	ID        int64      `json:"id"`
	OrgID     int64      `json:"org_id"`
	OrgName   string     `json:"org_name"`
	Name      string     `json:"name"`
	Year      int        `json:"year"`
	Note      string     `json:"note"`
	Counts    Counts     `json:"counts"`
	Progress  int        `json:"progress"` // average of the measures, percent
	Overdue   int        `json:"overdue"`  // measures past their deadline, unfinished
	Tasks     []PlanTask `json:"tasks,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// PlanTask is a 重点工作.
type PlanTask struct {
	ID       int64     `json:"id,omitempty"`
	Title    string    `json:"title"`
	Measures []Measure `json:"measures"`
}

// Measure is a 具体措施 with its owner, deadline and progress.
type Measure struct {
	ID         int64     `json:"id,omitempty"`
	Title      string    `json:"title"`
	Owner      string    `json:"owner"`
	Deadline   string    `json:"deadline"`
	Progress   int       `json:"progress"`
	StatusNote string    `json:"status_note,omitempty"`
	UpdatedBy  string    `json:"updated_by,omitempty"`
	UpdatedAt  time.Time `json:"updated_at,omitzero"`
}

// PlanInput creates or edits a plan's outline.
type PlanInput struct {
	Name  string     `json:"name"`
	Year  int        `json:"year"`
	Note  string     `json:"note"`
	Tasks []PlanTask `json:"tasks"`
}

// ProgressInput reports a measure's progress.
type ProgressInput struct {
	Progress   int    `json:"progress"`
	StatusNote string `json:"status_note"`
}

// ParseOutline reads a scheme typed as an outline: "# " begins an
// aspect, "## " a task, any other line is a checklist item of the last
// task. Blank lines are skipped.
func ParseOutline(text string) ([]Aspect, error) {
	var out []Aspect
	var v fault.Fields
	for i, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
		case strings.HasPrefix(line, "##"):
			if len(out) == 0 {
				v.AddRow(i+1, "outline", i18n.T("scheme.field.outline"), i18n.T("scheme.outline_task_first"))
				continue
			}
			a := &out[len(out)-1]
			a.Tasks = append(a.Tasks, Task{Title: strings.TrimSpace(strings.TrimLeft(line, "#"))})
		case strings.HasPrefix(line, "#"):
			out = append(out, Aspect{Title: strings.TrimSpace(strings.TrimLeft(line, "#"))})
		default:
			if len(out) == 0 || len(out[len(out)-1].Tasks) == 0 {
				v.AddRow(i+1, "outline", i18n.T("scheme.field.outline"), i18n.T("scheme.outline_item_first"))
				continue
			}
			t := &out[len(out)-1].Tasks[len(out[len(out)-1].Tasks)-1]
			t.Items = append(t.Items, Item{Title: strings.TrimLeft(line, "-·•0123456789.、） ")})
		}
	}
	return out, v.Err()
}

// Outline writes a scheme back as the outline ParseOutline reads.
func Outline(as []Aspect) string {
	var b strings.Builder
	for _, a := range as {
		b.WriteString("# " + a.Title + "\n")
		for _, t := range a.Tasks {
			b.WriteString("## " + t.Title + "\n")
			for _, it := range t.Items {
				b.WriteString(it.Title + "\n")
			}
		}
	}
	return b.String()
}

// ParsePlanOutline reads a plan typed as an outline: "# " begins a key
// task; every other line is a measure "措施｜责任单位｜完成时限"
// (full-width or ASCII bars).
func ParsePlanOutline(text string) ([]PlanTask, error) {
	var out []PlanTask
	var v fault.Fields
	for i, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
		case strings.HasPrefix(line, "#"):
			out = append(out, PlanTask{Title: strings.TrimSpace(strings.TrimLeft(line, "#"))})
		default:
			if len(out) == 0 {
				v.AddRow(i+1, "outline", i18n.T("scheme.field.plan_outline"), i18n.T("scheme.outline_measure_first"))
				continue
			}
			parts := strings.FieldsFunc(line, func(r rune) bool { return r == '|' || r == '｜' })
			if len(parts) != 3 {
				v.AddRow(i+1, "outline", i18n.T("scheme.field.plan_outline"), i18n.T("scheme.measure_parts"))
				continue
			}
			t := &out[len(out)-1]
			t.Measures = append(t.Measures, Measure{Title: strings.TrimSpace(parts[0]), Owner: strings.TrimSpace(parts[1]), Deadline: strings.TrimSpace(parts[2])})
		}
	}
	return out, v.Err()
}

// PlanOutline writes a plan back as the outline ParsePlanOutline reads.
func PlanOutline(ts []PlanTask) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString("# " + t.Title + "\n")
		for _, m := range t.Measures {
			b.WriteString(m.Title + "｜" + m.Owner + "｜" + m.Deadline + "\n")
		}
	}
	return b.String()
}
