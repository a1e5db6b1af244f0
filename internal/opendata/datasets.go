package opendata

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Names of the datasets.
const (
	NameVerifiedUMKM      = "jumlah-umkm-terverifikasi"
	NameHouseholdsReached = "rumah-tangga-terjangkau-program-pangan"
	NameB2CSales          = "penjualan-b2c-umkm"
)

// VerifiedUMKM is the number of verified UMKM by province and regency, by
// scale (mikro, kecil, menengah) and year: the UMKM verified by the end
// of the year (by their verification date, in the province's zone) that
// are verified today; the current year up to today. counts is the
// registry's aggregate (umkm.Service.VerifiedCounts).
func VerifiedUMKM(counts func(context.Context) ([]umkm.AreaCount, error)) *Dataset {
	scales := []string{string(umkm.ScaleMikro), string(umkm.ScaleKecil), string(umkm.ScaleMenengah)}
	return &Dataset{Name: NameVerifiedUMKM, Key: "umkm_verified", Tags: []string{"umkm", "koperasi", "usaha mikro kecil menengah"},
		Dimension: &Dimension{Column: "skala_usaha", Values: scales, Total: "semua", Label: "scale", Labels: "scale_"},
		Source: func(ctx context.Context, now time.Time) ([]Block, error) {
			cs, err := counts(ctx)
			if err != nil {
				return nil, err
			}
			var in []yearCount
			for _, c := range cs {
				in = append(in, yearCount{province: c.ProvinceCode, area: c.RegencyCode, class: slices.Index(scales, string(c.Scale)), year: c.Year, n: c.Count})
			}
			return cumulativeByYear(in, len(scales), now), nil
		}}
}

// HouseholdsReached is the number of households the province's food
// programmes reached by regency and year: reached (a visit or a proven
// aid delivery) by the end of the year, the current year up to today.
// reach is the programmes' public regency figures (pangan.Service.RegencyReach).
func HouseholdsReached(reach func(context.Context) ([]pangan.ReachCount, error)) *Dataset {
	return &Dataset{Name: NameHouseholdsReached, Key: "households_reached", Tags: []string{"pangan", "rumah tangga", "ketahanan pangan"},
		Source: func(ctx context.Context, now time.Time) ([]Block, error) {
			rs, err := reach(ctx)
			if err != nil {
				return nil, err
			}
			var in []yearCount
			for _, r := range rs {
				y, err := strconv.Atoi(r.Month[:min(4, len(r.Month))])
				if err != nil {
					continue // not a month: not a figure of any year
				}
				in = append(in, yearCount{province: r.ProvinceCode, area: r.RegencyCode, year: y, n: r.Households})
			}
			return cumulativeByYear(in, 1, now), nil
		}}
}

// B2CSales is the rupiah of paid B2C sales (not cancelled, refunds
// netted) of each province's UMKM through Gerai, by month (at the seller's
// province), to buyers of every province: one block a month whose areas
// are the seller provinces. A province's cell counting fewer than five
// orders is withheld, and so is a second one of the month
// (Suppress, by the orders); the blocks publish no total over the
// provinces (there is no area above a province to publish it under), so
// no published sum can give a withheld cell back. flows is the sales
// roll-up's public read (sales.Service.PublicProvinceMonths).
func B2CSales(flows func(context.Context) (sales.Figures[sales.ProvinceMonth], error)) *Dataset {
	return &Dataset{Name: NameB2CSales, Key: "b2c_sales", Tags: []string{"umkm", "penjualan", "perdagangan antarprovinsi"},
		Source: func(ctx context.Context, now time.Time) ([]Block, error) {
			f, err := flows(ctx)
			if err != nil {
				return nil, err
			}
			if f.Overflow {
				return nil, errors.New("a month's sales do not fit an int64")
			}
			var blocks []Block
			for _, pm := range f.Rows {
				y, err := strconv.Atoi(pm.Month[:min(4, len(pm.Month))])
				if err != nil || len(pm.Month) != 7 {
					continue // not a month
				}
				if _, ok := region.ProvinceByCode(pm.SellerProvince); !ok || pm.Orders == 0 {
					continue
				}
				if n := len(blocks); n == 0 || blocks[n-1].Year != y || blocks[n-1].Period != pm.Month[5:] {
					blocks = append(blocks, Block{Year: y, Period: pm.Month[5:]})
				}
				b := &blocks[len(blocks)-1]
				b.Areas = append(b.Areas, pm.SellerProvince)
				b.Counts = append(b.Counts, []int64{pm.Orders})
				b.Values = append(b.Values, []int64{pm.Amount})
			}
			return blocks, nil
		}}
}

// yearCount is what an area of a province added to a class in a year.
type yearCount struct {
	province, area string
	class, year    int
	n              int64
}

// cumulativeByYear turns yearly additions into one block per province
// and year, from the province's first year to the current one (in the
// province's zone), each cell what was added up to the end of that year.
// A block's areas are those with anything by then; an area outside its
// province (bad data) or a class out of range is left out.
func cumulativeByYear(in []yearCount, classes int, now time.Time) []Block {
	byProvince := map[string][]yearCount{}
	for _, c := range in {
		if c.class < 0 || c.class >= classes || region.ParentOf(c.area) != c.province || c.n == 0 {
			continue
		}
		byProvince[c.province] = append(byProvince[c.province], c)
	}
	var blocks []Block
	for _, prov := range slices.Sorted(maps.Keys(byProvince)) {
		cs := byProvince[prov]
		first := slices.MinFunc(cs, func(a, b yearCount) int { return a.year - b.year }).year
		last := now.In(region.Location(prov)).Year()
		for y := first; y <= last; y++ {
			sums := map[string][]int64{}
			for _, c := range cs {
				if c.year > y {
					continue
				}
				if sums[c.area] == nil {
					sums[c.area] = make([]int64, classes)
				}
				sums[c.area][c.class] += c.n
			}
			b := Block{Year: y, Period: PeriodYear, Total: prov}
			for _, a := range slices.Sorted(maps.Keys(sums)) {
				b.Areas = append(b.Areas, a)
				b.Counts = append(b.Counts, sums[a])
			}
			blocks = append(blocks, b)
		}
	}
	return blocks
}
