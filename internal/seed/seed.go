// Package seed fills a Gerai database with data to look at: the demo data
// set behind `gerai serve --demo` (Demo), loaded through the domain services
// like any user would, and large synthetic data sets for load and search
// testing behind `gerai seed` (Synthetic), written in bulk.
package seed

import (
	"context"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// metaValue returns the value of a meta key, or "" when it is not set.
func metaValue(ctx context.Context, q sqldb.Querier, key string) (string, error) {
	rows, err := q.Query(ctx, `SELECT value FROM meta WHERE key = ?`, key)
	vs, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (v string, err error) {
		err = r.Scan(&v)
		return v, err
	})
	if err != nil || len(vs) == 0 {
		return "", err
	}
	return vs[0], nil
}

// setMeta writes a meta key.
func setMeta(ctx context.Context, q sqldb.Querier, key, value string) error {
	_, err := q.Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
