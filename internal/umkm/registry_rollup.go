package umkm

import (
	"context"
	"time"

	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The registry's roll-ups (decision 0034): counts by regency × scale ×
// category × status × halal, registrations per month and the days each
// verification took, kept in the transaction of each UMKM change. A UMKM
// changes a few times in its life, so the same transaction costs nothing
// worth a sweep, and the figures are exact at every commit.

// registryKey is what a UMKM is counted under.
type registryKey struct {
	province, regency, scale, category, status string
	halal                                      int
}

func keyOf(u UMKM) registryKey {
	k := registryKey{province: u.ProvinceCode, regency: u.RegencyCode, scale: string(u.Scale), category: u.Category,
		status: string(u.Status)}
	if u.HalalCert != "" {
		k.halal = 1
	}
	return k
}

func bumpCount(ctx context.Context, tx *sqldb.Tx, k registryKey, n int) error {
	_, err := tx.Exec(ctx, `INSERT INTO registry_counts (province_code, regency_code, scale, category, status, halal, umkm)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (province_code, regency_code, scale, category, status, halal)
		DO UPDATE SET umkm = registry_counts.umkm + excluded.umkm`,
		k.province, k.regency, k.scale, k.category, k.status, k.halal, n)
	if err != nil || n > 0 {
		return err
	}
	_, err = tx.Exec(ctx, `DELETE FROM registry_counts WHERE province_code = ? AND regency_code = ? AND scale = ?
		AND category = ? AND status = ? AND halal = ? AND umkm = 0`, k.province, k.regency, k.scale, k.category, k.status, k.halal)
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
	if before == nil {
		if _, err := tx.Exec(ctx, `INSERT INTO registry_months (province_code, regency_code, month, umkm) VALUES (?, ?, ?, 1)
			ON CONFLICT (province_code, regency_code, month) DO UPDATE SET umkm = registry_months.umkm + 1`,
			after.ProvinceCode, after.RegencyCode, monthIn(after.CreatedAt, after.ProvinceCode)); err != nil {
			return err
		}
	} else if keyOf(*before) != keyOf(after) {
		if err := bumpCount(ctx, tx, keyOf(*before), -1); err != nil {
			return err
		}
	}
	if before == nil || keyOf(*before) != keyOf(after) {
		if err := bumpCount(ctx, tx, keyOf(after), 1); err != nil {
			return err
		}
	}
	if before != nil && before.Status != StatusVerified && after.Status == StatusVerified {
		if days, ok := verifyDays(after); ok {
			_, err := tx.Exec(ctx, `INSERT INTO registry_verify_days (province_code, month, days, umkm) VALUES (?, ?, ?, 1)
				ON CONFLICT (province_code, month, days) DO UPDATE SET umkm = registry_verify_days.umkm + 1`,
				after.ProvinceCode, monthIn(*after.VerifiedAt, after.ProvinceCode), days)
			return err
		}
	}
	return nil
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
		if _, err := tx.Exec(ctx, `INSERT INTO registry_counts (province_code, regency_code, scale, category, status, halal, umkm)
			SELECT province_code, regency_code, scale, category, status, CASE WHEN halal_cert <> '' THEN 1 ELSE 0 END, COUNT(*)
			FROM umkm GROUP BY province_code, regency_code, scale, category, status, CASE WHEN halal_cert <> '' THEN 1 ELSE 0 END`); err != nil {
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
