package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestOnlyTheBuyerPressesSimulatedPay: the "pay (simulation)" button is the
// buyer's; the seller sees the payment but neither the button nor the right
// to post it, and neither does the agency.
func TestOnlyTheBuyerPressesSimulatedPay(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		s.MustUser("siti@x.id", platform.RoleSeller, "")
		s.MustUser("ani@x.id", platform.RoleBuyer, "")
		seller := s.MustToken("siti@x.id")
		var u struct{ ID int64 }
		s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": "Kemplang Bu Siti", "owner_name": "Siti", "nib": "1671000000001",
			"regency_code": "16.71", "category": "kuliner", "whatsapp": "081211112222"}, &u)
		var p struct{ ID int64 }
		s.Do("POST", "/api/v1/products", seller, map[string]any{"umkm_id": u.ID, "name": "Kemplang", "category": "kuliner",
			"price": 20000, "stock": 5, "weight_grams": 400}, &p)
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil)
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
		login := func(email string) *browser {
			b := newBrowser(t, s)
			b.get("/masuk")
			b.post("/masuk", url.Values{"email": {email}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}})
			return b
		}
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
