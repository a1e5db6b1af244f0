package catalog

import (
	"context"
	"log/slog"
	"time"

	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// rebuildBatch is how many products one read and one index statement carry.
const rebuildBatch = 500

// RebuildIndex rewrites the search index and vocabulary of every product
// when the index holds documents older than search.ProductDocVersion (a
// migration cannot: documents are stemmed in Go). It runs at start, after
// the migrations, in one transaction: all or nothing, and a second server
// starting at once waits for it and then finds nothing to do. It returns
// whether it rebuilt.
func (s *Service) RebuildIndex(ctx context.Context, log *slog.Logger) (bool, error) {
	rebuilt := false
	start := time.Now()
	n := 0
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		rebuilt, n = false, 0
		v, err := search.LockIndexVersion(ctx, tx, search.ProductIndex)
		if err != nil || v >= search.ProductDocVersion {
			return err
		}
		if err := search.ClearProductIndex(ctx, tx); err != nil {
			return err
		}
		vocab := search.Vocabulary{}
		for after := int64(0); ; {
			rows, err := tx.Query(ctx, `SELECT p.id, p.name, p.category, p.description, p.halal, p.status,
				u.name, u.province_code, u.regency_code, u.status
				FROM products p JOIN umkm u ON u.id = p.umkm_id WHERE p.id > ? ORDER BY p.id LIMIT ?`, after, rebuildBatch)
			type row struct {
				p Product
				u umkm.UMKM
			}
			batch, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x row, err error) {
				err = r.Scan(&x.p.ID, &x.p.Name, &x.p.Category, &x.p.Description, &x.p.Halal, &x.p.Status,
					&x.u.Name, &x.u.ProvinceCode, &x.u.RegencyCode, &x.u.Status)
				return x, err
			})
			if err != nil || len(batch) == 0 {
				if err != nil {
					return err
				}
				break
			}
			ids := make([]int64, len(batch))
			docs := make([]search.Doc, len(batch))
			for i, x := range batch {
				ids[i], docs[i] = x.p.ID, productDoc(x.p, x.u)
			}
			if err := search.WriteProducts(ctx, tx, ids, docs, vocab); err != nil {
				return err
			}
			n += len(batch)
			after = ids[len(ids)-1]
		}
		if err := search.AddVocabulary(ctx, tx, vocab); err != nil {
			return err
		}
		if err := search.OptimizeProductIndex(ctx, tx); err != nil {
			return err
		}
		rebuilt = true
		return search.SetIndexVersion(ctx, tx, search.ProductIndex, search.ProductDocVersion)
	})
	if err == nil && rebuilt {
		s.counts.Changed()
		s.suggestions.Changed()
		s.pages.Changed()
		if log != nil && n > 0 {
			log.Info("search index of products rebuilt", "products", n, "version", search.ProductDocVersion, "took", time.Since(start).Round(time.Millisecond))
		}
	}
	return rebuilt, err
}
