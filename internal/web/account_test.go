package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
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
