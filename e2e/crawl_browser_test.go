package e2e

import (
	"context"
	"fmt"
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

// browserChecks run on every page the crawl loads in Chromium; a check for
// every page (such as the width at 412 px) belongs here.
var browserChecks = []browserCheck{consoleClean}

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
	// After the load event, one more turn of the page's event loop, so that
	// what its scripts do on load has reported its errors.
	settle := chromedp.Evaluate[chromedp.Void](`new Promise(r => setTimeout(r, 50))`, chromedp.EvalAwaitPromise)
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
		stop()
	}
	t.Logf("%s: %d pages loaded in Chromium, one per route", c.role, loaded)
}
