package api_test

import (
	"fmt"
	"maps"
	"sync"
	"testing"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// groupShop is a shop with a group: Ani coordinates, Budi and Cici are members, Dedi is not.
type groupShop struct {
	*shop
	budi, cici, dedi string
	group            int64
}

func newGroupShop(t *testing.T, s *testutil.Server) *groupShop {
	t.Helper()
	g := &groupShop{shop: newShop(t, s, 100)}
	for _, e := range []string{"budi@x.id", "cici@x.id", "dedi@x.id"} {
		s.MustUser(e, platform.RoleBuyer, "")
	}
	g.budi, g.cici, g.dedi = s.MustToken("budi@x.id"), s.MustToken("cici@x.id"), s.MustToken("dedi@x.id")
	var grp order.Group
	if res := s.Do("POST", "/api/v1/groups", g.buyer, map[string]any{"name": "PKK RW 05 Coblong"}, &grp); res.StatusCode != 201 || grp.InviteToken == "" {
		t.Fatalf("create group: %d %s", res.StatusCode, res.Body)
	}
	for _, tok := range []string{g.budi, g.cici} {
		if res := s.Do("POST", "/api/v1/groups/join", tok, map[string]any{"token": grp.InviteToken}, nil); res.StatusCode != 200 {
			t.Fatalf("join group: %d %s", res.StatusCode, res.Body)
		}
	}
	g.group = grp.ID
	return g
}

func (g *groupShop) openOrder(t *testing.T) order.GroupOrder {
	t.Helper()
	var o order.GroupOrder
	if res := g.s.Do("POST", fmt.Sprintf("/api/v1/groups/%d/orders", g.group), g.buyer, map[string]any{"title": "Oleh-oleh arisan"}, &o); res.StatusCode != 201 {
		t.Fatalf("open group order: %d %s", res.StatusCode, res.Body)
	}
	return o
}

func (g *groupShop) setItem(t *testing.T, tok string, id, product, qty int64, want int) order.GroupOrder {
	t.Helper()
	var o order.GroupOrder
	if res := g.s.Do("PUT", fmt.Sprintf("/api/v1/group-orders/%d/items/%d", id, product), tok, map[string]any{"quantity": qty}, &o); res.StatusCode != want {
		t.Fatalf("set item: %d %s, want %d", res.StatusCode, res.Body, want)
	}
	return o
}

func groupCheckoutBody(mode, provider string) map[string]any {
	return map[string]any{"delivery": map[string]any{"method": "courier"}, "payment_provider": provider, "pay_mode": mode,
		"address": map[string]any{"name": "Ani (PKK RW 05)", "phone": "0813-1111-2222", "street": "Jl. Tubagus Ismail 5", "regency_code": "32.73"}}
}

func TestGroupOrderPaidByEachMember(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		g := newGroupShop(t, s)
		// Kemplang is cheaper from 10 units: the group reaches it together.
		s.Do("PUT", fmt.Sprintf("/api/v1/products/%d/tiers", g.kemplang), g.sellerA, map[string]any{"tiers": []map[string]any{{"min_quantity": 10, "price": 22000}}}, nil)
		o := g.openOrder(t)
		g.setItem(t, g.buyer, o.ID, g.kemplang, 4, 200)
		g.setItem(t, g.budi, o.ID, g.kemplang, 6, 200)
		after := g.setItem(t, g.cici, o.ID, g.batik, 1, 200)
		if len(after.Items) != 3 || after.Items[0].UnitPrice != 22000 && after.Items[1].UnitPrice != 22000 {
			t.Fatalf("items %+v: kemplang should be at the 10+ price", after.Items)
		}

		// Nobody edits another member's line; outsiders see nothing.
		var budiLine int64
		for _, it := range after.Items {
			if it.ProductID == g.kemplang && it.Quantity == 6 {
				budiLine = it.ID
			}
		}
		if res := s.Do("PATCH", fmt.Sprintf("/api/v1/group-orders/%d/lines/%d", o.ID, budiLine), g.cici, map[string]any{"quantity": 1}, nil); res.StatusCode != 403 || res.ContentType != "application/problem+json" {
			t.Errorf("a member editing another's line: %d, want 403 problem", res.StatusCode)
		}
		if res := s.Do("GET", fmt.Sprintf("/api/v1/group-orders/%d", o.ID), g.dedi, nil, nil); res.StatusCode != 404 {
			t.Errorf("an outsider reads the group order: %d, want 404", res.StatusCode)
		}
		g.setItem(t, g.dedi, o.ID, g.kemplang, 1, 404)
		if res := s.Do("POST", fmt.Sprintf("/api/v1/group-orders/%d/close", o.ID), g.budi, nil, nil); res.StatusCode != 403 {
			t.Errorf("a member closes the order: %d, want 403", res.StatusCode)
		}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/group-orders/%d/checkout", o.ID), g.buyer, groupCheckoutBody("each", "simulator"), nil); res.StatusCode != 409 {
			t.Errorf("checkout before closing: %d, want 409", res.StatusCode)
		}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/group-orders/%d/close", o.ID), g.buyer, nil, nil); res.StatusCode != 200 {
			t.Fatalf("close: %d %s", res.StatusCode, res.Body)
		}
		g.setItem(t, g.budi, o.ID, g.kemplang, 7, 409) // closed: no more changes
		if res := s.Do("POST", fmt.Sprintf("/api/v1/group-orders/%d/checkout", o.ID), g.buyer, groupCheckoutBody("each", "transfer"), nil); res.StatusCode != 422 {
			t.Errorf("each member paying by bank transfer: %d, want 422", res.StatusCode)
		}

		var done order.GroupOrder
		if res := s.Do("POST", fmt.Sprintf("/api/v1/group-orders/%d/checkout", o.ID), g.buyer, groupCheckoutBody("each", "simulator"), &done); res.StatusCode != 200 {
			t.Fatalf("checkout: %d %s", res.StatusCode, res.Body)
		}
		if done.Status != "dipesan" || len(done.OrderIDs) != 2 || len(done.Shares) != 3 {
			t.Fatalf("after checkout: %s, %d orders, %d shares", done.Status, len(done.OrderIDs), len(done.Shares))
		}
		// Orders: kemplang 10 × 22,000 + courier Palembang → Bandung (5 kg:
		// 25,000 + 4 × 15,000 = 85,000); batik 150,000 + 10,000 in Bandung.
		var sum, shipping int64
		for _, sh := range done.Shares {
			sum += sh.Amount
			shipping += sh.Shipping
			if sh.PaymentID == 0 || sh.PaymentStatus != "pending" {
				t.Errorf("share of %s has no pending payment", sh.MemberName)
			}
		}
		if want := int64(220000 + 85000 + 150000 + 10000); sum != want || shipping != 95000 {
			t.Fatalf("shares add up to %d (shipping %d), want %d (shipping 95,000)", sum, shipping, want)
		}
		share := map[string]order.GroupShare{}
		for _, sh := range done.Shares {
			share[sh.MemberName] = sh
		}
		if a, b := share["ani@x.id"], share["budi@x.id"]; a.Goods != 88000 || b.Goods != 132000 || a.Shipping != 34000 || b.Shipping != 51000 {
			t.Errorf("kemplang shares: ani %+v, budi %+v", a, b)
		}
		if c := share["cici@x.id"]; c.Amount != 160000 {
			t.Errorf("cici's share %+v, want 160,000", c)
		}

		// Each member pays their own share; the orders are paid when all have.
		tokens := map[string]string{"ani@x.id": g.buyer, "budi@x.id": g.budi, "cici@x.id": g.cici}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", share["budi@x.id"].PaymentID), g.cici, nil, nil); res.StatusCode != 404 {
			t.Errorf("a member paying another's share page: %d, want 404", res.StatusCode)
		}
		for i, name := range []string{"ani@x.id", "budi@x.id", "cici@x.id"} {
			if res := s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", share[name].PaymentID), tokens[name], nil, nil); res.StatusCode != 200 {
				t.Fatalf("%s pays: %d %s", name, res.StatusCode, res.Body)
			}
			st, _ := g.orderStatus(t, g.buyer, done.OrderIDs[0])
			if want := map[bool]string{true: "dibayar", false: "menunggu_pembayaran"}[i == 2]; st != want {
				t.Errorf("after %d of 3 shares the order is %s, want %s", i+1, st, want)
			}
		}
		// The stock was taken on the group's totals.
		if got := g.stock(t, g.kemplang); got != 90 {
			t.Errorf("kemplang stock %d, want 90", got)
		}
	})
}

func TestGroupOrderPaidByTheCoordinatorAndExpiredSharesRefunded(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		g := newGroupShop(t, s)
		o := g.openOrder(t)
		g.setItem(t, g.buyer, o.ID, g.kemplang, 2, 200)
		g.setItem(t, g.budi, o.ID, g.batik, 1, 200)
		s.Do("POST", fmt.Sprintf("/api/v1/group-orders/%d/close", o.ID), g.buyer, nil, nil)
		// The kemplang seller gives buyers 2 hours to pay, the batik seller 24.
		if res := s.Do("PUT", fmt.Sprintf("/api/v1/umkm/%d/order-settings", g.umkmA), g.sellerA, map[string]any{"payment_expiry_hours": 2}, nil); res.StatusCode != 200 {
			t.Fatalf("order settings: %d %s", res.StatusCode, res.Body)
		}
		var done order.GroupOrder
		body := groupCheckoutBody("coordinator", "simulator")
		body["delivery"] = map[string]any{"method": "pickup"}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/group-orders/%d/checkout", o.ID), g.buyer, body, &done); res.StatusCode != 200 {
			t.Fatalf("checkout: %d %s", res.StatusCode, res.Body)
		}
		if len(done.Shares) != 2 || done.Shares[0].PaymentID != 0 {
			t.Fatalf("coordinator pays: shares %+v should have no payments of their own", done.Shares)
		}
		if n := g.count(t, fmt.Sprintf(`SELECT COUNT(DISTINCT pay_by) FROM orders WHERE checkout_id = '%s'`, done.CheckoutID)); n != 1 || len(done.OrderIDs) != 2 {
			t.Errorf("the group's %d orders have %d payment times, want one (the shortest)", len(done.OrderIDs), n)
		}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/group-orders/%d/checkout", o.ID), g.buyer, body, nil); res.StatusCode != 409 {
			t.Errorf("checking out twice: %d, want 409", res.StatusCode)
		}

		// Another group order paid by shares, where only one member pays in time.
		o2 := g.openOrder(t)
		g.setItem(t, g.buyer, o2.ID, g.kemplang, 1, 200)
		g.setItem(t, g.budi, o2.ID, g.kemplang, 1, 200)
		s.Do("POST", fmt.Sprintf("/api/v1/group-orders/%d/close", o2.ID), g.buyer, nil, nil)
		body["pay_mode"] = "each"
		var d2 order.GroupOrder
		if res := s.Do("POST", fmt.Sprintf("/api/v1/group-orders/%d/checkout", o2.ID), g.buyer, body, &d2); res.StatusCode != 200 {
			t.Fatalf("checkout 2: %d %s", res.StatusCode, res.Body)
		}
		paid := d2.Shares[0]
		if res := s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", paid.PaymentID), tokenOf(g, paid.MemberName), nil, nil); res.StatusCode != 200 {
			t.Fatalf("pay one share: %d %s", res.StatusCode, res.Body)
		}
		// The payment time runs out before the other member pays.
		s.App.DB.Writer().Exec(t.Context(), `UPDATE orders SET pay_by = ? WHERE checkout_id = ?`, done.CreatedAt.AddDate(-1, 0, 0), d2.CheckoutID)
		for range 2 {
			if _, err := s.App.Orders.ExpireUnpaid(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if n, sum := g.refunds(t, d2.OrderIDs[0]); n != 1 || sum != paid.Amount {
			t.Errorf("the paid share: %d refunds of %d, want 1 of %d", n, sum, paid.Amount)
		}
		if st, _ := g.orderStatus(t, g.buyer, d2.OrderIDs[0]); st != "dibatalkan" {
			t.Errorf("unpaid group order is %s, want dibatalkan", st)
		}
	})
}

func tokenOf(g *groupShop, name string) string {
	return map[string]string{"ani@x.id": g.buyer, "budi@x.id": g.budi, "cici@x.id": g.cici}[name]
}

// TestAddingToAGroupOrderAddsToTheMembersOwnLine: a product page's "add to
// group order" adds to the member's line, even when sent twice at once.
func TestAddingToAGroupOrderAddsToTheMembersOwnLine(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		g := newGroupShop(t, s)
		o := g.openOrder(t)
		var budi account.User
		if err := s.App.DB.Reader().QueryRow(t.Context(), `SELECT id FROM users WHERE email = 'budi@x.id'`).Scan(&budi.ID); err != nil {
			t.Fatal(err)
		}
		ctx := platform.WithActor(t.Context(), platform.Actor{UserID: budi.ID, Role: platform.RoleBuyer})
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if _, err := s.App.Orders.AddGroupItem(ctx, o.ID, g.kemplang, 3); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if _, err := s.App.Orders.AddGroupItem(ctx, o.ID, g.kemplang, 9_999); platform.ErrorKind(err) != platform.KindInvalid {
			t.Errorf("adding past 10,000: %v, want invalid", err)
		}
		got, _ := s.App.Orders.GroupOrder(ctx, o.ID)
		if len(got.Items) != 1 || got.Items[0].Quantity != 6 {
			t.Errorf("lines %+v, want one line of 6", got.Items)
		}
	})
}

// TestCartAddsAddUp: two "add to cart" at once both count, and an add past
// the stock is refused and leaves the cart as it was.
func TestCartAddsAddUp(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		key := "g:bench-guest"
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if err := s.App.Carts.Add(t.Context(), key, sh.kemplang, 3); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if err := s.App.Carts.Add(t.Context(), key, sh.kemplang, 5); platform.ErrorKind(err) != platform.KindConflict {
			t.Errorf("adding past the stock of 10: %v, want a conflict", err)
		}
		cart, err := s.App.Carts.Get(t.Context(), key)
		if err != nil || len(cart.Groups) != 1 || cart.Groups[0].Lines[0].Quantity != 6 {
			t.Errorf("cart %+v (%v), want one line of 6", cart, err)
		}
	})
}

// TestGroupOrderAndCartPriceATierAlike: the same product at the same
// quantity costs the same per unit in a cart and in a group order (the
// group at its members' total), at every tier boundary, as
// catalog.UnitPrice says.
func TestGroupOrderAndCartPriceATierAlike(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		g := newGroupShop(t, s)
		tiers := []catalog.PriceTier{{MinQuantity: 10, Price: 22000}, {MinQuantity: 50, Price: 20000}}
		if res := s.Do("PUT", fmt.Sprintf("/api/v1/products/%d/tiers", g.kemplang), g.sellerA, map[string]any{"tiers": tiers}, nil); res.StatusCode != 200 {
			t.Fatalf("set tiers: %d %s", res.StatusCode, res.Body)
		}
		for _, total := range []int64{2, 9, 10, 11, 49, 50, 60} {
			o := g.openOrder(t)
			g.setItem(t, g.buyer, o.ID, g.kemplang, total-1, 200)
			after := g.setItem(t, g.budi, o.ID, g.kemplang, 1, 200)
			key := fmt.Sprintf("g:tier-%d", total)
			if err := s.App.Carts.Set(t.Context(), key, g.kemplang, total); err != nil {
				t.Fatal(err)
			}
			cart, err := s.App.Carts.Get(t.Context(), key)
			if err != nil || len(cart.Groups) != 1 {
				t.Fatalf("cart of %d: %+v %v", total, cart, err)
			}
			want := catalog.UnitPrice(25_000, tiers, total)
			if got := cart.Groups[0].Lines[0].Price; got != want {
				t.Errorf("cart of %d: unit price %d, want %d", total, got, want)
			}
			for _, it := range after.Items {
				if it.UnitPrice != want {
					t.Errorf("group order of %d in all: %s's line at %d, want %d", total, it.MemberName, it.UnitPrice, want)
				}
			}
		}
	})
}

// TestCartMergeAddsUp: logging in merges the guest's cart into the user's:
// a product in both adds up, capped at the stock and at a line's 10,000
// but never below what either cart held; a product only in the guest's
// cart moves as it was. An add to the user's cart while it merges still
// counts (two tabs at login).
func TestCartMergeAddsUp(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		ctx := t.Context()
		sh := newShop(t, s, 20_000)
		if res := s.Do("PATCH", fmt.Sprintf("/api/v1/products/%d", sh.batik), sh.seller2, map[string]any{"stock": 50}, nil); res.StatusCode != 200 {
			t.Fatalf("set stock: %d %s", res.StatusCode, res.Body)
		}
		lines := func(key string) map[int64]int64 {
			t.Helper()
			cart, err := s.App.Carts.Get(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]int64{}
			for _, g := range cart.Groups {
				for _, l := range g.Lines {
					got[l.ProductID] = l.Quantity
				}
			}
			return got
		}
		set := func(key string, product, q int64) {
			t.Helper()
			if err := s.App.Carts.Set(ctx, key, product, q); err != nil {
				t.Fatal(err)
			}
		}
		merge := func(guest, user string) {
			t.Helper()
			if err := s.App.Carts.Merge(ctx, guest, user); err != nil {
				t.Fatal(err)
			}
		}

		// Adds up; capped at the stock of 50, not below the guest's 40.
		set("u:1", sh.kemplang, 3)
		set("g:a", sh.kemplang, 2)
		set("u:1", sh.batik, 30)
		set("g:a", sh.batik, 40)
		merge("g:a", "u:1")
		if got, want := lines("u:1"), map[int64]int64{sh.kemplang: 5, sh.batik: 50}; !maps.Equal(got, want) {
			t.Errorf("merged cart %v, want %v", got, want)
		}
		if got := lines("g:a"); len(got) != 0 {
			t.Errorf("guest cart after the merge: %v, want empty", got)
		}
		// Capped at a line's 10,000; a line only in the guest's cart moves.
		set("u:2", sh.kemplang, 6_000)
		set("g:b", sh.kemplang, 5_000)
		set("g:b", sh.batik, 7)
		merge("g:b", "u:2")
		if got, want := lines("u:2"), map[int64]int64{sh.kemplang: 10_000, sh.batik: 7}; !maps.Equal(got, want) {
			t.Errorf("merged cart %v, want %v", got, want)
		}

		// An add and a merge at once both count, every time.
		for i := range 40 {
			user, guest := fmt.Sprintf("u:race-%d", i), fmt.Sprintf("g:race-%d", i)
			set(user, sh.kemplang, 1)
			set(guest, sh.kemplang, 2)
			var wg sync.WaitGroup
			wg.Go(func() {
				if err := s.App.Carts.Add(ctx, user, sh.kemplang, 3); err != nil {
					t.Error(err)
				}
			})
			wg.Go(func() {
				if err := s.App.Carts.Merge(ctx, guest, user); err != nil {
					t.Error(err)
				}
			})
			wg.Wait()
			if got := lines(user)[sh.kemplang]; got != 6 {
				t.Fatalf("round %d: add of 3 and merge of 2 into a line of 1 gave %d, want 6", i, got)
			}
		}
	})
}
