package mall

import (
	"context"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// feeTotals are the fees of the report's period; the fee module (issue 11
// §8) fills them once merged.
func (s *Service) feeTotals(ctx context.Context, q sqldb.Querier, venueID int64, from, to string, c *platform.CheckedSum) (FeeTotals, error) {
	return FeeTotals{}, nil
}
