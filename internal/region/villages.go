package region

import (
	_ "embed" // districtsCSV, villagesCSV
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// The two large files are embedded as strings, not read from dataFS: a
// string embed lives in the binary's read-only data, so the names and codes
// of the tables below are substrings of it and loading copies none of them.
//
//go:embed data/districts.csv
var districtsCSV string

//go:embed data/villages.csv
var villagesCSV string

// District is a third-level administrative area: a kecamatan (distrik in
// Papua).
type District struct {
	Code        string `json:"code"`         // "16.04.01"
	RegencyCode string `json:"regency_code"` // "16.04"
	Name        string `json:"name"`
}

// Village is a fourth-level administrative area: a desa or a kelurahan
// (the fourth segment of a kelurahan's code starts with 1, a desa's with 2).
type Village struct {
	Code         string `json:"code"`          // "16.04.01.2001"
	DistrictCode string `json:"district_code"` // "16.04.01"
	Name         string `json:"name"`
}

// Address is a village with the district, regency and province it lies in.
type Address struct {
	Village  Village  `json:"village"`
	District District `json:"district"`
	Regency  Regency  `json:"regency"`
	Province Province `json:"province"`
}

// area is a row of districts.csv or villages.csv. Its parent's code is its
// own without the last segment (load checks the parent column says so), so
// it is not stored: 32 bytes a row, the strings pointing into the embed.
type area struct{ code, name string }

func (a area) parent() string { return a.code[:strings.LastIndexByte(a.code, '.')] }

// areaTable is one level's areas sorted by code. Codes have fixed-width
// segments, so the children of a parent are the contiguous run of codes
// starting with the parent's code and a dot.
type areaTable struct{ rows []area }

func (t *areaTable) find(code string) (area, bool) {
	i, ok := slices.BinarySearchFunc(t.rows, code, func(a area, code string) int { return strings.Compare(a.code, code) })
	if !ok {
		return area{}, false
	}
	return t.rows[i], true
}

func (t *areaTable) children(parent string) []area {
	prefix := parent + "."
	i, _ := slices.BinarySearchFunc(t.rows, prefix, func(a area, p string) int { return strings.Compare(a.code, p) })
	j := i
	for j < len(t.rows) && strings.HasPrefix(t.rows[j].code, prefix) {
		j++
	}
	return t.rows[i:j]
}

// Districts and villages load separately from provinces and regencies and
// from each other: checking a NIK needs only the districts, and a process
// that never asks for a village never parses 83,762 of them.
//
// Measured by BenchmarkDistrictsLoad and BenchmarkVillagesLoad (go 1.26.8,
// AMD EPYC, 2 cores shared with other work at load average ~4, so the times
// are pessimistic): heap is what one load keeps after a GC.
//
//	districts   7,285 rows   0.65–1.0 ms   238 KB heap   16 allocations
//	villages   83,762 rows    10–19 ms    2.69 MB heap  225 allocations
//
// The heap is the table itself, one slice of 32 bytes a row, and the names
// with a quote or a comma (17 villages, 1 district), which go through
// encoding/csv; the bytes allocated per load are within 3% of what is kept.
// The codes and names themselves stay in the binary's read-only data.
var (
	districtsOnce, villagesOnce sync.Once
	districts, villages         *areaTable
)

func getDistricts() *areaTable {
	districtsOnce.Do(func() {
		t, err := loadAreas("data/districts.csv", districtsCSV, "code,regency_code,name", LevelDistrict)
		if err != nil {
			panic("region: embedded data: " + err.Error())
		}
		districts = t
	})
	return districts
}

func getVillages() *areaTable {
	villagesOnce.Do(func() {
		t, err := loadAreas("data/villages.csv", villagesCSV, "code,district_code,name", LevelVillage)
		if err != nil {
			panic("region: embedded data: " + err.Error())
		}
		villages = t
	})
	return villages
}

// loadAreas parses a three-column CSV (code, parent code, name) whose codes
// are all of one level. Lines without a quote are split in place; the few
// with one go through encoding/csv.
func loadAreas(name, text, header string, level Level) (*areaTable, error) {
	first, rest, _ := strings.Cut(text, "\n")
	if got := strings.TrimSuffix(first, "\r"); got != header {
		return nil, fmt.Errorf("%s: header %q, want %q", name, got, header)
	}
	t := &areaTable{rows: make([]area, 0, strings.Count(rest, "\n")+1)}
	for n := 2; rest != ""; n++ {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		var code, parent, nm string
		if strings.Contains(line, `"`) {
			rec, err := csv.NewReader(strings.NewReader(line)).Read()
			if err != nil || len(rec) != 3 {
				return nil, fmt.Errorf("%s:%d: %q: not three fields (%v)", name, n, line, err)
			}
			code, parent, nm = rec[0], rec[1], rec[2]
		} else {
			var r string
			code, r, _ = strings.Cut(line, ",")
			parent, nm, _ = strings.Cut(r, ",")
			if strings.Count(line, ",") != 2 {
				return nil, fmt.Errorf("%s:%d: %q: not three fields", name, n, line)
			}
		}
		a := area{code: strings.TrimSpace(code), name: strings.TrimSpace(nm)}
		if LevelOf(a.code) != level || a.parent() != strings.TrimSpace(parent) || a.name == "" {
			return nil, fmt.Errorf("%s:%d: %q: not a %s code, its parent and a name", name, n, line, level)
		}
		t.rows = append(t.rows, a)
	}
	cmp := func(a, b area) int { return strings.Compare(a.code, b.code) }
	if !slices.IsSortedFunc(t.rows, cmp) {
		slices.SortFunc(t.rows, cmp)
	}
	for i := 1; i < len(t.rows); i++ {
		if t.rows[i].code == t.rows[i-1].code {
			return nil, fmt.Errorf("%s: duplicate code %q", name, t.rows[i].code)
		}
	}
	return t, nil
}

func asDistrict(a area) District {
	return District{Code: a.code, RegencyCode: a.parent(), Name: a.name}
}

func asVillage(a area) Village {
	return Village{Code: a.code, DistrictCode: a.parent(), Name: a.name}
}

// DistrictByCode returns the kecamatan with the given code (for example
// "16.04.01").
func DistrictByCode(code string) (District, bool) {
	a, ok := getDistricts().find(strings.TrimSpace(code))
	if !ok {
		return District{}, false
	}
	return asDistrict(a), true
}

// Districts returns the kecamatan of a regency or city sorted by code, or
// nil for an unknown regency. The slice is the caller's.
func Districts(regencyCode string) []District {
	code := strings.TrimSpace(regencyCode)
	if LevelOf(code) != LevelRegency {
		return nil
	}
	rows := getDistricts().children(code)
	if len(rows) == 0 {
		return nil
	}
	out := make([]District, len(rows))
	for i, a := range rows {
		out[i] = asDistrict(a)
	}
	return out
}

// VillageByCode returns the desa or kelurahan with the given code (for
// example "16.04.01.2001").
func VillageByCode(code string) (Village, bool) {
	a, ok := getVillages().find(strings.TrimSpace(code))
	if !ok {
		return Village{}, false
	}
	return asVillage(a), true
}

// Villages returns the desa and kelurahan of a kecamatan sorted by code, or
// nil for an unknown kecamatan. The slice is the caller's.
func Villages(districtCode string) []Village {
	code := strings.TrimSpace(districtCode)
	if LevelOf(code) != LevelDistrict {
		return nil
	}
	rows := getVillages().children(code)
	if len(rows) == 0 {
		return nil
	}
	out := make([]Village, len(rows))
	for i, a := range rows {
		out[i] = asVillage(a)
	}
	return out
}

// Place resolves a village code to the whole chain: the village, its
// kecamatan, regency or city, and province. It reports false for a code that
// is no village.
func Place(villageCode string) (Address, bool) {
	v, ok := VillageByCode(villageCode)
	if !ok {
		return Address{}, false
	}
	d, ok := DistrictByCode(v.DistrictCode)
	if !ok {
		return Address{}, false
	}
	r, ok := RegencyByCode(d.RegencyCode)
	if !ok {
		return Address{}, false
	}
	p, ok := ProvinceByCode(r.ProvinceCode)
	if !ok {
		return Address{}, false
	}
	return Address{Village: v, District: d, Regency: r, Province: p}, true
}

// Level is the level of an administrative area, as told by its code's form.
type Level int

// The levels, from the top. The zero Level is no level.
const (
	LevelUnknown  Level = iota
	LevelProvince       // "16"
	LevelRegency        // "16.04"
	LevelDistrict       // "16.04.01"
	LevelVillage        // "16.04.01.2001"
)

func (l Level) String() string {
	switch l {
	case LevelProvince:
		return "province"
	case LevelRegency:
		return "regency"
	case LevelDistrict:
		return "district"
	case LevelVillage:
		return "village"
	}
	return "unknown"
}

// segmentWidths are the digits of each segment of a code, by level.
var segmentWidths = [...]int{2, 2, 2, 4}

// LevelOf tells a code's level from its form alone: "16" is a province,
// "16.04" a regency, "16.04.01" a district, "16.04.01.2001" a village;
// anything else (a segment of another width or with a non-digit, a trailing
// dot) is LevelUnknown. It does not look the code up. Surrounding spaces are
// ignored.
func LevelOf(code string) Level {
	code = strings.TrimSpace(code)
	for level, w := range segmentWidths {
		seg, rest, more := strings.Cut(code, ".")
		if !allDigits(seg, w) {
			return LevelUnknown
		}
		if !more {
			return Level(level + 1)
		}
		code = rest
	}
	return LevelUnknown
}

// ParentOf returns the code of the area a code lies in by its form:
// "16.04.01.2001" → "16.04.01" → "16.04" → "16"; "" for a province or a
// code of no level. It does not look the code up.
func ParentOf(code string) string {
	code = strings.TrimSpace(code)
	if LevelOf(code) <= LevelProvince {
		return ""
	}
	return code[:strings.LastIndexByte(code, '.')]
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
