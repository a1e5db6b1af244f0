package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

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
