package mall

import (
	"context"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// feeTotals are the fees of the report's period: invoices whose period
// ends in it (FeeTotals, decision 0025).
func (s *Service) feeTotals(ctx context.Context, _ sqldb.Querier, venueID int64, from, to string, c *platform.CheckedSum) (FeeTotals, error) {
	invoiced, paid, arrears, err := s.FeeTotals(ctx, venueID, from, to)
	var f FeeTotals
	c.Plus(&f.Invoiced, invoiced)
	c.Plus(&f.Paid, paid)
	c.Plus(&f.Arrears, arrears)
	return f, err
}
