// Package web is Gerai's server-rendered UI: Bahasa Indonesia first (English
// switch), plain HTML forms that work without JavaScript, light enough for 3G.
// routes.go is its table of contents.
package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
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
	Media    media.Storage
	MediaURL func(key string) string
	Log      *slog.Logger
	// DemoLogins, when set, are shown on the login page (demo mode only).
	DemoLogins []DemoLogin
}

// DemoLogin is an account of the demo data set.
type DemoLogin struct{ Email, Password, Role string }

type server struct {
	Services
	tmpl *templates
}

// Handler returns the web UI.
func Handler(s Services) http.Handler {
	srv := &server{Services: s, tmpl: mustParseTemplates()}
	return srv.middleware(srv.routes())
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
				http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1})
			} else {
				s.Log.Error("resolve web session", "err", err)
			}
		}
		token := ""
		if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
			token = c.Value
		} else {
			token = newToken()
			http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true,
				SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, MaxAge: 365 * 24 * 3600})
		}
		ctx = withRequestState(ctx, requestState{lang: langOf(r), csrf: token})
		r = r.WithContext(ctx)
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
		next.ServeHTTP(w, r)
	})
}

// postedValue reads a posted form field before the handler does; a
// multipart form is parsed with the upload limit, so the handler can read
// the file afterwards.
func postedValue(r *http.Request, key string) (string, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		r.Body = http.MaxBytesReader(nil, r.Body, media.MaxUploadBytes+1<<20)
		if err := r.ParseMultipartForm(2 << 20); err != nil {
			return "", err
		}
		return r.FormValue(key), nil
	}
	r.Body = http.MaxBytesReader(nil, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return "", err
	}
	return r.PostFormValue(key), nil
}

func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return "id"
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
	kind := platform.ErrorKind(err)
	if kind == platform.KindUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/masuk?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	status := map[platform.Kind]int{
		platform.KindInvalid: 422, platform.KindNotFound: 404, platform.KindConflict: 409,
		platform.KindUnauthorized: 401, platform.KindForbidden: 403, platform.KindTooLarge: 413,
		platform.KindTooManyRequests: 429,
	}[kind]
	if status == 0 {
		status = 500
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			status, err = 413, platform.Errorf(platform.KindTooLarge, "Berkas terlalu besar")
		} else {
			s.Log.Error("web internal error", "path", r.URL.Path, "err", err)
		}
	}
	p := s.page(r, "Gerai")
	s.render(w, r, status, "error", &errorPage{Page: p, Status: status, Message: platform.ErrorMessage(err)})
}

type errorPage struct {
	Page
	Status  int
	Message string
}
