package sales

import (
	"context"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Offline sales: what a UMKM sold at an expo booth or a mall stall, through
// the cashier (migration 0036, decision 0039). Naik kelas counts them with
// the orders. They are kept per UMKM and month in the transaction that
// records or voids the sale: a row only that UMKM's own cashiers write, so
// no sweep is needed, and the dashboards read a row per UMKM-month.

// NoteOffline adds (sign +1) or takes away (sign -1, a void) one offline
// sale of total rupiah of umkmID on day (YYYY-MM-DD at the venue) in tx.
func NoteOffline(ctx context.Context, tx *sqldb.Tx, umkmID int64, day string, sign, total int64) error {
	if umkmID == 0 {
		return nil // an exhibitor outside the registry: no UMKM to count it for
	}
	var d delta
	d.add(sign, total)
	if _, err := tx.Exec(ctx, `INSERT INTO sales_offline_months (umkm_id, month, sales, amount_hi, amount_lo) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (umkm_id, month) DO UPDATE SET sales = sales_offline_months.sales + excluded.sales,
		amount_hi = sales_offline_months.amount_hi + excluded.amount_hi, amount_lo = sales_offline_months.amount_lo + excluded.amount_lo`,
		umkmID, day[:7], d.orders, d.hi, d.lo); err != nil {
		return err
	}
	if sign < 0 {
		_, err := tx.Exec(ctx, `DELETE FROM sales_offline_months WHERE umkm_id = ? AND month = ? AND sales = 0`, umkmID, day[:7])
		return err
	}
	return nil
}

// offlineTurnover is the offline sales of the UMKM ids from the month from
// on, by UMKM.
func (s *Service) offlineTurnover(ctx context.Context, ids []int64, from string) (map[int64]UMKMTurnover, error) {
	out := map[int64]UMKMTurnover{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		rows, err := s.db.Stale().Query(ctx, `SELECT umkm_id, SUM(sales), SUM(amount_hi), SUM(amount_lo) FROM sales_offline_months
			WHERE month >= ? AND umkm_id IN `+sqldb.InList(len(chunk))+` GROUP BY umkm_id`, append([]any{from}, sqldb.Args(chunk)...)...)
		got, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (t UMKMTurnover, err error) {
			var hi, lo int64
			var sum platform.CheckedSum
			err = r.Scan(&t.UMKMID, &t.OfflineSales, &hi, &lo)
			sum.PlusSplit(&t.OfflineAmount, hi, lo)
			t.Overflow = sum.Overflow
			return t, err
		})
		if err != nil {
			return nil, err
		}
		for _, t := range got {
			out[t.UMKMID] = t
		}
	}
	return out, nil
}
