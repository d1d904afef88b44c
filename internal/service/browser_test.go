package service_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"troika/internal/access"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A wish from a resident's phone to the resident's confirmation: the
// resident submits on the public page (a bad phone number first, which is
// refused with a message and saves nothing), staff publish it, the member
// of branch A1 claims it on their own page and records the fulfilment with
// a photo, and the resident confirms it by the tracking code.
func TestBrowserWishJourney(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	ctx := testenv.Browser(t, 375, 800)
	read := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	today := time.Now().In(access.Shanghai)
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/wish"),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=content]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=content]`), "家里的电视坏了，想请人帮忙修一修"),
		chromedp.SetValue(chromedp.CSS(`select[name=category]`), "家电维修"),
		chromedp.SendKeys(chromedp.CSS(`input[name=resident_name]`), "朴大爷"),
		chromedp.SendKeys(chromedp.CSS(`input[name=phone]`), "12345"),
		chromedp.SetValue(chromedp.CSS(`select[name=org_id]`), itoa(e.City.BranchA1.ID)),
		chromedp.Click(chromedp.CSS(`.public form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field-err`)))
	if s := read(`.flash.err`); !strings.Contains(s, "联系电话") || !strings.Contains(s, "11位手机号") {
		t.Errorf("phone error: %q", s)
	}
	if n := count(t, e.App.DB, `SELECT COUNT(*) FROM wishes`); n != 0 {
		t.Fatalf("a refused submission saved %d wishes", n)
	}
	testenv.Screenshot(t, ctx, "wish-public-error")
	testenv.Step(t, ctx, chromedp.SetValue(chromedp.CSS(`input[name=phone]`), "13904331234"),
		chromedp.Click(chromedp.CSS(`.public form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#wish-code`)))
	code := read(`#wish-code`)
	if len(code) != 9 || read(`#wish-status`) != "待发布" {
		t.Fatalf("code %q, status %q", code, read(`#wish-status`))
	}
	testenv.Screenshot(t, ctx, "wish-public-code")

	// Staff publish it.
	login := func(user string) {
		t.Helper()
		testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/login"),
			chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
			chromedp.SendKeys(chromedp.CSS(`input[name=username]`), user),
			chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
			chromedp.Click(chromedp.CSS(`form.login button`)),
			chromedp.WaitVisible(chromedp.CSS(`header.topbar`)))
	}
	login(testapp.Staff)
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/service/wishes?view="),
		chromedp.Click(chromedp.CSS(`#wish-list tbody a`)),
		chromedp.WaitVisible(chromedp.CSS(`#wish-status`)),
		chromedp.Click(chromedp.CSS(`main .actions a[href$="/publish"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main input[name=claim_by]`)),
		chromedp.SetValue(chromedp.CSS(`main input[name=claim_by]`), today.AddDate(0, 0, 10).Format("2006-01-02")),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#wish-status`)))
	if s := read(`#wish-status`); s != "待认领" {
		t.Fatalf("after publishing: %q", s)
	}
	testenv.Screenshot(t, ctx, "wish-published")
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`header .who form button`)), chromedp.WaitVisible(chromedp.CSS(`form.login`)))

	// The member claims it on their own page and fulfils it with a photo.
	login(testapp.Member)
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/service/my-wishes"),
		chromedp.WaitVisible(chromedp.CSS(`#open-wishes`)))
	testenv.Screenshot(t, ctx, "wish-member-open")
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`#open-wishes tbody a`)),
		chromedp.WaitVisible(chromedp.CSS(`#wish-status`)),
		chromedp.Click(chromedp.CSS(`main .actions a[href$="/claim"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main input[name=due_on]`)),
		chromedp.SetValue(chromedp.CSS(`main input[name=due_on]`), today.AddDate(0, 0, 7).Format("2006-01-02")),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#wish-status`)))
	if s := read(`#wish-status`); s != "已认领" {
		t.Fatalf("after claiming: %q", s)
	}
	photo := filepath.Join(t.TempDir(), "done.png")
	if err := os.WriteFile(photo, pngPhoto(t, 120, 90), 0o600); err != nil {
		t.Fatal(err)
	}
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`main .actions a[href$="/fulfil"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main textarea[name=note]`)),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main .field-err`)))
	if s := read(`.flash.err`); !strings.Contains(s, "实现情况") || !strings.Contains(s, "请上传实现照片") {
		t.Errorf("fulfilment errors: %q", s)
	}
	testenv.Step(t, ctx, chromedp.SendKeys(chromedp.CSS(`main textarea[name=note]`), "联系师傅上门修好了电视"),
		chromedp.SetUploadFiles(chromedp.CSS(`main input[name=photo]`), []string{photo}),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`img.wish-photo`)))
	if s := read(`#wish-status`); s != "已实现待确认" {
		t.Fatalf("after fulfilling: %q", s)
	}
	testenv.Screenshot(t, ctx, "wish-fulfilled")
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`header .who form button`)), chromedp.WaitVisible(chromedp.CSS(`form.login`)))

	// The resident confirms by code.
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/wish/track"),
		chromedp.SendKeys(chromedp.CSS(`form.track input[name=code]`), strings.ToLower(code)),
		chromedp.Click(chromedp.CSS(`form.track button`)),
		chromedp.WaitVisible(chromedp.CSS(`form.confirm`)))
	testenv.Screenshot(t, ctx, "wish-track-fulfilled")
	testenv.Step(t, ctx, chromedp.SendKeys(chromedp.CSS(`form.confirm textarea`), "非常感谢！"),
		chromedp.Click(chromedp.CSS(`form.confirm button`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)))
	if s := read(`#wish-status`); s != "群众已确认" {
		t.Fatalf("after confirming: %q", s)
	}
	testenv.Screenshot(t, ctx, "wish-confirmed")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
