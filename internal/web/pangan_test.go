package web_test

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/tabular"
	"github.com/gerai-id/gerai/internal/testutil"
)

// panganWorld is GSMP in Sumatera Selatan, built through the API: the
// agency of 16, the agency of 32, a field officer for two villages of
// Tanjungsakti Pumu (Lahat), a buyer, three households with visits.
type panganWorld struct {
	s                  *testutil.Server
	programme          int64
	siti, rahmat, dedi pangan.Household
}

const (
	pgKembangAyun   = "16.04.01.2001" // Tanjungsakti Pumu, Lahat
	pgGunungMeraksa = "16.04.01.2002"
	pgLahatTengah   = "16.04.10.1031" // another kecamatan of Lahat
	pgMariana       = "16.07.01.1016" // Banyuasin
	sitiNIK         = "1604015203850001"
)

// nikRun finds a whole NIK (sixteen digits in a row) in a page or a file.
var nikRun = regexp.MustCompile(`\d{16}`)

func newPanganWorld(t *testing.T, s *testutil.Server) *panganWorld {
	t.Helper()
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
	officer := s.MustUser("penyuluh@x.id", platform.RoleBuyer, "")
	s.MustUser("pembeli@x.id", platform.RoleBuyer, "")
	agency := s.MustToken("dinas16@x.id")
	w := &panganWorld{s: s}
	var p pangan.Programme
	if res := s.Do("POST", "/api/v1/food-programmes", agency, map[string]any{"name": "Gerakan Sumsel Mandiri Pangan", "province_code": "16", "start_year": 2021,
		"commodities": []map[string]any{{"code": "cabai", "name": "Cabai", "unit": "kg", "price": 40000}, {"code": "telur", "name": "Telur ayam", "unit": "butir", "price": 2000},
			{"code": "lele", "name": "Lele", "unit": "kg", "price": 25000}},
		"targets":  []map[string]any{{"regency_code": "16.04", "households": 9450}, {"regency_code": "16.08", "households": 7800}, {"regency_code": "16.07", "households": 7625}},
		"packages": []map[string]any{{"code": "bsb", "name": "Paket Bank Sumsel Babel", "items": []map[string]any{{"name": "Ayam petelur", "quantity": 8, "unit": "ekor"}}}},
		"sponsors": []map[string]any{{"name": "Bank Sumsel Babel", "kind": "bank_csr"}},
		"phases":   []map[string]any{{"name": "Tahap 1", "segment": "household"}},
	}, &p); res.StatusCode != 201 {
		t.Fatalf("create programme: %d %s", res.StatusCode, res.Body)
	}
	w.programme = p.ID
	if res := s.Do("POST", w.api("/officers"), agency, map[string]any{"user_id": officer.ID, "village_codes": []string{pgKembangAyun, pgGunungMeraksa}}, nil); res.StatusCode != 201 {
		t.Fatalf("assign officer: %d %s", res.StatusCode, res.Body)
	}
	add := func(name, nik, village string) pangan.Household {
		var h pangan.Household
		if res := s.Do("POST", w.api("/households"), agency, map[string]any{"head_name": name, "nik": nik, "village_code": village,
			"phone": "0812 7000 1234", "members": 4, "poverty_status": "miskin", "poverty_source": "DTKS 2023"}, &h); res.StatusCode != 201 {
			t.Fatalf("household %s: %d %s", name, res.StatusCode, res.Body)
		}
		return h
	}
	w.siti = add("Siti Aminah", sitiNIK, pgKembangAyun)
	w.rahmat = add("Rahmat Hidayat", "1604010507800002", pgGunungMeraksa)
	yanti := add("Yanti Susanti", "1607014408900003", pgMariana)
	w.dedi = add("Dedi Kurniawan", "1604100101750004", pgLahatTengah)
	visit := func(h pangan.Household, base int, lines ...map[string]any) map[string]any {
		return map[string]any{"id": uuid.NewString(), "household_id": h.ID, "visited_at": time.Now().Add(-time.Hour).Format(time.RFC3339),
			"base_version": base, "production": lines}
	}
	harvest := func(c string, q float64, use string) map[string]any {
		return map[string]any{"commodity": c, "quantity": q, "use": use}
	}
	if res := s.Do("POST", w.api("/visits/sync"), s.MustToken("penyuluh@x.id"), map[string]any{"visits": []any{
		visit(w.siti, 0, harvest("cabai", 2.5, "home"), harvest("telur", 30, "sold")), visit(w.rahmat, 0, harvest("lele", 4, "home")),
		visit(w.siti, 1, harvest("cabai", 1, "given"))}}, nil); res.StatusCode != 200 {
		t.Fatalf("sync: %d %s", res.StatusCode, res.Body)
	}
	if res := s.Do("POST", w.api("/visits/sync"), agency, map[string]any{"visits": []any{visit(yanti, 0, harvest("cabai", 2, "home"))}}, nil); res.StatusCode != 200 {
		t.Fatalf("sync: %d %s", res.StatusCode, res.Body)
	}
	return w
}

func (w *panganWorld) api(format string, args ...any) string {
	return fmt.Sprintf("/api/v1/food-programmes/%d", w.programme) + fmt.Sprintf(format, args...)
}

func (w *panganWorld) web(format string, args ...any) string {
	return fmt.Sprintf(format, append([]any{w.programme}, args...)...)
}

// TestPanganPagesByRole opens each page as anonymous, a buyer, the agency
// of 16, the agency of 32 and the field officer: public pages to all, the
// district's figures and the household's page to the agency and the
// area's officer, the agency's page to the agency.
func TestPanganPagesByRole(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		// Without any programme the list renders, and offers none.
		if code, body := newBrowser(t, s).get("/pangan"); code != 200 || !strings.Contains(body, "Belum ada program.") {
			t.Fatalf("/pangan without programmes: %d", code)
		}
		w := newPanganWorld(t, s)
		roles := map[string]*browser{"anonymous": newBrowser(t, s), "buyer": loggedIn(t, s, "pembeli@x.id"),
			"agency16": loggedIn(t, s, "dinas16@x.id"), "agency32": loggedIn(t, s, "dinas32@x.id"), "officer": loggedIn(t, s, "penyuluh@x.id")}
		login := 303
		for _, c := range []struct {
			path string
			want map[string]int
		}{
			{"/pangan", map[string]int{"anonymous": 200, "buyer": 200, "agency16": 200, "agency32": 200, "officer": 200}},
			{w.web("/pangan/%d"), map[string]int{"anonymous": 200, "buyer": 200, "agency16": 200, "agency32": 200, "officer": 200}},
			{w.web("/pangan/%d/wilayah/16.04"), map[string]int{"anonymous": 200, "buyer": 200, "agency16": 200, "agency32": 200, "officer": 200}},
			{w.web("/pangan/%d/wilayah/16.04.01"), map[string]int{"anonymous": login, "buyer": 403, "agency16": 200, "agency32": 403, "officer": 200}},
			{w.web("/pangan/%d/wilayah/%s", pgKembangAyun), map[string]int{"anonymous": login, "buyer": 403, "agency16": 200, "agency32": 403, "officer": 200}},
			{w.web("/pangan/%d/wilayah/16.04.10"), map[string]int{"anonymous": login, "buyer": 403, "agency16": 200, "agency32": 403, "officer": 403}},
			{w.web("/pangan/%d/wilayah/16.04.01.csv"), map[string]int{"anonymous": login, "buyer": 403, "agency16": 200, "agency32": 403, "officer": 200}},
			{w.web("/pangan/%d/wilayah/32.73"), map[string]int{"anonymous": 404, "agency16": 404}},
			{w.web("/pengelola/pangan/%d"), map[string]int{"anonymous": login, "buyer": 403, "agency16": 200, "agency32": 403, "officer": 403}},
			{w.web("/pengelola/pangan/%d/rumah/%d", w.siti.ID), map[string]int{"anonymous": login, "buyer": 403, "agency16": 200, "agency32": 403, "officer": 200}},
			{w.web("/pengelola/pangan/%d/rumah/%d", w.dedi.ID), map[string]int{"officer": 403}},
			{"/pengelola/pangan/baru", map[string]int{"anonymous": login, "buyer": 403, "agency16": 200, "agency32": 200, "officer": 403}},
		} {
			for role, want := range c.want {
				code, body := roles[role].get(c.path)
				if code != want {
					t.Errorf("%s as %s: %d, want %d", c.path, role, code, want)
				}
				if want != 200 && strings.Contains(body, sitiNIK) {
					t.Errorf("%s as %s shows Siti's NIK on a refusal", c.path, role)
				}
			}
		}
		// The district's table links its villages for the officer only where it may open them.
		_, body := roles["officer"].get(w.web("/pangan/%d/wilayah/16.04"))
		if !strings.Contains(body, w.web(`href="/pangan/%d/wilayah/16.04.01"`)) || strings.Contains(body, w.web(`href="/pangan/%d/wilayah/16.04.10"`)) {
			t.Errorf("the officer's regency page should link its own district only")
		}
		if _, body := roles["anonymous"].get(w.web("/pangan/%d/wilayah/16.04")); strings.Contains(body, w.web(`href="/pangan/%d/wilayah/16.04.01"`)) {
			t.Errorf("the public regency page links a district page the visitor cannot open")
		}
		// The list: the agency of 16 runs its programme, the agency of 32 may adopt it or start its own.
		_, body = roles["agency16"].get("/pangan")
		if !strings.Contains(body, w.web(`href="/pengelola/pangan/%d"`)) || strings.Contains(body, "/adopsi") || strings.Contains(body, `href="/pengelola/pangan/baru"`) {
			t.Errorf("the agency of 16's list: want its programme's page, no adoption, no new programme")
		}
		_, body = roles["agency32"].get("/pangan")
		if !strings.Contains(body, w.web(`action="/pangan/%d/adopsi"`)) || !strings.Contains(body, `href="/pengelola/pangan/baru"`) {
			t.Errorf("the agency of 32's list: want Adopsi and Mulai program")
		}
		if _, body = roles["buyer"].get("/pangan"); strings.Contains(body, "/adopsi") || strings.Contains(body, "/pengelola/pangan") {
			t.Errorf("a buyer is offered to adopt or run a programme")
		}
	})
}

// TestPanganDashboardShowsTheIndicators: every figure of the dashboard at
// each level is the service's Indicators for the same area and months.
func TestPanganDashboardShowsTheIndicators(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		agency := loggedIn(t, s, "dinas16@x.id")
		month := time.Now().Add(-time.Hour).In(time.FixedZone("WIB", 7*3600)).Format("2006-01")
		for _, c := range []struct{ code, query string }{{"16", ""}, {"16.04", ""}, {"16.04.01", ""}, {pgKembangAyun, ""}, {"16", "?dari=" + month + "&sampai=" + month}, {"16.04", "?dari=2021-01&sampai=2021-12"}} {
			var in pangan.Indicators
			if res := s.Do("GET", w.api("/indicators?code=%s&%s", c.code, strings.NewReplacer("?dari=", "from=", "&sampai=", "&to=").Replace(c.query)), s.MustToken("dinas16@x.id"), nil, &in); res.StatusCode != 200 {
				t.Fatalf("indicators %s: %d %s", c.code, res.StatusCode, res.Body)
			}
			path := w.web("/pangan/%d/wilayah/%s", c.code) + c.query
			code, body := agency.get(path)
			if code != 200 {
				t.Fatalf("%s: %d", path, code)
			}
			rp, num := func(v int64) string { return i18n.Rupiah("id", v) }, func(v int64) string { return i18n.FormatInt("id", v) }
			for label, want := range map[string]string{"Rumah tangga terdaftar": num(in.Registered), "… dengan bantuan terbukti": num(in.Proven),
				"Lahan aktif (90 hari terakhir)": num(in.ActivePlots), "Nilai produksi": rp(in.Value), "Dimakan sendiri": rp(in.Home),
				"Dijual": rp(in.Sold), "Diberikan": rp(in.Given), "Catatan produksi": num(in.Records)} {
				if !strings.Contains(body, "<dt>"+label+"</dt><dd>"+want+"</dd>") {
					t.Errorf("%s: %s should read %s", path, label, want)
				}
			}
			if !strings.Contains(body, "<dt>Rumah tangga terjangkau</dt><dd>"+num(in.Reached)) {
				t.Errorf("%s: households reached should read %d", path, in.Reached)
			}
			if c.code == "16" && !strings.Contains(body, "<dt>Target rumah tangga</dt><dd>"+num(in.Target)+"</dd>") {
				t.Errorf("%s: the target should read %d", path, in.Target)
			}
			for _, pr := range in.Production {
				if !strings.Contains(body, "<td>"+pr.Name+"</td>") || !strings.Contains(body, rp(pr.Value)) {
					t.Errorf("%s: the production of %s (%s) is not shown", path, pr.Name, rp(pr.Value))
				}
			}
			if in.Value > 0 && !strings.Contains(body, `<svg class="chart"`) {
				t.Errorf("%s: no chart of the value per month", path)
			}
		}
		// The province's table: every regency with a target, each with its figures and a link.
		var prov pangan.Indicators
		s.Do("GET", w.api("/indicators"), "", nil, &prov)
		_, body := newBrowser(t, s).get(w.web("/pangan/%d"))
		for _, ch := range prov.Children {
			row := fmt.Sprintf(`<td><a href="/pangan/%d/wilayah/%s">`, w.programme, ch.Code)
			if !strings.Contains(body, row) || !strings.Contains(body, "<td>"+i18n.FormatInt("id", ch.Target)+"</td><td>"+i18n.FormatInt("id", ch.Reached)+"</td>") {
				t.Errorf("the province's table lacks %s (target %d, reached %d)", ch.Code, ch.Target, ch.Reached)
			}
		}
		for _, want := range []string{"Kab. Lahat", "Konfigurasi program", "Paket Bank Sumsel Babel", "Bank Sumsel Babel", "Tahap 1", "Rp40.000"} {
			if !strings.Contains(body, want) {
				t.Errorf("the programme's page lacks %q", want)
			}
		}
		if code, body := agency.get(w.web("/pangan/%d?dari=2024-13")); code != 200 || !strings.Contains(body, `id="e-dari"`) {
			t.Errorf("a month that is none: %d, want the page with the error beside the month", code)
		}
		// The village's breadcrumbs name the chain up to the province.
		_, body = agency.get(w.web("/pangan/%d/wilayah/%s", pgKembangAyun))
		for _, want := range []string{"Sumatera Selatan", "Kab. Lahat", "Tanjung Sakti Pumu", "Kembang Ayun"} {
			if !strings.Contains(strings.ReplaceAll(body, "Tanjungsakti", "Tanjung Sakti"), want) {
				t.Errorf("the village page's chain lacks %q", want)
			}
		}
	})
}

// TestPanganFiles: the table's CSV and XLSX have one row per area below
// and the totals, in Indonesian, and no NIK.
func TestPanganFiles(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		b := loggedIn(t, s, "dinas16@x.id")
		code, ctype, csv := b.getRaw(w.web("/pangan/%d/wilayah/16.csv"))
		if code != 200 || !strings.HasPrefix(ctype, "text/csv") {
			t.Fatalf("CSV: %d %s", code, ctype)
		}
		rows, err := tabular.ReadCSV(bytes.NewReader(csv), tabular.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 5 || rows[0].Cells[0] != "Kode wilayah" || rows[1].Cells[0] != "16.04" || rows[1].Cells[2] != "9450" || rows[4].Cells[1] != "Jumlah Sumatera Selatan" {
			t.Errorf("CSV of the province: %q", csv)
		}
		if nikRun.Match(csv) {
			t.Errorf("the CSV holds a whole NIK")
		}
		var prov pangan.Indicators
		s.Do("GET", w.api("/indicators"), "", nil, &prov)
		if got := rows[4].Cells[6]; got != fmt.Sprint(prov.Value) {
			t.Errorf("the CSV's total value %s, want %d", got, prov.Value)
		}
		code, _, xlsx := b.getRaw(w.web("/pangan/%d/wilayah/16.04.01.xlsx"))
		if code != 200 {
			t.Fatalf("XLSX: %d", code)
		}
		xrows, err := tabular.ReadXLSX(bytes.NewReader(xlsx), tabular.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		// Title, header, the two villages visited, the totals.
		if len(xrows) != 5 || xrows[1].Cells[1] != "Wilayah" || !strings.HasPrefix(xrows[4].Cells[1], "Jumlah") {
			t.Errorf("XLSX of the district: %v", xrows)
		}
		for _, r := range xrows {
			if nikRun.MatchString(strings.Join(r.Cells, " ")) {
				t.Errorf("the XLSX holds a whole NIK: %v", r.Cells)
			}
		}
	})
}

// TestPanganHouseholdsAndNIK: the list masks every NIK and phone, filters
// by area and pages; the household's page shows the whole NIK to its
// agency and its officer, and nothing to another province's agency.
func TestPanganHouseholdsAndNIK(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		agency := loggedIn(t, s, "dinas16@x.id")
		_, body := agency.get(w.web("/pengelola/pangan/%d"))
		if nikRun.MatchString(body) || strings.Contains(body, "7000 1234") || strings.Contains(body, "081270001234") || strings.Contains(body, "6281270001234") {
			t.Errorf("the household list shows a whole NIK or phone")
		}
		for _, want := range []string{"Siti Aminah", "Dedi Kurniawan", "160401********01", "Kembang Ayun", "Untuk apa data ini"} {
			if !strings.Contains(body, want) {
				t.Errorf("the agency's page lacks %q", want)
			}
		}
		_, body = agency.get(w.web("/pengelola/pangan/%d?kab=16.04&kec=16.04.01"))
		if !strings.Contains(body, "Siti Aminah") || !strings.Contains(body, "Rahmat Hidayat") || strings.Contains(body, "Dedi Kurniawan") || strings.Contains(body, "Yanti Susanti") {
			t.Errorf("the list filtered to Tanjung Sakti Pumu shows other districts' households")
		}
		if !strings.Contains(body, `<option value="16.04.01.2001">`) {
			t.Errorf("choosing the district does not offer its villages")
		}
		// More than a page: 50, then the rest behind "next".
		tok := s.MustToken("dinas16@x.id")
		for i := 10; i < 58; i++ {
			if res := s.Do("POST", w.api("/households"), tok, map[string]any{"head_name": fmt.Sprintf("Warga %02d", i), "nik": fmt.Sprintf("16040152038500%02d", i),
				"village_code": pgKembangAyun, "members": 3, "poverty_status": "rentan"}, nil); res.StatusCode != 201 {
				t.Fatalf("household %d: %d %s", i, res.StatusCode, res.Body)
			}
		}
		_, body = agency.get(w.web("/pengelola/pangan/%d"))
		next := regexp.MustCompile(`rel="next" href="([^"]+)"`).FindStringSubmatch(body)
		if next == nil || strings.Contains(body, "Warga 57") {
			t.Fatalf("52 households: no next page, or all on the first")
		}
		_, body = agency.get(strings.ReplaceAll(next[1], "&amp;", "&"))
		if !strings.Contains(body, "Warga 57") || strings.Contains(body, "Siti Aminah") || nikRun.MatchString(body) {
			t.Errorf("the second page should hold the last households, masked")
		}

		page := w.web("/pengelola/pangan/%d/rumah/%d", w.siti.ID)
		for who, b := range map[string]*browser{"the agency": agency, "its officer": loggedIn(t, s, "penyuluh@x.id")} {
			_, body := b.get(page)
			for _, want := range []string{sitiNIK, "081270001234", "Kembang Ayun", "Tanjung Sakti Pumu", "Kab. Lahat", "DTKS 2023", "Cabai", "Telur ayam", "UU 27/2022"} {
				if !strings.Contains(strings.ReplaceAll(body, "Tanjungsakti", "Tanjung Sakti"), want) {
					t.Errorf("Siti's page for %s lacks %q", who, want)
				}
			}
		}
		if code, body := loggedIn(t, s, "dinas32@x.id").get(page); code != 403 || strings.Contains(body, sitiNIK) || strings.Contains(body, "Siti Aminah") {
			t.Errorf("Siti's page for another province's agency: %d", code)
		}
	})
}

// TestPanganRegistrationAndOfficers: the registration form shows its
// errors beside the fields and stores nothing; filled in, it registers the
// household; an officer is assigned by email.
func TestPanganRegistrationAndOfficers(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		agency := loggedIn(t, s, "dinas16@x.id")
		manage := w.web("/pengelola/pangan/%d")
		_, body := agency.get(manage + "?daftar_kab=16.04&daftar_kec=16.04.01")
		if !strings.Contains(body, `<select id="f-village_code" name="village_code">`) || !strings.Contains(body, ">Kembang Ayun</option>") {
			t.Fatalf("the picker does not offer the district's villages to register in")
		}
		count := func() int64 {
			var n int64
			s.App.DB.Reader().QueryRow(t.Context(), `SELECT COUNT(*) FROM pangan_households`).Scan(&n)
			return n
		}
		before := count()
		code, _, page := agency.post(manage+"/rumah", url.Values{"csrf_token": {agency.csrf}, "head_name": {""}, "nik": {"160401520385"},
			"village_code": {pgKembangAyun}, "members": {"0"}, "poverty_status": {""}, "daftar_kab": {"16.04"}, "daftar_kec": {"16.04.01"}})
		if code != 422 {
			t.Fatalf("bad registration: %d, want 422", code)
		}
		for _, field := range []string{"head_name", "nik", "members", "poverty_status"} {
			if !strings.Contains(page, `id="e-`+field+`"`) {
				t.Errorf("no error beside %s", field)
			}
		}
		if !strings.Contains(page, `<option value="`+pgKembangAyun+`" selected>`) || !strings.Contains(page, "Untuk apa data ini") {
			t.Errorf("the form shown again lost the village chosen or the purpose statement")
		}
		if count() != before {
			t.Errorf("a bad registration stored a household")
		}
		code, loc, _ := agency.post(manage+"/rumah", url.Values{"csrf_token": {agency.csrf}, "head_name": {"Nurhayati"}, "nik": {"1604015506880007"},
			"village_code": {pgKembangAyun}, "members": {"5"}, "poverty_status": {"sangat_miskin"}, "poverty_source": {"P3KE"}, "phone": {"0813 1111 2222"}})
		if code != 303 || !strings.Contains(loc, "terdaftar=") || !strings.HasSuffix(loc, "#daftar") {
			t.Fatalf("registration: %d → %s", code, loc)
		}
		if _, body := agency.get(loc); !strings.Contains(body, "Nurhayati terdaftar.") || nikRun.MatchString(body) {
			t.Errorf("after the registration: no notice, or a whole NIK on the list")
		}
		if count() != before+1 {
			t.Errorf("the registration stored %d households", count()-before)
		}

		s.MustUser("pendamping@x.id", platform.RoleSeller, "")
		code, _, page = agency.post(manage+"/petugas", url.Values{"csrf_token": {agency.csrf}, "email": {"tidak.ada@x.id"}, "village_codes": {pgMariana}})
		if code != 422 || !strings.Contains(page, `id="e-email"`) {
			t.Errorf("an unknown email: %d, want 422 beside the email", code)
		}
		code, _, page = agency.post(manage+"/petugas", url.Values{"csrf_token": {agency.csrf}, "email": {"pendamping@x.id"}, "village_codes": {"32.73.01.1001"}})
		if code != 422 || !strings.Contains(page, `id="e-village_codes"`) {
			t.Errorf("a village of another province: %d, want 422 beside the villages", code)
		}
		code, loc, _ = agency.post(manage+"/petugas", url.Values{"csrf_token": {agency.csrf}, "email": {"pendamping@x.id"}, "village_codes": {pgMariana}, "village": {pgKembangAyun}})
		if code != 303 || !strings.HasSuffix(loc, "#petugas") {
			t.Fatalf("assign: %d → %s", code, loc)
		}
		if _, body := agency.get(manage); !strings.Contains(body, "<strong>pendamping@x.id</strong><br><span class=\"muted\">Kembang Ayun, Mariana") {
			t.Errorf("the officer is not listed with its villages")
		}
		// Another province's agency can post neither form.
		other := loggedIn(t, s, "dinas32@x.id")
		if code, _, _ := other.post(manage+"/rumah", url.Values{"csrf_token": {other.csrf}, "head_name": {"X"}, "nik": {"1604015506880008"},
			"village_code": {pgKembangAyun}, "members": {"2"}, "poverty_status": {"miskin"}}); code != 403 || count() != before+1 {
			t.Errorf("another province's agency registers: %d", code)
		}
	})
}

// TestPanganAdoptAndStartFromThePages: the agency of 32 adopts GSMP from the
// list (its name required), and a programme is started from the form with
// its lines' errors named.
func TestPanganAdoptAndStartFromThePages(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		jabar := loggedIn(t, s, "dinas32@x.id")
		jabar.get("/pangan")
		adopt := w.web("/pangan/%d/adopsi")
		code, _, page := jabar.post(adopt, url.Values{"csrf_token": {jabar.csrf}, "name": {""}})
		if code != 422 || !strings.Contains(page, w.web(`id="e-name-%d"`)) {
			t.Fatalf("adopt without a name: %d, want 422 beside the name", code)
		}
		code, loc, _ := jabar.post(adopt, url.Values{"csrf_token": {jabar.csrf}, "name": {"Gerakan Jabar Mandiri Pangan"}})
		if code != 303 || !strings.HasPrefix(loc, "/pengelola/pangan/") {
			t.Fatalf("adopt: %d → %s", code, loc)
		}
		if code, body := jabar.get(loc); code != 200 || !strings.Contains(body, "Gerakan Jabar Mandiri Pangan") {
			t.Errorf("the adopted programme's page: %d", code)
		}
		_, body := newBrowser(t, s).get("/pangan")
		if !strings.Contains(body, "diadopsi dari Gerakan Sumsel Mandiri Pangan") {
			t.Errorf("the list does not say where the copy came from")
		}
		if _, body := jabar.get("/pangan"); strings.Contains(body, `href="/pengelola/pangan/baru"`) {
			t.Errorf("the agency of 32 has a programme now and is still offered to start one")
		}

		sumsel := loggedIn(t, s, "dinas16@x.id")
		sumsel.get("/pengelola/pangan/baru")
		form := url.Values{"csrf_token": {sumsel.csrf}, "name": {"Pekarangan Lestari Sumsel"}, "start_year": {"2024"},
			"commodities": {"cabai, Cabai, kg, 40000\n\nbayam, Bayam, ikat, 5000\ntomat, Tomat"}, "targets": {"16.04, 100\n32.73, 50"}}
		code, _, page = sumsel.post("/pengelola/pangan/baru", form)
		if code != 422 || !strings.Contains(page, "Baris 4: tulis kode, nama, satuan, harga") {
			t.Fatalf("a commodity line without its price: %d, want 422 naming line 4", code)
		}
		form.Set("commodities", "cabai, Cabai, kg, 40000\n\nbayam, Bayam, ikat, 5000")
		code, _, page = sumsel.post("/pengelola/pangan/baru", form)
		if code != 422 || !strings.Contains(page, "Baris 3: Satuan harus kg, ekor, butir, atau liter") || !strings.Contains(page, "Baris 2: Kabupaten/kota harus bagian provinsi program") {
			t.Fatalf("a unit that is none and a regency of another province: %d, want both lines named", code)
		}
		form.Set("commodities", "cabai, Cabai, kg, 40.000\nbayam, Bayam, kg, 5000")
		form.Set("targets", "16.04, 100\n16.71, 1.250")
		code, loc, _ = sumsel.post("/pengelola/pangan/baru", form)
		if code != 303 {
			t.Fatalf("start a programme: %d", code)
		}
		if _, body := newBrowser(t, s).get(strings.Replace(loc, "/pengelola", "", 1)); !strings.Contains(body, "<dt>Target rumah tangga</dt><dd>1.350</dd>") {
			t.Errorf("the new programme's targets are not its dashboard's")
		}
	})
}

// TestPanganInEnglish: the pages in English carry none of the Indonesian
// labels they show in Indonesian, and every code's label exists.
func TestPanganInEnglish(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		b := loggedIn(t, s, "dinas16@x.id")
		b.get("/bahasa?l=en&next=%2F")
		for _, c := range []struct {
			path string
			id   []string
		}{
			{w.web("/pangan/%d"), []string{"Rumah tangga terjangkau", "Nilai produksi", "Dimakan sendiri", "Per kabupaten/kota", "Konfigurasi program", "dengan bantuan terbukti"}},
			{w.web("/pengelola/pangan/%d"), []string{"Kepala keluarga", "Untuk apa data ini", "Daftarkan rumah tangga", "Petugas lapangan", "Status kemiskinan"}},
			{w.web("/pengelola/pangan/%d/rumah/%d", w.siti.ID), []string{"Kunjungan pendampingan", "Jumlah anggota keluarga", "Dimakan sendiri"}},
			{"/pangan", []string{"Program pangan rumah tangga", "Kelola program"}},
			{"/pengelola/pangan/baru", []string{"Nama program", "Tahun mulai", "Satu per baris"}},
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
		var keys []string
		for _, u := range []string{pangan.UseHome, pangan.UseSold, pangan.UseGiven} {
			keys = append(keys, "pangan_use_"+u)
		}
		for _, p := range pangan.PovertyStatuses {
			keys = append(keys, "poverty_"+p)
		}
		for _, u := range pangan.Units {
			keys = append(keys, "unit_"+u)
		}
		for _, l := range []string{"province", "regency", "district", "village"} {
			keys = append(keys, "level_"+l)
		}
		for _, k := range []string{"bank_csr", "bumn", "agency", "other"} {
			keys = append(keys, "sponsor_"+k)
		}
		for _, k := range []string{"household", "dasawisma", "kwt", "school", "office", "social_home"} {
			keys = append(keys, "segment_"+k)
		}
		for _, lang := range i18n.Langs() {
			for _, k := range keys {
				if !i18n.Has(lang, k) {
					t.Errorf("%s.json has no label %q", lang, k)
				}
			}
		}
	})
}
