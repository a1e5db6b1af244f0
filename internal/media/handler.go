package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"time"
)

// maxServeBytes bounds how much of a stored object Handler reads into memory.
// Variants are small JPEGs; anything bigger is treated as an error.
const maxServeBytes = 32 << 20

// Handler serves stored media at GET/HEAD /media/{key...} (Go 1.22+ ServeMux
// pattern; the key is taken from r.PathValue("key")). Responses are
// image/jpeg with a one-year immutable Cache-Control (keys are unique) and a
// content-hash ETag; conditional and range requests are honoured. Missing
// or invalid keys yield 404.
func Handler(st Storage) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		key := r.PathValue("key")
		if ValidateKey(key) != nil {
			http.NotFound(w, r)
			return
		}
		rc, err := st.Open(r.Context(), key)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrInvalidKey) {
				http.NotFound(w, r)
				return
			}
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxServeBytes+1))
		rc.Close()
		if err != nil || len(data) > maxServeBytes {
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		sum := sha256.Sum256(data)
		h := w.Header()
		h.Set("Content-Type", "image/jpeg")
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
		h.Set("X-Content-Type-Options", "nosniff")
		// ServeContent handles If-None-Match (304), Range and HEAD.
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
	})
}
