package umkm

import (
	"context"

	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// RebuildIndex rewrites the search index of every UMKM when it holds
// documents older than search.UMKMDocVersion, in one transaction (see
// catalog.Service.RebuildIndex, which does the same for products). It
// returns whether it rebuilt.
func (s *Service) RebuildIndex(ctx context.Context) (bool, error) {
	rebuilt := false
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		rebuilt = false
		v, err := search.LockIndexVersion(ctx, tx, search.UMKMIndex)
		if err != nil || v >= search.UMKMDocVersion {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+columns+` FROM umkm ORDER BY id`)
		all, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (UMKM, error) { return scan(r) })
		if err != nil {
			return err
		}
		for _, u := range all {
			if err := search.IndexUMKM(ctx, tx, u.ID, doc(u)); err != nil {
				return err
			}
		}
		rebuilt = true
		return search.SetIndexVersion(ctx, tx, search.UMKMIndex, search.UMKMDocVersion)
	})
	return rebuilt, err
}
