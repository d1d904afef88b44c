package audit_test

import (
	"context"
	"testing"
	"time"

	"troika/internal/audit"
	"troika/internal/store"
	"troika/internal/testenv"
)

func TestList(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
		now := base
		old := audit.Clock
		audit.Clock = func() time.Time { return now }
		t.Cleanup(func() { audit.Clock = old })

		zhang := audit.WithActor(context.Background(), audit.Actor{ID: 1, Name: "zhang", IP: "10.0.0.1"})
		li := audit.WithActor(context.Background(), audit.Actor{ID: 2, Name: "li"})
		events := []struct {
			ctx context.Context
			ev  audit.Event
		}{
			{zhang, audit.Event{Action: "auth.login", ObjectType: "user", ObjectID: 1}},
			{zhang, audit.Event{Action: "org.create", ObjectType: "org", ObjectID: 10}},
			{li, audit.Event{Action: "auth.login", ObjectType: "user", ObjectID: 2}},
			{li, audit.Event{Action: "org.update", ObjectType: "org", ObjectID: 10}},
			{zhang, audit.Event{Action: "auth.logout", ObjectType: "user", ObjectID: 1}},
			{li, audit.Event{Action: "org.move", ObjectType: "org", ObjectID: 11}},
		}
		for i, e := range events {
			now = base.Add(time.Duration(i) * time.Hour)
			if err := audit.Log(e.ctx, db, e.ev); err != nil {
				t.Fatal(err)
			}
		}
		ctx := context.Background()
		ids := func(es []audit.Entry) []int64 {
			var out []int64
			for _, e := range es {
				out = append(out, e.ID)
			}
			return out
		}
		for _, c := range []struct {
			name  string
			f     audit.Filter
			want  []int64
			total int
		}{
			{"all newest first", audit.Filter{}, []int64{6, 5, 4, 3, 2, 1}, 6},
			{"actor", audit.Filter{Actor: "li"}, []int64{6, 4, 3}, 3},
			{"action prefix", audit.Filter{Action: "org."}, []int64{6, 4, 2}, 3},
			{"object type", audit.Filter{ObjectType: "user"}, []int64{5, 3, 1}, 3},
			{"from", audit.Filter{From: base.Add(4 * time.Hour)}, []int64{6, 5}, 2},
			{"to is exclusive", audit.Filter{To: base.Add(2 * time.Hour)}, []int64{2, 1}, 2},
			{"combined", audit.Filter{Actor: "zhang", ObjectType: "user", From: base.Add(time.Hour)}, []int64{5}, 1},
			{"page 1", audit.Filter{Limit: 4}, []int64{6, 5, 4, 3}, 6},
			{"page 2", audit.Filter{Limit: 4, Offset: 4}, []int64{2, 1}, 6},
			{"past the end", audit.Filter{Limit: 4, Offset: 8}, nil, 6},
			{"nothing", audit.Filter{Actor: "nobody"}, nil, 0},
		} {
			got, total, err := audit.List(ctx, db, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if total != c.total || !equalIDs(ids(got), c.want) {
				t.Errorf("%s: ids %v total %d, want %v total %d", c.name, ids(got), total, c.want, c.total)
			}
		}
		got, _, _ := audit.List(ctx, db, audit.Filter{Limit: 1, Offset: 5})
		if e := got[0]; e.Actor != "zhang" || e.ActorID != 1 || e.IP != "10.0.0.1" || e.Action != "auth.login" ||
			e.ObjectType != "user" || e.ObjectID != "1" || !e.At.Equal(base) {
			t.Errorf("entry 1: %+v", e)
		}
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
