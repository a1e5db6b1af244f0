package e2e

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/gerai-id/gerai/internal/web"
)

// The crawler's own parts, each on a page made for it: what TestCrawl
// relies on to find a broken page must itself find it.

func TestCheckHTMLStructure(t *testing.T) {
	page := func(body string) *fetched {
		if strings.HasPrefix(body, "<!doctype") {
			return &fetched{Body: []byte(body)}
		}
		return &fetched{Body: []byte(`<!doctype html><html lang="id"><head><title>x</title></head><body>` + body + `</body></html>`)}
	}
	for _, tc := range []struct {
		name, body string
		want       []string // substrings of the problems, in order; none for a good page
	}{
		{"good page", `<main><p>a<br>b</p><ul><li>one<li>two</ul><table><tr><td>1<td>2<tr><td>3</table>` +
			`<label for="f-a">A</label><select id="f-a"><option>a<option>b</select><svg><path d="M0 0"/></svg><img src="x.png"></main>`, nil},
		{"optional end tags left out", `<!doctype html><html><head><title>x</title><body><p>x`, nil},
		{"never closed", `<!doctype html><html><body><main><p>x`, []string{"<main> is never closed"}},
		{"paragraph closed by a block", `<p>text<div>block</div>`, nil},
		{"unclosed div", `<main><div>text</main>`, []string{"<div> is not closed before </main>"}},
		{"stray end tag", `<p>x</p></span>`, []string{"</span> closes nothing"}},
		{"left open", `<section><div>x</div>`, []string{"<section> is not closed before </body>"}},
		{"nested form", `<form><form></form></form>`, []string{"<form> inside a <form>"}},
		{"nested link", `<a href="/a"><a href="/b">b</a></a>`, []string{"<a> inside an <a>"}},
		{"label for nothing", `<label for="f-x">X</label><input id="f-y">`, []string{`<label for="f-x"> names no element`}},
		{"duplicate id", `<input id="f-name"><input id="f-name">`, []string{`id "f-name" is used twice`}},
		{"self-closing div", `<div/>`, []string{"<div/> does not close itself"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := checkHTMLStructure(page(tc.body))
			if len(got) != len(tc.want) {
				t.Fatalf("problems %q, want %d like %q", got, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d is %q, want it to say %q", i, got[i], w)
				}
			}
		})
	}
}

func TestFormQueries(t *testing.T) {
	form := func(src string) *html.Node {
		nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
		if err != nil {
			t.Fatal(err)
		}
		return nodes[0]
	}
	for _, tc := range []struct {
		name, form string
		want       []string
	}{
		{"defaults", `<form method="get" action="/dinas/pengaturan"><input type="hidden" name="p" value="16">` +
			`<select name="province"><option value="">all</option><option value="32" selected>Jabar</option></select>` +
			`<select name="first"><option value="a">A</option><option value="b">B</option></select>` +
			`<input type="checkbox" name="halal" value="1"><input type="checkbox" name="on" value="y" checked>` +
			`<input name="off" value="x" disabled><textarea name="note">hi</textarea><button type="submit" name="go" value="1">Go</button></form>`,
			[]string{"first=a&go=1&note=hi&on=y&p=16&province=32"}},
		{"search form adds a typical search", `<form method="get" action="/cari" role="search"><input type="search" name="q" value=""><select name="province"><option value="">all</option></select></form>`,
			[]string{"province=&q=", "province=&q=" + crawlTypicalSearch}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := formQueries(form(tc.form)); !slices.Equal(got, tc.want) {
				t.Errorf("queries %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRouteTable(t *testing.T) {
	rt, err := newRouteTable(web.Routes(), "GET /media/{key...}")
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/produk/12":             "GET /produk/{id}",
		"/produk/13?x=1":         "GET /produk/{id}",
		"/":                      "GET /{$}",
		"/kasir/1/13":            "GET /kasir/{event}/{exhibitor}",
		"/kasir/sw.js":           "GET /kasir/sw.js",
		"/media/ab/cd.jpg":       "GET /media/{key...}",
		"/static/gerai.css?v=1":  "GET /static/",
		"/no/such/page/anywhere": "/",
	} {
		u, _ := url.Parse("http://127.0.0.1" + path)
		if got := rt.pattern(u); got != want {
			t.Errorf("%s: route %q, want %q", path, got, want)
		}
	}
}
