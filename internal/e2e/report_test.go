package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"troika/internal/store"
	"troika/internal/testapp"
	"troika/internal/testenv"
)

// referenceData loads the records behind the report's figures through the
// public API only, as an office would enter them, and returns what each
// figure must read.
func referenceData(t *testing.T, e *testapp.Env) map[string]string {
	t.Helper()
	staff := e.Login(t, testapp.Staff)
	c := e.City
	mk := func(parent int64, name, code, kind, domain, founded string) {
		t.Helper()
		r := staff.API("POST", "/api/v1/orgs", map[string]any{"parent_id": parent, "name": name, "code": code, "kind": kind, "domain": domain, "founded_on": founded})
		if r.Status != 201 {
			t.Fatalf("create %s: %d %s", name, r.Status, r.Body)
		}
	}
	// Row 22: organizations of new business forms founded in 2022 — three
	// in town A, two in town B, one in 2021 that must not count.
	mk(c.TownA.ID, "中共甲镇外卖骑手支部委员会", "NF1", "branch", "newform", "2022-03-01")
	mk(c.TownA.ID, "中共甲镇快递员支部委员会", "NF2", "branch", "newform", "2022-06-15")
	mk(c.TownA.ID, "中共甲镇网约车司机支部委员会", "NF3", "branch", "newform", "2022-12-31")
	mk(c.TownB.ID, "中共乙镇货车司机支部委员会", "NF4", "branch", "newform", "2022-01-01")
	mk(c.TownB.ID, "中共乙镇网络主播支部委员会", "NF5", "branch", "newform", "2022-09-09")
	mk(c.TownB.ID, "中共乙镇家政服务支部委员会", "NF6", "branch", "newform", "2021-12-31")
	// Row 7: temporary branches set up in 2022.
	mk(c.TownA.ID, "甲镇疫情防控临时党支部", "TMP1", "temp", "mixed", "2022-04-02")
	mk(c.TownB.ID, "乙镇核酸检测点临时党支部", "TMP2", "temp", "mixed", "2022-04-05")
	return map[string]string{"org.newform_founded": "5", "org.temp_founded": "2"}
}

func TestAnnualReportFromRecords(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *store.DB) {
		e := testapp.New(t, db)
		want := referenceData(t, e)
		staff := e.Login(t, testapp.Staff)

		// The figures stand in the seed's own sentences.
		page := staff.Page("/reports/annual?period=2022")
		if page.Status != 200 {
			t.Fatalf("report page: %d %.300s", page.Status, page.Body)
		}
		for _, sentence := range []string{
			"在新业态、新就业群体中成立<a class=\"fig\" href=\"/indicators/org.newform_founded?period=2022&amp;org=" + strconv.FormatInt(e.City.Root.ID, 10) + "\"",
			">" + want["org.newform_founded"] + "</a>个党组织",
			">" + want["org.temp_founded"] + "</a>个临时党支部",
			"测试市2022年党建工作情况综述",
		} {
			if !strings.Contains(page.Body, sentence) {
				t.Errorf("report lacks %q", sentence)
			}
		}
		// A figure whose ledger does not exist is never invented: it says
		// so and names the ledger.
		if !strings.Contains(page.Body, "无数据：干部选拔任用台账") {
			t.Error("missing-ledger figure not marked")
		}

		// A township's report counts only its subtree.
		townA := e.Login(t, testapp.TownA)
		if townA.Page("/reports/annual?period=2022&org="+strconv.FormatInt(e.City.TownB.ID, 10)).Status != 404 {
			t.Error("town A reads town B's report")
		}
		a := townA.Page("/reports/annual?period=2022")
		if !strings.Contains(a.Body, ">3</a>个党组织") || !strings.Contains(a.Body, ">1</a>个临时党支部") || !strings.Contains(a.Body, "甲镇2022年") {
			t.Errorf("town A report does not count its subtree: %.2000s", a.Body)
		}

		// The .xlsx lists every figure with its record count.
		x := staff.Page("/reports/annual/xlsx?period=2022")
		f, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		rows, err := f.GetRows(f.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			if len(r) > 5 && r[1] == "org.newform_founded" {
				found = r[3] == "5" && r[5] == "5"
			}
		}
		if !found || len(rows) < 61 {
			t.Errorf("xlsx figures: %d rows, newform row right: %v", len(rows), found)
		}

		// Every generated report is recorded with its template version.
		runs := staff.API("GET", "/api/v1/reports/runs", nil)
		if !strings.Contains(runs.Body, `"template_version":1`) || !strings.Contains(runs.Body, `"format":"xlsx"`) {
			t.Errorf("runs: %s", runs.Body)
		}
	})
}

func TestReportTemplateVersions(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	staff := e.Login(t, testapp.Staff)
	bad := staff.API("POST", "/api/v1/reports/templates/annual", map[string]any{"body": "标题\n\n共有{{no.such_figure}}个，{{org.total|huge}}，{{year", "note": "试"})
	if bad.Status != 422 || !strings.Contains(bad.Body, "no.such_figure") || !strings.Contains(bad.Body, "huge") || !strings.Contains(bad.Body, "不完整") {
		t.Errorf("bad template: %d %s", bad.Status, bad.Body)
	}
	good := staff.API("POST", "/api/v1/reports/templates/annual", map[string]any{"body": "{{city}}{{year}}年组织概况\n\n一、组织\n\n全市共有党组织{{org.total}}个，其中党支部{{org.branches}}个。", "note": "精简版"})
	if good.Status != 201 || !strings.Contains(good.Body, `"version":2`) {
		t.Fatalf("save: %d %s", good.Status, good.Body)
	}
	page := staff.Page("/reports/annual?period=2022")
	if !strings.Contains(page.Body, "测试市2022年组织概况") || !strings.Contains(page.Body, ">6</a>个") || !strings.Contains(page.Body, "第 2 版") {
		t.Errorf("edited template not used: %.1500s", page.Body)
	}
	if r := e.Login(t, testapp.TownA).API("POST", "/api/v1/reports/templates/annual", map[string]any{"body": "x"}); r.Status != 403 {
		t.Errorf("township edits the template: %d", r.Status)
	}
}

// The .docx follows GB/T 9704 and LibreOffice renders it.
func TestAnnualReportDocx(t *testing.T) {
	e := testapp.New(t, testenv.SQLite(t))
	referenceData(t, e)
	staff := e.Login(t, testapp.Staff)
	res := staff.Page("/reports/annual/docx?period=2022")
	if res.Status != 200 {
		t.Fatalf("docx: %d", res.Status)
	}
	z, err := zip.NewReader(bytes.NewReader([]byte(res.Body)), int64(len(res.Body)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			d := xml.NewDecoder(bytes.NewReader(b))
			for {
				if _, err := d.Token(); err != nil {
					if err != io.EOF {
						t.Errorf("%s is not well-formed: %v", f.Name, err)
					}
					break
				}
			}
		}
	}
	doc := parts["word/document.xml"]
	for what, want := range map[string]string{
		"A4":              `<w:pgSz w:w="11906" w:h="16838"/>`,
		"margins":         `<w:pgMar w:top="2098" w:right="1474" w:bottom="1985" w:left="1588"`,
		"22 lines":        `w:linePitch="579"`,
		"title face":      `w:eastAsia="方正小标宋简体"`,
		"title size 2号":   `<w:sz w:val="44"/>`,
		"body face":       `w:eastAsia="仿宋_GB2312"`,
		"heading 黑体":      `w:eastAsia="黑体"`,
		"lead 楷体":         `w:eastAsia="楷体_GB2312"`,
		"body size 3号":    `<w:sz w:val="32"/>`,
		"odd footer":      `<w:footerReference w:type="default"`,
		"even footer":     `<w:footerReference w:type="even"`,
		"figure in prose": `中共测试市委员会`[:0] + `成立`,
		"a chart":         `<c:chart r:id="rIdChart1"/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s (%s)", what, want)
		}
	}
	if !strings.Contains(parts["word/settings.xml"], "evenAndOddHeaders") {
		t.Error("odd and even footers not enabled")
	}
	if !strings.Contains(parts["word/footer1.xml"], "PAGE") || !strings.Contains(parts["word/footer1.xml"], `w:val="right"`) ||
		!strings.Contains(parts["word/footer2.xml"], `w:val="left"`) {
		t.Error("page numbers not right on odd pages and left on even")
	}
	if !strings.Contains(parts["word/charts/chart1.xml"], "<c:barChart>") {
		t.Error("chart part missing")
	}
	if !strings.Contains(parts["word/fontTable.xml"], `<w:altName w:val="宋体"/>`) {
		t.Error("no fallback for the title face")
	}

	// Render with LibreOffice: the document must open and lay out.
	soffice, _ := exec.LookPath("soffice")
	if soffice == "" {
		soffice, _ = exec.LookPath("libreoffice")
	}
	if soffice == "" {
		if os.Getenv("TROIKA_REQUIRE_OFFICE") == "1" {
			t.Fatal("TROIKA_REQUIRE_OFFICE=1 but LibreOffice is not installed")
		}
		t.Skip("no LibreOffice (apt-get install libreoffice-writer-nogui)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "annual.docx")
	if err := os.WriteFile(in, []byte(res.Body), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "annual.pdf")
	st, err := os.Stat(pdf)
	if err != nil || st.Size() < 10000 {
		t.Fatalf("no PDF from LibreOffice: %v", err)
	}
	art := testenv.ArtifactDir(t)
	b, _ := os.ReadFile(pdf)
	_ = os.WriteFile(filepath.Join(art, "annual-report.pdf"), b, 0o644)
	if pdftoppm, err := exec.LookPath("pdftoppm"); err == nil {
		_ = exec.Command(pdftoppm, "-r", "60", "-png", "-f", "1", "-l", "1", pdf, filepath.Join(art, "annual-report-page")).Run()
	}
	if info, err := exec.LookPath("pdfinfo"); err == nil {
		out, _ := exec.Command(info, pdf).Output()
		t.Logf("LibreOffice laid the report out: %s", strings.TrimSpace(string(out)))
	}
}
