package order

import (
	"context"
	"strings"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// visibleOrders relates orders to a scope: an order is its buyer's and its
// UMKM owner's, and the UMKM's province's agency's; none is public.
var visibleOrders = account.Columns{
	Own:      "(buyer_id = ? OR umkm_id IN (SELECT id FROM umkm WHERE owner_id = ?))",
	Province: "umkm_id IN (SELECT id FROM umkm WHERE province_code = ?)",
}

// ListFilter selects orders: a buyer's own purchases, or one UMKM's orders for its seller.
type ListFilter struct {
	UMKMID int64
	Status Status
	Limit  int
}

// List returns orders newest first, with their items and history.
func (s *Service) List(ctx context.Context, f ListFilter) ([]Order, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, platform.Unauthorized()
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 50
	}
	where, args := []string{}, []any{}
	if f.UMKMID != 0 {
		u, err := s.registry.Get(ctx, f.UMKMID)
		if err != nil {
			return nil, err
		}
		if err := umkm.CanUpdate(ctx, u); err != nil {
			return nil, err
		}
		where, args = append(where, "umkm_id = ?"), append(args, f.UMKMID)
	} else {
		where, args = append(where, "buyer_id = ?"), append(args, a.UserID)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	scope, scopeArgs := account.ScopeOf(a).Where(visibleOrders)
	where, args = append(where, scope), append(args, scopeArgs...)
	ids, err := sqldb.Int64s(ctx, s.db.Reader(), `SELECT id FROM orders WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`,
		append(args, f.Limit)...)
	if err != nil {
		return nil, err
	}
	out := []Order{}
	for _, id := range ids {
		o, err := s.load(ctx, s.db.Reader(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// Counts are a seller's orders per status, for its dashboard.
func (s *Service) Counts(ctx context.Context, umkmID int64) (map[Status]int, error) {
	u, err := s.registry.Get(ctx, umkmID)
	if err != nil {
		return nil, err
	}
	if err := umkm.CanUpdate(ctx, u); err != nil {
		return nil, err
	}
	scope, args := account.ScopeOf(platform.ActorFrom(ctx)).Where(visibleOrders)
	rows, err := s.db.Reader().Query(ctx, `SELECT status, COUNT(*) FROM orders WHERE umkm_id = ? AND `+scope+` GROUP BY status`,
		append([]any{umkmID}, args...)...)
	type count struct {
		status Status
		n      int
	}
	counts, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (c count, err error) {
		err = r.Scan(&c.status, &c.n)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	out := map[Status]int{}
	for _, c := range counts {
		out[c.status] = c.n
	}
	return out, nil
}

// NewOrders are a seller's paid orders that nobody has processed yet.
type NewOrders struct {
	Total int64
	// UMKMID is the one UMKM they all belong to; 0 when they are spread
	// over several of the seller's UMKM (or there are none).
	UMKMID int64
}

// NewOrdersOf counts the paid, unprocessed orders of the actor's own UMKM,
// for the header: one query on orders_umkm (umkm_id, status) through the
// owner's UMKM. Anyone but a seller has none.
func (s *Service) NewOrdersOf(ctx context.Context) (NewOrders, error) {
	a := platform.ActorFrom(ctx)
	if a.Role != platform.RoleSeller {
		return NewOrders{}, nil
	}
	scope, args := account.ScopeOf(a).Where(visibleOrders)
	rows, err := s.db.Reader().Query(ctx, `SELECT umkm_id, COUNT(*) FROM orders
		WHERE umkm_id IN (SELECT id FROM umkm WHERE owner_id = ?) AND status = ? AND `+scope+` GROUP BY umkm_id`,
		append([]any{a.UserID, string(Paid)}, args...)...)
	type count struct{ umkmID, n int64 }
	counts, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (c count, err error) {
		err = r.Scan(&c.umkmID, &c.n)
		return c, err
	})
	if err != nil {
		return NewOrders{}, err
	}
	var out NewOrders
	for _, c := range counts {
		out.Total += c.n
	}
	if len(counts) == 1 {
		out.UMKMID = counts[0].umkmID
	}
	return out, nil
}
