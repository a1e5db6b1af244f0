package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"image/color"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// postMultipart posts a multipart form as b would (the CSRF token first,
// then the text fields, then the files) and returns the status, the
// redirect and the page.
func postMultipart(t *testing.T, b *browser, path string, fields map[string]string, files map[string][]byte) (int, string, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", b.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for k, f := range files {
		fw, _ := mw.CreateFormFile(k, k+".png")
		fw.Write(f)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.s.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	page, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(page)
}

func countOf(t *testing.T, s *testutil.Server, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.App.DB.Reader().QueryRow(t.Context(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// getImage fetches an image as b: status, content type, Cache-Control.
func getImage(t *testing.T, b *browser, path string) (int, string, string) {
	t.Helper()
	res, err := b.c.Get(b.s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control")
}

var idempotencyInput = regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`)

// TestHouseholdPlotsFromThePage: the village's officer adds a plot with its
// photo in one form; the page lists it with a thumbnail that only the
// agency and the village's officers may open (not the public /media/, a
// buyer, another province's agency, a visitor); a bad size, a latitude of
// 91 or a file that is no image is said beside its field and stores
// nothing; an officer of another village and a buyer are refused before
// their upload is read.
func TestHouseholdPlotsFromThePage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		officer := loggedIn(t, s, "penyuluh@x.id")
		page := w.web("/pengelola/pangan/%d/rumah/%d", w.siti.ID)
		if code, body := officer.get(page); code != 200 || !strings.Contains(body, `id="lahan"`) || !strings.Contains(body, "Belum ada lahan tercatat.") {
			t.Fatalf("the household page: %d, want its Lahan section", code)
		}
		plots := func() int {
			return countOf(t, s, `SELECT COUNT(*) FROM pangan_plots WHERE household_id = ?`, w.siti.ID)
		}
		photo := pngOf(t, 640, 480, color.RGBA{40, 140, 60, 255})
		for _, c := range []struct {
			name   string
			fields map[string]string
			files  map[string][]byte
			field  string
		}{
			{"a size that is no number", map[string]string{"kind": "pekarangan", "size_m2": "dua puluh"}, map[string][]byte{"photo": photo}, "size_m2"},
			{"a size of nothing", map[string]string{"kind": "pekarangan", "size_m2": "0"}, nil, "size_m2"},
			{"latitude 91", map[string]string{"kind": "kolam", "size_m2": "12", "lat": "91", "lng": "103,5"}, map[string][]byte{"photo": photo}, "lat"},
			{"a kind that is none", map[string]string{"kind": "sawah", "size_m2": "12"}, nil, "kind"},
			{"a photo that is no image", map[string]string{"kind": "kolam", "size_m2": "12"}, map[string][]byte{"photo": randomBytes(2000)}, "photo"},
		} {
			code, _, body := postMultipart(t, officer, page+"/lahan", c.fields, c.files)
			if code != 422 || !strings.Contains(body, `class="field invalid"`) || !regexp.MustCompile(`(?s)name="`+c.field+`".{0,400}class="error"`).MatchString(body) {
				t.Errorf("%s: %d, want 422 with the error beside %s", c.name, code, c.field)
			}
			if n := plots(); n != 0 {
				t.Fatalf("%s stored a plot", c.name)
			}
		}
		if n := countOf(t, s, `SELECT COUNT(*) FROM audit_log WHERE action = 'add_plot'`); n != 0 {
			t.Errorf("refused plots left %d audit rows", n)
		}

		code, loc, _ := postMultipart(t, officer, page+"/lahan", map[string]string{"kind": "pekarangan", "size_m2": "24,5", "lat": "-3,7928", "lng": "103.5402"},
			map[string][]byte{"photo": photo})
		if code != 303 || !strings.HasSuffix(loc, page+"#lahan") {
			t.Fatalf("add a plot: %d → %q", code, loc)
		}
		pl, err := s.App.Pangan.HouseholdPlots(platformCtx(t, s, "penyuluh@x.id"), w.programme, w.siti.ID)
		if err != nil || len(pl) != 1 || pl[0].SizeM2 != 24.5 || pl[0].Lat == nil || pl[0].PhotoKey == "" {
			t.Fatalf("the plot stored: %+v %v", pl, err)
		}
		_, body := officer.get(page)
		thumb := w.web("/pengelola/pangan/%d/lahan/%d/foto", pl[0].ID)
		for _, want := range []string{"Pekarangan", "24,5 m²", `src="` + thumb + `?v=thumb"`, `href="` + thumb + `"`, "https://www.openstreetmap.org/?mlat=-3.792800&amp;mlon=103.540200", "Ganti foto"} {
			if !strings.Contains(body, want) {
				t.Errorf("the plot's row lacks %q", want)
			}
		}
		if strings.Contains(body, "/media/pangan/") {
			t.Errorf("the page links a family's photo at the public /media/")
		}

		// Who may open the photo.
		roles := map[string]*browser{"anonymous": newBrowser(t, s), "buyer": loggedIn(t, s, "pembeli@x.id"), "agency32": loggedIn(t, s, "dinas32@x.id"),
			"agency16": loggedIn(t, s, "dinas16@x.id"), "officer": officer}
		for role, want := range map[string]int{"anonymous": 404, "buyer": 403, "agency32": 403, "agency16": 200, "officer": 200} {
			for _, path := range []string{thumb, thumb + "?v=thumb"} {
				code, ctype, cache := getImage(t, roles[role], path)
				if code != want || (want == 200 && (ctype != "image/jpeg" || !strings.HasPrefix(cache, "private"))) {
					t.Errorf("%s as %s: %d %s %q, want %d (a private JPEG)", path, role, code, ctype, cache, want)
				}
			}
		}
		if code, _, _ := getImage(t, roles["agency16"], "/media/"+pl[0].PhotoKey); code != 404 {
			t.Errorf("the public media handler serves a plot's photo: %d", code)
		}

		// Replace the photo from the plot's row.
		if code, loc, _ := postMultipart(t, officer, page+"/lahan/"+itoa(pl[0].ID)+"/foto", nil, map[string][]byte{"photo": pngOf(t, 300, 300, color.White)}); code != 303 || !strings.HasSuffix(loc, "#lahan-"+itoa(pl[0].ID)) {
			t.Errorf("replace the photo: %d → %q", code, loc)
		}
		again, _ := s.App.Pangan.HouseholdPlots(platformCtx(t, s, "penyuluh@x.id"), w.programme, w.siti.ID)
		if len(again) != 1 || again[0].PhotoKey == pl[0].PhotoKey {
			t.Errorf("the photo was not replaced")
		}
		if code, _, body := postMultipart(t, officer, page+"/lahan/"+itoa(pl[0].ID)+"/foto", nil, nil); code != 422 || !strings.Contains(body, `id="e-plot-`+itoa(pl[0].ID)+`-photo"`) {
			t.Errorf("no file: %d, want the error beside the plot's photo", code)
		}

		// An officer of other villages, a buyer: refused before the upload is read.
		dedi := w.web("/pengelola/pangan/%d/rumah/%d", w.dedi.ID)
		officer.get(page)
		for _, c := range []struct {
			b    *browser
			path string
		}{{officer, dedi + "/lahan"}, {roles["buyer"], page + "/lahan"}, {roles["agency32"], page + "/lahan"}, {roles["buyer"], page + "/lahan/" + itoa(pl[0].ID) + "/foto"}} {
			c.b.get("/")
			code, _, read := upload(t, s, c.b, c.path, "photo", "foto.png", randomBytes(3<<20))
			if code != 403 || read > 1<<20 {
				t.Errorf("POST %s by a stranger: %d after reading %d bytes, want 403 before the upload", c.path, code, read)
			}
		}
		if n := countOf(t, s, `SELECT COUNT(*) FROM pangan_plots`); n != 1 {
			t.Errorf("%d plots after the refusals, want 1", n)
		}
	})
}

// signatureDataURL is what the pad puts in the form: a PNG data URL of dark strokes.
func signatureDataURL(t *testing.T) string {
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngOf(t, 360, 160, color.RGBA{20, 20, 20, 255}))
}

// TestHouseholdAidFromThePage: the agency records a delivery from the
// household's page; the form's key makes a double tap one delivery; a
// missing package or a latitude of 91 is said beside its field with
// nothing written; the delivery is "belum terbukti" with what it lacks
// until its proof (a photo, the point, and the signature drawn on the pad)
// completes it: then the page says so, the household counts as reached on
// the dashboard, and the proof's images go to the agency and the
// village's officers only (not a sponsor's staff, not the public /media/).
func TestHouseholdAidFromThePage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		agency := loggedIn(t, s, "dinas16@x.id")
		prog, err := s.App.Pangan.Programme(t.Context(), w.programme)
		if err != nil {
			t.Fatal(err)
		}
		pkg, sponsor, phase := itoa(prog.Packages[0].ID), itoa(prog.Sponsors[0].ID), itoa(prog.Phases[0].ID)
		// Dedi's household was never visited: its proven aid is what reaches it.
		page := w.web("/pengelola/pangan/%d/rumah/%d", w.dedi.ID)
		code, body := agency.get(page)
		m := idempotencyInput.FindStringSubmatch(body)
		if code != 200 || m == nil || !strings.Contains(body, `id="bantuan"`) || !strings.Contains(body, `type="datetime-local"`) {
			t.Fatalf("the household page: %d, want the Bantuan section's form with its key", code)
		}
		at := regexp.MustCompile(`name="delivered_at" type="datetime-local" value="([^"]+)"`).FindStringSubmatch(body)
		if at == nil {
			t.Fatal("the delivery form has no default time")
		}
		form := func(extra map[string]string) url.Values {
			v := url.Values{"csrf_token": {agency.csrf}, "idempotency_key": {m[1]}, "package_id": {pkg}, "sponsor_id": {sponsor}, "phase_id": {phase},
				"delivered_at": {at[1]}, "recipient_name": {"Dedi Kurniawan"}}
			for k, x := range extra {
				v.Set(k, x)
			}
			return v
		}
		deliveries := func() int {
			return countOf(t, s, `SELECT COUNT(*) FROM pangan_deliveries WHERE household_id = ?`, w.dedi.ID)
		}
		for _, c := range []struct {
			name  string
			extra map[string]string
			field string
		}{
			{"no package", map[string]string{"package_id": ""}, "package_id"},
			{"latitude 91", map[string]string{"lat": "91", "lng": "103,5"}, "lat"},
			{"no time", map[string]string{"delivered_at": ""}, "delivered_at"},
		} {
			code, _, body := agency.post(page+"/bantuan", form(c.extra))
			if code != 422 || !strings.Contains(body, `id="e-aid-`+c.field+`"`) || !strings.Contains(body, `value="`+m[1]+`"`) {
				t.Errorf("%s: %d, want 422 with the error beside %s and the form's key kept", c.name, code, c.field)
			}
			if n := deliveries(); n != 0 {
				t.Fatalf("%s recorded a delivery", c.name)
			}
		}
		// A double tap: the same form sent twice records one delivery.
		for range 2 {
			if code, loc, _ := agency.post(page+"/bantuan", form(nil)); code != 303 || !strings.HasSuffix(loc, page+"#bantuan") {
				t.Fatalf("record a delivery: %d → %q", code, loc)
			}
		}
		if n := deliveries(); n != 1 {
			t.Fatalf("%d deliveries for one form sent twice, want 1", n)
		}
		_, body = agency.get(page)
		if m2 := idempotencyInput.FindStringSubmatch(body); m2 == nil || m2[1] == m[1] {
			t.Errorf("the form after a delivery keeps the old key")
		}
		aid, err := s.App.Pangan.HouseholdAid(platformCtx(t, s, "dinas16@x.id"), w.programme, w.dedi.ID)
		if err != nil || len(aid) != 1 {
			t.Fatalf("aid: %v %v", aid, err)
		}
		d := aid[0]
		for _, want := range []string{d.Number, "Paket Bank Sumsel Babel", "Bank Sumsel Babel", "Belum terbukti", "foto penyerahan", "titik GPS",
			"tanda tangan penerima atau foto BAST", `action="` + page + "/bantuan/" + itoa(d.ID) + `/bukti"`, "data-signature-pad hidden", `name="bast"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the unproven delivery lacks %q", want)
			}
		}

		// The dashboard's figures before the proof.
		var before, after pangan.Indicators
		s.Do("GET", w.api("/indicators?code=16.04"), "", nil, &before)

		// Proof without everything: stored, still unproven, what lacks said.
		proof := page + "/bantuan/" + itoa(d.ID) + "/bukti"
		if code, _, body := postMultipart(t, agency, proof, map[string]string{"signature": "data:image/png;base64,%%%"}, nil); code != 422 || !strings.Contains(body, "Tanda tangan tidak terbaca") {
			t.Errorf("a broken signature: %d, want the error beside the pad", code)
		}
		if code, _, body := postMultipart(t, agency, proof, nil, nil); code != 422 || !strings.Contains(body, `id="e-proof-`+itoa(d.ID)+`-photo"`) {
			t.Errorf("an empty proof: %d, want the error beside the photo", code)
		}
		code, loc, _ := postMultipart(t, agency, proof, map[string]string{"signature": signatureDataURL(t)}, nil)
		if code != 303 || strings.Contains(loc, "terbukti=") {
			t.Fatalf("the signature alone: %d → %q, want stored and still unproven", code, loc)
		}
		// The rest: the photo and the point.
		code, loc, _ = postMultipart(t, agency, proof, map[string]string{"lat": "-3,9", "lng": "103,4"}, map[string][]byte{"photo": pngOf(t, 800, 600, color.RGBA{120, 90, 40, 255})})
		if code != 303 || !strings.Contains(loc, "terbukti="+itoa(d.ID)) || !strings.HasSuffix(loc, "#bukti-"+itoa(d.ID)) {
			t.Fatalf("the photo and the point: %d → %q, want the page saying it is proven", code, loc)
		}
		u, _ := url.Parse(loc)
		_, body = agency.get(u.RequestURI())
		if !strings.Contains(body, d.Number+" sekarang terbukti") || !strings.Contains(body, `<span class="badge">Terbukti</span>`) || strings.Contains(body, `action="`+proof+`"`) {
			t.Errorf("the page after the proof: want the notice, the status Terbukti and no proof form")
		}
		s.Do("GET", w.api("/indicators?code=16.04"), "", nil, &after)
		if after.Reached != before.Reached+1 || after.Proven != before.Proven+1 {
			t.Errorf("Lahat's reached %d → %d and proven %d → %d, want one more each", before.Reached, after.Reached, before.Proven, after.Proven)
		}
		_, dash := newBrowser(t, s).get(w.web("/pangan/%d/wilayah/16.04"))
		if !strings.Contains(dash, "<dt>Rumah tangga terjangkau</dt><dd>"+i18n.FormatInt("id", after.Reached)) {
			t.Errorf("the dashboard does not count the household as reached (%d)", after.Reached)
		}
		// Proof once proven is evidence: sent again, refused, nothing changes.
		if code, _, _ := postMultipart(t, agency, proof, map[string]string{"signature": signatureDataURL(t)}, nil); code != 409 {
			t.Errorf("proof of a proven delivery: %d, want 409", code)
		}

		// Who may open the proof's images.
		s.MustUser("csr@banksumselbabel.id", platform.RoleBuyer, "")
		if res := s.Do("POST", w.api("/sponsors/%d/staff", prog.Sponsors[0].ID), s.MustToken("dinas16@x.id"), map[string]any{"email": "csr@banksumselbabel.id"}, nil); res.StatusCode != 201 {
			t.Fatalf("sponsor staff: %d %s", res.StatusCode, res.Body)
		}
		roles := map[string]*browser{"anonymous": newBrowser(t, s), "buyer": loggedIn(t, s, "pembeli@x.id"), "agency32": loggedIn(t, s, "dinas32@x.id"),
			"sponsor": loggedIn(t, s, "csr@banksumselbabel.id"), "officer (other villages)": loggedIn(t, s, "penyuluh@x.id"), "agency16": agency}
		want := map[string]int{"anonymous": 404, "buyer": 403, "agency32": 403, "sponsor": 403, "officer (other villages)": 403, "agency16": 200}
		for _, kind := range []string{"photo", "signature"} {
			path := w.web("/pengelola/pangan/%d/bukti/%d/", d.ID) + kind
			for role, b := range roles {
				for _, p := range []string{path, path + "?v=thumb"} {
					code, ctype, cache := getImage(t, b, p)
					if code != want[role] || (code == 200 && (ctype != "image/jpeg" || cache != "private, no-cache")) {
						t.Errorf("%s as %s: %d %s %q, want %d", p, role, code, ctype, cache, want[role])
					}
				}
			}
		}
		if code, _, _ := getImage(t, agency, w.web("/pengelola/pangan/%d/bukti/%d/bast", d.ID)); code != 404 {
			t.Errorf("a BAST photo never sent: %d, want 404", code)
		}
		if code, _, _ := getImage(t, agency, w.web("/pengelola/pangan/%d/bukti/%d/selfie", d.ID)); code != 404 {
			t.Errorf("a kind of proof that is none: %d, want 404", code)
		}
		proven, _ := s.App.Pangan.HouseholdAid(platformCtx(t, s, "dinas16@x.id"), w.programme, w.dedi.ID)
		for _, key := range []string{proven[0].PhotoKey, proven[0].SignatureKey} {
			if code, _, _ := getImage(t, agency, "/media/"+key); code != 404 || !strings.HasPrefix(key, "pangan/") {
				t.Errorf("the public media handler serves %s: %d", key, code)
			}
		}
	})
}

// TestHouseholdAidRefusedToStrangers: an officer of other villages, a
// buyer and another province's agency cannot record a delivery or its
// proof; nothing is written.
func TestHouseholdAidRefusedToStrangers(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		prog, _ := s.App.Pangan.Programme(t.Context(), w.programme)
		agency := loggedIn(t, s, "dinas16@x.id")
		page := w.web("/pengelola/pangan/%d/rumah/%d", w.dedi.ID)
		_, body := agency.get(page)
		key := idempotencyInput.FindStringSubmatch(body)[1]
		fields := url.Values{"idempotency_key": {key}, "package_id": {itoa(prog.Packages[0].ID)}, "sponsor_id": {itoa(prog.Sponsors[0].ID)},
			"delivered_at": {"2025-03-01T10:00"}}
		for name, b := range map[string]*browser{"officer of other villages": loggedIn(t, s, "penyuluh@x.id"), "buyer": loggedIn(t, s, "pembeli@x.id"),
			"agency32": loggedIn(t, s, "dinas32@x.id")} {
			b.get("/")
			fields.Set("csrf_token", b.csrf)
			if code, _, _ := b.post(page+"/bantuan", fields); code != 403 {
				t.Errorf("a delivery recorded by the %s: %d, want 403", name, code)
			}
		}
		if n := countOf(t, s, `SELECT COUNT(*) FROM pangan_deliveries`); n != 0 {
			t.Fatalf("%d deliveries after the refusals", n)
		}
		fields.Set("csrf_token", agency.csrf)
		agency.post(page+"/bantuan", fields)
		var id int64
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT id FROM pangan_deliveries`).Scan(&id)
		officer := loggedIn(t, s, "penyuluh@x.id")
		code, _, read := upload(t, s, officer, page+"/bantuan/"+itoa(id)+"/bukti", "photo", "foto.png", randomBytes(3<<20))
		if code != 403 || read > 1<<20 {
			t.Errorf("proof by an officer of other villages: %d after reading %d bytes, want 403 before the upload", code, read)
		}
		// A delivery of another household named under this one's page: not found.
		siti := w.web("/pengelola/pangan/%d/rumah/%d", w.siti.ID)
		if code, _, _ := postMultipart(t, agency, siti+"/bantuan/"+itoa(id)+"/bukti", map[string]string{"signature": signatureDataURL(t)}, nil); code != 404 {
			t.Errorf("another household's delivery under Siti's page: %d, want 404", code)
		}
		if n := countOf(t, s, `SELECT COUNT(*) FROM pangan_deliveries WHERE signature_key <> ''`); n != 0 {
			t.Errorf("a refused proof was stored")
		}
	})
}

// TestHouseholdAidInEnglish: the household's plots and aid in English show
// none of the Indonesian labels.
func TestHouseholdAidInEnglish(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		prog, _ := s.App.Pangan.Programme(t.Context(), w.programme)
		agency := loggedIn(t, s, "dinas16@x.id")
		page := w.web("/pengelola/pangan/%d/rumah/%d", w.siti.ID)
		_, body := agency.get(page)
		postMultipart(t, agency, page+"/lahan", map[string]string{"kind": "kolam", "size_m2": "6"}, nil)
		agency.post(page+"/bantuan", url.Values{"csrf_token": {agency.csrf}, "idempotency_key": {idempotencyInput.FindStringSubmatch(body)[1]},
			"package_id": {itoa(prog.Packages[0].ID)}, "sponsor_id": {itoa(prog.Sponsors[0].ID)}, "delivered_at": {"2025-03-01T10:00"}})
		agency.get("/bahasa?l=en&next=%2F")
		code, body := agency.get(page)
		if code != 200 || !strings.Contains(body, "Plots") || !strings.Contains(body, "Not yet proven") || !strings.Contains(body, "Fish pond") {
			t.Fatalf("the English page: %d, want its plots and aid in English", code)
		}
		for _, word := range []string{"Lahan", "Bantuan", "Belum terbukti", "Tambah lahan", "Catat penyerahan", "Tanda tangan", "Pakai lokasi saya", "Masih kurang", "Kolam", "Titik GPS"} {
			if strings.Contains(body, word) {
				t.Errorf("the English household page shows %q", word)
			}
		}
	})
}

// platformCtx is a context acting as the account of email.
func platformCtx(t *testing.T, s *testutil.Server, email string) context.Context {
	t.Helper()
	var id int64
	if err := s.App.DB.Reader().QueryRow(t.Context(), `SELECT id FROM users WHERE email = ?`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	u, err := s.App.Accounts.User(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return platform.WithActor(t.Context(), u.Actor())
}
