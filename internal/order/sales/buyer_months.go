package sales

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Distinct buyers at scale (migration 0031, decision 0039). sales_buyers
// keeps each buyer's orders per month and province pair, which an agency's
// count reads by its province; counting the admin's distinct buyers there
// reads a row per buyer × month × pair of the period. sales_buyer_months
// keeps, per buyer, the months with a counted order as the bits of one
// integer per era of sixty months, so any range of months is one mask per
// era and the count reads one row per buyer.

// eraMonths is how many months one row's bits cover (fewer than 63, so the
// integer stays positive in both databases).
const eraMonths = 60

// monthBits is the era of month index m and its bit there.
func monthBits(m int) (era int64, bit int64) {
	return int64(m / eraMonths), 1 << (m % eraMonths)
}

// bitRange is the bits of months a to b (0 ≤ a ≤ b < eraMonths) of an era.
func bitRange(a, b int) int64 { return (1<<(b+1) - 1) &^ (1<<a - 1) }

// refreshBuyerMonths recomputes the bits of buyers from sales_buyers, once
// the fold's changes are in it: over every province (sales_buyer_months)
// and per province the buyer bought from or had orders delivered to
// (sales_buyer_provinces).
func refreshBuyerMonths(ctx context.Context, tx *sqldb.Tx, buyers []int64) error {
	slices.Sort(buyers)
	buyers = slices.Compact(buyers)
	for len(buyers) > 0 {
		chunk := buyers[:min(len(buyers), 500)]
		buyers = buyers[len(chunk):]
		rows, err := tx.Query(ctx, `SELECT DISTINCT buyer_id, month, seller_province, buyer_province FROM sales_buyers WHERE buyer_id IN `+sqldb.InList(len(chunk)), sqldb.Args(chunk)...)
		type buyerMonth struct {
			buyer                 int64
			month, seller, buyerP string
		}
		months, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (bm buyerMonth, err error) {
			err = r.Scan(&bm.buyer, &bm.month, &bm.seller, &bm.buyerP)
			return bm, err
		})
		if err != nil {
			return fmt.Errorf("fold sales_buyer_months: %w", err)
		}
		type provinceKey struct {
			province   string
			era, buyer int64
		}
		masks := map[[2]int64]int64{}
		byProvince := map[provinceKey]int64{}
		for _, bm := range months {
			era, bit := monthBits(monthIndex(bm.month))
			masks[[2]int64{bm.buyer, era}] |= bit
			byProvince[provinceKey{bm.seller, era, bm.buyer}] |= bit
			if bm.buyerP != "" {
				byProvince[provinceKey{bm.buyerP, era, bm.buyer}] |= bit
			}
		}
		for _, t := range []string{"sales_buyer_months", "sales_buyer_provinces"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE buyer_id IN `+sqldb.InList(len(chunk)), sqldb.Args(chunk)...); err != nil {
				return fmt.Errorf("fold %s: %w", t, err)
			}
		}
		if len(masks) == 0 {
			continue
		}
		out := make([][]any, 0, len(masks))
		for k, m := range masks {
			out = append(out, []any{k[0], k[1], m})
		}
		if err := sqldb.UpsertRows(ctx, tx, `INSERT INTO sales_buyer_months (buyer_id, era, months) VALUES `, out, ""); err != nil {
			return fmt.Errorf("fold sales_buyer_months: %w", err)
		}
		out = out[:0]
		for k, m := range byProvince {
			out = append(out, []any{k.province, k.era, k.buyer, m})
		}
		if err := sqldb.UpsertRows(ctx, tx, `INSERT INTO sales_buyer_provinces (province, era, buyer_id, months) VALUES `, out, ""); err != nil {
			return fmt.Errorf("fold sales_buyer_provinces: %w", err)
		}
	}
	return nil
}

// buyersInMonths counts the buyers with a counted order in the filter's
// months: for the admin whatever the provinces (sales_buyer_months), for
// an agency those its province sold to or delivered to
// (sales_buyer_provinces, the scope's condition from the policy).
func (s *Service) buyersInMonths(ctx context.Context, f Filter) (int64, error) {
	scope := account.ScopeOf(platform.ActorFrom(ctx))
	// Months without a bound are open eras: every row below (or above) the
	// bounded era counts, whatever its bits.
	var conds []string
	var args []any
	from, to := -1, -1
	if f.From != "" {
		from = monthIndex(f.From)
	}
	if f.To != "" {
		to = monthIndex(f.To)
	}
	eras := 0 // eras the condition may match, to know whether a buyer has one row in it
	switch {
	case from < 0 && to < 0:
		conds, eras = append(conds, "1 = 1"), 2
	case from < 0:
		conds = append(conds, "era < ?", "(era = ? AND (months & ?) <> 0)")
		args = append(args, to/eraMonths, to/eraMonths, bitRange(0, to%eraMonths))
		eras = 2
	case to < 0:
		conds = append(conds, "era > ?", "(era = ? AND (months & ?) <> 0)")
		args = append(args, from/eraMonths, from/eraMonths, bitRange(from%eraMonths, eraMonths-1))
		eras = 2
	case from/eraMonths == to/eraMonths:
		conds = append(conds, "(era = ? AND (months & ?) <> 0)")
		args = append(args, from/eraMonths, bitRange(from%eraMonths, to%eraMonths))
		eras = 1
	default:
		conds = append(conds, "(era = ? AND (months & ?) <> 0)", "(era = ? AND (months & ?) <> 0)")
		args = append(args, from/eraMonths, bitRange(from%eraMonths, eraMonths-1), to/eraMonths, bitRange(0, to%eraMonths))
		if to/eraMonths-from/eraMonths > 1 {
			conds = append(conds, "(era > ? AND era < ?)")
			args = append(args, from/eraMonths, to/eraMonths)
		}
		eras = 2
	}
	cond := "(" + strings.Join(conds, " OR ") + ")"
	table, count := "sales_buyer_months", "COUNT(DISTINCT buyer_id)"
	if eras == 1 {
		// One row a buyer and era (and province: a scope names one at most).
		count = "COUNT(*)"
	}
	if !scope.All {
		scoped, scopeArgs := scope.Where(account.Columns{Province: "province = ?"})
		table, cond, args = "sales_buyer_provinces", scoped+" AND "+cond, append(scopeArgs, args...)
	}
	var n int64
	err := s.db.Stale().QueryRow(ctx, `SELECT `+count+` FROM `+table+` WHERE `+cond, args...).Scan(&n)
	return n, err
}
