package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/payment/qris"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// The stall cashier: the tenant holding a stall today opens the expo's
// cashier page for it (its products, its static QRIS, the stall's sync
// URL), sells through the script's sync and the plain form, and voids a
// sale; nobody else opens it or syncs to it.
func TestStallCashierPage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
		s.MustUser("asep@x.id", platform.RoleSeller, "")
		s.MustUser("siti@x.id", platform.RoleSeller, "")
		s.MustUser("ani@x.id", platform.RoleBuyer, "")
		s.MustUser("petugas@jaswita.id", platform.RoleBuyer, "")
		agency, asep := s.MustToken("dinas32@x.id"), s.MustToken("asep@x.id")
		umkmID := verifiedUMKM(t, s, "asep@x.id", "dinas32@x.id", "Batik Asep", "3273000000201", "32.73", "fesyen")
		verifiedUMKM(t, s, "siti@x.id", "dinas32@x.id", "Kue Siti", "3273000000202", "32.73", "kuliner")
		var product struct{ ID int64 }
		if res := s.Do("POST", "/api/v1/products", asep, map[string]any{"umkm_id": umkmID, "name": "Batik Mega Mendung", "category": "fesyen",
			"price": 250000, "stock": 5, "weight_grams": 300}, &product); res.StatusCode != 201 {
			t.Fatalf("product: %d %s", res.StatusCode, res.Body)
		}
		static, err := qris.Build(qris.Merchant{Name: "BATIK ASEP", City: "BANDUNG", NMID: "ID1020031234568", MCC: "5699",
			Criteria: "UMI", AcquirerDomain: "ID.CO.BANKBJB.WWW", MerchantPAN: "9360011000000002", MerchantID: "ASEP01"}, 0, "")
		if err != nil {
			t.Fatal(err)
		}
		if res := s.Do("PUT", fmt.Sprintf("/api/v1/umkm/%d/order-settings", umkmID), asep, map[string]any{"payment_expiry_hours": 12, "static_qris": static}, nil); res.StatusCode != 200 {
			t.Fatalf("static QRIS: %d %s", res.StatusCode, res.Body)
		}
		var v, ap struct{ ID int64 }
		if res := s.Do("POST", "/api/v1/venues", agency, map[string]any{"name": "Pasar Kreatif Jawa Barat", "province_code": "32", "regency_code": "32.73",
			"address": "Jl. Pahlawan No. 70, Bandung", "time_zone": "Asia/Jakarta"}, &v); res.StatusCode != 201 {
			t.Fatalf("venue: %d %s", res.StatusCode, res.Body)
		}
		venue := func(format string, args ...any) string {
			return fmt.Sprintf("/api/v1/venues/%d", v.ID) + fmt.Sprintf(format, args...)
		}
		s.Do("POST", venue("/staff"), agency, map[string]any{"email": "petugas@jaswita.id"}, nil)
		s.Do("PUT", venue("/stalls"), agency, []map[string]any{{"code": "K-01", "kind": "kios"}, {"code": "K-02", "kind": "kios"}}, nil)
		s.Do("PUT", venue("/rulebook"), agency, map[string]any{"turn_days": 7}, nil)
		jakarta, _ := time.LoadLocation("Asia/Jakarta")
		today := time.Now().In(jakarta)
		day := func(n int) string { return today.AddDate(0, 0, n).Format(time.DateOnly) }
		if res := s.Do("POST", venue("/applications"), asep, map[string]any{"umkm_id": umkmID, "from": day(0), "to": day(30)}, &ap); res.StatusCode != 201 {
			t.Fatalf("apply: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("POST", venue("/turns"), agency, map[string]any{"stall": "K-01", "application_id": ap.ID, "from": day(0), "to": day(6)}, nil); res.StatusCode != 201 {
			t.Fatalf("turn: %d %s", res.StatusCode, res.Body)
		}
		page := fmt.Sprintf("/kasir/pasar/%d/K-01", v.ID)

		// /kasir lists the stall to its tenant, with today's turn, and not to another seller.
		link := fmt.Sprintf(`<a href="%s">Batik Asep · lapak K-01 · Pasar Kreatif Jawa Barat</a>`, page)
		if code, body := loggedIn(t, s, "asep@x.id").get("/kasir"); code != 200 || !strings.Contains(body, link) || !strings.Contains(body, "giliran hari ini") {
			t.Errorf("the tenant's /kasir: %d, want its stall linked with today's turn", code)
		}
		if code, body := loggedIn(t, s, "siti@x.id").get("/kasir"); code != 200 || strings.Contains(body, "/kasir/pasar/") ||
			!strings.Contains(body, "tidak memegang giliran lapak pasar") {
			t.Errorf("another seller's /kasir: %d, want no stall and the note that there is none", code)
		}

		for who, want := range map[string]int{"siti@x.id": 403, "ani@x.id": 403, "petugas@jaswita.id": 403, "dinas32@x.id": 403} {
			if code, _ := loggedIn(t, s, who).get(page); code != want {
				t.Errorf("the stall cashier for %s: %d, want %d", who, code, want)
			}
		}
		if code, _ := newBrowser(t, s).get(page); code != http.StatusSeeOther {
			t.Errorf("the stall cashier for nobody: %d, want a redirect to log in", code)
		}
		b := loggedIn(t, s, "asep@x.id")
		code, body := b.get(page)
		if code != 200 {
			t.Fatalf("the tenant's stall cashier: %d", code)
		}
		for _, want := range []string{"Kasir lapak: Batik Asep", "lapak K-01", "Pasar Kreatif Jawa Barat", `data-product="` + fmt.Sprint(product.ID) + `"`,
			fmt.Sprintf(`"syncURL":"/kasir/pasar/%d/K-01/sync"`, v.ID), `"staticQRIS":"` + static + `"`, `"billPrefix":"LAPAK"`,
			fmt.Sprintf(`action="/kasir/pasar/%d/K-01/jual"`, v.ID)} {
			if !strings.Contains(body, want) {
				t.Errorf("the stall cashier lacks %s", want)
			}
		}
		if strings.Contains(body, `data-stock=`) || strings.Contains(body, "bukan giliran UMKM Anda") {
			t.Errorf("a stall's tiles carry no expo stock, and today is the tenant's turn")
		}

		// The script's sync, as the page sends it (session cookie and CSRF header).
		sync := func(br *browser, sales []expo.Sale) (int, string) {
			raw, _ := json.Marshal(map[string]any{"sales": sales})
			req, _ := http.NewRequest("POST", s.URL+page+"/sync", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", br.csrf)
			res, err := br.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			out, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(out)
		}
		sale := expo.Sale{ID: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", SoldAt: time.Now(), PaymentMethod: "qris",
			Items: []expo.SaleItem{{ProductID: product.ID, Name: "Batik Mega Mendung", Quantity: 1, Price: 250000}}}
		if code, out := sync(b, []expo.Sale{sale}); code != 200 || !strings.Contains(out, `"accepted":1`) {
			t.Fatalf("the tenant's sync: %d %s", code, out)
		}
		siti := loggedIn(t, s, "siti@x.id")
		if code, out := sync(siti, []expo.Sale{sale}); code != 403 || !strings.Contains(out, "K-01") {
			t.Errorf("another seller's sync: %d %s", code, out)
		}
		// The plain form: one sale by cash, with change.
		code, loc, _ := b.post(page+"/jual", url.Values{"csrf_token": {b.csrf}, "product_id": {fmt.Sprint(product.ID)}, "quantity": {"2"},
			"payment_method": {"cash"}, "received": {"600.000"}})
		if code != 303 || loc != page+"?kembalian=100000#terkirim" {
			t.Fatalf("the plain form: %d → %q", code, loc)
		}
		if code, _, body := b.post(page+"/jual", url.Values{"csrf_token": {b.csrf}, "name": {"Kain"}, "price": {"2000000000"}, "quantity": {"1"},
			"payment_method": {"cash"}}); code != 422 || !strings.Contains(body, `id="e-price"`) {
			t.Errorf("the plain form past the bounds: %d", code)
		}
		var total int64
		if err := s.App.DB.Reader().QueryRow(t.Context(), `SELECT SUM(total) FROM mall_sales WHERE umkm_id = ?`, umkmID).Scan(&total); err != nil || total != 750000 {
			t.Errorf("stored at the stall: %d %v, want Rp750.000", total, err)
		}
		_, body = b.get(page)
		voidForm := fmt.Sprintf(`action="/kasir/pasar/%d/K-01/penjualan/%s/batal"`, v.ID, sale.ID)
		if !strings.Contains(body, voidForm) || strings.Count(body, "/batal\"") != 2 {
			t.Fatalf("the page lists today's two sales with a void form each")
		}
		if code, _, body := b.post(page+"/penjualan/"+sale.ID+"/batal", url.Values{"csrf_token": {b.csrf}, "reason": {""}}); code != 422 || !strings.Contains(body, "alasan") {
			t.Errorf("a void without a reason: %d", code)
		}
		if code, loc, _ := b.post(page+"/penjualan/"+sale.ID+"/batal", url.Values{"csrf_token": {b.csrf}, "reason": {"salah pilih"}}); code != 303 || loc != page+"#terkirim" {
			t.Errorf("the void: %d → %q", code, loc)
		}
		if _, body := b.get(page); !strings.Contains(body, "salah pilih") || strings.Count(body, "/batal\"") != 1 {
			t.Errorf("the voided sale shows its reason and no void form")
		}
	})
}
