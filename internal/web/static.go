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

// versioned is an asset's URL with a hash of its content, so the URL
// changes when the file does and browsers may keep it for a year.
func versioned(name string) string {
	b, err := fs.ReadFile(staticFS, "static/"+name)
	if err != nil {
		panic(err)
	}
	h := sha256.Sum256(b)
	return "/static/" + name + "?v=" + hex.EncodeToString(h[:6])
}

var cssURL, geraiJSURL, kasirJSURL, qrcodeJSURL = versioned("gerai.css"), versioned("gerai.js"), versioned("kasir.js"), versioned("vendor/qrcode.js")

var offlineJSURL, visitJSURL = versioned("offline.js"), versioned("pangan-visit.js")

// CSS is the versioned stylesheet URL.
func (p Page) CSS() string { return cssURL }

// GeraiJS is the versioned URL of the small script every page loads (select a
// share link on tap, print buttons).
func (p Page) GeraiJS() string { return geraiJSURL }

// KasirJS is the versioned URL of the cashier's script.
func (p Page) KasirJS() string { return kasirJSURL }

// OfflineJS is the versioned URL of the offline clients' shared queue and
// sync (the cashier's and the field visit's).
func (p Page) OfflineJS() string { return offlineJSURL }

// VisitJS is the versioned URL of the field officer's visit form script.
func (p Page) VisitJS() string { return visitJSURL }

// QRCodeJS is the versioned URL of the QR code drawing library the cashier uses offline.
func (p Page) QRCodeJS() string { return qrcodeJSURL }

func staticHandler() http.Handler {
	fsrv := http.FileServerFS(staticFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		fsrv.ServeHTTP(w, r)
	})
}

var aidJSURL = versioned("pangan-aid.js")

// AidJS is the versioned URL of the household page's aid script (the
// signature pad, "use my location").
func (p Page) AidJS() string { return aidJSURL }
