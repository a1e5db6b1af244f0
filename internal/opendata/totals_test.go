package opendata

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/umkm"
)

// noSubtraction fails when a published total has exactly one withheld
// part: the total minus the published parts would give that part back.
// The lines of a block are each area's classes with the area's total
// (with a Dimension), each class's areas with the province's figure of the
// class, and the province's classes with its grand total.
func noSubtraction(t *testing.T, d *Dataset, rows []Row) {
	t.Helper()
	type cellKey struct {
		period, area, class string
	}
	cell := map[cellKey]Row{}
	periods := map[string]bool{}
	for _, r := range rows {
		p := fmt.Sprint(r.Tahun, "/", r.Periode)
		periods[p] = true
		cell[cellKey{p, r.KodeWilayah, r.Kelas}] = r
	}
	classes, total := []string{""}, ""
	if d.Dimension != nil {
		classes, total = d.Dimension.Values, d.Dimension.Total
	}
	check := func(what string, sum Row, hasSum bool, parts []Row) {
		if !hasSum || sum.Data == nil {
			return // no total published: nothing to subtract from
		}
		withheld := 0
		for _, p := range parts {
			if p.Data == nil {
				withheld++
			}
		}
		if withheld == 1 {
			t.Errorf("%s: the published total %d gives back its one withheld part", what, *sum.Data)
		}
	}
	for p := range periods {
		var areas []string
		provinces := map[string]bool{}
		for k, r := range cell {
			if k.period != p || k.class != classes[0] {
				continue
			}
			if r.LevelWilayah == LevelProvince {
				provinces[k.area] = true
			} else {
				areas = append(areas, k.area)
			}
		}
		for _, a := range areas {
			if d.Dimension != nil { // an area's classes and its total
				var parts []Row
				for _, c := range classes {
					parts = append(parts, cell[cellKey{p, a, c}])
				}
				s, ok := cell[cellKey{p, a, total}]
				check(p+" "+a, s, ok, parts)
			}
		}
		for prov := range provinces {
			for _, c := range append(append([]string{}, classes...), total) {
				if c == "" && d.Dimension != nil {
					continue
				}
				var parts []Row
				for _, a := range areas {
					if a[:2] == prov {
						if r, ok := cell[cellKey{p, a, c}]; ok {
							parts = append(parts, r)
						}
					}
				}
				s, ok := cell[cellKey{p, prov, c}]
				check(p+" "+prov+" class "+c, s, ok, parts)
			}
			if d.Dimension != nil {
				var parts []Row
				for _, c := range classes {
					parts = append(parts, cell[cellKey{p, prov, c}])
				}
				s, ok := cell[cellKey{p, prov, total}]
				check(p+" "+prov+" over the classes", s, ok, parts)
			}
		}
	}
}

// TestTotalsDoNotUndoSuppressionInEitherDataset: in the verified UMKM (a
// province's regencies × scales with every total published) and the B2C
// sales (the provinces of each month, no total over them), a cell under 5
// is withheld and no published total minus the published figures gives it
// back: the verified counts withhold a second cell of each line (Lahat's
// kecil hides Palembang's kecil in the column and Lahat's mikro in the row),
// the sales publish no sum over the provinces.
func TestTotalsDoNotUndoSuppressionInEitherDataset(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	verified := VerifiedUMKM(func(context.Context) ([]umkm.AreaCount, error) {
		return []umkm.AreaCount{
			{ProvinceCode: "16", RegencyCode: "16.04", Scale: umkm.ScaleMikro, Year: 2026, Count: 40},
			{ProvinceCode: "16", RegencyCode: "16.04", Scale: umkm.ScaleKecil, Year: 2026, Count: 3},
			{ProvinceCode: "16", RegencyCode: "16.71", Scale: umkm.ScaleMikro, Year: 2026, Count: 120},
			{ProvinceCode: "16", RegencyCode: "16.71", Scale: umkm.ScaleKecil, Year: 2026, Count: 25},
			{ProvinceCode: "16", RegencyCode: "16.71", Scale: umkm.ScaleMenengah, Year: 2026, Count: 7},
			{ProvinceCode: "32", RegencyCode: "32.73", Scale: umkm.ScaleMenengah, Year: 2026, Count: 1},
			{ProvinceCode: "32", RegencyCode: "32.73", Scale: umkm.ScaleMikro, Year: 2026, Count: 60},
			{ProvinceCode: "32", RegencyCode: "32.01", Scale: umkm.ScaleMikro, Year: 2026, Count: 9},
		}, nil
	})
	b2c := B2CSales(func(context.Context) (sales.Figures[sales.ProvinceMonth], error) {
		return sales.Figures[sales.ProvinceMonth]{Rows: []sales.ProvinceMonth{
			{SellerProvince: "16", Month: "2026-03", Orders: 120, Amount: 55_200_000},
			{SellerProvince: "32", Month: "2026-03", Orders: 3, Amount: 450_000},
			{SellerProvince: "51", Month: "2026-03", Orders: 40, Amount: 8_000_000},
			{SellerProvince: "16", Month: "2026-04", Orders: 90, Amount: 40_000_000},
			{SellerProvince: "32", Month: "2026-04", Orders: 70, Amount: 31_000_000},
		}}, nil
	})
	c := New(verified, b2c)
	c.Now = func() time.Time { return now }
	for _, d := range []*Dataset{verified, b2c} {
		rows, err := c.Rows(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		withheld := 0
		for _, r := range rows {
			if r.Data == nil {
				withheld++
				if r.Keterangan != Withheld {
					t.Errorf("%s: %s withheld without the mark", d.Name, r.KodeWilayah)
				}
			} else if r.Keterangan == Withheld {
				t.Errorf("%s: %s marked but published", d.Name, r.KodeWilayah)
			}
		}
		if withheld < 2 {
			t.Errorf("%s: %d figures withheld, want the small cells and their complements", d.Name, withheld)
		}
		noSubtraction(t, d, rows)
	}

	// The sales: Jawa Barat's March (3 orders) is withheld, and with it the
	// smallest other province of the month (Bali), though no sum is
	// published; April is published whole; no province row is a total.
	rows, _ := c.Rows(context.Background(), b2c)
	got := map[string]*int64{}
	for _, r := range rows {
		got[r.KodeWilayah+" "+r.Periode] = r.Data
		if r.LevelWilayah != LevelProvince {
			t.Errorf("sales row %+v", r)
		}
	}
	if len(rows) != 5 || got["32 03"] != nil || got["51 03"] != nil || got["16 03"] == nil || *got["16 03"] != 55_200_000 ||
		got["32 04"] == nil || *got["32 04"] != 31_000_000 {
		t.Errorf("sales rows: %v", got)
	}
}
