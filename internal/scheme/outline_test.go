package scheme_test

import (
	"strings"
	"testing"

	"troika/internal/scheme"
)

func TestOutlineRoundTrip(t *testing.T) {
	text := "# 规范组织设置\n## 按期换届\n换届率100%\n1. 程序规范\n\n# 规范组织生活\n## 三会一课\n支委会每月一次\n"
	as, err := scheme.ParseOutline(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 || len(as[0].Tasks) != 1 || len(as[0].Tasks[0].Items) != 2 || as[0].Tasks[0].Items[1].Title != "程序规范" {
		t.Fatalf("parsed: %+v", as)
	}
	back, err := scheme.ParseOutline(scheme.Outline(as))
	if err != nil || scheme.Outline(back) != scheme.Outline(as) {
		t.Errorf("round trip: %v %q", err, scheme.Outline(back))
	}
	if _, err := scheme.ParseOutline("换届率100%\n## 任务"); err == nil || !strings.Contains(err.Error(), "第1行") || !strings.Contains(err.Error(), "第2行") {
		t.Errorf("items before a task: %v", err)
	}
	ts, err := scheme.ParsePlanOutline("# 抓班子\n书记轮训｜市委组织部｜2022-06-30\n后备培养|各乡镇|2022-09-30")
	if err != nil || len(ts) != 1 || len(ts[0].Measures) != 2 || ts[0].Measures[1].Owner != "各乡镇" {
		t.Fatalf("plan outline: %v %+v", err, ts)
	}
	if _, err := scheme.ParsePlanOutline("# 抓班子\n只有措施"); err == nil || !strings.Contains(err.Error(), "措施｜责任单位｜完成时限") {
		t.Errorf("measure without owner: %v", err)
	}
}
