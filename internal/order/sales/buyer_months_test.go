package sales_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestDistinctBuyersByMonthBitsEqualTheCount holds the admin's distinct
// buyers, read from the buyers' month bits, equal to a distinct count over
// sales_buyers for ranges inside one era, across the eras' edges (2025-01,
// 2030-01), over several eras and open at either end; and an agency's,
// read from sales_buyers by its province, to the rows where it sells or buys.
func TestDistinctBuyersByMonthBitsEqualTheCount(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := rand.New(rand.NewPCG(39, 1))
		provinces := []string{"16", "32", "31"}
		var rows [][]any
		seen := map[string]bool{}
		var buyers []int64
		for buyer := int64(1); buyer <= 60; buyer++ {
			buyers = append(buyers, buyer)
			for range 1 + r.IntN(6) {
				month := fmt.Sprintf("%d-%02d", 2019+r.IntN(14), 1+r.IntN(12))
				sp, bp := provinces[r.IntN(3)], provinces[r.IntN(3)]
				if key := fmt.Sprint(month, sp, bp, buyer); !seen[key] {
					seen[key] = true
					rows = append(rows, []any{month, sp, bp, buyer, 1 + r.IntN(3)})
				}
			}
		}
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			return sqldb.UpsertRows(ctx, tx, `INSERT INTO sales_buyers (month, seller_province, buyer_province, buyer_id, orders) VALUES `, rows, "")
		}); err != nil {
			t.Fatal(err)
		}
		if err := sales.RefreshBuyerMonths(ctx, db, buyers); err != nil {
			t.Fatal(err)
		}
		fig := sales.NewService(db)
		admin := platform.WithActor(ctx, platform.Actor{UserID: 1, Role: platform.RoleAdmin})
		agency := platform.WithActor(ctx, platform.Actor{UserID: 2, Role: platform.RoleAgency, ProvinceCode: "16"})
		ranges := [][2]string{{"", ""}, {"2026-01", "2026-12"}, {"2024-07", "2025-06"}, {"2024-12", "2025-01"},
			{"2025-01", "2025-01"}, {"2029-12", "2030-01"}, {"2020-03", "2031-11"}, {"", "2025-03"}, {"2028-05", ""},
			{"", "2024-12"}, {"2030-01", ""}, {"2040-01", "2040-12"}}
		for range 20 {
			a, b := fmt.Sprintf("%d-%02d", 2018+r.IntN(16), 1+r.IntN(12)), fmt.Sprintf("%d-%02d", 2018+r.IntN(16), 1+r.IntN(12))
			ranges = append(ranges, [2]string{min(a, b), max(a, b)})
		}
		for _, rg := range ranges {
			f := sales.Filter{From: rg[0], To: rg[1]}
			for _, c := range []struct {
				name  string
				ctx   context.Context
				scope string
			}{{"admin", admin, "1 = 1"}, {"agency", agency, "(seller_province = '16' OR buyer_province = '16')"}} {
				q := `SELECT COUNT(DISTINCT buyer_id) FROM sales_buyers WHERE ` + c.scope
				var args []any
				if f.From != "" {
					q, args = q+" AND month >= ?", append(args, f.From)
				}
				if f.To != "" {
					q, args = q+" AND month <= ?", append(args, f.To)
				}
				var want int64
				if err := db.Reader().QueryRow(ctx, q, args...).Scan(&want); err != nil {
					t.Fatal(err)
				}
				got, err := fig.Buyers(c.ctx, f)
				if err != nil {
					t.Fatalf("%s %v: %v", c.name, rg, err)
				}
				if got != want {
					t.Errorf("%s %v: %d distinct buyers, the rows hold %d", c.name, rg, got, want)
				}
			}
		}
		// A buyer whose last row goes loses its bits.
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.Exec(ctx, `DELETE FROM sales_buyers WHERE buyer_id = 7`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := sales.RefreshBuyerMonths(ctx, db, []int64{7}); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM sales_buyer_months WHERE buyer_id = 7`).Scan(&left); err != nil || left != 0 {
			t.Errorf("buyer 7 without orders keeps %d rows of month bits (%v)", left, err)
		}
	})
}
