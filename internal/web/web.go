// Package web is Gerai's server-rendered UI: Bahasa Indonesia first (English
// switch), plain HTML forms that work without JavaScript, light enough for 3G.
// routes.go is its table of contents.
package web

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/memo"
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

// Services are what the UI needs.
type Services struct {
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
	// OpenData is the open data catalogue (/data).
	OpenData *opendata.Catalogue
	Partners *partner.Service
	// Sales are the sales roll-ups (a partner's fostered UMKM's trend).
	Sales *sales.Service
	// Report composes the dashboards (the registry's, /dinas/statistik; the cooperation's, /dinas/kerja-sama and /kerja-sama).
	Report   *report.Service
	Media    media.Storage
	MediaURL func(key string) string
	Log      *slog.Logger
	// DemoLogins, when set, are shown on the login page (demo mode only).
	DemoLogins []DemoLogin
	// PublicURL is the scheme and host absolute links start with (share and
	// invite links): the configured one, never the request's Host header,
	// which the client writes.
	PublicURL string
	// SecureCookies marks every cookie Secure (the public URL is https);
	// without it a cookie is Secure when the request came over HTTPS.
	SecureCookies bool
	// TrustProxy believes X-Forwarded-For/-Proto (see httpx.ClientIP).
	TrustProxy bool
}

// DemoLogin is an account of the demo data set.
type DemoLogin struct {
	Email, Password string
	// Role is the catalogue key of what the account is for ("admin_role_seller").
	Role string
}

type server struct {
	Services
	tmpl *templates
	// productViews keeps the product page's shared part (product_page.go).
	productViews *memo.Cache[productViewKey, productView]
}

// Handler returns the web UI.
func Handler(s Services) http.Handler {
	srv := &server{Services: s, tmpl: mustParseTemplates(), productViews: newProductViews()}
	return withCSP(srv.middleware(httpx.Routed(srv.routes().ServeMux)))
}

const (
	sessionCookie = "gerai_session"
	csrfCookie    = "gerai_csrf"
	langCookie    = "gerai_lang"
	csrfField     = "csrf_token"
)

// handlerFunc is a page handler that returns an error; serveHTTP renders it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// middleware resolves the session, language and CSRF token of every request
// and refuses a state-changing request without a matching CSRF token.
func (s *server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			sess, err := s.Accounts.ResolveSession(ctx, c.Value, "web")
			if err == nil {
				ctx = platform.WithActor(ctx, sess.User.Actor())
			} else if platform.ErrorKind(err) == platform.KindUnauthorized {
				s.setCookie(w, r, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1})
			} else {
				s.Log.Error("resolve web session", "err", err)
			}
		}
		token := ""
		if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
			token = c.Value
		} else {
			token = newToken()
			s.setCookie(w, r, &http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true,
				SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
		}
		ctx = withRequestState(ctx, requestState{lang: langOf(r), csrf: token})
		r = r.WithContext(ctx)
		if isMultipart(r) {
			// Only parseUpload reads a multipart body, once the handler has
			// authorised; until then its form reads as empty, so a handler
			// that takes no upload never parses one (nor unchecked text).
			r.MultipartForm = unparsedUpload
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			// Double-submit token: the form field must equal the cookie, which
			// another site can neither read nor set.
			got := r.Header.Get("X-CSRF-Token")
			if got == "" {
				var err error
				if got, err = postedValue(r, csrfField); err != nil {
					var mbe *http.MaxBytesError
					if errors.As(err, &mbe) {
						s.renderError(w, r, platform.Errorf(platform.KindTooLarge,
							"Berkas terlalu besar: foto maksimal 10 MB. Kembali dan pilih foto yang lebih kecil."))
						return
					}
					got = ""
				}
			}
			if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
				s.renderError(w, r, &platform.Error{Kind: platform.KindForbidden,
					Message: "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi."})
				return
			}
		}
		if !s.refuseInvalidUTF8(w, r) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// postedValue reads a posted form field before the handler does. A
// multipart body (an upload) is not parsed here: the handler parses it once
// it knows the actor may upload (authorise before parsing), so only the text
// fields before the first file are read, and put back for the handler.
func postedValue(r *http.Request, key string) (string, error) {
	if isMultipart(r) {
		r.Body = http.MaxBytesReader(nil, r.Body, maxMultipartBytes)
		return leadingField(r, key), nil
	}
	r.Body = http.MaxBytesReader(nil, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return "", err
	}
	return r.PostFormValue(key), nil
}

// maxMultipartBytes is the most an upload form may send: one file of the
// upload limit and its few text fields.
const maxMultipartBytes = media.MaxUploadBytes + 1<<20

// leadingField returns the value of the text field key when it comes
// before any file in r's multipart body (the forms put the CSRF token
// first), reading at most 64 KB, then restores the body as it was.
func leadingField(r *http.Request, key string) string {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return ""
	}
	body := r.Body
	var seen bytes.Buffer
	defer func() {
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(&seen, body), body}
	}()
	mr := multipart.NewReader(&io.LimitedReader{R: io.TeeReader(body, &seen), N: 64 << 10}, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil || p.FileName() != "" {
			return ""
		}
		if p.FormName() == key {
			v, _ := io.ReadAll(io.LimitReader(p, 1<<10))
			return string(v)
		}
	}
}

func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
}

// unparsedUpload stands for a multipart form nobody has read yet: with it
// in place, r.FormValue sees only the query (see the middleware).
var unparsedUpload = &multipart.Form{}

// parseUpload parses the multipart form of r, after the handler has checked
// that the actor may upload; a body past the limit is a too_large error.
func parseUpload(r *http.Request) error {
	if r.MultipartForm == unparsedUpload {
		r.MultipartForm, r.Form, r.PostForm = nil, nil, nil
	}
	if err := r.ParseMultipartForm(2 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return platform.Errorf(platform.KindTooLarge, "Berkas terlalu besar: foto atau berkas maksimal %d MB. Kembali dan pilih yang lebih kecil.", media.MaxUploadBytes>>20)
		}
		return &platform.Error{Kind: platform.KindInvalid, Message: "Formulir tidak terbaca. Muat ulang halaman lalu coba lagi.", Err: err}
	}
	if bad := httpx.InvalidUTF8(r.Form); len(bad) > 0 { // the text fields, now that they are read
		return invalidUTF8Error(bad)
	}
	return nil
}

func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && i18n.Supported(c.Value) {
		return c.Value
	}
	return i18n.Default
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// serve adapts a handlerFunc: errors become an error page (not found,
// forbidden, login redirect) and internal errors are logged, never shown.
func (s *server) serve(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

func (s *server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	err = sqldb.AsUnavailable(err) // a lost database connection (a failover): 503, try again
	kind := platform.ErrorKind(err)
	if kind == platform.KindUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/masuk?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	status := httpx.Status(kind)
	if status == http.StatusInternalServerError {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			err = platform.Errorf(platform.KindTooLarge, "Berkas terlalu besar")
			status = httpx.Status(platform.KindTooLarge)
		} else {
			s.Log.Error("web internal error", "path", r.URL.Path, "err", err)
		}
	}
	if wait := platform.RetryAfter(err); wait > 0 {
		w.Header().Set("Retry-After", httpx.RetryAfter(wait))
	}
	p := s.page(r, "Gerai")
	s.render(w, r, status, "error", &errorPage{Page: p, Status: status, Message: errText(r, err)})
}

type errorPage struct {
	Page
	Status  int
	Message string
}
