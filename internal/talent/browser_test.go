package talent_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"troika/internal/testapp"
	"troika/internal/testenv"
)

// At a desk: a demand of an enterprise is entered with a mistake, then
// correctly; a new talent is recruited for it from the demand's page; the
// demand is filled and the talent's page shows the recruitment. On a
// phone the list stays readable.
func TestBrowserDemandToRecruit(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	ctx := testenv.Browser(t, 1280, 900)
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/talent/demands/new"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.Staff),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`main input[name=enterprise]`)),
		chromedp.SendKeys(chromedp.CSS(`main input[name=enterprise]`), "海兰江米业有限公司"),
		chromedp.SendKeys(chromedp.CSS(`main input[name=position]`), "农艺师"),
		chromedp.SendKeys(chromedp.CSS(`main input[name=headcount]`), "一个"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main .field-err`)),
	)
	errText, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main .has-err`)))
	if err != nil || !strings.Contains(errText, "需求人数") {
		t.Fatalf("the error does not name the field: %q %v", errText, err)
	}
	kept, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`main input[name=enterprise]`)))
	if kept != "海兰江米业有限公司" {
		t.Errorf("the form lost what was typed: %q", kept)
	}
	testenv.Screenshot(t, ctx, "talent-demand-error")
	testenv.Step(t, ctx,
		chromedp.SetValue(chromedp.CSS(`main input[name=headcount]`), "1"),
		chromedp.SetValue(chromedp.CSS(`main select[name=specialty]`), "agronomy"),
		chromedp.SendKeys(chromedp.CSS(`main textarea[name=requirements]`), "农学相关专业本科及以上学历"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#recruit`)),
	)
	testenv.Screenshot(t, ctx, "talent-demand")
	// Recruit a new talent for it.
	testenv.Step(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`#recruit input[name=name]`), "郑光日"),
		chromedp.SendKeys(chromedp.CSS(`#recruit input[name=phone]`), "13843312345"),
		chromedp.Click(chromedp.CSS(`#recruit button[type=submit]`)),
		// The demand's page shows a flash too: wait until it has given way
		// to the talent's page before reading it.
		chromedp.WaitNotPresent(chromedp.CSS(`#recruit`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"郑光日", "138****2345", "海兰江米业有限公司", "农艺师", "农学", "人才储备库"} {
		if !strings.Contains(page, s) {
			t.Errorf("the talent's page lacks %q", s)
		}
	}
	if strings.Contains(page, "13843312345") {
		t.Error("the phone is shown in clear")
	}
	testenv.Screenshot(t, ctx, "talent-recruited")
	// The demand is filled and offers no more recruiting.
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/talent/demands"), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	list, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`table.list`)))
	if !strings.Contains(list, "已满足") {
		t.Errorf("the demand is not filled: %q", list)
	}
	// A phone.
	phone := testenv.Browser(t, 375, 800)
	testenv.Step(t, phone, chromedp.Navigate(e.URL+"/talent/talents"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.Staff),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`table.list`)),
	)
	testenv.Screenshot(t, phone, "talent-list-phone")
	testenv.Step(t, phone, chromedp.Navigate(e.URL+"/talent/overview"), chromedp.WaitVisible(chromedp.CSS(`.figures`)))
	testenv.Screenshot(t, phone, "talent-hub-phone")
}
