package api_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/testutil"
)

// A checkout answers from the rows it wrote instead of reading them back
// (decision 0043). A buyer's app that retries with the same Idempotency-Key
// gets the answer read from the database: the two must be the same, to the
// microsecond, line order, history and payment code included.
func TestCheckoutAnswerIsWhatARetryReadsBack(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		body := checkoutBody(map[int64]int64{sh.batik: 1, sh.kemplang: 4}, "courier")
		first := sh.checkout(t, "k-answer", body, nil)
		if first.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", first.StatusCode, first.Body)
		}
		again := sh.checkout(t, "k-answer", body, nil)
		if again.StatusCode != 201 {
			t.Fatalf("retry: %d %s", again.StatusCode, again.Body)
		}
		var written, read map[string]any
		if err := json.Unmarshal(first.Body, &written); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(again.Body, &read); err != nil {
			t.Fatal(err)
		}
		if len(written["orders"].([]any)) != 2 {
			t.Fatalf("want two orders (two sellers): %s", first.Body)
		}
		if !reflect.DeepEqual(read, written) {
			t.Errorf("checkout's answer differs from the retry's:\nanswered %s\nread     %s", first.Body, again.Body)
		}
	})
}

// A retry is recognised by its key wherever the checkout is refused or
// taken: the retry of the checkout that bought the last of the stock gets
// its orders back (201), not "out of stock", though the stock is now gone;
// a new key for the same cart is refused, and neither takes stock.
func TestRetryOfTheCheckoutThatTookTheLastStockGetsItsOrders(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 3)
		body := checkoutBody(map[int64]int64{sh.kemplang: 3}, "pickup")
		first := sh.checkout(t, "k-last", body, nil)
		if first.StatusCode != 201 || sh.stock(t, sh.kemplang) != 0 {
			t.Fatalf("checkout: %d %s", first.StatusCode, first.Body)
		}
		var bought, again struct {
			CheckoutID string `json:"checkout_id"`
		}
		json.Unmarshal(first.Body, &bought)
		retry := sh.checkout(t, "k-last", body, &again)
		if retry.StatusCode != 201 || again.CheckoutID != bought.CheckoutID {
			t.Errorf("retry after the stock ran out: %d %s", retry.StatusCode, retry.Body)
		}
		if other := sh.checkout(t, "k-other", body, nil); other.StatusCode != 409 {
			t.Errorf("a new checkout of stock that is gone: %d %s", other.StatusCode, other.Body)
		}
		if n := sh.count(t, `SELECT COUNT(*) FROM orders`); n != 1 || sh.stock(t, sh.kemplang) != 0 {
			t.Errorf("%d orders, stock %d; want 1 and 0", n, sh.stock(t, sh.kemplang))
		}
	})
}

// A checkout empties the buyer's cart and stores its key with its orders
// (on PostgreSQL in the first order's own statement), all or nothing: a
// refused checkout leaves the cart as it was and no key behind.
func TestCheckoutEmptiesTheCartAndStoresItsKeyAllOrNothing(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 5)
		buyerID := int64(sh.count(t, `SELECT id FROM users WHERE email = 'ani@x.id'`))
		cartKey := order.UserCartKey(buyerID)
		lines := func() int {
			c, err := s.App.Carts.Get(t.Context(), cartKey)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, g := range c.Groups {
				n += len(g.Lines)
			}
			return n
		}
		if err := s.App.Carts.Add(t.Context(), cartKey, sh.kemplang, 2); err != nil {
			t.Fatal(err)
		}
		if r := sh.checkout(t, "k-refused", checkoutBody(map[int64]int64{sh.kemplang: 6}, "pickup"), nil); r.StatusCode != 409 {
			t.Fatalf("more than the stock: %d %s", r.StatusCode, r.Body)
		}
		if lines() != 1 || sh.count(t, `SELECT COUNT(*) FROM idempotency_keys WHERE key = 'k-refused'`) != 0 {
			t.Errorf("a refused checkout emptied the cart (%d lines left) or kept its key", lines())
		}
		if r := sh.checkout(t, "k-bought", checkoutBody(map[int64]int64{sh.kemplang: 2}, "pickup"), nil); r.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
		}
		if lines() != 0 || sh.count(t, `SELECT COUNT(*) FROM idempotency_keys WHERE key = 'k-bought'`) != 1 {
			t.Errorf("after the checkout: %d cart lines, want 0, and its key stored once", lines())
		}
	})
}
