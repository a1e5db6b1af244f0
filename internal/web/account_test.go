package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestRegistrationChoosesBuyerUnlessAskedForSeller(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	b := newBrowser(t, s)
	_, page := b.get("/daftar")
	if !strings.Contains(page, `value="buyer" checked`) || strings.Contains(page, `value="seller" checked`) {
		t.Fatalf("/daftar does not choose Membeli by default:\n%s", page)
	}
	if _, page := b.get("/daftar?peran=penjual"); !strings.Contains(page, `value="seller" checked`) {
		t.Fatalf("/daftar?peran=penjual does not choose Berjualan")
	}
	// Sent as the form stands, the new account is a buyer's.
	status, loc, _ := b.post("/daftar", url.Values{"csrf_token": {b.csrf}, "name": {"Ani"}, "email": {"ani@x.id"},
		"password": {"pempek-kapal-selam"}, "role": {"buyer"}})
	if status != http.StatusSeeOther || loc != "/" {
		t.Fatalf("registration: %d → %q", status, loc)
	}
}

func TestAnInvitedVisitorRegistersAndJoinsTheGroup(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		coord := s.MustUser("koordinator@x.id", platform.RoleBuyer, "")
		g, err := s.App.Orders.CreateGroup(platform.WithActor(t.Context(), coord.Actor()), "PKK RW 05 Coblong")
		if err != nil {
			t.Fatal(err)
		}
		invite := "/gabung/" + g.InviteToken
		b := newBrowser(t, s)
		_, page := b.get(invite)
		reg := `href="/daftar?next=` + invite + `"`
		if !strings.Contains(page, reg) {
			t.Fatalf("the invitation does not link to registration coming back (%s):\n%s", reg, page)
		}
		_, page = b.get("/daftar?next=" + url.QueryEscape(invite))
		if !strings.Contains(page, `name="next" value="`+invite+`"`) {
			t.Fatalf("the registration form does not carry next on:\n%s", page)
		}
		status, loc, _ := b.post("/daftar", url.Values{"csrf_token": {b.csrf}, "name": {"Ani"}, "email": {"ani@x.id"},
			"password": {"pempek-kapal-selam"}, "role": {"buyer"}, "next": {invite}})
		if status != http.StatusSeeOther || loc != invite {
			t.Fatalf("registration from the invitation: %d → %q, want %s", status, loc, invite)
		}
		_, page = b.get(invite)
		if !strings.Contains(page, `action="`+invite+`"`) {
			t.Fatalf("back at the invitation, no join button:\n%s", page)
		}
		status, loc, _ = b.post(invite, url.Values{"csrf_token": {b.csrf}})
		if want := fmt.Sprintf("/kelompok/%d", g.ID); status != http.StatusSeeOther || loc != want {
			t.Fatalf("join: %d → %q, want %s", status, loc, want)
		}
		if _, page = b.get(loc); !strings.Contains(page, "<li>Ani</li>") {
			t.Fatalf("the group page does not list the new member:\n%s", page)
		}
		// A next to another site is dropped: the account goes home.
		b = newBrowser(t, s)
		b.get("/daftar")
		if _, loc, _ := b.post("/daftar", url.Values{"csrf_token": {b.csrf}, "name": {"Budi"}, "email": {"budi@x.id"},
			"password": {"pempek-kapal-selam"}, "role": {"buyer"}, "next": {"//evil.example"}}); loc != "/" {
			t.Fatalf("registration with next=//evil.example goes to %q", loc)
		}
	})
}

// outbox is what the outbox holds: to, subject and body of each message.
func outbox(t *testing.T, s *testutil.Server) [][3]string {
	t.Helper()
	rows, err := s.App.DB.Reader().Query(t.Context(), `SELECT to_email, subject, body FROM outbox ORDER BY id`)
	mails, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (m [3]string, err error) {
		err = r.Scan(&m[0], &m[1], &m[2])
		return m, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return mails
}

var resetLink = regexp.MustCompile(`http://[^\s]+/atur-sandi/([A-Za-z0-9_-]+)`)

func TestForgottenPasswordIsResetByEmailOnce(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			if d == sqldb.Postgres && !testutil.PostgresConfigured() {
				t.Skip("GERAI_TEST_POSTGRES is not set")
			}
			s := testutil.NewServerWith(t, app.Config{DB: testutil.NewDSN(t, d), Simulator: true, SMTP: "smtp://127.0.0.1:2525?from=akun@gerai.id"})
			s.MustUser("ani@x.id", platform.RoleBuyer, "")
			// Ani is logged in on another device.
			old := newBrowser(t, s)
			old.get("/masuk")
			if status, _, _ := old.post("/masuk", url.Values{"email": {"ani@x.id"}, "password": {"rahasia-123"}, "csrf_token": {old.csrf}}); status != http.StatusSeeOther {
				t.Fatalf("login: %d", status)
			}
			if status, _ := old.get("/pesanan"); status != http.StatusOK {
				t.Fatalf("the old session's orders page: %d", status)
			}

			b := newBrowser(t, s)
			if _, page := b.get("/masuk"); !strings.Contains(page, `href="/lupa-sandi"`) {
				t.Fatalf("the login page does not link to Lupa kata sandi:\n%s", page)
			}
			b.get("/lupa-sandi")
			status, _, known := b.post("/lupa-sandi", url.Values{"csrf_token": {b.csrf}, "email": {"Ani@x.id "}})
			if status != http.StatusOK || !strings.Contains(known, "Jika email itu terdaftar") {
				t.Fatalf("request for a known email: %d\n%s", status, known)
			}
			mails := outbox(t, s)
			if len(mails) != 1 || mails[0][0] != "ani@x.id" || mails[0][1] != "Atur ulang kata sandi Gerai" {
				t.Fatalf("outbox after the request: %q", mails)
			}
			m := resetLink.FindStringSubmatch(mails[0][2])
			if m == nil {
				t.Fatalf("the email holds no link:\n%s", mails[0][2])
			}
			token := m[1]
			var stored int
			s.App.DB.Reader().QueryRow(t.Context(), `SELECT COUNT(*) FROM password_resets WHERE token_hash = ?`, token).Scan(&stored)
			if stored != 0 {
				t.Fatal("the token itself is stored, not its hash")
			}

			// An unknown email: the same page, nothing sent.
			status, _, unknown := b.post("/lupa-sandi", url.Values{"csrf_token": {b.csrf}, "email": {"siapa@x.id"}})
			if status != http.StatusOK || mainOf(unknown) != mainOf(known) {
				t.Fatalf("request for an unknown email: %d, page differs:\n%s\nvs\n%s", status, mainOf(unknown), mainOf(known))
			}
			if n := len(outbox(t, s)); n != 1 {
				t.Fatalf("an unknown email put %d messages in the outbox", n-1)
			}

			link := "/atur-sandi/" + token
			if status, page := b.get(link); status != http.StatusOK || !strings.Contains(page, `action="`+link+`"`) {
				t.Fatalf("the link's page: %d\n%s", status, page)
			}
			// The password rules apply, and a refused password leaves the link working.
			status, _, page := b.post(link, url.Values{"csrf_token": {b.csrf}, "password": {"bismillah"}})
			if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Kata sandi ini termasuk yang paling sering dipakai") {
				t.Fatalf("a common password: %d\n%s", status, page)
			}
			status, loc, _ := b.post(link, url.Values{"csrf_token": {b.csrf}, "password": {"pempek-kapal-selam"}})
			if status != http.StatusSeeOther || loc != "/masuk?sandi=baru" {
				t.Fatalf("setting the password: %d → %q", status, loc)
			}
			if _, page := b.get(loc); !strings.Contains(page, "Kata sandi sudah diganti") {
				t.Fatalf("the login page does not confirm the change:\n%s", page)
			}
			// Used once: a second use is refused.
			if status, page := b.get(link); status != http.StatusNotFound || !strings.Contains(page, "tidak berlaku lagi") {
				t.Fatalf("the used link's page: %d\n%s", status, page)
			}
			if status, _, _ := b.post(link, url.Values{"csrf_token": {b.csrf}, "password": {"rendang-padang-99"}}); status != http.StatusNotFound {
				t.Fatalf("a second use: %d, want 404", status)
			}
			// The old session is gone; the old password is refused, the new one works.
			if status, loc := getLoc(t, old, "/pesanan"); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/masuk") {
				t.Fatalf("the old session after the reset: %d → %q, want a redirect to /masuk", status, loc)
			}
			if status, _, _ := b.post("/masuk", url.Values{"email": {"ani@x.id"}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}}); status != http.StatusUnauthorized {
				t.Fatalf("login with the old password: %d", status)
			}
			if status, loc, _ := b.post("/masuk", url.Values{"email": {"ani@x.id"}, "password": {"pempek-kapal-selam"}, "csrf_token": {b.csrf}}); status != http.StatusSeeOther || loc != "/" {
				t.Fatalf("login with the new password: %d → %q", status, loc)
			}

			// An expired link is refused.
			b = newBrowser(t, s)
			b.get("/lupa-sandi")
			b.post("/lupa-sandi", url.Values{"csrf_token": {b.csrf}, "email": {"ani@x.id"}})
			mails = outbox(t, s)
			expired := resetLink.FindStringSubmatch(mails[len(mails)-1][2])[1]
			if _, err := s.App.DB.Writer().Exec(t.Context(), `UPDATE password_resets SET expires_at = ? WHERE used_at IS NULL`, time.Now().Add(-time.Minute).UTC()); err != nil {
				t.Fatal(err)
			}
			if status, _, page := b.post("/atur-sandi/"+expired, url.Values{"csrf_token": {b.csrf}, "password": {"rendang-padang-99"}}); status != http.StatusNotFound || !strings.Contains(page, "tidak berlaku lagi") {
				t.Fatalf("an expired link: %d\n%s", status, page)
			}

			// Requests are limited per email: the third is the last one sent.
			status, _, page = b.post("/lupa-sandi", url.Values{"csrf_token": {b.csrf}, "email": {"ani@x.id"}})
			if status != http.StatusOK {
				t.Fatalf("third request: %d", status)
			}
			if status, _, page = b.post("/lupa-sandi", url.Values{"csrf_token": {b.csrf}, "email": {"ani@x.id"}}); status != http.StatusTooManyRequests ||
				!strings.Contains(page, "Terlalu banyak permintaan") {
				t.Fatalf("fourth request within the hour: %d\n%s", status, page)
			}
			if n := len(outbox(t, s)); n != 3 {
				t.Fatalf("%d reset emails, want 3", n)
			}
		})
	}
}

func TestNoForgottenPasswordWithoutEmail(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	b := newBrowser(t, s)
	if _, page := b.get("/masuk"); strings.Contains(page, "/lupa-sandi") {
		t.Fatal("the login page links to Lupa kata sandi with no email configured")
	}
	if status, _ := b.get("/lupa-sandi"); status != http.StatusNotFound {
		t.Fatalf("/lupa-sandi without email: %d, want 404", status)
	}
}

// mainOf is a page's <main>.
func mainOf(page string) string {
	_, after, _ := strings.Cut(page, "<main>")
	before, _, _ := strings.Cut(after, "</main>")
	return before
}

func getLoc(t *testing.T, b *browser, path string) (int, string) {
	t.Helper()
	res, err := b.c.Get(b.s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}
