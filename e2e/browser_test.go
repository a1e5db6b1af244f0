package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// stepTimeout bounds one browser step, so that a missing element fails the
// test with the step's name instead of hanging until the test deadline.
const stepTimeout = 15 * time.Second

// screenshotDir is where the screenshots go (ignored by git).
const screenshotDir = "screenshots"

// chromiumPath finds the browser: $GERAI_CHROMIUM when set, else Debian's
// chromium or another Chrome on PATH. It returns "" when there is none.
func chromiumPath() string {
	if p := os.Getenv("GERAI_CHROMIUM"); p != "" {
		if full, err := exec.LookPath(p); err == nil {
			return full
		}
		return ""
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// lockedBuffer keeps the browser's own output, shown when a test fails.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 64<<10 { // keep the start, where launch errors are
		return len(p), nil
	}
	return b.buf.Write(p)
}

// String returns the output without the D-Bus complaints of a container.
func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var keep []string
	for _, line := range strings.Split(b.buf.String(), "\n") {
		if !strings.Contains(line, "dbus") && !strings.Contains(line, "DBus") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// browser is one headless Chromium tab pointed at a Gerai server.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu  sync.Mutex
	bad []string // sub-resources (CSS, images) that answered with an error status
	// jsErrors are uncaught exceptions, console.error calls and what the
	// Content-Security-Policy refused: each fails the test at its end.
	jsErrors []string
}

// newBrowser starts Chromium with a fresh profile. Without a Chromium it
// skips the test, or fails it when GERAI_E2E=1 (as CI sets).
func newBrowser(t *testing.T, baseURL string) *browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		const msg = "Chromium not found: install it with `apt-get install -y chromium` (or set GERAI_CHROMIUM to a Chrome binary)"
		if os.Getenv("GERAI_E2E") == "1" {
			t.Fatal(msg + "; GERAI_E2E=1 requires the browser tests to run")
		}
		t.Skip(msg + "; browser test skipped (set GERAI_E2E=1 to make this a failure)")
	}
	profile, err := os.MkdirTemp("", "gerai-e2e-profile-")
	if err != nil {
		t.Fatal(err)
	}
	out := &lockedBuffer{}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("password-store", "basic"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(out),
	}
	var b *browser // set once the browser runs; the cleanup reports its console errors
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		if b != nil {
			b.mu.Lock()
			for _, e := range b.jsErrors {
				t.Errorf("browser console: %s", e)
			}
			b.mu.Unlock()
		}
		if t.Failed() {
			if s := strings.TrimSpace(out.String()); s != "" {
				t.Logf("chromium output:\n%s", s)
			}
		}
		cancelCtx()
		cancelAlloc()
		os.RemoveAll(profile)
	})

	// The first Do launches the browser and ties it to ctx (no deadline);
	// later steps use short-lived child contexts.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start chromium %s: %v\n%s", path, err, out.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("chromium %s did not start within 30 s\n%s", path, out.String())
	}

	b = &browser{t: t, ctx: ctx, base: baseURL}
	if err := chromedp.Listen(ctx, func(ev any) {
		// Runs in the tab's event loop: record only.
		// Browsers ask for /favicon.ico on their own; Gerai has none.
		if ev, ok := ev.(*network.EventResponseReceived); ok && ev.Type != network.ResourceTypeDocument &&
			ev.Response.Status >= 400 && !strings.HasSuffix(ev.Response.URL, "/favicon.ico") {
			b.mu.Lock()
			b.bad = append(b.bad, fmt.Sprintf("%d %s", ev.Response.Status, ev.Response.URL))
			b.mu.Unlock()
		}
		var jsErr string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			jsErr = "exception: " + ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				jsErr += " " + ev.ExceptionDetails.Exception.Description
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				jsErr = "console.error"
				for _, a := range ev.Args {
					jsErr += " " + string(a.Value) + a.Description
				}
			}
		case *cdplog.EventEntryAdded:
			// Network errors are the journeys' own 4xx pages and offline syncs; the rest
			// (security: CSP refusals, javascript, violation) is a broken page.
			if ev.Entry.Level == cdplog.EntryLevelError && ev.Entry.Source != cdplog.EntrySourceNetwork {
				jsErr = fmt.Sprintf("%s: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		}
		if jsErr != "" {
			b.mu.Lock()
			b.jsErrors = append(b.jsErrors, jsErr)
			b.mu.Unlock()
		}
	}); err != nil {
		t.Fatalf("listen to network events: %v", err)
	}
	return b
}

// badResources returns the sub-resources that failed so far.
func (b *browser) badResources() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.bad...)
}

func (b *browser) stepCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, stepTimeout)
}

// do runs steps that return nothing; what names the step in a failure.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v (page %s)", what, err, b.location())
	}
}

// run runs one action and returns its value.
func run[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v (page %s)", what, err, b.location())
	}
	return v
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browser, what, expr string) T {
	b.t.Helper()
	return run(b, what, chromedp.Evaluate[T](expr))
}

// location is the current URL, for error messages ("?" when unknown).
func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return loc
}

// path is the path and query of the current page.
func (b *browser) path() string {
	b.t.Helper()
	loc := b.location()
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatalf("current location %q: %v", loc, err)
	}
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}

// open navigates to a path of the server and checks the final HTTP status.
func (b *browser) open(path string, wantStatus int64) {
	b.t.Helper()
	resp := run(b, "open "+path, chromedp.NavigateResponse(b.base+path))
	if resp == nil {
		b.t.Fatalf("open %s: no response", path)
	}
	if resp.Status != wantStatus {
		b.t.Fatalf("open %s: status %d, want %d", path, resp.Status, wantStatus)
	}
}

// clickNav clicks the element that sel finds, waits for the page it loads,
// and checks the HTTP status of that page (after redirects).
func (b *browser) clickNav(what, sel string, wantStatus int64) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			b.t.Fatalf("%s: clicking %q loaded no page within %v (page %s)", what, sel, stepTimeout, b.location())
		}
		b.t.Fatalf("%s: click %q: %v (page %s)", what, sel, err, b.location())
	}
	if resp == nil {
		b.t.Fatalf("%s: click %q: no response", what, sel)
	}
	if resp.Status != wantStatus {
		b.t.Fatalf("%s: click %q gave status %d, want %d (page %s)", what, sel, resp.Status, wantStatus, b.location())
	}
}

// text is the visible text of the first element sel finds, trimmed.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(run(b, "read text of "+sel, chromedp.Text(chromedp.CSS(sel))))
}

// attr is an attribute of the first element sel finds ("" when absent).
func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	return run(b, "read "+name+" of "+sel, chromedp.AttributeValue(chromedp.CSS(sel), name)).Value
}

// fill replaces the value of a text field by typing, as a user would.
func (b *browser) fill(sel, value string) {
	b.t.Helper()
	// Clear fails on an empty textarea (it looks for a text child) and
	// SetValue refuses "", so empty the field from script.
	b.do("fill "+sel,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel)),
		chromedp.SendKeys(chromedp.CSS(sel), value))
	if got := run(b, "read "+sel, chromedp.Value(chromedp.CSS(sel))); got != value {
		b.t.Fatalf("field %s holds %q after typing %q", sel, got, value)
	}
}

// choose picks an option of a select.
func (b *browser) choose(sel, value string) {
	b.t.Helper()
	b.do("choose "+value+" in "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
	if got := run(b, "read "+sel, chromedp.Value(chromedp.CSS(sel))); got != value {
		b.t.Fatalf("select %s: value %q after choosing %q (no such option?)", sel, got, value)
	}
}

// screenshot saves a full-page PNG under screenshots/.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	png := run(b, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	p := filepath.Join(screenshotDir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s (%s)", p, b.path())
}
