package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

// maxServeBytes bounds how much of a stored object Handler reads into memory.
// Variants are small JPEGs; anything bigger is treated as an error.
const maxServeBytes = 32 << 20

// PublicCache is the Cache-Control of a public media key: keys are unique,
// so a browser and any proxy may keep the bytes for a year.
const PublicCache = "public, max-age=31536000, immutable"

// Handler serves stored media at GET/HEAD /media/{key...} (Go 1.22+ ServeMux
// pattern; the key is taken from r.PathValue("key")). Responses are
// image/jpeg with a one-year immutable Cache-Control (keys are unique) and a
// content-hash ETag; conditional and range requests are honoured. Missing
// or invalid keys, and keys under one of the private prefixes (personal
// data served only through routes that check the reader), yield 404.
func Handler(st Storage, private ...string) http.Handler {
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
		for _, prefix := range private {
			if strings.HasPrefix(key, prefix) {
				http.NotFound(w, r)
				return
			}
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
		Serve(w, r, rc, PublicCache)
	})
}

// Serve writes a stored JPEG opened by the caller (and closes it) with
// the given Cache-Control and a content-hash ETag; conditional and range
// requests and HEAD are honoured. A private route gives "private, no-cache":
// the browser keeps the bytes and asks again each time (a 304 when the
// reader may still see them).
func Serve(w http.ResponseWriter, r *http.Request, rc io.ReadCloser, cacheControl string) {
	data, err := io.ReadAll(io.LimitReader(rc, maxServeBytes+1))
	rc.Close()
	if err != nil || len(data) > maxServeBytes {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	sum := sha256.Sum256(data)
	h := w.Header()
	h.Set("Content-Type", "image/jpeg")
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	// ServeContent handles If-None-Match (304), Range and HEAD.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}
