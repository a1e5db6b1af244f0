package sales

import (
	"context"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// SetFoldHook makes every fold transaction of s call hook at each of its
// steps; an error there aborts it as a crash would (nil removes the hook).
func SetFoldHook(s *Service, hook func(step string) error) { s.failFold = hook }

// RefreshBuyerMonths recomputes the month bits of buyers from sales_buyers.
func RefreshBuyerMonths(ctx context.Context, db *sqldb.DB, buyers []int64) error {
	return db.InTx(ctx, func(tx *sqldb.Tx) error { return refreshBuyerMonths(ctx, tx, buyers) })
}
