package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The crawl's browser part (GERAI_E2E=1): after a role's crawl, one page of
// each route the role reached is loaded in Chromium with the role's session,
// and every check of browserChecks looks at it.

// browserPage is one page the crawl loaded in Chromium.
type browserPage struct {
	Role    string
	Pattern string // the route, e.g. "GET /produk/{id}"
	Path    string // the path and query loaded
	// Ctx is the tab, loaded: a check reads the page with chromedp.Run(p.Ctx, …).
	Ctx context.Context
	// Console holds what the console showed as errors while the page
	// loaded: console.error and failed asserts, uncaught exceptions, and
	// the browser's own errors (a refused script, a resource that failed).
	Console []string
}

// browserCheck looks at one page loaded in Chromium and returns what is wrong.
type browserCheck func(p *browserPage) []string

// browserChecks run on every page the crawl loads in Chromium (at
// phoneWidth, see phoneViewport); a check for every page belongs here.
var browserChecks = []browserCheck{consoleClean, fitsPhone}

// crawlMustLoad are page variants the browser pass must load, each for the
// role that sees it: the pages issue 10 found too wide for a phone, so that
// the width check keeps looking at them. The page loaded for the route is
// one whose HTML holds marker (the product page with the buyer's open
// group order, not any product page). The cashier's receipt, made by
// script after a sale, is measured by TestCashierWorksOffline.
var crawlMustLoad = []struct{ role, pattern, marker, what string }{
	{"buyer", "GET /produk/{id}", `class="actions group-add"`, "the product page with the buyer's open group order"},
	{"buyer", "GET /kelompok/pesanan/{id}", `<table class="shares`, "a group order's shares"},
	{"seller", "GET /penjual", "<table", "the seller dashboard's tables"},
	{"agency-16", "GET /expo/{id}/laporan", `<div class="sections">`, "the expo report's tables"},
	{"agency-16", "GET /dinas/expo/{id}", `<table class="exhibitors`, "the expo management's exhibitors"},
	{"anonymous", "GET /expo/{id}", `<svg class="booth-map"`, "an expo's booth map"},
	{"sponsor", "GET /pangan/{id}/sponsor/{sid}", `<table`, "a sponsor's report with its survival and deliveries tables"},
	{"agency-16", "GET /pengelola/pangan/{id}/kelompok/{gid}", `<table class="households"`, "a group's members"},
}

// wantMustLoad tells c's crawl which pages crawlMustLoad wants for its role.
func wantMustLoad(c *crawler) {
	for _, m := range crawlMustLoad {
		if m.role == c.role {
			c.want[m.pattern] = m.marker
		}
	}
}

// consoleClean fails a page whose console showed an error.
func consoleClean(p *browserPage) []string {
	var out []string
	for _, c := range p.Console {
		out = append(out, "console: "+c)
	}
	return out
}

// crawlInBrowser loads one page of each route c reached, in a fresh
// browser context (its own cookies) holding c's session.
func crawlInBrowser(t *testing.T, b *browser, c *crawler) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	var mu sync.Mutex
	var console []string
	if err := chromedp.Listen(ctx, func(ev any) {
		// Runs in the tab's event loop: record only.
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range ev.Args {
					if a.Description != "" {
						parts = append(parts, a.Description)
					} else {
						parts = append(parts, strings.Trim(string(a.Value), `"`))
					}
				}
				msg = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg = "uncaught exception: " + d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			msg += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				msg = fmt.Sprintf("%s: %s", ev.Entry.Source, ev.Entry.Text)
				if ev.Entry.URL != "" {
					msg += " (" + ev.Entry.URL + ")"
				}
			}
		}
		if msg != "" {
			mu.Lock()
			console = append(console, msg)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatalf("browser: listen to the console: %v", err)
	}
	var cookies []*network.CookieParam
	for _, ck := range c.client.Jar.Cookies(c.base) {
		cookies = append(cookies, &network.CookieParam{Name: ck.Name, Value: ck.Value, URL: c.base.String(), Path: "/", HTTPOnly: true})
	}
	if len(cookies) > 0 {
		if _, err := chromedp.Call(ctx, network.SetCookies, network.SetCookiesParams{Cookies: cookies}); err != nil {
			t.Fatalf("browser: set the %s session: %v", c.role, err)
		}
	}
	if err := chromedp.Do(ctx, phoneViewport()); err != nil {
		t.Fatalf("browser: phone viewport: %v", err)
	}
	// After the load event, one more turn of the page's event loop, so that
	// what its scripts do on load has reported its errors.
	settle := chromedp.Evaluate[chromedp.Void](`new Promise(r => setTimeout(r, 50))`, chromedp.EvalAwaitPromise)
	shots := os.Getenv("GERAI_CRAWL_SHOTS")
	loaded := 0
	for _, pattern := range sortedKeys(c.htmlPages) {
		path := c.htmlPages[pattern]
		mu.Lock()
		console = nil
		mu.Unlock()
		step, stop := context.WithTimeout(ctx, stepTimeout)
		err := chromedp.Do(step, chromedp.Navigate(c.base.String()+path), settle)
		if err != nil {
			stop()
			t.Errorf("browser: %s: %v", path, err)
			continue
		}
		loaded++
		mu.Lock()
		p := &browserPage{Role: c.role, Pattern: pattern, Path: path, Ctx: step, Console: slices.Clone(console)}
		mu.Unlock()
		for _, check := range browserChecks {
			for _, problem := range check(p) {
				t.Errorf("browser: %s: %s", path, problem)
			}
		}
		if shots != "" {
			saveCrawlShot(t, p, shots)
		}
		stop()
	}
	for _, m := range crawlMustLoad {
		if m.role == c.role && c.htmlRank[m.pattern] < wantRank {
			t.Errorf("browser: %s reached no page of %s holding %s, so %s was not measured at %d px", c.role, m.pattern, m.marker, m.what, phoneWidth)
		}
	}
	t.Logf("%s: %d pages loaded in Chromium, one per route", c.role, loaded)
}

// saveCrawlShot writes a full-page PNG of p into dir, named after the role
// and the route ("buyer-produk-id.png"), for a person to look at every page
// at phone width: GERAI_CRAWL_SHOTS=dir.
func saveCrawlShot(t *testing.T, p *browserPage, dir string) {
	t.Helper()
	png, err := chromedp.Run(p.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("browser: screenshot %s: %v", p.Path, err)
		return
	}
	route := strings.Trim(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.TrimPrefix(p.Pattern, "GET ")), "-")
	if route == "" {
		route = "home"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, p.Role+"-"+route+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
