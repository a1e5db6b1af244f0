package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The crawler: it walks the web UI as one role, following every link and
// every GET form the pages render, and records what is wrong. It knows
// nothing of particular pages, so a new page is crawled as soon as a page
// links to it, and a new route nobody links to fails the coverage check.

// crawlTypicalSearch is the value a search form is also sent with, beside
// its defaults: a word the demo's catalogue holds.
const crawlTypicalSearch = "kemplang"

// routeTable matches a URL to the route pattern that serves it, with the
// web UI's patterns (web.Routes) registered on a ServeMux of its own, so
// that /produk/12 and /produk/13 are one route, as the server sees them.
type routeTable struct {
	mux *http.ServeMux
	// get lists the GET patterns of the web UI.
	get []string
}

// newRouteTable takes the web UI's patterns and those the app serves beside
// them (extra), e.g. the media files.
func newRouteTable(web []string, extra ...string) (*routeTable, error) {
	rt := &routeTable{mux: http.NewServeMux()}
	for _, p := range web {
		if strings.HasPrefix(p, "GET ") {
			rt.get = append(rt.get, p)
		}
	}
	if len(rt.get) < 10 {
		return nil, fmt.Errorf("found only %d GET routes in %q", len(rt.get), web)
	}
	noop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for _, p := range append(web, extra...) {
		rt.mux.Handle(p, noop)
	}
	return rt, nil
}

// pattern is the route pattern that serves a GET of u ("/" when no route does).
func (rt *routeTable) pattern(u *url.URL) string {
	_, p := rt.mux.Handler(&http.Request{Method: http.MethodGet, URL: u, Host: u.Host})
	return p
}

// serverLog keeps the server's log lines; the crawl reads the errors
// logged while it fetched each page.
type serverLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
	// read is how much of buf the crawl has looked at.
	read int
}

// Write takes one record: slog's handlers write each in one call.
func (l *serverLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// newErrors returns the ERROR records written since the last call.
func (l *serverLog) newErrors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	fresh := l.buf.String()[l.read:]
	l.read = l.buf.Len()
	var errs []string
	for _, line := range strings.Split(fresh, "\n") {
		if strings.Contains(line, "level=ERROR") {
			errs = append(errs, line)
		}
	}
	return errs
}

// fetched is one URL the crawl fetched, after its redirects.
type fetched struct {
	URL         *url.URL // the last URL of the redirect chain
	Status      int
	ContentType string
	Body        []byte
	Doc         *html.Node // parsed, for an HTML answer
}

// pageCheck looks at one fetched HTML page and returns what is wrong with it.
type pageCheck func(p *fetched) []string

// pageChecks run on every HTML page the crawl fetches.
var pageChecks = []pageCheck{checkHTMLStructure}

// wantRank ranks a page holding its route's wanted marker above any page
// without it, whatever their sizes.
const wantRank = 1 << 40

// crawlLink is a URL to visit and the page that linked to it.
type crawlLink struct {
	url  *url.URL
	from string
	// resource: a stylesheet, script or image; checked, never parsed.
	resource bool
}

// crawler walks the site as one role. It fetches one page at a time, so
// that an error in the server's log belongs to the page just fetched.
type crawler struct {
	role     string
	base     *url.URL
	client   *http.Client
	routes   *routeTable
	log      *serverLog
	maxPages int

	queue []crawlLink
	seen  map[string]bool
	// perRoute counts the pages queued of each route pattern: past
	// maxPerRoute the crawl samples instead of reading every household of
	// a province (the checks are per page kind; a kind's 150th page finds
	// nothing its first 150 did not).
	perRoute map[string]int
	pages    int // HTML and file pages fetched (resources not counted)
	failures []string
	statuses map[int]int
	// reached maps each route pattern answered with a 2xx (or a redirect
	// of its own) to the first URL that did.
	reached map[string]string
	// htmlPages maps each route pattern to the URL of one HTML page it
	// answered 200 with, what the browser loads: the first holding the
	// route's marker in want, else the largest (the most rows and the
	// longest names, so the likeliest to be too wide for a phone).
	htmlPages map[string]string
	htmlRank  map[string]int // of each of htmlPages: its size, plus wantRank with the marker
	// want maps route patterns to a piece of HTML that the page the
	// browser loads must hold (crawlMustLoad).
	want map[string]string
	// lang is the language the pages must be in (the html element's lang).
	lang string
	// langChecked: the language switch is checked once per role, not
	// followed (it would turn the rest of the crawl to English).
	langChecked bool
}

// maxPerRoute bounds the pages of one route pattern a role reads.
const maxPerRoute = 150

func newCrawler(role, base string, routes *routeTable, log *serverLog, maxPages int) (*crawler, error) {
	b, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	jar, _ := cookiejar.New(nil)
	c := &crawler{role: role, base: b, routes: routes, log: log, maxPages: maxPages,
		lang: "id", seen: map[string]bool{}, perRoute: map[string]int{}, statuses: map[int]int{}, reached: map[string]string{}, htmlPages: map[string]string{}, htmlRank: map[string]int{}, want: map[string]string{}}
	c.client = &http.Client{Jar: jar, Timeout: 30 * time.Second,
		// Redirects are followed by fetch, one hop at a time, so each hop is checked.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return c, nil
}

func (c *crawler) fail(format string, args ...any) {
	c.failures = append(c.failures, fmt.Sprintf(format, args...))
}

// login signs in through the login form, as a person would.
func (c *crawler) login(email, password string) error {
	form, err := c.get(c.base.ResolveReference(&url.URL{Path: "/masuk"}))
	if err != nil {
		return err
	}
	if form.Status != 200 || form.Doc == nil {
		return fmt.Errorf("login form: status %d", form.Status)
	}
	csrf := ""
	walk(form.Doc, func(n *html.Node) {
		if n.DataAtom == atom.Input && attr(n, "name") == "csrf_token" {
			csrf = attr(n, "value")
		}
	})
	res, err := c.client.PostForm(c.base.String()+"/masuk", url.Values{"csrf_token": {csrf}, "email": {email}, "password": {password}})
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("login %s: status %d, want 303", email, res.StatusCode)
	}
	return nil
}

// useLanguage turns the UI to lang ("id" or "en") for the rest of the crawl,
// with the language switch.
func (c *crawler) useLanguage(lang string) error {
	res, err := c.client.Get(c.base.String() + "/bahasa?l=" + lang + "&next=/")
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("language switch to %s: status %d, want 303", lang, res.StatusCode)
	}
	c.lang = lang
	return nil
}

// get fetches u and follows its redirects within the site.
func (c *crawler) get(u *url.URL) (*fetched, error) {
	for hop := 0; ; hop++ {
		if hop == 10 {
			return nil, fmt.Errorf("more than 10 redirects")
		}
		res, err := c.client.Get(u.String())
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(io.LimitReader(res.Body, 32<<20))
		res.Body.Close()
		if err != nil {
			return nil, err
		}
		if res.StatusCode < 400 {
			c.markReached(u)
		}
		if res.StatusCode >= 300 && res.StatusCode < 400 && res.Header.Get("Location") != "" {
			next, err := u.Parse(res.Header.Get("Location"))
			if err != nil {
				return nil, fmt.Errorf("redirect to %q: %v", res.Header.Get("Location"), err)
			}
			if !c.onSite(next) {
				return nil, fmt.Errorf("redirects off the site, to %s", next)
			}
			u = next
			continue
		}
		f := &fetched{URL: u, Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"), Body: body}
		if strings.HasPrefix(f.ContentType, "text/html") {
			if f.Doc, err = html.Parse(bytes.NewReader(body)); err != nil {
				return nil, fmt.Errorf("parse HTML: %v", err)
			}
		}
		return f, nil
	}
}

func (c *crawler) markReached(u *url.URL) {
	p := c.routes.pattern(u)
	if _, ok := c.reached[p]; !ok {
		c.reached[p] = u.RequestURI()
	}
}

func (c *crawler) onSite(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host == c.base.Host
}

// enqueue adds a link unless it was seen, leaves the site or is one the
// crawl must not follow.
func (c *crawler) enqueue(raw string, from *url.URL, resource bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.HasPrefix(raw, "#") {
		return
	}
	u, err := from.Parse(raw)
	if err != nil {
		c.fail("%s: link %q does not parse: %v", from.RequestURI(), raw, err)
		return
	}
	if u.Scheme == "data" || u.Scheme == "mailto" || u.Scheme == "tel" || u.Scheme == "javascript" {
		return
	}
	if !c.onSite(u) {
		return // another site (a WhatsApp share link): not ours to crawl
	}
	u.Fragment, u.RawFragment = "", ""
	u.ForceQuery = false // href="?" is the page itself
	switch u.Path {
	case "/keluar":
		return // logging out would end the role's crawl
	case "/bahasa":
		c.checkLanguageSwitch(u, from)
		return
	}
	key := u.RequestURI()
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	if !resource {
		p := c.routes.pattern(u)
		if c.perRoute[p]++; c.perRoute[p] > maxPerRoute {
			return
		}
	}
	l := crawlLink{url: u, resource: resource}
	if from != c.base {
		l.from = from.RequestURI()
	}
	c.queue = append(c.queue, l)
}

// checkLanguageSwitch asks for the language switch once, without keeping
// its cookie: it must send the visitor back to a page of the site.
func (c *crawler) checkLanguageSwitch(u, from *url.URL) {
	if c.langChecked {
		return
	}
	c.langChecked = true
	req, _ := http.NewRequest(http.MethodGet, u.String(), nil)
	for _, ck := range c.client.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	res, err := (&http.Client{CheckRedirect: c.client.CheckRedirect, Timeout: c.client.Timeout}).Do(req)
	if err != nil {
		c.fail("%s (linked from %s): %v", u.RequestURI(), from.RequestURI(), err)
		return
	}
	res.Body.Close()
	back, err := u.Parse(res.Header.Get("Location"))
	if res.StatusCode/100 != 3 || err != nil || !c.onSite(back) {
		c.fail("%s (linked from %s): status %d to %q, want a redirect back to the site", u.RequestURI(), from.RequestURI(), res.StatusCode, res.Header.Get("Location"))
		return
	}
	c.markReached(u)
	c.enqueue(back.String(), from, false)
}

// crawl visits start and everything reachable from it, up to maxPages.
func (c *crawler) crawl(start ...string) {
	for _, s := range start {
		c.enqueue(s, c.base, false)
	}
	for len(c.queue) > 0 {
		l := c.queue[0]
		c.queue = c.queue[1:]
		if !l.resource {
			if c.pages >= c.maxPages {
				c.fail("stopped after %d pages with %d still queued (raise maxPages if the site grew)", c.pages, len(c.queue)+1)
				return
			}
			c.pages++
		}
		c.visit(l)
	}
}

func (c *crawler) visit(l crawlLink) {
	what := l.url.RequestURI()
	if l.from != "" {
		what += " (linked from " + l.from + ")"
	}
	f, err := c.get(l.url)
	for _, e := range c.log.newErrors() {
		c.fail("%s: the server logged: %s", what, e)
	}
	if err != nil {
		c.fail("%s: %v", what, err)
		return
	}
	c.statuses[f.Status]++
	switch {
	case f.Status >= 500:
		c.fail("%s: status %d: %s", what, f.Status, snippet(f.Body))
	case f.Status == http.StatusNotFound || f.Status == http.StatusGone:
		c.fail("%s: status %d, a link to a missing page", what, f.Status)
	}
	if f.Doc == nil {
		return
	}
	for _, check := range pageChecks {
		for _, problem := range check(f) {
			c.fail("%s: %s", what, problem)
		}
	}
	if lang := htmlLang(f.Doc); lang != c.lang {
		c.fail("%s: the page is in language %q, want %q", what, lang, c.lang)
	}
	if f.Status == 200 {
		p := c.routes.pattern(f.URL)
		rank := len(f.Body)
		if m := c.want[p]; m != "" && bytes.Contains(f.Body, []byte(m)) {
			rank += wantRank
		}
		if rank > c.htmlRank[p] {
			c.htmlPages[p], c.htmlRank[p] = f.URL.RequestURI(), rank
		}
	}
	c.follow(f)
}

// follow queues the links, GET forms and sub-resources of a page.
func (c *crawler) follow(f *fetched) {
	walk(f.Doc, func(n *html.Node) {
		switch n.DataAtom {
		case atom.A:
			if h, ok := attrOK(n, "href"); ok {
				c.enqueue(h, f.URL, false)
			}
		case atom.Form:
			if m := strings.ToLower(attr(n, "method")); m == "" || m == "get" {
				for _, q := range formQueries(n) {
					action := attr(n, "action")
					if action == "" {
						action = f.URL.Path
					}
					u, err := f.URL.Parse(action)
					if err != nil {
						c.fail("%s: form action %q does not parse: %v", f.URL.RequestURI(), action, err)
						continue
					}
					u.RawQuery = q
					c.enqueue(u.String(), f.URL, false)
				}
			}
		case atom.Img, atom.Script:
			if s, ok := attrOK(n, "src"); ok {
				c.enqueue(s, f.URL, true)
			}
		case atom.Link:
			if h, ok := attrOK(n, "href"); ok {
				c.enqueue(h, f.URL, true)
			}
		}
	})
}
