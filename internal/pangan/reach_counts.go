package pangan

import (
	"context"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// ReachCount is how many households the food programmes of a province
// reached for the first time in one of its regencies in one month.
type ReachCount struct {
	ProvinceCode string
	RegencyCode  string
	Month        string // YYYY-MM, in the province's zone
	Households   int64
}

// RegencyReach reads, for open data, the households first reached by
// regency and month, summed over each province's programmes: the public
// regency figures of the dashboards (Indicators at regency level), from
// the roll-up, so the answer does not grow with the households.
func (s *Service) RegencyReach(ctx context.Context) ([]ReachCount, error) {
	// Regency rows of the roll-up: a code of 5 characters (16.04) under its province.
	rows, err := s.db.Reader().Query(ctx, `SELECT p.province_code, st.area_code, st.month, SUM(st.households_reached)
		FROM pangan_stats st JOIN pangan_programmes p ON p.id = st.programme_id
		WHERE st.commodity_code = '' AND LENGTH(st.area_code) = 5 AND st.households_reached <> 0
		GROUP BY p.province_code, st.area_code, st.month ORDER BY p.province_code, st.area_code, st.month`)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (c ReachCount, err error) {
		err = r.Scan(&c.ProvinceCode, &c.RegencyCode, &c.Month, &c.Households)
		return c, err
	})
}
