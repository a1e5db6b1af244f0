package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/platform"
)

// contentSecurityPolicy allows scripts, styles, images and connections from
// Gerai itself only: no inline script, event handler or style attribute
// runs, so text a user typed that slips into a page cannot act. The
// cashier's data travels as a JSON <script type="application/json"> block,
// which browsers never execute and CSP does not govern; its code is in
// static/kasir.js. data: images are the favicon placeholder. Nothing may
// frame a page (clickjacking of "bayar" and "verifikasi"), rewrite its base
// URL, or post its forms elsewhere.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// withCSP sets the page policy on every response of the web UI.
func withCSP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		next.ServeHTTP(w, r)
	})
}

// setCookie sets c, Secure when the site is served over HTTPS (its public
// URL is https, or this request came over TLS or a trusted proxy's HTTPS):
// a session cookie must never travel over plain HTTP once HTTPS exists.
func (s *server) setCookie(w http.ResponseWriter, r *http.Request, c *http.Cookie) {
	c.Secure = s.SecureCookies || httpx.IsHTTPS(r, s.TrustProxy)
	http.SetCookie(w, c)
}

// absoluteURL is the link people share for path: built from the configured
// public URL, since the Host header is whatever the client sent (a
// poisoned cache or a crafted request would otherwise hand out links to
// another site).
func (s *server) absoluteURL(path string) string {
	return strings.TrimSuffix(s.PublicURL, "/") + path
}

// refuseInvalidUTF8 answers 422 when a form field or query parameter is not
// valid UTF-8 (and 404 for such a path), before any handler reads it. One
// check for every form: a browser on a UTF-8 page never sends such bytes,
// so only broken or hostile clients meet it, and nothing half-decoded is
// stored (PostgreSQL would refuse it with a 500). The API refuses the same
// bytes in JSON bodies. It reports false when it answered.
func (s *server) refuseInvalidUTF8(w http.ResponseWriter, r *http.Request) bool {
	if !utf8.ValidString(r.URL.Path) {
		s.renderError(w, r, notFound())
		return false
	}
	values := r.Form // parsed by the CSRF check for posted forms; includes the query
	if values == nil {
		values = r.URL.Query()
	}
	if bad := httpx.InvalidUTF8(values); len(bad) > 0 {
		s.renderError(w, r, invalidUTF8Error(bad))
		return false
	}
	return true
}

// invalidUTF8Error names the fields whose text is not UTF-8.
func invalidUTF8Error(bad []string) error {
	if len(bad) > 5 {
		bad = append(bad[:5], "…")
	}
	return platform.Errorf(platform.KindInvalid,
		"Isian %s berisi teks yang rusak (bukan UTF-8). Kembali, ketik ulang isian itu, lalu kirim lagi.", strings.Join(bad, ", "))
}

// pageCacheControl keeps a logged-in person's pages out of every cache,
// the browser's own included: they show orders, addresses and phone
// numbers, often on a shared computer (a warnet, the agency's front desk),
// and after logging out the back button must not bring them back. An
// anonymous visitor's pages hold nothing personal but the CSRF token and
// the guest cart, so only shared caches are kept out ("private"); the
// browser may keep them for back and forward, which is what a 3G
// connection needs, and asks again before reusing them ("no-cache").
func pageCacheControl(r *http.Request) string {
	if platform.ActorFrom(r.Context()).Anonymous() {
		return "private, no-cache"
	}
	return "no-store"
}
