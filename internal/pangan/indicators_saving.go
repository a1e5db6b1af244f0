package pangan

import (
	"context"
	"math"
	"slices"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// Saving is what the households of an area ate from their own yards in
// one month, in rupiah at the reference prices: the programme's claimed
// saving ("up to Rp300.000 a month") as a measured figure with its spread.
// It counts the households with a production record that month (a visit
// recorded what they harvested), each with the value of what they ate.
type Saving struct {
	Month      string `json:"month" example:"2024-03" doc:"The latest month of the period with records"`
	Households int64  `json:"households"`
	Mean       int64  `json:"mean"`
	P25        int64  `json:"p25"`
	Median     int64  `json:"median"`
	P75        int64  `json:"p75"`
}

// saving reads the month's per-household values of the area [lo, hi] of
// village codes from pangan_household_months: one indexed row per household,
// so a province's 80,000 are read in tens of milliseconds.
func (s *Service) saving(ctx context.Context, q sqldb.Querier, programmeID int64, month, lo, hi string) (*Saving, error) {
	if month == "" {
		return nil, nil
	}
	rows, err := q.Query(ctx, `SELECT value_home FROM pangan_household_months
		WHERE programme_id = ? AND month = ? AND village_code >= ? AND village_code <= ?`, programmeID, month, lo, hi)
	values, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (v int64, err error) {
		err = r.Scan(&v)
		return v, err
	})
	if err != nil || len(values) == 0 {
		return nil, err
	}
	slices.Sort(values)
	var sum int64 // each value ≤ Rp1 miliar a record × records a month: 80,000 of them far inside int64
	for _, v := range values {
		sum += v
	}
	// Nearest rank: the smallest value with at least p of the households at or below it.
	at := func(p float64) int64 { return values[max(int(math.Ceil(p*float64(len(values))))-1, 0)] }
	return &Saving{Month: month, Households: int64(len(values)), Mean: sum / int64(len(values)), P25: at(0.25), Median: at(0.5), P75: at(0.75)}, nil
}
