package testutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// Builders of sales through the API, for tests of the figures made from
// them: a verified UMKM with one product, and paid orders of it.

// MustUMKM creates a UMKM of the seller (an existing seller account) in
// regency, has the agency (an existing agency account of its province)
// verify it, and gives it a product priced price with plenty of stock; it
// returns the UMKM's and the product's ids.
func (s *Server) MustUMKM(seller, agency, name, nib, regency string, price int64) (umkmID, productID int64) {
	s.t.Helper()
	tok := s.MustToken(seller)
	var u, p struct{ ID int64 }
	if r := s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": name, "owner_name": "Pemilik", "nib": nib,
		"regency_code": regency, "category": "kuliner", "whatsapp": "081234567890"}, &u); r.StatusCode != 201 {
		s.t.Fatalf("create UMKM %s: %d %s", name, r.StatusCode, r.Body)
	}
	if r := s.Do("POST", "/api/v1/products", tok, map[string]any{"umkm_id": u.ID, "name": "Produk " + name, "category": "kuliner",
		"price": price, "stock": 10_000, "weight_grams": 500}, &p); r.StatusCode != 201 {
		s.t.Fatalf("create product of %s: %d %s", name, r.StatusCode, r.Body)
	}
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), tok, nil, nil)
	if r := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken(agency), nil, nil); r.StatusCode != 200 {
		s.t.Fatalf("verify %s: %d %s", name, r.StatusCode, r.Body)
	}
	return u.ID, p.ID
}

// MustPaidOrder has the buyer (an existing account) order qty of the
// product for pickup with an address in regency (the buyer's province in
// the sales figures), pays it with the payment simulator, and returns the
// order's id. The figures count it once the sales roll-up is folded
// (App.Sales.Fold).
func (s *Server) MustPaidOrder(buyer string, productID, qty int64, regency string) int64 {
	s.t.Helper()
	tok := s.MustToken(buyer)
	body, _ := json.Marshal(map[string]any{
		"items":            []map[string]any{{"product_id": productID, "quantity": qty}},
		"delivery":         map[string]any{"method": "pickup"},
		"address":          map[string]any{"name": "Pembeli", "phone": "0813-1111-2222", "street": "Jl. Merdeka 1", "regency_code": regency},
		"payment_provider": "simulator"})
	req, _ := http.NewRequest("POST", s.URL+"/api/v1/checkout", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Idempotency-Key", fmt.Sprintf("paid-order-%d", s.keys.Add(1)))
	var out struct {
		Orders   []struct{ ID int64 } `json:"orders"`
		Payments []struct{ ID int64 } `json:"payments"`
	}
	if r := s.Send(req, &out); r.StatusCode != 201 || len(out.Orders) != 1 || len(out.Payments) != 1 {
		s.t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
	}
	if r := s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", out.Payments[0].ID), tok, nil, nil); r.StatusCode != 200 {
		s.t.Fatalf("pay: %d %s", r.StatusCode, r.Body)
	}
	return out.Orders[0].ID
}

// MustOfflineFiguresMatch fails t unless the offline sales roll-up
// (sales_offline_months) equals the booths' and stalls' sales not voided,
// recomputed from them; it returns the number of UMKM-months.
func (s *Server) MustOfflineFiguresMatch(t testing.TB) int {
	t.Helper()
	month := "substr(sale_day, 1, 7)"
	if s.App.DB.Dialect == sqldb.Postgres {
		month = "to_char(CAST(sale_day AS DATE), 'YYYY-MM')"
	}
	read := func(q string) map[string]string {
		rows, err := s.App.DB.Reader().Query(t.Context(), q)
		got, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (kv [2]string, err error) {
			var umkm, sales, amount int64
			err = r.Scan(&umkm, &kv[0], &sales, &amount)
			kv[0], kv[1] = fmt.Sprint(umkm, " ", kv[0]), fmt.Sprint(sales, " ", amount)
			return kv, err
		})
		if err != nil {
			t.Fatalf("offline figures: %v", err)
		}
		out := map[string]string{}
		for _, kv := range got {
			out[kv[0]] = kv[1]
		}
		return out
	}
	kept := read(`SELECT umkm_id, month, sales, amount_hi * 1000000000 + amount_lo FROM sales_offline_months WHERE sales <> 0`)
	want := read(`SELECT umkm_id, month, COUNT(*), SUM(total) FROM (
		SELECT x.umkm_id, ` + strings.ReplaceAll(month, "sale_day", "s.sale_day") + ` AS month, s.total FROM expo_sales s JOIN exhibitors x ON x.id = s.exhibitor_id
		WHERE s.voided_at IS NULL AND x.umkm_id IS NOT NULL
		UNION ALL SELECT umkm_id, ` + month + `, total FROM mall_sales WHERE voided_at IS NULL) AS offline GROUP BY umkm_id, month`)
	if !reflect.DeepEqual(kept, want) {
		t.Errorf("offline sales figures %v, the sales recomputed %v", kept, want)
	}
	return len(want)
}
