// Package app wires Gerai together: configuration, the database, the domain
// services, and the HTTP handler that serves the web UI, the JSON API and media.
package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"path/filepath"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/api"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/metrics"
	"github.com/gerai-id/gerai/internal/notify"
	"github.com/gerai-id/gerai/internal/opendata"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/partner"
	"github.com/gerai-id/gerai/internal/payment"
	"github.com/gerai-id/gerai/internal/payment/midtrans"
	"github.com/gerai-id/gerai/internal/payment/simulator"
	"github.com/gerai-id/gerai/internal/payment/xendit"
	"github.com/gerai-id/gerai/internal/report"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
	"github.com/gerai-id/gerai/internal/web"
)

// Config is all of Gerai's configuration: defaults, then GERAI_* variables, then flags.
type Config struct {
	Addr     string // GERAI_ADDR
	DB       string // GERAI_DB: sqlite:FILE or postgres://…
	MediaDir string // GERAI_MEDIA_DIR: where uploaded photos live
	Demo     bool
	// Simulator turns on the built-in payment simulator (GERAI_SIMULATOR=1;
	// always on with --demo) so that a person can press "bayar".
	Simulator bool
	// Payment gateways, on when their keys are set (secrets: never printed).
	MidtransServerKey   string // GERAI_MIDTRANS_SERVER_KEY
	MidtransBaseURL     string // GERAI_MIDTRANS_BASE_URL (default: sandbox)
	XenditSecretKey     string // GERAI_XENDIT_SECRET_KEY
	XenditCallbackToken string // GERAI_XENDIT_CALLBACK_TOKEN
	XenditBaseURL       string // GERAI_XENDIT_BASE_URL
	// SMTP sends email to buyers and sellers: smtp://user:pass@host:587?from=address (GERAI_SMTP, --smtp).
	SMTP string
	// SweepInterval is how often background work runs: payment expiry,
	// auto-completion, beli-bareng settlement, email (GERAI_SWEEP_INTERVAL,
	// a Go duration; default 30s).
	SweepInterval time.Duration
	// PublicURL is the address people reach Gerai at (GERAI_PUBLIC_URL,
	// --public-url): share links are built from it, never from a request's
	// Host header, and cookies are Secure when it is https.
	PublicURL string
	// TrustProxy believes X-Forwarded-For and X-Forwarded-Proto (GERAI_TRUST_PROXY,
	// --trust-proxy): only behind a reverse proxy that sets them.
	TrustProxy bool
	PprofAddr  string // GERAI_PPROF_ADDR: Go's profiler, on a private address only
	// Replicate streams a SQLite database's changes to a replica while
	// serving (GERAI_REPLICATE, --replicate file:///folder; internal/replica).
	Replicate string
	// MetricsToken lets a scraper elsewhere read /metrics with
	// "Authorization: Bearer TOKEN" (GERAI_METRICS_TOKEN, a secret); without
	// it only this machine's own clients may (metrics.Allowed).
	MetricsToken string
	// SkipSalesNotes is for measuring what the dashboards' roll-ups cost the
	// order path (GERAI_BENCH_SKIP_SALES_NOTES=1, bench/flashsale.sh): orders
	// then note nothing for the sales figures, which stop following them.
	// Never in service.
	SkipSalesNotes bool
}

// mediaDir is the media folder: set, or beside the SQLite file, or ./media.
func (c Config) mediaDir() string {
	if c.MediaDir != "" {
		return c.MediaDir
	}
	if path, ok := strings.CutPrefix(c.DB, "sqlite:"); ok {
		return filepath.Join(filepath.Dir(path), "media")
	}
	if !strings.Contains(c.DB, "://") {
		return filepath.Join(filepath.Dir(c.DB), "media")
	}
	return "media"
}

// App is a running Gerai: its database and services.
type App struct {
	Config   Config
	DB       *sqldb.DB
	Accounts *account.Service
	UMKM     *umkm.Service
	Catalog  *catalog.Service
	Orders   *order.Service
	Sales    *sales.Service
	Report   *report.Service
	Carts    *order.Carts
	Payments *order.Payments
	Rates    *order.Rates
	Expo     *expo.Service
	Mall     *mall.Service
	Pangan   *pangan.Service
	// OpenData is the open data catalogue (/data and the CKAN API).
	OpenData *opendata.Catalogue
	Partners *partner.Service
	Mailer   notify.Mailer // nil: no email
	Media    media.Storage
	Log      *slog.Logger
	// Metrics are the operator's signals at /metrics.
	Metrics *metrics.Metrics
	// DemoLogins are shown on the login page when the demo data is loaded.
	DemoLogins []web.DemoLogin
}

// Open connects to the database, migrates it and builds the services.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.Default()
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	st, err := media.NewDiskStorage(cfg.mediaDir())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("media folder: %w", err)
	}
	a := &App{Config: cfg, DB: db, Media: st, Log: log}
	a.Accounts = account.NewService(db)
	a.UMKM = umkm.NewService(db)
	a.UMKM.Media = st
	a.Catalog = catalog.NewService(db, a.UMKM, st)
	// Search documents are built in Go: an index older than the code's is
	// rebuilt here, right after the migrations and before serving.
	if _, err := a.UMKM.RebuildIndex(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("rebuild UMKM search index: %w", err)
	}
	if _, err := a.Catalog.RebuildIndex(ctx, log); err != nil {
		db.Close()
		return nil, fmt.Errorf("rebuild product search index: %w", err)
	}
	var providers []payment.Provider
	if cfg.Simulator || cfg.Demo {
		providers = append(providers, simulator.New(""))
	}
	if cfg.MidtransServerKey != "" {
		providers = append(providers, midtrans.New(midtrans.Config{ServerKey: cfg.MidtransServerKey, BaseURL: cfg.MidtransBaseURL}))
	}
	if cfg.XenditSecretKey != "" {
		providers = append(providers, xendit.New(xendit.Config{SecretKey: cfg.XenditSecretKey,
			CallbackToken: cfg.XenditCallbackToken, BaseURL: cfg.XenditBaseURL}))
	}
	a.Payments = order.NewPayments(db, log, providers...)
	a.Rates = order.NewRates(db, a.UMKM)
	a.Expo = expo.NewService(db, a.UMKM)
	a.Mall = mall.NewService(db, a.UMKM)
	a.Pangan = pangan.NewService(db)
	a.Pangan.Media, a.Pangan.Registry = st, a.UMKM
	a.OpenData = opendata.New(opendata.VerifiedUMKM(a.UMKM.VerifiedCounts), opendata.HouseholdsReached(a.Pangan.RegencyReach))
	// A harvester pages through datastore_search: the aggregates run once a minute at most.
	a.OpenData.MaxAge = time.Minute
	a.Partners = partner.NewService(db)
	a.Orders = order.NewService(db, a.UMKM, a.Rates, a.Payments)
	a.Orders.SkipSalesNotes = cfg.SkipSalesNotes
	a.Payments.Bind(a.Orders)
	if cfg.SMTP != "" {
		if a.Mailer, err = notify.NewSMTP(cfg.SMTP); err != nil {
			db.Close()
			return nil, err
		}
		a.Orders.Mail = true
		a.Orders.Link = func(path string) string { return strings.TrimSuffix(a.Config.PublicBase(), "/") + path }
		a.Accounts.Mail = true
	}
	a.Carts = order.NewCarts(db)
	a.Sales = sales.NewService(db)
	a.OpenData.Register(opendata.B2CSales(a.Sales.PublicProvinceMonths))
	a.Report = report.NewService(a.Sales, a.UMKM)
	a.Report.QRIS = a.Orders
	a.Report.Expo, a.Report.Mall, a.Report.Pangan = a.Expo, a.Mall, a.Pangan
	if err := a.buildRollups(ctx); err != nil {
		db.Close()
		return nil, err
	}
	a.Metrics = metrics.New(db, log,
		metrics.Sweep{Name: "expire_unpaid", Backlog: a.Orders.UnpaidBacklog},
		metrics.Sweep{Name: "complete_shipped", Backlog: a.Orders.ShippedBacklog},
		metrics.Sweep{Name: "settle_campaigns", Backlog: a.Orders.CampaignBacklog},
		metrics.Sweep{Name: "sales_fold", Backlog: a.Sales.Backlog},
		metrics.Sweep{Name: "email", Backlog: func(ctx context.Context) (sqldb.Backlog, error) { return notify.Backlog(ctx, db) }})
	return a, nil
}

// buildRollups rebuilds the dashboards' roll-ups from the records on a
// database that has none yet (made before them, or loaded in bulk).
func (a *App) buildRollups(ctx context.Context) error {
	if built, err := a.UMKM.RegistryBuilt(ctx); err != nil {
		return fmt.Errorf("registry roll-up: %w", err)
	} else if !built {
		if err := a.UMKM.RebuildRegistry(ctx); err != nil {
			return fmt.Errorf("rebuild registry roll-up: %w", err)
		}
	}
	if built, err := a.Sales.Built(ctx); err != nil {
		return fmt.Errorf("sales roll-up: %w", err)
	} else if !built {
		if err := a.Sales.Rebuild(ctx); err != nil {
			return fmt.Errorf("rebuild sales roll-up: %w", err)
		}
	}
	return nil
}

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }

// MediaURL is the URL path of a stored media key.
func MediaURL(key string) string { return "/media/" + key }

// Handler serves everything: /api/…, /healthz, /media/…, and the web UI.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	apiHandler := api.Handler(api.Services{DB: a.DB, Accounts: a.Accounts, UMKM: a.UMKM, Catalog: a.Catalog,
		Orders: a.Orders, Carts: a.Carts, Payments: a.Payments, Rates: a.Rates, Expo: a.Expo, Mall: a.Mall, Pangan: a.Pangan, Partners: a.Partners, Sales: a.Sales, Report: a.Report, Media: a.Media, MediaURL: MediaURL, Log: a.Log, TrustProxy: a.Config.TrustProxy,
		OpenData: a.OpenData, PublicURL: a.Config.PublicBase()})
	mux.Handle("/api/", apiHandler)
	mux.Handle("/healthz", apiHandler)
	// The food programme's photos show families, their houses and signatures:
	// served only by its checked routes (pangan.OpenDeliveryProof, OpenPlotPhoto).
	mux.Handle("GET /media/{key...}", media.Handler(a.Media, pangan.MediaPrefix))
	webHandler := web.Handler(web.Services{Accounts: a.Accounts, UMKM: a.UMKM, Catalog: a.Catalog,
		Orders: a.Orders, Carts: a.Carts, Payments: a.Payments, Rates: a.Rates, Expo: a.Expo, Mall: a.Mall, Pangan: a.Pangan, OpenData: a.OpenData, Partners: a.Partners, Sales: a.Sales, Report: a.Report,
		Media: a.Media, MediaURL: MediaURL, Log: a.Log, DemoLogins: a.DemoLogins,
		PublicURL: a.Config.PublicBase(), SecureCookies: a.Config.PublicHTTPS(), TrustProxy: a.Config.TrustProxy})
	mux.Handle("/", webHandler)
	// Hidden from those not allowed: they get the web UI's "not found".
	mux.Handle("GET /metrics", a.Metrics.Handler(a.Config.MetricsToken, webHandler))
	return a.Metrics.Measure(recoverer(a.Log, httpx.Security(httpx.Gzip(httpx.Routed(mux)), a.Config.PublicHTTPS(), a.Config.TrustProxy)))
}

// recoverer turns a panic into a logged 500 instead of a dropped connection.
func recoverer(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("panic", "path", r.URL.Path, "panic", p)
				http.Error(w, "Terjadi kesalahan di server", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Serve runs the HTTP server until ctx ends, then shuts down gracefully.
func (a *App) Serve(ctx context.Context) error {
	srv := &http.Server{Addr: a.Config.Addr, Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 2 * time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	if addr := a.Config.PprofAddr; addr != "" {
		// Profiling for operators, on a separate (private) address only.
		go http.ListenAndServe(addr, pprofMux())
	}
	go a.sweepSessions(ctx)
	go a.sweepOrders(ctx)
	a.Log.Info("gerai is serving", "addr", a.Config.Addr, "public_url", a.Config.PublicBase(), "config", a.Config.String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// sweepSessions deletes expired sessions and login failure counts every
// hour while ctx lives. Several processes may sweep the same database:
// deleting what is expired is the same whoever does it.
func (a *App) sweepSessions(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := a.Accounts.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("delete expired sessions", "err", err)
		} else if n > 0 {
			a.Log.Info("expired sessions deleted", "count", n)
		}
		if _, err := a.Accounts.DeleteExpiredLoginFailures(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("delete expired login failures", "err", err)
		}
		if _, err := a.Accounts.DeleteExpiredPasswordResets(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("delete expired password resets", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sweepOrders expires unpaid orders, completes shipped ones and settles
// beli-bareng campaigns past their deadline, folds the orders' changes into
// the sales figures (sales.Service.Fold), and releases mall stalls whose
// tenant did not check in in time (mall.Service.ReleaseNoShows), every 30 seconds. Each order is claimed by a guarded UPDATE in its own transaction
// (order.Service.ExpireUnpaid), so several processes sweeping one PostgreSQL
// never expire an order twice.
func (a *App) sweepOrders(ctx context.Context) {
	t := time.NewTicker(cmp.Or(a.Config.SweepInterval, 30*time.Second))
	defer t.Stop()
	for {
		if n, err := a.Orders.ExpireUnpaid(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("expire unpaid orders", "err", err)
		} else if n > 0 {
			a.Log.Info("unpaid orders expired", "count", n)
		}
		if n, err := a.Orders.CompleteShipped(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("complete shipped orders", "err", err)
		} else if n > 0 {
			a.Log.Info("shipped orders completed", "count", n)
		}
		if n, err := a.Orders.SettleDueCampaigns(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("settle beli-bareng campaigns", "err", err)
		} else if n > 0 {
			a.Log.Info("beli-bareng campaigns settled", "count", n)
		}
		if _, err := a.Sales.Fold(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("fold sales figures", "err", err)
		}
		if n, err := a.Mall.ReleaseNoShows(ctx, time.Now()); err != nil && ctx.Err() == nil {
			a.Log.Error("release mall no-shows", "err", err)
		} else if n > 0 {
			a.Log.Info("mall stalls released as no-show", "count", n)
		}
		if a.Mailer != nil {
			if _, err := notify.Deliver(ctx, a.DB, a.Mailer); err != nil && ctx.Err() == nil {
				a.Log.Error("deliver email", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func pprofMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
