package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/seed"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestPartnerDeskShowsOwnPortfolio: PT Pusri's staff sees its own loans
// in every class on /mitra, not the bank's; the bank's staff the reverse;
// a seller cannot open the desk.
func TestPartnerDeskShowsOwnPortfolio(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		ctx := context.Background()
		if err := seed.Demo(ctx, s.App); err != nil {
			t.Fatal(err)
		}
		page := func(email string) (int, string) {
			u, err := s.App.Accounts.Authenticate(ctx, email, seed.DemoPassword, "")
			if err != nil {
				t.Fatal(err)
			}
			cookie, _, err := s.App.Accounts.CreateSession(ctx, u.ID, "web")
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("GET", s.URL+"/mitra", nil)
			req.AddCookie(&http.Cookie{Name: "gerai_session", Value: cookie})
			res := s.Send(req, nil)
			return res.StatusCode, string(res.Body)
		}
		status, body := page("mitra@gerai.id")
		if status != 200 {
			t.Fatalf("PT Pusri's desk: %d", status)
		}
		for _, want := range []string{"PT Pusri", "Kurang lancar", "Diragukan", "Macet", "<svg"} {
			if !strings.Contains(body, want) {
				t.Errorf("PT Pusri's desk lacks %q", want)
			}
		}
		if strings.Contains(body, "Bank Sumsel Babel</h2>") {
			t.Error("PT Pusri's staff sees the bank's desk")
		}
		if _, body := page("mitra.bank@gerai.id"); strings.Contains(body, "PT Pusri") || !strings.Contains(body, "Bank Sumsel Babel") {
			t.Error("the bank's staff does not see exactly its own desk")
		}
		if status, _ := page("penjual@gerai.id"); status == 200 {
			t.Error("a seller opens the partner desk")
		}
	})
}
