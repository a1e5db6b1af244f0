package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

type campaignResp struct {
	ID            int64  `json:"id"`
	Status        string `json:"status"`
	TotalQuantity int64  `json:"total_quantity"`
	CurrentPrice  int64  `json:"current_price"`
	FinalPrice    int64  `json:"final_price"`
	NextTier      *struct {
		MinQuantity int64 `json:"min_quantity"`
		Price       int64 `json:"price"`
		UnitsNeeded int64 `json:"units_needed"`
	} `json:"next_tier"`
}

type joinResp struct {
	ID        int64  `json:"id"`
	OrderID   int64  `json:"order_id"`
	Quantity  int64  `json:"quantity"`
	UnitPrice int64  `json:"unit_price"`
	State     string `json:"state"`
	Refund    int64  `json:"refund"`
	Payment   *struct {
		ID     int64  `json:"id"`
		Amount int64  `json:"amount"`
		QRIS   string `json:"qris"`
	} `json:"payment"`
}

// tiers 24,000 from 1; 22,000 from 10; 20,000 from 15 (kemplang is 25,000).
func (sh *shop) openCampaign(t *testing.T, minTotal, perPerson, stock int64) int64 {
	t.Helper()
	var c campaignResp
	res := sh.s.Do("POST", "/api/v1/campaigns", sh.sellerA, map[string]any{"product_id": sh.kemplang,
		"tiers":     []map[string]any{{"min_quantity": 1, "price": 24000}, {"min_quantity": 10, "price": 22000}, {"min_quantity": 15, "price": 20000}},
		"min_total": minTotal, "per_person_limit": perPerson, "stock": stock, "deadline": time.Now().Add(time.Hour).Format(time.RFC3339)}, &c)
	if res.StatusCode != 201 || c.ID == 0 || c.Status != "berjalan" {
		t.Fatalf("open campaign: %d %s", res.StatusCode, res.Body)
	}
	return c.ID
}

func (sh *shop) campaign(t *testing.T, id int64) campaignResp {
	t.Helper()
	var c campaignResp
	if res := sh.s.Do("GET", fmt.Sprintf("/api/v1/campaigns/%d", id), "", nil, &c); res.StatusCode != 200 {
		t.Fatalf("get campaign: %d %s", res.StatusCode, res.Body)
	}
	return c
}

func (sh *shop) join(t *testing.T, tok string, id, qty int64, pay bool) joinResp {
	t.Helper()
	var j joinResp
	res := sh.s.Do("POST", fmt.Sprintf("/api/v1/campaigns/%d/join", id), tok, map[string]any{"quantity": qty, "payment_provider": "simulator"}, &j)
	if res.StatusCode != 201 || j.Payment == nil || j.Payment.QRIS == "" {
		t.Fatalf("join %d: %d %s", qty, res.StatusCode, res.Body)
	}
	if pay {
		if r := sh.s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", j.Payment.ID), tok, nil, nil); r.StatusCode != 200 {
			t.Fatalf("pay: %d %s", r.StatusCode, r.Body)
		}
	}
	return j
}

func (sh *shop) buyers(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	for i := range n {
		email := fmt.Sprintf("pembeli%d@x.id", i)
		sh.s.MustUser(email, platform.RoleBuyer, "")
		out = append(out, sh.s.MustToken(email))
	}
	return out
}

func (sh *shop) pastDeadline(t *testing.T, id int64) {
	t.Helper()
	if _, err := sh.s.App.DB.Writer().Exec(context.Background(), `UPDATE campaigns SET deadline = ? WHERE id = ?`,
		time.Now().UTC().Add(-time.Second), id); err != nil {
		t.Fatal(err)
	}
}

func (sh *shop) refunds(t *testing.T, orderID int64) (n int, sum int64) {
	t.Helper()
	if err := sh.s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = ?`, orderID).
		Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	return n, sum
}

func (sh *shop) orderStatus(t *testing.T, tok string, id int64) (string, int64) {
	t.Helper()
	var o struct {
		Status string `json:"status"`
		Total  int64  `json:"total"`
	}
	if res := sh.s.Do("GET", fmt.Sprintf("/api/v1/orders/%d", id), tok, nil, &o); res.StatusCode != 200 {
		t.Fatalf("get order: %d %s", res.StatusCode, res.Body)
	}
	return o.Status, o.Total
}

func TestCampaignSucceedsAtTheFinalTierAndRefundsTheDifference(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 100)
		id := sh.openCampaign(t, 10, 8, 30)
		if got := sh.stock(t, sh.kemplang); got != 70 {
			t.Fatalf("product stock after setting 30 aside = %d, want 70", got)
		}
		b := sh.buyers(t, 4)
		j1 := sh.join(t, b[0], id, 5, true) // total 5: 24,000
		c := sh.campaign(t, id)
		if c.TotalQuantity != 5 || c.CurrentPrice != 24000 || c.NextTier == nil || c.NextTier.UnitsNeeded != 5 || c.NextTier.Price != 22000 {
			t.Fatalf("after one join: %+v (next %+v)", c, c.NextTier)
		}
		j2 := sh.join(t, b[1], id, 5, true) // total 10: 22,000
		j3 := sh.join(t, b[2], id, 8, true) // total 18: 20,000
		if j1.UnitPrice != 24000 || j2.UnitPrice != 22000 || j3.UnitPrice != 20000 || j3.Payment.Amount != 160000 {
			t.Fatalf("join prices %d, %d, %d (paid %d)", j1.UnitPrice, j2.UnitPrice, j3.UnitPrice, j3.Payment.Amount)
		}
		j4 := sh.join(t, b[3], id, 3, false) // never pays

		// Rules while it runs: each a clear 4xx that changes nothing.
		for _, c := range []struct {
			name string
			tok  string
			body map[string]any
			want int
		}{
			{"second join", b[2], map[string]any{"quantity": 1, "payment_provider": "simulator"}, 409},
			{"over the per-person limit", sh.buyer, map[string]any{"quantity": 9, "payment_provider": "simulator"}, 422},
			{"more than what is left", sh.buyer, map[string]any{"quantity": 8, "payment_provider": "simulator"}, 201},
			{"more than the 1 left", sh.seller2, map[string]any{"quantity": 2, "payment_provider": "simulator"}, 409},
			{"quantity 0", sh.seller2, map[string]any{"quantity": 0, "payment_provider": "simulator"}, 422},
			{"no login", "", map[string]any{"quantity": 1, "payment_provider": "simulator"}, 401},
		} {
			res := s.Do("POST", fmt.Sprintf("/api/v1/campaigns/%d/join", id), c.tok, c.body, nil)
			if res.StatusCode != c.want {
				t.Errorf("%s: %d %s, want %d", c.name, res.StatusCode, res.Body, c.want)
			}
			if c.want >= 400 && res.ContentType != "application/problem+json" {
				t.Errorf("%s: content type %q", c.name, res.ContentType)
			}
		}
		// The buyer who took the last 8 leaves again; nothing was paid, nothing refunded.
		if res := s.Do("DELETE", fmt.Sprintf("/api/v1/campaigns/%d/join", id), sh.buyer, nil, nil); res.StatusCode != 200 {
			t.Fatalf("leave: %d %s", res.StatusCode, res.Body)
		}
		if c := sh.campaign(t, id); c.TotalQuantity != 21 {
			t.Fatalf("total after leaving = %d, want 21", c.TotalQuantity)
		}
		if res := s.Do("PUT", fmt.Sprintf("/api/v1/campaigns/%d/tiers", id), sh.sellerA,
			map[string]any{"tiers": []map[string]any{{"min_quantity": 1, "price": 30000}}}, nil); res.StatusCode != 409 {
			t.Errorf("changing tiers after joins: %d, want 409", res.StatusCode)
		}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", j1.OrderID), sh.sellerA, map[string]any{"to": "diproses"}, nil); res.StatusCode != 409 {
			t.Errorf("processing a campaign order before settlement: %d, want 409", res.StatusCode)
		}

		sh.pastDeadline(t, id)
		if res := s.Do("POST", fmt.Sprintf("/api/v1/campaigns/%d/join", id), sh.seller2, map[string]any{"quantity": 1, "payment_provider": "simulator"}, nil); res.StatusCode != 409 {
			t.Errorf("join after the deadline: %d, want 409", res.StatusCode)
		}
		for range 2 { // settling twice changes nothing the second time
			if _, err := s.App.Orders.SettleDueCampaigns(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		c = sh.campaign(t, id)
		if c.Status != "berhasil" || c.FinalPrice != 20000 || c.TotalQuantity != 18 {
			t.Fatalf("after settlement: %+v, want berhasil at 20,000 with 18 paid units", c)
		}
		for _, w := range []struct {
			tok     string
			j       joinResp
			refund  int64
			total   int64
			status  string
			refunds int
		}{
			{b[0], j1, 20000, 100000, "dibayar", 1},
			{b[1], j2, 10000, 100000, "dibayar", 1},
			{b[2], j3, 0, 160000, "dibayar", 0},
			{b[3], j4, 0, 72000, "dibatalkan", 0},
		} {
			n, sum := sh.refunds(t, w.j.OrderID)
			if n != w.refunds || sum != w.refund {
				t.Errorf("order %d: %d refunds of %d in all, want %d of %d", w.j.OrderID, n, sum, w.refunds, w.refund)
			}
			if st, total := sh.orderStatus(t, w.tok, w.j.OrderID); st != w.status || (st == "dibayar" && total != w.total) {
				t.Errorf("order %d: %s %d, want %s %d", w.j.OrderID, st, total, w.status, w.total)
			}
			var mine joinResp
			s.Do("GET", fmt.Sprintf("/api/v1/campaigns/%d/join", id), w.tok, nil, &mine)
			if mine.Refund != w.refund {
				t.Errorf("participant sees refund %d, want %d", mine.Refund, w.refund)
			}
		}
		// What was not sold goes back to the product: 70 + (30 − 18).
		if got := sh.stock(t, sh.kemplang); got != 82 {
			t.Errorf("product stock after settlement = %d, want 82", got)
		}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", j1.OrderID), sh.sellerA, map[string]any{"to": "diproses"}, nil); res.StatusCode != 200 {
			t.Errorf("processing a confirmed campaign order: %d %s", res.StatusCode, res.Body)
		}
		// The seller cancels a confirmed order: the rest of its money goes back
		// (all of what was paid, in two refunds) and its units to the product.
		if res := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", j2.OrderID), sh.sellerA,
			map[string]any{"to": "dibatalkan", "reason": "stok rusak"}, nil); res.StatusCode != 200 {
			t.Fatalf("cancel a confirmed campaign order: %d %s", res.StatusCode, res.Body)
		}
		if n, sum := sh.refunds(t, j2.OrderID); n != 2 || sum != 5*22000 {
			t.Errorf("after cancelling: %d refunds of %d, want 2 of 110,000", n, sum)
		}
		if got := sh.stock(t, sh.kemplang); got != 87 {
			t.Errorf("product stock after the cancellation = %d, want 87", got)
		}
	})
}

func TestCampaignFailsAndRefundsEveryPayment(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 100)
		id := sh.openCampaign(t, 20, 10, 30)
		b := sh.buyers(t, 3)
		j1 := sh.join(t, b[0], id, 5, true)
		j2 := sh.join(t, b[1], id, 6, true)
		j3 := sh.join(t, b[2], id, 4, true)
		// One paid participant leaves before the deadline: refunded at once.
		var left joinResp
		if res := s.Do("DELETE", fmt.Sprintf("/api/v1/campaigns/%d/join", id), b[2], nil, &left); res.StatusCode != 200 || left.State != "left" {
			t.Fatalf("leave: %d %s", res.StatusCode, res.Body)
		}
		if n, sum := sh.refunds(t, j3.OrderID); n != 1 || sum != 80000 {
			t.Fatalf("leaving after paying: %d refunds of %d, want 1 of 80,000", n, sum)
		}
		if res := s.Do("DELETE", fmt.Sprintf("/api/v1/campaigns/%d/join", id), b[2], nil, nil); res.StatusCode != 409 {
			t.Errorf("leaving twice: %d, want 409", res.StatusCode)
		}
		sh.pastDeadline(t, id)
		for range 2 {
			if _, err := s.App.Orders.SettleDueCampaigns(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		if c := sh.campaign(t, id); c.Status != "gagal" {
			t.Fatalf("status %s, want gagal (11 of 20)", c.Status)
		}
		for _, w := range []struct {
			j   joinResp
			sum int64
		}{{j1, 5 * 24000}, {j2, 6 * 22000}, {j3, 4 * 20000}} {
			if n, sum := sh.refunds(t, w.j.OrderID); n != 1 || sum != w.sum {
				t.Errorf("order %d: %d refunds of %d, want 1 of %d", w.j.OrderID, n, sum, w.sum)
			}
		}
		if st, _ := sh.orderStatus(t, b[0], j1.OrderID); st != "dibatalkan" {
			t.Errorf("order of a failed campaign is %s", st)
		}
		if got := sh.stock(t, sh.kemplang); got != 100 {
			t.Errorf("product stock after a failed campaign = %d, want all 100 back", got)
		}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/campaigns/%d/join", id), sh.buyer, map[string]any{"quantity": 1, "payment_provider": "simulator"}, nil); res.StatusCode != 409 {
			t.Errorf("joining a failed campaign: %d, want 409", res.StatusCode)
		}
	})
}

func TestOpeningACampaignRefusesBadInput(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 50)
		deadline := time.Now().Add(time.Hour).Format(time.RFC3339)
		body := func(mod func(map[string]any)) map[string]any {
			b := map[string]any{"product_id": sh.kemplang, "tiers": []map[string]any{{"min_quantity": 1, "price": 24000}, {"min_quantity": 10, "price": 22000}},
				"min_total": 10, "per_person_limit": 5, "stock": 20, "deadline": deadline}
			if mod != nil {
				mod(b)
			}
			return b
		}
		for _, c := range []struct {
			name string
			tok  string
			body map[string]any
			want int
		}{
			{"dearer tier for more", sh.sellerA, body(func(b map[string]any) {
				b["tiers"] = []map[string]any{{"min_quantity": 1, "price": 20000}, {"min_quantity": 10, "price": 22000}}
			}), 422},
			{"more stock than the product has", sh.sellerA, body(func(b map[string]any) { b["stock"] = 51 }), 422},
			{"minimum above the stock", sh.sellerA, body(func(b map[string]any) { b["min_total"] = 21 }), 422},
			{"deadline passed", sh.sellerA, body(func(b map[string]any) { b["deadline"] = time.Now().Add(-time.Hour).Format(time.RFC3339) }), 422},
			{"unknown product", sh.sellerA, body(func(b map[string]any) { b["product_id"] = 999999 }), 422},
			{"another UMKM's seller", sh.seller2, body(nil), 403},
			{"a buyer", sh.buyer, body(nil), 403},
			{"no login", "", body(nil), 401},
		} {
			res := s.Do("POST", "/api/v1/campaigns", c.tok, c.body, nil)
			if res.StatusCode != c.want || res.ContentType != "application/problem+json" {
				t.Errorf("%s: %d %s, want %d problem+json", c.name, res.StatusCode, res.Body, c.want)
			}
		}
		if n := sh.count(t, `SELECT COUNT(*) FROM campaigns`); n != 0 {
			t.Errorf("%d campaigns created by refused requests", n)
		}
		if got := sh.stock(t, sh.kemplang); got != 50 {
			t.Errorf("stock changed by refused requests: %d", got)
		}
		// The operator and the agency of the UMKM's province may open one too.
		s.MustUser("admin@x.id", platform.RoleAdmin, "")
		if res := s.Do("POST", "/api/v1/campaigns", s.MustToken("admin@x.id"), body(nil), nil); res.StatusCode != 201 {
			t.Errorf("admin opens a campaign: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("POST", "/api/v1/campaigns", s.MustToken("dinas16@x.id"), body(nil), nil); res.StatusCode != 201 {
			t.Errorf("agency opens a campaign: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("POST", "/api/v1/campaigns", s.MustToken("dinas32@x.id"), body(nil), nil); res.StatusCode != 403 {
			t.Errorf("another province's agency opens a campaign: %d, want 403", res.StatusCode)
		}
	})
}

func TestWholesaleTiersPriceTheCartAndTheCheckout(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 100)
		path := fmt.Sprintf("/api/v1/products/%d/tiers", sh.kemplang)
		for _, c := range []struct {
			name  string
			tok   string
			tiers []map[string]any
			want  int
		}{
			{"not cheaper than the normal price", sh.sellerA, []map[string]any{{"min_quantity": 10, "price": 25000}}, 422},
			{"dearer for more", sh.sellerA, []map[string]any{{"min_quantity": 10, "price": 20000}, {"min_quantity": 50, "price": 22000}}, 422},
			{"from one unit", sh.sellerA, []map[string]any{{"min_quantity": 1, "price": 20000}}, 422},
			{"another seller", sh.seller2, []map[string]any{{"min_quantity": 10, "price": 22000}}, 403},
		} {
			res := s.Do("PUT", path, c.tok, map[string]any{"tiers": c.tiers}, nil)
			if res.StatusCode != c.want && !(c.want == 403 && res.StatusCode == 404) {
				t.Errorf("%s: %d %s, want %d", c.name, res.StatusCode, res.Body, c.want)
			}
		}
		var p struct {
			Tiers []struct{ MinQuantity, Price int64 } `json:"tiers"`
		}
		s.Do("GET", fmt.Sprintf("/api/v1/products/%d", sh.kemplang), "", nil, &p)
		if len(p.Tiers) != 0 {
			t.Fatalf("refused requests left tiers: %+v", p.Tiers)
		}
		// Sent out of order, stored in order.
		if res := s.Do("PUT", path, sh.sellerA, map[string]any{"tiers": []map[string]any{{"min_quantity": 50, "price": 20000}, {"min_quantity": 10, "price": 22000}}}, nil); res.StatusCode != 200 {
			t.Fatalf("set tiers: %d %s", res.StatusCode, res.Body)
		}

		var cart struct {
			Total  int64 `json:"total"`
			Groups []struct {
				Lines []struct {
					Price, NormalPrice, Subtotal int64
				} `json:"lines"`
			} `json:"groups"`
		}
		s.Do("PUT", fmt.Sprintf("/api/v1/cart/items/%d", sh.kemplang), sh.buyer, map[string]any{"quantity": 12}, nil)
		s.Do("GET", "/api/v1/cart", sh.buyer, nil, &cart)
		if cart.Total != 12*22000 {
			t.Errorf("cart of 12 at the 10+ tier: total %d, want %d", cart.Total, 12*22000)
		}
		for _, c := range []struct{ qty, unit int64 }{{9, 25000}, {10, 22000}, {50, 20000}} {
			var out checkoutResp
			res := sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: c.qty}, "pickup"), &out)
			if res.StatusCode != 201 || out.Orders[0].Total != c.qty*c.unit {
				t.Errorf("checkout of %d: %d, total %v, want %d", c.qty, res.StatusCode, out.Orders, c.qty*c.unit)
			}
		}
	})
}
