package event_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"troika/internal/testapp"
	"troika/internal/testenv"
)

// On a 375-px phone: a resident reports a problem with a photo on the
// public page (first forgetting the place), gets a tracking code; a grid
// worker files a case on the phone report page; town A's clerk takes the
// resident's case through accept, dispatch, handle, verify and close; the
// resident follows it by code and evaluates it.
func TestBrowserLifecycle(t *testing.T) {
	f := newFx(t, testenv.SQLite(t))
	e := f.e
	ctx := testenv.Browser(t, 375, 800)
	photo := filepath.Join(t.TempDir(), "现场.png")
	if err := os.WriteFile(photo, pngBytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	read := func(sel string) string {
		t.Helper()
		tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		s, err := chromedp.Run(tctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/public/events/new"),
		chromedp.WaitVisible(chromedp.CSS(`#public-report select[name=org_id]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=org_id]`), fmt.Sprint(e.City.BranchA1.ID)),
		chromedp.SetValue(chromedp.CSS(`select[name=category_id]`), fmt.Sprint(f.catInfra)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=description]`), "路灯坏了，晚上很黑"),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=photo]`), []string{photo}))
	// The browser's own check would stop the form; the server's is tested.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[name=place]').removeAttribute('required') === undefined`)); err != nil {
		t.Fatal(err)
	}
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`#public-report button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field-err`)))
	if s := read(`.flash.err`); !strings.Contains(s, "事发地点") {
		t.Errorf("missing place: %q", s)
	}
	if s, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`textarea[name=description]`))); s != "路灯坏了，晚上很黑" {
		t.Errorf("description not kept: %q", s)
	}
	testenv.Screenshot(t, ctx, "event-public-error-phone")
	testenv.Step(t, ctx, chromedp.SendKeys(chromedp.CSS(`input[name=place]`), "东风村3组文化广场"),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=photo]`), []string{photo}),
		chromedp.Click(chromedp.CSS(`#public-report button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#track-code`)))
	code := read(`#track-code`)
	if len(code) != 10 || read(`#track-status`) != "已上报" {
		t.Fatalf("code %q status %q", code, read(`#track-status`))
	}
	testenv.Screenshot(t, ctx, "event-public-received-phone")

	// A grid worker on the phone report page.
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/login?next=/events/new"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), gridUser),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`#event-new select[name=category_id]`)),
		chromedp.SetValue(chromedp.CSS(`#event-new select[name=category_id]`), fmt.Sprint(f.catInfra)),
		chromedp.SendKeys(chromedp.CSS(`#event-new input[name=place]`), "东风村3组文化广场东侧"),
		chromedp.SendKeys(chromedp.CSS(`#event-new textarea[name=description]`), "垃圾桶满溢"))
	testenv.Screenshot(t, ctx, "event-grid-report-phone")
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`#event-new button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#event-status`)))
	if s := read(`#event-status`); s != "已上报" {
		t.Errorf("grid report: %q", s)
	}
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`header form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)))

	// Town A's clerk takes the resident's case to its end.
	var id int64
	if err := f.db.QueryRowContext(f.ctx, `SELECT id FROM events WHERE code = ?`, code).Scan(&id); err != nil {
		t.Fatal(err)
	}
	casePage := fmt.Sprintf("%s/events/%d", e.URL, id)
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/login?next="+fmt.Sprintf("/events/%d", id)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.TownA),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`#event-actions`)))
	testenv.Screenshot(t, ctx, "event-case-reported-phone")
	for _, st := range []struct{ step, note, want string }{
		{"accept", "", "已受理"}, {"dispatch", "", "已派遣"}, {"handle", "已更换路灯灯泡", "已处置"}, {"verify", "", "已核查"}, {"close", "", "已办结"},
	} {
		acts := []chromedp.Action[chromedp.Void]{chromedp.WaitVisible(chromedp.CSS(`form[data-step=` + st.step + `] button`))}
		if st.note != "" {
			acts = append(acts, chromedp.SendKeys(chromedp.CSS(`form[data-step=`+st.step+`] textarea[name=note]`), st.note))
		}
		acts = append(acts, chromedp.Click(chromedp.CSS(`form[data-step=`+st.step+`] button`)))
		testenv.Step(t, ctx, acts...)
		// The click navigates: wait for the new page's status.
		var s string
		for i := 0; i < 100 && s != st.want; i++ {
			time.Sleep(100 * time.Millisecond)
			s, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#event-status`), chromedp.AtLeast(0)))
		}
		if s != st.want {
			t.Fatalf("after %s: %q", st.step, s)
		}
		if st.step == "accept" {
			// The possible duplicate (the grid worker's report nearby) is offered.
			if s := read(`#event-duplicates`); !strings.Contains(s, "文化广场东侧") {
				t.Errorf("duplicate hint: %q", s)
			}
		}
	}
	tl := read(`#event-timeline`)
	for _, w := range []string{"上报", "受理", "派遣", "处置完毕", "已更换路灯灯泡", "核查通过", "办结"} {
		if !strings.Contains(tl, w) {
			t.Errorf("timeline lacks %q", w)
		}
	}
	testenv.Screenshot(t, ctx, "event-case-closed-phone")
	_ = casePage

	// The resident follows the code and evaluates.
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/public/events/track"),
		chromedp.WaitVisible(chromedp.CSS(`#public-track input[name=code]`)),
		chromedp.SendKeys(chromedp.CSS(`#public-track input[name=code]`), strings.ToLower(code)),
		chromedp.Click(chromedp.CSS(`#public-track button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#track-evaluate`)))
	if s := read(`#track-status`); s != "已办结" {
		t.Errorf("tracked status %q", s)
	}
	if s := read(`#event-timeline`); !strings.Contains(s, "已更换路灯灯泡") || strings.Contains(s, "经办") {
		t.Errorf("public timeline: %q", s)
	}
	testenv.Screenshot(t, ctx, "event-track-closed-phone")
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`#track-evaluate input[value=satisfied]`)),
		chromedp.SendKeys(chromedp.CSS(`#track-evaluate textarea[name=comment]`), "处理及时，谢谢"),
		chromedp.Click(chromedp.CSS(`#track-evaluate button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)))
	if s := read(`#public-case`); !strings.Contains(s, "满意") || !strings.Contains(s, "感谢您的评价") {
		t.Errorf("after evaluating: %q", s)
	}
	testenv.Screenshot(t, ctx, "event-track-evaluated-phone")
}
