package frontline_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A branch secretary files a screening on a 375-pixel phone: first with
// the number of persons missing, then correctly.
func TestBrowserScreeningOnPhone(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	ctx := testenv.Browser(t, 375, 812)
	testenv.Step(t, ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Navigate(e.URL+"/frontline/screenings"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.Secretary),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`.stats.figures`)),
		chromedp.Click(chromedp.CSS(`main .actions a[href="/frontline/screenings/new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=place]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=place]`), "东风村村口卡点"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field-err`)),
	)
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.flash.err`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "排查人数") {
		t.Errorf("the error does not name the field: %q", msg)
	}
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name=place]`)))
	if err != nil {
		t.Fatal(err)
	}
	if kept != "东风村村口卡点" {
		t.Errorf("the form lost the place: %q", kept)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 375 {
		t.Errorf("the form is %d px wide on a 375 px phone", width)
	}
	testenv.Screenshot(t, ctx, "frontline-screening-phone-error")

	testenv.Step(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`input[name=persons]`), "36"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)),
	)
	props, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`dl.props`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(props, "36") || !strings.Contains(props, e.City.BranchA1.Name) {
		t.Errorf("filed record shows %q", props)
	}
	testenv.Screenshot(t, ctx, "frontline-screening-phone-filed")
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/frontline/screenings?period=2026"), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	width, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 375 {
		t.Errorf("the list is %d px wide on a 375 px phone", width)
	}
	testenv.Screenshot(t, ctx, "frontline-screening-phone-list")
}
