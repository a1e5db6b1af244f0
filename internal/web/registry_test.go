package web_test

import (
	"os"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestRegistryDashboardShowsEachRoleItsOwnProvince: the registry dashboard
// counts, as each agency, exactly its own province's UMKM (Sumsel's three
// with one verified; Jabar's one), and each count links to the registry's
// list with the same filter; the admin sees every province (by province)
// or the one it chooses; another province asked for by an agency is
// refused, a seller and a partner's staff are refused the page, and an
// unknown province is told beside the field. It prints: an A4 page rule,
// a dated footer and the scope.
func TestRegistryDashboardShowsEachRoleItsOwnProvince(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("penjual@x.id", platform.RoleSeller, "")
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
		s.MustUser("admin@x.id", platform.RoleAdmin, "")
		s.MustUser("mitra@x.id", platform.RolePartner, "")
		tok := s.MustToken("penjual@x.id")
		pempek := submittedUMKM(t, s, tok, "Pempek Cek Lina", "1602000000001", "16.02", "", 1_500_000_000)
		submittedUMKM(t, s, tok, "Kerupuk Kemplang Bu Ros", "1602000000002", "16.02", "", 1_500_000_000)
		submittedUMKM(t, s, tok, "Tenun Songket Palembang", "1671000000003", "16.71", "", 1_500_000_000)
		submittedUMKM(t, s, tok, "Batik Bandung", "3273000000004", "32.73", "", 1_500_000_000)
		if r := s.Do("POST", "/api/v1/umkm/"+itoa(pempek)+"/verify", s.MustToken("dinas16@x.id"), nil, nil); r.StatusCode != 200 {
			t.Fatalf("verify: %d %s", r.StatusCode, r.Body)
		}

		b := loginAs(t, s, "dinas16@x.id")
		_, dash := b.get("/dinas")
		if !strings.Contains(dash, `href="/dinas/statistik"`) {
			t.Errorf("the agency's dashboard does not link the registry statistics")
		}
		code, page := b.get("/dinas/statistik")
		if code != 200 {
			t.Fatalf("agency 16: %d\n%s", code, page)
		}
		for _, want := range []string{
			"Cakupan: Provinsi Sumatera Selatan",                                                       // the scope, on screen and in print
			`<a href="/dinas/umkm?province=16">3</a>`,                                                  // registered
			`<a href="/dinas/umkm?province=16&amp;status=verified">1</a>`,                              // verified
			`<a href="/dinas/umkm?province=16&amp;status=submitted">2</a>`,                             // the backlog
			`<a href="/dinas/umkm?province=16&amp;regency=16.02&amp;status=submitted">1</a>`,           // OKI's waiting one
			`<a href="/dinas/umkm?province=16&amp;regency=16.02&amp;scale=mikro&amp;status=verified">`, // by scale
			`class="chart"`, `class="report-foot"`, "Data per", `data-print`, "Cetak",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("agency 16's dashboard lacks %q", want)
			}
		}
		if strings.Contains(page, "Kota Bandung") || strings.Contains(page, "Jawa Barat") {
			t.Errorf("agency 16's dashboard shows Jawa Barat")
		}
		// The links list what they count: OKI's one waiting UMKM.
		if _, list := b.get("/dinas/umkm?province=16&regency=16.02&status=submitted"); !strings.Contains(list, "Kerupuk Kemplang Bu Ros") ||
			strings.Contains(list, "Pempek Cek Lina") || strings.Contains(list, "Tenun Songket") {
			t.Errorf("the backlog's link does not list OKI's waiting UMKM alone")
		}
		// Another province: refused, its figures not shown.
		if code, page := b.get("/dinas/statistik?province=32"); code != 403 || strings.Contains(page, "Batik Bandung") {
			t.Errorf("agency 16 asking for province 32: %d, want 403", code)
		}
		// Bad input: told beside the field, nothing counted.
		if code, page := b.get("/dinas/statistik?province=99"); code != 400 || !strings.Contains(page, `id="e-province"`) ||
			!strings.Contains(page, "Pilih provinsi dari daftar") {
			t.Errorf("an unknown province: %d, want 400 with the error beside the field", code)
		}

		j := loginAs(t, s, "dinas32@x.id")
		if _, page := j.get("/dinas/statistik"); !strings.Contains(page, "Cakupan: Provinsi Jawa Barat") ||
			!strings.Contains(page, `<a href="/dinas/umkm?province=32">1</a>`) || strings.Contains(page, "Sumatera Selatan") {
			t.Errorf("agency 32's dashboard is not Jawa Barat's alone")
		}

		a := loginAs(t, s, "admin@x.id")
		_, all := a.get("/dinas/statistik")
		for _, want := range []string{"Cakupan: semua provinsi", `<a href="/dinas/umkm">4</a>`, `href="/dinas/statistik?province=16"`,
			`href="/dinas/statistik?province=32"`, `<select id="province" name="province">`} {
			if !strings.Contains(all, want) {
				t.Errorf("the admin's all provinces lack %q", want)
			}
		}
		if _, one := a.get("/dinas/statistik?province=32"); !strings.Contains(one, "Cakupan: Provinsi Jawa Barat") ||
			!strings.Contains(one, `<a href="/dinas/umkm?province=32">1</a>`) || strings.Contains(one, "Kota Palembang") {
			t.Errorf("the admin's province 32 is not Jawa Barat's alone")
		}
		// The admin's list of a province's link holds that province only.
		if _, list := a.get("/dinas/umkm?province=32"); !strings.Contains(list, "Batik Bandung") || strings.Contains(list, "Pempek Cek Lina") {
			t.Errorf("the admin's list of province 32 is not Jawa Barat's")
		}

		for _, who := range []string{"penjual@x.id", "mitra@x.id"} {
			if code, _ := loginAs(t, s, who).get("/dinas/statistik"); code != 403 {
				t.Errorf("%s: %d, want 403", who, code)
			}
		}
		css, err := os.ReadFile("static/gerai.css")
		if err != nil || !strings.Contains(string(css), "@page{size:A4") || !strings.Contains(string(css), ".registry-dash") {
			t.Errorf("no A4 print rules for the dashboard")
		}
	})
}
