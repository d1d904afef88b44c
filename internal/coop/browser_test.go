package coop_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A township's committee registers its union and a member cooperative on
// a 375-pixel phone: the cooperative first with more households than the
// village has, then correctly; the union's page shows the coverage.
func TestBrowserUnionOnPhone(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	ctx := testenv.Browser(t, 375, 812)
	testenv.Step(t, ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Navigate(e.URL+"/coop/unions"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.TownA),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`.stats.figures`)),
		chromedp.Click(chromedp.CSS(`main .actions a[href="/coop/unions/new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "甲镇党支部领办合作社联合社"),
		chromedp.SetValue(chromedp.CSS(`input[name=founded_on]`), "2022-03-18"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)),
		chromedp.Click(chromedp.CSS(`main .actions a.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=households]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "东风村股份经济合作社"),
		chromedp.SetValue(chromedp.CSS(`select[name=org_id]`), itoa(e.City.BranchA1.ID)),
		chromedp.SetValue(chromedp.CSS(`input[name=founded_on]`), "2019-03-10"),
		chromedp.SetValue(chromedp.CSS(`input[name=joined_on]`), "2022-03-18"),
		chromedp.SendKeys(chromedp.CSS(`input[name=households]`), "220"),
		chromedp.SendKeys(chromedp.CSS(`input[name=persons]`), "371"),
		chromedp.SendKeys(chromedp.CSS(`input[name=resident_households]`), "198"),
		chromedp.SendKeys(chromedp.CSS(`input[name=resident_persons]`), "371"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field-err`)),
	)
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.flash.err`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "带动户数") || !strings.Contains(msg, "198") {
		t.Errorf("the error does not name the field and the limit: %q", msg)
	}
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name=name]`)))
	if err != nil || kept != "东风村股份经济合作社" {
		t.Errorf("the form lost the name: %q %v", kept, err)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 375 {
		t.Errorf("the form is %d px wide on a 375 px phone", width)
	}
	testenv.Screenshot(t, ctx, "coop-member-phone-error")
	testenv.Step(t, ctx,
		chromedp.SetValue(chromedp.CSS(`input[name=households]`), "198"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)),
		chromedp.Click(chromedp.CSS(`dl.props a[href^="/coop/unions/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.list`)),
	)
	stats, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main .stats`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stats, "198") || !strings.Contains(stats, "371") || !strings.Contains(stats, "100%") {
		t.Errorf("union page shows %q", stats)
	}
	width, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 375 {
		t.Errorf("the union page is %d px wide on a 375 px phone", width)
	}
	testenv.Screenshot(t, ctx, "coop-union-phone")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
