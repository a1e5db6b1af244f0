// Package region provides Indonesia's administrative areas as published by
// the Ministry of Home Affairs (Kemendagri), embedded in the binary:
// provinces, regencies and cities (kabupaten/kota), districts (kecamatan)
// and villages (desa/kelurahan), together with each province's time zone.
// Place resolves a village to its whole chain, and CheckNIK checks a NIK,
// including that its first six digits name a kecamatan.
//
// The area data comes unmodified from the npm package idn-area-data 4.0.1 and
// is licensed under the Open Database License 1.0 (see data/README.md and
// data/LICENSE-ODbL.md). The province time-zone table was written for Gerai.
//
// Codes use the Kemendagri dotted form: "16" is a province, "16.71" a
// regency or city in it, "16.71.01" a district, "16.71.01.1001" a village
// (LevelOf tells which from the form). Regency codes 01–69 are kabupaten,
// 71–99 are kota. Provinces and regencies load together on first use;
// districts and villages each load on their own first use, so a process that
// never asks for a village does not parse 83,762 of them.
package region

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	// Embed the IANA database so Location works on hosts without tzdata.
	_ "time/tzdata"

	"github.com/gerai-id/gerai/internal/platform"
)

//go:embed data/provinces.csv data/regencies.csv data/province-time-zones.csv
var dataFS embed.FS

// IANA time-zone names used by Indonesian provinces.
const (
	ZoneWIB  = "Asia/Jakarta"  // Waktu Indonesia Barat, UTC+7
	ZoneWITA = "Asia/Makassar" // Waktu Indonesia Tengah, UTC+8
	ZoneWIT  = "Asia/Jayapura" // Waktu Indonesia Timur, UTC+9
)

// Province is a first-level administrative area (provinsi).
type Province struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	TimeZone string `json:"time_zone,omitempty"`
}

// Regency is a second-level administrative area: a kabupaten or a kota.
type Regency struct {
	Code         string `json:"code"`
	ProvinceCode string `json:"province_code"`
	Name         string `json:"name"`
}

type dataset struct {
	provinces     []Province
	provinceIndex map[string]int
	regencies     []Regency
	regencyIndex  map[string]int
	// byProvince maps a province code to its regencies (a sub-slice of
	// regencies, which is sorted by code, so each group is contiguous).
	byProvince map[string][]Regency
}

var (
	loadOnce sync.Once
	data     *dataset
)

func get() *dataset {
	loadOnce.Do(func() {
		d, err := load()
		if err != nil {
			// The files are embedded at build time; a failure here is a
			// packaging defect caught by the package tests.
			panic("region: embedded data: " + err.Error())
		}
		data = d
	})
	return data
}

func load() (*dataset, error) {
	d := &dataset{
		provinceIndex: make(map[string]int, 40),
		regencyIndex:  make(map[string]int, 520),
		byProvince:    make(map[string][]Regency, 40),
	}

	rows, err := readCSV("data/provinces.csv", []string{"code", "name"})
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		d.provinces = append(d.provinces, Province{Code: r[0], Name: r[1]})
	}
	slices.SortFunc(d.provinces, func(a, b Province) int { return strings.Compare(a.Code, b.Code) })
	for i, p := range d.provinces {
		if _, dup := d.provinceIndex[p.Code]; dup {
			return nil, fmt.Errorf("duplicate province code %q", p.Code)
		}
		d.provinceIndex[p.Code] = i
	}

	rows, err = readCSV("data/province-time-zones.csv", []string{"province_code", "time_zone"})
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		i, ok := d.provinceIndex[r[0]]
		if !ok {
			return nil, fmt.Errorf("time zone for unknown province %q", r[0])
		}
		d.provinces[i].TimeZone = r[1]
	}

	rows, err = readCSV("data/regencies.csv", []string{"code", "province_code", "name"})
	if err != nil {
		return nil, err
	}
	d.regencies = make([]Regency, 0, len(rows))
	for _, r := range rows {
		d.regencies = append(d.regencies, Regency{Code: r[0], ProvinceCode: r[1], Name: r[2]})
	}
	slices.SortFunc(d.regencies, func(a, b Regency) int { return strings.Compare(a.Code, b.Code) })
	start := 0
	for i, r := range d.regencies {
		if _, dup := d.regencyIndex[r.Code]; dup {
			return nil, fmt.Errorf("duplicate regency code %q", r.Code)
		}
		d.regencyIndex[r.Code] = i
		if i+1 == len(d.regencies) || d.regencies[i+1].ProvinceCode != r.ProvinceCode {
			// Full slice expression: callers appending to a copy can never
			// write into the next province's group.
			group := d.regencies[start : i+1 : i+1]
			if _, seen := d.byProvince[r.ProvinceCode]; seen {
				return nil, fmt.Errorf("regencies of province %q are not contiguous", r.ProvinceCode)
			}
			d.byProvince[r.ProvinceCode] = group
			start = i + 1
		}
	}
	return d, nil
}

func readCSV(name string, header []string) ([][]string, error) {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = len(header)
	cr.ReuseRecord = false
	got, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	if !slices.Equal(got, header) {
		return nil, fmt.Errorf("%s: header %v, want %v", name, got, header)
	}
	var rows [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		rows = append(rows, rec)
	}
	return rows, nil
}

// Provinces returns all 38 provinces sorted by code. The slice is a copy.
func Provinces() []Province {
	return slices.Clone(get().provinces)
}

// ProvinceByCode returns the province with the given code (for example "16").
//
// It cannot be named Province: Go does not allow a function and a type of the
// same name in one package.
func ProvinceByCode(code string) (Province, bool) {
	d := get()
	i, ok := d.provinceIndex[strings.TrimSpace(code)]
	if !ok {
		return Province{}, false
	}
	return d.provinces[i], true
}

// Regencies returns the regencies and cities of a province sorted by code, or
// nil for an unknown province. The slice is a copy.
func Regencies(provinceCode string) []Regency {
	g, ok := get().byProvince[strings.TrimSpace(provinceCode)]
	if !ok {
		return nil
	}
	return slices.Clone(g)
}

// RegencyProblem is what to tell a person who chose code in the regency
// field named field, as an invalid error on it: nil when it is a regency,
// "Pilih kabupaten/kota" when nothing was chosen, "Kabupaten/kota tidak
// dikenal" for a code that is none.
func RegencyProblem(field, code string) error {
	if strings.TrimSpace(code) == "" {
		return platform.Invalid(field, "Pilih kabupaten/kota")
	}
	if _, ok := RegencyByCode(code); !ok {
		return platform.Invalid(field, "Kabupaten/kota tidak dikenal")
	}
	return nil
}

// RegencyByCode returns the regency or city with the given code (for example
// "16.71").
func RegencyByCode(code string) (Regency, bool) {
	d := get()
	i, ok := d.regencyIndex[strings.TrimSpace(code)]
	if !ok {
		return Regency{}, false
	}
	return d.regencies[i], true
}

// AllRegencies returns all 514 regencies and cities sorted by code. The slice
// is a copy.
func AllRegencies() []Regency {
	return slices.Clone(get().regencies)
}

// IsCity reports whether r is a kota (city) rather than a kabupaten.
func IsCity(r Regency) bool {
	return strings.HasPrefix(r.Name, "Kota ")
}

// DisplayName returns the short form of a regency name used in lists and
// addresses: "Kabupaten Ogan Komering Ilir" → "Kab. Ogan Komering Ilir",
// "Kota Palembang" stays "Kota Palembang", and Jakarta's administrative
// units become "Kab. Adm. Kepulauan Seribu" / "Kota Adm. Jakarta Pusat".
// The data is already in title case, so no case conversion is needed.
func DisplayName(r Regency) string {
	name := r.Name
	prefix := ""
	switch {
	case strings.HasPrefix(name, "Kabupaten "):
		prefix, name = "Kab. ", strings.TrimPrefix(name, "Kabupaten ")
	case strings.HasPrefix(name, "Kota "):
		prefix, name = "Kota ", strings.TrimPrefix(name, "Kota ")
	default:
		return name
	}
	if rest, ok := strings.CutPrefix(name, "Administrasi "); ok {
		prefix, name = prefix+"Adm. ", rest
	}
	return prefix + name
}

// Label is the display name of the regency with code, or the code itself
// when there is no such regency.
func Label(code string) string {
	if r, ok := RegencyByCode(code); ok {
		return DisplayName(r)
	}
	return code
}

// ProvinceDisplayName returns the common short name of a province:
// "Daerah Khusus Ibukota Jakarta" → "DKI Jakarta", "Daerah Istimewa
// Yogyakarta" → "DI Yogyakarta"; other names are returned unchanged.
func ProvinceDisplayName(p Province) string {
	if rest, ok := strings.CutPrefix(p.Name, "Daerah Khusus Ibukota "); ok {
		return "DKI " + rest
	}
	if rest, ok := strings.CutPrefix(p.Name, "Daerah Istimewa "); ok {
		return "DI " + rest
	}
	return p.Name
}

type zoneInfo struct {
	abbrev string
	offset int // seconds east of UTC
}

var zones = map[string]zoneInfo{
	ZoneWIB:  {"WIB", 7 * 3600},
	ZoneWITA: {"WITA", 8 * 3600},
	ZoneWIT:  {"WIT", 9 * 3600},
}

var (
	locMu    sync.Mutex
	locCache = map[string]*time.Location{}
)

func zoneName(provinceCode string) string {
	if p, ok := ProvinceByCode(provinceCode); ok {
		if _, known := zones[p.TimeZone]; known {
			return p.TimeZone
		}
	}
	return ZoneWIB
}

// Location returns the time zone of a province (Asia/Jakarta, Asia/Makassar
// or Asia/Jayapura); Asia/Jakarta for an unknown province. If the IANA
// database cannot be loaded, a fixed zone with the same offset and the
// Indonesian abbreviation (WIB, WITA, WIT) is returned.
func Location(provinceCode string) *time.Location {
	name := zoneName(provinceCode)
	locMu.Lock()
	defer locMu.Unlock()
	if loc, ok := locCache[name]; ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		z := zones[name]
		loc = time.FixedZone(z.abbrev, z.offset)
	}
	locCache[name] = loc
	return loc
}

// KnownZone reports whether name is one of Indonesia's three time zones
// (Asia/Jakarta, Asia/Makassar, Asia/Jayapura): the only ones a venue can be in.
func KnownZone(name string) bool {
	_, ok := zones[name]
	return ok
}

// ZoneLabel names an IANA zone of Indonesia as people say it: "WIB" for
// Asia/Jakarta, "WITA", "WIT"; the name itself for any other.
func ZoneLabel(name string) string {
	if z, ok := zones[name]; ok {
		return z.abbrev
	}
	return name
}

// ZoneAbbrev returns the Indonesian abbreviation of a province's time zone:
// "WIB", "WITA" or "WIT"; "WIB" for an unknown province.
func ZoneAbbrev(provinceCode string) string {
	return zones[zoneName(provinceCode)].abbrev
}
