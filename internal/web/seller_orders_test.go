package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

var newOrdersLink = regexp.MustCompile(`<a class="new-orders" href="([^"]+)">Pesanan baru <span class="count">(\d+)</span></a>`)

// newOrders is the header's new-orders link of a page: its target and count ("" when absent).
func newOrders(page string) (href, count string) {
	if m := newOrdersLink.FindStringSubmatch(page); m != nil {
		return strings.ReplaceAll(m[1], "&amp;", "&"), m[2]
	}
	return "", ""
}

// paidOrder checks out quantity of product for buyer (API token) and pays it.
func paidOrder(t *testing.T, s *testutil.Server, buyer string, product, quantity int64) int64 {
	t.Helper()
	var res struct {
		Payments []struct{ ID int64 } `json:"payments"`
		Orders   []struct{ ID int64 } `json:"orders"`
	}
	if r := s.Do("POST", "/api/v1/checkout", buyer, map[string]any{
		"items": []map[string]any{{"product_id": product, "quantity": quantity}}, "delivery": map[string]any{"method": "pickup"},
		"address":          map[string]any{"name": "Ani", "phone": "0813-1111-2222", "regency_code": "16.71"},
		"payment_provider": "simulator"}, &res); r.StatusCode != 201 {
		t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
	}
	if r := s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", res.Payments[0].ID), buyer, nil, nil); r.StatusCode != 200 {
		t.Fatalf("pay: %d %s", r.StatusCode, r.Body)
	}
	return res.Orders[0].ID
}

// TestSellerHeaderCountsNewPaidOrders: a seller's header says how many paid
// orders wait ("Pesanan baru 2"), linking the list of them; the count drops
// as they are processed and the link goes. Unpaid orders do not count, and
// buyers see no such link.
func TestSellerHeaderCountsNewPaidOrders(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		product := kemplangShop(t, s, 20000, 10)
		buyer := s.MustToken("ani@x.id")
		first, second := paidOrder(t, s, buyer, product, 1), paidOrder(t, s, buyer, product, 2)
		s.Do("POST", "/api/v1/checkout", buyer, map[string]any{ // awaiting payment: not new for the seller yet
			"items": []map[string]any{{"product_id": product, "quantity": 1}}, "delivery": map[string]any{"method": "pickup"},
			"address": map[string]any{"name": "Ani", "phone": "0813-1111-2222", "regency_code": "16.71"}, "payment_provider": "simulator"}, nil)

		seller := loginAs(t, s, "siti@x.id")
		_, page := seller.get("/")
		href, count := newOrders(page)
		if count != "2" || !strings.HasSuffix(href, "/pesanan?status=dibayar") {
			t.Fatalf("the seller's header: new orders %q linking %q, want 2 linking the paid orders", count, href)
		}
		_, list := seller.get(href)
		for _, id := range []int64{first, second} {
			if !strings.Contains(list, fmt.Sprintf(`href="/pesanan/%d"`, id)) {
				t.Errorf("the linked list lacks paid order #%d", id)
			}
		}
		if n := strings.Count(list, `href="/pesanan/`); n != 2 {
			t.Errorf("the linked list shows %d orders, want the 2 paid ones", n)
		}

		_, page = seller.get(fmt.Sprintf("/pesanan/%d", first))
		if code, _, _ := seller.post(fmt.Sprintf("/pesanan/%d/status", first), url.Values{"csrf_token": {seller.csrf}, "to": {"diproses"}}); code != 303 {
			t.Fatalf("process order: %d", code)
		}
		if _, page = seller.get("/penjual"); func() string { _, c := newOrders(page); return c }() != "1" {
			t.Errorf("after processing one the header shows %q, want 1", func() string { _, c := newOrders(page); return c }())
		}
		seller.post(fmt.Sprintf("/pesanan/%d/status", second), url.Values{"csrf_token": {seller.csrf}, "to": {"diproses"}})
		if _, page = seller.get("/penjual"); strings.Contains(page, "new-orders") {
			t.Error("with every paid order processed the header still shows new orders")
		}
		if _, page := loginAs(t, s, "ani@x.id").get("/"); strings.Contains(page, "new-orders") {
			t.Error("a buyer's header shows new orders")
		}
	})
}

// TestSellerWithSeveralShopsIsSentToTheDashboard: new orders in two of a
// seller's UMKM are counted together and the link goes to the dashboard,
// where each UMKM links its own paid orders.
func TestSellerWithSeveralShopsIsSentToTheDashboard(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	first := kemplangShop(t, s, 20000, 10)
	tok := s.MustToken("siti@x.id")
	var u, p struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": "Pempek Bu Siti", "owner_name": "Siti", "nib": "1671000000002",
		"regency_code": "16.71", "category": "kuliner"}, &u)
	s.Do("POST", "/api/v1/products", tok, map[string]any{"umkm_id": u.ID, "name": "Pempek", "category": "kuliner", "price": 30000, "stock": 5, "weight_grams": 400}, &p)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), tok, nil, nil)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil)
	buyer := s.MustToken("ani@x.id")
	paidOrder(t, s, buyer, first, 1)
	paidOrder(t, s, buyer, p.ID, 1)
	_, page := loginAs(t, s, "siti@x.id").get("/penjual")
	if href, count := newOrders(page); count != "2" || href != "/penjual" {
		t.Fatalf("new orders in two UMKM: %q linking %q, want 2 linking /penjual", count, href)
	}
	if !strings.Contains(page, fmt.Sprintf(`href="/penjual/umkm/%d/pesanan?status=dibayar"`, u.ID)) {
		t.Error("the dashboard does not link each UMKM's paid orders")
	}
}

// TestBeliBarengOrderWaitsForItsCampaign: a paid join is marked as a
// beli-bareng order, linking its campaign, in the buyer's and the seller's
// lists and pages; the buyer is told the difference comes back if the final
// price is lower; the seller's page offers no "Proses" and refuses a posted
// one with the reason; once settled the seller processes and ships it and
// the buyer sees the refund.
func TestBeliBarengOrderWaitsForItsCampaign(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		product := kemplangShop(t, s, 20000, 50)
		sellerTok, buyerTok := s.MustToken("siti@x.id"), s.MustToken("ani@x.id")
		var c struct{ ID int64 }
		if r := s.Do("POST", "/api/v1/campaigns", sellerTok, map[string]any{"product_id": product,
			"tiers":     []map[string]any{{"min_quantity": 1, "price": 19000}, {"min_quantity": 5, "price": 17000}},
			"min_total": 2, "per_person_limit": 10, "stock": 20, "deadline": time.Now().Add(time.Hour).Format(time.RFC3339)}, &c); r.StatusCode != 201 {
			t.Fatalf("open campaign: %d %s", r.StatusCode, r.Body)
		}
		join := func(tok string, qty int) int64 {
			var j struct {
				OrderID int64 `json:"order_id"`
				Payment struct{ ID int64 }
			}
			if r := s.Do("POST", fmt.Sprintf("/api/v1/campaigns/%d/join", c.ID), tok, map[string]any{"quantity": qty, "payment_provider": "simulator"}, &j); r.StatusCode != 201 {
				t.Fatalf("join: %d %s", r.StatusCode, r.Body)
			}
			s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", j.Payment.ID), tok, nil, nil)
			return j.OrderID
		}
		mine := join(buyerTok, 2) // at 19,000
		s.MustUser("budi@x.id", platform.RoleBuyer, "")
		join(s.MustToken("budi@x.id"), 3) // the total reaches 5: 17,000
		orderPath := fmt.Sprintf("/pesanan/%d", mine)
		badge := fmt.Sprintf(`<a class="badge campaign" href="/beli-bareng/%d">Beli bareng: Kemplang</a>`, c.ID)

		buyer, seller := loginAs(t, s, "ani@x.id"), loginAs(t, s, "siti@x.id")
		if _, list := buyer.get("/pesanan"); !strings.Contains(list, badge) || !strings.Contains(list, "Menunggu beli bareng selesai") {
			t.Error("the buyer's order list does not mark the beli-bareng order")
		}
		_, page := buyer.get(orderPath)
		if !strings.Contains(page, badge) || !strings.Contains(page, "Harga akhir ditentukan saat beli bareng selesai") || !strings.Contains(page, "selisihnya dikembalikan") {
			t.Error("the buyer's order page does not say the final price comes with the campaign's end, and the difference back")
		}
		_, list := seller.get("/penjual")
		umkmOrders := regexp.MustCompile(`href="(/penjual/umkm/\d+/pesanan)"`).FindStringSubmatch(list)
		if umkmOrders == nil {
			t.Fatal("the dashboard links no order list")
		}
		if _, list = seller.get(umkmOrders[1]); !strings.Contains(list, badge) {
			t.Error("the seller's order list does not mark the beli-bareng order")
		}
		_, page = seller.get(orderPath)
		if !strings.Contains(page, badge) || !strings.Contains(page, "proses dan kirim setelah beli bareng selesai") {
			t.Error("the seller's order page does not say to wait for the campaign")
		}
		if strings.Contains(page, `name="to" value="diproses"`) {
			t.Error("the seller is offered to process a join before its campaign is settled")
		}
		for _, to := range []string{"diproses", "dikirim"} {
			code, _, body := seller.post(orderPath+"/status", url.Values{"csrf_token": {seller.csrf}, "to": {to}})
			if code != 409 || !strings.Contains(body, "setelah beli bareng selesai") {
				t.Errorf("the seller posts %s before settlement: %d, want 409 with the reason", to, code)
			}
		}

		if _, err := s.App.DB.Writer().Exec(context.Background(), `UPDATE campaigns SET deadline = ? WHERE id = ?`, time.Now().UTC().Add(-time.Second), c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.Orders.SettleDueCampaigns(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, page = seller.get(orderPath); !strings.Contains(page, `name="to" value="diproses"`) {
			t.Fatal("after settlement the seller is not offered to process the join")
		}
		for _, to := range []string{"diproses", "dikirim"} {
			if code, _, body := seller.post(orderPath+"/status", url.Values{"csrf_token": {seller.csrf}, "to": {to}}); code != 303 {
				t.Fatalf("the seller moves the settled join to %s: %d %s", to, code, body)
			}
		}
		_, page = buyer.get(orderPath)
		if !strings.Contains(page, "selisih Rp4.000 dikembalikan") || strings.Contains(page, "Harga akhir ditentukan") {
			t.Error("the buyer's page of the settled join does not show the refunded difference (2 × Rp2.000)")
		}
	})
}
