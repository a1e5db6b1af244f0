package umkm

import (
	"context"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// RegistryCount is how many UMKM of one regency have a scale, category and status.
type RegistryCount struct {
	RegencyCode string `json:"regency_code"`
	Scale       string `json:"scale"`
	Category    string `json:"category"`
	Status      string `json:"status"`
	Count       int64  `json:"count"`
	// Halal counts those of them with a halal certificate recorded.
	Halal int64 `json:"halal"`
}

// MonthCount is a count for one month (YYYY-MM).
type MonthCount struct {
	Month string `json:"month"`
	Count int64  `json:"count"`
}

// RegistryFigures is a province's registry (or the country's, for an admin
// asking for no province) from the roll-ups.
type RegistryFigures struct {
	// ProvinceCode is the province the figures are of ("" for every one):
	// an agency asking for none gets its own.
	ProvinceCode string
	ByRegency    []RegistryCount
	// Backlog is the UMKM waiting for verification.
	Backlog int64
	// MedianDaysToVerify is the median whole days from submission to
	// verification of the UMKM verified from the month Since on; -1 when none was.
	MedianDaysToVerify int64
	Verified           int64 // verifications counted in the median
	NewByMonth         []MonthCount
}

// Registry returns the registry's figures of provinceCode ("" for every
// province: the admin's), with verifications and registrations from the
// month since (YYYY-MM) on. An agency asking for another province is
// refused (forbidden); the rows are those of the actor's scope.
func (s *Service) Registry(ctx context.Context, provinceCode, since string) (RegistryFigures, error) {
	actor := platform.ActorFrom(ctx)
	if provinceCode == "" && actor.Role == platform.RoleAgency {
		provinceCode = actor.ProvinceCode // an agency's registry is its province's
	}
	if err := account.Authorize(actor, account.Verify, account.Resource{ProvinceCode: provinceCode}); err != nil {
		return RegistryFigures{}, err
	}
	cond, args := account.ScopeOf(actor).Where(staffOnly)
	if provinceCode != "" {
		cond, args = cond+" AND province_code = ?", append(args, provinceCode)
	}
	q := s.db.Stale()
	rows, err := q.Query(ctx, `SELECT regency_code, scale, category, status, SUM(umkm), SUM(CASE WHEN halal = 1 THEN umkm ELSE 0 END)
		FROM registry_counts WHERE `+cond+` GROUP BY regency_code, scale, category, status
		ORDER BY regency_code, scale, category, status`, args...)
	f := RegistryFigures{ProvinceCode: provinceCode, MedianDaysToVerify: -1}
	if f.ByRegency, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (c RegistryCount, err error) {
		err = r.Scan(&c.RegencyCode, &c.Scale, &c.Category, &c.Status, &c.Count, &c.Halal)
		return c, err
	}); err != nil {
		return f, err
	}
	for _, c := range f.ByRegency {
		if c.Status == string(StatusSubmitted) {
			f.Backlog += c.Count
		}
	}
	rows, err = q.Query(ctx, `SELECT month, SUM(umkm) FROM registry_months WHERE month >= ? AND `+cond+`
		GROUP BY month ORDER BY month`, append([]any{since}, args...)...)
	if f.NewByMonth, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (m MonthCount, err error) {
		err = r.Scan(&m.Month, &m.Count)
		return m, err
	}); err != nil {
		return f, err
	}
	rows, err = q.Query(ctx, `SELECT days, SUM(umkm) FROM registry_verify_days WHERE month >= ? AND `+cond+`
		GROUP BY days ORDER BY days`, append([]any{since}, args...)...)
	type bin struct{ days, n int64 }
	bins, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (b bin, err error) {
		err = r.Scan(&b.days, &b.n)
		return b, err
	})
	if err != nil {
		return f, err
	}
	for _, b := range bins {
		f.Verified += b.n
	}
	// The lower median: the days of the verification in the middle.
	seen := int64(0)
	for _, b := range bins {
		seen += b.n
		if seen*2 >= f.Verified && f.Verified > 0 {
			f.MedianDaysToVerify = b.days
			break
		}
	}
	return f, nil
}
