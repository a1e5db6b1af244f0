package api_test

import (
	"encoding/json"
	"reflect"
	"testing"

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
