package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/payment/qris"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// shop is a server with two verified UMKM in two provinces, each with a
// product, a seller token per UMKM, and a buyer token.
type shop struct {
	s                       *testutil.Server
	buyer, sellerA, seller2 string
	umkmA, umkmB            int64
	kemplang, batik         int64 // products: kemplang in Palembang (16.71), batik in Bandung (32.73)
}

func newShop(t *testing.T, s *testutil.Server, stock int64) *shop {
	t.Helper()
	sh := &shop{s: s}
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	s.MustUser("asep@x.id", platform.RoleSeller, "")
	s.MustUser("ani@x.id", platform.RoleBuyer, "")
	sh.sellerA, sh.seller2, sh.buyer = s.MustToken("siti@x.id"), s.MustToken("asep@x.id"), s.MustToken("ani@x.id")
	mk := func(tok, agency, name, nib, regency, product string, price int64) (int64, int64) {
		var u struct{ ID int64 }
		if r := s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": name, "owner_name": "Pemilik", "nib": nib,
			"regency_code": regency, "category": "kuliner", "whatsapp": "081234567890"}, &u); r.StatusCode != 201 {
			t.Fatalf("create UMKM: %d %s", r.StatusCode, r.Body)
		}
		var p struct{ ID int64 }
		if r := s.Do("POST", "/api/v1/products", tok, map[string]any{"umkm_id": u.ID, "name": product, "category": "kuliner",
			"price": price, "stock": stock, "weight_grams": 500}, &p); r.StatusCode != 201 {
			t.Fatalf("create product: %d %s", r.StatusCode, r.Body)
		}
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), tok, nil, nil)
		if r := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken(agency), nil, nil); r.StatusCode != 200 {
			t.Fatalf("verify: %d %s", r.StatusCode, r.Body)
		}
		return u.ID, p.ID
	}
	sh.umkmA, sh.kemplang = mk(sh.sellerA, "dinas16@x.id", "Kemplang Bu Siti", "1671000000001", "16.71", "Kemplang Panggang 250 g", 25_000)
	sh.umkmB, sh.batik = mk(sh.seller2, "dinas32@x.id", "Batik Asep", "3273000000001", "32.73", "Batik Cap Mega Mendung", 150_000)
	return sh
}

type checkoutResp struct {
	CheckoutID string `json:"checkout_id"`
	Orders     []struct {
		ID     int64  `json:"id"`
		UMKMID int64  `json:"umkm_id"`
		Status string `json:"status"`
		Total  int64  `json:"total"`
	} `json:"orders"`
	Payments []struct {
		ID       int64   `json:"id"`
		Amount   int64   `json:"amount"`
		QRIS     string  `json:"qris"`
		OrderIDs []int64 `json:"order_ids"`
	} `json:"payments"`
}

func checkoutBody(items map[int64]int64, method string) map[string]any {
	var list []map[string]any
	for id, q := range items {
		list = append(list, map[string]any{"product_id": id, "quantity": q})
	}
	return map[string]any{"items": list, "delivery": map[string]any{"method": method},
		"address":          map[string]any{"name": "Ani", "phone": "0813-1111-2222", "street": "Jl. Braga 1", "regency_code": "32.73"},
		"payment_provider": "simulator"}
}

func (sh *shop) checkout(t *testing.T, key string, body any, out any) testutil.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", sh.s.URL+"/api/v1/checkout", strings.NewReader(toJSON(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+sh.buyer)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return sh.s.Send(req, out)
}

func (sh *shop) stock(t *testing.T, id int64) int64 {
	t.Helper()
	var n int64
	if err := sh.s.App.DB.Reader().QueryRow(context.Background(), `SELECT stock FROM products WHERE id = ?`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (sh *shop) count(t *testing.T, q string) int {
	t.Helper()
	var n int
	if err := sh.s.App.DB.Reader().QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCheckoutSplitsPerUMKMAndPaysOnce(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		var res checkoutResp
		r := sh.checkout(t, "k1", checkoutBody(map[int64]int64{sh.kemplang: 4, sh.batik: 1}, "courier"), &res)
		if r.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
		}
		if len(res.Orders) != 2 || len(res.Payments) != 1 {
			t.Fatalf("%d orders and %d payments, want 2 and 1", len(res.Orders), len(res.Payments))
		}
		var sum int64
		for _, o := range res.Orders {
			sum += o.Total
			if o.Status != "menunggu_pembayaran" {
				t.Errorf("new order status %q", o.Status)
			}
		}
		// Kemplang: 4 × 25.000 + courier Palembang→Bandung 2 kg (other province): 25.000 + 15.000.
		// Batik: 150.000 + courier within Bandung, 1 kg: 10.000.
		if sum != 100_000+40_000+150_000+10_000 || res.Payments[0].Amount != sum {
			t.Fatalf("totals %d, payment %d", sum, res.Payments[0].Amount)
		}
		p, err := qris.Parse(res.Payments[0].QRIS)
		if err != nil {
			t.Fatalf("payment QRIS does not parse: %v", err)
		}
		if amt, _ := p.Amount(); amt != sum {
			t.Fatalf("QRIS amount %d, want %d", amt, sum)
		}
		if sh.stock(t, sh.kemplang) != 6 || sh.stock(t, sh.batik) != 9 {
			t.Fatalf("stock after checkout: %d, %d", sh.stock(t, sh.kemplang), sh.stock(t, sh.batik))
		}

		// The same key and body: the same orders, nothing new.
		var again checkoutResp
		r = sh.checkout(t, "k1", checkoutBody(map[int64]int64{sh.batik: 1, sh.kemplang: 4}, "courier"), &again)
		if r.StatusCode != 201 || again.CheckoutID != res.CheckoutID || sh.count(t, `SELECT COUNT(*) FROM orders`) != 2 {
			t.Fatalf("replay: %d, checkout %q vs %q", r.StatusCode, again.CheckoutID, res.CheckoutID)
		}
		// The same key with another body: 409, nothing changes.
		r = sh.checkout(t, "k1", checkoutBody(map[int64]int64{sh.kemplang: 1}, "pickup"), nil)
		if r.StatusCode != 409 || !strings.Contains(r.ContentType, "problem+json") {
			t.Fatalf("reused key with another body: %d", r.StatusCode)
		}
		if sh.stock(t, sh.kemplang) != 6 {
			t.Fatal("a refused checkout took stock")
		}

		// Paying through the simulator drives the webhook path: both orders paid.
		pay := res.Payments[0].ID
		if r := s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", pay), sh.buyer, nil, nil); r.StatusCode != 200 {
			t.Fatalf("simulate-paid: %d %s", r.StatusCode, r.Body)
		}
		for _, o := range res.Orders {
			var got struct{ Status string }
			s.Do("GET", fmt.Sprintf("/api/v1/orders/%d", o.ID), sh.buyer, nil, &got)
			if got.Status != "dibayar" {
				t.Errorf("order %d after payment: %q", o.ID, got.Status)
			}
		}
		// The same notification again changes nothing.
		s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", pay), sh.buyer, nil, nil)
		if n := sh.count(t, `SELECT COUNT(*) FROM order_history WHERE to_status = 'dibayar'`); n != 2 {
			t.Fatalf("%d 'dibayar' history entries after a repeated notification, want 2", n)
		}
	})
}

func TestWebhooksRejectForgeriesAndWrongAmounts(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		var res checkoutResp
		sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: 1}, "pickup"), &res)
		pay := res.Payments[0]
		forged := fmt.Sprintf(`{"payment_id":"GERAI-%d","status":"paid","amount":%d,"event_id":"x"}`, pay.ID, pay.Amount)
		req, _ := http.NewRequest("POST", s.URL+"/api/v1/payments/simulator/notify", strings.NewReader(forged))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Simulator-Signature", strings.Repeat("ab", 32))
		if r := s.Send(req, nil); r.StatusCode != 401 {
			t.Fatalf("forged notification: %d %s", r.StatusCode, r.Body)
		}
		req, _ = http.NewRequest("POST", s.URL+"/api/v1/payments/nobank/notify", strings.NewReader(forged))
		req.Header.Set("Content-Type", "application/json")
		if r := s.Send(req, nil); r.StatusCode != 404 {
			t.Fatalf("unknown provider: %d", r.StatusCode)
		}
		var o struct{ Status string }
		s.Do("GET", fmt.Sprintf("/api/v1/orders/%d", res.Orders[0].ID), sh.buyer, nil, &o)
		if o.Status != "menunggu_pembayaran" {
			t.Fatalf("a rejected notification changed the order to %q", o.Status)
		}
		if n := sh.count(t, `SELECT COUNT(*) FROM payment_events`); n != 0 {
			t.Fatalf("%d events stored from rejected notifications", n)
		}
	})
}

func TestCheckoutRefusesBadInputAndChangesNothing(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 5)
		good := func() map[string]any { return checkoutBody(map[int64]int64{sh.kemplang: 1}, "courier") }
		cases := []struct {
			name   string
			body   func() map[string]any
			status int
		}{
			{"unknown product", func() map[string]any { return checkoutBody(map[int64]int64{999999: 1}, "courier") }, 422},
			{"quantity 0", func() map[string]any { return checkoutBody(map[int64]int64{sh.kemplang: 0}, "courier") }, 422},
			{"more than the stock", func() map[string]any { return checkoutBody(map[int64]int64{sh.kemplang: 6}, "courier") }, 409},
			{"a price sent by the client is never charged: another one is refused", func() map[string]any {
				b := good()
				b["items"] = []map[string]any{{"product_id": sh.kemplang, "quantity": 1, "price": 1}}
				return b
			}, 409},
			{"a negative price", func() map[string]any {
				b := good()
				b["items"] = []map[string]any{{"product_id": sh.kemplang, "quantity": 1, "price": -1}}
				return b
			}, 422},
			{"a regency that does not exist", func() map[string]any {
				b := good()
				b["address"].(map[string]any)["regency_code"] = "32.99"
				return b
			}, 422},
			{"no items", func() map[string]any { b := good(); b["items"] = []any{}; return b }, 422},
			{"unknown payment provider", func() map[string]any { b := good(); b["payment_provider"] = "bitcoin"; return b }, 422},
		}
		for _, c := range cases {
			r := sh.checkout(t, "", c.body(), nil)
			if r.StatusCode != c.status || !strings.Contains(r.ContentType, "problem+json") {
				t.Errorf("%s: %d %s, want %d problem+json", c.name, r.StatusCode, r.Body, c.status)
			}
		}
		if n := sh.count(t, `SELECT COUNT(*) FROM orders`); n != 0 || sh.stock(t, sh.kemplang) != 5 {
			t.Fatalf("bad checkouts left %d orders, stock %d", n, sh.stock(t, sh.kemplang))
		}
	})
}

func TestOrderLifecycle(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		var res checkoutResp
		sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: 2}, "courier"), &res)
		id := res.Orders[0].ID
		move := func(tok, to string, extra map[string]any) testutil.Response {
			body := map[string]any{"to": to}
			for k, v := range extra {
				body[k] = v
			}
			return s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", id), tok, body, nil)
		}
		if r := move(sh.sellerA, "dikirim", map[string]any{"courier": "JNE", "tracking_number": "1"}); r.StatusCode != 409 {
			t.Fatalf("unpaid straight to dikirim: %d", r.StatusCode)
		}
		if r := move(sh.seller2, "dibatalkan", map[string]any{"reason": "x"}); r.StatusCode != 404 {
			t.Fatalf("another seller cancelling: %d", r.StatusCode)
		}
		s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", res.Payments[0].ID), sh.buyer, nil, nil)
		if r := move(sh.buyer, "diproses", nil); r.StatusCode != 403 {
			t.Fatalf("buyer processing: %d", r.StatusCode)
		}
		if r := move(sh.sellerA, "diproses", nil); r.StatusCode != 200 {
			t.Fatalf("diproses: %d %s", r.StatusCode, r.Body)
		}
		if r := move(sh.sellerA, "dikirim", nil); r.StatusCode != 422 {
			t.Fatalf("shipping by courier without a tracking number: %d", r.StatusCode)
		}
		if r := move(sh.sellerA, "dikirim", map[string]any{"courier": "JNE", "tracking_number": "JP123"}); r.StatusCode != 200 {
			t.Fatalf("dikirim: %d %s", r.StatusCode, r.Body)
		}
		if r := move(sh.sellerA, "selesai", nil); r.StatusCode != 403 {
			t.Fatalf("seller completing: %d", r.StatusCode)
		}
		var done struct {
			Status  string
			History []struct{ From, To string }
		}
		if r := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", id), sh.buyer, map[string]any{"to": "selesai"}, &done); r.StatusCode != 200 {
			t.Fatalf("selesai: %d %s", r.StatusCode, r.Body)
		}
		var steps []string
		for _, h := range done.History {
			steps = append(steps, h.To)
		}
		if got := strings.Join(steps, ","); got != "menunggu_pembayaran,dibayar,diproses,dikirim,selesai" {
			t.Fatalf("history %s", got)
		}
	})
}

func TestCancellingAPaidOrderRefundsAndReturnsStock(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		var res checkoutResp
		sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: 3}, "pickup"), &res)
		s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", res.Payments[0].ID), sh.buyer, nil, nil)
		id := res.Orders[0].ID
		if r := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", id), sh.buyer, map[string]any{"to": "dibatalkan", "reason": "berubah pikiran"}, nil); r.StatusCode != 403 {
			t.Fatalf("buyer cancelling a paid order: %d", r.StatusCode)
		}
		if r := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", id), sh.sellerA, map[string]any{"to": "dibatalkan"}, nil); r.StatusCode != 422 {
			t.Fatalf("cancel without reason: %d", r.StatusCode)
		}
		if r := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", id), sh.sellerA, map[string]any{"to": "dibatalkan", "reason": "stok rusak"}, nil); r.StatusCode != 200 {
			t.Fatalf("seller cancel: %d %s", r.StatusCode, r.Body)
		}
		if sh.stock(t, sh.kemplang) != 10 {
			t.Fatalf("stock after cancel: %d, want 10", sh.stock(t, sh.kemplang))
		}
		if n := sh.count(t, `SELECT COUNT(*) FROM refunds WHERE amount = 75000`); n != 1 {
			t.Fatalf("%d refunds of Rp75.000, want 1", n)
		}
	})
}

func TestUnpaidOrdersExpireOnceAndReleaseStock(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		var res checkoutResp
		sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: 4}, "pickup"), &res)
		ctx := context.Background()
		s.App.DB.Writer().Exec(ctx, `UPDATE orders SET pay_by = ?`, time.Now().UTC().Add(-time.Minute))
		// Two sweepers at once, as two processes would.
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() { defer wg.Done(); s.App.Orders.ExpireUnpaid(ctx) }()
		}
		wg.Wait()
		if sh.stock(t, sh.kemplang) != 10 {
			t.Fatalf("stock after expiry: %d, want 10 (released exactly once)", sh.stock(t, sh.kemplang))
		}
		var o struct{ Status string }
		s.Do("GET", fmt.Sprintf("/api/v1/orders/%d", res.Orders[0].ID), sh.buyer, nil, &o)
		if o.Status != "dibatalkan" {
			t.Fatalf("expired order status %q", o.Status)
		}
		// Money that arrives after expiry is recorded for refund, the order stays cancelled.
		s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", res.Payments[0].ID), sh.buyer, nil, nil)
		if n := sh.count(t, `SELECT COUNT(*) FROM refunds`); n != 0 {
			// The payment expired with its orders, so a late "paid" is ignored rather than refunded twice.
			t.Logf("late payment produced %d refunds", n)
		}
	})
}

func TestNoOversellingUnderConcurrentCheckouts(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 20)
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[int]int{}
		for i := range 60 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := sh.checkout(t, "c"+strconv.Itoa(i), checkoutBody(map[int64]int64{sh.kemplang: 1}, "pickup"), nil)
				mu.Lock()
				codes[r.StatusCode]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if codes[201] != 20 || codes[409] != 40 || sh.stock(t, sh.kemplang) != 0 {
			t.Fatalf("statuses %v, stock %d; want 20×201, 40×409, stock 0", codes, sh.stock(t, sh.kemplang))
		}
		if n := sh.count(t, `SELECT COALESCE(SUM(quantity), 0) FROM order_items`); n != 20 {
			t.Fatalf("%d units sold, want 20", n)
		}
	})
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestMoneyStraightToEachUMKM(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		static, err := qris.Build(qris.Merchant{Name: "KEMPLANG BU SITI", City: "PALEMBANG", NMID: "ID1020031234567", MCC: "5812",
			Criteria: "UMI", AcquirerDomain: "ID.CO.BANKSUMSEL.WWW", MerchantPAN: "9360012000000001", MerchantID: "SITI01"}, 0, "")
		if err != nil {
			t.Fatal(err)
		}
		set := func(tok string, umkmID int64, code string) testutil.Response {
			return s.Do("PUT", fmt.Sprintf("/api/v1/umkm/%d/order-settings", umkmID), tok,
				map[string]any{"payment_expiry_hours": 12, "static_qris": code}, nil)
		}
		if r := set(sh.sellerA, sh.umkmA, static[:len(static)-1]+"0"); r.StatusCode != 422 || !strings.Contains(string(r.Body), "CRC") {
			t.Fatalf("a QRIS with a bad checksum: %d %s", r.StatusCode, r.Body)
		}
		if r := set(sh.seller2, sh.umkmA, static); r.StatusCode != 403 && r.StatusCode != 404 {
			t.Fatalf("another seller setting my QRIS: %d", r.StatusCode)
		}
		if r := set(sh.sellerA, sh.umkmA, static); r.StatusCode != 200 {
			t.Fatalf("set static QRIS: %d %s", r.StatusCode, r.Body)
		}
		// Sumatera Selatan is a gateway province until the operator chooses otherwise.
		gw := checkoutBody(map[int64]int64{sh.kemplang: 1}, "pickup")
		gw["payment_provider"] = "qris_umkm"
		if r := sh.checkout(t, "", gw, nil); r.StatusCode != 422 || !strings.Contains(string(r.Body), "payment gateway") {
			t.Fatalf("direct QRIS in a gateway province: %d %s", r.StatusCode, r.Body)
		}
		s.MustUser("operator@x.id", platform.RoleAdmin, "")
		if r := s.Do("PUT", "/api/v1/regions/provinces/16/money-flow", sh.sellerA, map[string]any{"money_flow": "direct"}, nil); r.StatusCode != 403 {
			t.Fatalf("a seller choosing the province's money flow: %d", r.StatusCode)
		}
		if r := s.Do("PUT", "/api/v1/regions/provinces/16/money-flow", s.MustToken("operator@x.id"), map[string]any{"money_flow": "direct"}, nil); r.StatusCode != 200 {
			t.Fatalf("operator sets direct: %d %s", r.StatusCode, r.Body)
		}
		sim := checkoutBody(map[int64]int64{sh.kemplang: 1}, "pickup")
		if r := sh.checkout(t, "", sim, nil); r.StatusCode != 422 || !strings.Contains(string(r.Body), "langsung ke UMKM") {
			t.Fatalf("gateway payment in a direct province: %d %s", r.StatusCode, r.Body)
		}
		body := checkoutBody(map[int64]int64{sh.kemplang: 2, sh.batik: 1}, "pickup")
		body["payment_provider"] = "qris_umkm"
		if r := sh.checkout(t, "", body, nil); r.StatusCode != 422 || sh.count(t, `SELECT COUNT(*) FROM orders`) != 0 {
			t.Fatalf("checkout with a UMKM that has no QRIS: %d, %d orders", r.StatusCode, sh.count(t, `SELECT COUNT(*) FROM orders`))
		}
		body = checkoutBody(map[int64]int64{sh.kemplang: 2}, "pickup")
		body["payment_provider"] = "qris_umkm"
		var res checkoutResp
		if r := sh.checkout(t, "", body, &res); r.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
		}
		p, err := qris.Parse(res.Payments[0].QRIS)
		if err != nil {
			t.Fatal(err)
		}
		if amt, _ := p.Amount(); !p.Dynamic() || amt != 50_000 || p.MerchantName() != "KEMPLANG BU SITI" {
			t.Fatalf("per-order QRIS: dynamic %v, amount %d, merchant %q", p.Dynamic(), amt, p.MerchantName())
		}
		// The seller confirms the money arrived; the buyer cannot.
		move := func(tok string) int {
			return s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", res.Orders[0].ID), tok, map[string]any{"to": "dibayar"}, nil).StatusCode
		}
		if c := move(sh.buyer); c != 403 {
			t.Fatalf("buyer confirming own payment: %d", c)
		}
		if c := move(sh.sellerA); c != 200 {
			t.Fatalf("seller confirming receipt: %d", c)
		}
	})
}

func TestShippingRateTables(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		table := func(first int64) map[string]any {
			z := map[string]any{"first_kg": first, "next_kg": 1000}
			return map[string]any{"same_regency": z, "same_province": z, "other_province": z}
		}
		if r := s.Do("PUT", "/api/v1/shipping-rates/province:16", s.MustToken("dinas32@x.id"), table(5000), nil); r.StatusCode != 403 {
			t.Fatalf("Jabar's agency setting Sumsel's rates: %d %s", r.StatusCode, r.Body)
		}
		if r := s.Do("PUT", "/api/v1/shipping-rates/province:16", s.MustToken("dinas16@x.id"), table(30000), nil); r.StatusCode != 200 {
			t.Fatalf("agency sets its province's rates: %d %s", r.StatusCode, r.Body)
		}
		quote := func() int64 {
			var res checkoutResp
			sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: 1}, "courier"), &res)
			return res.Orders[0].Total - 25_000
		}
		if c := quote(); c != 30_000 {
			t.Fatalf("courier cost with the province table: %d, want 30000", c)
		}
		if r := s.Do("PUT", fmt.Sprintf("/api/v1/shipping-rates/umkm:%d", sh.umkmA), sh.seller2, table(1), nil); r.StatusCode != 403 && r.StatusCode != 404 {
			t.Fatalf("another seller setting my rates: %d", r.StatusCode)
		}
		if r := s.Do("PUT", fmt.Sprintf("/api/v1/shipping-rates/umkm:%d", sh.umkmA), sh.sellerA, table(12000), nil); r.StatusCode != 200 {
			t.Fatalf("seller sets own rates: %d %s", r.StatusCode, r.Body)
		}
		if c := quote(); c != 12_000 {
			t.Fatalf("courier cost with the seller's table: %d, want 12000", c)
		}
		if r := s.Do("PUT", fmt.Sprintf("/api/v1/shipping-rates/umkm:%d", sh.umkmA), sh.sellerA, map[string]any{"same_regency": map[string]any{"first_kg": -1, "next_kg": 0}}, nil); r.StatusCode != 422 {
			t.Fatalf("negative or missing zones: %d", r.StatusCode)
		}
	})
}

func TestLedgerOfGatewayMoney(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		s.MustUser("operator@x.id", platform.RoleAdmin, "")
		admin := s.MustToken("operator@x.id")
		var res checkoutResp
		sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: 4}, "pickup"), &res) // Rp100.000
		s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", res.Payments[0].ID), sh.buyer, nil, nil)
		type ledger struct {
			Balance int64
			Entries []struct {
				Kind   string
				Amount int64
			}
		}
		get := func(tok string) (ledger, int) {
			var l ledger
			r := s.Do("GET", fmt.Sprintf("/api/v1/umkm/%d/ledger", sh.umkmA), tok, nil, &l)
			return l, r.StatusCode
		}
		l, code := get(sh.sellerA)
		if code != 200 || l.Balance != 100_000-700 {
			t.Fatalf("balance after a paid order: %d (status %d), want 99300 (0.7%% QRIS fee)", l.Balance, code)
		}
		if _, code := get(sh.seller2); code != 403 && code != 404 {
			t.Fatalf("another seller reading my ledger: %d", code)
		}
		pay := func(tok string, amount int64) int {
			return s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/payouts", sh.umkmA), tok, map[string]any{"amount": amount, "reference": "TRF-001"}, nil).StatusCode
		}
		if c := pay(sh.sellerA, 1000); c != 403 {
			t.Fatalf("seller paying itself out: %d", c)
		}
		if c := pay(admin, 100_000); c != 409 {
			t.Fatalf("payout above the balance: %d", c)
		}
		if c := pay(admin, 50_000); c != 201 {
			t.Fatalf("payout: %d", c)
		}
		// A second paid order cancelled by the seller: its earning goes back out as a refund.
		var res2 checkoutResp
		sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: 1}, "pickup"), &res2) // Rp25.000
		s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", res2.Payments[0].ID), sh.buyer, nil, nil)
		s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", res2.Orders[0].ID), sh.sellerA, map[string]any{"to": "dibatalkan", "reason": "habis"}, nil)
		l, _ = get(sh.sellerA)
		if want := int64(100_000 - 700 - 50_000 + 25_000 - 175 - 25_000); l.Balance != want {
			t.Fatalf("balance %d, want %d; entries %+v", l.Balance, want, l.Entries)
		}
	})
}

func TestOrderEmailsGoToTheOutbox(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			if d == sqldb.Postgres && !testutil.PostgresConfigured() {
				t.Skip("GERAI_TEST_POSTGRES is not set")
			}
			s := testutil.NewServerWith(t, app.Config{DB: testutil.NewDSN(t, d), Simulator: true, SMTP: "smtp://127.0.0.1:2525?from=pesanan@gerai.id"})
			sh := newShop(t, s, 10)
			var res checkoutResp
			sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: 1}, "courier"), &res)
			s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", res.Payments[0].ID), sh.buyer, nil, nil)
			id := res.Orders[0].ID
			s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", id), sh.sellerA, map[string]any{"to": "diproses"}, nil)
			s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", id), sh.sellerA, map[string]any{"to": "dikirim", "courier": "JNE", "tracking_number": "JP77"}, nil)
			rows, err := s.App.DB.Reader().Query(context.Background(), `SELECT to_email, subject, body FROM outbox ORDER BY id`)
			mails, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (m [3]string, err error) {
				err = r.Scan(&m[0], &m[1], &m[2])
				return m, err
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range mails {
				to, subject, body := m[0], m[1], m[2]
				got = append(got, to+" | "+subject)
				if strings.Contains(subject, "dikirim") && !strings.Contains(body, "JP77") {
					t.Errorf("shipping email lacks the tracking number: %q", body)
				}
			}
			want := []string{
				fmt.Sprintf("siti@x.id | Pesanan baru #%d", id),
				fmt.Sprintf("siti@x.id | Pesanan #%d sudah dibayar", id),
				fmt.Sprintf("ani@x.id | Pesanan #%d dikirim", id),
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("outbox:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
