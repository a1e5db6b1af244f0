package order

import (
	"context"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// The sweeps' backlogs (ExpireUnpaid, CompleteShipped, SettleDueCampaigns),
// read with the sweeps' own conditions so that the metric is the work they
// have still to do.

// UnpaidBacklog is the unpaid orders past their payment deadline, not yet expired.
func (s *Service) UnpaidBacklog(ctx context.Context) (sqldb.Backlog, error) {
	return sqldb.ReadBacklog(ctx, s.db.Reader(),
		`SELECT id FROM orders WHERE status = 'menunggu_pembayaran' AND pay_by < ?`,
		`SELECT pay_by FROM orders WHERE status = 'menunggu_pembayaran' AND pay_by < ? ORDER BY pay_by LIMIT 1`, s.now().UTC())
}

// ShippedBacklog is the shipped orders due to complete by themselves, not yet completed.
func (s *Service) ShippedBacklog(ctx context.Context) (sqldb.Backlog, error) {
	b, err := sqldb.ReadBacklog(ctx, s.db.Reader(),
		`SELECT id FROM orders WHERE status = 'dikirim' AND shipped_at < ?`,
		`SELECT shipped_at FROM orders WHERE status = 'dikirim' AND shipped_at < ? ORDER BY shipped_at LIMIT 1`,
		s.now().UTC().Add(-s.AutoCompleteAfter))
	if !b.Oldest.IsZero() {
		b.Oldest = b.Oldest.Add(s.AutoCompleteAfter) // due a while after shipping
	}
	return b, err
}

// CampaignBacklog is the beli-bareng campaigns past their deadline, not yet settled.
func (s *Service) CampaignBacklog(ctx context.Context) (sqldb.Backlog, error) {
	const due = `FROM campaigns WHERE (status = 'berjalan' AND deadline <= ?) OR (status <> 'berjalan' AND settled_at IS NULL)`
	return sqldb.ReadBacklog(ctx, s.db.Reader(), `SELECT id `+due, `SELECT deadline `+due+` ORDER BY deadline LIMIT 1`, s.now().UTC())
}
