package order

import (
	"context"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// MonthSales is what some UMKM sold through Gerai in one WIB month.
type MonthSales struct {
	Month  string `json:"month" example:"2026-03"`
	Orders int    `json:"orders"`
	Amount int64  `json:"amount" doc:"Subtotal of paid, processing, shipped and completed orders"`
}

// MonthlySales sums the orders of umkmIDs placed from from up to (not
// including) to that were paid and not cancelled (dibayar, diproses,
// dikirim, selesai): their subtotal by WIB month, oldest first, every
// month of the range present. The caller decides whose sales may be seen
// (a partner passes its consented UMKM); this is only the query, which a
// rollup may later replace.
func (s *Service) MonthlySales(ctx context.Context, umkmIDs []int64, from, to time.Time) ([]MonthSales, error) {
	wib := region.Location("16")
	var out []MonthSales
	at := map[string]int{}
	for m := time.Date(from.In(wib).Year(), from.In(wib).Month(), 1, 0, 0, 0, 0, wib); m.Before(to); m = m.AddDate(0, 1, 0) {
		at[m.Format("2006-01")] = len(out)
		out = append(out, MonthSales{Month: m.Format("2006-01")})
		if len(out) > 240 {
			return nil, platform.Invalid("from", "Rentang paling lama 20 tahun")
		}
	}
	if len(umkmIDs) == 0 || len(out) == 0 {
		return out, nil
	}
	var sum platform.CheckedSum
	for start := 0; start < len(umkmIDs); start += 500 {
		batch := umkmIDs[start:min(start+500, len(umkmIDs))]
		args := []any{from.UTC(), to.UTC()}
		for _, id := range batch {
			args = append(args, id)
		}
		rows, err := s.db.Reader().Query(ctx, `SELECT created_at, subtotal FROM orders
			WHERE created_at >= ? AND created_at < ? AND status IN ('dibayar','diproses','dikirim','selesai')
			AND umkm_id IN (?`+strings.Repeat(", ?", len(batch)-1)+`)`, args...)
		type sale struct {
			at     time.Time
			amount int64
		}
		list, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x sale, err error) {
			err = r.Scan(&x.at, &x.amount)
			return x, err
		})
		if err != nil {
			return nil, err
		}
		for _, x := range list {
			if i, ok := at[x.at.In(wib).Format("2006-01")]; ok {
				out[i].Orders++
				sum.Plus(&out[i].Amount, x.amount)
			}
		}
	}
	return out, nil
}
