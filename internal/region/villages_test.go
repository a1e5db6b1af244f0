package region

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

func TestDistrictAndVillageCounts(t *testing.T) {
	if got := len(getDistricts().rows); got != 7285 {
		t.Errorf("%d districts, want 7285", got)
	}
	if got := len(getVillages().rows); got != 83762 {
		t.Errorf("%d villages, want 83762", got)
	}
}

func TestDistrictVillageLookups(t *testing.T) {
	districts := []struct{ code, regency, name string }{
		{"16.04.01", "16.04", "Tanjungsakti Pumu"}, // Lahat
		{"32.73.01", "32.73", "Sukasari"},          // Kota Bandung
		{"31.71.01", "31.71", "Gambir"},
		{"16.71.01", "16.71", "Ilir Barat Dua"}, // Palembang
		{"91.03.01", "91.03", "Sentani"},
		{" 16.04.01 ", "16.04", "Tanjungsakti Pumu"}, // surrounding spaces only
	}
	for _, tc := range districts {
		d, ok := DistrictByCode(tc.code)
		if !ok || d.RegencyCode != tc.regency || d.Name != tc.name || d.Code != strings.TrimSpace(tc.code) {
			t.Errorf("DistrictByCode(%q) = %+v, %v; want %q in %s", tc.code, d, ok, tc.name, tc.regency)
		}
	}
	villages := []struct{ code, district, name string }{
		{"16.04.01.2001", "16.04.01", "Kembang Ayun"},
		{"32.73.01.1001", "32.73.01", "Sukarasa"},
		{"31.71.01.1002", "31.71.01", "Cideng"},
		{"96.71.10.1004", "96.71.10", "Tanjung Kasuari"},  // the last row
		{"12.07.28.1007", "12.07.28", "Lubuk Pakam I,II"}, // quoted, with a comma
		{"35.13.15.2017", "35.13.15", `Soka"an`},          // quoted, with a quote
		{"14.02.09.2010", "14.02.09", "Lambang Sari I, II, III"},
	}
	for _, tc := range villages {
		v, ok := VillageByCode(tc.code)
		if !ok || v.DistrictCode != tc.district || v.Name != tc.name || v.Code != tc.code {
			t.Errorf("VillageByCode(%q) = %+v, %v; want %q in %s", tc.code, v, ok, tc.name, tc.district)
		}
	}
	if d, ok := DistrictByCode("35.29.22"); !ok || d.Name != `Ra"as` {
		t.Errorf("DistrictByCode(35.29.22) = %+v, %v; want Ra\"as", d, ok)
	}
	for _, code := range []string{"", "16", "16.04", "16.04.1", "16.04.99", "16.04.01.", "160401", "16.04.01.2001", "16-04-01", "16.04.01 x"} {
		if d, ok := DistrictByCode(code); ok {
			t.Errorf("DistrictByCode(%q) = %+v, true", code, d)
		}
	}
	for _, code := range []string{"", "16", "16.04", "16.04.01", "16.04.01.9999", "16.04.01.200", "16.04.01.20011", "1604012001", "16.04.01.2001."} {
		if v, ok := VillageByCode(code); ok {
			t.Errorf("VillageByCode(%q) = %+v, true", code, v)
		}
	}
}

func TestDistrictsAndVillagesOf(t *testing.T) {
	ds := Districts("16.04")
	if len(ds) != 24 {
		t.Errorf("len(Districts(16.04)) = %d, want 24", len(ds))
	}
	if len(Districts("32.73")) != 30 {
		t.Errorf("len(Districts(32.73)) = %d, want 30", len(Districts("32.73")))
	}
	if !slices.IsSortedFunc(ds, func(a, b District) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Districts(16.04) not sorted")
	}
	for _, d := range ds {
		if d.RegencyCode != "16.04" {
			t.Errorf("Districts(16.04) holds %+v", d)
		}
	}
	vs := Villages("16.04.01")
	if len(vs) != 14 {
		t.Errorf("len(Villages(16.04.01)) = %d, want 14", len(vs))
	}
	if !slices.IsSortedFunc(vs, func(a, b Village) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Villages(16.04.01) not sorted")
	}
	if len(vs) > 0 && (vs[0].Code != "16.04.01.2001" || vs[0].Name != "Kembang Ayun") {
		t.Errorf("Villages(16.04.01)[0] = %+v", vs[0])
	}
	for _, v := range vs {
		if v.DistrictCode != "16.04.01" {
			t.Errorf("Villages(16.04.01) holds %+v", v)
		}
	}
	// Only a code of the parent's level has children: "16" is no regency,
	// even though district codes start with "16.".
	for _, code := range []string{"", "16", "16.99", "16.04.01", "16.0", "99.99"} {
		if got := Districts(code); got != nil {
			t.Errorf("Districts(%q) = %d districts, want nil", code, len(got))
		}
	}
	for _, code := range []string{"", "16", "16.04", "16.04.99", "16.04.01.2001"} {
		if got := Villages(code); got != nil {
			t.Errorf("Villages(%q) = %d villages, want nil", code, len(got))
		}
	}
	// The slices are the caller's.
	vs[0].Name = "x"
	if v, _ := VillageByCode("16.04.01.2001"); v.Name != "Kembang Ayun" {
		t.Error("Villages() exposes internal state")
	}
}

func TestPlace(t *testing.T) {
	a, ok := Place("16.04.01.2001")
	if !ok {
		t.Fatal("Place(16.04.01.2001) = false")
	}
	want := Address{
		Village:  Village{"16.04.01.2001", "16.04.01", "Kembang Ayun"},
		District: District{"16.04.01", "16.04", "Tanjungsakti Pumu"},
		Regency:  Regency{"16.04", "16", "Kabupaten Lahat"},
		Province: Province{"16", "Sumatera Selatan", ZoneWIB},
	}
	if a != want {
		t.Errorf("Place(16.04.01.2001) = %+v, want %+v", a, want)
	}
	b, ok := Place("32.73.01.1001")
	if !ok || b.Village.Name != "Sukarasa" || b.District.Name != "Sukasari" || b.Regency.Name != "Kota Bandung" || b.Province.Name != "Jawa Barat" {
		t.Errorf("Place(32.73.01.1001) = %+v, %v", b, ok)
	}
	for _, code := range []string{"", "16.04.01", "16.04.01.9999", "x"} {
		if a, ok := Place(code); ok {
			t.Errorf("Place(%q) = %+v, true", code, a)
		}
	}
	j, _ := json.Marshal(a.Village)
	if got, want := string(j), `{"code":"16.04.01.2001","district_code":"16.04.01","name":"Kembang Ayun"}`; got != want {
		t.Errorf("json = %s, want %s", got, want)
	}
}

func TestLevelOfAndParentOf(t *testing.T) {
	for _, tc := range []struct {
		code   string
		level  Level
		parent string
	}{
		{"16", LevelProvince, ""},
		{"16.04", LevelRegency, "16"},
		{"16.04.01", LevelDistrict, "16.04"},
		{"16.04.01.2001", LevelVillage, "16.04.01"},
		{" 16.04.01.2001 ", LevelVillage, "16.04.01"},
		{"", LevelUnknown, ""},
		{"1", LevelUnknown, ""},
		{"160", LevelUnknown, ""},
		{"16.", LevelUnknown, ""},
		{".04", LevelUnknown, ""},
		{"16.4", LevelUnknown, ""},
		{"16.04.1", LevelUnknown, ""},
		{"16.04.01.201", LevelUnknown, ""},
		{"16.04.01.20011", LevelUnknown, ""},
		{"16.04.01.2001.1", LevelUnknown, ""},
		{"16.04.01.2001.", LevelUnknown, ""},
		{"16..01", LevelUnknown, ""},
		{"1a.04", LevelUnknown, ""},
		{"16-04", LevelUnknown, ""},
		{"١٦", LevelUnknown, ""}, // Arabic-Indic digits are not ASCII digits
		{"160401", LevelUnknown, ""},
	} {
		if got := LevelOf(tc.code); got != tc.level {
			t.Errorf("LevelOf(%q) = %v, want %v", tc.code, got, tc.level)
		}
		if got := ParentOf(tc.code); got != tc.parent {
			t.Errorf("ParentOf(%q) = %q, want %q", tc.code, got, tc.parent)
		}
	}
	for l, want := range map[Level]string{LevelUnknown: "unknown", LevelProvince: "province", LevelRegency: "regency", LevelDistrict: "district", LevelVillage: "village", Level(9): "unknown"} {
		if got := l.String(); got != want {
			t.Errorf("Level(%d).String() = %q, want %q", int(l), got, want)
		}
	}
}

// Every village lies in a district that exists, every district in a regency
// that exists, and every regency has districts and every district villages.
func TestAreaChainIntegrity(t *testing.T) {
	perDistrict := map[string]int{}
	for _, a := range getVillages().rows {
		v := asVillage(a)
		if _, ok := DistrictByCode(v.DistrictCode); !ok {
			t.Errorf("village %s %q: unknown district %q", v.Code, v.Name, v.DistrictCode)
		}
		if strings.TrimSpace(v.Name) != v.Name || v.Name == "" {
			t.Errorf("village %s: name %q", v.Code, v.Name)
		}
		perDistrict[v.DistrictCode]++
	}
	perRegency := map[string]int{}
	for _, a := range getDistricts().rows {
		d := asDistrict(a)
		if _, ok := RegencyByCode(d.RegencyCode); !ok {
			t.Errorf("district %s %q: unknown regency %q", d.Code, d.Name, d.RegencyCode)
		}
		if n := len(Villages(d.Code)); n == 0 || n != perDistrict[d.Code] {
			t.Errorf("district %s: Villages gives %d, the data %d", d.Code, n, perDistrict[d.Code])
		}
		perRegency[d.RegencyCode]++
	}
	for _, r := range AllRegencies() {
		if n := len(Districts(r.Code)); n == 0 || n != perRegency[r.Code] {
			t.Errorf("regency %s: Districts gives %d, the data %d", r.Code, n, perRegency[r.Code])
		}
	}
}

// The embedded files are the upstream ones, unmodified (the ODbL asks it):
// a newer idn-area-data release changes these sums along with data/README.md.
func TestAreaFilesUnmodified(t *testing.T) {
	for name, want := range map[string]string{
		"districts.csv": "982f843613cf36bf474cab7ec46b5ecafc46dfeaad26e4bbadf170a6dae8ebe7",
		"villages.csv":  "6a8e53fce14d21b514f1f7d1602ceeab4ffbec6df98903e2cad949d8fee94690",
	} {
		text := map[string]string{"districts.csv": districtsCSV, "villages.csv": villagesCSV}[name]
		if got := fmt.Sprintf("%x", sha256.Sum256([]byte(text))); got != want {
			t.Errorf("data/%s: sha256 %s, want %s (idn-area-data 4.0.1)", name, got, want)
		}
	}
}

// A process that asks only for provinces and regencies parses no district,
// and one that checks a kecamatan (a NIK) parses no village. Run in a child
// process, since the tables of this one are loaded by the other tests.
func TestAreasLoadLazily(t *testing.T) {
	if os.Getenv("REGION_LAZY_CHILD") == "1" {
		ProvinceByCode("16")
		RegencyByCode("16.04")
		Regencies("16")
		if districts != nil || villages != nil {
			t.Fatal("provinces and regencies loaded the districts or villages")
		}
		if _, err := CheckNIK("1604015505900001"); err != nil {
			t.Fatal(err)
		}
		if districts == nil || villages != nil {
			t.Fatal("a NIK check loaded the villages (or no districts)")
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestAreasLoadLazily$", "-test.count=1")
	cmd.Env = append(os.Environ(), "REGION_LAZY_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
