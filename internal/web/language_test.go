package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

var langLink = regexp.MustCompile(`href="(/bahasa\?[^"]+)"`)

// TestLanguageSwitchAfterAFailedFormReturnsToAPage: a form shown again
// after a POST lives at an address with no page of its own (/checkout);
// switching language there comes back to the page the form was on.
func TestLanguageSwitchAfterAFailedFormReturnsToAPage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("ani@x.id", platform.RoleBuyer, "")
		b := loggedIn(t, s, "ani@x.id")
		b.get("/keranjang")
		req, _ := http.NewRequest("POST", s.URL+"/checkout", strings.NewReader(url.Values{"csrf_token": {b.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Referer", s.URL+"/keranjang")
		res, body := send(t, b.c, req)
		if res.StatusCode < 400 || res.StatusCode >= 500 {
			t.Fatalf("an empty checkout: %d, want the form again with an error", res.StatusCode)
		}
		m := langLink.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no language switch on the page")
		}
		res, err := b.c.Get(s.URL + html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		next := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || next != "/keranjang" {
			t.Fatalf("language switch: %d → %q, want 303 → /keranjang", res.StatusCode, next)
		}
		if code, _ := b.get(next); code != 200 {
			t.Errorf("the page after switching language: %d", code)
		}
	})
}
