package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/seed"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"golang.org/x/net/html"
)

// TestEnglishUI: a visitor who switched to English sees no Indonesian UI
// text on the checkout, the product form and the cashier, including the
// messages of a form sent with mistakes (the crawl checks every page it can
// reach by GET; this journey adds the answers to POSTs).
func TestEnglishUI(t *testing.T) {
	s := testutil.NewServerOpts(t, app.Config{DB: testutil.NewDSN(t, sqldb.SQLite), Demo: true}, testutil.Options{
		Prepare: func(a *app.App) error { return seed.PrepareDemo(context.Background(), a) },
	})
	ctx := context.Background()
	db := s.App.DB.Reader()
	var umkmID, productID, event, booth int64
	if err := db.QueryRow(ctx, `SELECT u.id, p.id FROM umkm u JOIN users o ON o.id = u.owner_id JOIN products p ON p.umkm_id = u.id
		WHERE o.email = 'penjual@gerai.id' AND u.status = 'verified' AND p.status = 'active' AND p.stock > 0 ORDER BY u.id, p.id LIMIT 1`).Scan(&umkmID, &productID); err != nil {
		t.Fatalf("demo seller's product: %v", err)
	}
	if err := db.QueryRow(ctx, `SELECT x.event_id, x.id FROM exhibitor_cashiers c JOIN users u ON u.id = c.user_id
		JOIN exhibitors x ON x.id = c.exhibitor_id JOIN events e ON e.id = x.event_id
		WHERE u.email = 'kasir@gerai.id' AND e.status = 'running' LIMIT 1`).Scan(&event, &booth); err != nil {
		t.Fatalf("demo cashier's running booth: %v", err)
	}

	b := newBrowser(t, s.URL)
	b.open("/bahasa?l=en&next=/", 200)
	if lang := eval[string](b, "page language", `document.documentElement.lang`); lang != "en" {
		t.Fatalf("after the switch the page is in %q", lang)
	}
	demoLogIn := func(email string) {
		b.open("/masuk", 200)
		b.fill("#f-email", email)
		b.fill("#f-password", seed.DemoPassword)
		b.clickNav("log in as "+email, `main form[action="/masuk"] button[type=submit]`, 200)
	}
	// checkPage fails on the Indonesian UI texts of the page the browser shows.
	checkPage := func(what string) {
		t.Helper()
		doc, err := html.Parse(strings.NewReader(eval[string](b, "page HTML", `document.documentElement.outerHTML`)))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range checkNoIndonesianUI(&fetched{Doc: doc}) {
			t.Errorf("%s (%s): %s", what, b.path(), p)
		}
	}
	wantText := func(what, sel, want string) {
		t.Helper()
		if got := b.text(sel); !strings.Contains(got, want) {
			t.Errorf("%s: %s reads %q, want %q", what, sel, got, want)
		}
	}

	// The product form, sent without a name and with a price that is not a number.
	demoLogIn("penjual@gerai.id")
	b.open(fmt.Sprintf("/penjual/umkm/%d/produk/baru", umkmID), 200)
	checkPage("new product form")
	b.fill("#f-name", "")
	b.fill("#f-price", "dua puluh ribu")
	b.clickNav("send the product form", `main form[action$="/produk/baru"] button[type=submit]`, 422)
	wantText("product form", "main .alert", "Please check the marked fields.")
	checkPage("product form with mistakes")
	logOut(b)

	// The cart and the checkout sent without an address.
	demoLogIn("pembeli@gerai.id")
	b.open(fmt.Sprintf("/produk/%d", productID), 200)
	checkPage("product page")
	b.clickNav("add to cart", `form.actions[action="/keranjang"] button[type=submit]`, 200)
	b.open("/keranjang", 200)
	checkPage("cart")
	b.do("choose delivery by courier", chromedp.Evaluate[chromedp.Void](`(function(){var c=document.querySelector('input[name=delivery][value=courier]'); if(c){c.checked=true}})()`))
	b.fill("#f-name", "")
	b.clickNav("order without an address", `main form[action="/checkout"] button.order-now`, 422)
	checkPage("checkout with mistakes")
	logOut(b)

	// The cashier, and its no-JavaScript form sent with a price that is not rupiah.
	demoLogIn("kasir@gerai.id")
	b.open(fmt.Sprintf("/kasir/%d/%d", event, booth), 200)
	b.waitFor("the cashier script ran", `!document.getElementById("kasir-js").hidden`)
	wantText("cashier", "#net-status", "online")
	checkPage("cashier")
	// The form for phones without JavaScript, sent with a price that is not rupiah.
	sell := fmt.Sprintf(`form[action="/kasir/%d/%d/jual"]`, event, booth)
	stepCtx, cancel := b.stepCtx()
	resp, err := chromedp.RunResponse(stepCtx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(function(){
		var f = document.querySelector(%q);
		f.querySelector("[name=product_id]").value = "";
		f.querySelector("[name=name]").value = "Kopi";
		f.querySelector("[name=price]").value = "lima ribu";
		f.querySelector("[name=quantity]").value = "1";
		f.requestSubmit();
	})()`, sell)))
	cancel()
	if err != nil || resp == nil || resp.Status != 422 {
		t.Fatalf("the cashier's form with a bad price: %v %v", resp, err)
	}
	checkPage("cashier form with mistakes")
	// (read from the DOM: with JavaScript on, the plain form is hidden)
	if got := eval[string](b, "price error", fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sell+" #e-price")); !strings.Contains(got, "Type the price in rupiah") {
		t.Errorf("the cashier's price error reads %q", got)
	}
}
