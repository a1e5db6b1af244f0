package umkm

import (
	"context"
	"strings"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// AreaCount is how many of a regency's UMKM of one scale, verified today,
// were verified in one year (in the province's time zone).
type AreaCount struct {
	ProvinceCode string
	RegencyCode  string
	Scale        Scale
	Year         int
	Count        int64
}

// VerifiedCounts counts the verified UMKM by regency, scale and year of
// verification, for open data: the registry's public part (verified
// records, whoever asks: every role sees the same), read from the
// registry's roll-up (registry_counts keeps the year of verification of
// each verified UMKM, decision 0036), a few thousand rows whatever the
// number of UMKM.
func (s *Service) VerifiedCounts(ctx context.Context) ([]AreaCount, error) {
	// Open data is the public part whatever the caller: the anonymous scope.
	scope, args := account.ScopeOf(platform.Actor{}).Where(Visible)
	rows, err := s.db.Reader().Query(ctx, `SELECT province_code, regency_code, scale, verified_year, SUM(umkm)
		FROM registry_counts WHERE `+scope+` AND verified_year > 0
		GROUP BY province_code, regency_code, scale, verified_year ORDER BY province_code, regency_code, scale, verified_year`, args...)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (c AreaCount, err error) {
		var scale string
		err = r.Scan(&c.ProvinceCode, &c.RegencyCode, &scale, &c.Year, &c.Count)
		c.Scale = Scale(scale)
		return c, err
	})
}

// verifiedYear is the SQL of verified_at's year in its province's zone
// (the roll-up's rebuild).
// The zones come from the embedded region data (digits and zone names
// only), written as literals so that the expression needs no arguments;
// Indonesia's zones keep no daylight saving time, so SQLite's fixed
// offsets are exact.
func verifiedYear(d sqldb.Dialect) string {
	byZone := map[string][]string{}
	for _, p := range region.Provinces() {
		if z := p.TimeZone; region.KnownZone(z) && z != region.ZoneWIB {
			byZone[z] = append(byZone[z], "'"+p.Code+"'")
		}
	}
	var b strings.Builder
	b.WriteString("CASE")
	for _, z := range []string{region.ZoneWITA, region.ZoneWIT} {
		if len(byZone[z]) == 0 {
			continue
		}
		b.WriteString(" WHEN province_code IN (" + strings.Join(byZone[z], ", ") + ") THEN ")
		b.WriteString(zoneLiteral(d, z))
	}
	b.WriteString(" ELSE " + zoneLiteral(d, region.ZoneWIB) + " END")
	if d == sqldb.Postgres {
		return `CAST(EXTRACT(YEAR FROM verified_at AT TIME ZONE ` + b.String() + `) AS INTEGER)`
	}
	return `CAST(strftime('%Y', verified_at, ` + b.String() + `) AS INTEGER)`
}

func zoneLiteral(d sqldb.Dialect, zone string) string {
	if d == sqldb.Postgres {
		return "'" + zone + "'"
	}
	return map[string]string{region.ZoneWIB: "'+25200 seconds'", region.ZoneWITA: "'+28800 seconds'", region.ZoneWIT: "'+32400 seconds'"}[zone]
}
