// Package httpx holds HTTP plumbing shared by the web UI and the API.
package httpx

import (
	"net/http"
	"strings"
	"sync"

	// Two to three times faster than compress/gzip at the fastest level:
	// compression runs on every page and API answer.
	"github.com/klauspost/compress/gzip"
)

// compressible are the content types worth compressing; photos are JPEG already.
var compressible = []string{"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
	"application/problem+json", "application/manifest+json", "text/csv", "text/plain", "image/svg+xml"}

var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// Gzip compresses text responses for clients that accept it: on 3G a page
// of HTML or JSON shrinks to a quarter. Range requests pass through untouched.
func Gzip(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") || r.Header.Get("Range") != "" || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.close()
		next.ServeHTTP(gw, r)
	})
}

type gzipWriter struct {
	http.ResponseWriter
	gz      *gzip.Writer
	decided bool
}

func (g *gzipWriter) WriteHeader(status int) {
	if !g.decided {
		g.decided = true
		h := g.Header()
		ct := h.Get("Content-Type")
		if status != http.StatusNoContent && status != http.StatusNotModified && h.Get("Content-Encoding") == "" && isCompressible(ct) {
			h.Del("Content-Length")
			h.Set("Content-Encoding", "gzip")
			g.gz = gzipPool.Get().(*gzip.Writer)
			g.gz.Reset(g.ResponseWriter)
		}
	}
	g.ResponseWriter.WriteHeader(status)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(b))
		}
		g.WriteHeader(http.StatusOK)
	}
	if g.gz != nil {
		return g.gz.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) close() {
	if g.gz != nil {
		g.gz.Close()
		gzipPool.Put(g.gz)
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

func isCompressible(ct string) bool {
	for _, c := range compressible {
		if strings.HasPrefix(ct, c) {
			return true
		}
	}
	return false
}
