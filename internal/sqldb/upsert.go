package sqldb

import (
	"context"
	"strings"
)

// UpsertRows runs insert (ending in VALUES) with rows, up to 100 a
// statement, each statement followed by onConflict: one round trip per
// hundred rows instead of one a row, in both dialects.
func UpsertRows(ctx context.Context, tx *Tx, insert string, rows [][]any, onConflict string) error {
	const perStatement = 100
	for len(rows) > 0 {
		n := min(len(rows), perStatement)
		var q strings.Builder
		q.WriteString(insert)
		args := make([]any, 0, n*len(rows[0]))
		for i, r := range rows[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + strings.TrimSuffix(strings.Repeat("?, ", len(r)), ", ") + ")")
			args = append(args, r...)
		}
		q.WriteString(onConflict)
		if _, err := tx.Exec(ctx, q.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
