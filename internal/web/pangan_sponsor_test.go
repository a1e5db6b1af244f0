package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/tabular"
	"github.com/gerai-id/gerai/internal/testutil"
)

// sponsorWorld is, beside the food world, a second programme of Sumatera
// Selatan with two sponsors, Bank Sumsel Babel (whose staff the test
// appoints from the agency's page) and Bank Mandiri (staff appointed
// through the API), and one delivery each: Bank Sumsel Babel's package to
// Siti Aminah (Kembang Ayun), Bank Mandiri's to Rahmat Hidayat.
type sponsorWorld struct {
	*panganWorld
	programme2       int64
	bsb, mandiri     int64
	bsbNo, mandiriNo string // the deliveries' BAST numbers
}

func newSponsorWorld(t *testing.T, s *testutil.Server) *sponsorWorld {
	t.Helper()
	w := &sponsorWorld{panganWorld: newPanganWorld(t, s)}
	s.MustUser("csr@bsb.id", platform.RoleBuyer, "")
	s.MustUser("csr@mandiri.id", platform.RoleBuyer, "")
	agency := s.MustToken("dinas16@x.id")
	var p pangan.Programme
	if res := s.Do("POST", "/api/v1/food-programmes", agency, map[string]any{"name": "Pekarangan Pangan Lestari", "province_code": "16", "start_year": 2024,
		"commodities": []map[string]any{{"code": "telur", "name": "Telur ayam", "unit": "butir", "price": 2000}},
		"packages": []map[string]any{{"code": "ternak", "name": "Paket ternak", "items": []map[string]any{
			{"name": "Ayam petelur", "quantity": 8, "unit": "ekor"}, {"name": "Pakan", "quantity": 50, "unit": "kg"}}}},
		"sponsors": []map[string]any{{"name": "Bank Sumsel Babel", "kind": "bank_csr"}, {"name": "Bank Mandiri", "kind": "bumn"}},
	}, &p); res.StatusCode != 201 {
		t.Fatalf("second programme: %d %s", res.StatusCode, res.Body)
	}
	w.programme2, w.bsb, w.mandiri = p.ID, p.Sponsors[0].ID, p.Sponsors[1].ID
	if res := s.Do("POST", w.api2("/sponsors/%d/staff", w.mandiri), agency, map[string]any{"email": "csr@mandiri.id"}, nil); res.StatusCode != 201 {
		t.Fatalf("Mandiri's staff: %d %s", res.StatusCode, res.Body)
	}
	for _, x := range []struct {
		name, nik, village string
		sponsor            int64
		number             *string
	}{{"Siti Aminah", sitiNIK, pgKembangAyun, w.bsb, &w.bsbNo}, {"Rahmat Hidayat", "1604010507800002", pgGunungMeraksa, w.mandiri, &w.mandiriNo}} {
		var h pangan.Household
		if res := s.Do("POST", w.api2("/households"), agency, map[string]any{"head_name": x.name, "nik": x.nik, "village_code": x.village,
			"phone": "0812 7000 1234", "members": 4, "poverty_status": "miskin"}, &h); res.StatusCode != 201 {
			t.Fatalf("household %s: %d %s", x.name, res.StatusCode, res.Body)
		}
		body := fmt.Sprintf(`{"package_code": "ternak", "sponsor_id": %d, "household_id": %d, "delivered_at": %q, "recipient_name": %q, "lat": -3.7928, "lng": 103.5402}`,
			x.sponsor, h.ID, time.Now().Add(-2*time.Hour).UTC().Format(time.RFC3339), x.name)
		req, _ := http.NewRequest("POST", s.URL+w.api2("/deliveries"), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+agency)
		req.Header.Set("Idempotency-Key", "delivery-"+x.nik)
		var d pangan.Delivery
		if res := s.Send(req, &d); res.StatusCode != 201 {
			t.Fatalf("delivery to %s: %d %s", x.name, res.StatusCode, res.Body)
		}
		*x.number = d.Number
	}
	return w
}

func (w *sponsorWorld) api2(format string, args ...any) string {
	return fmt.Sprintf("/api/v1/food-programmes/%d", w.programme2) + fmt.Sprintf(format, args...)
}

func (w *sponsorWorld) sponsorPage(sponsor int64) string {
	return fmt.Sprintf("/pangan/%d/sponsor/%d", w.programme2, sponsor)
}

// TestPanganSponsorStaffFromTheManagePage: the agency gives an account a
// sponsor's view by email (errors beside the fields, nothing stored), the
// page lists who reads each sponsor's report, and the account finds the
// report under "Bantuan saya" on /pangan.
func TestPanganSponsorStaffFromTheManagePage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newSponsorWorld(t, s)
		agency := loggedIn(t, s, "dinas16@x.id")
		manage := fmt.Sprintf("/pengelola/pangan/%d", w.programme2)
		_, body := agency.get(manage)
		if !strings.Contains(body, `href="`+w.sponsorPage(w.bsb)+`"`) || !strings.Contains(body, "csr@mandiri.id") {
			t.Fatalf("the sponsors' section does not link the reports or list Mandiri's staff")
		}
		staff := func() int64 {
			var n int64
			s.App.DB.Reader().QueryRow(t.Context(), `SELECT COUNT(*) FROM pangan_sponsor_staff`).Scan(&n)
			return n
		}
		before := staff()
		for _, c := range []struct{ name, sponsor, email, field string }{
			{"an email with no account", fmt.Sprint(w.bsb), "tidak.ada@x.id", "sponsor_email"},
			{"no sponsor", "", "csr@bsb.id", "sponsor_id"},
			{"no email", fmt.Sprint(w.bsb), "", "sponsor_email"},
		} {
			code, _, page := agency.post(manage+"/sponsor", url.Values{"csrf_token": {agency.csrf}, "sponsor_id": {c.sponsor}, "sponsor_email": {c.email}})
			if code != 422 || !strings.Contains(page, `id="e-`+c.field+`"`) {
				t.Errorf("%s: %d, want 422 beside %s", c.name, code, c.field)
			}
		}
		if code, _, _ := agency.post(manage+"/sponsor", url.Values{"csrf_token": {agency.csrf}, "sponsor_id": {"999999"}, "sponsor_email": {"csr@bsb.id"}}); code != 404 {
			t.Errorf("a sponsor the programme does not have: %d, want 404", code)
		}
		if staff() != before {
			t.Errorf("a refused form stored a sponsor's staff")
		}
		code, loc, _ := agency.post(manage+"/sponsor", url.Values{"csrf_token": {agency.csrf}, "sponsor_id": {fmt.Sprint(w.bsb)}, "sponsor_email": {"CSR@bsb.id"}})
		if code != 303 || !strings.HasSuffix(loc, "#sponsor") {
			t.Fatalf("give the view: %d → %s", code, loc)
		}
		if _, body := agency.get(loc); !strings.Contains(body, "csr@bsb.id kini dapat membaca laporan penyandang dana.") {
			t.Errorf("no notice after giving the view")
		}
		// A sponsor's staff does not widen the team.
		bsb := loggedIn(t, s, "csr@bsb.id")
		bsb.get("/pangan")
		if code, _, _ := bsb.post(manage+"/sponsor", url.Values{"csrf_token": {bsb.csrf}, "sponsor_id": {fmt.Sprint(w.bsb)}, "sponsor_email": {"pembeli@x.id"}}); code != 403 {
			t.Errorf("the sponsor's staff gives the view: %d, want 403", code)
		}
		_, body = bsb.get("/pangan")
		if !strings.Contains(body, "Bantuan saya") || !strings.Contains(body, `href="`+w.sponsorPage(w.bsb)+`"`) || strings.Contains(body, `href="`+w.sponsorPage(w.mandiri)+`"`) {
			t.Errorf("/pangan does not lead Bank Sumsel Babel's staff to its report alone")
		}
		if _, body := loggedIn(t, s, "pembeli@x.id").get("/pangan"); strings.Contains(body, "Bantuan saya") {
			t.Errorf("a buyer is shown 'Bantuan saya'")
		}
	})
}

// TestPanganSponsorReport: the sponsor's page shows its own aid only, the
// recipients as initials (no NIK, no phone, no full name), to its staff
// and the agency; another sponsor's staff, a buyer, another province's
// agency and anonymous are refused; its CSV is as masked.
func TestPanganSponsorReport(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newSponsorWorld(t, s)
		if res := s.Do("POST", w.api2("/sponsors/%d/staff", w.bsb), s.MustToken("dinas16@x.id"), map[string]any{"email": "csr@bsb.id"}, nil); res.StatusCode != 201 {
			t.Fatalf("Bank Sumsel Babel's staff: %d %s", res.StatusCode, res.Body)
		}
		page, csv := w.sponsorPage(w.bsb), w.sponsorPage(w.bsb)+"/penyerahan.csv"
		roles := map[string]*browser{"anonymous": newBrowser(t, s), "buyer": loggedIn(t, s, "pembeli@x.id"), "agency16": loggedIn(t, s, "dinas16@x.id"),
			"agency32": loggedIn(t, s, "dinas32@x.id"), "bsb": loggedIn(t, s, "csr@bsb.id"), "mandiri": loggedIn(t, s, "csr@mandiri.id")}
		for _, path := range []string{page, csv} {
			for role, want := range map[string]int{"anonymous": 303, "buyer": 403, "agency32": 403, "mandiri": 403, "bsb": 200, "agency16": 200} {
				if code, _ := roles[role].get(path); code != want {
					t.Errorf("%s as %s: %d, want %d", path, role, code, want)
				}
			}
		}
		if code, _ := roles["agency16"].get(w.sponsorPage(999999)); code != 404 {
			t.Errorf("a sponsor that is none: %d, want 404", code)
		}
		for role, b := range map[string]*browser{"its staff": roles["bsb"], "the agency": roles["agency16"]} {
			_, body := b.get(page)
			for _, want := range []string{"Bank Sumsel Babel", w.bsbNo, "S. A.", "Kembang Ayun", "Ayam petelur", "<dt>Penyerahan bantuan</dt><dd>1</dd>"} {
				if !strings.Contains(body, want) {
					t.Errorf("the report for %s lacks %q", role, want)
				}
			}
			for _, never := range []string{"Siti", "Aminah", "Rahmat", "R. H.", w.mandiriNo, "7000 1234", "081270001234", "+62812", "-3.7928", "103.5402", "/media/"} {
				if strings.Contains(body, never) {
					t.Errorf("the report for %s shows %q", role, never)
				}
			}
			if nikRun.MatchString(body) || strings.Contains(body, "160401****") {
				t.Errorf("the report for %s shows a NIK", role)
			}
		}
		code, ctype, file := roles["bsb"].getRaw(csv)
		if code != 200 || !strings.HasPrefix(ctype, "text/csv") {
			t.Fatalf("the CSV: %d %s", code, ctype)
		}
		rows, err := tabular.ReadCSV(bytes.NewReader(file), tabular.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Cells[0] != "nomor_bast" || rows[1].Cells[0] != w.bsbNo || rows[1].Cells[4] != "S. A." || rows[1].Cells[6] != "S. A." {
			t.Errorf("the CSV: %q", file)
		}
		if nikRun.Match(file) || bytes.Contains(file, []byte("Siti")) || bytes.Contains(file, []byte("Rahmat")) || bytes.Contains(file, []byte("7000")) {
			t.Errorf("the CSV names or identifies a recipient: %q", file)
		}
	})
}

// TestPanganGroupsAndSponsorsInEnglish: the new pages and sections carry
// none of their Indonesian labels in English.
func TestPanganGroupsAndSponsorsInEnglish(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newSponsorWorld(t, s)
		var kwt pangan.FoodGroup
		if res := s.Do("POST", w.api("/groups"), s.MustToken("dinas16@x.id"), map[string]any{"kind": "kwt", "name": "KWT Melati", "village_code": pgKembangAyun}, &kwt); res.StatusCode != 201 {
			t.Fatalf("group: %d %s", res.StatusCode, res.Body)
		}
		s.Do("POST", w.api("/groups/%d/members", kwt.ID), s.MustToken("dinas16@x.id"), map[string]any{"household_id": w.siti.ID}, nil)
		b := loggedIn(t, s, "dinas16@x.id")
		b.get("/bahasa?l=en&next=%2F")
		for _, c := range []struct {
			path string
			id   []string
		}{
			{w.web("/pengelola/pangan/%d"), []string{"Daftarkan kelompok", "Jenis kelompok", "Belum ada kelompok", "Akun yang membaca laporannya", "Beri akses laporan"}},
			{w.web("/pengelola/pangan/%d/kelompok/%d", kwt.ID), []string{"Kelompok wanita tani", "Anggota", "Tambahkan anggota", "UMKM tempat menjual", "Rumah No.", "Belum terhubung"}},
			{w.sponsorPage(w.bsb), []string{"Hasil bantuan", "Penyerahan bantuan", "Keadaan barang bantuan", "Penyerahan terbaru", "belum terbukti", "inisial", "Unduh"}},
		} {
			code, body := b.get(c.path)
			if code != 200 || !strings.Contains(body, `<html lang="en">`) {
				t.Fatalf("%s in English: %d", c.path, code)
			}
			for _, word := range c.id {
				if strings.Contains(body, word) {
					t.Errorf("%s in English shows %q", c.path, word)
				}
			}
		}
		staff := loggedIn(t, s, "csr@mandiri.id")
		staff.get("/bahasa?l=en&next=%2F")
		if _, body := staff.get("/pangan"); !strings.Contains(body, "My aid") || strings.Contains(body, "Bantuan saya") {
			t.Errorf("/pangan in English lacks 'My aid'")
		}
	})
}
