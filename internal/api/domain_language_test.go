package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/testutil"
)

// A seller and a buyer using the API in English get the domain's own
// refusals in English (a product without a name and past the stock limit,
// a broken QRIS pasted into the settings, a checkout past the stock), and
// the same refusals in Bahasa Indonesia without the header.
func TestDomainErrorsInTheAcceptedLanguage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 3)
		send := func(method, path, tok, lang string, body any) apiProblem {
			t.Helper()
			req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(toJSON(body)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			if lang != "" {
				req.Header.Set("Accept-Language", lang)
			}
			return mustProblem(t, s.Send(req, nil), 409, 422)
		}
		product := map[string]any{"umkm_id": sh.umkmA, "name": " ", "category": "kuliner", "price": 1000, "stock": 10_000_001, "weight_grams": 500}
		settings := map[string]any{"payment_expiry_hours": 12, "static_qris": "000201"}
		cart := checkoutBody(map[int64]int64{sh.kemplang: 5}, "pickup")
		for _, tc := range []struct {
			method, path, tok string
			body              any
			en, id            []string // the detail, then the field messages
		}{
			{"POST", "/api/v1/products", sh.sellerA, product,
				[]string{"Some of the data sent is not right", "Product name is required", "Stock: at most 10,000,000"},
				[]string{"Data yang dikirim belum benar", "Nama produk wajib diisi", "Stok maksimal 10.000.000"}},
			{"PUT", fmt.Sprintf("/api/v1/umkm/%d/order-settings", sh.umkmA), sh.sellerA, settings,
				[]string{"Some of the data sent is not right", "Invalid QRIS code: tag 63 (CRC) must come last"},
				[]string{"Data yang dikirim belum benar", "Kode QRIS tidak valid: tag 63 (CRC) harus berada di akhir"}},
			{"POST", "/api/v1/checkout", sh.buyer, cart,
				[]string{"Not enough stock", "Not enough stock for this quantity"},
				[]string{"Stok tidak mencukupi", "Stok tidak mencukupi untuk jumlah ini"}},
		} {
			for lang, want := range map[string][]string{"en-US,en;q=0.9": tc.en, "": tc.id} {
				p := send(tc.method, tc.path, tc.tok, lang, tc.body)
				got := []string{p.Detail}
				for _, e := range p.Errors {
					got = append(got, e.Message)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s %s (Accept-Language %q): %q, want %q", tc.method, tc.path, lang, got, want)
				}
			}
		}
	})
}
