package region

import (
	"encoding/json"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
)

func TestCounts(t *testing.T) {
	if got := len(Provinces()); got != 38 {
		t.Errorf("len(Provinces()) = %d, want 38", got)
	}
	if got := len(AllRegencies()); got != 514 {
		t.Errorf("len(AllRegencies()) = %d, want 514", got)
	}
}

func TestSorted(t *testing.T) {
	ps := Provinces()
	if !slices.IsSortedFunc(ps, func(a, b Province) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Provinces() not sorted by code")
	}
	rs := AllRegencies()
	if !slices.IsSortedFunc(rs, func(a, b Regency) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("AllRegencies() not sorted by code")
	}
	total := 0
	for _, p := range ps {
		g := Regencies(p.Code)
		if len(g) == 0 {
			t.Errorf("province %s has no regencies", p.Code)
		}
		if !slices.IsSortedFunc(g, func(a, b Regency) int { return strings.Compare(a.Code, b.Code) }) {
			t.Errorf("Regencies(%q) not sorted", p.Code)
		}
		for _, r := range g {
			if r.ProvinceCode != p.Code || !strings.HasPrefix(r.Code, p.Code+".") {
				t.Errorf("Regencies(%q) contains %+v", p.Code, r)
			}
		}
		total += len(g)
	}
	if total != 514 {
		t.Errorf("sum of Regencies per province = %d, want 514", total)
	}
}

func TestLookups(t *testing.T) {
	provs := []struct{ code, name string }{
		{"16", "Sumatera Selatan"},
		{"32", "Jawa Barat"},
		{"11", "Aceh"},
		{"96", "Papua Barat Daya"},
	}
	for _, tc := range provs {
		p, ok := ProvinceByCode(tc.code)
		if !ok || p.Name != tc.name {
			t.Errorf("ProvinceByCode(%q) = %+v, %v; want %q", tc.code, p, ok, tc.name)
		}
	}
	regs := []struct{ code, prov, name, display string }{
		{"16.71", "16", "Kota Palembang", "Kota Palembang"},
		{"16.02", "16", "Kabupaten Ogan Komering Ilir", "Kab. Ogan Komering Ilir"},
		{"32.73", "32", "Kota Bandung", "Kota Bandung"},
		{"32.04", "32", "Kabupaten Bandung", "Kab. Bandung"},
		{"31.71", "31", "Kota Administrasi Jakarta Pusat", "Kota Adm. Jakarta Pusat"},
		{"31.01", "31", "Kabupaten Administrasi Kepulauan Seribu", "Kab. Adm. Kepulauan Seribu"},
		{"72.04", "72", "Kabupaten Toli-Toli", "Kab. Toli-Toli"},
	}
	for _, tc := range regs {
		r, ok := RegencyByCode(tc.code)
		if !ok || r.Name != tc.name || r.ProvinceCode != tc.prov {
			t.Errorf("RegencyByCode(%q) = %+v, %v; want %q in %q", tc.code, r, ok, tc.name, tc.prov)
			continue
		}
		if got := DisplayName(r); got != tc.display {
			t.Errorf("DisplayName(%q) = %q, want %q", tc.name, got, tc.display)
		}
	}
	if r, _ := RegencyByCode("16.71"); !IsCity(r) {
		t.Error("IsCity(Palembang) = false")
	}
	if r, _ := RegencyByCode("16.02"); IsCity(r) {
		t.Error("IsCity(OKI) = true")
	}

	for _, code := range []string{"", "00", "1", "16.", "16.00", "99", "16.71.01"} {
		if p, ok := ProvinceByCode(code); ok {
			t.Errorf("ProvinceByCode(%q) = %+v, true", code, p)
		}
		if r, ok := RegencyByCode(code); ok {
			t.Errorf("RegencyByCode(%q) = %+v, true", code, r)
		}
	}
	if got := Regencies("99"); got != nil {
		t.Errorf("Regencies(99) = %v, want nil", got)
	}
	if got := len(Regencies("16")); got != 17 {
		t.Errorf("len(Regencies(16)) = %d, want 17", got)
	}
}

func TestProvinceDisplayName(t *testing.T) {
	for code, want := range map[string]string{"31": "DKI Jakarta", "34": "DI Yogyakarta", "16": "Sumatera Selatan"} {
		p, _ := ProvinceByCode(code)
		if got := ProvinceDisplayName(p); got != want {
			t.Errorf("ProvinceDisplayName(%s) = %q, want %q", code, got, want)
		}
	}
}

func TestIntegrity(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range AllRegencies() {
		if _, ok := ProvinceByCode(r.ProvinceCode); !ok {
			t.Errorf("regency %s: unknown province %q", r.Code, r.ProvinceCode)
		}
		if !strings.HasPrefix(r.Name, "Kabupaten ") && !strings.HasPrefix(r.Name, "Kota ") {
			t.Errorf("regency %s: unexpected name %q", r.Code, r.Name)
		}
		if seen[r.Name+"|"+r.ProvinceCode] {
			t.Errorf("duplicate regency name %q in %s", r.Name, r.ProvinceCode)
		}
		seen[r.Name+"|"+r.ProvinceCode] = true
	}
	for _, p := range Provinces() {
		if _, ok := zones[p.TimeZone]; !ok {
			t.Errorf("province %s (%s): time zone %q", p.Code, p.Name, p.TimeZone)
		}
	}
}

func TestCopies(t *testing.T) {
	ps := Provinces()
	ps[0].Name = "x"
	rs := Regencies("16")
	rs[0].Name = "x"
	_ = append(rs[:1], Regency{Code: "bad"})
	all := AllRegencies()
	all[0].Name = "x"
	if p, _ := ProvinceByCode("11"); p.Name != "Aceh" {
		t.Error("Provinces() exposes internal state")
	}
	if r, _ := RegencyByCode("16.01"); r.Name != "Kabupaten Ogan Komering Ulu" {
		t.Error("Regencies() exposes internal state")
	}
	if r, _ := RegencyByCode("11.01"); r.Name != "Kabupaten Aceh Selatan" {
		t.Error("AllRegencies() exposes internal state")
	}
	if r, _ := RegencyByCode("16.02"); r.Code != "16.02" {
		t.Error("append on Regencies() result wrote into internal state")
	}
}

func TestTimeZones(t *testing.T) {
	tests := []struct {
		prov, zone, abbrev string
		offset             int
	}{
		{"16", ZoneWIB, "WIB", 7 * 3600},
		{"32", ZoneWIB, "WIB", 7 * 3600},
		{"61", ZoneWIB, "WIB", 7 * 3600},      // Kalimantan Barat
		{"51", ZoneWITA, "WITA", 8 * 3600},    // Bali
		{"64", ZoneWITA, "WITA", 8 * 3600},    // Kalimantan Timur
		{"73", ZoneWITA, "WITA", 8 * 3600},    // Sulawesi Selatan
		{"81", ZoneWIT, "WIT", 9 * 3600},      // Maluku
		{"91", ZoneWIT, "WIT", 9 * 3600},      // Papua
		{"unknown", ZoneWIB, "WIB", 7 * 3600}, // fallback
		{"", ZoneWIB, "WIB", 7 * 3600},
	}
	at := time.Date(2024, 8, 17, 3, 0, 0, 0, time.UTC)
	for _, tc := range tests {
		loc := Location(tc.prov)
		if loc.String() != tc.zone {
			t.Errorf("Location(%q) = %s, want %s", tc.prov, loc, tc.zone)
		}
		name, off := at.In(loc).Zone()
		if off != tc.offset || name != tc.abbrev {
			t.Errorf("Location(%q) zone = %s %d, want %s %d", tc.prov, name, off, tc.abbrev, tc.offset)
		}
		if got := ZoneAbbrev(tc.prov); got != tc.abbrev {
			t.Errorf("ZoneAbbrev(%q) = %q, want %q", tc.prov, got, tc.abbrev)
		}
	}
	if Location("16") != Location("32") {
		t.Error("Location not cached")
	}
}

func TestJSON(t *testing.T) {
	p, _ := ProvinceByCode("51")
	b, _ := json.Marshal(p)
	if got, want := string(b), `{"code":"51","name":"Bali","time_zone":"Asia/Makassar"}`; got != want {
		t.Errorf("json = %s, want %s", got, want)
	}
	r, _ := RegencyByCode("16.71")
	b, _ = json.Marshal(r)
	if got, want := string(b), `{"code":"16.71","province_code":"16","name":"Kota Palembang"}`; got != want {
		t.Errorf("json = %s, want %s", got, want)
	}
}

// How fast the embedded data loads is measured by BenchmarkLoad, not
// asserted here: a timing assertion fails on a busy machine, not on slow code.

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDistrictsLoad and BenchmarkVillagesLoad measure parsing each of
// the two large tables, and report as heap-B what one load keeps on the heap
// (after a GC). The figures are in the comment above districtsOnce.
func BenchmarkDistrictsLoad(b *testing.B) {
	benchmarkAreasLoad(b, func() (*areaTable, error) {
		return loadAreas("data/districts.csv", districtsCSV, "code,regency_code,name", LevelDistrict)
	})
}

func BenchmarkVillagesLoad(b *testing.B) {
	benchmarkAreasLoad(b, func() (*areaTable, error) {
		return loadAreas("data/villages.csv", villagesCSV, "code,district_code,name", LevelVillage)
	})
}

func benchmarkAreasLoad(b *testing.B, load func() (*areaTable, error)) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := load(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	t, err := load()
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)), "heap-B")
	runtime.KeepAlive(t)
}

func TestRegencyProblemSaysWhatToDo(t *testing.T) {
	for code, want := range map[string]string{"": "Pilih kabupaten/kota", "  ": "Pilih kabupaten/kota", "16.99": "Kabupaten/kota tidak dikenal", "16.71": ""} {
		err := RegencyProblem("regency_code", code)
		got := ""
		if f := platform.ErrorFields(err); len(f) == 1 && f[0].Field == "regency_code" {
			got = f[0].Message
		} else if err != nil {
			t.Errorf("RegencyProblem(%q) = %v: want one error on the field regency_code", code, err)
		}
		if got != want {
			t.Errorf("RegencyProblem(%q) says %q, want %q", code, got, want)
		}
	}
}

func TestZoneLabel(t *testing.T) {
	for name, want := range map[string]string{"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT", "Europe/Paris": "Europe/Paris"} {
		if got := ZoneLabel(name); got != want {
			t.Errorf("ZoneLabel(%q) = %q, want %q", name, got, want)
		}
	}
}
