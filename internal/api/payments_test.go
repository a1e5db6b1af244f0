package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestOnlyTheBuyerSimulatesPayment: the simulator's "paid" is the buyer's
// word that money left; the seller who is owed it, the agency or an admin
// (who may all see the payment) saying so would fake a payment, and another
// buyer does not even see it.
func TestOnlyTheBuyerSimulatesPayment(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		s.MustUser("admin@x.id", platform.RoleAdmin, "")
		s.MustUser("budi@x.id", platform.RoleBuyer, "")
		var res checkoutResp
		if r := sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: 1}, "pickup"), &res); r.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
		}
		path := fmt.Sprintf("/api/v1/payments/%d/simulate-paid", res.Payments[0].ID)
		status := func() string {
			var o struct{ Status string }
			s.Do("GET", fmt.Sprintf("/api/v1/orders/%d", res.Orders[0].ID), sh.buyer, nil, &o)
			return o.Status
		}
		for _, c := range []struct {
			who, token string
			want       int
		}{
			{"the order's seller", sh.sellerA, 403},
			{"the seller's agency", s.MustToken("dinas16@x.id"), 403},
			{"an admin", s.MustToken("admin@x.id"), 403},
			{"another buyer, who may not even see it", s.MustToken("budi@x.id"), 404},
			{"anonymous", "", 401},
		} {
			if r := s.Do("POST", path, c.token, nil, nil); r.StatusCode != c.want {
				t.Errorf("%s: simulate-paid %d %s, want %d", c.who, r.StatusCode, r.Body, c.want)
			}
		}
		if got := status(); got != "menunggu_pembayaran" {
			t.Fatalf("a refused simulate-paid changed the order to %q", got)
		}
		if r := s.Do("POST", path, sh.buyer, nil, nil); r.StatusCode != 200 || status() != "dibayar" {
			t.Fatalf("the buyer's simulate-paid: %d %s, order %s", r.StatusCode, r.Body, status())
		}
	})
}

// product adds a listed product to sh's UMKM A.
func (sh *shop) product(t *testing.T, name string, price, stock int64) int64 {
	t.Helper()
	var p struct{ ID int64 }
	if r := sh.s.Do("POST", "/api/v1/products", sh.sellerA, map[string]any{"umkm_id": sh.umkmA, "name": name, "category": "kuliner",
		"price": price, "stock": stock, "weight_grams": 500}, &p); r.StatusCode != 201 {
		t.Fatalf("create product: %d %s", r.StatusCode, r.Body)
	}
	return p.ID
}

// problemFields reads the fields a problem+json names.
func problemFields(t *testing.T, body []byte) map[string]string {
	t.Helper()
	var pr struct {
		Errors []struct{ Message, Location string } `json:"errors"`
	}
	if err := json.Unmarshal(body, &pr); err != nil {
		t.Fatalf("problem body: %v: %s", err, body)
	}
	out := map[string]string{}
	for _, e := range pr.Errors {
		out[e.Location] = e.Message
	}
	return out
}

// TestUnpayableOrdersAreRefusedAtCheckout: a total above what the payment
// method carries (Bank Indonesia's Rp10 juta per QRIS payment) or of Rp0
// would make orders that wait for money that can never come; the checkout
// refuses them and holds no stock.
func TestUnpayableOrdersAreRefusedAtCheckout(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		songket := sh.product(t, "Songket Palembang", 4_000_000, 10)
		free := sh.product(t, "Contoh gratis", 0, 10)
		over := checkoutBody(map[int64]int64{songket: 3}, "pickup") // Rp12.000.000
		if r := sh.checkout(t, "", over, nil); r.StatusCode != 422 || problemFields(t, r.Body)["body.payment_provider"] == "" ||
			!strings.Contains(string(r.Body), "Rp10.000.000") {
			t.Errorf("Rp12 juta by QRIS: %d %s, want 422 naming payment_provider and the Rp10.000.000 limit", r.StatusCode, r.Body)
		}
		zero := checkoutBody(map[int64]int64{free: 1}, "pickup")
		if r := sh.checkout(t, "", zero, nil); r.StatusCode != 422 || problemFields(t, r.Body)["body.total"] == "" {
			t.Errorf("Rp0 checkout: %d %s, want 422 naming total", r.StatusCode, r.Body)
		}
		if n := sh.count(t, `SELECT COUNT(*) FROM orders`); n != 0 || sh.stock(t, songket) != 10 || sh.stock(t, free) != 10 {
			t.Fatalf("refused checkouts left %d orders, stock %d and %d", n, sh.stock(t, songket), sh.stock(t, free))
		}
		// A bank transfer has no such limit: the same total is ordered.
		over["payment_provider"] = "transfer"
		var res checkoutResp
		if r := sh.checkout(t, "", over, &res); r.StatusCode != 201 || res.Payments[0].Amount != 12_000_000 {
			t.Fatalf("Rp12 juta by transfer: %d %s", r.StatusCode, r.Body)
		}
		if sh.stock(t, songket) != 7 {
			t.Fatalf("stock after the transfer checkout: %d, want 7", sh.stock(t, songket))
		}
	})
}

// TestChangedPriceRefusesCheckout: the client sends the unit price it
// showed; when the seller changed the price (or a wholesale tier) since,
// the checkout is refused with 409 naming the line and holds nothing, and
// the buyer's second checkout with the new price orders at it.
func TestChangedPriceRefusesCheckout(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 20)
		tiers := func(price int64) {
			t.Helper()
			if r := s.Do("PUT", fmt.Sprintf("/api/v1/products/%d/tiers", sh.kemplang), sh.sellerA,
				map[string]any{"tiers": []map[string]any{{"min_quantity": 10, "price": price}}}, nil); r.StatusCode != 200 {
				t.Fatalf("set tiers: %d %s", r.StatusCode, r.Body)
			}
		}
		tiers(22_000)
		body := func(kemplang, batik int64) map[string]any {
			b := checkoutBody(nil, "pickup")
			b["items"] = []map[string]any{
				{"product_id": sh.batik, "quantity": 1, "price": batik},
				{"product_id": sh.kemplang, "quantity": 10, "price": kemplang}, // the tier price at 10
			}
			return b
		}
		// The seller raises the batik and lowers the wholesale kemplang
		// after the buyer's page showed Rp150.000 and Rp22.000.
		if r := s.Do("PATCH", fmt.Sprintf("/api/v1/products/%d", sh.batik), sh.seller2, map[string]any{"price": 175_000}, nil); r.StatusCode != 200 {
			t.Fatalf("change price: %d %s", r.StatusCode, r.Body)
		}
		tiers(20_000)
		r := sh.checkout(t, "k-price", body(22_000, 150_000), nil)
		fields := problemFields(t, r.Body)
		if r.StatusCode != 409 || !strings.Contains(r.ContentType, "problem+json") ||
			!strings.Contains(fields["body.items[0].price"], "Rp175.000") || !strings.Contains(fields["body.items[1].price"], "Rp20.000") {
			t.Fatalf("changed prices: %d %s, want 409 naming items[0].price (Rp175.000) and items[1].price (Rp20.000)", r.StatusCode, r.Body)
		}
		if n := sh.count(t, `SELECT COUNT(*) FROM orders`); n != 0 || sh.stock(t, sh.kemplang) != 20 || sh.stock(t, sh.batik) != 20 {
			t.Fatalf("a refused checkout left %d orders, stock %d and %d", n, sh.stock(t, sh.kemplang), sh.stock(t, sh.batik))
		}
		// Confirmed again at the new prices (the same idempotency key is
		// free: the refusal committed nothing).
		var res checkoutResp
		if r := sh.checkout(t, "k-price", body(20_000, 175_000), &res); r.StatusCode != 201 {
			t.Fatalf("checkout at the new prices: %d %s", r.StatusCode, r.Body)
		}
		var sum int64
		for _, o := range res.Orders {
			sum += o.Total
		}
		if sum != 175_000+10*20_000 || sh.stock(t, sh.kemplang) != 10 {
			t.Fatalf("ordered for %d (stock %d), want %d", sum, sh.stock(t, sh.kemplang), 175_000+10*20_000)
		}
	})
}
