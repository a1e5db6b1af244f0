package api_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestNaikKelasCountsTheBoothSales: a UMKM whose orders (Rp1,9 miliar)
// stay under the mikro ceiling moves up once its cashier's sales at an
// expo booth this year (Rp150 juta) are counted with them, the evidence
// shows both, and voiding the booth sale takes it back below.
func TestNaikKelasCountsTheBoothSales(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		agency := s.MustToken("dinas16@x.id")
		var hamper struct{ ID int64 }
		if r := s.Do("POST", "/api/v1/products", sh.sellerA, map[string]any{"umkm_id": sh.umkmA, "name": "Parsel Kemplang Lebaran",
			"category": "kuliner", "price": 250_000, "stock": 10_000, "weight_grams": 2000}, &hamper); r.StatusCode != 201 {
			t.Fatalf("product: %d %s", r.StatusCode, r.Body)
		}
		big := checkoutBody(map[int64]int64{hamper.ID: 7_600}, "pickup")
		big["payment_provider"] = "transfer"
		var res checkoutResp
		if r := sh.checkout(t, "n1", big, &res); r.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
		}
		if r := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", res.Orders[0].ID), sh.sellerA, map[string]any{"to": "dibayar"}, nil); r.StatusCode != 200 {
			t.Fatalf("confirm the transfer: %d %s", r.StatusCode, r.Body)
		}
		if _, err := s.App.Sales.Fold(t.Context()); err != nil {
			t.Fatal(err)
		}
		jakarta, _ := time.LoadLocation("Asia/Jakarta")
		today := time.Now().In(jakarta)
		var e expo.Event
		if r := s.Do("POST", "/api/v1/events", agency, map[string]any{"name": "Bazar UMKM Sumsel", "host_province_code": "32",
			"city": "Bandung", "venue": "Gedung Sate", "starts_on": today.Format(time.DateOnly), "ends_on": today.AddDate(0, 0, 1).Format(time.DateOnly),
			"time_zone": "Asia/Jakarta"}, &e); r.StatusCode != 201 {
			t.Fatalf("event: %d %s", r.StatusCode, r.Body)
		}
		path := func(f string, args ...any) string {
			return fmt.Sprintf("/api/v1/events/%d", e.ID) + fmt.Sprintf(f, args...)
		}
		s.Do("POST", path("/status"), agency, map[string]any{"status": "running"}, nil)
		var x expo.Exhibitor
		if r := s.Do("POST", path("/exhibitors"), agency, map[string]any{"kind": "umkm", "umkm_id": sh.umkmA, "booth": "A-01"}, &x); r.StatusCode != 201 {
			t.Fatalf("exhibitor: %d %s", r.StatusCode, r.Body)
		}
		var synced expo.SyncResult
		if r := s.Do("POST", path("/sales/sync"), sh.sellerA, map[string]any{"exhibitor_id": x.ID, "sales": []any{
			sale(saleID(1), time.Now(), "transfer", line("Parsel Kemplang Kantor", 600, 250_000))}}, &synced); r.StatusCode != 200 || synced.Accepted != 1 {
			t.Fatalf("sync: %d %s", r.StatusCode, r.Body)
		}

		type movedUp struct {
			UMKMID        int64 `json:"umkm_id"`
			Scale         string
			Turnover      int64
			Orders        int64
			OrdersAmount  int64 `json:"orders_amount"`
			OfflineSales  int64 `json:"offline_sales"`
			OfflineAmount int64 `json:"offline_amount"`
		}
		registry := func() []movedUp {
			var out struct {
				MovedUp []movedUp `json:"moved_up"`
			}
			if r := s.Do("GET", "/api/v1/insight/registry", agency, nil, &out); r.StatusCode != 200 {
				t.Fatalf("registry: %d %s", r.StatusCode, r.Body)
			}
			return out.MovedUp
		}
		want := movedUp{UMKMID: sh.umkmA, Scale: "kecil", Turnover: 2_050_000_000, Orders: 1, OrdersAmount: 1_900_000_000,
			OfflineSales: 1, OfflineAmount: 150_000_000}
		if got := registry(); len(got) != 1 || got[0] != want {
			t.Errorf("moved up with the booth's sale: %+v, want %+v", got, want)
		}
		if r := s.Do("POST", path("/sales/%s/void", saleID(1)), sh.sellerA, map[string]any{"reason": "Salah input"}, nil); r.StatusCode != 200 {
			t.Fatalf("void: %d %s", r.StatusCode, r.Body)
		}
		if got := registry(); len(got) != 0 {
			t.Errorf("moved up after the booth's sale was voided: %+v, want none (orders alone Rp1,9 miliar)", got)
		}
	})
}
