package media

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func newStorage(t *testing.T) *DiskStorage {
	t.Helper()
	st, err := NewDiskStorage(filepath.Join(t.TempDir(), "media", "nested"))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func readKey(t *testing.T, st Storage, key string) []byte {
	t.Helper()
	rc, err := st.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("open %q: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDiskStorageRoundTrip(t *testing.T) {
	ctx := context.Background()
	st := newStorage(t)
	key := "products/42/abc/large.jpg"
	if err := st.Put(ctx, key, strings.NewReader("v1"), "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	if got := readKey(t, st, key); string(got) != "v1" {
		t.Fatalf("got %q", got)
	}
	if err := st.Put(ctx, key, strings.NewReader("v2"), "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	if got := readKey(t, st, key); string(got) != "v2" {
		t.Fatalf("after overwrite got %q", got)
	}
	if err := st.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Open(ctx, key); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("open deleted: %v, want fs.ErrNotExist", err)
	}
	if err := st.Delete(ctx, key); err != nil {
		t.Fatalf("delete missing: %v", err)
	}
	if _, err := st.Open(ctx, "products/42"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("open directory: %v, want fs.ErrNotExist", err)
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset")
	}
	n := min(len(p), f.n)
	for i := range p[:n] {
		p[i] = 'x'
	}
	f.n -= n
	return n, nil
}

func TestDiskStorageAtomicWrite(t *testing.T) {
	ctx := context.Background()
	st := newStorage(t)
	key := "logos/7/logo.jpg"
	if err := st.Put(ctx, key, strings.NewReader("original"), "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	// A write that fails midway must leave the old content intact and no
	// temporary files behind.
	if err := st.Put(ctx, key, &failingReader{n: 100000}, "image/jpeg"); err == nil {
		t.Fatal("Put with failing reader succeeded")
	}
	if got := readKey(t, st, key); string(got) != "original" {
		t.Fatalf("content after failed put: %q", got)
	}
	entries, err := os.ReadDir(filepath.Join(st.Dir(), "logos", "7"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "logo.jpg" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("directory holds %v, want only logo.jpg", names)
	}
	// Cancelled context: nothing written.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := st.Put(cctx, "logos/8/logo.jpg", strings.NewReader("x"), "image/jpeg"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled put: %v", err)
	}
}

func TestValidateKey(t *testing.T) {
	ctx := context.Background()
	st := newStorage(t)
	bad := []string{
		"../x", "/etc/passwd", "", "a/../b", "a/..", "..", ".", "a//b", "a/", "/",
		"Products/1.jpg", "a b.jpg", `a\b.jpg`, "a/.hidden", ".tmp-123", "a/./b",
		"products/%2e%2e/x", "ünïcode.jpg", "a\x00b", strings.Repeat("a", 600),
	}
	for _, k := range bad {
		if err := ValidateKey(k); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("ValidateKey(%q) = %v, want ErrInvalidKey", k, err)
		}
		if err := st.Put(ctx, k, strings.NewReader("x"), "image/jpeg"); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("Put(%q) = %v, want ErrInvalidKey", k, err)
		}
		if _, err := st.Open(ctx, k); !errors.Is(err, ErrInvalidKey) || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q) = %v, want ErrInvalidKey and fs.ErrNotExist", k, err)
		}
		if err := st.Delete(ctx, k); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("Delete(%q) = %v, want ErrInvalidKey", k, err)
		}
	}
	good := []string{"a", "products/42/7f3a00c1d2e3f4a5/thumb.jpg", "logos/shop_1/v-2.large.jpg"}
	for _, k := range good {
		if err := ValidateKey(k); err != nil {
			t.Errorf("ValidateKey(%q) = %v", k, err)
		}
	}
	// Nothing escaped the storage directory.
	if _, err := os.Stat(filepath.Join(filepath.Dir(st.Dir()), "x")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file written outside storage dir: %v", err)
	}
}

func TestNewKey(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{16}$`)
	seen := map[string]bool{}
	for range 1000 {
		k := NewKey()
		if !re.MatchString(k) {
			t.Fatalf("NewKey() = %q", k)
		}
		if seen[k] {
			t.Fatalf("duplicate key %q", k)
		}
		seen[k] = true
	}
}

func TestSave(t *testing.T) {
	ctx := context.Background()
	st := newStorage(t)
	prefix := "products/42/" + NewKey()
	keys, err := Save(ctx, st, prefix, bytes.NewReader(genJPEG(t, 3000, 2000)), MaxUploadBytes)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys["large"] != prefix+"/large.jpg" || keys["thumb"] != prefix+"/thumb.jpg" {
		t.Fatalf("keys = %v", keys)
	}
	for name, k := range keys {
		if ct := http.DetectContentType(readKey(t, st, k)); ct != "image/jpeg" {
			t.Errorf("%s: stored %s", name, ct)
		}
	}
	if _, err := Save(ctx, st, "../evil", bytes.NewReader(genJPEG(t, 100, 100)), MaxUploadBytes); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("bad prefix: %v", err)
	}
	if _, err := Save(ctx, st, "products/1/x", strings.NewReader("not an image"), MaxUploadBytes); !errors.Is(err, ErrNotImage) {
		t.Errorf("not image: %v", err)
	}
	if _, err := os.Stat(filepath.Join(st.Dir(), "products", "1")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("rejected upload left files behind: %v", err)
	}
}

func TestHandler(t *testing.T) {
	ctx := context.Background()
	st := newStorage(t)
	keys, err := Save(ctx, st, "products/42/"+NewKey(), bytes.NewReader(genJPEG(t, 800, 600)), MaxUploadBytes)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /media/{key...}", Handler(st))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	get := func(path string, hdr map[string]string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}

	resp := get("/media/"+keys["thumb"], nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	body, _ := io.ReadAll(resp.Body)
	if want := readKey(t, st, keys["thumb"]); !bytes.Equal(body, want) {
		t.Fatalf("body differs from stored bytes (%d vs %d)", len(body), len(want))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "image/jpeg" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", cc)
	}
	etag := resp.Header.Get("ETag")
	if !regexp.MustCompile(`^"[0-9a-f]+"$`).MatchString(etag) {
		t.Errorf("ETag %q", etag)
	}
	if resp2 := get("/media/"+keys["large"], nil); resp2.Header.Get("ETag") == etag {
		t.Errorf("large and thumb share ETag %q", etag)
	}

	// Revalidation.
	if resp := get("/media/"+keys["thumb"], map[string]string{"If-None-Match": etag}); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", resp.StatusCode)
	}

	for _, p := range []string{
		"/media/products/42/missing/thumb.jpg",
		"/media/products/42",     // a directory
		"/media/Products/x.jpg",  // invalid key
		"/media/products/.tmp-1", // invalid key
		"/media/",
	} {
		if resp := get(p, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, resp.StatusCode)
		}
	}
}

// failThumbStorage fails Put for thumb variants.
type failThumbStorage struct{ *DiskStorage }

func (f failThumbStorage) Put(ctx context.Context, key string, r io.Reader, ct string) error {
	if strings.HasSuffix(key, "/thumb.jpg") {
		return errors.New("disk full")
	}
	return f.DiskStorage.Put(ctx, key, r, ct)
}

func TestSaveCleansUpOnPutFailure(t *testing.T) {
	st := newStorage(t)
	_, err := Save(context.Background(), failThumbStorage{st}, "products/9/abc", bytes.NewReader(genJPEG(t, 500, 400)), MaxUploadBytes)
	if err == nil {
		t.Fatal("Save succeeded despite failing Put")
	}
	if _, err := st.Open(context.Background(), "products/9/abc/large.jpg"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("large variant left behind: %v", err)
	}
}
