package api_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/testutil"
)

// openDataWorld is a registry for the open data tests: verified UMKM in
// three regencies of Sumsel and one of Jawa Barat, some counts under 5,
// drafts and submissions that must not count, and the catalogue's clock
// on 2 December 2026.
type openDataWorld struct {
	s     *testutil.Server
	owner int64
	nib   int
	// verified counts what was added verified: [year][regency][scale].
	verified map[int]map[string]map[string]int64
}

var openDataNow = time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)

func newOpenDataWorld(t *testing.T, s *testutil.Server) *openDataWorld {
	t.Helper()
	w := &openDataWorld{s: s, owner: s.MustUser("pemilik.od@gerai.id", platform.RoleSeller, "").ID, verified: map[int]map[string]map[string]int64{}}
	s.App.OpenData.Now = func() time.Time { return openDataNow }
	in2025 := time.Date(2025, 6, 10, 3, 0, 0, 0, time.UTC)
	in2026 := time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		regency, scale, status string
		at                     time.Time
		n                      int
	}{
		{"16.71", "mikro", "verified", in2025, 12}, // Palembang
		{"16.71", "kecil", "verified", in2025, 3},
		{"16.71", "menengah", "submitted", in2025, 2}, // not verified: not counted
		{"16.04", "mikro", "verified", in2025, 8},     // Lahat
		{"16.04", "kecil", "verified", in2025, 6},
		{"16.04", "menengah", "verified", in2025, 1},
		{"16.07", "mikro", "verified", in2025, 20}, // Banyuasin
		{"16.07", "kecil", "verified", in2025, 7},
		{"16.07", "menengah", "verified", in2025, 5},
		{"16.71", "mikro", "verified", in2026, 4},
		{"16.07", "menengah", "verified", in2026, 2},
		{"16.07", "mikro", "draft", in2026, 9},
		{"32.73", "mikro", "verified", in2026, 9}, // Kota Bandung, from 2026 only
		{"32.73", "kecil", "rejected", in2026, 3},
	} {
		w.add(t, c.regency, c.scale, c.status, c.at, c.n)
	}
	return w
}

// add inserts n UMKM of a regency and scale in a status, verified at at
// when verified (the registry's own flow has no way to date a verification).
func (w *openDataWorld) add(t *testing.T, regency, scale, status string, at time.Time, n int) {
	t.Helper()
	if status == "verified" && n > 0 {
		y := at.In(region.Location(regency[:2])).Year()
		if w.verified[y] == nil {
			w.verified[y] = map[string]map[string]int64{}
		}
		if w.verified[y][regency] == nil {
			w.verified[y][regency] = map[string]int64{}
		}
		w.verified[y][regency][scale] += int64(n)
	}
	for range n {
		w.nib++
		var verifiedAt any
		if status == "verified" {
			verifiedAt = at
		}
		if _, err := w.s.App.DB.Writer().Exec(t.Context(), `INSERT INTO umkm (owner_id, name, owner_name, nib, province_code, regency_code,
			category, scale, status, verified_at, created_at, updated_at) VALUES (?, ?, 'Pemilik', ?, ?, ?, 'kuliner', ?, ?, ?, ?, ?)`,
			w.owner, fmt.Sprintf("Usaha %d", w.nib), fmt.Sprintf("91%011d", w.nib), regency[:2], regency, scale, status, verifiedAt, at, at); err != nil {
			t.Fatal(err)
		}
	}
	// Written past the service: the registry's roll-up, which open data
	// reads, is rebuilt from the table as after a bulk load.
	if n > 0 {
		if err := w.s.App.UMKM.RebuildRegistry(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
}

// verifiedBy is how many UMKM of a regency and scale were verified by the
// end of year (scale "semua": every scale; regency a province code: all its regencies).
func (w *openDataWorld) verifiedBy(year int, area, scale string) int64 {
	var n int64
	for y, regs := range w.verified {
		if y > year {
			continue
		}
		for reg, scales := range regs {
			if reg != area && region.ParentOf(reg) != area {
				continue
			}
			for sc, k := range scales {
				if scale == "semua" || sc == scale {
					n += k
				}
			}
		}
	}
	return n
}
