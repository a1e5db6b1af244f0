package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestMallStallSalesOverHTTP(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		today, k01, _, _ := w.marketDay(t) // Batik Asep (seller2) holds K-01 this week
		now := time.Now()
		sale := func(id string, items ...map[string]any) map[string]any {
			return map[string]any{"id": id, "sold_at": now.Format(time.RFC3339), "payment_method": "qris", "items": items}
		}
		batik := map[string]any{"product_id": w.batik, "name": "", "quantity": 2, "price": 250000}
		typed := map[string]any{"name": "Tas anyaman", "quantity": 1, "price": 75000}
		kemplang := map[string]any{"product_id": w.kemplang, "name": "Kemplang", "quantity": 1, "price": 30000} // Siti's product, not Asep's
		batch := map[string]any{"sales": []any{
			sale("11111111-1111-4111-8111-111111111111", batik, typed),
			sale("22222222-2222-4222-8222-222222222222", kemplang),
			sale("33333333-3333-4333-8333-333333333333", map[string]any{"name": "Gantungan kunci", "quantity": 1, "price": expo.MaxUnitPrice + 1}),
		}}
		sync := func(tok, stall string, body any) (int, expo.SyncResult, testutil.Response) {
			var out expo.SyncResult
			res := s.Do("POST", w.path("/stalls/%s/sales", stall), tok, body, &out)
			return res.StatusCode, out, res
		}
		for _, c := range []struct {
			name, tok, stall string
			want             int
		}{
			{"anonymous", "", "K-01", 401},
			{"a buyer", w.buyer, "K-01", 403},
			{"the venue's staff", w.staffA, "K-01", 403},
			{"the province's agency", w.agency32, "K-01", 403},
			{"another province's agency", w.agency16, "K-01", 403},
			{"a tenant of another stall", w.sellerA, "K-01", 403},
			{"a stall the venue does not have", w.seller2, "Z-99", 404},
		} {
			if st, _, res := sync(c.tok, c.stall, batch); st != c.want || !strings.HasPrefix(res.ContentType, "application/problem+json") {
				t.Errorf("sync by %s: %d %s %s, want %d problem+json", c.name, st, res.ContentType, res.Body, c.want)
			}
		}
		if n := w.count(t, `SELECT COUNT(*) FROM mall_sales`); n != 0 {
			t.Fatalf("%d sales stored by refused syncs", n)
		}
		st, res, raw := sync(w.seller2, "k-01", batch)
		if st != 200 || res.Accepted != 1 || res.Duplicates != 0 || len(res.Rejected) != 2 {
			t.Fatalf("the tenant's sync: %d %s", st, raw.Body)
		}
		fields := map[string]string{}
		for _, r := range res.Rejected {
			fields[r.ID[:2]] = r.Errors[0].Field
		}
		if fields["22"] != "items[0].product_id" || fields["33"] != "items[0].price" {
			t.Errorf("rejections: %s", raw.Body)
		}
		if st, again, _ := sync(w.seller2, "K-01", batch); st != 200 || again.Accepted != 0 || again.Duplicates != 1 {
			t.Errorf("re-sync: %d %+v", st, again)
		}
		if st, _, _ := sync(w.seller2, "K-01", map[string]any{"sales": make([]expo.Sale, expo.MaxSyncBatch+1)}); st != 422 {
			t.Errorf("a batch past %d: %d", expo.MaxSyncBatch, st)
		}

		// The list: the venue's operator sees every sale, the tenant its own, others none.
		list := func(tok, query string) (int, []mall.StallSale, []byte) {
			var out struct{ Items []mall.StallSale }
			res := s.Do("GET", w.path("/sales%s", query), tok, nil, &out)
			return res.StatusCode, out.Items, res.Body
		}
		for _, c := range []struct {
			name, tok string
			want      int
			n         int
		}{
			{"anonymous", "", 401, 0},
			{"the venue's staff", w.staffA, 200, 1},
			{"the province's agency", w.agency32, 200, 1},
			{"the tenant", w.seller2, 200, 1},
			{"another venue's staff", w.staffB, 200, 0},
			{"another seller", w.sellerA, 200, 0},
			{"a buyer", w.buyer, 200, 0},
			{"another province's agency", w.agency16, 200, 0},
		} {
			if st, items, b := list(c.tok, "?from="+today+"&to="+today); st != c.want || len(items) != c.n {
				t.Errorf("sales seen by %s: %d %s, want %d with %d", c.name, st, b, c.want, c.n)
			}
		}
		_, items, _ := list(w.staffA, "")
		if len(items) != 1 {
			t.Fatalf("today's sales by default: %v", items)
		}
		got := items[0]
		if got.Stall != "K-01" || got.TurnID != k01.ID || got.UMKMID != w.umkmB || got.Day != today || got.Total != 575000 || got.PaymentMethod != "qris" || got.Late {
			t.Errorf("the stored sale: %+v", got)
		}
		if st, _, b := list(w.staffA, "?from=kemarin"); st != 422 || !hasField(problemFields(t, b), "query.from") {
			t.Errorf("a bad date: %d %s", st, b)
		}

		// Voiding: not another seller; the tenant, with a reason; once.
		void := func(tok, id, reason string) (int, []byte) {
			res := s.Do("POST", w.path("/sales/%s/void", id), tok, map[string]any{"reason": reason}, nil)
			return res.StatusCode, res.Body
		}
		id := got.ID
		for _, c := range []struct {
			name, tok, id, reason string
			want                  int
		}{
			{"anonymous", "", id, "salah", 401},
			{"another seller", w.sellerA, id, "salah", 403},
			{"a buyer", w.buyer, id, "salah", 403},
			{"another venue's staff", w.staffB, id, "salah", 403},
			{"no reason", w.seller2, id, "", 422},
			{"an unknown sale", w.seller2, "99999999-9999-4999-8999-999999999999", "salah", 404},
		} {
			if st, b := void(c.tok, c.id, c.reason); st != c.want {
				t.Errorf("void by %s: %d %s, want %d", c.name, st, b, c.want)
			}
		}
		if n := s.MustOfflineFiguresMatch(t); n != 1 {
			t.Errorf("offline figures of %d UMKM-months before the void, want the tenant's one", n)
		}
		if st, b := void(w.seller2, id, "harga salah"); st != 200 {
			t.Fatalf("the tenant voids: %d %s", st, b)
		}
		if st, _ := void(w.staffA, id, "lagi"); st != http.StatusConflict {
			t.Errorf("voided twice: %d", st)
		}
		if _, items, _ := list(w.seller2, ""); len(items) != 1 || items[0].VoidedAt == nil || items[0].VoidReason != "harga salah" {
			t.Errorf("the voided sale in the list: %+v", items)
		}
		if n := s.MustOfflineFiguresMatch(t); n != 0 {
			t.Errorf("offline figures of %d UMKM-months after the void, want none", n)
		}
		total, err := s.App.Mall.SalesTotals(t.Context(), s.App.DB.Reader(), w.venue, 0, today, today)
		if err != nil || total != 0 {
			t.Errorf("the venue's total after the void: %d %v", total, err)
		}

		// The OpenAPI document describes the three routes.
		var spec struct {
			Paths map[string]map[string]any `json:"paths"`
		}
		s.Do("GET", "/api/openapi.json", "", nil, &spec)
		for path, method := range map[string]string{"/api/v1/venues/{id}/stalls/{code}/sales": "post", "/api/v1/venues/{id}/sales": "get",
			"/api/v1/venues/{id}/sales/{sale_id}/void": "post"} {
			if _, ok := spec.Paths[path][method]; !ok {
				t.Errorf("OpenAPI lacks %s %s", method, path)
			}
		}
	})
}
