package e2e

import (
	"context"
	"regexp"
	"testing"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestAccountJourney, in a browser: a visitor follows a group's invite
// link, registers (as a buyer, the default) and joins the group; then,
// having forgotten the password, asks for a reset link, follows the link
// from the email and logs in with the new password.
func TestAccountJourney(t *testing.T) {
	s := testutil.NewServerWith(t, app.Config{DB: testutil.NewDSN(t, sqldb.SQLite), Simulator: true,
		SMTP: "smtp://127.0.0.1:2525?from=akun@gerai.id"})
	coord := s.MustUser("koordinator@x.id", platform.RoleBuyer, "")
	g, err := s.App.Orders.CreateGroup(platform.WithActor(context.Background(), coord.Actor()), "Arisan Blok C")
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s.URL)
	invite := "/gabung/" + g.InviteToken
	b.open(invite, 200)
	b.clickNav("register from the invitation", `main a[href^="/daftar?next="]`, 200)
	b.fill("#f-name", "Ratna")
	b.fill("#f-email", "ratna@x.id")
	b.fill("#f-password", "pempek-kapal-selam")
	b.clickNav("register", `main form[action="/daftar"] button[type=submit]`, 200)
	if got := b.path(); got != invite {
		t.Fatalf("after registering: at %s, want back at %s", got, invite)
	}
	b.clickNav("join", `main form[action="`+invite+`"] button[type=submit]`, 200)
	if got := b.text("main h1"); got != "Arisan Blok C" {
		t.Fatalf("after joining: heading %q, want the group's name", got)
	}
	if got := b.text("main ul.members"); !regexp.MustCompile(`Ratna`).MatchString(got) {
		t.Fatalf("members %q lack Ratna", got)
	}
	var role string
	s.App.DB.Reader().QueryRow(context.Background(), `SELECT role FROM users WHERE email = ?`, "ratna@x.id").Scan(&role)
	if role != "buyer" {
		t.Errorf("the invited visitor registered as %q, want buyer (the default)", role)
	}

	// Logged out, Ratna has forgotten the password.
	b.clickNav("log out", `header form[action="/keluar"] button`, 200)
	b.open("/masuk", 200)
	b.clickNav("forgot", `main a[href="/lupa-sandi"]`, 200)
	b.fill("#f-email", "ratna@x.id")
	b.clickNav("send the link", `main form[action="/lupa-sandi"] button[type=submit]`, 200)
	var body string
	if err := s.App.DB.Reader().QueryRow(context.Background(), `SELECT body FROM outbox WHERE to_email = ?`, "ratna@x.id").Scan(&body); err != nil {
		t.Fatalf("the reset email: %v", err)
	}
	m := regexp.MustCompile(`/atur-sandi/\S+`).FindString(body)
	if m == "" {
		t.Fatalf("no link in the email:\n%s", body)
	}
	b.open(m, 200)
	b.fill("#f-password", "rendang-padang-99")
	b.clickNav("save the password", `main form button[type=submit]`, 200)
	if got := b.text("main p.notice"); got == "" {
		t.Fatal("the login page does not confirm the new password")
	}
	b.fill("#f-email", "ratna@x.id")
	b.fill("#f-password", "rendang-padang-99")
	b.clickNav("log in", `main form[action="/masuk"] button[type=submit]`, 200)
	if got := b.path(); got != "/" {
		t.Fatalf("after logging in with the new password: at %s", got)
	}
}
