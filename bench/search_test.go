// Package bench holds Gerai's benchmarks. The in-process ones here run the
// whole HTTP handler against a database seeded at scale: set GERAI_BENCH_DB
// to its DSN (see README.md); without it they are skipped.
package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/app"
)

var words = []string{"kopi", "songket", "tenunan", "kerajinan", "batik", "kemplang", "pempek", "keripik", "madu",
	"anyaman", "olahan", "rajutan", "sambal", "dodol", "gula", "kain", "tas", "sepatu", "minuman", "makanan"}

var provinces = []string{"11", "12", "13", "16", "32", "33", "35", "51", "61", "73", "91"}

func openApp(b *testing.B) *app.App {
	dsn := os.Getenv("GERAI_BENCH_DB")
	if dsn == "" {
		b.Skip("GERAI_BENCH_DB is not set: seed a database with 'gerai seed' and point at it")
	}
	a, err := app.Open(context.Background(), app.Config{DB: dsn, MediaDir: b.TempDir()}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	return a
}

// BenchmarkSearchOneWordProvince is the search: one word and a province filter, through the API handler.
// Its 140 searches stay kept (decision 0044), as popular searches do.
func BenchmarkSearchOneWordProvince(b *testing.B) { benchSearch(b, true) }

// BenchmarkSearchOneWordProvinceUncached is the same with no page kept: what each search costs the database.
func BenchmarkSearchOneWordProvinceUncached(b *testing.B) { benchSearch(b, false) }

func benchSearch(b *testing.B, keep bool) {
	a := openApp(b)
	a.Catalog.KeepPages(keep)
	h := a.Handler()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			r := httptest.NewRequest("GET", fmt.Sprintf("/api/v1/products?q=%s&province=%s&limit=20",
				words[i%len(words)], provinces[i%len(provinces)]), nil)
			r.Header.Set("Accept-Encoding", "gzip") // as browsers and apps send
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != 200 {
				b.Fatal(w.Code, w.Body.String())
			}
		}
	})
}

// BenchmarkProductPage renders the product page (HTML) of products spread over the table: each visit
// is to a product not visited before, so nothing of the page is kept (decision 0045).
func BenchmarkProductPage(b *testing.B) { benchProductPage(b, nil, 0) }

// BenchmarkProductPageHot visits 1,000 products again and again, as the products a campaign or a
// feed sends people to are: their pages' shared parts stay kept.
func BenchmarkProductPageHot(b *testing.B) { benchProductPage(b, nil, 1000) }

// BenchmarkProductPageGuestCart is BenchmarkProductPage for a guest with a
// cart cookie: the header's cart count adds one COUNT on cart_items.
func BenchmarkProductPageGuestCart(b *testing.B) {
	benchProductPage(b, &http.Cookie{Name: "gerai_cart", Value: strings.Repeat("b", 43)}, 0)
}

// benchProductPage visits products spread over the table; hot > 0 keeps to that many of them.
func benchProductPage(b *testing.B, cookie *http.Cookie, hot int64) {
	a := openApp(b)
	var maxID int64
	if err := a.DB.Reader().QueryRow(context.Background(), `SELECT MAX(id) FROM products WHERE listed = TRUE`).Scan(&maxID); err != nil {
		b.Fatal(err)
	}
	h := a.Handler()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := int64(0)
		for pb.Next() {
			i++
			id := 1 + (i*7919)%maxID
			if hot > 0 {
				id = 1 + (i%hot*7919)%maxID
			}
			r := httptest.NewRequest("GET", fmt.Sprintf("/produk/%d", id), nil)
			r.Header.Set("Accept-Encoding", "gzip")
			if cookie != nil {
				r.AddCookie(cookie)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != 200 && w.Code != 404 {
				b.Fatal(w.Code)
			}
		}
	})
}
