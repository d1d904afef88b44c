package event_test

import (
	"testing"
	"time"

	"troika/internal/event"
	"troika/internal/fault"
	"troika/internal/indicator"
	"troika/internal/store"
	"troika/internal/testenv"
)

// The whole life of a case on both databases: a grid worker's report, each
// step with its limit (the clock moved past one), closing, a public
// 不满意 that reopens it once, re-handling, a second evaluation that
// stands, and the figures that count it.
func TestLifecycle(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		ev := f.report(t, f.gridWorker, event.Input{GridID: f.gridA, CategoryID: f.catInfra, Place: "东风村3组路灯", Description: "路灯不亮已三天", Phone: "13800138000"})
		if ev.Status != event.StatusReported || ev.Source != event.SourceGrid || ev.WorkerID != f.workerA || ev.PhoneMask != "138****8000" {
			t.Fatalf("reported: %+v", ev)
		}
		if len(ev.Code) != 10 {
			t.Errorf("code %q", ev.Code)
		}
		// Accept limit of 市政设施 is 2 h: at 1h40 (>80%) the case warns.
		f.now = f.now.Add(100 * time.Minute)
		if got, _ := f.svc.Get(f.ctx, f.staff, ev.ID); got.Clock != "warn" {
			t.Errorf("clock at 1h40 = %q, want warn", got.Clock)
		}
		warn, n, _ := f.svc.List(f.ctx, f.staff, event.Filter{Clock: "warn"})
		if n != 1 || warn[0].ID != ev.ID {
			t.Errorf("warn list %d", n)
		}
		f.now = f.now.Add(30 * time.Minute)
		over, n, _ := f.svc.List(f.ctx, f.pa, event.Filter{Clock: "overdue"})
		if n != 1 || over[0].ID != ev.ID || over[0].Clock != "overdue" {
			t.Errorf("overdue list %d", n)
		}
		if _, n, _ := f.svc.List(f.ctx, f.pb, event.Filter{Clock: "overdue"}); n != 0 {
			t.Errorf("town B sees %d overdue of town A", n)
		}
		// Steps out of order are refused; the next ones go.
		if _, err := f.svc.Step(f.ctx, f.staff, ev.ID, event.ActHandle, event.StepInput{Note: "x"}, nil); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("handle before accept: %v", err)
		}
		ev = f.step(t, f.staff, ev.ID, event.ActAccept, event.StepInput{})
		if !ev.Late {
			t.Error("accepted after its limit but not late")
		}
		if _, err := f.svc.Step(f.ctx, f.staff, ev.ID, event.ActDispatch, event.StepInput{}, nil); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("dispatch without handler: %v", err)
		}
		if _, err := f.svc.Step(f.ctx, f.pa, ev.ID, event.ActDispatch, event.StepInput{HandlerOrgID: f.e.City.BranchB1.ID}, nil); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("town A dispatching to town B: %v", err)
		}
		ev = f.step(t, f.pa, ev.ID, event.ActDispatch, event.StepInput{HandlerOrgID: f.e.City.BranchA1.ID, HandlerDept: "村委会"})
		ev = f.step(t, f.pa, ev.ID, event.ActEscalate, event.StepInput{Note: "需镇里协调供电所"})
		if ev.HandlerOrgID != f.e.City.TownA.ID {
			t.Errorf("escalated to %d, want town A %d", ev.HandlerOrgID, f.e.City.TownA.ID)
		}
		if _, err := f.svc.Step(f.ctx, f.pa, ev.ID, event.ActHandle, event.StepInput{}, nil); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("handle without note: %v", err)
		}
		f.now = f.now.Add(5 * time.Hour)
		ev = f.step(t, f.pa, ev.ID, event.ActHandle, event.StepInput{Note: "已更换灯泡"})
		ev = f.step(t, f.pa, ev.ID, event.ActReturn, event.StepInput{Note: "3组东头仍不亮"})
		ev = f.step(t, f.pa, ev.ID, event.ActHandle, event.StepInput{Note: "东头线路已修复"})
		ev = f.step(t, f.pa, ev.ID, event.ActVerify, event.StepInput{})
		ev = f.step(t, f.pa, ev.ID, event.ActClose, event.StepInput{Note: "办结"})
		if ev.Status != event.StatusClosed || !ev.CanBeRated || ev.Clock != "" {
			t.Fatalf("closed: %+v", ev)
		}
		// The resident sees the progress without who handled it, and
		// 不满意 reopens the case once.
		tr, err := f.svc.Track(f.ctx, " "+ev.Code[:5]+" "+ev.Code[5:]+" ")
		if err != nil {
			t.Fatal(err)
		}
		if tr.Event.PhoneMask != "" || len(tr.Steps) != 9 {
			t.Errorf("tracked: phone %q, %d steps", tr.Event.PhoneMask, len(tr.Steps))
		}
		for _, s := range tr.Steps {
			if s.Actor != "" {
				t.Errorf("step %s shows its actor", s.Action)
			}
		}
		if _, err := f.svc.PublicEvaluate(f.ctx, ev.Code, event.EvaluationInput{Rating: event.RatingUnsatisfied}); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("不满意 without a reason: %v", err)
		}
		ev, err = f.svc.PublicEvaluate(f.ctx, ev.Code, event.EvaluationInput{Rating: event.RatingUnsatisfied, Comment: "只修了一半"})
		if err != nil || ev.Status != event.StatusDispatched || !ev.Reopened || ev.Rating != "" {
			t.Fatalf("reopened: %+v %v", ev, err)
		}
		period := indicator.Year(2022)
		scope := indicator.Scope{OrgID: f.e.City.Root.ID, Path: f.e.City.Root.Path}
		if v, _ := indicator.Compute(f.ctx, db, "gov.events_resolved", scope, period); v.N != 0 || v.NoData {
			t.Errorf("resolved while reopened = %+v", v)
		}
		f.now = f.now.Add(time.Hour)
		f.step(t, f.pa, ev.ID, event.ActHandle, event.StepInput{Note: "全部修复"})
		f.step(t, f.pa, ev.ID, event.ActVerify, event.StepInput{})
		f.step(t, f.pa, ev.ID, event.ActClose, event.StepInput{})
		ev, err = f.svc.PublicEvaluate(f.ctx, ev.Code, event.EvaluationInput{Rating: event.RatingBasic})
		if err != nil || ev.Rating != event.RatingBasic {
			t.Fatalf("second evaluation: %+v %v", ev, err)
		}
		if _, err := f.svc.PublicEvaluate(f.ctx, ev.Code, event.EvaluationInput{Rating: event.RatingSatisfied}); fault.CodeOf(err) != fault.Conflict {
			t.Errorf("third evaluation: %v", err)
		}
		// A second case, closed in time and rated 不满意 in its second
		// round: satisfaction 1/2, on time 1/2.
		ev2 := f.report(t, f.staff, event.Input{OrgID: f.e.City.BranchA1.ID, CategoryID: f.catX, Place: "东风村广场", Description: "垃圾未清运"})
		for _, a := range []event.Action{event.ActAccept, event.ActDispatch, event.ActHandle, event.ActVerify, event.ActClose} {
			f.step(t, f.staff, ev2.ID, a, event.StepInput{HandlerOrgID: f.e.City.BranchA1.ID, Note: "已清运"})
		}
		f.svc.Evaluate(f.ctx, f.staff, ev2.ID, event.EvaluationInput{Rating: event.RatingUnsatisfied, Comment: "太慢"})
		for _, a := range []event.Action{event.ActHandle, event.ActVerify, event.ActClose} {
			f.step(t, f.staff, ev2.ID, a, event.StepInput{Note: "再次清运"})
		}
		if _, err := f.svc.Evaluate(f.ctx, f.staff, ev2.ID, event.EvaluationInput{Rating: event.RatingUnsatisfied, Comment: "仍不满意"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.svc.Get(f.ctx, f.staff, ev2.ID); got.Status != event.StatusClosed || got.Rating != event.RatingUnsatisfied {
			t.Errorf("second 不满意 must stand: %+v", got)
		}
		for key, want := range map[string][2]int64{"gov.events_resolved": {2, 0}, "gov.satisfaction": {1, 2}, "gov.on_time_rate": {1, 2}} {
			v, err := indicator.Compute(f.ctx, db, key, scope, period)
			if err != nil || v.N != want[0] || v.Den != want[1] {
				t.Errorf("%s = %+v %v, want %v", key, v, err, want)
			}
		}
		townB := indicator.Scope{OrgID: f.e.City.TownB.ID, Path: f.e.City.TownB.Path}
		if v, _ := indicator.Compute(f.ctx, db, "gov.satisfaction", townB, period); !v.NoData {
			t.Errorf("town B satisfaction = %+v, want no data", v)
		}
		if v, _ := indicator.Compute(f.ctx, db, "gov.events_resolved", scope, indicator.Year(2021)); v.N != 0 || v.NoData {
			t.Errorf("2021 = %+v", v)
		}
	})
}

// A grid worker sees only the cases of their grids; a township never
// another's; a record outside scope is "not found".
func TestScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		a1 := f.report(t, f.staff, event.Input{GridID: f.gridA, CategoryID: f.catInfra, Place: "甲一", Description: "甲一网格的事"})
		a2 := f.report(t, f.staff, event.Input{GridID: f.gridA2, CategoryID: f.catInfra, Place: "甲二", Description: "甲二网格的事"})
		b1 := f.report(t, f.staff, event.Input{GridID: f.gridB, CategoryID: f.catInfra, Place: "乙一", Description: "乙一网格的事"})
		ids := func(evs []event.Event) map[int64]bool {
			m := map[int64]bool{}
			for _, e := range evs {
				m[e.ID] = true
			}
			return m
		}
		g, _, _ := f.svc.List(f.ctx, f.gridWorker, event.Filter{})
		if m := ids(g); len(m) != 1 || !m[a1.ID] {
			t.Errorf("grid worker sees %v", m)
		}
		a, _, _ := f.svc.List(f.ctx, f.pa, event.Filter{})
		if m := ids(a); len(m) != 2 || !m[a1.ID] || !m[a2.ID] {
			t.Errorf("town A sees %v", m)
		}
		if _, err := f.svc.Get(f.ctx, f.gridWorker, a2.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("grid worker reads another grid's case: %v", err)
		}
		if _, err := f.svc.Get(f.ctx, f.pa, b1.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("town A reads town B's case: %v", err)
		}
		if _, err := f.svc.Step(f.ctx, f.pb, a1.ID, event.ActAccept, event.StepInput{}, nil); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("town B steps town A's case: %v", err)
		}
		// A grid worker reports only on their own grid.
		if _, err := f.svc.Report(f.ctx, f.gridWorker, event.Input{GridID: f.gridA2, CategoryID: f.catInfra, Place: "x", Description: "y"}, nil); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("grid worker reporting on another grid: %v", err)
		}
		if _, err := f.svc.Report(f.ctx, f.pa, event.Input{GridID: f.gridB, CategoryID: f.catInfra, Place: "x", Description: "y"}, nil); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("town A reporting on town B's grid: %v", err)
		}
		// Duplicate hint: same category, place close, same organization.
		d := f.report(t, f.staff, event.Input{GridID: f.gridA, CategoryID: f.catInfra, Place: "甲一 东侧", Description: "又一次"})
		det, err := f.svc.Detail(f.ctx, f.staff, d.ID)
		if err != nil || len(det.Duplicates) != 1 || det.Duplicates[0].ID != a1.ID {
			t.Errorf("duplicates of %d: %+v %v", d.ID, det.Duplicates, err)
		}
	})
}
