package httpx

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestGzipCompressesTextOnly(t *testing.T) {
	page := strings.Repeat("<p>Kemplang panggang Palembang</p>", 200)
	h := Gzip(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/foto" {
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write([]byte("\xff\xd8\xff jpeg bytes"))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Body.Len() >= len(page)/4 {
		t.Fatalf("HTML not compressed: encoding %q, %d bytes of %d", rec.Header().Get("Content-Encoding"), rec.Body.Len(), len(page))
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if string(got) != page {
		t.Fatal("decompressed page differs")
	}

	req = httptest.NewRequest("GET", "/foto", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "" {
		t.Fatal("a JPEG was compressed again")
	}

	req = httptest.NewRequest("GET", "/", nil) // a client that does not accept gzip
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != page {
		t.Fatal("compressed for a client that did not ask")
	}
}

// TestGzipCompressesScriptsAndImages: the cashier's script (served by the
// file server as text/javascript), JSON and SVG icons go out compressed,
// not at full size over the venue's 3G.
func TestGzipCompressesScriptsAndImages(t *testing.T) {
	script := strings.Repeat("document.getElementById(\"cart-total\").textContent = rupiah(total(cart));\n", 300)
	files := fstest.MapFS{
		"kasir.js":      {Data: []byte(script)},
		"old.js":        {Data: []byte(script)},
		"data.json":     {Data: []byte(strings.Repeat(`{"name":"Kemplang","price":25000},`, 300))},
		"logo.svg":      {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg">` + strings.Repeat(`<circle cx="5" cy="5" r="4"/>`, 300) + `</svg>`)},
		"manifest.json": {Data: []byte(strings.Repeat(`{"name":"Gerai"}`, 300))},
	}
	fileServer := http.FileServerFS(files)
	h := Gzip(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old.js" { // the type some servers and proxies still use
			w.Header().Set("Content-Type", "application/javascript")
		}
		fileServer.ServeHTTP(w, r)
	}))
	for path, f := range files {
		req := httptest.NewRequest("GET", "/"+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" || rec.Body.Len() >= len(f.Data)/4 {
			t.Errorf("%s (%s) not compressed: status %d, encoding %q, %d bytes of %d", path, rec.Header().Get("Content-Type"),
				rec.Code, rec.Header().Get("Content-Encoding"), rec.Body.Len(), len(f.Data))
			continue
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := io.ReadAll(zr); string(got) != string(f.Data) {
			t.Errorf("%s: decompressed body differs", path)
		}
	}
}
