package e2e

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/seed"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/web"
)

// crawlMaxPages bounds the crawl of one role (the demo has a few hundred
// pages per role; the food programme's agency and admin see its 2,000
// households' pages too).
const crawlMaxPages = 4000

// crawlUnreached are the GET routes of internal/web/routes.go that no page
// links to, each with the reason; every other GET route must be reached by
// at least one role, so a page nobody can get to fails the crawl.
var crawlUnreached = map[string]string{
	"GET /kasir/sw.js":               "the cashier's service worker: static/kasir.js registers it, no page links to it",
	"GET /petugas/sw.js":             "the visit form's service worker (the cashier's, offline-sw.js): static/pangan-visit.js registers it, no page links to it",
	"GET /pangan/{id}/stiker/{code}": "a household sticker's QR code holds it: the sticker sheet prints the codes, no page links to it",
	"GET /gabung/{token}":            "a group's invite link: the coordinator copies it or shares it by WhatsApp, no page links to it",
	"GET /atur-sandi/{token}":        "a password reset link: only the email of \"Lupa kata sandi\" holds it (internal/web/account_test.go follows one)",
}

// crawlRole is one kind of visitor: who logs in (nobody for anonymous) and
// the pages the crawl starts from (its dashboard) beside the home page.
type crawlRole struct {
	name, email string
	start       []string
}

// TestCrawl boots `gerai serve --demo` in process and, as each role, follows
// every link and GET form the site renders from the home page and the
// role's dashboard. It fails on a 5xx, an error in the server's log (a
// template that fails to execute), a link to a missing page, a page whose
// HTML is broken, and a GET route that no role reaches. Under GERAI_E2E=1 it
// also loads one page of each route in Chromium (crawl_browser_test.go).
func TestCrawl(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { crawlDemo(t, sqldb.SQLite, os.Getenv("GERAI_E2E") == "1") })
	t.Run("postgres", func(t *testing.T) {
		if !testutil.PostgresConfigured() {
			t.Skip(testutil.PostgresEnv + " is not set: PostgreSQL case not run")
		}
		// The browser part does not depend on the database: SQLite's run has it.
		crawlDemo(t, sqldb.Postgres, false)
	})
}

func crawlDemo(t *testing.T, d sqldb.Dialect, withBrowser bool) {
	started := time.Now()
	serverLog := &serverLog{}
	// An SMTP server is configured (nothing delivers in a test server) so
	// that the login page links to "Lupa kata sandi".
	s := testutil.NewServerOpts(t, app.Config{DB: testutil.NewDSN(t, d), Demo: true, SMTP: "smtp://127.0.0.1:2525?from=demo@gerai.id"}, testutil.Options{
		Log:     slog.New(slog.NewTextHandler(serverLog, nil)),
		Prepare: func(a *app.App) error { return seed.PrepareDemo(context.Background(), a) },
	})
	t.Cleanup(func() {
		if t.Failed() {
			serverLog.mu.Lock()
			t.Logf("server log (end):\n%s", tail(serverLog.buf.String(), 4000))
			serverLog.mu.Unlock()
		}
	})
	for _, e := range serverLog.newErrors() {
		t.Errorf("the server logged while loading the demo: %s", e)
	}
	t.Logf("demo loaded in %v", time.Since(started).Round(time.Millisecond))
	demoLoginsNameRoles(t, s.URL)
	routes, err := newRouteTable(web.Routes(), "GET /media/{key...}")
	if err != nil {
		t.Fatal(err)
	}

	// The cashier starts from /kasir (the running demo expo's booth) and from
	// its booth at Sumsel Expo 2022, which is closed and so not on /kasir.
	var event, booth int64
	if err := s.App.DB.Reader().QueryRow(context.Background(), `SELECT x.event_id, x.id FROM exhibitor_cashiers c
		JOIN users u ON u.id = c.user_id JOIN exhibitors x ON x.id = c.exhibitor_id WHERE u.email = ? ORDER BY x.event_id LIMIT 1`, "kasir@gerai.id").Scan(&event, &booth); err != nil {
		t.Fatalf("the demo cashier's booth: %v", err)
	}
	roles := []crawlRole{
		{name: "anonymous"},
		{name: "buyer", email: "pembeli@gerai.id", start: []string{"/pesanan"}},
		{name: "seller", email: "penjual@gerai.id", start: []string{"/penjual"}},
		{name: "seller-32", email: "euis.kelom@demo.gerai.id", start: []string{"/penjual"}},
		{name: "agency-16", email: "dinas.sumsel@gerai.id", start: []string{"/dinas"}},
		{name: "agency-32", email: "dinas.jabar@gerai.id", start: []string{"/dinas"}},
		{name: "admin", email: "admin@gerai.id", start: []string{"/dinas"}},
		{name: "cashier", email: "kasir@gerai.id", start: []string{"/kasir", fmt.Sprintf("/kasir/%d/%d", event, booth)}},
		{name: "operator", email: "pengelola@gerai.id", start: []string{"/pengelola/pasar"}},
		{name: "officer", email: "penyuluh@gerai.id", start: []string{"/petugas/pangan"}},
		{name: "sponsor", email: "sponsor@gerai.id", start: []string{"/pangan"}},
		{name: "partner", email: "mitra@gerai.id", start: []string{"/mitra"}},
		{name: "partner-bank", email: "mitra.bank@gerai.id", start: []string{"/mitra"}},
	}

	var b *browser
	if withBrowser {
		b = newBrowser(t, s.URL)
	}
	reachedBy := map[string][]string{} // route pattern → roles
	// Every role in Indonesian, then in English (the same templates with
	// other words and number formats); Chromium loads the Indonesian pages.
	for _, lang := range []string{"id", "en"} {
		for _, role := range roles {
			name := role.name
			if lang != "id" {
				name += "-" + lang
			}
			t.Run(name, func(t *testing.T) {
				roleStart := time.Now()
				c, err := newCrawler(name, s.URL, routes, serverLog, crawlMaxPages)
				if err != nil {
					t.Fatal(err)
				}
				if role.email != "" {
					if err := c.login(role.email, seed.DemoPassword); err != nil {
						t.Fatal(err)
					}
				}
				if lang != "id" {
					if err := c.useLanguage(lang); err != nil {
						t.Fatal(err)
					}
				}
				wantMustLoad(c)
				c.crawl(append([]string{"/"}, role.start...)...)
				for _, f := range c.failures {
					t.Error(f)
				}
				for p := range c.reached {
					reachedBy[p] = append(reachedBy[p], name)
				}
				t.Logf("%s reached %d pages (%d routes) in %v; statuses %v", name, c.pages, len(c.reached),
					time.Since(roleStart).Round(time.Millisecond), c.statuses)
				if b != nil && lang == "id" {
					crawlInBrowser(t, b, c)
				}
			})
		}
	}

	// The demo sponsor's staff finds its report ("Bantuan saya" on /pangan).
	if !slices.Contains(reachedBy["GET /pangan/{id}/sponsor/{sid}"], "sponsor") {
		t.Errorf("the demo sponsor does not reach its report: reached by %v", reachedBy["GET /pangan/{id}/sponsor/{sid}"])
	}
	// Coverage: every GET route is reached by some role, or says why not.
	for _, p := range routes.get {
		why, allowed := crawlUnreached[p]
		switch roles := reachedBy[p]; {
		case len(roles) == 0 && !allowed:
			t.Errorf("no role reaches %s: link it from a page, or add it to crawlUnreached with the reason", p)
		case len(roles) > 0 && allowed:
			t.Errorf("%s is reached (by %s) but listed in crawlUnreached (%s): take it off the list", p, strings.Join(roles, ", "), why)
		}
	}
	for p := range crawlUnreached {
		if !slices.Contains(routes.get, p) {
			t.Errorf("crawlUnreached lists %s, which is no GET route of the web UI", p)
		}
	}
	t.Logf("crawl of %d roles, %d GET routes: %v in all", len(roles), len(routes.get), time.Since(started).Round(time.Millisecond))
}

// tail is the end of a long text.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// demoLoginsNameRoles: the login page's list of demo accounts says what each
// is for in the visitor's language ("Penjual" / "Seller"), not a role code.
func demoLoginsNameRoles(t *testing.T, base string) {
	for lang, want := range map[string][]string{
		"id": {"<td>Admin</td>", "<td>Dinas</td>", "<td>Penjual</td>", "<td>Pembeli</td>", "<td>Kasir booth</td>"},
		"en": {"<td>Admin</td>", "<td>Agency</td>", "<td>Seller</td>", "<td>Buyer</td>", "<td>Booth cashier</td>"},
	} {
		req, _ := http.NewRequest("GET", base+"/masuk", nil)
		req.AddCookie(&http.Cookie{Name: "gerai_lang", Value: lang})
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		for _, w := range want {
			if !strings.Contains(string(body), w) {
				t.Errorf("login page in %s: the demo accounts do not show %s", lang, w)
			}
		}
		for _, code := range []string{"<td>seller</td>", "<td>buyer</td>", "<td>agency</td>"} {
			if strings.Contains(string(body), code) {
				t.Errorf("login page in %s shows the role code %s", lang, code)
			}
		}
	}
}
