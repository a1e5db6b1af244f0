package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// kemplangShop makes a verified UMKM of siti@x.id in Palembang (agency
// dinas16@x.id) selling "Kemplang" at price with stock, and a buyer
// ani@x.id; it returns the product.
func kemplangShop(t *testing.T, s *testutil.Server, price, stock int64) int64 {
	t.Helper()
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	s.MustUser("ani@x.id", platform.RoleBuyer, "")
	seller := s.MustToken("siti@x.id")
	var u struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": "Kemplang Bu Siti", "owner_name": "Siti", "nib": "1671000000001",
		"regency_code": "16.71", "category": "kuliner", "whatsapp": "081211112222"}, &u)
	var p struct{ ID int64 }
	if r := s.Do("POST", "/api/v1/products", seller, map[string]any{"umkm_id": u.ID, "name": "Kemplang", "category": "kuliner",
		"price": price, "stock": stock, "weight_grams": 400}, &p); r.StatusCode != 201 {
		t.Fatalf("create product: %d %s", r.StatusCode, r.Body)
	}
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil)
	return p.ID
}

// loginAs opens a browser logged in as email.
func loginAs(t *testing.T, s *testutil.Server, email string) *browser {
	t.Helper()
	b := newBrowser(t, s)
	b.get("/masuk")
	b.post("/masuk", url.Values{"email": {email}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}})
	return b
}

// TestOnlyTheBuyerPressesSimulatedPay: the "pay (simulation)" button is the
// buyer's; the seller sees the payment but neither the button nor the right
// to post it, and neither does the agency.
func TestOnlyTheBuyerPressesSimulatedPay(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		p := struct{ ID int64 }{kemplangShop(t, s, 20000, 5)}
		var res struct {
			Payments []struct{ ID int64 } `json:"payments"`
			Orders   []struct{ ID int64 } `json:"orders"`
		}
		if r := s.Do("POST", "/api/v1/checkout", s.MustToken("ani@x.id"), map[string]any{
			"items": []map[string]any{{"product_id": p.ID, "quantity": 1}}, "delivery": map[string]any{"method": "pickup"},
			"address":          map[string]any{"name": "Ani", "phone": "0813-1111-2222", "regency_code": "16.71"},
			"payment_provider": "simulator"}, &res); r.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
		}
		pay := fmt.Sprintf("/bayar/%d", res.Payments[0].ID)
		login := func(email string) *browser { return loginAs(t, s, email) }
		for _, email := range []string{"siti@x.id", "dinas16@x.id"} {
			b := login(email)
			if _, page := b.get(pay); strings.Contains(page, pay+"/simulasi") {
				t.Errorf("%s sees the simulated-pay button", email)
			}
			b.get("/")
			if status, _, _ := b.post(pay+"/simulasi", url.Values{"csrf_token": {b.csrf}}); status != 403 {
				t.Errorf("%s posts simulated pay: %d, want 403", email, status)
			}
		}
		buyer := login("ani@x.id")
		if _, page := buyer.get(pay); !strings.Contains(page, pay+"/simulasi") {
			t.Fatal("the buyer does not see the simulated-pay button")
		}
		if status, _, _ := buyer.post(pay+"/simulasi", url.Values{"csrf_token": {buyer.csrf}}); status != 303 {
			t.Fatalf("the buyer's simulated pay: %d", status)
		}
		if _, page := buyer.get(fmt.Sprintf("/pesanan/%d", res.Orders[0].ID)); !strings.Contains(page, "Dibayar") {
			t.Fatal("the buyer's simulated pay did not mark the order paid")
		}
	})
}

var shownPrice = regexp.MustCompile(`<input type="hidden" name="((?:price|ship)_\d+)" value="(\d+)">`)

// addShownPrices copies the unit prices and the delivery costs a cart page
// (or a join form) showed into the form to post, as the browser sends them.
func addShownPrices(form url.Values, cartPage string) {
	for _, m := range shownPrice.FindAllStringSubmatch(cartPage, -1) {
		form.Set(m[1], m[2])
	}
}

// TestChangedPriceAsksTheBuyerAgain: the seller changes a price between the
// cart page and "Pesan"; the checkout is refused with 409, shows the new
// price beside the line, orders nothing and holds no stock; ordering again
// from the page that shows the new price orders at it.
func TestChangedPriceAsksTheBuyerAgain(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		p := struct{ ID int64 }{kemplangShop(t, s, 20000, 5)}
		seller := s.MustToken("siti@x.id")

		b := loginAs(t, s, "ani@x.id")
		b.get(fmt.Sprintf("/produk/%d", p.ID))
		b.post("/keranjang", url.Values{"csrf_token": {b.csrf}, "product_id": {fmt.Sprint(p.ID)}, "quantity": {"2"}})
		order := func() (int, string, string) {
			_, cart := b.get("/keranjang")
			idem := regexp.MustCompile(`name="idem" value="([^"]+)"`).FindStringSubmatch(cart)[1]
			form := url.Values{"csrf_token": {b.csrf}, "idem": {idem}, "name": {"Ani"}, "phone": {"0813 2222 3333"},
				"regency_code": {"16.71"}, "delivery": {"pickup"}, "payment": {"simulator"}}
			addShownPrices(form, cart)
			return b.post("/checkout", form)
		}
		_, cart := b.get("/keranjang")
		idem := regexp.MustCompile(`name="idem" value="([^"]+)"`).FindStringSubmatch(cart)[1]
		form := url.Values{"csrf_token": {b.csrf}, "idem": {idem}, "name": {"Ani"}, "phone": {"0813 2222 3333"},
			"regency_code": {"16.71"}, "delivery": {"pickup"}, "payment": {"simulator"}}
		addShownPrices(form, cart)
		if form.Get(fmt.Sprintf("price_%d", p.ID)) != "20000" {
			t.Fatalf("the cart form does not carry the shown price: %v", form)
		}
		// A form without the shown prices (a line the page never showed) is
		// refused too.
		noPrices := url.Values{}
		for k, v := range form {
			noPrices[k] = v
		}
		noPrices.Del(fmt.Sprintf("price_%d", p.ID))
		if status, _, _ := b.post("/checkout", noPrices); status != 409 {
			t.Fatalf("checkout without the shown price: %d, want 409", status)
		}

		if r := s.Do("PATCH", fmt.Sprintf("/api/v1/products/%d", p.ID), seller, map[string]any{"price": 23000}, nil); r.StatusCode != 200 {
			t.Fatalf("change price: %d %s", r.StatusCode, r.Body)
		}
		status, _, body := b.post("/checkout", form)
		if status != 409 || !strings.Contains(body, "Harga Kemplang kini Rp23.000 per unit") || !strings.Contains(body, "Rp46.000") {
			t.Fatalf("checkout after the price changed: %d, want 409 showing Rp23.000 and the new total Rp46.000", status)
		}
		var orders struct{ Items []struct{ Total int64 } }
		var stock struct{ Stock int64 }
		s.Do("GET", "/api/v1/orders", s.MustToken("ani@x.id"), nil, &orders)
		s.Do("GET", fmt.Sprintf("/api/v1/products/%d", p.ID), "", nil, &stock)
		if len(orders.Items) != 0 || stock.Stock != 5 {
			t.Fatalf("a refused checkout left %d orders, stock %d", len(orders.Items), stock.Stock)
		}

		// The page now shows Rp23.000; ordering from it confirms.
		if status, loc, _ := order(); status != 303 || !strings.HasPrefix(loc, "/bayar/") {
			t.Fatalf("checkout confirmed at the new price: %d %s", status, loc)
		}
		s.Do("GET", "/api/v1/orders", s.MustToken("ani@x.id"), nil, &orders)
		if len(orders.Items) != 1 || orders.Items[0].Total != 46000 {
			t.Fatalf("orders after confirming: %+v, want one of Rp46.000", orders.Items)
		}
	})
}

// TestCartRefusesQRISAboveItsLimit: Rp12 juta cannot be paid by one QRIS
// (Bank Indonesia's Rp10 juta limit); the cart says so beside the payment
// choice and holds no stock, and a bank transfer of the same total goes.
func TestCartRefusesQRISAboveItsLimit(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		product := kemplangShop(t, s, 4_000_000, 5)
		b := loginAs(t, s, "ani@x.id")
		b.get(fmt.Sprintf("/produk/%d", product))
		b.post("/keranjang", url.Values{"csrf_token": {b.csrf}, "product_id": {fmt.Sprint(product)}, "quantity": {"3"}})
		order := func(method string) (int, string, string) {
			_, cart := b.get("/keranjang")
			idem := regexp.MustCompile(`name="idem" value="([^"]+)"`).FindStringSubmatch(cart)[1]
			form := url.Values{"csrf_token": {b.csrf}, "idem": {idem}, "name": {"Ani"}, "phone": {"0813 2222 3333"},
				"regency_code": {"16.71"}, "delivery": {"pickup"}, "payment": {method}}
			addShownPrices(form, cart)
			return b.post("/checkout", form)
		}
		status, _, body := order("simulator")
		if status != 422 || !strings.Contains(body, "Maksimal Rp10.000.000 per pembayaran") {
			t.Fatalf("Rp12 juta by QRIS: %d, want 422 naming the Rp10.000.000 limit", status)
		}
		var stock struct{ Stock int64 }
		s.Do("GET", fmt.Sprintf("/api/v1/products/%d", product), "", nil, &stock)
		if stock.Stock != 5 {
			t.Fatalf("a refused checkout holds stock: %d left, want 5", stock.Stock)
		}
		if status, loc, _ := order("transfer"); status != 303 || loc != "/pesanan" {
			t.Fatalf("Rp12 juta by transfer: %d %s", status, loc)
		}
	})
}
