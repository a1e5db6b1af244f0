package metrics

import (
	"net/http"
	"net/http/httptest"
	"testing"

	promtest "github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/gerai-id/gerai/internal/httpx"
)

// TestMeasureAllocatesNothing: counting and timing a request adds no
// allocation to it once its route has been seen (the product page is
// served thousands of times a second).
func TestMeasureAllocatesNothing(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /produk/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotFound) })
	m := New(nil, nil)
	bare := httpx.Routed(mux)
	measured := m.Measure(bare)
	r := httptest.NewRequest("GET", "/produk/42", nil)
	w := httptest.NewRecorder()
	measured.ServeHTTP(w, r) // the route's first request makes its instruments
	base := testing.AllocsPerRun(200, func() { bare.ServeHTTP(w, r) })
	got := testing.AllocsPerRun(200, func() { measured.ServeHTTP(w, r) })
	if got > base {
		t.Errorf("a measured request allocates %.1f times, the bare one %.1f", got, base)
	}
	// One first request, then AllocsPerRun's warm-up and 200 runs.
	if n := promtest.ToFloat64(m.requests.WithLabelValues("GET /produk/{id}", "4xx")); n != 202 {
		t.Errorf("counted %v requests of GET /produk/{id} 4xx, want 202", n)
	}
}
