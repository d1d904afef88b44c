package archive_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A clerk of township A receives an archive, files it, lends it (first
// with a due date before the lending date, which is refused), and takes it
// back; the history shows every step.
func TestBrowserArchiveWorkflow(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	ctx := testenv.Browser(t, 1280, 900)
	read := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/archives/new"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.TownA),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`main input[name=id_number]`)),
		chromedp.SendKeys(chromedp.CSS(`main input[name=name]`), "金顺姬"),
		chromedp.SendKeys(chromedp.CSS(`main input[name=id_number]`), idNumber(5)),
		chromedp.SetValue(chromedp.CSS(`main select[name=org_id]`), fmt.Sprint(e.City.BranchA1.ID)),
		chromedp.SendKeys(chromedp.CSS(`main input[name=received_from]`), "东风村党支部 李春梅"),
		chromedp.SendKeys(chromedp.CSS(`main input[name=material_name]`), "入党志愿书"),
		chromedp.SendKeys(chromedp.CSS(`main input[name=material_copies]`), "1"),
	)
	testenv.Screenshot(t, ctx, "archive-receive-form")
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#archive-status`)))
	if s := read(`#archive-status`); s != "已接收" {
		t.Fatalf("after receiving: %q", s)
	}
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`main .actions a[href$="/file"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main input[name=shelf_no]`)),
		chromedp.SendKeys(chromedp.CSS(`main input[name=shelf_no]`), "A-01-07"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#archive-status`)))
	if s := read(`#archive-status`); s != "已归档" {
		t.Fatalf("after filing: %q", s)
	}
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`main .actions a[href$="/lend"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main input[name=borrower]`)),
		chromedp.SendKeys(chromedp.CSS(`main input[name=borrower]`), "朴成浩"),
		chromedp.SendKeys(chromedp.CSS(`main input[name=borrower_unit]`), "市委组织部干部科"),
		chromedp.SendKeys(chromedp.CSS(`main input[name=purpose]`), "干部考察查阅入党材料"),
		chromedp.SetValue(chromedp.CSS(`main input[name=due_on]`), "2001-01-01"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main .field-err`)))
	if s := read(`.flash.err`); !strings.Contains(s, "应还日期") || !strings.Contains(s, "应晚于借出日期") {
		t.Errorf("due date error: %q", s)
	}
	testenv.Screenshot(t, ctx, "archive-lend-error")
	testenv.Step(t, ctx, chromedp.SetValue(chromedp.CSS(`main input[name=due_on]`), "2099-12-31"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#archive-status`)))
	if s := read(`#archive-status`); s != "借出" {
		t.Fatalf("after lending: %q", s)
	}
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`main .actions a[href$="/return"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main input[name=returned_on]`)),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#archive-status`)))
	if s := read(`#archive-status`); s != "已归还" {
		t.Fatalf("after returning: %q", s)
	}
	hist := read(`#archive-history`)
	for _, step := range []string{"接收", "归档", "借出", "归还", "A-01-07", "朴成浩"} {
		if !strings.Contains(hist, step) {
			t.Errorf("history lacks %q: %q", step, hist)
		}
	}
	testenv.Screenshot(t, ctx, "archive-detail")
	// The ledger on a phone.
	testenv.Step(t, ctx, chromedp.EmulateViewport(375, 800), chromedp.Navigate(e.URL+"/archives"),
		chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	testenv.Screenshot(t, ctx, "archive-list-phone")
}
