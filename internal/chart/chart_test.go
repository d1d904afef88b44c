package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

func wellFormed(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
	}
}

func TestCharts(t *testing.T) {
	d := Data{Title: "按类别<测试>", Categories: []string{"党委", "党支部", "党小组"}, Series: []Series{{Name: "2022", Values: []float64{8, 160, 180}}, {Name: "2021", Values: []float64{8, 150, 170}}}}
	for name, svg := range map[string]string{
		"bars":  string(Bars(d, 600, 300)),
		"lines": string(Lines(d, 600, 300)),
		"donut": string(Donut("构成", []Slice{{"汉族", 60}, {"朝鲜族", 35}, {"其他", 5}}, 420, 200)),
		"whole": string(Donut("全部", []Slice{{"绿", 231}}, 420, 200)),
		"empty": string(Donut("空", nil, 420, 200)),
		"gauge": string(Gauge("绿灯率", 0.95, "95.0%", 240, 140)),
	} {
		wellFormed(t, svg)
		if strings.Contains(svg, "style=") || strings.Contains(svg, "<script") {
			t.Errorf("%s: inline style or script", name)
		}
		if strings.Contains(svg, "<测试>") {
			t.Errorf("%s: title not escaped", name)
		}
	}
	if !strings.Contains(string(Bars(d, 600, 300)), ">160<") {
		t.Error("bar value label missing")
	}
	if got := niceMax(163); got != 200 {
		t.Errorf("niceMax(163) = %v", got)
	}
}
