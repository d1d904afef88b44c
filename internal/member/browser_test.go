package member_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"troika/internal/member"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// A township clerk imports the branch's own roster with two bad rows, sees
// that nothing was written, downloads the error workbook and reads it;
// then looks at the roster on a phone.
func TestBrowserImportWithBadRows(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	seedHTTP(t, e)
	ctx := testenv.Browser(t, 1280, 900)
	good := member.MakeID("222405", "19720304", 7, true)
	bad := good[:17] + "0"
	if good[17] == '0' {
		bad = good[:17] + "1"
	}
	data := workbook(t, func(emit func(cells ...any) error) error {
		for _, r := range [][]any{
			{"韩英男", "男", "朝鲜族", "1972-03-04", good, "13843355555", "高中", "农民", "1998-07-01", "1999-07-01", "正式党员", "无职", "", "否", "", "", "TA01"},
			{"许美兰", "女", "朝鲜族", "", bad, "", "初中及以下", "农民", "1999-07-01", "2000-07-01", "正式党员", "无职", "", "否", "", "", "TA01"},
			{"南凤吉", "男", "朝鲜族", "", member.MakeID("222406", "19660606", 9, true), "", "中专", "农民", "2001-07-01", "2000-07-01", "正式党员", "", "", "是", "", "", "TB01"},
		} {
			if err := emit(r...); err != nil {
				return err
			}
		}
		return nil
	})
	file := filepath.Join(t.TempDir(), "东风村党员花名册.xlsx")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	testenv.Step(t, ctx, chromedp.Navigate(e.URL+"/members"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), testapp.TownA),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), testapp.Password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`main .import-form`)),
	)
	testenv.Screenshot(t, ctx, "member-list")
	testenv.Step(t, ctx,
		chromedp.SetUploadFiles(chromedp.CSS(`main .import-form input[type=file]`), []string{file}),
		chromedp.Click(chromedp.CSS(`main .import-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#error-workbook`)),
	)
	state, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#import-state`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(state, "2 行有误") {
		t.Fatalf("import state: %q", state)
	}
	testenv.Screenshot(t, ctx, "member-import-failed")
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#error-workbook`), "href"))
	if err != nil {
		t.Fatal(err)
	}
	c := e.Login(t, testapp.TownA)
	res := c.Page(href.Value)
	if res.Status != 200 {
		t.Fatalf("error workbook: %d", res.Status)
	}
	xf, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := xf.GetRows(xf.GetSheetList()[0])
	var lines []string
	for _, r := range rows {
		lines = append(lines, strings.Join(r, "|"))
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{"行号|列|", "3|公民身份号码|" + bad + "|身份证号校验码不正确", "4|转正日期|2000-07-01|不能早于入党日期",
		"4|所在党组织编码|TB01|", "4|流出去向||流动党员应填写流出去向"} {
		if !strings.Contains(got, want) {
			t.Errorf("error workbook lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(c.Page("/members").Body, "韩英男") {
		t.Fatal("a failed import wrote its good row")
	}

	// On a phone: the roster and a member's page.
	testenv.Step(t, ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Navigate(e.URL+"/members"), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	testenv.Screenshot(t, ctx, "member-list-phone")
	testenv.Step(t, ctx, chromedp.Click(chromedp.CSS(`table.list a`)), chromedp.WaitVisible(chromedp.CSS(`ol.timeline`)))
	testenv.Screenshot(t, ctx, "member-detail-phone")
}
