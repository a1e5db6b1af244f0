package web_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// visitWorld is GSMP in Sumatera Selatan with two field officers:
// penyuluh for Kembang Ayun and Gunung Meraksa (Lahat), pendamping for
// Kembang Ayun and Mariana (Banyuasin), and households in each village and
// in Lahat Tengah, which nobody visits.
type visitWorld struct {
	s                                *testutil.Server
	agency                           string
	programme                        int64
	siti, sari, rahmat, yanti, dedi  int64
	penyuluhName                     string
	kembangAyun, gunungMer, mariana_ string
}

func newVisitWorld(t *testing.T, s *testutil.Server) *visitWorld {
	t.Helper()
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	officer := s.MustUser("penyuluh@x.id", platform.RoleBuyer, "")
	officer2 := s.MustUser("pendamping@x.id", platform.RoleSeller, "")
	s.MustUser("orang@x.id", platform.RoleBuyer, "")
	w := &visitWorld{s: s, agency: s.MustToken("dinas16@x.id"), penyuluhName: officer.Name,
		kembangAyun: "16.04.01.2001", gunungMer: "16.04.01.2002", mariana_: "16.07.01.1016"}
	var p struct{ ID int64 }
	if res := s.Do("POST", "/api/v1/food-programmes", w.agency, map[string]any{"name": "Gerakan Sumsel Mandiri Pangan", "province_code": "16", "start_year": 2021,
		"commodities": []map[string]any{{"code": "cabai", "name": "Cabai", "unit": "kg", "price": 40000}, {"code": "telur", "name": "Telur ayam", "unit": "butir", "price": 2000}},
		"targets":     []map[string]any{{"regency_code": "16.04", "households": 9450}},
	}, &p); res.StatusCode != 201 {
		t.Fatalf("programme: %d %s", res.StatusCode, res.Body)
	}
	w.programme = p.ID
	for user, villages := range map[int64][]string{officer.ID: {w.kembangAyun, w.gunungMer}, officer2.ID: {w.kembangAyun, w.mariana_}} {
		if res := s.Do("POST", w.api("/officers"), w.agency, map[string]any{"user_id": user, "village_codes": villages}, nil); res.StatusCode != 201 {
			t.Fatalf("officer: %d %s", res.StatusCode, res.Body)
		}
	}
	w.siti = w.household(t, "Siti Aminah", "1604015203850001", w.kembangAyun)
	w.sari = w.household(t, "Sari Wulandari", "1604014406880005", w.kembangAyun)
	w.rahmat = w.household(t, "Rahmat Hidayat", "1604010507800002", w.gunungMer)
	w.yanti = w.household(t, "Yanti Susanti", "1607014408900003", w.mariana_)
	w.dedi = w.household(t, "Dedi Kurniawan", "1604100101750004", "16.04.10.1031")
	return w
}

func (w *visitWorld) api(path string) string {
	return fmt.Sprintf("/api/v1/food-programmes/%d%s", w.programme, path)
}

func (w *visitWorld) household(t *testing.T, name, nik, village string) int64 {
	t.Helper()
	var h struct{ ID int64 }
	if res := w.s.Do("POST", w.api("/households"), w.agency, map[string]any{"head_name": name, "nik": nik, "village_code": village,
		"members": 4, "poverty_status": "miskin"}, &h); res.StatusCode != 201 {
		t.Fatalf("household %s: %d %s", name, res.StatusCode, res.Body)
	}
	return h.ID
}

func (w *visitWorld) form(household int64) string {
	return fmt.Sprintf("/petugas/pangan/%d/rumah/%d/kunjungan", w.programme, household)
}

func (w *visitWorld) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := w.s.App.DB.Reader().QueryRow(t.Context(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *visitWorld) sticker(t *testing.T, household int64) string {
	t.Helper()
	var code string
	if err := w.s.App.DB.Reader().QueryRow(t.Context(), `SELECT sticker_code FROM pangan_households WHERE id = ?`, household).Scan(&code); err != nil {
		t.Fatal(err)
	}
	return code
}

// postJSON posts body as the page's script does, with the CSRF token in
// its header ("" sends none).
func postJSON(t *testing.T, b *browser, path, csrf string, body any) (int, []byte) {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", b.s.URL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

func deviceVisit(household int64, base int64, production ...map[string]any) map[string]any {
	return map[string]any{"id": uuid.NewString(), "household_id": household, "visited_at": time.Now().Add(-time.Hour).Format(time.RFC3339),
		"base_version": base, "production": production}
}

// TestFieldOfficerListAndVisitForm: an officer's list shows its villages'
// households only (NIK masked), an account that is no officer is told so;
// the visit form refuses another village's household and an anonymous
// visitor; the plain form stores a visit with its production ("2,5" read
// with the decimal comma), puts a bad quantity's error beside its field
// with nothing stored, and asks to confirm an unusual quantity.
func TestFieldOfficerListAndVisitForm(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newVisitWorld(t, s)
		penyuluh := loggedIn(t, s, "penyuluh@x.id")
		code, body := penyuluh.get("/petugas/pangan")
		if code != 200 || !strings.Contains(body, "Siti Aminah") || !strings.Contains(body, "Sari Wulandari") || !strings.Contains(body, "Kembang Ayun") {
			t.Fatalf("the officer's list: %d, want Kembang Ayun's households", code)
		}
		if !strings.Contains(body, "160401********01") || strings.Contains(body, "1604015203850001") {
			t.Errorf("the officer's list must show the NIK masked, never whole")
		}
		if !strings.Contains(body, w.form(w.siti)) {
			t.Errorf("the officer's list does not link Siti's visit form")
		}
		for _, name := range []string{"Rahmat Hidayat", "Yanti Susanti", "Dedi Kurniawan"} {
			if strings.Contains(body, name) {
				t.Errorf("the first village's list shows %s of another village", name)
			}
		}
		_, body = penyuluh.get(fmt.Sprintf("/petugas/pangan?program=%d&desa=%s", w.programme, w.gunungMer))
		if !strings.Contains(body, "Rahmat Hidayat") || strings.Contains(body, "Siti Aminah") {
			t.Errorf("Gunung Meraksa's list does not show Rahmat alone")
		}
		for _, village := range []string{w.mariana_, "16.04.10.1031"} {
			if _, body := penyuluh.get(fmt.Sprintf("/petugas/pangan?program=%d&desa=%s", w.programme, village)); strings.Contains(body, "Yanti") || strings.Contains(body, "Dedi") {
				t.Errorf("the officer's list shows households of %s, not its village", village)
			}
		}
		stranger := loggedIn(t, s, "orang@x.id")
		if code, body := stranger.get("/petugas/pangan"); code != 200 || !strings.Contains(body, "Anda belum ditugaskan") || strings.Contains(body, "Siti") {
			t.Errorf("an account that is no officer: %d, want the \"not assigned\" page", code)
		}

		if code, _ := penyuluh.get(w.form(w.yanti)); code != 403 {
			t.Errorf("the visit form of another village's household: %d, want 403", code)
		}
		if code, _ := stranger.get(w.form(w.siti)); code != 403 {
			t.Errorf("the visit form for a stranger: %d, want 403", code)
		}
		if code, loc, _ := newBrowser(t, s).post(w.form(w.siti), url.Values{}); code != 403 || loc != "" {
			t.Errorf("an anonymous post without a token: %d, want 403", code)
		}
		anon := newBrowser(t, s)
		res, err := anon.c.Get(s.URL + w.form(w.siti))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != 303 || !strings.HasPrefix(loc, "/masuk?next=") {
			t.Errorf("the visit form for an anonymous visitor: %d → %q, want the login", res.StatusCode, loc)
		}

		code, body = penyuluh.get(w.form(w.siti))
		if code != 200 || !strings.Contains(body, `id="visit-data"`) || !strings.Contains(body, `"version":0`) || !strings.Contains(body, "Cabai (kg)") {
			t.Fatalf("the visit form: %d, want the household's version for the script and the commodities", code)
		}
		if strings.Contains(body, "1604015203850001") {
			t.Errorf("the visit form shows the whole NIK")
		}
		now := time.Now().In(time.FixedZone("WIB", 7*3600)).Add(-time.Hour).Format("2006-01-02T15:04")
		post := func(values url.Values) (int, string, string) {
			values.Set("csrf_token", penyuluh.csrf)
			values.Set("visited_at", now)
			if values.Get("base_version") == "" {
				values.Set("base_version", "0")
			}
			return penyuluh.post(w.form(w.siti), values)
		}
		code, _, body = post(url.Values{"commodity_0": {"cabai"}, "quantity_0": {"dua kilo"}, "use_0": {"home"}})
		if code != 422 || !regexp.MustCompile(`id="e-quantity_0">[^<]+<`).MatchString(body) || !strings.Contains(body, `value="dua kilo"`) {
			t.Errorf("a quantity that is no number: %d, want 422 with the error beside the field and the value kept", code)
		}
		code, _, body = post(url.Values{"commodity_0": {"cabai"}, "quantity_0": {"-1"}, "use_0": {"home"}, "quantity_1": {"3"}})
		if code != 422 || !strings.Contains(body, `id="e-quantity_0">Jumlah harus angka`) || !strings.Contains(body, `id="e-commodity_1">Pilih komoditasnya`) {
			t.Errorf("a negative quantity and a line without its commodity: %d, want both errors beside their fields", code)
		}
		// 1.000 kg of chilli from the 10 m² assumed without a plot: unusual.
		code, _, body = post(url.Values{"commodity_0": {"cabai"}, "quantity_0": {"1.000"}, "use_0": {"sold"}})
		if code != 422 || !strings.Contains(body, `id="e-quantity_0">Jumlah 1000 kg tidak wajar`) || strings.Contains(body, `id="confirm-box" hidden`) {
			t.Errorf("an unusual quantity: %d, want its error beside the field and the confirmation offered", code)
		}
		if n := w.count(t, "pangan_visits") + w.count(t, "pangan_production"); n != 0 {
			t.Fatalf("refused visits stored %d rows", n)
		}
		code, loc, _ := post(url.Values{"commodity_0": {"cabai"}, "quantity_0": {"2,5"}, "use_0": {"home"}, "commodity_1": {"telur"}, "quantity_1": {"12"},
			"use_1": {"sold"}, "notes": {"Cabai rawit berbuah lebat"}})
		if code != 303 || !strings.Contains(loc, "tersimpan=1") {
			t.Fatalf("the plain form's visit: %d → %q, want 303 to the form", code, loc)
		}
		var milli int64
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT quantity_milli FROM pangan_production WHERE commodity_code = 'cabai' AND use = 'home'`).Scan(&milli)
		if w.count(t, "pangan_visits") != 1 || w.count(t, "pangan_production") != 2 || milli != 2500 {
			t.Errorf("stored %d visits, %d production rows, cabai %d thousandths; want 1, 2, 2500", w.count(t, "pangan_visits"), w.count(t, "pangan_production"), milli)
		}
		_, body = penyuluh.get(w.form(w.siti) + "?tersimpan=1")
		if !strings.Contains(body, `id="visit-saved"`) || !strings.Contains(body, "Cabai 2,5 kg (dimakan sendiri)") || !strings.Contains(body, `"version":1`) {
			t.Errorf("the form after the visit does not show it stored, with the household at version 1")
		}
		// Confirmed, the unusual quantity is stored and flagged.
		code, _, _ = post(url.Values{"commodity_0": {"cabai"}, "quantity_0": {"1.000"}, "use_0": {"sold"}, "confirm": {"1"}, "base_version": {"1"}})
		var flagged bool
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT flagged FROM pangan_production WHERE quantity_milli = 1000000`).Scan(&flagged)
		if code != 303 || !flagged {
			t.Errorf("a confirmed unusual quantity: %d, flagged %v; want 303 and flagged", code, flagged)
		}
	})
}

// TestVisitSyncFromThePage: the page's sync endpoint answers what the API
// answers, refuses a post without the CSRF token, and two officers who
// visited the same household from the same version: the second gets the
// conflict naming the first, sends it resolved, and both visits are
// stored. The plain form meets the same conflict and offers both buttons.
func TestVisitSyncFromThePage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newVisitWorld(t, s)
		syncURL := fmt.Sprintf("/petugas/pangan/%d/kunjungan/sync", w.programme)
		penyuluh, pendamping := loggedIn(t, s, "penyuluh@x.id"), loggedIn(t, s, "pendamping@x.id")
		penyuluh.get(w.form(w.siti))
		pendamping.get(w.form(w.siti))

		if code, _ := postJSON(t, penyuluh, syncURL, "", map[string]any{"visits": []any{deviceVisit(w.siti, 0)}}); code != 403 {
			t.Errorf("a sync without the CSRF token: %d, want 403", code)
		}
		if n := w.count(t, "pangan_visits"); n != 0 {
			t.Fatalf("a sync without the token stored %d visits", n)
		}
		mine := deviceVisit(w.siti, 0, map[string]any{"commodity": "cabai", "quantity": 2.5, "use": "home"})
		code, raw := postJSON(t, penyuluh, syncURL, penyuluh.csrf, map[string]any{"visits": []any{mine, deviceVisit(w.yanti, 0),
			deviceVisit(w.rahmat, 0, map[string]any{"commodity": "durian", "quantity": 1, "use": "home"})}})
		var page map[string]json.RawMessage
		if code != 200 || json.Unmarshal(raw, &page) != nil {
			t.Fatalf("the page's sync: %d %s", code, raw)
		}
		var got struct {
			Accepted int
			Rejected []struct {
				ID, Reason string
				Errors     []platform.FieldError
			}
		}
		json.Unmarshal(raw, &got)
		if got.Accepted != 1 || len(got.Rejected) != 2 {
			t.Errorf("the page's sync: %s, want 1 accepted and 2 rejected (another village's household, an unknown commodity)", raw)
		}
		// The same batch again through the API: the same shape (and now duplicates).
		res := s.Do("POST", w.api("/visits/sync"), s.MustToken("penyuluh@x.id"), map[string]any{"visits": []any{mine}}, nil)
		var api map[string]json.RawMessage
		json.Unmarshal(res.Body, &api)
		if res.StatusCode != 200 || !slices.Equal(keys(page), keys(api)) {
			t.Errorf("the page's sync answers %v, the API %v (%d)", keys(page), keys(api), res.StatusCode)
		}
		if !strings.Contains(string(res.Body), `"duplicates":1`) {
			t.Errorf("the API after the page's sync: %s, want the visit counted a duplicate", res.Body)
		}

		// The second officer visited Siti offline from version 0 as well.
		theirs := deviceVisit(w.siti, 0, map[string]any{"commodity": "telur", "quantity": 10, "use": "sold"})
		_, raw = postJSON(t, pendamping, syncURL, pendamping.csrf, map[string]any{"visits": []any{theirs}})
		var conflict struct {
			Accepted  int
			Conflicts []struct {
				ID             string
				CurrentVersion int64  `json:"current_version"`
				LatestBy       string `json:"latest_by"`
				LatestAt       string `json:"latest_at"`
			}
		}
		if json.Unmarshal(raw, &conflict) != nil || conflict.Accepted != 0 || len(conflict.Conflicts) != 1 ||
			conflict.Conflicts[0].LatestBy != w.penyuluhName || conflict.Conflicts[0].LatestAt == "" || conflict.Conflicts[0].CurrentVersion != 1 {
			t.Fatalf("the second officer's visit: %s, want a conflict naming %s at version 1", raw, w.penyuluhName)
		}
		if n := w.count(t, "pangan_visits"); n != 1 {
			t.Fatalf("the conflicting visit was stored (%d visits)", n)
		}
		theirs["resolved"] = true
		_, raw = postJSON(t, pendamping, syncURL, pendamping.csrf, map[string]any{"visits": []any{theirs}})
		if !strings.Contains(string(raw), `"accepted":1`) || w.count(t, "pangan_visits") != 2 || w.count(t, "pangan_production") != 2 {
			t.Errorf("sent again resolved: %s; %d visits, want both stored", raw, w.count(t, "pangan_visits"))
		}

		// The plain form made on version 0 meets the two visits since.
		values := url.Values{"csrf_token": {pendamping.csrf}, "visited_at": {time.Now().In(time.FixedZone("WIB", 7*3600)).Format("2006-01-02T15:04")},
			"base_version": {"0"}, "notes": {"Bibit cabai mati sebagian"}}
		code, _, body := pendamping.post(w.form(w.siti), values)
		if code != 409 || !strings.Contains(body, `id="visit-conflict"`) || !strings.Contains(body, "Kirim tetap") || !strings.Contains(body, "Buang kunjungan saya") ||
			!strings.Contains(body, "Bibit cabai mati sebagian") {
			t.Fatalf("the plain form's conflict: %d, want both sides, both buttons and the notes kept", code)
		}
		values.Set("resolved", "1")
		if code, _, _ := pendamping.post(w.form(w.siti), values); code != 303 || w.count(t, "pangan_visits") != 3 {
			t.Errorf("the plain form sent anyway: %d, %d visits; want 303 and 3", code, w.count(t, "pangan_visits"))
		}
	})
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestHouseholdStickers: the sticker's link opens the visit form for an
// officer of the household's village and the agency; a stranger, an
// anonymous visitor and an officer of another village see the programme
// and nothing personal. A village's sheet has one QR per household, with
// the number and the initial under it and never the NIK or the name.
func TestHouseholdStickers(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newVisitWorld(t, s)
		link := fmt.Sprintf("/pangan/%d/stiker/%s", w.programme, w.sticker(t, w.siti))
		for _, email := range []string{"penyuluh@x.id", "pendamping@x.id", "dinas16@x.id"} {
			if code, _ := loggedIn(t, s, email).get(link); code != 303 {
				t.Errorf("%s opens the sticker: %d, want a redirect to the visit form", email, code)
			}
		}
		res, err := loggedIn(t, s, "penyuluh@x.id").c.Get(s.URL + link)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); loc != w.form(w.siti) {
			t.Errorf("the sticker leads the officer to %q, want %q", loc, w.form(w.siti))
		}
		yanti := fmt.Sprintf("/pangan/%d/stiker/%s", w.programme, w.sticker(t, w.yanti))
		for who, b := range map[string]*browser{"a stranger": loggedIn(t, s, "orang@x.id"), "anonymous": newBrowser(t, s)} {
			code, body := b.get(link)
			main := body[strings.Index(body, "<main"):]
			if code != 200 || !strings.Contains(main, "Gerakan Sumsel Mandiri Pangan") || !strings.Contains(main, "Rumah tangga peserta program") {
				t.Errorf("%s opens the sticker: %d, want the programme's page", who, code)
			}
			for _, personal := range []string{"Siti", "Aminah", "Kembang Ayun", "Tanjungsakti", "160401", "Lahat", w.form(w.siti)} {
				if strings.Contains(main, personal) {
					t.Errorf("the sticker's page for %s shows %q", who, personal)
				}
			}
		}
		if code, body := loggedIn(t, s, "penyuluh@x.id").get(yanti); code != 200 || strings.Contains(body, "Yanti") || strings.Contains(body, "Mariana") {
			t.Errorf("an officer of another village opens Yanti's sticker: %d, want the public page, nothing personal", code)
		}
		if code, _ := newBrowser(t, s).get(fmt.Sprintf("/pangan/%d/stiker/tidakada", w.programme)); code != 404 {
			t.Errorf("an unknown sticker: %d, want 404", code)
		}

		sheet := fmt.Sprintf("/petugas/pangan/%d/stiker?desa=%s", w.programme, w.kembangAyun)
		code, body := loggedIn(t, s, "penyuluh@x.id").get(sheet)
		if code != 200 {
			t.Fatalf("the sticker sheet: %d", code)
		}
		if n := strings.Count(body, `<svg`); n != 2 {
			t.Errorf("Kembang Ayun's sheet draws %d QR codes, want one per household (2)", n)
		}
		for _, h := range []int64{w.siti, w.sari} {
			if !strings.Contains(body, fmt.Sprintf("Rumah No. %d", h)) {
				t.Errorf("the sheet has no number for household %d", h)
			}
		}
		if !strings.Contains(body, "· S.") {
			t.Errorf("the sheet does not show the head's initial")
		}
		for _, personal := range []string{"Siti", "Aminah", "Sari", "Wulandari", "1604015203850001", "160401********01", "NIK"} {
			if strings.Contains(body, personal) {
				t.Errorf("the sticker sheet shows %q", personal)
			}
		}
		if code, _ := loggedIn(t, s, "dinas16@x.id").get(sheet); code != 200 {
			t.Errorf("the agency's sticker sheet: %d, want 200", code)
		}
		if code, _ := loggedIn(t, s, "orang@x.id").get(sheet); code != 403 {
			t.Errorf("a stranger's sticker sheet: %d, want 403", code)
		}
		if code, _ := loggedIn(t, s, "penyuluh@x.id").get(fmt.Sprintf("/petugas/pangan/%d/stiker?desa=%s", w.programme, w.mariana_)); code != 403 {
			t.Errorf("another village's sticker sheet: %d, want 403", code)
		}
		if code, _ := loggedIn(t, s, "penyuluh@x.id").get(fmt.Sprintf("/petugas/pangan/%d/stiker?desa=99", w.programme)); code != 422 {
			t.Errorf("a sheet for no village: %d, want 422", code)
		}
	})
}

// TestVisitRecordsPlotStatuses: the form lists the household's plot; a
// failed plot needs its reason (beside the field, nothing stored); an
// alive one is stored and makes the plot active.
func TestVisitRecordsPlotStatuses(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newVisitWorld(t, s)
		var plot struct{ ID int64 }
		if res := s.Do("POST", w.api(fmt.Sprintf("/households/%d/plots", w.rahmat)), w.agency, map[string]any{"kind": "pekarangan", "size_m2": 12.5}, &plot); res.StatusCode != 201 {
			t.Fatalf("plot: %d %s", res.StatusCode, res.Body)
		}
		penyuluh := loggedIn(t, s, "penyuluh@x.id")
		if _, body := penyuluh.get(w.form(w.rahmat)); !strings.Contains(body, "Pekarangan, 12,5 m²") {
			t.Fatalf("the visit form does not list Rahmat's yard")
		}
		key := fmt.Sprintf("plot-%d-0", plot.ID)
		post := func(status, reason string) (int, string) {
			code, _, body := penyuluh.post(w.form(w.rahmat), url.Values{"csrf_token": {penyuluh.csrf}, "base_version": {"0"},
				"visited_at":    {time.Now().In(time.FixedZone("WIB", 7*3600)).Add(-time.Hour).Format("2006-01-02T15:04")},
				"status_" + key: {status}, "reason_" + key: {reason}})
			return code, body
		}
		if code, body := post("failed", ""); code != 422 || !regexp.MustCompile(`id="e-reason_`+key+`">[^<]+<`).MatchString(body) {
			t.Errorf("a failed plot without its reason: %d, want 422 with the error beside the reason", code)
		}
		if n := w.count(t, "pangan_visits"); n != 0 {
			t.Fatalf("the refused visit stored %d visits", n)
		}
		if code, _ := post("alive", ""); code != 303 {
			t.Fatalf("an alive plot: %d", code)
		}
		var status string
		var alive sql.NullTime
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT status FROM pangan_visit_statuses WHERE subject = 'plot' AND subject_id = ?`, plot.ID).Scan(&status)
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT last_alive_at FROM pangan_plots WHERE id = ?`, plot.ID).Scan(&alive)
		if status != "alive" || !alive.Valid {
			t.Errorf("stored status %q, plot alive at %v; want alive and the plot active", status, alive)
		}
	})
}
