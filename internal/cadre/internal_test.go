package cadre

import (
	"slices"
	"testing"
	"time"
)

func TestCatalogHasEveryBuiltKey(t *testing.T) {
	if m := missingKeys(); len(m) > 0 {
		t.Errorf("%d keys missing from the catalog: %v", len(m), m)
	}
}

// The draw is a function of its record: the same seed, population and
// size select the same submissions whatever the order of the population,
// and another seed selects others.
func TestSelectReproducible(t *testing.T) {
	ids := []int64{}
	for i := int64(1); i <= 200; i++ {
		ids = append(ids, i*7)
	}
	seed := "00112233445566778899aabbccddeeff"
	a, err := Select(seed, ids, 20)
	if err != nil {
		t.Fatal(err)
	}
	rev := slices.Clone(ids)
	slices.Reverse(rev)
	b, _ := Select(seed, rev, 20)
	if !slices.Equal(a, b) || len(a) != 20 {
		t.Fatalf("same record, different draw: %v vs %v", a, b)
	}
	for i := 1; i < len(a); i++ {
		if a[i] == a[i-1] {
			t.Fatalf("drawn twice: %d", a[i])
		}
	}
	c, _ := Select("ffeeddccbbaa99887766554433221100", ids, 20)
	if slices.Equal(a, c) {
		t.Error("another seed drew the same")
	}
	if all, _ := Select(seed, ids[:5], 20); len(all) != 5 {
		t.Errorf("sample larger than population: %d", len(all))
	}
	if _, err := Select("xyz", ids, 3); err == nil {
		t.Error("bad seed accepted")
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(3, time.Hour)
	now := time.Date(2022, 5, 1, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if !l.allow("1.2.3.4", now) {
			t.Fatalf("event %d refused", i)
		}
	}
	if l.allow("1.2.3.4", now) {
		t.Error("fourth event allowed")
	}
	if !l.allow("5.6.7.8", now) {
		t.Error("another client refused")
	}
	if !l.allow("1.2.3.4", now.Add(61*time.Minute)) {
		t.Error("window did not slide")
	}
}

func TestAgeOn(t *testing.T) {
	for _, c := range []struct {
		birth, on string
		want      int64
	}{{"1987-06-15", "2022-06-14", 34}, {"1987-06-15", "2022-06-15", 35}, {"1986-02-28", "2022-01-01", 35}} {
		if got := ageOn(c.birth, c.on); got != c.want {
			t.Errorf("ageOn(%s, %s) = %d, want %d", c.birth, c.on, got, c.want)
		}
	}
}
