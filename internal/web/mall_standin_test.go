package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// The operator's page lists a stall released today with its waiting list
// and gives it to the UMKM picked; a pick not on the list is an error beside
// the list; the stall then shows its stand-in and leaves the list.
func TestMallStandInFromTheManagePage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
		s.MustUser("asep@x.id", platform.RoleSeller, "")
		s.MustUser("siti@x.id", platform.RoleSeller, "")
		agency := s.MustToken("dinas32@x.id")
		asep := verifiedUMKM(t, s, "asep@x.id", "dinas32@x.id", "Batik Asep", "3273000000211", "32.73", "fesyen")
		siti := verifiedUMKM(t, s, "siti@x.id", "dinas32@x.id", "Kue Siti", "3273000000212", "32.73", "kuliner")
		var v struct{ ID int64 }
		if res := s.Do("POST", "/api/v1/venues", agency, map[string]any{"name": "Pasar Kreatif Jawa Barat", "province_code": "32", "regency_code": "32.73",
			"address": "Jl. Pahlawan No. 70, Bandung", "time_zone": "Asia/Jakarta"}, &v); res.StatusCode != 201 {
			t.Fatalf("venue: %d %s", res.StatusCode, res.Body)
		}
		venue := func(format string, args ...any) string {
			return fmt.Sprintf("/api/v1/venues/%d", v.ID) + fmt.Sprintf(format, args...)
		}
		s.Do("PUT", venue("/stalls"), agency, []map[string]any{{"code": "K-01", "kind": "kios"}}, nil)
		s.Do("PUT", venue("/rulebook"), agency, map[string]any{"turn_days": 7, "no_show_minutes": 30}, nil)
		jakarta, _ := time.LoadLocation("Asia/Jakarta")
		now := time.Now().In(jakarta)
		today, week := now.Format(time.DateOnly), now.AddDate(0, 0, 6).Format(time.DateOnly)
		apply := func(email string, umkmID int64) int64 {
			var ap struct{ ID int64 }
			if res := s.Do("POST", venue("/applications"), s.MustToken(email), map[string]any{"umkm_id": umkmID, "from": today, "to": week}, &ap); res.StatusCode != 201 {
				t.Fatalf("apply: %d %s", res.StatusCode, res.Body)
			}
			return ap.ID
		}
		asepApp, sitiApp := apply("asep@x.id", asep), apply("siti@x.id", siti)
		if res := s.Do("POST", venue("/turns"), agency, map[string]any{"stall": "K-01", "application_id": asepApp, "from": today, "to": week}, nil); res.StatusCode != 201 {
			t.Fatalf("turn: %d %s", res.StatusCode, res.Body)
		}
		opens, _ := time.ParseInLocation("2006-01-02 15:04", today+" 08:00", jakarta)
		if n, err := s.App.Mall.ReleaseNoShows(t.Context(), opens.Add(time.Hour)); err != nil || n != 1 {
			t.Fatalf("the sweep released %d (%v)", n, err)
		}

		staff := loggedIn(t, s, "dinas32@x.id")
		manage := fmt.Sprintf("/pengelola/pasar/%d", v.ID)
		_, page := staff.get(manage)
		option := regexp.MustCompile(`<option value="(\d+)">Kue Siti ·`).FindStringSubmatch(page)
		if !strings.Contains(page, "Lapak dilepas hari ini") || !strings.Contains(page, "dilepas dari Batik Asep") || option == nil || option[1] != fmt.Sprint(sitiApp) {
			t.Fatalf("the operator's page does not offer K-01 to Kue Siti from the waiting list")
		}
		code, _, page := staff.post(manage+"/lapak/K-01/pengganti", url.Values{"csrf_token": {staff.csrf}, "application_id": {fmt.Sprint(asepApp)}})
		if code != 422 || !regexp.MustCompile(`(?s)class="field invalid"><select name="application_id".*?<div class="error">Pendaftaran ini tidak ada di daftar tunggu lapak K-01 hari ini</div>`).MatchString(page) {
			t.Errorf("the released tenant picked as its own stand-in: %d, want 422 with the error beside the list", code)
		}
		code, loc, _ := staff.post(manage+"/lapak/K-01/pengganti", url.Values{"csrf_token": {staff.csrf}, "application_id": {option[1]}})
		if code != 303 {
			t.Fatalf("give K-01 to Siti: %d", code)
		}
		if _, page = staff.get(loc); strings.Contains(page, "dilepas dari Batik Asep") ||
			!regexp.MustCompile(`<td>K-01</td><td><a href="/umkm/\d+">Kue Siti</a> <span class="badge">pengganti</span>`).MatchString(page) {
			t.Errorf("after the stand-in, K-01 does not show Kue Siti as the day's stand-in, or is still on the list")
		}
		// Siti at the stall's QR page: hers today, not released, with the check-in button.
		var secret string
		if err := s.App.DB.Reader().QueryRow(t.Context(), `SELECT qr_code FROM stalls WHERE code = 'K-01'`).Scan(&secret); err != nil {
			t.Fatal(err)
		}
		stallPage := fmt.Sprintf("/pasar/%d/lapak/K-01?kode=%s", v.ID, secret)
		tenant := loggedIn(t, s, "siti@x.id")
		if _, page = tenant.get(stallPage); !strings.Contains(page, "Kue Siti") || strings.Contains(page, "Lapak dilepas hari ini karena") || !strings.Contains(page, "/lapak/K-01/hadir") {
			t.Errorf("the stand-in's stall page does not offer her the check-in")
		}
		if _, page = loggedIn(t, s, "asep@x.id").get(stallPage); strings.Contains(page, "/lapak/K-01/hadir") {
			t.Errorf("the released tenant is offered a check-in at the stall given to a stand-in")
		}
		english := loggedIn(t, s, "dinas32@x.id")
		english.get("/bahasa?l=en&next=%2F")
		if _, page = english.get(manage); !strings.Contains(page, "stand-in") {
			t.Errorf("the English page does not name the stand-in")
		}
	})
}
