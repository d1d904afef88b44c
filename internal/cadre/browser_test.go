package cadre_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A 12380 case from intake to reply: a citizen reports on the public page
// (no sign-in) and keeps the tracking code; staff assign, investigate,
// conclude and reply; the citizen sees the reply by the code.
func TestBrowser12380Case(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	ctx := testenv.Browser(t, 1280, 900)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	testenv.Step(t, ctx,
		chromedp.Navigate(e.URL+"/12380"),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=content]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=subject_name]`), "赵某某"),
		chromedp.SetValue(chromedp.CSS(`select[name=category]`), "selection"),
		chromedp.SendKeys(chromedp.CSS(`input[name=reporter_name]`), "司马举报"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field-err`)),
	)
	if msg := text(`.flash.err`); !strings.Contains(msg, "反映的问题") {
		t.Errorf("error does not name the field: %q", msg)
	}
	testenv.Screenshot(t, ctx, "cadre-12380-public-error")
	testenv.Step(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`textarea[name=content]`), "反映其在干部推荐中打招呼拉票的问题，请组织核查。"),
		chromedp.SendKeys(chromedp.CSS(`input[name=reporter_name]`), "司马举报"),
		chromedp.SendKeys(chromedp.CSS(`input[name=reporter_phone]`), "13912345678"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#code`)),
	)
	code := text(`#code`)
	if len(code) != 12 {
		t.Fatalf("tracking code %q", code)
	}
	testenv.Screenshot(t, ctx, "cadre-12380-public-code")

	// Staff take the case through its steps.
	testenv.Step(t, ctx,
		chromedp.Navigate(e.URL+"/login?next=/supervision/reports"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.Staff),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`table.list`)),
	)
	list := text(`main`)
	if !strings.Contains(list, code) || strings.Contains(list, "司马举报") {
		t.Fatalf("case list: %q", list)
	}
	testenv.Screenshot(t, ctx, "cadre-12380-list")
	testenv.Step(t, ctx,
		chromedp.Click(chromedp.CSS(`table.list a`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=assignee]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=assignee]`), "干部监督科 李科长"),
		chromedp.Click(chromedp.CSS(`#step form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/investigate"]`)),
		chromedp.Click(chromedp.CSS(`form[action$="/investigate"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=conclusion]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=conclusion]`), "经核查，反映问题部分属实，已责令整改。"),
		chromedp.Click(chromedp.CSS(`#step form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=reply]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=reply]`), "您反映的问题已核查处理，感谢您的监督。"),
		chromedp.Click(chromedp.CSS(`#step form button[type=submit]`)),
		// The timeline is on every step's page: wait for the reply form to
		// be gone, so the text below is read from the replied case.
		chromedp.WaitNotPresent(chromedp.CSS(`textarea[name=reply]`)),
		chromedp.WaitVisible(chromedp.CSS(`ol.timeline`)),
	)
	page := text(`main`)
	if !strings.Contains(page, "已答复") || strings.Contains(page, "司马举报") || strings.Contains(page, "13912345678") {
		t.Errorf("case page: %q", page)
	}
	testenv.Screenshot(t, ctx, "cadre-12380-case")

	// The citizen sees the status and the reply only.
	testenv.Step(t, ctx,
		chromedp.Navigate(e.URL+"/12380/status?code="+strings.ToLower(code)),
		chromedp.WaitVisible(chromedp.CSS(`#status`)),
	)
	st := text(`#status`)
	if !strings.Contains(st, "感谢您的监督") || strings.Contains(st, "部分属实") || strings.Contains(st, "赵某某") {
		t.Errorf("public status: %q", st)
	}
	testenv.Screenshot(t, ctx, "cadre-12380-status")
	// A phone-sized screen still shows the case list as cards.
	small := testenv.Browser(t, 375, 800)
	testenv.Step(t, small, chromedp.Navigate(e.URL+"/12380"), chromedp.WaitVisible(chromedp.CSS(`textarea[name=content]`)))
	testenv.Screenshot(t, small, "cadre-12380-phone")
}
