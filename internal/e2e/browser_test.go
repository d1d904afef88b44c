package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A person at a desk: five wrong passwords lock the account; then a staff
// member signs in, browses the tree, creates a branch with a mistake and
// then correctly, and signs out.
func TestBrowserSignInTreeCreate(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	ctx := testenv.Browser(t, 1280, 900)

	for i := 0; i < 5; i++ {
		// A fresh sign-in page each time, so that waiting for the error
		// waits for this attempt's answer.
		testenv.Step(t, ctx,
			chromedp.Navigate(e.URL+"/login"),
			chromedp.WaitVisible(chromedp.CSS(`form.login`)),
			chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.TownB),
			chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "Wrong#Pass1"),
			chromedp.Click(chromedp.CSS(`form.login button`)),
			chromedp.WaitVisible(chromedp.CSS(`#login-error`)),
		)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#login-error`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "锁定") {
		t.Fatalf("after five wrong passwords: %q", msg)
	}
	testenv.Screenshot(t, ctx, "login-locked")

	// Sign in; the requested page comes back after sign-in.
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/orgs"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.Staff),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.tree`)),
	)
	tree, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`ul.tree`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{e.City.TownA.Name, e.City.BranchB1.Name, "第一党小组"} {
		if !strings.Contains(tree, name) {
			t.Errorf("tree lacks %s: %q", name, tree)
		}
	}
	testenv.Screenshot(t, ctx, "org-tree")

	// Drill down to town A and create a branch: first with a bad code.
	testenv.Step(t, ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`ul.tree a[href="/orgs/%d"]`, e.City.TownA.ID))),
		chromedp.WaitVisible(chromedp.CSS(`dl.props`)),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.actions a[href="/orgs/%d/new"]`, e.City.TownA.ID))),
		chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "中共甲镇新风村支部委员会"),
		chromedp.SendKeys(chromedp.CSS(`input[name=code]`), "新风"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field-err`)),
	)
	errText, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.flash.err`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errText, "组织编码") {
		t.Errorf("error does not name the field: %q", errText)
	}
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name=name]`)))
	if err != nil {
		t.Fatal(err)
	}
	if kept != "中共甲镇新风村支部委员会" {
		t.Errorf("form lost the entered name: %q", kept)
	}
	testenv.Screenshot(t, ctx, "org-form-error")
	testenv.Step(t, ctx,
		chromedp.Clear(chromedp.CSS(`input[name=code]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=code]`), "TA02"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)),
	)
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`h1`)))
	if err != nil {
		t.Fatal(err)
	}
	if title != "中共甲镇新风村支部委员会" {
		t.Errorf("after create: %q", title)
	}
	testenv.Screenshot(t, ctx, "org-detail")

	// Sign out.
	testenv.Step(t, ctx,
		chromedp.Click(chromedp.CSS(`.who button.link`)),
		chromedp.WaitVisible(chromedp.CSS(`form.login`)),
	)
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/orgs"), chromedp.WaitVisible(chromedp.CSS(`form.login`)))
}

// A grid worker's phone: the layout fits a 375-pixel screen and the menu
// opens from the top bar.
func TestBrowserPhone(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	ctx := testenv.Browser(t, 375, 812)
	testenv.Step(t, ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Navigate(e.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.TownA),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`.stats`)),
	)
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 375 {
		t.Errorf("page is %d px wide on a 375 px phone", width)
	}
	testenv.Screenshot(t, ctx, "phone-home")
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`.menu-toggle`)), chromedp.WaitVisible(chromedp.CSS(`#nav.open`)),
		chromedp.Sleep(400*time.Millisecond)) // let the slide-in finish
	testenv.Screenshot(t, ctx, "phone-menu")
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/orgs/search"), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	width, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 375 {
		t.Errorf("search page is %d px wide on a 375 px phone", width)
	}
	testenv.Screenshot(t, ctx, "phone-search")
}
