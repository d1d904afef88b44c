package event_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"troika/internal/access"
	"troika/internal/event"
	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A report is answered with the case as it was written, not read back:
// the answer must be what reading it back gives — the API's case, its
// timeline and possible duplicates, and the service's event.
func TestReportAnswerIsTheStoredCase(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		staff := f.e.Login(t, testapp.Staff)
		grid := f.e.Login(t, gridUser)
		bodies := []struct {
			c    *testapp.Client
			body map[string]any
		}{
			{staff, map[string]any{"grid_id": f.gridA, "category_id": f.catInfra, "place": "东风村3组路口", "description": "路灯不亮", "source": "phone", "phone": "13800138000"}},
			{staff, map[string]any{"org_id": f.e.City.BranchB1.ID, "category_id": f.catX, "place": "西岭村桥头", "description": "垃圾未清运", "source": "walkin", "reporter_name": "王五"}},
			{grid, map[string]any{"grid_id": f.gridA, "category_id": f.catInfra, "place": "东风村3组路口东侧", "description": "路灯又坏了"}},
			{staff, map[string]any{"org_id": f.e.City.BranchA1.ID, "grid_id": f.gridA, "category_id": f.catInfra, "place": "东风村3组路口", "description": "路灯不亮", "source": "phone"}},
		}
		dups := 0
		for i, b := range bodies {
			res := b.c.API("POST", "/api/v1/events", b.body)
			if res.Status != 201 {
				t.Fatalf("report %d: %d %s", i, res.Status, res.Body)
			}
			var posted map[string]any
			res.JSON(t, &posted)
			id := posted["event"].(map[string]any)["id"]
			got := b.c.API("GET", fmt.Sprintf("/api/v1/events/%v", id), nil)
			if got.Status != 200 {
				t.Fatalf("read back %d: %d %s", i, got.Status, got.Body)
			}
			var read map[string]any
			got.JSON(t, &read)
			if !reflect.DeepEqual(posted, read) {
				a, _ := json.MarshalIndent(posted, "", " ")
				b, _ := json.MarshalIndent(read, "", " ")
				t.Fatalf("report %d answered\n%s\nread back\n%s", i, a, b)
			}
			dups += len(read["possible_duplicates"].([]any))
		}
		if dups == 0 {
			t.Fatal("no report found a possible duplicate")
		}

		// The service's Report (the pages) answers what Get reads.
		for _, c := range []struct {
			name string
			p    *access.Principal
			in   event.Input
		}{
			{"staff", f.staff, event.Input{GridID: f.gridB, CategoryID: f.catInfra, Place: "乙镇西岭村桥头", Description: "护栏损坏", Phone: "13900001111", ReporterName: "赵六"}},
			{"town A", f.pa, event.Input{OrgID: f.e.City.BranchA1.ID, CategoryID: f.catX, Place: "甲镇", Description: "x", Source: event.SourceWalkIn}},
			{"grid worker", f.gridWorker, event.Input{GridID: f.gridA, CategoryID: f.catX, Place: "东风村", Description: "y"}},
		} {
			e := f.report(t, c.p, c.in)
			back, err := f.svc.Get(f.ctx, c.p, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(e, back) {
				t.Fatalf("%s: Report answered\n%+v\nGet reads\n%+v", c.name, e, back)
			}
		}
	})
}
