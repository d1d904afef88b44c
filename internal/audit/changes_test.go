package audit_test

import (
	"context"
	"encoding/json"
	"testing"

	"troika/internal/audit"
)

func TestChanges(t *testing.T) {
	type org struct {
		Name string `json:"name"`
		Sort int    `json:"sort"`
		Tags []int  `json:"tags"`
		Note string `json:"note,omitempty"`
	}
	before := org{Name: "东风村党支部", Sort: 1, Tags: []int{1}, Note: "旧"}
	after := org{Name: "东风社区党支部", Sort: 1, Tags: []int{1, 2}}
	got, err := json.Marshal(audit.Changes(before, after))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":["东风村党支部","东风社区党支部"],"note":["旧",null],"tags":[[1],[1,2]]}`
	if string(got) != want {
		t.Fatalf("Changes = %s\nwant      %s", got, want)
	}
	if c := audit.Changes(before, before); len(c) != 0 {
		t.Fatalf("no change gave %v", c)
	}
	// Maps work too, and a field that appears is a change from nil.
	c := audit.Changes(map[string]any{"role": "member"}, map[string]any{"role": "member", "org_id": 5})
	if len(c) != 1 || c["org_id"][0] != nil || c["org_id"][1] != float64(5) {
		t.Fatalf("Changes(maps) = %v", c)
	}
	if c := audit.Changes(nil, nil); len(c) != 0 {
		t.Fatalf("Changes(nil, nil) = %v", c)
	}
}

func TestActorFrom(t *testing.T) {
	if a := audit.ActorFrom(context.Background()); a.Name != "system" || a.ID != 0 {
		t.Fatalf("default actor %+v", a)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{ID: 3, Name: "wang", IP: "::1"})
	if a := audit.ActorFrom(ctx); a.ID != 3 || a.Name != "wang" || a.IP != "::1" {
		t.Fatalf("actor %+v", a)
	}
}
