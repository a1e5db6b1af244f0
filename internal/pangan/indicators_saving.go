package pangan

import (
	"cmp"
	"context"
	"maps"
	"math"
	"slices"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// Saving is what the households of an area ate from their own yards in
// one month, in rupiah at the reference prices: the programme's claimed
// saving ("up to Rp300.000 a month") as a measured figure with its spread.
// It counts the households with a production record that month (a visit
// recorded what they harvested), each with the value of what they ate.
// The mean is exact; the quartiles are read from rupiah bins (savingBin),
// rounded to the nearest Rp5.000 (Rp50.000 above Rp1 juta).
type Saving struct {
	Month      string `json:"month" example:"2024-03" doc:"The latest month of the period with records"`
	Households int64  `json:"households"`
	Mean       int64  `json:"mean"`
	P25        int64  `json:"p25" doc:"Rounded to the nearest Rp5.000 (Rp50.000 above Rp1 juta)"`
	Median     int64  `json:"median"`
	P75        int64  `json:"p75"`
}

// The saving's bins are its values rounded: to the nearest Rp5.000 below
// Rp1 juta, to the nearest Rp50.000 below Rp10 juta, and "Rp10 juta or
// more" above; a bin is named by its rounded value. A quartile is then its
// household's value rounded the same way, so a programme's round figures
// (Rp100.000 of chilli) read as they are. The same rule is written in SQL
// in savingBinSQL (RebuildStats) and migration 0025.
func savingBin(v int64) int64 {
	switch {
	case v < 1_002_500:
		return (max(v, 0) + 2_500) / 5_000 * 5_000
	case v < 10_025_000:
		return (v + 25_000) / 50_000 * 50_000
	}
	return 10_000_000
}

// savingBinSQL is savingBin over a column, for the rebuild.
func savingBinSQL(col string) string {
	return `CASE WHEN ` + col + ` < 1002500 THEN (` + col + ` + 2500) / 5000 * 5000
		WHEN ` + col + ` < 10025000 THEN (` + col + ` + 25000) / 50000 * 50000 ELSE 10000000 END`
}

type savingKey struct{ area, month string }

// savingMove counts a household's month moving from one bin to another
// (from < 0: its first record of the month; bins are rounded values ≥ 0) at every level of its place.
func (d *deltas) savingMove(p place, month string, from, to int64, before, after int64) {
	for _, l := range p.levels() {
		k := savingKey{l[0], month}
		bins := d.savings[k]
		if bins == nil {
			bins = map[int64]*[2]int64{}
			d.savings[k] = bins
		}
		add := func(bin, households, value int64) {
			if bins[bin] == nil {
				bins[bin] = &[2]int64{}
			}
			bins[bin][0] += households
			bins[bin][1] += value
		}
		if from >= 0 {
			add(from, -1, -before)
		}
		add(to, 1, after)
	}
}

// writeSavings adds the bin moves to pangan_saving_bins in key order (as
// write does the roll-up's, so concurrent syncs queue, not deadlock).
func (d *deltas) writeSavings(ctx context.Context, tx *sqldb.Tx, programmeID int64) error {
	keys := slices.SortedFunc(maps.Keys(d.savings), func(a, b savingKey) int {
		return cmp.Or(cmp.Compare(a.area, b.area), cmp.Compare(a.month, b.month))
	})
	var rows [][]any
	for _, k := range keys {
		for _, bin := range slices.Sorted(maps.Keys(d.savings[k])) {
			if x := d.savings[k][bin]; x[0] != 0 || x[1] != 0 {
				rows = append(rows, []any{programmeID, k.area, k.month, bin, x[0], x[1]})
			}
		}
	}
	return sqldb.UpsertRows(ctx, tx, `INSERT INTO pangan_saving_bins (programme_id, area_code, month, bin, households, value_sum) VALUES `, rows,
		` ON CONFLICT (programme_id, area_code, month, bin) DO UPDATE SET
		households = pangan_saving_bins.households + excluded.households, value_sum = pangan_saving_bins.value_sum + excluded.value_sum`)
}

// saving reads an area's month from its bins: a few hundred rows at most,
// whatever the number of households.
func (s *Service) saving(ctx context.Context, q sqldb.Querier, programmeID int64, area, month string) (*Saving, error) {
	if month == "" {
		return nil, nil
	}
	rows, err := q.Query(ctx, `SELECT bin, households, value_sum FROM pangan_saving_bins
		WHERE programme_id = ? AND area_code = ? AND month = ? AND households > 0 ORDER BY bin`, programmeID, area, month)
	type binRow struct{ bin, households, sum int64 }
	bins, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (b binRow, err error) {
		err = r.Scan(&b.bin, &b.households, &b.sum)
		return b, err
	})
	if err != nil || len(bins) == 0 {
		return nil, err
	}
	sv := &Saving{Month: month}
	var sum int64 // each household's month ≤ a few Rp miliar: 80,000 of them far inside int64
	for _, b := range bins {
		sv.Households += b.households
		sum += b.sum
	}
	sv.Mean = sum / sv.Households
	// Nearest rank: the smallest (rounded) value with at least p of the
	// households at or below it.
	at := func(p float64) int64 {
		rank := max(int64(math.Ceil(p*float64(sv.Households))), 1)
		var seen int64
		for _, b := range bins {
			if seen += b.households; seen >= rank {
				return b.bin
			}
		}
		return bins[len(bins)-1].bin
	}
	sv.P25, sv.Median, sv.P75 = at(0.25), at(0.5), at(0.75)
	return sv, nil
}
