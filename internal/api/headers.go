package api

import (
	"errors"
	"net/http"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
)

// strictJSON is huma's JSON format, refusing a body that is not valid UTF-8
// (RFC 8259 requires it) instead of letting encoding/json replace the bad
// bytes with U+FFFD: the same bytes the web UI refuses in its forms.
var strictJSON = huma.Format{
	Marshal: huma.DefaultJSONFormat.Marshal,
	Unmarshal: func(data []byte, v any) error {
		if !utf8.Valid(data) {
			return errors.New("isi permintaan bukan teks UTF-8 yang sah")
		}
		return huma.DefaultJSONFormat.Unmarshal(data, v)
	},
}

// noStore keeps every API answer out of caches (tokens, orders, personal
// data) and forbids rendering it as a page.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}
