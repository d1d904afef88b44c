package testenv

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath is Debian's chromium, or what TROIKA_CHROMIUM names.
func ChromiumPath() string {
	if p := os.Getenv("TROIKA_CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// Browser starts a headless chromium for t with a phone- or desk-sized
// window and returns its context. It skips without a browser unless
// TROIKA_REQUIRE_BROWSER=1.
func Browser(t testing.TB, width, height int) context.Context {
	t.Helper()
	path := ChromiumPath()
	if path == "" {
		if os.Getenv("TROIKA_REQUIRE_BROWSER") == "1" {
			t.Fatal("TROIKA_REQUIRE_BROWSER=1 but no chromium found")
		}
		t.Skip("no chromium (apt-get install chromium); run the README's test command")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.WindowSize(width, height),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	// Start the browser now, without a timeout (a timeout on the first
	// run would end the browser with it).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Step runs browser actions with a time limit so a broken page fails the
// test instead of hanging it.
func Step(t testing.TB, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		// Keep a picture of what the browser showed when it failed.
		name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + "-failed"
		if png, serr := chromedp.Run(ctx, chromedp.FullScreenshot(100)); serr == nil {
			_ = os.WriteFile(filepath.Join(ArtifactDir(t), name+".png"), png, 0o644)
		}
		url, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("browser at %s: %v (screenshot %s.png)", url, err, name)
	}
}

// Screenshot saves a full-page PNG as a test artifact under
// test-artifacts/ at the module root and returns its path.
func Screenshot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	dir := ArtifactDir(t)
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

// ArtifactDir is where tests leave files for people to look at.
func ArtifactDir(t testing.TB) string {
	dir := os.Getenv("TROIKA_ARTIFACTS")
	if dir == "" {
		wd, _ := os.Getwd()
		for d := wd; d != filepath.Dir(d); d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				dir = filepath.Join(d, "test-artifacts")
				break
			}
		}
	}
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
