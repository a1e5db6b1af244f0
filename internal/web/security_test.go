package web_test

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// verifiedProduct makes a verified UMKM in Palembang with one listed product.
func verifiedProduct(t *testing.T, s *testutil.Server) (umkmID, productID int64) {
	t.Helper()
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	seller := s.MustToken("siti@x.id")
	var u, p struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": "Pempek Siti", "owner_name": "Siti",
		"nib": "1671000000001", "regency_code": "16.71", "category": "kuliner", "whatsapp": "081211112222"}, &u)
	s.Do("POST", "/api/v1/products", seller, map[string]any{"umkm_id": u.ID, "name": "Pempek Kapal Selam", "category": "kuliner",
		"price": 20000, "stock": 5, "weight_grams": 400}, &p)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
	if res := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil); res.StatusCode != 200 {
		t.Fatalf("verify: %d %s", res.StatusCode, res.Body)
	}
	return u.ID, p.ID
}

func send(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	if c == nil {
		c = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestResponsesCarrySecurityHeaders(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	_, product := verifiedProduct(t, s)
	for _, path := range []string{"/", fmt.Sprintf("/produk/%d", product), "/masuk", "/tidak-ada", "/pesanan"} {
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		res, _ := send(t, nil, req)
		csp := res.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s (%d): Content-Security-Policy %q lacks %q", path, res.StatusCode, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("GET %s: the policy allows inline code: %q", path, csp)
		}
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q", path, got)
		}
		if res.Header.Get("Referrer-Policy") == "" {
			t.Errorf("GET %s: no Referrer-Policy", path)
		}
		if got := res.Header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("GET %s over plain HTTP with an http public URL sends HSTS %q", path, got)
		}
	}
	for _, path := range []string{"/api/v1/products", "/api/v1/umkm/1", "/api/v1/tidak-ada", "/healthz"} {
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		res, _ := send(t, nil, req)
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s (%d): Cache-Control %q, want no-store", path, res.StatusCode, got)
		}
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q", path, got)
		}
	}
	req, _ := http.NewRequest("GET", s.URL+"/static/gerai.css", nil)
	if res, _ := send(t, nil, req); res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("static files are sniffable")
	}

	// A logged-in person's pages stay out of every cache; an anonymous
	// visitor's only out of shared ones.
	req, _ = http.NewRequest("GET", s.URL+"/", nil)
	if res, _ := send(t, nil, req); res.Header.Get("Cache-Control") != "private, no-cache" {
		t.Errorf("anonymous page: Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	b := loggedIn(t, s, "siti@x.id")
	res, err := b.c.Get(s.URL + "/penjual")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("seller dashboard: Cache-Control %q, want no-store", got)
	}
}

// TestTemplatesRunNoInlineCode parses every template: the policy runs no
// inline script, event handler, style attribute or javascript: URL, so a
// template that has one is broken in the browser.
func TestTemplatesRunNoInlineCode(t *testing.T) {
	files, err := filepath.Glob("templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob("templates/pages/*.html")
	partials, _ := filepath.Glob("templates/partials/*.html")
	files = append(append(files, pages...), partials...)
	if len(files) < 10 {
		t.Fatalf("found only %d templates", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, problem := range inlineCode(string(b)) {
			t.Errorf("%s: %s", f, problem)
		}
	}
	// The web package writes some HTML from Go (SVG charts, the booth map, QR codes).
	goFiles, _ := fs.Glob(os.DirFS("."), "*.go")
	for _, f := range goFiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		if regexp.MustCompile(`<[a-z][^>]*\sstyle=`).Match(b) {
			t.Errorf("%s writes an element with a style attribute", f)
		}
	}
}

// inlineCode lists what in an HTML template the Content-Security-Policy
// would block. Template actions are left in place: the tokenizer reads
// them as text or attribute values.
func inlineCode(src string) []string {
	var problems []string
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return problems
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		attrs := map[string]string{}
		for _, a := range tok.Attr {
			attrs[a.Key] = a.Val
			switch {
			case strings.HasPrefix(a.Key, "on"):
				problems = append(problems, fmt.Sprintf("<%s %s=…>: inline event handler", tok.Data, a.Key))
			case a.Key == "style":
				problems = append(problems, fmt.Sprintf("<%s style=%q>: inline style", tok.Data, a.Val))
			case (a.Key == "href" || a.Key == "src" || a.Key == "action") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:"):
				problems = append(problems, fmt.Sprintf("<%s %s=%q>: javascript: URL", tok.Data, a.Key, a.Val))
			}
		}
		switch tok.Data {
		case "style":
			problems = append(problems, "<style> element")
		case "script":
			// A JSON data block is never executed (the cashier's data); anything else must be a file.
			if attrs["src"] == "" && attrs["type"] != "application/json" {
				problems = append(problems, "inline <script>")
			}
		}
	}
}

func TestInlineCodeCheckFindsWhatThePolicyBlocks(t *testing.T) {
	for _, src := range []string{
		`<button onclick="window.print()">`,
		`<p style="color:red">x</p>`,
		`<script>alert(1)</script>`,
		`<a href="javascript:alert(1)">`,
		`<style>p{}</style>`,
	} {
		if len(inlineCode(src)) == 0 {
			t.Errorf("%s not reported", src)
		}
	}
	if p := inlineCode(`<script src="{{.KasirJS}}" defer></script><script type="application/json" id="d">{{.Data}}</script><input data-select>`); len(p) != 0 {
		t.Errorf("allowed markup reported: %v", p)
	}
}

func TestShareLinksUseThePublicURLNotTheHostHeader(t *testing.T) {
	s := testutil.NewServerWith(t, app.Config{DB: testutil.NewDSN(t, "sqlite"), Simulator: true, PublicURL: "http://gerai.sumselprov.go.id:8080"})
	umkmID, productID := verifiedProduct(t, s)
	s.MustUser("ani@x.id", platform.RoleBuyer, "")
	b := loggedIn(t, s, "ani@x.id")
	b.get("/kelompok")
	code, loc, _ := b.post("/kelompok", url.Values{"name": {"Arisan RT 05"}, "csrf_token": {b.csrf}})
	if code != http.StatusSeeOther {
		t.Fatalf("create group: %d", code)
	}
	for path, want := range map[string]string{
		fmt.Sprintf("/produk/%d", productID): fmt.Sprintf("http://gerai.sumselprov.go.id:8080/produk/%d", productID),
		fmt.Sprintf("/umkm/%d", umkmID):      fmt.Sprintf("http://gerai.sumselprov.go.id:8080/umkm/%d", umkmID),
		loc:                                  "http://gerai.sumselprov.go.id:8080/gabung/",
	} {
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		for _, c := range b.c.Jar.Cookies(req.URL) {
			req.AddCookie(c) // the client would look cookies up by the Host header
		}
		req.Host = "evil.example"
		req.Header.Set("X-Forwarded-Host", "evil.example")
		req.Header.Set("X-Forwarded-Proto", "http")
		res, body := send(t, nil, req)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d → %s", path, res.StatusCode, res.Header.Get("Location"))
		}
		if strings.Contains(body, "evil.example") {
			t.Errorf("GET %s with Host: evil.example links to evil.example", path)
		}
		if !strings.Contains(body, want) {
			t.Errorf("GET %s: no share link starting %s", path, want)
		}
	}
}

// setCookies sends req and returns its Set-Cookie headers by name.
func setCookies(t *testing.T, req *http.Request) map[string]*http.Cookie {
	t.Helper()
	res, _ := send(t, nil, req)
	out := map[string]*http.Cookie{}
	for _, c := range res.Cookies() {
		out[c.Name] = c
	}
	return out
}

func TestCookiesAreSecureOverHTTPS(t *testing.T) {
	t.Run("https public URL", func(t *testing.T) {
		s := testutil.NewServerWith(t, app.Config{DB: testutil.NewDSN(t, "sqlite"), PublicURL: "https://gerai.example.id"})
		s.MustUser("ani@x.id", platform.RoleBuyer, "")
		req, _ := http.NewRequest("GET", s.URL+"/masuk", nil)
		res, body := send(t, nil, req)
		csrf := res.Cookies()
		if len(csrf) == 0 || !csrf[0].Secure {
			t.Fatalf("CSRF cookie %v is not Secure", csrf)
		}
		if res.Header.Get("Strict-Transport-Security") == "" {
			t.Error("no HSTS with an https public URL")
		}
		token := csrfInput.FindStringSubmatch(body)[1]
		form := url.Values{"email": {"ani@x.id"}, "password": {"rahasia-123"}, "csrf_token": {token}}
		req, _ = http.NewRequest("POST", s.URL+"/masuk", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "gerai_csrf", Value: token})
		session := setCookies(t, req)["gerai_session"]
		if session == nil || session.Value == "" {
			t.Fatal("login set no session cookie")
		}
		if !session.Secure || !session.HttpOnly {
			t.Errorf("session cookie Secure=%v HttpOnly=%v, want both", session.Secure, session.HttpOnly)
		}
		req, _ = http.NewRequest("GET", s.URL+"/bahasa?l=en", nil)
		if lang := setCookies(t, req)["gerai_lang"]; lang == nil || !lang.Secure {
			t.Errorf("language cookie %v is not Secure", lang)
		}
	})
	t.Run("X-Forwarded-Proto only from a trusted proxy", func(t *testing.T) {
		for _, trust := range []bool{false, true} {
			s := testutil.NewServerWith(t, app.Config{DB: testutil.NewDSN(t, "sqlite"), TrustProxy: trust})
			req, _ := http.NewRequest("GET", s.URL+"/masuk", nil)
			req.Header.Set("X-Forwarded-Proto", "https")
			c := setCookies(t, req)["gerai_csrf"]
			if c == nil || c.Secure != trust {
				t.Errorf("--trust-proxy=%v, X-Forwarded-Proto: https: CSRF cookie %v, want Secure=%v", trust, c, trust)
			}
		}
	})
}

func TestFormWithInvalidUTF8IsRefusedAndWritesNothing(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("siti@x.id", platform.RoleSeller, "")
		b := loggedIn(t, s, "siti@x.id")
		count := func(table string) (n int) {
			t.Helper()
			if err := s.App.DB.Reader().QueryRow(t.Context(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		code, _, body := b.post("/kelompok", url.Values{"name": {"Arisan \xff\xfe"}, "csrf_token": {b.csrf}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "UTF-8") || !strings.Contains(body, "name") {
			t.Errorf("group name with invalid UTF-8: %d, want 422 naming the field", code)
		}
		if n := count("user_groups"); n != 0 {
			t.Errorf("%d groups stored from a refused form", n)
		}
		code, _, _ = b.post("/penjual/umkm/baru", url.Values{"csrf_token": {b.csrf}, "name": {"Kemplang"}, "owner_name": {"Siti \xc3"},
			"nib": {"1234567890123"}, "regency_code": {"16.71"}, "category": {"kuliner"}})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("UMKM form with invalid UTF-8: %d, want 422", code)
		}
		if n := count("umkm"); n != 0 {
			t.Errorf("%d UMKM stored from a refused form", n)
		}
		// The same check covers query strings (a search) and multipart forms.
		if code, _ := b.get("/cari?q=%FF%FE"); code != http.StatusUnprocessableEntity {
			t.Errorf("search with invalid UTF-8: %d, want 422", code)
		}
		var mp strings.Builder
		mp.WriteString("--X\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + b.csrf + "\r\n")
		mp.WriteString("--X\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nArisan \xff\r\n--X--\r\n")
		req, _ := http.NewRequest("POST", s.URL+"/kelompok", strings.NewReader(mp.String()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=X")
		if res, _ := send(t, b.c, req); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("multipart form with invalid UTF-8: %d, want 422", res.StatusCode)
		}
		if n := count("user_groups"); n != 0 {
			t.Errorf("%d groups stored from a refused multipart form", n)
		}
		// A valid form still goes through.
		if code, _, _ := b.post("/kelompok", url.Values{"name": {"Arisan — RT 05 ✓"}, "csrf_token": {b.csrf}}); code != http.StatusSeeOther {
			t.Errorf("valid group form: %d, want 303", code)
		}
	})
}
