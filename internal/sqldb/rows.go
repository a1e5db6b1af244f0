package sqldb

import (
	"context"
	"database/sql"
	"strings"
)

// Scanner reads one row's columns into dest. *sql.Rows and *sql.Row are
// Scanners; it is an alias so that the scan functions taking
// interface{ Scan(...any) error } can be handed to Collect as they are.
type Scanner = interface{ Scan(dest ...any) error }

// Collect scans every row of a query with scan and closes the rows. It takes
// the query's own results, so a call reads
//
//	rows, err := q.Query(ctx, `SELECT …`, args...)
//	list, err := sqldb.Collect(rows, err, scanThing)
//
// and returns the first error: the query's, a scan's, or the one that cut
// the rows short (rows.Err: a lost connection, a cancelled context, a value
// the database failed to compute). It never returns part of the rows with a
// nil error. The list is never nil, so an empty one encodes as [] in JSON.
func Collect[T any](rows *sql.Rows, err error, scan func(Scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Int64s runs a query of one integer column (ids, mostly) and returns its values.
func Int64s(ctx context.Context, q Querier, query string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, query, args...)
	return Collect(rows, err, func(r Scanner) (v int64, err error) {
		err = r.Scan(&v)
		return v, err
	})
}

// InList is "(?, ?, …)" for n values, the placeholders of an IN list (both
// dialects: Rebind turns them into $1, $2, … for PostgreSQL).
func InList(n int) string { return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")" }

// Args is ids as the arguments of a query.
func Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
