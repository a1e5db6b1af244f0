package umkm

import (
	"context"
	"strconv"
	"time"

	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The registry's roll-ups (decisions 0034, 0036): counts by regency ×
// scale × category × status × halal × year of verification,
// registrations per month and the days each
// verification took, kept in the transaction of each UMKM change. A UMKM
// changes a few times in its life, so the same transaction costs nothing
// worth a sweep, and the figures are exact at every commit.

// registryKey is what a UMKM is counted under.
type registryKey struct {
	province, regency, scale, category, status string
	halal                                      int
	// verifiedYear is the year (at the province) a verified UMKM was
	// verified; 0 for any other.
	verifiedYear int
}

func keyOf(u UMKM) registryKey {
	k := registryKey{province: u.ProvinceCode, regency: u.RegencyCode, scale: string(u.Scale), category: u.Category,
		status: string(u.Status)}
	if u.HalalCert != "" {
		k.halal = 1
	}
	if u.Status == StatusVerified && u.VerifiedAt != nil {
		k.verifiedYear = u.VerifiedAt.In(region.Location(u.ProvinceCode)).Year()
	}
	return k
}

func bumpCount(ctx context.Context, tx *sqldb.Tx, k registryKey, n int) error {
	_, err := tx.Exec(ctx, `INSERT INTO registry_counts (province_code, regency_code, scale, category, status, halal, verified_year, umkm)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (province_code, regency_code, scale, category, status, halal, verified_year)
		DO UPDATE SET umkm = registry_counts.umkm + excluded.umkm`,
		k.province, k.regency, k.scale, k.category, k.status, k.halal, k.verifiedYear, n)
	if err != nil || n > 0 {
		return err
	}
	_, err = tx.Exec(ctx, `DELETE FROM registry_counts WHERE province_code = ? AND regency_code = ? AND scale = ?
		AND category = ? AND status = ? AND halal = ? AND verified_year = ? AND umkm = 0`,
		k.province, k.regency, k.scale, k.category, k.status, k.halal, k.verifiedYear)
	return err
}

// monthIn is the YYYY-MM of t at the province.
func monthIn(t time.Time, provinceCode string) string {
	return t.In(region.Location(provinceCode)).Format("2006-01")
}

// verifyDays is the whole days from the last submission to the verification.
func verifyDays(u UMKM) (int64, bool) {
	if u.SubmittedAt == nil || u.VerifiedAt == nil || u.VerifiedAt.Before(*u.SubmittedAt) {
		return 0, false
	}
	return int64(u.VerifiedAt.Sub(*u.SubmittedAt) / (24 * time.Hour)), true
}

// countRegistry moves a UMKM's counts from before (nil: it is new) to after.
func countRegistry(ctx context.Context, tx *sqldb.Tx, before *UMKM, after UMKM) error {
	// A registration counts in its UMKM's regency now: one that moves takes
	// its registration along.
	if before == nil || before.RegencyCode != after.RegencyCode || before.ProvinceCode != after.ProvinceCode {
		if before != nil {
			if err := bumpMonth(ctx, tx, *before, -1); err != nil {
				return err
			}
		}
		if err := bumpMonth(ctx, tx, after, 1); err != nil {
			return err
		}
	}
	if before != nil && keyOf(*before) != keyOf(after) {
		if err := bumpCount(ctx, tx, keyOf(*before), -1); err != nil {
			return err
		}
	}
	if before == nil || keyOf(*before) != keyOf(after) {
		if err := bumpCount(ctx, tx, keyOf(after), 1); err != nil {
			return err
		}
	}
	// The days to verify count the UMKM verified now, each by its last
	// verification: one that leaves the verified status (its owner changed
	// what was verified) or its province takes its days along, as a rebuild
	// would count them.
	wasVerified := before != nil && before.Status == StatusVerified
	isVerified := after.Status == StatusVerified
	if wasVerified && isVerified && daysKey(*before) == daysKey(after) {
		return nil
	}
	if wasVerified {
		if err := bumpVerifyDays(ctx, tx, *before, -1); err != nil {
			return err
		}
	}
	if isVerified {
		return bumpVerifyDays(ctx, tx, after, 1)
	}
	return nil
}

// daysKey is the bin a verified UMKM's days to verify count in.
func daysKey(u UMKM) [3]string {
	days, ok := verifyDays(u)
	if !ok {
		return [3]string{}
	}
	return [3]string{u.ProvinceCode, monthIn(*u.VerifiedAt, u.ProvinceCode), strconv.FormatInt(days, 10)}
}

// bumpMonth adds n to the registrations of u's regency in the month it was made.
func bumpMonth(ctx context.Context, tx *sqldb.Tx, u UMKM, n int) error {
	month := monthIn(u.CreatedAt, u.ProvinceCode)
	if _, err := tx.Exec(ctx, `INSERT INTO registry_months (province_code, regency_code, month, umkm) VALUES (?, ?, ?, ?)
		ON CONFLICT (province_code, regency_code, month) DO UPDATE SET umkm = registry_months.umkm + excluded.umkm`,
		u.ProvinceCode, u.RegencyCode, month, n); err != nil || n > 0 {
		return err
	}
	_, err := tx.Exec(ctx, `DELETE FROM registry_months WHERE province_code = ? AND regency_code = ? AND month = ? AND umkm = 0`,
		u.ProvinceCode, u.RegencyCode, month)
	return err
}

// bumpVerifyDays adds n to the days bin of the verified UMKM u.
func bumpVerifyDays(ctx context.Context, tx *sqldb.Tx, u UMKM, n int) error {
	days, ok := verifyDays(u)
	if !ok {
		return nil
	}
	month := monthIn(*u.VerifiedAt, u.ProvinceCode)
	if _, err := tx.Exec(ctx, `INSERT INTO registry_verify_days (province_code, month, days, umkm) VALUES (?, ?, ?, ?)
		ON CONFLICT (province_code, month, days) DO UPDATE SET umkm = registry_verify_days.umkm + excluded.umkm`,
		u.ProvinceCode, month, days, n); err != nil || n > 0 {
		return err
	}
	_, err := tx.Exec(ctx, `DELETE FROM registry_verify_days WHERE province_code = ? AND month = ? AND days = ? AND umkm = 0`,
		u.ProvinceCode, month, days)
	return err
}

// RebuildRegistry recomputes the registry's roll-ups from the UMKM (after a
// bulk load that wrote the table directly, or once on a database made
// before them) and marks them built.
func (s *Service) RebuildRegistry(ctx context.Context) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE rollup_state SET built = 1 WHERE name = 'registry'`); err != nil {
			return err
		}
		for _, t := range []string{"registry_counts", "registry_months", "registry_verify_days"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+t); err != nil {
				return err
			}
		}
		// The year of verification in SQL is verifiedYear's, the same as
		// keyOf's in Go (Indonesia's zones keep no daylight saving time).
		year := `CASE WHEN status = 'verified' AND verified_at IS NOT NULL THEN ` + verifiedYear(s.db.Dialect) + ` ELSE 0 END`
		if _, err := tx.Exec(ctx, `INSERT INTO registry_counts (province_code, regency_code, scale, category, status, halal, verified_year, umkm)
			SELECT province_code, regency_code, scale, category, status, CASE WHEN halal_cert <> '' THEN 1 ELSE 0 END, `+year+`, COUNT(*)
			FROM umkm GROUP BY province_code, regency_code, scale, category, status, CASE WHEN halal_cert <> '' THEN 1 ELSE 0 END, `+year); err != nil {
			return err
		}
		// Months and days are read in Go: each is in the province's own zone.
		months := map[[3]string]int64{}
		days := map[[2]string]map[int64]int64{}
		var after int64
		for {
			rows, err := tx.Query(ctx, `SELECT id, province_code, regency_code, created_at, submitted_at, verified_at, status
				FROM umkm WHERE id > ? ORDER BY id LIMIT 10000`, after)
			type row struct {
				id                  int64
				prov, regency       string
				created             time.Time
				submitted, verified *time.Time
				status              Status
			}
			batch, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x row, err error) {
				err = r.Scan(&x.id, &x.prov, &x.regency, &x.created, &x.submitted, &x.verified, &x.status)
				return x, err
			})
			if err != nil {
				return err
			}
			if len(batch) == 0 {
				break
			}
			for _, x := range batch {
				months[[3]string{x.prov, x.regency, monthIn(x.created, x.prov)}]++
				u := UMKM{SubmittedAt: x.submitted, VerifiedAt: x.verified}
				if d, ok := verifyDays(u); ok && x.status == StatusVerified {
					k := [2]string{x.prov, monthIn(*x.verified, x.prov)}
					if days[k] == nil {
						days[k] = map[int64]int64{}
					}
					days[k][d]++
				}
			}
			after = batch[len(batch)-1].id
		}
		var monthRows, dayRows [][]any
		for k, n := range months {
			monthRows = append(monthRows, []any{k[0], k[1], k[2], n})
		}
		for k, m := range days {
			for d, n := range m {
				dayRows = append(dayRows, []any{k[0], k[1], d, n})
			}
		}
		if len(monthRows) > 0 {
			if err := sqldb.UpsertRows(ctx, tx, `INSERT INTO registry_months (province_code, regency_code, month, umkm) VALUES `, monthRows, ""); err != nil {
				return err
			}
		}
		if len(dayRows) > 0 {
			return sqldb.UpsertRows(ctx, tx, `INSERT INTO registry_verify_days (province_code, month, days, umkm) VALUES `, dayRows, "")
		}
		return nil
	})
}

// RegistryBuilt reports whether the registry's roll-ups were built once.
func (s *Service) RegistryBuilt(ctx context.Context) (bool, error) {
	var built int64
	err := s.db.Reader().QueryRow(ctx, `SELECT built FROM rollup_state WHERE name = 'registry'`).Scan(&built)
	return built == 1, err
}
