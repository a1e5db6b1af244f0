package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// BenchmarkCheckout is one buyer's checkout of one product through the API
// handler (token lookup, idempotency key, stock, order, payment), on a fresh
// SQLite database (and PostgreSQL when GERAI_TEST_POSTGRES is set). It is the
// unit of issue 3's flash sale without the network.
func BenchmarkCheckout(b *testing.B) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			if d == sqldb.Postgres && !testutil.PostgresConfigured() {
				b.Skip("GERAI_TEST_POSTGRES is not set")
			}
			s := testutil.NewServer(b, d)
			admin := s.MustUser("admin@bench.id", platform.RoleAdmin, "")
			_ = admin
			s.MustUser("seller@bench.id", platform.RoleSeller, "")
			seller := s.MustToken("seller@bench.id")
			var u struct{ ID int64 }
			s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": "Kemplang Kilat", "owner_name": "Penjual",
				"nib": "1234567890123", "regency_code": "16.71", "category": "kuliner"}, &u)
			s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
			s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("admin@bench.id"), nil, nil)
			var p struct{ ID int64 }
			s.Do("POST", "/api/v1/products", seller, map[string]any{"umkm_id": u.ID, "name": "Kemplang", "category": "kuliner",
				"price": 10000, "stock": 10_000_000, "weight_grams": 250}, &p)
			tokens := make([]string, 16)
			for i := range tokens {
				s.MustUser(fmt.Sprintf("buyer%d@bench.id", i), platform.RoleBuyer, "")
				tokens[i] = s.MustToken(fmt.Sprintf("buyer%d@bench.id", i))
			}
			payload, _ := json.Marshal(map[string]any{"items": []map[string]any{{"product_id": p.ID, "quantity": 1}},
				"delivery": map[string]any{"method": "pickup"}, "payment_provider": "transfer",
				"address": map[string]any{"name": "Pembeli", "phone": "081234567890", "regency_code": "32.73"}})
			h := s.App.Handler()
			var n atomic.Int64
			b.SetParallelism(16) // 32 buyers at once on 2 cores, as in a flash sale
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					r := httptest.NewRequest("POST", "/api/v1/checkout", bytes.NewReader(payload))
					r.Header.Set("Content-Type", "application/json")
					r.Header.Set("Authorization", "Bearer "+tokens[i%int64(len(tokens))])
					r.Header.Set("Idempotency-Key", fmt.Sprintf("k%d", i))
					w := httptest.NewRecorder()
					h.ServeHTTP(w, r)
					if w.Code != 201 {
						b.Fatal(w.Code, w.Body.String())
					}
				}
			})
		})
	}
}
