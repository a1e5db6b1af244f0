// Package api is Gerai's JSON API v1, built on huma: the OpenAPI 3.1
// document at /api/openapi.json is generated from the Go types, request
// bodies are validated against it (unknown fields rejected), and every error
// is RFC 9457 application/problem+json.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/opendata"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/partner"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/report"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Services are the domain services the API exposes.
type Services struct {
	DB       *sqldb.DB
	Accounts *account.Service
	UMKM     *umkm.Service
	Catalog  *catalog.Service
	Orders   *order.Service
	Carts    *order.Carts
	Payments *order.Payments
	Rates    *order.Rates
	Expo     *expo.Service
	Mall     *mall.Service
	Pangan   *pangan.Service
	Sales    *sales.Service
	Report   *report.Service
	Partners *partner.Service
	Media    media.Storage
	// MediaURL turns a storage key into a URL path.
	MediaURL func(key string) string
	Log      *slog.Logger
	// TrustProxy believes X-Forwarded-For/-Proto (see httpx.ClientIP).
	TrustProxy bool
	// OpenData is the open data catalogue the CKAN API (/api/3/action) serves.
	OpenData *opendata.Catalogue
	// PublicURL is the scheme and host of absolute links (the CKAN API's resource URLs).
	PublicURL string
}

// Handler returns the API mounted on a new mux: /healthz, /api/openapi.json
// and /api/v1/….
func Handler(s Services) http.Handler {
	mux := http.NewServeMux()
	cfg := huma.DefaultConfig("Gerai API", "1.0.0")
	cfg.Info.Description = "API Gerai: registri UMKM, katalog produk dan pencarian berbahasa Indonesia."
	cfg.OpenAPIPath = "/api/openapi"
	cfg.DocsPath = ""
	// No "$schema" links in bodies: they cost bytes on every response.
	cfg.CreateHooks = nil
	cfg.SchemasPath = "/api/schemas"
	cfg.Formats = map[string]huma.Format{"application/json": strictJSON, "json": strictJSON}
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "Token dari POST /api/v1/sessions"},
	}
	api := humago.New(mux, cfg)
	api.UseMiddleware(keepRequest)
	h := &handlers{Services: s}
	h.register(api)
	// Anything else under /api is a problem+json 404, not the web UI's page.
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, platform.Errorf(platform.KindNotFound, "Alamat API tidak dikenal: %s", r.URL.Path))
	})
	outer := http.NewServeMux()
	// The CKAN API reads public data and takes no token (ckan.go).
	outer.Handle("/api/3/", negotiateLanguage(noStore(h.ckanHandler())))
	outer.Handle("/", negotiateLanguage(noStore(h.authenticate(httpx.Routed(mux)))))
	return outer
}

type handlers struct {
	Services
}

// authenticate resolves a bearer token into the request's actor. A token
// that is present but wrong is refused at once rather than treated as anonymous.
func (h *handlers) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if auth == "" {
			next.ServeHTTP(w, r)
			return
		}
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			writeProblem(w, r, platform.Errorf(platform.KindUnauthorized, "Header Authorization harus berbentuk 'Bearer TOKEN'"))
			return
		}
		sess, err := h.Accounts.ResolveSession(r.Context(), strings.TrimSpace(token), "api")
		if err != nil {
			if platform.ErrorKind(err) == platform.KindUnauthorized {
				writeProblem(w, r, platform.Errorf(platform.KindUnauthorized, "Token tidak valid atau sudah kedaluwarsa"))
			} else {
				h.Log.Error("resolve api token", "err", err)
				writeProblem(w, r, err)
			}
			return
		}
		next.ServeHTTP(w, r.WithContext(platform.WithActor(r.Context(), sess.User.Actor())))
	})
}

// writeProblem writes err as a problem+json body without detail fields, in
// the request's language.
func writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	err = sqldb.AsUnavailable(err) // the session's lookup during a failover: 503, try again
	status := httpx.Status(platform.ErrorKind(err))
	if wait := platform.RetryAfter(err); wait > 0 {
		w.Header().Set("Retry-After", httpx.RetryAfter(wait))
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	b, _ := jsonMarshal(huma.ErrorModel{Title: http.StatusText(status), Status: status,
		Detail: i18n.ErrorText(i18n.FromContext(r.Context()), err)})
	w.Write(b)
}

// negotiateLanguage answers in the language of the Accept-Language header
// (Indonesian by default, docs/decisions/0020).
func negotiateLanguage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Language")
		lang := i18n.Negotiate(r.Header.Get("Accept-Language"))
		next.ServeHTTP(w, r.WithContext(i18n.WithLang(r.Context(), lang)))
	})
}

// problem converts a domain error into a huma status error: the one place
// that maps error kinds to HTTP statuses for the API. Internal errors are
// logged and their text never reaches the client.
func (h *handlers) problem(ctx context.Context, err error) error {
	return h.problemIn(ctx, "body", err)
}

// problemIn is problem for errors whose fields came from location ("body", "query").
func (h *handlers) problemIn(ctx context.Context, location string, err error) error {
	if err == nil {
		return nil
	}
	var se huma.StatusError
	if errors.As(err, &se) {
		return err
	}
	err = sqldb.AsUnavailable(err) // a lost database connection: 503, try again
	status := httpx.Status(platform.ErrorKind(err))
	if status == http.StatusInternalServerError {
		if !errors.Is(err, context.Canceled) {
			h.Log.ErrorContext(ctx, "api internal error", "err", err)
		}
	}
	lang := i18n.FromContext(ctx)
	var details []error
	for _, f := range i18n.ErrorFields(lang, err) {
		loc := location + "." + f.Field
		if strings.HasPrefix(f.Field, "[") { // an item of a body that is a list
			loc = location + f.Field
		}
		details = append(details, &huma.ErrorDetail{Message: f.Message, Location: loc})
	}
	se = huma.NewError(status, i18n.ErrorText(lang, err), details...)
	if wait := platform.RetryAfter(err); wait > 0 {
		return huma.ErrorWithHeaders(se, http.Header{"Retry-After": {httpx.RetryAfter(wait)}})
	}
	return se
}

var bearer = []map[string][]string{{"bearer": {}}}
