package api_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/opendata"
	"github.com/gerai-id/gerai/internal/testutil"
)

// openDataFile is the JSON file of a dataset.
type openDataFile struct {
	Name     string `json:"nama"`
	Metadata struct {
		Title   string `json:"judul"`
		License string `json:"lisensi"`
		Unit    string `json:"satuan"`
	} `json:"metadata"`
	Fields   []opendata.Field `json:"fields"`
	Withheld string           `json:"tanda_disembunyikan"`
	Rows     []map[string]any `json:"rows"`
}

// TestOpenDataFilesAgainstAReaderWhoSubtracts: the verified UMKM, as CSV
// and as JSON, with random counts in Lampung beside the fixed world: every
// published figure is the registry's own count at the year's end, every
// count from 1 to 4 is withheld, and a reader who subtracts published
// figures from published totals, line after line, learns nothing withheld.
func TestOpenDataFilesAgainstAReaderWhoSubtracts(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newOpenDataWorld(t, s)
		rng := rand.New(rand.NewPCG(13, 5))
		for _, reg := range []string{"18.01", "18.02", "18.03", "18.04", "18.05", "18.71"} {
			for _, sc := range []string{"mikro", "kecil", "menengah"} {
				for _, y := range []int{2024, 2025, 2026} {
					n := []int{0, 0, 1, 2, 3, 4, 5, 8, 13}[rng.IntN(9)]
					w.add(t, reg, sc, "verified", time.Date(y, time.Month(1+rng.IntN(11)), 15, 3, 0, 0, 0, time.UTC), n)
				}
			}
		}
		res := s.Do("GET", "/data/"+opendata.NameVerifiedUMKM+".json", "", nil, nil)
		var doc openDataFile
		if res.StatusCode != 200 || !strings.HasPrefix(res.ContentType, "application/json") || json.Unmarshal(res.Body, &doc) != nil {
			t.Fatalf("the JSON file: %d %s %.200s", res.StatusCode, res.ContentType, res.Body)
		}
		if doc.Name != opendata.NameVerifiedUMKM || doc.Metadata.Title == "" || !strings.Contains(doc.Metadata.License, "CC BY 4.0") ||
			doc.Metadata.Unit != "unit usaha" || doc.Withheld != opendata.Withheld {
			t.Errorf("the JSON file's head: %+v", doc)
		}
		res = s.Do("GET", "/data/"+opendata.NameVerifiedUMKM+".csv", "", nil, nil)
		lines, err := csv.NewReader(bytes.NewReader(res.Body)).ReadAll()
		if res.StatusCode != 200 || err != nil || len(lines) != len(doc.Rows)+1 {
			t.Fatalf("the CSV file: %d %v, %d lines for %d JSON rows", res.StatusCode, err, len(lines), len(doc.Rows))
		}
		var names []string
		for _, f := range doc.Fields {
			names = append(names, f.ID)
		}
		if !slices.Equal(lines[0], names) {
			t.Errorf("CSV header %v, want the fields %v", lines[0], names)
		}
		// The CSV says what the JSON says: an empty cell where data is null.
		for i, r := range doc.Rows {
			for j, f := range names {
				want := ""
				switch v := r[f].(type) {
				case string:
					want = v
				case float64:
					want = strconv.FormatInt(int64(v), 10)
				}
				if lines[i+1][j] != want {
					t.Fatalf("CSV line %d column %s: %q, JSON %v", i+2, f, lines[i+1][j], r[f])
				}
			}
		}

		type entry struct {
			year        int
			area, scale string
		}
		published := map[entry]int64{}
		withheld := map[entry]bool{}
		for _, r := range doc.Rows {
			e := entry{int(r["tahun"].(float64)), r["kode_wilayah"].(string), r["skala_usaha"].(string)}
			truth := w.verifiedBy(e.year, e.area, e.scale)
			if r["data"] == nil {
				if r["keterangan"] != opendata.Withheld {
					t.Errorf("%v: no data and keterangan %q", e, r["keterangan"])
				}
				withheld[e] = true
				continue
			}
			if got := int64(r["data"].(float64)); got != truth {
				t.Errorf("%v: published %d, the registry counts %d", e, got, truth)
			}
			if truth > 0 && truth < opendata.MinCell {
				t.Errorf("%v: %d published", e, truth)
			}
			published[e] = truth
		}
		if len(withheld) < 10 {
			t.Fatalf("only %d withheld entries: the world does not test suppression", len(withheld))
		}
		// Lampung from 2024, Sumsel from 2025, Jabar from 2026, each year up to 2026.
		years := map[string][]int{}
		for e := range published {
			if len(e.area) == 2 && !slices.Contains(years[e.area], e.year) {
				years[e.area] = append(years[e.area], e.year)
			}
		}
		for e := range withheld {
			if len(e.area) == 2 && !slices.Contains(years[e.area], e.year) {
				years[e.area] = append(years[e.area], e.year)
			}
		}
		for prov, want := range map[string][]int{"18": {2024, 2025, 2026}, "16": {2025, 2026}, "32": {2026}} {
			slices.Sort(years[prov])
			if !slices.Equal(years[prov], want) {
				t.Errorf("province %s published for years %v, want %v", prov, years[prov], want)
			}
		}

		// The reader: in each line (a regency's scales and its total, a
		// scale's regencies and the province's figure, the province's
		// scales and its total, the regencies' totals and the province's),
		// one unknown entry is the total minus the rest; what it learns it
		// uses again, until nothing moves.
		scales := []string{"mikro", "kecil", "menengah"}
		known := func(e entry) bool { _, ok := published[e]; return ok || !withheld[e] }
		for progress := true; progress; {
			progress = false
			var lines [][]entry // the last entry of a line is its total
			blocks := map[[2]any][]string{}
			for e := range withheld {
				if len(e.area) == 2 {
					continue
				}
				k := [2]any{e.year, e.area[:2]}
				if !slices.Contains(blocks[k], e.area) {
					blocks[k] = append(blocks[k], e.area)
				}
			}
			for e := range published {
				k := [2]any{e.year, e.area[:2]}
				if len(e.area) > 2 && !slices.Contains(blocks[k], e.area) {
					blocks[k] = append(blocks[k], e.area)
				}
			}
			for k, regs := range blocks {
				year, prov := k[0].(int), k[1].(string)
				for _, reg := range append(slices.Clone(regs), prov) {
					var l []entry
					for _, sc := range append(slices.Clone(scales), "semua") {
						l = append(l, entry{year, reg, sc})
					}
					lines = append(lines, l)
				}
				for _, sc := range append(slices.Clone(scales), "semua") {
					var l []entry
					for _, reg := range append(slices.Clone(regs), prov) {
						l = append(l, entry{year, reg, sc})
					}
					lines = append(lines, l)
				}
			}
			for _, l := range lines {
				var unknown []entry
				for _, e := range l {
					if !known(e) {
						unknown = append(unknown, e)
					}
				}
				if len(unknown) == 1 {
					t.Errorf("the reader works out %v = %d from its line %v", unknown[0], w.verifiedBy(unknown[0].year, unknown[0].area, unknown[0].scale), l)
					published[unknown[0]] = 0
					progress = true
				}
			}
		}

		// The files filter as the page does; a filter that is not one is refused.
		var jabar openDataFile
		if res := s.Do("GET", "/data/"+opendata.NameVerifiedUMKM+".json?provinsi=32&tahun=2026", "", nil, &jabar); res.StatusCode != 200 || len(jabar.Rows) != 8 {
			t.Errorf("Jawa Barat 2026: %d, %d rows, want 8", res.StatusCode, len(jabar.Rows))
		}
		for _, q := range []string{"?provinsi=99", "?tahun=dua-ribu"} {
			if res := s.Do("GET", "/data/"+opendata.NameVerifiedUMKM+".csv"+q, "", nil, nil); res.StatusCode/100 != 4 {
				t.Errorf("%s: %d, want a 4xx", q, res.StatusCode)
			}
		}
		if res := s.Do("GET", "/data/tidak-ada.csv", "", nil, nil); res.StatusCode != 404 {
			t.Errorf("an unknown dataset's file: %d", res.StatusCode)
		}
	})
}
