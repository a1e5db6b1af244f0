package api_test

import (
	"fmt"
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
