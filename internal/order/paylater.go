package order

import (
	"context"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// PayLinks returns, for the caller's own unpaid orders among list, the
// pending payment that pays each (order id → payment id), so that a buyer
// who left the payment page can come back to it from the order list. One
// query; orders bought by someone else are left out, whatever list holds.
func (s *Service) PayLinks(ctx context.Context, list []Order) (map[int64]int64, error) {
	a := platform.ActorFrom(ctx)
	links := map[int64]int64{}
	var ids []any
	for _, o := range list {
		if !a.Anonymous() && o.BuyerID == a.UserID && o.Status == AwaitingPayment {
			ids = append(ids, o.ID)
		}
	}
	if len(ids) == 0 {
		return links, nil
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT po.order_id, p.id FROM payment_orders po JOIN payments p ON p.id = po.payment_id
		WHERE p.status = 'pending' AND p.provider <> ? AND po.order_id IN `+sqldb.InList(len(ids))+`
		ORDER BY p.id`, append([]any{Transfer}, ids...)...)
	pairs, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (pair [2]int64, err error) {
		err = r.Scan(&pair[0], &pair[1])
		return pair, err
	})
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		links[p[0]] = p[1] // the newest pending payment of an order
	}
	return links, nil
}

// Count returns how many products a cart holds (its lines), for the
// header's "Keranjang (3)": one COUNT on the cart's primary key.
func (c *Carts) Count(ctx context.Context, key string) (int64, error) {
	var n int64
	err := c.db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM cart_items WHERE owner_key = ?`, key).Scan(&n)
	return n, err
}
