package bt_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A branch secretary fills May's self-assessment, prefilled from April,
// first with a score above the item's weight (refused, nothing saved),
// then submits; a member of the guidance group reviews it from the month's
// grid, takes points off, and the branch gets a yellow light with its
// rectification items.
func TestBrowserSelfAssessmentToLight(t *testing.T) {
	db := testenv.SQLite(t)
	e := testapp.New(t, db)
	c, staff := setup(t, e)
	a1 := e.City.BranchA1.ID
	// April: submitted, reviewed green and published.
	var apr assessment
	staff.API("PUT", monthPath(a1, "2022-04"), answers(c, true, 2)).JSON(t, &apr)
	if r := staff.API("POST", fmt.Sprintf("/api/v1/bt/assessments/%d/review", apr.ID), map[string]any{}); r.Status != 200 {
		t.Fatalf("april review: %d %s", r.Status, r.Body)
	}
	staff.API("POST", "/api/v1/bt/publish", map[string]any{"month": "2022-04"})

	sec := testenv.Browser(t, 1280, 900)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(sec, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	score0 := fmt.Sprintf(`main input[name=score_%d]`, c.Items[0].ID)
	score1 := fmt.Sprintf(`main input[name=score_%d]`, c.Items[1].ID)
	testenv.Step(t, sec, chromedp.Navigate(fmt.Sprintf("%s/bt/assess?org=%d&month=2022-05", e.URL, a1)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.Secretary),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(score0)))
	if h := text(`main .card .hint`); !strings.Contains(h, "已按2022-04的自评预填") {
		t.Errorf("prefill hint: %q", h)
	}
	testenv.Step(t, sec, chromedp.SetValue(chromedp.CSS(score0), "99"),
		chromedp.SetValue(chromedp.CSS(score1), "25"),
		chromedp.Click(chromedp.CSS(`main button[name=action][value=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main .flash.err`)))
	if s := text(`main .flash.err`); !strings.Contains(s, "按期换届，班子配备齐全") || !strings.Contains(s, "分数应为 0–40 的整数") {
		t.Errorf("error: %q", s)
	}
	var n int
	_ = db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM bt_assessments WHERE month = '2022-05'`).Scan(&n)
	if n != 0 {
		t.Fatal("a refused self-assessment was saved")
	}
	// What was typed is kept.
	typed, err := chromedp.Run(sec, chromedp.Value(chromedp.CSS(score1)))
	if err != nil || typed != "25" {
		t.Errorf("typed value lost: %q", typed)
	}
	testenv.Screenshot(t, sec, "bt-assess-error")
	testenv.Step(t, sec, chromedp.SetValue(chromedp.CSS(score0), "36"),
		chromedp.Click(chromedp.CSS(`main button[name=action][value=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main dl.props`)))
	if s := text(`main dl.props`); !strings.Contains(s, "待审核") || !strings.Contains(s, "91 / 100") {
		t.Errorf("submitted: %q", s)
	}

	// The guidance group reviews from the month's grid.
	rev := testenv.Browser(t, 1280, 900)
	rtext := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(rev, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	testenv.Step(t, rev, chromedp.Navigate(e.URL+"/bt?month=2022-05"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.Staff),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`main .lights`)))
	if s := rtext(`main .lights .light.submitted`); !strings.Contains(s, "甲镇东风村支部") {
		t.Errorf("submitted cell: %q", s)
	}
	testenv.Screenshot(t, rev, "bt-overview-submitted")
	rscore := fmt.Sprintf(`main input[name=rscore_%d]`, c.Items[1].ID)
	testenv.Step(t, rev, chromedp.Click(chromedp.CSS(`main .light.submitted a`)),
		chromedp.WaitVisible(chromedp.CSS(rscore)),
		chromedp.SetValue(chromedp.CSS(rscore), "20"),
		chromedp.SendKeys(chromedp.CSS(`main textarea[name=review_note]`), "主题党日记录缺两次"),
		chromedp.Click(chromedp.CSS(`main button[name=action][value=review]`)),
		chromedp.WaitVisible(chromedp.CSS(`main h1 .light`)))
	if s := rtext(`main h1 .light.yellow`); s != "黄灯" {
		t.Errorf("light: %q", s)
	}
	if s := rtext(`main`); !strings.Contains(s, "86 / 100（86.0%）") || !strings.Contains(s, "按月召开主题党日（扣10分）") ||
		!strings.Contains(s, "按期换届，班子配备齐全（扣4分）") {
		t.Errorf("review outcome: %q", s)
	}
	testenv.Screenshot(t, rev, "bt-reviewed-yellow")
	testenv.Step(t, rev, chromedp.Navigate(e.URL+"/bt?month=2022-05"), chromedp.WaitVisible(chromedp.CSS(`main .light.yellow`)))
	testenv.Step(t, rev, chromedp.EmulateViewport(375, 800), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`main .lights`)))
	testenv.Screenshot(t, rev, "bt-overview-phone")
	testenv.Step(t, rev, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.URL+"/bt/year?year=2022"), chromedp.WaitVisible(chromedp.CSS(`main table.yeargrid`)))
	testenv.Screenshot(t, rev, "bt-year")
}
