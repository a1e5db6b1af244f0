package sales

import (
	"context"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// Backlog is the order changes not yet folded into the figures. A change
// row keeps no time of its own, so the oldest is its order's last change:
// the same, or later when the order changed again since (then the metric
// reads younger than the truth, never older).
func (s *Service) Backlog(ctx context.Context) (sqldb.Backlog, error) {
	return sqldb.ReadBacklog(ctx, s.db.Reader(), `SELECT id FROM sales_changes`,
		`SELECT o.updated_at FROM sales_changes c JOIN orders o ON o.id = c.order_id ORDER BY c.id LIMIT 1`)
}
