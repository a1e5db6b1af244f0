package metrics_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// scrape reads /metrics as a scraper would, with extra headers.
func scrape(t *testing.T, s *testutil.Server, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+"/metrics", nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func families(t *testing.T, text string) map[string]*dto.MetricFamily {
	t.Helper()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(bytes.NewBufferString(text))
	if err != nil {
		t.Fatalf("/metrics is not the Prometheus text format: %v", err)
	}
	return fams
}

// value is the value of the series of family name whose labels include
// want (a counter, a gauge, or a histogram's count); ok false when absent.
func value(fams map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	f, ok := fams[name]
	if !ok {
		return 0, false
	}
next:
	for _, m := range f.Metric {
		got := map[string]string{}
		for _, l := range m.Label {
			got[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if got[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

// TestMetricsAfterRequests: after some traffic an operator's scrape shows
// the requests by route pattern (one series for every product id) and
// status class, their latency, the pools, the database's role, and the
// sweeps' waiting work.
func TestMetricsAfterRequests(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("penjual@contoh.id", platform.RoleSeller, "")
		s.MustUser("dinas@contoh.id", platform.RoleAgency, "16")
		s.MustUser("pembeli@contoh.id", platform.RoleBuyer, "")
		_, productID := s.MustUMKM("penjual@contoh.id", "dinas@contoh.id", "Kopi Pagi", "1234567890123", "16.71", 25_000)
		s.MustPaidOrder("pembeli@contoh.id", productID, 1, "16.71")

		for _, path := range []string{fmt.Sprintf("/api/v1/products/%d", productID), "/api/v1/products/999998", "/api/v1/products/999999",
			fmt.Sprintf("/produk/%d", productID), "/produk/999999"} {
			s.Do("GET", path, "", nil, nil)
		}
		// An unpaid order past its payment deadline that no sweep has expired yet.
		ctx := context.Background()
		if _, err := s.App.DB.Writer().Exec(ctx, `UPDATE orders SET status = 'menunggu_pembayaran', pay_by = ?`, time.Now().Add(-time.Hour).UTC()); err != nil {
			t.Fatal(err)
		}

		code, text := scrape(t, s)
		if code != 200 {
			t.Fatalf("GET /metrics from this machine: %d %s", code, text)
		}
		fams := families(t, text)
		for _, m := range fams["gerai_http_requests_total"].GetMetric() {
			for _, l := range m.Label {
				if l.GetName() == "route" && (strings.Contains(l.GetValue(), "999999") || strings.HasSuffix(l.GetValue(), fmt.Sprint("/", productID))) {
					t.Errorf("a raw path reached the labels (one series per product): %s", l.GetValue())
				}
			}
		}
		for _, c := range []struct {
			name   string
			labels map[string]string
			want   float64
		}{
			{"gerai_http_requests_total", map[string]string{"route": "GET /api/v1/products/{id}", "code": "2xx"}, 1},
			{"gerai_http_requests_total", map[string]string{"route": "GET /api/v1/products/{id}", "code": "4xx"}, 2},
			{"gerai_http_requests_total", map[string]string{"route": "GET /produk/{id}", "code": "2xx"}, 1},
			{"gerai_http_requests_total", map[string]string{"route": "GET /produk/{id}", "code": "4xx"}, 1},
			{"gerai_http_requests_total", map[string]string{"route": "POST /api/v1/checkout", "code": "2xx"}, 1},
			{"gerai_http_request_duration_seconds", map[string]string{"route": "GET /api/v1/products/{id}", "code": "4xx"}, 2},
			{"gerai_db_role", map[string]string{"role": map[sqldb.Dialect]string{sqldb.SQLite: "sqlite", sqldb.Postgres: "primary"}[s.App.DB.Dialect]}, 1},
			{"gerai_db_up", nil, 1},
			{"gerai_sweep_due_items", map[string]string{"sweep": "expire_unpaid"}, 1},
			{"gerai_sweep_due_items", map[string]string{"sweep": "complete_shipped"}, 0},
			// The payment noted the order; nothing folded it yet.
			{"gerai_sweep_due_items", map[string]string{"sweep": "sales_fold"}, 1},
		} {
			got, ok := value(fams, c.name, c.labels)
			if !ok || got != c.want {
				t.Errorf("%s%v = %v (present %v), want %v", c.name, c.labels, got, ok, c.want)
			}
		}
		if lag, _ := value(fams, "gerai_sweep_lag_seconds", map[string]string{"sweep": "expire_unpaid"}); lag < 3000 || lag > 4000 {
			t.Errorf("expire_unpaid lag %v s, want about an hour (the order's deadline passed an hour ago)", lag)
		}
		for _, pool := range []string{"write", "read"} {
			if n, ok := value(fams, "gerai_db_pool_max_open_connections", map[string]string{"pool": pool}); !ok || n < 1 {
				t.Errorf("pool %s: max open %v (present %v)", pool, n, ok)
			}
			if _, ok := value(fams, "gerai_db_pool_wait_seconds_total", map[string]string{"pool": pool}); !ok {
				t.Errorf("pool %s: no wait seconds", pool)
			}
		}
		if _, ok := value(fams, "gerai_db_replication_lag_seconds", nil); ok {
			t.Error("replication lag reported without replication")
		}

		if _, err := s.App.Sales.Fold(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.Orders.ExpireUnpaid(ctx); err != nil {
			t.Fatal(err)
		}
		_, text = scrape(t, s)
		fams = families(t, text)
		due, _ := value(fams, "gerai_sweep_due_items", map[string]string{"sweep": "expire_unpaid"})
		lag, _ := value(fams, "gerai_sweep_lag_seconds", map[string]string{"sweep": "expire_unpaid"})
		if due != 0 || lag != 0 {
			t.Errorf("after the sweep, expire_unpaid: %v due, lag %v s; want 0, 0", due, lag)
		}
		if n, _ := value(fams, "gerai_http_requests_total", map[string]string{"route": "GET /produk/{id}", "code": "5xx"}); n != 0 {
			t.Errorf("product page 5xx: %v", n)
		}
	})
}

// TestMetricsAccess: the metrics are for the operator. Through a proxy
// (HAProxy runs on the same machine, so its connections are local) they are
// an unknown page, unless the scraper shows the configured token.
func TestMetricsAccess(t *testing.T) {
	plain := testutil.NewServer(t, sqldb.SQLite)
	withToken := testutil.NewServerWith(t, app.Config{DB: testutil.NewDSN(t, sqldb.SQLite), MetricsToken: "rahasia-pemantau", TrustProxy: true})
	for _, c := range []struct {
		name   string
		s      *testutil.Server
		header []string
		want   int
	}{
		{"local client", plain, nil, 200},
		{"through the proxy", plain, []string{"X-Forwarded-For", "203.0.113.9"}, 404},
		{"through the proxy, Forwarded", plain, []string{"Forwarded", "for=203.0.113.9"}, 404},
		{"through the proxy, token when none is configured", plain, []string{"X-Forwarded-For", "203.0.113.9", "Authorization", "Bearer "}, 404},
		{"through the proxy with the token", withToken, []string{"X-Forwarded-For", "203.0.113.9", "Authorization", "Bearer rahasia-pemantau"}, 200},
		{"through the proxy with a wrong token", withToken, []string{"X-Forwarded-For", "203.0.113.9", "Authorization", "Bearer rahasia-pemantaU"}, 404},
		{"local client, token configured", withToken, nil, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := scrape(t, c.s, c.header...)
			if code != c.want {
				t.Fatalf("GET /metrics: %d, want %d", code, c.want)
			}
			if c.want == 404 && strings.Contains(body, "gerai_") {
				t.Errorf("a refused scrape still shows metrics: %.200s", body)
			}
		})
	}
}
