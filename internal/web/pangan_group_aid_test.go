package web_test

import (
	"image/color"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// groupAidWorld is panganWorld with a KWT in Kembang Ayun whose one
// member, Wati, was never visited nor given aid, and an officer of
// another village (Lahat Tengah only).
type groupAidWorld struct {
	*panganWorld
	kwt  pangan.FoodGroup
	wati pangan.Household
	page string
}

func newGroupAidWorld(t *testing.T, s *testutil.Server) *groupAidWorld {
	t.Helper()
	w := &groupAidWorld{panganWorld: newPanganWorld(t, s)}
	agency := s.MustToken("dinas16@x.id")
	if res := s.Do("POST", w.api("/groups"), agency, map[string]any{"kind": "kwt", "name": "KWT Melati", "village_code": pgKembangAyun}, &w.kwt); res.StatusCode != 201 {
		t.Fatalf("group: %d %s", res.StatusCode, res.Body)
	}
	if res := s.Do("POST", w.api("/households"), agency, map[string]any{"head_name": "Wati Lestari", "nik": "1604015505880005", "village_code": pgKembangAyun,
		"members": 3, "poverty_status": "miskin"}, &w.wati); res.StatusCode != 201 {
		t.Fatalf("household: %d %s", res.StatusCode, res.Body)
	}
	if _, err := s.App.Pangan.SetHouseholdGroup(platformCtx(t, s, "dinas16@x.id"), w.programme, w.kwt.ID, w.wati.ID); err != nil {
		t.Fatal(err)
	}
	other := s.MustUser("penyuluh.lahat@x.id", platform.RoleBuyer, "")
	if res := s.Do("POST", w.api("/officers"), agency, map[string]any{"user_id": other.ID, "village_codes": []string{pgLahatTengah}}, nil); res.StatusCode != 201 {
		t.Fatalf("assign officer: %d %s", res.StatusCode, res.Body)
	}
	w.page = w.web("/pengelola/pangan/%d/kelompok/%d", w.kwt.ID)
	return w
}

// TestGroupPlotsFromThePage: the village's officer adds the group's plot
// with its photo from the group's page; the page lists it with its
// thumbnail, served to the agency and the village's officers only; a bad
// size is said beside its field; the photo is replaced from the plot's row.
func TestGroupPlotsFromThePage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newGroupAidWorld(t, s)
		officer := loggedIn(t, s, "penyuluh@x.id")
		if code, body := officer.get(w.page); code != 200 || !strings.Contains(body, `id="lahan"`) || !strings.Contains(body, `action="`+w.page+`/lahan"`) ||
			!strings.Contains(body, "Belum ada lahan tercatat.") {
			t.Fatalf("the group's page: %d, want its Lahan section posting to the group", code)
		}
		if code, _, body := postMultipart(t, officer, w.page+"/lahan", map[string]string{"kind": "kolam", "size_m2": "nol"}, nil); code != 422 ||
			!regexp.MustCompile(`(?s)name="size_m2".{0,400}class="error"`).MatchString(body) || !strings.Contains(body, "<h1>KWT Melati</h1>") {
			t.Errorf("a size that is no number: %d, want 422 on the group's page beside the size", code)
		}
		code, loc, _ := postMultipart(t, officer, w.page+"/lahan", map[string]string{"kind": "kolam", "size_m2": "120", "lat": "-3,79", "lng": "103,54"},
			map[string][]byte{"photo": pngOf(t, 640, 480, color.RGBA{30, 90, 160, 255})})
		if code != 303 || !strings.HasSuffix(loc, w.page+"#lahan") {
			t.Fatalf("add the group's plot: %d → %q", code, loc)
		}
		plots, err := s.App.Pangan.GroupPlots(platformCtx(t, s, "penyuluh@x.id"), w.programme, w.kwt.ID)
		if err != nil || len(plots) != 1 || plots[0].GroupID != w.kwt.ID || plots[0].HouseholdID != 0 || plots[0].PhotoKey == "" {
			t.Fatalf("the group's plots: %+v %v", plots, err)
		}
		if n := countOf(t, s, `SELECT COUNT(*) FROM pangan_plots WHERE household_id IS NOT NULL`); n != 0 {
			t.Errorf("the group's plot went to a household")
		}
		_, body := officer.get(w.page)
		photo := w.web("/pengelola/pangan/%d/lahan/%d/foto", plots[0].ID)
		for _, want := range []string{"Kolam", "120 m²", `src="` + photo + `?v=thumb"`, `action="` + w.page + "/lahan/" + itoa(plots[0].ID) + `/foto"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the group's page lacks %q", want)
			}
		}
		roles := map[string]*browser{"anonymous": newBrowser(t, s), "buyer": loggedIn(t, s, "pembeli@x.id"), "agency32": loggedIn(t, s, "dinas32@x.id"),
			"officer of another village": loggedIn(t, s, "penyuluh.lahat@x.id"), "agency16": loggedIn(t, s, "dinas16@x.id"), "officer": officer}
		for role, want := range map[string]int{"anonymous": 404, "buyer": 403, "agency32": 403, "officer of another village": 403, "agency16": 200, "officer": 200} {
			if code, ctype, _ := getImage(t, roles[role], photo+"?v=thumb"); code != want || (want == 200 && ctype != "image/jpeg") {
				t.Errorf("the group's plot photo as %s: %d %s, want %d", role, code, ctype, want)
			}
		}
		code, loc, _ = postMultipart(t, officer, w.page+"/lahan/"+itoa(plots[0].ID)+"/foto", nil, map[string][]byte{"photo": pngOf(t, 300, 300, color.White)})
		again, _ := s.App.Pangan.GroupPlots(platformCtx(t, s, "penyuluh@x.id"), w.programme, w.kwt.ID)
		if code != 303 || !strings.HasSuffix(loc, w.page+"#lahan-"+itoa(plots[0].ID)) || len(again) != 1 || again[0].PhotoKey == plots[0].PhotoKey {
			t.Errorf("replace the group plot's photo: %d → %q", code, loc)
		}
		// A household's plot named under the group's page: not found.
		hp, err := s.App.Pangan.AddPlot(platformCtx(t, s, "penyuluh@x.id"), w.programme, pangan.PlotFields{HouseholdID: w.siti.ID, Kind: "pekarangan", SizeM2: 10})
		if err != nil {
			t.Fatal(err)
		}
		if code, _, _ := postMultipart(t, officer, w.page+"/lahan/"+itoa(hp.ID)+"/foto", nil, map[string][]byte{"photo": pngOf(t, 300, 300, color.White)}); code != 404 {
			t.Errorf("Siti's plot under the group's page: %d, want 404", code)
		}
	})
}

// TestGroupAidFromThePage: the agency records a delivery to the group; the
// form sent twice with its key records one; proof with the signature pad,
// the photo and the point proves it, and the page says so, yet no
// household counts as reached or proven by it (Wati, its member, stays
// not reached); the BAST photo alone completes another.
func TestGroupAidFromThePage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newGroupAidWorld(t, s)
		agency := loggedIn(t, s, "dinas16@x.id")
		prog, err := s.App.Pangan.Programme(t.Context(), w.programme)
		if err != nil {
			t.Fatal(err)
		}
		code, body := agency.get(w.page)
		m := idempotencyInput.FindStringSubmatch(body)
		if code != 200 || m == nil || !strings.Contains(body, `id="bantuan"`) || !strings.Contains(body, `action="`+w.page+`/bantuan"`) {
			t.Fatalf("the group's page: %d, want the Bantuan section's form with its key", code)
		}
		form := url.Values{"csrf_token": {agency.csrf}, "idempotency_key": {m[1]}, "package_id": {itoa(prog.Packages[0].ID)},
			"sponsor_id": {itoa(prog.Sponsors[0].ID)}, "delivered_at": {"2025-03-01T10:00"}, "recipient_name": {"Ketua KWT Melati"}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("lat", "91")
		bad.Set("lng", "103")
		if code, _, body := agency.post(w.page+"/bantuan", bad); code != 422 || !strings.Contains(body, `id="e-aid-lat"`) || !strings.Contains(body, `value="`+m[1]+`"`) {
			t.Errorf("latitude 91: %d, want 422 beside it with the key kept", code)
		}
		for range 2 {
			if code, loc, _ := agency.post(w.page+"/bantuan", form); code != 303 || !strings.HasSuffix(loc, w.page+"#bantuan") {
				t.Fatalf("record the group's delivery: %d → %q", code, loc)
			}
		}
		if n := countOf(t, s, `SELECT COUNT(*) FROM pangan_deliveries WHERE group_id = ?`, w.kwt.ID); n != 1 {
			t.Fatalf("%d deliveries for one form sent twice, want 1", n)
		}
		if n := countOf(t, s, `SELECT COUNT(*) FROM pangan_deliveries WHERE household_id IS NOT NULL`); n != 0 {
			t.Fatalf("the group's delivery went to a household")
		}
		aid, err := s.App.Pangan.GroupAid(platformCtx(t, s, "dinas16@x.id"), w.programme, w.kwt.ID)
		if err != nil || len(aid) != 1 || aid[0].Proven {
			t.Fatalf("the group's aid: %+v %v", aid, err)
		}
		d := aid[0]
		_, body = agency.get(w.page)
		proof := w.page + "/bantuan/" + itoa(d.ID) + "/bukti"
		for _, want := range []string{d.Number, "Belum terbukti", `action="` + proof + `"`, "data-signature-pad hidden", `name="bast"`, "tidak menjangkau rumah tangga"} {
			if !strings.Contains(body, want) {
				t.Errorf("the group's unproven delivery lacks %q", want)
			}
		}

		var before, after pangan.Indicators
		s.Do("GET", w.api("/indicators?code=16.04"), "", nil, &before)
		code, loc, _ := postMultipart(t, agency, proof, map[string]string{"signature": signatureDataURL(t), "lat": "-3,79", "lng": "103,54"},
			map[string][]byte{"photo": pngOf(t, 800, 600, color.RGBA{120, 90, 40, 255})})
		if code != 303 || !strings.Contains(loc, "terbukti="+itoa(d.ID)) || !strings.HasSuffix(loc, "#bukti-"+itoa(d.ID)) {
			t.Fatalf("the group's proof: %d → %q, want the page saying it is proven", code, loc)
		}
		u, _ := url.Parse(loc)
		_, body = agency.get(u.RequestURI())
		if !strings.Contains(body, d.Number+" sekarang terbukti: bantuan kelompok") || !strings.Contains(body, `<span class="badge">Terbukti</span>`) || strings.Contains(body, `action="`+proof+`"`) {
			t.Errorf("the group's page after the proof: want the group's notice, Terbukti and no proof form")
		}
		s.Do("GET", w.api("/indicators?code=16.04"), "", nil, &after)
		if after.Reached != before.Reached || after.Proven != before.Proven {
			t.Errorf("a group's proven aid counted households: reached %d → %d, proven %d → %d", before.Reached, after.Reached, before.Proven, after.Proven)
		}
		if rec, err := s.App.Pangan.HouseholdRecord(platformCtx(t, s, "dinas16@x.id"), w.programme, w.wati.ID); err != nil || rec.Reached {
			t.Errorf("Wati, the group's member, counts as reached by the group's aid: %v", err)
		}
		// The proof's images: to the agency and the village's officers.
		for role, want := range map[string]int{"dinas16@x.id": 200, "penyuluh@x.id": 200, "penyuluh.lahat@x.id": 403, "pembeli@x.id": 403} {
			if code, _, _ := getImage(t, loggedIn(t, s, role), w.web("/pengelola/pangan/%d/bukti/%d/signature?v=thumb", d.ID)); code != want {
				t.Errorf("the group's signature as %s: %d, want %d", role, code, want)
			}
		}

		// Another delivery, proven with the BAST's photo (no pad: a phone without JavaScript).
		agency.get(w.page)
		form.Set("csrf_token", agency.csrf)
		form.Set("idempotency_key", "b5a8f7f4-2f0e-4d7a-9a57-0c3c4e0f0002")
		form.Set("lat", "-3,79")
		form.Set("lng", "103,54")
		if code, _, _ := agency.post(w.page+"/bantuan", form); code != 303 {
			t.Fatalf("the second delivery: %d", code)
		}
		aid, _ = s.App.Pangan.GroupAid(platformCtx(t, s, "dinas16@x.id"), w.programme, w.kwt.ID)
		if len(aid) != 2 {
			t.Fatalf("%d deliveries, want 2", len(aid))
		}
		code, loc, _ = postMultipart(t, agency, w.page+"/bantuan/"+itoa(aid[1].ID)+"/bukti", nil,
			map[string][]byte{"photo": pngOf(t, 800, 600, color.RGBA{90, 90, 40, 255}), "bast": pngOf(t, 600, 800, color.White)})
		if code != 303 || !strings.Contains(loc, "terbukti="+itoa(aid[1].ID)) {
			t.Errorf("proof with the BAST's photo: %d → %q, want proven", code, loc)
		}
	})
}

// TestGroupAidRefusedToStrangers: an officer of another village, a buyer
// and another province's agency are refused the group's forms before
// their upload is read; nothing is written; a household's delivery named
// under the group's page is not found.
func TestGroupAidRefusedToStrangers(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newGroupAidWorld(t, s)
		prog, _ := s.App.Pangan.Programme(t.Context(), w.programme)
		ctx := platformCtx(t, s, "dinas16@x.id")
		d, err := s.App.Pangan.RecordDelivery(ctx, w.programme, pangan.DeliveryFields{PackageID: prog.Packages[0].ID, SponsorID: prog.Sponsors[0].ID,
			GroupID: w.kwt.ID, DeliveredAt: prog.CreatedAt}, "group-delivery-1")
		if err != nil {
			t.Fatalf("%+v", platform.ErrorFields(err))
		}
		pl, err := s.App.Pangan.AddPlot(ctx, w.programme, pangan.PlotFields{GroupID: w.kwt.ID, Kind: "pekarangan", SizeM2: 50})
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string]*browser{"officer of another village": loggedIn(t, s, "penyuluh.lahat@x.id"), "buyer": loggedIn(t, s, "pembeli@x.id"),
			"agency32": loggedIn(t, s, "dinas32@x.id")} {
			b.get("/")
			for _, path := range []string{w.page + "/lahan", w.page + "/lahan/" + itoa(pl.ID) + "/foto", w.page + "/bantuan/" + itoa(d.ID) + "/bukti"} {
				code, _, read := upload(t, s, b, path, "photo", "foto.png", randomBytes(3<<20))
				if code != 403 || read > 1<<20 {
					t.Errorf("POST %s by the %s: %d after reading %d bytes, want 403 before the upload", path, name, code, read)
				}
			}
			if code, _, _ := b.post(w.page+"/bantuan", url.Values{"csrf_token": {b.csrf}, "idempotency_key": {"c0ffee00-0000-4000-8000-000000000001"},
				"package_id": {itoa(prog.Packages[0].ID)}, "sponsor_id": {itoa(prog.Sponsors[0].ID)}, "delivered_at": {"2025-03-01T10:00"}}); code != 403 {
				t.Errorf("a group delivery recorded by the %s: %d, want 403", name, code)
			}
		}
		if n := countOf(t, s, `SELECT COUNT(*) FROM pangan_deliveries`); n != 1 {
			t.Errorf("%d deliveries after the refusals, want 1", n)
		}
		if n := countOf(t, s, `SELECT COUNT(*) FROM pangan_plots WHERE photo_key <> ''`); n != 0 {
			t.Errorf("a refused photo was stored")
		}
		// Siti's delivery under the group's page: not found, nothing stored.
		hd, err := s.App.Pangan.RecordDelivery(ctx, w.programme, pangan.DeliveryFields{PackageID: prog.Packages[0].ID, SponsorID: prog.Sponsors[0].ID,
			HouseholdID: w.siti.ID, DeliveredAt: prog.CreatedAt}, "siti-delivery-1")
		if err != nil {
			t.Fatalf("%+v", platform.ErrorFields(err))
		}
		agency := loggedIn(t, s, "dinas16@x.id")
		if code, _, _ := postMultipart(t, agency, w.page+"/bantuan/"+itoa(hd.ID)+"/bukti", map[string]string{"signature": signatureDataURL(t)}, nil); code != 404 {
			t.Errorf("Siti's delivery under the group's page: %d, want 404", code)
		}
		if n := countOf(t, s, `SELECT COUNT(*) FROM pangan_deliveries WHERE signature_key <> ''`); n != 0 {
			t.Errorf("a refused proof was stored")
		}
	})
}

// TestGroupAidInEnglish: the group's plots and aid in English show none
// of the Indonesian labels.
func TestGroupAidInEnglish(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newGroupAidWorld(t, s)
		prog, _ := s.App.Pangan.Programme(t.Context(), w.programme)
		agency := loggedIn(t, s, "dinas16@x.id")
		_, body := agency.get(w.page)
		postMultipart(t, agency, w.page+"/lahan", map[string]string{"kind": "kolam", "size_m2": "6"}, nil)
		agency.post(w.page+"/bantuan", url.Values{"csrf_token": {agency.csrf}, "idempotency_key": {idempotencyInput.FindStringSubmatch(body)[1]},
			"package_id": {itoa(prog.Packages[0].ID)}, "sponsor_id": {itoa(prog.Sponsors[0].ID)}, "delivered_at": {"2025-03-01T10:00"}})
		agency.get("/bahasa?l=en&next=%2F")
		code, body := agency.get(w.page)
		if code != 200 || !strings.Contains(body, "Plots") || !strings.Contains(body, "Not yet proven") || !strings.Contains(body, "Fish pond") ||
			!strings.Contains(body, "It reaches no household by itself") {
			t.Fatalf("the English group page: %d, want its plots and aid in English", code)
		}
		for _, word := range []string{"Lahan", "Bantuan", "Belum terbukti", "Tambah lahan", "Catat penyerahan", "Tanda tangan", "Pakai lokasi saya", "Masih kurang", "Kolam", "Titik GPS", "Anggota"} {
			if strings.Contains(body, word) {
				t.Errorf("the English group page shows %q", word)
			}
		}
	})
}
