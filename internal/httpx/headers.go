package httpx

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// Security sets the headers every response carries, whatever serves it:
// no MIME sniffing (an uploaded "photo" is never run as HTML or script), no
// Referer to other sites (links carry invite tokens and order numbers), no
// framing, and HSTS once the site is reached over HTTPS: when its public
// URL is https, or the request came over TLS or from a trusted proxy that
// says so.
func Security(next http.Handler, publicHTTPS, trustProxy bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if publicHTTPS || IsHTTPS(r, trustProxy) {
			// One year, the figure browsers' preload lists ask for; no
			// includeSubDomains: an agency's other sites are not ours to decide.
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// InvalidUTF8 names the fields of vs whose name or any value is not valid
// UTF-8, sorted; nil when all are. Browsers always send UTF-8 from a UTF-8
// page, so such bytes come from a broken or hostile client, and PostgreSQL
// would refuse to store them.
func InvalidUTF8(vs url.Values) []string {
	var bad []string
	for k, values := range vs {
		ok := utf8.ValidString(k)
		for _, v := range values {
			ok = ok && utf8.ValidString(v)
		}
		if !ok {
			bad = append(bad, strings.ToValidUTF8(k, "\uFFFD"))
		}
	}
	slices.Sort(bad)
	return bad
}
