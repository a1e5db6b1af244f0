package notify

import (
	"context"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// Backlog is the email waiting to go out (not sent, tries left).
func Backlog(ctx context.Context, db *sqldb.DB) (sqldb.Backlog, error) {
	return sqldb.ReadBacklog(ctx, db.Reader(), `SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < ?`,
		`SELECT created_at FROM outbox WHERE sent_at IS NULL AND attempts < ? ORDER BY id LIMIT 1`, MaxAttempts)
}
