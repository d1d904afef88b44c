package indicator

import "testing"

func TestFormats(t *testing.T) {
	for fen, want := range map[int64]string{164500_00: "16.45", 3000000_00: "300", 420000_00: "42", 0: "0", 1234_56: "0.12", 5000: "0.01"} {
		if got := Wan(fen); got != want {
			t.Errorf("Wan(%d) = %s, want %s", fen, got, want)
		}
	}
	for _, tc := range []struct {
		n, d int64
		want string
	}{{13, 24, "54.2%"}, {231, 231, "100%"}, {1, 3, "33.3%"}, {2, 3, "66.7%"}, {0, 5, "0.0%"}} {
		if got := Percent(tc.n, tc.d); got != tc.want {
			t.Errorf("Percent(%d,%d) = %s, want %s", tc.n, tc.d, got, tc.want)
		}
	}
	for n, want := range map[int64]string{5: "5", 20: "20", 57: "50余", 156: "150余", 150: "150", 2345: "2000余", 43210: "40000余", 204: "200余", 35: "30余"} {
		if got := About(n); got != want {
			t.Errorf("About(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestPeriods(t *testing.T) {
	for spec, want := range map[string][2]string{
		"2022":                  {"2022-01-01", "2023-01-01"},
		"2022Q4":                {"2022-10-01", "2023-01-01"},
		"2022-02":               {"2022-02-01", "2022-03-01"},
		"2022-01-01~2022-06-30": {"2022-01-01", "2022-07-01"},
	} {
		p, err := ParsePeriod(spec)
		if err != nil || p.From != want[0] || p.To != want[1] || p.Spec != spec {
			t.Errorf("ParsePeriod(%s) = %+v %v", spec, p, err)
		}
	}
	for _, bad := range []string{"", "22", "2022Q5", "2022-13", "2022-06-30~2022-01-01", "x"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
	if p := Quarter(2022, 1).Previous(); p.Spec != "2021Q4" {
		t.Errorf("previous quarter %s", p.Spec)
	}
	if p := Month(2022, 1).Previous(); p.Spec != "2021-12" {
		t.Errorf("previous month %s", p.Spec)
	}
	if n := len(Year(2022).Months()); n != 12 {
		t.Errorf("months %d", n)
	}
	if e := Year(2022).End(); e != "2022-12-31" {
		t.Errorf("end %s", e)
	}
}
