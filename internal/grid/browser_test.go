package grid_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A grid worker on a phone opens their residents, goes to a household,
// records a visit (first without notes, which is refused), and sees it on
// the household's page.
func TestBrowserVisitOnPhone(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	c := seedHTTP(t, e)
	ctx := testenv.Browser(t, 375, 812)
	testenv.Step(t, ctx,
		chromedp.EmulateViewport(375, 812, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Navigate(e.URL+"/residents"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), gridWorker),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`main table.list`)),
	)
	list, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main table.list`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(list, "金甲一") || strings.Contains(list, "朴甲二") {
		t.Fatalf("worker's list: %q", list)
	}
	testenv.Screenshot(t, ctx, "grid-residents-phone")
	testenv.Step(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/households/%d", e.URL, c.hhA1)),
		chromedp.WaitVisible(chromedp.CSS(`#visit-new`)),
		chromedp.Click(chromedp.CSS(`#visit-new`)),
		chromedp.WaitVisible(chromedp.CSS(`main form.visit-form`)),
		chromedp.SetValue(chromedp.CSS(`main select[name=method]`), "phone"),
		chromedp.Click(chromedp.CSS(`main form.visit-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main .has-err`)),
	)
	errText, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main .has-err`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errText, "不能为空") {
		t.Fatalf("refusal: %q", errText)
	}
	testenv.Screenshot(t, ctx, "grid-visit-error-phone")
	testenv.Step(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`main textarea[name=notes]`), "老人独居，冬季取暖正常，已提醒注意防滑"),
		chromedp.SendKeys(chromedp.CSS(`main textarea[name=follow_up]`), "下周回访"),
	)
	testenv.Screenshot(t, ctx, "grid-visit-form-phone")
	testenv.Step(t, ctx,
		chromedp.Click(chromedp.CSS(`main form.visit-form button[type=submit]`)),
		// the household page, not the form page it replaces
		chromedp.WaitVisible(chromedp.CSS(`#visit-new`)),
	)
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"走访记录已保存", "老人独居，冬季取暖正常", "电话联系", "网格员甲", "下周回访"} {
		if !strings.Contains(page, want) {
			t.Errorf("household page lacks %q", want)
		}
	}
	testenv.Screenshot(t, ctx, "grid-household-phone")
}
