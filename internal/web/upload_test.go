package web_test

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// countingBody counts the bytes the server reads of a request body.
type countingBody struct {
	r io.Reader
	n int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// upload posts a multipart form as b (the CSRF token first, as the pages
// write it, then the file) to the handler in process, and returns the
// status, the page and how many bytes of the body the server read.
func upload(t *testing.T, s *testutil.Server, b *browser, path, field, filename string, file []byte) (int, string, int64) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", b.csrf)
	fw, _ := mw.CreateFormFile(field, filename)
	fw.Write(file)
	mw.Close()
	cb := &countingBody{r: &body}
	req := httptest.NewRequest("POST", path, cb)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	u, _ := url.Parse(s.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	s.Config.Handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String(), cb.n
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// bombXLSX is a small XLSX whose one sheet unpacks to more than 16 MB.
func bombXLSX(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte(`<worksheet><sheetData><row><c t="inlineStr"><is><t>`))
	w.Write(bytes.Repeat([]byte("A"), 17<<20))
	w.Write([]byte(`</t></is></c></row></sheetData></worksheet>`))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if b.Len() > 200<<10 {
		t.Fatalf("bomb of %d bytes, want a small file", b.Len())
	}
	return b.Bytes()
}

// TestBoothListIsReadOnlyForItsOrganiser: an upload is parsed only once the
// actor is known to run the event; before that not even the multipart
// body is read (the middleware reads the CSRF token, the first field, only).
func TestBoothListIsReadOnlyForItsOrganiser(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
	organiser := loggedIn(t, s, "dinas16@x.id")
	code, manage, _ := organiser.post("/dinas/expo", url.Values{"csrf_token": {organiser.csrf}, "name": {"Sumsel Expo 2022"},
		"organiser_province_code": {"16"}, "host_province_code": {"16"}, "city": {"Palembang"}, "venue": {"PSCC"},
		"starts_on": {"2022-08-12"}, "ends_on": {"2022-08-14"}, "time_zone": {"Asia/Jakarta"}})
	if code != 303 {
		t.Fatalf("create event: %d", code)
	}
	if code, _, _ := organiser.post(manage+"/status", url.Values{"csrf_token": {organiser.csrf}, "status": {"open"}}); code != 303 {
		t.Fatalf("open the event: %d", code) // a draft is not found by others, which would hide what is tested
	}
	anonymous := newBrowser(t, s)
	anonymous.get("/masuk")
	file := randomBytes(4 << 20) // would be refused as unreadable, were it read
	for _, c := range []struct {
		who  string
		b    *browser
		want int
	}{{"anonymous", anonymous, 401}, {"another province's agency", loggedIn(t, s, "dinas32@x.id"), 403}} {
		code, _, read := upload(t, s, c.b, manage+"/booth", "booths_file", "booth.xlsx", file)
		if code != c.want || read > 128<<10 {
			t.Errorf("%s uploads a booth list: %d after reading %d bytes, want %d before reading the file", c.who, code, read, c.want)
		}
	}

	rows := "kode,ukuran\n" + strings.Repeat("A-01,3x3\n", 5000)
	for name, c := range map[string]struct {
		filename string
		file     []byte
		want     string
	}{
		"an XLSX that unpacks to 17 MB": {"booth.xlsx", bombXLSX(t), "terlalu besar setelah dibuka"},
		"a CSV of 5,001 rows":           {"booth.csv", []byte(rows), "lebih dari 5.000 baris"},
		"a CSV with a 2 KB cell":        {"booth.csv", []byte("kode,ukuran\nA-01," + strings.Repeat("x", 2<<10) + "\n"), "terlalu panjang"},
	} {
		code, page, _ := upload(t, s, organiser, manage+"/booth", "booths_file", c.filename, c.file)
		if code != http.StatusRequestEntityTooLarge || !strings.Contains(page, c.want) {
			t.Errorf("%s: %d, want 413 saying %q", name, code, c.want)
		}
	}
	code, _, _ = upload(t, s, organiser, manage+"/booth", "booths_file", "booth.csv", []byte("kode;ukuran\nB-01;2x2\n"))
	if code != 303 {
		t.Errorf("a booth list in a semicolon CSV: %d, want 303", code)
	}
}

// TestPhotosAreReadOnlyForWhoMayChangeThem: the logo and product photo
// forms refuse another seller and an anonymous visitor before reading the file.
func TestPhotosAreReadOnlyForWhoMayChangeThem(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	s.MustUser("budi@x.id", platform.RoleSeller, "")
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	tok := s.MustToken("siti@x.id")
	var u, p struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": "Kemplang Cek Siti", "owner_name": "Siti", "nib": "1671000000009",
		"regency_code": "16.71", "category": "kuliner"}, &u)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), tok, nil, nil)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil) // public, so refusals are 401/403
	s.Do("POST", "/api/v1/products", tok, map[string]any{"umkm_id": u.ID, "name": "Kemplang", "category": "kuliner", "price": 15000, "stock": 5, "weight_grams": 250}, &p)
	if u.ID == 0 || p.ID == 0 {
		t.Fatal("UMKM and product not created")
	}
	anonymous := newBrowser(t, s)
	anonymous.get("/masuk")
	other := loggedIn(t, s, "budi@x.id")
	file := randomBytes(4 << 20)
	for _, c := range []struct {
		who, path string
		b         *browser
		want      int
	}{
		{"anonymous, logo", fmt.Sprintf("/penjual/umkm/%d/logo", u.ID), anonymous, 401},
		{"another seller, logo", fmt.Sprintf("/penjual/umkm/%d/logo", u.ID), other, 403},
		{"anonymous, product photo", fmt.Sprintf("/penjual/produk/%d/foto", p.ID), anonymous, 401},
		{"another seller, product photo", fmt.Sprintf("/penjual/produk/%d/foto", p.ID), other, 403},
	} {
		code, _, read := upload(t, s, c.b, c.path, "photo", "foto.png", file)
		if code != c.want || read > 128<<10 {
			t.Errorf("%s: %d after reading %d bytes, want %v before reading the file", c.who, code, read, c.want)
		}
	}
	// The owner's upload is read: an unreadable image is told beside the field.
	owner := loggedIn(t, s, "siti@x.id")
	if code, page, _ := upload(t, s, owner, fmt.Sprintf("/penjual/produk/%d/foto", p.ID), "photo", "foto.png", file); code != 422 || !strings.Contains(page, "bukan gambar") {
		t.Errorf("the owner's unreadable photo: %d, want 422 naming the problem", code)
	}
}
