package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// browser is a cookie-keeping client that reads the CSRF token from forms, as a browser would.
type browser struct {
	t    *testing.T
	s    *testutil.Server
	c    *http.Client
	csrf string
}

func newBrowser(t *testing.T, s *testutil.Server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, s: s, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	res, err := b.c.Get(b.s.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if m := csrfInput.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return res.StatusCode, string(body)
}

func (b *browser) post(path string, form url.Values) (int, string, string) {
	b.t.Helper()
	res, err := b.c.PostForm(b.s.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(body)
}

func TestFormWithoutCSRFTokenIsRefused(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("penjual@x.id", platform.RoleSeller, "")
		b := newBrowser(t, s)
		b.get("/masuk")
		status, _, body := b.post("/masuk", url.Values{"email": {"penjual@x.id"}, "password": {"rahasia-123"}})
		if status != http.StatusForbidden || !strings.Contains(body, "Formulir kedaluwarsa") {
			t.Fatalf("login without token: %d", status)
		}
		status, loc, _ := b.post("/masuk", url.Values{"email": {"penjual@x.id"}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}})
		if status != http.StatusSeeOther || loc != "/penjual" {
			t.Fatalf("login with token: %d → %q, want 303 → /penjual", status, loc)
		}
		// Logged in, a forged form from elsewhere (no token) changes nothing.
		status, _, _ = b.post("/penjual/umkm/baru", url.Values{"name": {"Palsu"}, "owner_name": {"X"}, "nib": {"1234567890123"},
			"regency_code": {"16.71"}, "category": {"kuliner"}})
		if status != http.StatusForbidden {
			t.Fatalf("forged UMKM form: %d, want 403", status)
		}
		var n int
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT COUNT(*) FROM umkm`).Scan(&n)
		if n != 0 {
			t.Fatalf("forged form created %d UMKM", n)
		}
	})
}

func TestUMKMFormShowsErrorsBesideFields(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("penjual@x.id", platform.RoleSeller, "")
	b := newBrowser(t, s)
	b.get("/masuk")
	b.post("/masuk", url.Values{"email": {"penjual@x.id"}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}})
	b.get("/penjual/umkm/baru")
	status, _, body := b.post("/penjual/umkm/baru", url.Values{"csrf_token": {b.csrf}, "name": {"Kemplang Bu Siti"},
		"owner_name": {"Siti"}, "nib": {"123456789012"}, "regency_code": {"16.71"}, "category": {"kuliner"}, "capital": {"dua juta"}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", status)
	}
	for _, want := range []string{"NIB harus 13 digit angka", "Isi dengan angka rupiah", `value="Kemplang Bu Siti"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form does not show %q", want)
		}
	}
	// The error sits in the NIB field's own block.
	if !regexp.MustCompile(`(?s)<div class="field invalid">\s*<label for="f-nib">.*?NIB harus 13 digit`).MatchString(body) {
		t.Error("NIB error is not beside the NIB field")
	}
}

func TestLanguageSwitch(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	b := newBrowser(t, s)
	_, body := b.get("/")
	if !strings.Contains(body, `<html lang="id">`) || !strings.Contains(body, ">Cari</button>") {
		t.Fatal("home page is not in Indonesian by default")
	}
	res, err := b.c.Get(s.URL + "/bahasa?l=en&next=%2Fcari%3Fq%3Dkopi")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); loc != "/cari?q=kopi" {
		t.Fatalf("switch went to %q", loc)
	}
	_, body = b.get("/cari?q=kopi")
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, ">Search</button>") {
		t.Fatal("page did not switch to English")
	}
	res, _ = b.c.Get(s.URL + "/bahasa?l=en&next=https%3A%2F%2Fevil.example")
	res.Body.Close()
	if loc := res.Header.Get("Location"); loc != "/" {
		t.Fatalf("open redirect to %q", loc)
	}
}

func TestAgencyDashboardShowsItsProvinceOnly(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		seller := s.MustUser("penjual@x.id", platform.RoleSeller, "")
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		tok := s.MustToken("penjual@x.id")
		for i, reg := range []string{"16.02", "16.02", "32.73"} {
			var u struct{ ID int64 }
			s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": "Usaha " + reg, "owner_name": seller.Name,
				"nib": "160000000000" + string(rune('1'+i)), "regency_code": reg, "category": "kuliner", "turnover": 1_500_000_000}, &u)
			s.Do("POST", "/api/v1/umkm/"+itoa(u.ID)+"/submit", tok, nil, nil)
		}
		b := newBrowser(t, s)
		b.get("/masuk")
		b.post("/masuk", url.Values{"email": {"dinas16@x.id"}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}})
		status, body := b.get("/dinas")
		if status != 200 {
			t.Fatalf("dashboard: %d", status)
		}
		if !strings.Contains(body, "Antrean verifikasi (2)") || !strings.Contains(body, "Kab. Ogan Komering Ilir") {
			t.Errorf("queue does not show the two UMKM of OKI")
		}
		if strings.Contains(body, "Usaha 32.73") || strings.Contains(body, "Kota Bandung") {
			t.Errorf("the Sumsel agency sees a Jawa Barat UMKM")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestOversizedPhotoGetsAClearMessage(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("penjual@x.id", platform.RoleSeller, "")
	tok := s.MustToken("penjual@x.id")
	var u, p struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": "Kemplang Cek Siti", "owner_name": "Siti", "nib": "1671000000009",
		"regency_code": "16.71", "category": "kuliner"}, &u)
	s.Do("POST", "/api/v1/products", tok, map[string]any{"umkm_id": u.ID, "name": "Kemplang", "category": "kuliner", "price": 15000, "stock": 5, "weight_grams": 250}, &p)
	b := newBrowser(t, s)
	b.get("/masuk")
	b.post("/masuk", url.Values{"email": {"penjual@x.id"}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}})
	var body strings.Builder
	body.WriteString("--X\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + b.csrf + "\r\n")
	body.WriteString("--X\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"besar.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
	body.WriteString(strings.Repeat("x", 12<<20))
	body.WriteString("\r\n--X--\r\n")
	req, _ := http.NewRequest("POST", s.URL+"/penjual/produk/"+itoa(p.ID)+"/foto", strings.NewReader(body.String()))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=X")
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "maksimal 10 MB") {
		t.Fatalf("12 MB upload: %d, want 413 with the limit named", res.StatusCode)
	}
}
