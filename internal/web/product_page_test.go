package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestProductPageShowsACampaignAsSoonAsItStarts: the product page keeps a
// list of the products with a running beli bareng (most have none, and the
// page no longer asks the database for each visit); a campaign started right
// after a visit that read the list still shows on the next visit, and a
// product without one shows none.
func TestProductPageShowsACampaignAsSoonAsItStarts(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s)
		guest := newBrowser(t, s)
		product := fmt.Sprintf("/produk/%d", sh.kemplang)
		if _, page := guest.get(product); strings.Contains(page, `href="/beli-bareng/`) {
			t.Fatal("a product without a campaign shows one")
		}
		var c struct{ ID int64 }
		if r := s.Do("POST", "/api/v1/campaigns", s.MustToken("siti@x.id"), map[string]any{"product_id": sh.kemplang,
			"tiers":     []map[string]any{{"min_quantity": 1, "price": 24000}},
			"min_total": 2, "per_person_limit": 5, "stock": 8, "deadline": time.Now().Add(time.Hour).Format(time.RFC3339)}, &c); r.StatusCode != 201 {
			t.Fatalf("campaign: %d %s", r.StatusCode, r.Body)
		}
		if _, page := guest.get(product); !strings.Contains(page, fmt.Sprintf(`href="/beli-bareng/%d"`, c.ID)) ||
			!strings.Contains(page, "Rp24.000") {
			t.Error("the campaign started a moment ago is missing from its product's page")
		}
	})
}

// TestProductPageChatsWithTheSellersWhatsApp: the page reads the seller's
// WhatsApp with the product (no read of the UMKM of its own), so a number
// the seller changes is the one the "chat" button opens at the next visit;
// the product API, which lists products by the thousand, does not carry it.
func TestProductPageChatsWithTheSellersWhatsApp(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s)
		guest := newBrowser(t, s)
		product := fmt.Sprintf("/produk/%d", sh.kemplang)
		if _, page := guest.get(product); strings.Contains(page, "https://wa.me/62") {
			t.Fatal("a chat link to a seller without a WhatsApp number")
		}
		if r := s.Do("PATCH", fmt.Sprintf("/api/v1/umkm/%d", sh.kemplangUMKM), s.MustToken("siti@x.id"),
			map[string]any{"whatsapp": "0812-7000-1234"}, nil); r.StatusCode != 200 {
			t.Fatalf("set WhatsApp: %d %s", r.StatusCode, r.Body)
		}
		if _, page := guest.get(product); !strings.Contains(page, "https://wa.me/6281270001234?text=") {
			t.Error("the product page does not open a chat with the seller's new number")
		}
		r := s.Do("GET", fmt.Sprintf("/api/v1/products/%d", sh.kemplang), "", nil, nil)
		if r.StatusCode != 200 || strings.Contains(string(r.Body), "81270001234") {
			t.Errorf("the product API exposes the seller's number: %d %s", r.StatusCode, r.Body)
		}
	})
}

// TestProductPageKeepsWhatEveryVisitorSeesButReadsTheStockLive: the part of
// the page that is the same for everyone is kept a few seconds (decision
// 0045), so a change another process writes straight to the database shows
// only once it ages out; the stock and whether the product is listed are
// read on every visit, and a change through this process shows at once.
func TestProductPageKeepsWhatEveryVisitorSeesButReadsTheStockLive(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s)
		guest := newBrowser(t, s)
		product := fmt.Sprintf("/produk/%d", sh.kemplang)
		stock := func(page string) string {
			m := regexp.MustCompile(`<dt>Stok</dt><dd>([^<]*)</dd>`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no stock on the page:\n%s", page)
			}
			return m[1]
		}
		if _, page := guest.get(product); !strings.Contains(page, "Rp25.000") || stock(page) != "10" {
			t.Fatalf("first visit: price or stock wrong")
		}
		elsewhere := func(q string) { // what another process's write looks like to this one
			t.Helper()
			if err := s.App.DB.InTx(context.Background(), func(tx *sqldb.Tx) error {
				_, err := tx.Exec(context.Background(), q, sh.kemplang)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		elsewhere(`UPDATE products SET price = 26000, stock = 7 WHERE id = ?`)
		_, page := guest.get(product)
		if stock(page) != "7" {
			t.Errorf("the stock shown is %s, not the 7 left", stock(page))
		}
		if !strings.Contains(page, `max="7"`) {
			t.Error("the cart form lets the visitor ask for more than the stock left")
		}
		if !strings.Contains(page, "Rp25.000") {
			t.Error("the page's shared part was not kept: the price another process wrote shows at once")
		}
		if r := s.Do("PATCH", fmt.Sprintf("/api/v1/products/%d", sh.kemplang), s.MustToken("siti@x.id"),
			map[string]any{"price": 27000}, nil); r.StatusCode != 200 {
			t.Fatalf("edit price: %d %s", r.StatusCode, r.Body)
		}
		if _, page := guest.get(product); !strings.Contains(page, "Rp27.000") || strings.Contains(page, "Rp25.000") {
			t.Error("the seller's new price does not show at the next visit")
		}
		elsewhere(`UPDATE products SET listed = FALSE WHERE id = ?`)
		if code, _ := guest.get(product); code != 404 {
			t.Errorf("a product taken off the shelves elsewhere still shows to the public: %d", code)
		}
	})
}

// TestKeptProductPageCarriesNoVisitorsToken: the kept part is rendered
// without a visitor, so one visitor's CSRF token or name never reaches the
// next visitor of the same product.
func TestKeptProductPageCarriesNoVisitorsToken(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s)
		product := fmt.Sprintf("/produk/%d", sh.kemplang)
		first, second := newBrowser(t, s), newBrowser(t, s)
		_, firstPage := first.get(product)
		_, secondPage := second.get(product)
		if first.csrf == "" || first.csrf == second.csrf {
			t.Fatalf("the two visitors' tokens: %q and %q", first.csrf, second.csrf)
		}
		if !strings.Contains(firstPage, first.csrf) || !strings.Contains(secondPage, second.csrf) {
			t.Error("a visitor's cart form does not carry their own token")
		}
		if strings.Contains(secondPage, first.csrf) {
			t.Error("the second visitor's page carries the first visitor's token")
		}
	})
}
