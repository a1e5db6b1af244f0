package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Backlog is the work a sweep has waiting, for the operator's metrics.
type Backlog struct {
	Due int64 // items due now, counted up to BacklogCap
	// Oldest is when the oldest item due became due; zero when none is.
	Oldest time.Time
}

// BacklogCap bounds a backlog's count, so that reading it stays cheap
// however far the work has piled up: past it, the count says "at least".
const BacklogCap = 10000

// ReadBacklog reads a backlog from two queries of q: due selects the rows
// due (any column, no LIMIT: the count adds it), and oldest selects the
// time the oldest of them became due (no row: none is due).
func ReadBacklog(ctx context.Context, q Querier, due, oldest string, args ...any) (Backlog, error) {
	var b Backlog
	if err := q.QueryRow(ctx, `SELECT count(*) FROM (`+due+` LIMIT ?) due`, append(args, BacklogCap)...).Scan(&b.Due); err != nil {
		return b, err
	}
	if b.Due == 0 {
		return b, nil
	}
	err := q.QueryRow(ctx, oldest, args...).Scan(&b.Oldest)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil // folded or swept between the two queries
	}
	return b, err
}
