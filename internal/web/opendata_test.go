package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/opendata"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// openDataRegistry inserts verified UMKM (n of a regency and scale,
// verified at at) and sets the catalogue's clock to December 2026.
func openDataRegistry(t *testing.T, s *testutil.Server) {
	t.Helper()
	owner := s.MustUser("pemilik@x.id", platform.RoleSeller, "").ID
	s.App.OpenData.Now = func() time.Time { return time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC) }
	nib := 0
	for _, c := range []struct {
		regency, scale string
		year, n        int
	}{{"16.71", "mikro", 2025, 12}, {"16.71", "kecil", 2025, 3}, {"16.04", "mikro", 2025, 30}, {"16.04", "kecil", 2026, 9}, {"32.73", "mikro", 2026, 9}} {
		at := time.Date(c.year, 5, 1, 3, 0, 0, 0, time.UTC)
		for range c.n {
			nib++
			if _, err := s.App.DB.Writer().Exec(t.Context(), `INSERT INTO umkm (owner_id, name, owner_name, nib, province_code, regency_code, category,
				scale, status, verified_at, created_at, updated_at) VALUES (?, 'Usaha', 'Pemilik', ?, ?, ?, 'kuliner', ?, 'verified', ?, ?, ?)`,
				owner, fmt.Sprintf("93%011d", nib), c.regency[:2], c.regency, c.scale, at, at, at); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Written around the UMKM service: its roll-up is rebuilt, as the open
	// data reads it (decision 0036).
	if err := s.App.UMKM.RebuildRegistry(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// TestOpenDataPages: the catalogue lists each dataset with its metadata
// and files; a dataset's page shows the Satu Data metadata and a preview
// with withheld cells marked, filtered by province and year, a bad
// filter marked beside its field; everything in English too.
func TestOpenDataPages(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		openDataRegistry(t, s)
		b := newBrowser(t, s)
		code, body := b.get("/data")
		if code != 200 {
			t.Fatalf("/data: %d", code)
		}
		for _, want := range []string{"Jumlah UMKM Terverifikasi", "Rumah Tangga Terjangkau", `href="/data/` + opendata.NameVerifiedUMKM + `"`,
			`href="/data/` + opendata.NameVerifiedUMKM + `.csv"`, `href="/data/` + opendata.NameVerifiedUMKM + `.json"`,
			`href="/api/3/action/package_show?id=` + opendata.NameVerifiedUMKM + `"`, "CC BY 4.0", `href="/api/3/action/package_list"`} {
			if !strings.Contains(body, want) {
				t.Errorf("/data lacks %q", want)
			}
		}
		page := "/data/" + opendata.NameVerifiedUMKM
		code, body = b.get(page)
		if code != 200 {
			t.Fatalf("%s: %d", page, code)
		}
		for _, want := range []string{"Konsep", "Definisi", "Klasifikasi", "Produsen data", "Rumus", "Kode referensi", "PP 7/2021",
			"Kota Palembang", "Kota Bandung", `class="withheld"`, "disembunyikan", `<option value="32"`, `<option value="2025"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", page, want)
			}
		}
		code, body = b.get(page + "?provinsi=32&tahun=2026")
		if code != 200 || !strings.Contains(body, "Kota Bandung") || strings.Contains(body, "Kota Palembang") ||
			!strings.Contains(body, `href="/data/`+opendata.NameVerifiedUMKM+`.csv?provinsi=32&amp;tahun=2026"`) {
			t.Errorf("filtered to Jawa Barat 2026: %d, Palembang shown %v", code, strings.Contains(body, "Kota Palembang"))
		}
		if _, body = b.get(page + "?tahun=2025"); strings.Contains(body, "<td>2026</td>") || !strings.Contains(body, "<td>2025</td>") {
			t.Errorf("filtered to 2025, other years shown")
		}
		code, body = b.get(page + "?provinsi=99")
		if code != 200 || !strings.Contains(body, `id="e-provinsi"`) || !strings.Contains(body, "Provinsi tidak dikenal") {
			t.Errorf("an unknown province: %d, no error beside the field", code)
		}
		if code, _ := b.get("/data/tidak-ada"); code != 404 {
			t.Errorf("an unknown dataset: %d", code)
		}

		b.get("/bahasa?l=en&next=%2F")
		for path, words := range map[string][]string{
			"/data": {"Number of verified UMKM", "Open data catalogue", "Unit", "Licence"},
			page:    {"Concept", "Definition", "Data producer", "withheld", "Business scale under Government Regulation 7/2021"},
		} {
			code, body := b.get(path)
			if code != 200 || !strings.Contains(body, `<html lang="en">`) {
				t.Fatalf("%s in English: %d", path, code)
			}
			for _, w := range words {
				if !strings.Contains(body, w) {
					t.Errorf("%s in English lacks %q", path, w)
				}
			}
			for _, w := range []string{"Katalog data terbuka", "Konsep", "Produsen data", "Pratinjau data"} {
				if strings.Contains(body, w) {
					t.Errorf("%s in English shows %q", path, w)
				}
			}
		}
	})
}
