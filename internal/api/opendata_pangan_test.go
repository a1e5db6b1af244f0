package api_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/opendata"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestOpenDataHouseholdsReachedFollowTheDashboard: the households reached
// by regency are the food programme's public regency figures; Banyuasin's
// 2 are withheld, and so are Lahat's 6, or the province's 8 would give
// Banyuasin's away.
func TestOpenDataHouseholdsReachedFollowTheDashboard(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newFoodWorld(t, s)
		var visits []map[string]any
		for i := range 6 {
			h := w.household(t, w.agency16, fmt.Sprintf("Warga Lahat %d", i), fmt.Sprintf("160401520385%04d", 11+i), kembangAyun)
			visits = append(visits, visit(h.ID, 0, harvest("cabai", 1, "home")))
		}
		w.household(t, w.agency16, "Belum Dikunjungi", "1604015203850031", kembangAyun) // registered, not reached
		if code, _, body := w.sync(t, w.officer, visits...); code != 200 {
			t.Fatalf("sync Lahat: %d %s", code, body)
		}
		for i := range 2 {
			h := w.household(t, w.agency16, fmt.Sprintf("Warga Banyuasin %d", i), fmt.Sprintf("160701440890%04d", 21+i), mariana)
			if code, _, body := w.sync(t, w.officer2, visit(h.ID, 0, harvest("cabai", 1, "home"))); code != 200 {
				t.Fatalf("sync Banyuasin: %d %s", code, body)
			}
		}
		reach, err := s.App.Pangan.RegencyReach(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		byRegency := map[string]int64{}
		for _, r := range reach {
			byRegency[r.RegencyCode] += r.Households
		}
		// The roll-up says what the public dashboard says.
		for _, reg := range []string{"16.04", "16.07"} {
			var in pangan.Indicators
			if res := s.Do("GET", w.path("/indicators?code=%s", reg), "", nil, &in); res.StatusCode != 200 || in.Reached != byRegency[reg] {
				t.Errorf("%s: RegencyReach %d, the dashboard %d (%d)", reg, byRegency[reg], in.Reached, res.StatusCode)
			}
		}
		if byRegency["16.04"] != 6 || byRegency["16.07"] != 2 {
			t.Fatalf("RegencyReach %v, want Lahat 6 and Banyuasin 2", byRegency)
		}

		var doc openDataFile
		year := time.Now().In(region.Location("16")).Year()
		if res := s.Do("GET", fmt.Sprintf("/data/%s.json?tahun=%d", opendata.NameHouseholdsReached, year), "", nil, &doc); res.StatusCode != 200 {
			t.Fatalf("the JSON file: %d %s", res.StatusCode, res.Body)
		}
		got := map[string]any{}
		for _, r := range doc.Rows {
			if _, dim := r["skala_usaha"]; dim {
				t.Errorf("households have no scale column: %v", r)
			}
			got[r["kode_wilayah"].(string)] = r["data"]
			if r["satuan"] != "rumah tangga" {
				t.Errorf("unit %v", r["satuan"])
			}
		}
		want := map[string]any{"16": float64(8), "16.04": nil, "16.07": nil}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("households reached in %d: %v, want %v", year, got, want)
		}
	})
}
