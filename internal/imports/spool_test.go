package imports

import (
	"fmt"
	"strings"
	"testing"

	"troika/internal/xlsx"
)

// Rows come back from the spool as they went in: numbers, every column's
// value (empty, long, multi-byte), in order.
func TestSpoolRoundTrip(t *testing.T) {
	cols := []xlsx.Column{{Key: "name"}, {Key: "id"}, {Key: "note"}}
	sp, err := newSpool(t.TempDir(), cols)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	long := strings.Repeat("朝鲜族", 5000)
	var want []string
	for i := 0; i < 3000; i++ {
		vals := map[string]string{"name": fmt.Sprintf("金%d", i), "id": fmt.Sprint(i * 7)}
		if i%3 == 0 {
			vals["note"] = long
		}
		row := xlsx.NewRow(i+2, vals)
		if err := sp.add(row); err != nil {
			t.Fatal(err)
		}
		want = append(want, fmt.Sprintf("%d|%s|%s|%d", row.Num, row.Get("name"), row.Get("id"), len(row.Get("note"))))
	}
	var got []string
	if err := sp.each(func(r xlsx.Row) error {
		got = append(got, fmt.Sprintf("%d|%s|%s|%d", r.Num, r.Get("name"), r.Get("id"), len(r.Get("note"))))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("spool changed the rows: %d back of %d", len(got), len(want))
	}
}
