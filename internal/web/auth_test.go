package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestLoginFailuresAreLimitedWithAMessageBesideTheForm(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("penjual@x.id", platform.RoleSeller, "")
		s.MustUser("pembeli@x.id", platform.RoleBuyer, "")
		b := newBrowser(t, s)
		b.get("/masuk")
		for i := range 10 {
			if status, _, _ := b.post("/masuk", url.Values{"email": {"penjual@x.id"}, "password": {"tebakan-salah"}, "csrf_token": {b.csrf}}); status != http.StatusUnauthorized {
				t.Fatalf("wrong password %d: status %d, want 401", i+1, status)
			}
		}
		res, err := b.c.PostForm(s.URL+"/masuk", url.Values{"email": {"penjual@x.id"}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		// The first wait is a minute; some of it has passed by now.
		if wait, err := strconv.Atoi(res.Header.Get("Retry-After")); res.StatusCode != http.StatusTooManyRequests || err != nil || wait < 1 || wait > 60 {
			t.Fatalf("login after ten failures: %d, Retry-After %q; want 429 and at most 60 s", res.StatusCode, res.Header.Get("Retry-After"))
		}
		_, _, body := b.post("/masuk", url.Values{"email": {"penjual@x.id"}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}})
		if !strings.Contains(body, `role="alert">Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam `) ||
			!strings.Contains(body, `value="penjual@x.id"`) {
			t.Fatalf("the login form does not say why and how long:\n%s", body)
		}
		// Another account from the same address is not held up.
		if status, loc, _ := b.post("/masuk", url.Values{"email": {"pembeli@x.id"}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}}); status != http.StatusSeeOther || loc != "/" {
			t.Fatalf("another account's login: %d → %q", status, loc)
		}
	})
}

func TestLoginGoesOnlyToPathsOfThisSite(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("penjual@x.id", platform.RoleSeller, "")
	for _, c := range []struct{ next, want string }{
		{"/keranjang", "/keranjang"},
		{"", "/penjual"},
		{"/", "/penjual"},
		{"//evil.example/masuk", "/penjual"},
		{"/\t/evil.example", "/penjual"},
		{"/\\evil.example", "/penjual"},
		{"/%2F%2Fevil.example", "/penjual"},
		{"https://evil.example", "/penjual"},
	} {
		b := newBrowser(t, s)
		_, page := b.get("/masuk?next=" + url.QueryEscape(c.next))
		if c.want == "/penjual" && c.next != "" && c.next != "/" && !strings.Contains(page, `name="next" value=""`) {
			t.Errorf("the login form carries next=%q on", c.next)
		}
		status, loc, _ := b.post("/masuk", url.Values{"email": {"penjual@x.id"}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}, "next": {c.next}})
		if status != http.StatusSeeOther || loc != c.want {
			t.Errorf("login with next=%q: %d → %q, want %q", c.next, status, loc, c.want)
		}
	}
	b := newBrowser(t, s)
	for _, next := range []string{"//evil.example", "/\t/evil.example", "/%5Cevil.example"} {
		if status, _ := b.get("/bahasa?l=en&next=" + url.QueryEscape(next)); status != http.StatusSeeOther {
			t.Fatalf("language switch: %d", status)
		}
		res, err := b.c.Get(s.URL + "/bahasa?l=en&next=" + url.QueryEscape(next))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("language switch with next=%q goes to %q, want /", next, loc)
		}
	}
}

func TestRegistrationRefusesACommonPassword(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	b := newBrowser(t, s)
	b.get("/daftar")
	status, _, body := b.post("/daftar", url.Values{"csrf_token": {b.csrf}, "name": {"Ani"}, "email": {"ani@x.id"}, "password": {"bismillah"}, "role": {"buyer"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `<div class="error">Kata sandi ini termasuk yang paling sering dipakai`) {
		t.Fatalf("registration with a common password: %d\n%s", status, body)
	}
	if status, loc, _ := b.post("/daftar", url.Values{"csrf_token": {b.csrf}, "name": {"Ani"}, "email": {"ani@x.id"}, "password": {"pempek-kapal-selam"}, "role": {"buyer"}}); status != http.StatusSeeOther || loc != "/" {
		t.Fatalf("registration with a good password: %d → %q", status, loc)
	}
}
