package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/seed"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestSearchJourney: on the demo, at 412 px (a cheap Android phone), a buyer
// types "pempek palembang" in the search box and gets Palembang's pempek
// with a count; sorts by the lowest price with the select (a plain GET form);
// then mistypes "pmpek" and is shown pempek, told so, with a link to it.
func TestSearchJourney(t *testing.T) {
	s := testutil.NewServerOpts(t, app.Config{DB: testutil.NewDSN(t, sqldb.SQLite), Demo: true}, testutil.Options{
		Prepare: func(a *app.App) error { return seed.PrepareDemo(context.Background(), a) },
	})
	b := newBrowser(t, s.URL)
	b.do("phone viewport", chromedp.EmulateViewport(412, 915, chromedp.EmulateMobile))
	defer b.do("desktop viewport", chromedp.EmulateViewport(1280, 900))
	// results reads the cards: name and the seller's line (UMKM · regency).
	results := func() [][2]string {
		return eval[[][2]string](b, "read the results", `[...document.querySelectorAll("main .grid .card")].map(c =>
			[c.querySelector(".name").textContent.trim(), c.querySelector(".muted").textContent.trim()])`)
	}
	search := func(words string) {
		b.fill(`main form.search input[name=q]`, words)
		b.clickNav("search "+words, `main form.search button[type=submit]`, 200)
	}
	fits := func(what string) {
		if w := eval[int](b, "page width", `document.documentElement.scrollWidth`); w > 412 {
			t.Errorf("%s: the page is %d px wide on a 412 px phone", what, w)
		}
	}

	b.open("/", 200)
	search("pempek palembang")
	got := results()
	if len(got) < 3 {
		t.Fatalf("pempek palembang: %d results", len(got))
	}
	for _, r := range got[:3] {
		if !strings.Contains(r[0], "Pempek") || !strings.Contains(r[1], "Palembang") {
			t.Errorf("pempek palembang: %q from %q among the first results, want Palembang's pempek", r[0], r[1])
		}
	}
	if c := b.text("main .count"); !strings.HasSuffix(c, " produk") {
		t.Errorf("the count reads %q, want \"N produk\"", c)
	}
	fits("pempek palembang")
	b.screenshot("search-01-pempek-palembang-412.png")

	// The cheapest first, chosen in the form's select and sent with its button.
	b.choose(`main form.search select[name=sort]`, "price_asc")
	b.clickNav("sort by the lowest price", `main form.search button[type=submit]`, 200)
	prices := eval[[]int](b, "read the prices", `[...document.querySelectorAll("main .grid .card .price")].map(p =>
		parseInt(p.textContent.replace(/[^0-9]/g, ""), 10))`)
	for i := 1; i < len(prices); i++ {
		if prices[i] < prices[i-1] {
			t.Errorf("sorted by the lowest price: Rp%d after Rp%d", prices[i], prices[i-1])
		}
	}
	if sel := run(b, "read the sort", chromedp.Value(chromedp.CSS(`main form.search select[name=sort]`))); sel != "price_asc" {
		t.Errorf("the sort select shows %q after sorting", sel)
	}

	// A typo: pempek is shown, and the page says so.
	b.choose(`main form.search select[name=sort]`, "relevance")
	search("pmpek")
	if msg := b.text("main .suggest"); !strings.Contains(msg, "Menampilkan hasil untuk pempek") {
		t.Errorf("pmpek: the page says %q, want \"Menampilkan hasil untuk pempek\"", msg)
	}
	if href := b.attr("main .suggest a", "href"); href != "/cari?q=pempek&sort=relevance" && href != "/cari?q=pempek" {
		t.Errorf("pmpek: the suggestion links to %q", href)
	}
	if got := results(); len(got) == 0 || !strings.Contains(got[0][0], "Pempek") {
		t.Errorf("pmpek: results %v, want pempek", got)
	}
	fits("pmpek")
	b.screenshot("search-02-pmpek-412.png")
}
