// Package metrics serves the operator's signals at /metrics in the
// Prometheus text format: requests by route pattern and status class, their
// latency, the database pools, the sweeps' backlogs and the replication lag
// (docs/decisions/0040, docs/operations.md "What to monitor").
package metrics

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Sweep names one background sweep and how to read the work it has waiting.
type Sweep struct {
	Name    string
	Backlog func(context.Context) (sqldb.Backlog, error)
}

// Metrics holds one process's registry and its request instruments.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// routes caches each route's instruments by pattern, so that a request
	// looks them up without building a label slice (routeInstruments).
	routes sync.Map // pattern → *routeInstruments
}

// classes are the status classes a request is counted under.
var classes = [...]string{"1xx", "2xx", "3xx", "4xx", "5xx"}

// routeInstruments are one route's instruments by status class, each made
// on the class's first request: a route that never failed has no 5xx
// series (a histogram is 16 series).
type routeInstruments struct {
	pattern string
	classes [len(classes)]atomic.Pointer[classInstruments]
}

type classInstruments struct {
	requests prometheus.Counter
	latency  prometheus.Observer
}

// New returns the metrics of a process on db, with the backlogs of sweeps
// read at each scrape.
func New(db *sqldb.DB, log *slog.Logger, sweeps ...Sweep) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "gerai_http_requests_total",
		Help: "HTTP requests served, by route pattern and status class.",
	}, []string{"route", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "gerai_http_request_duration_seconds",
		Help: "Time from a request's arrival to its handler's return, by route pattern and status class.",
		// From a cached page (about a millisecond) to a checkout stuck on a lock.
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "code"})
	m.reg.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&dbCollector{db: db, log: log, sweeps: sweeps})
	return m
}

// Measure counts and times every request that next serves. Wrap it around
// everything else, so that a request refused by a middleware counts too.
func (m *Metrics) Measure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := httpx.NewRecorder(w)
		defer rec.Release()
		next.ServeHTTP(rec, r)
		status := rec.Status
		if status == 0 {
			status = http.StatusOK // a handler that wrote nothing sent 200
		}
		class := status/100 - 1
		if class < 0 || class >= len(classes) {
			class = len(classes) - 1
		}
		in := m.class(rec.Pattern, class)
		in.requests.Inc()
		in.latency.Observe(time.Since(start).Seconds())
	})
}

// class returns the instruments of pattern and status class, made on first use.
func (m *Metrics) class(pattern string, class int) *classInstruments {
	if pattern == "" {
		pattern = "unrouted" // answered before any mux routed it
	}
	r, ok := m.routes.Load(pattern)
	if !ok {
		r, _ = m.routes.LoadOrStore(pattern, &routeInstruments{pattern: pattern})
	}
	route := r.(*routeInstruments)
	if in := route.classes[class].Load(); in != nil {
		return in
	}
	in := &classInstruments{requests: m.requests.WithLabelValues(pattern, classes[class]),
		latency: m.latency.WithLabelValues(pattern, classes[class])}
	route.classes[class].CompareAndSwap(nil, in)
	return route.classes[class].Load()
}

// Handler serves the metrics to those allowed (Allowed); to anybody else it
// is hidden: the request goes on to hidden, which answers as it answers any
// address it does not know.
func (m *Metrics) Handler(token string, hidden http.Handler) http.Handler {
	serve := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: nil})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !Allowed(r, token) {
			hidden.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		serve.ServeHTTP(w, r)
	})
}

// Allowed reports whether r may read the metrics: with the bearer token
// when one is configured, or from this machine. A request that came through
// a proxy (it carries X-Forwarded-For) is not from this machine, though its
// connection is: HAProxy runs on the same host and would otherwise hand the
// metrics to anyone on the internet.
func Allowed(r *http.Request, token string) bool {
	if token != "" {
		const prefix = "Bearer "
		got := r.Header.Get("Authorization")
		if len(got) > len(prefix) && got[:len(prefix)] == prefix &&
			subtle.ConstantTimeCompare([]byte(got[len(prefix):]), []byte(token)) == 1 {
			return true
		}
	}
	if r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// dbCollector reads the database's figures at each scrape: they are
// state, not events, and a scrape every 15 s costs a handful of indexed
// queries.
type dbCollector struct {
	db     *sqldb.DB
	log    *slog.Logger
	sweeps []Sweep
}

var (
	poolOpen     = prometheus.NewDesc("gerai_db_pool_open_connections", "Connections open in the pool.", []string{"pool"}, nil)
	poolInUse    = prometheus.NewDesc("gerai_db_pool_in_use_connections", "Connections running a statement or a transaction.", []string{"pool"}, nil)
	poolIdle     = prometheus.NewDesc("gerai_db_pool_idle_connections", "Connections open and idle.", []string{"pool"}, nil)
	poolMax      = prometheus.NewDesc("gerai_db_pool_max_open_connections", "The most connections the pool opens.", []string{"pool"}, nil)
	poolWaits    = prometheus.NewDesc("gerai_db_pool_wait_count_total", "Times a request waited for a free connection.", []string{"pool"}, nil)
	poolWaitSecs = prometheus.NewDesc("gerai_db_pool_wait_seconds_total", "Time spent waiting for a free connection.", []string{"pool"}, nil)
	dbUp         = prometheus.NewDesc("gerai_db_up", "1 when the database answered this scrape, 0 when not.", nil, nil)
	dbRole       = prometheus.NewDesc("gerai_db_role", "1 for the role of the database this process uses (sqlite, primary, replica).", []string{"role"}, nil)
	replLag      = prometheus.NewDesc("gerai_db_replication_lag_seconds", "On a replica, how far its replay is behind; on a primary, its slowest replica's (absent without replication).", nil, nil)
	sweepDue     = prometheus.NewDesc("gerai_sweep_due_items", "Items a sweep has due and not yet done (counted up to 10000).", []string{"sweep"}, nil)
	sweepLag     = prometheus.NewDesc("gerai_sweep_lag_seconds", "How long the oldest item a sweep has due has waited (0 when none).", []string{"sweep"}, nil)
	sweepUp      = prometheus.NewDesc("gerai_sweep_backlog_up", "1 when a sweep's backlog could be read at this scrape.", []string{"sweep"}, nil)
)

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolOpen, poolInUse, poolIdle, poolMax, poolWaits, poolWaitSecs, dbUp, dbRole, replLag, sweepDue, sweepLag, sweepUp} {
		ch <- d
	}
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	for _, p := range c.db.Pools() {
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(p.OpenConnections), p.Name)
		ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(p.InUse), p.Name)
		ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(p.Idle), p.Name)
		ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(p.MaxOpenConnections), p.Name)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(p.WaitCount), p.Name)
		ch <- prometheus.MustNewConstMetric(poolWaitSecs, prometheus.CounterValue, p.WaitDuration.Seconds(), p.Name)
	}
	// A database that hangs must not hang the scrape: Prometheus would
	// then see no figures at all, not the database being down.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	h, err := c.db.Health(ctx)
	if err != nil {
		c.log.Error("metrics: database health", "err", err)
		ch <- prometheus.MustNewConstMetric(dbUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(dbUp, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(dbRole, prometheus.GaugeValue, 1, h.Role)
	if h.LagSeconds != nil {
		ch <- prometheus.MustNewConstMetric(replLag, prometheus.GaugeValue, *h.LagSeconds)
	}
	now := time.Now()
	for _, s := range c.sweeps {
		b, err := s.Backlog(ctx)
		if err != nil {
			c.log.Error("metrics: sweep backlog", "sweep", s.Name, "err", err)
			ch <- prometheus.MustNewConstMetric(sweepUp, prometheus.GaugeValue, 0, s.Name)
			continue
		}
		lag := 0.0
		if b.Due > 0 && !b.Oldest.IsZero() {
			lag = max(0, now.Sub(b.Oldest).Seconds())
		}
		ch <- prometheus.MustNewConstMetric(sweepUp, prometheus.GaugeValue, 1, s.Name)
		ch <- prometheus.MustNewConstMetric(sweepDue, prometheus.GaugeValue, float64(b.Due), s.Name)
		ch <- prometheus.MustNewConstMetric(sweepLag, prometheus.GaugeValue, lag, s.Name)
	}
}
