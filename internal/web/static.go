package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
)

//go:embed static
var staticFS embed.FS

// cssVersion is a hash of the stylesheet, so its URL changes when it does
// and browsers may keep it for a year.
var cssVersion = func() string {
	b, err := fs.ReadFile(staticFS, "static/gerai.css")
	if err != nil {
		panic(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:6])
}()

// CSS is the versioned stylesheet URL.
func (p Page) CSS() string { return "/static/gerai.css?v=" + cssVersion }

func staticHandler() http.Handler {
	fsrv := http.FileServerFS(staticFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		fsrv.ServeHTTP(w, r)
	})
}
