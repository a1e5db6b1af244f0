package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestPanganGroupRegistration: the agency registers a group from its page
// (errors beside the field for a duplicate name in the village and a
// village of another province, nothing stored); the group is listed in its
// area and on the officer's page, each linking to the group's page.
func TestPanganGroupRegistration(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		agency := loggedIn(t, s, "dinas16@x.id")
		manage := w.web("/pengelola/pangan/%d")
		_, body := agency.get(manage + "?kel_kab=16.04&kel_kec=16.04.01")
		if !strings.Contains(body, `<select id="f-group_village" name="group_village">`) || !strings.Contains(body, `<option value="kwt">Kelompok wanita tani</option>`) {
			t.Fatalf("the group form does not offer the district's villages and the kinds")
		}
		groups := func() int64 {
			var n int64
			s.App.DB.Reader().QueryRow(t.Context(), `SELECT COUNT(*) FROM pangan_groups`).Scan(&n)
			return n
		}
		post := func(kind, name, village string) (int, string, string) {
			return agency.post(manage+"/kelompok", url.Values{"csrf_token": {agency.csrf}, "group_kind": {kind}, "group_name": {name},
				"group_village": {village}, "kel_kab": {"16.04"}, "kel_kec": {"16.04.01"}})
		}
		code, loc, _ := post("kwt", "KWT Melati", pgKembangAyun)
		if code != 303 || !strings.Contains(loc, "kelompok_baru=") || !strings.HasSuffix(loc, "#kelompok") {
			t.Fatalf("register a group: %d → %s", code, loc)
		}
		_, body = agency.get(loc)
		if !strings.Contains(body, "KWT Melati terdaftar.") {
			t.Errorf("no notice after registering the group")
		}
		var kwt pangan.FoodGroup
		if err := s.App.DB.Reader().QueryRow(t.Context(), `SELECT id, kind, village_code FROM pangan_groups WHERE name = ?`, "KWT Melati").Scan(&kwt.ID, &kwt.Kind, &kwt.VillageCode); err != nil || kwt.Kind != "kwt" || kwt.VillageCode != pgKembangAyun {
			t.Fatalf("the group stored: %+v %v", kwt, err)
		}
		if !strings.Contains(body, w.web(`href="/pengelola/pangan/%d/kelompok/%d"`, kwt.ID)) {
			t.Errorf("the group is not listed with a link to its page")
		}

		for _, c := range []struct{ name, kind, group, village, field string }{
			{"the same name in the village", "dasawisma", "KWT Melati", pgKembangAyun, "group_name"},
			{"a village of another province", "kwt", "KWT Jabar", "32.73.01.1001", "group_village"},
			{"no kind", "", "KWT Mawar", pgKembangAyun, "group_kind"},
		} {
			code, _, page := post(c.kind, c.group, c.village)
			if code != 422 || !strings.Contains(page, `id="e-`+c.field+`"`) {
				t.Errorf("%s: %d, want 422 beside %s", c.name, code, c.field)
			}
		}
		if n := groups(); n != 1 {
			t.Errorf("the refused registrations stored groups: %d", n)
		}
		// The list follows the page's area: none in Banyuasin.
		if _, body := agency.get(manage + "?kab=16.07"); strings.Contains(body, w.web(`href="/pengelola/pangan/%d/kelompok/%d"`, kwt.ID)) {
			t.Errorf("Banyuasin's list shows Lahat's group")
		}
		// The village's officer finds it on its page; another province's agency may not register.
		if _, body := loggedIn(t, s, "penyuluh@x.id").get("/petugas/pangan"); !strings.Contains(body, w.web(`href="/pengelola/pangan/%d/kelompok/%d"`, kwt.ID)) {
			t.Errorf("the officer's page does not list its village's group")
		}
		other := loggedIn(t, s, "dinas32@x.id")
		other.get("/pangan")
		if code, _, _ := other.post(manage+"/kelompok", url.Values{"csrf_token": {other.csrf}, "group_kind": {"kwt"}, "group_name": {"KWT Lain"},
			"group_village": {pgKembangAyun}}); code != 403 || groups() != 1 {
			t.Errorf("another province's agency registers a group: %d", code)
		}
		// A province of thousands of dasawisma: a hundred listed, the picker for the rest.
		tok := s.MustToken("dinas16@x.id")
		for i := 0; i < 100; i++ {
			if res := s.Do("POST", w.api("/groups"), tok, map[string]any{"kind": "dasawisma", "name": fmt.Sprintf("Dasawisma %03d", i), "village_code": pgGunungMeraksa}, nil); res.StatusCode != 201 {
				t.Fatalf("dasawisma %d: %d %s", i, res.StatusCode, res.Body)
			}
		}
		if _, body := agency.get(manage); !strings.Contains(body, "1 kelompok lagi di sini") || strings.Count(body, w.web(`href="/pengelola/pangan/%d/kelompok/`)) != 100 {
			t.Errorf("101 groups: want 100 listed and a hint for the last one")
		}
	})
}

// TestPanganGroupPage: the group's page lists its members masked, each
// linking to the household's page (which links back to the group); a
// household of the village joins, one of another village is refused
// beside the field; the agency links the KWT's UMKM (one of another
// province refused) and the page shows the shop and the value sold.
func TestPanganGroupPage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		var kwt pangan.FoodGroup
		if res := s.Do("POST", w.api("/groups"), s.MustToken("dinas16@x.id"), map[string]any{"kind": "kwt", "name": "KWT Melati", "village_code": pgKembangAyun}, &kwt); res.StatusCode != 201 {
			t.Fatalf("group: %d %s", res.StatusCode, res.Body)
		}
		page := w.web("/pengelola/pangan/%d/kelompok/%d", kwt.ID)
		roles := map[string]*browser{"anonymous": newBrowser(t, s), "buyer": loggedIn(t, s, "pembeli@x.id"), "agency16": loggedIn(t, s, "dinas16@x.id"),
			"agency32": loggedIn(t, s, "dinas32@x.id"), "officer": loggedIn(t, s, "penyuluh@x.id")}
		for role, want := range map[string]int{"anonymous": 303, "buyer": 403, "agency16": 200, "agency32": 403, "officer": 200} {
			if code, _ := roles[role].get(page); code != want {
				t.Errorf("the group's page as %s: %d, want %d", role, code, want)
			}
		}
		if code, _ := roles["agency16"].get(w.web("/pengelola/pangan/%d/kelompok/999999")); code != 404 {
			t.Errorf("a group that is none: %d, want 404", code)
		}
		if code, _ := roles["buyer"].get(w.web("/pengelola/pangan/%d/kelompok/999999")); code != 403 {
			t.Errorf("a group that is none, to a buyer: %d, want 403", code)
		}

		officer := roles["officer"]
		_, body := officer.get(page)
		if !strings.Contains(body, fmt.Sprintf(`<option value="%d">`, w.siti.ID)) || strings.Contains(body, fmt.Sprintf(`<option value="%d">`, w.dedi.ID)) {
			t.Errorf("the member form should offer Kembang Ayun's households only")
		}
		code, loc, _ := officer.post(page+"/anggota", url.Values{"csrf_token": {officer.csrf}, "household_id": {fmt.Sprint(w.siti.ID)}})
		if code != 303 || !strings.HasSuffix(loc, "#anggota") {
			t.Fatalf("add Siti: %d → %s", code, loc)
		}
		_, body = officer.get(loc)
		if !strings.Contains(body, "Siti Aminah masuk kelompok.") || !strings.Contains(body, w.web(`href="/pengelola/pangan/%d/rumah/%d"`, w.siti.ID)) ||
			!strings.Contains(body, "160401********01") || nikRun.MatchString(body) {
			t.Errorf("Siti is not listed as a member, masked, linking to her page")
		}
		if _, body := officer.get(w.web("/pengelola/pangan/%d/rumah/%d", w.siti.ID)); !strings.Contains(body, `<a href="`+page+`">KWT Melati</a>`) {
			t.Errorf("Siti's page does not link her group")
		}
		var dasawisma pangan.FoodGroup
		s.Do("POST", w.api("/groups"), s.MustToken("dinas16@x.id"), map[string]any{"kind": "dasawisma", "name": "Dasawisma Mawar", "village_code": pgKembangAyun}, &dasawisma)
		if _, body := roles["agency16"].get(w.web("/pengelola/pangan/%d/kelompok/%d", dasawisma.ID)); !strings.Contains(body, "<h1>Dasawisma Mawar</h1>") || strings.Contains(body, `id="umkm"`) {
			t.Errorf("a dasawisma's page should have no UMKM section")
		}
		// Rahmat lives in Gunung Meraksa (also the officer's), Dedi in another kecamatan.
		agency := roles["agency16"]
		agency.get(page)
		for who, c := range map[string]struct {
			b         *browser
			household string
			want      int
		}{
			"the officer, Rahmat of another village":   {officer, fmt.Sprint(w.rahmat.ID), 422},
			"the agency, Dedi of another village":      {agency, fmt.Sprint(w.dedi.ID), 422},
			"the agency, a household that is not one":  {agency, "999999", 422},
			"the agency, a household number with text": {agency, "Rumah 1", 422},
		} {
			code, _, body := c.b.post(page+"/anggota", url.Values{"csrf_token": {c.b.csrf}, "household_id": {c.household}})
			if code != c.want || !strings.Contains(body, `id="e-household_id"`) {
				t.Errorf("%s: %d, want %d beside the household", who, code, c.want)
			}
		}
		// A school takes families from its kecamatan: Rahmat of the next village joins, Dedi of another kecamatan does not.
		var school pangan.FoodGroup
		s.Do("POST", w.api("/groups"), s.MustToken("dinas16@x.id"), map[string]any{"kind": "school", "name": "SDN 1 Tanjungsakti", "village_code": pgKembangAyun}, &school)
		schoolPage := w.web("/pengelola/pangan/%d/kelompok/%d", school.ID)
		if code, _, _ := agency.post(schoolPage+"/anggota", url.Values{"csrf_token": {agency.csrf}, "household_id": {fmt.Sprint(w.rahmat.ID)}}); code != 303 {
			t.Errorf("Rahmat joins the kecamatan's school: %d, want 303", code)
		}
		if code, _, body := agency.post(schoolPage+"/anggota", url.Values{"csrf_token": {agency.csrf}, "household_id": {fmt.Sprint(w.dedi.ID)}}); code != 422 || !strings.Contains(body, "bukan warga kecamatan kelompok") {
			t.Errorf("Dedi of another kecamatan joins the school: %d, want 422 beside the household", code)
		}
		var members int64
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT COUNT(*) FROM pangan_households WHERE group_id = ?`, kwt.ID).Scan(&members)
		if members != 1 {
			t.Errorf("%d members, want Siti alone", members)
		}
		buyer := roles["buyer"]
		buyer.get("/pangan")
		if code, _, _ := buyer.post(page+"/anggota", url.Values{"csrf_token": {buyer.csrf}, "household_id": {fmt.Sprint(w.siti.ID)}}); code != 403 {
			t.Errorf("a buyer adds a member: %d, want 403", code)
		}

		// The UMKM: the agency links it; the officer sees it but has no form.
		if strings.Contains(body, `action="`+page+`/umkm"`) {
			t.Errorf("the officer is offered to link the UMKM")
		}
		s.MustUser("kwt.melati@x.id", platform.RoleSeller, "")
		shop := verifiedUMKM(t, s, "kwt.melati@x.id", "dinas16@x.id", "KWT Melati Tanjungsakti", "1604000000001", "16.04", "pertanian")
		jabar := verifiedUMKM(t, s, "kwt.melati@x.id", "dinas32@x.id", "Batik Bandung", "3273000000001", "32.73", "kuliner")
		agency.get(page)
		for _, c := range []struct{ name, id string }{{"a UMKM of another province", fmt.Sprint(jabar)}, {"no number", "satu"}, {"a UMKM that is none", "999999"}} {
			if code, _, body := agency.post(page+"/umkm", url.Values{"csrf_token": {agency.csrf}, "umkm_id": {c.id}}); code != 422 || !strings.Contains(body, `id="e-umkm_id"`) {
				t.Errorf("%s: %d, want 422 beside the UMKM", c.name, code)
			}
		}
		if code, _, _ := officer.post(page+"/umkm", url.Values{"csrf_token": {officer.csrf}, "umkm_id": {fmt.Sprint(shop)}}); code != 403 {
			t.Errorf("the officer links the UMKM: %d, want 403", code)
		}
		code, loc, _ = agency.post(page+"/umkm", url.Values{"csrf_token": {agency.csrf}, "umkm_id": {fmt.Sprint(shop)}})
		if code != 303 || !strings.HasSuffix(loc, "#umkm") {
			t.Fatalf("link the UMKM: %d → %s", code, loc)
		}
		_, body = agency.get(loc)
		for _, want := range []string{fmt.Sprintf(`<a href="/umkm/%d">KWT Melati Tanjungsakti</a>`, shop), "<dt>Nilai terjual lewat Gerai</dt><dd>Rp0</dd>", "UMKM terhubung"} {
			if !strings.Contains(body, want) {
				t.Errorf("after linking, the group's page lacks %q", want)
			}
		}
	})
}
