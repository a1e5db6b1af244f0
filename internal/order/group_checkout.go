package order

// A group order's checkout: one order per UMKM, each member's share of it,
// and the refunds of shares paid for an order that is cancelled.

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// GroupCheckout is the coordinator's checkout of a closed group order.
type GroupCheckout struct {
	DeliveryMethod  string
	Address         Address
	PaymentProvider string
	PayMode         string // coordinator or each
}

// CheckoutGroupOrder orders a closed group order: one order per UMKM to one
// address with the coordinator as buyer, stock taken as in any checkout,
// and either one payment by the coordinator or one per member.
func (s *Service) CheckoutGroupOrder(ctx context.Context, id int64, gc GroupCheckout) (GroupOrder, error) {
	o, err := s.GroupOrder(ctx, id)
	if err != nil {
		return o, err
	}
	actor := platform.ActorFrom(ctx)
	if mayCoordinate(ctx, o.CoordinatorID) != nil {
		return o, platform.Errorf(platform.KindForbidden, "Hanya koordinator yang memesan untuk kelompok")
	}
	var v platform.Validation
	validateDelivery(&v, gc.DeliveryMethod, &gc.Address)
	v.Check(s.payments.Has(gc.PaymentProvider), "payment_provider", "Metode pembayaran tidak tersedia")
	v.Check(gc.PayMode == PayByCoordinator || gc.PayMode == PayEach, "pay_mode", "Pilih coordinator (koordinator membayar semua) atau each (tiap anggota membayar bagiannya)")
	v.Check(gc.PayMode != PayEach || !paidBySeller(gc.PaymentProvider), "pay_mode",
		"Bayar per anggota memakai QRIS lewat gateway; transfer dan QRIS UMKM dibayar koordinator")
	if err := v.Err(); err != nil {
		return o, err
	}
	if o.Status != GroupOrderClosed {
		return o, platform.Errorf(platform.KindConflict, "Tutup pesanan kelompok dulu sebelum memesan (status sekarang: %s)", o.Status)
	}
	// One line per product with the group's total quantity.
	totals := map[int64]int64{}
	var productIDs []int64
	for _, it := range o.Items {
		if _, ok := totals[it.ProductID]; !ok {
			productIDs = append(productIDs, it.ProductID)
		}
		totals[it.ProductID] += it.Quantity
	}
	req := CheckoutRequest{DeliveryMethod: gc.DeliveryMethod, Address: gc.Address, PaymentProvider: gc.PaymentProvider}
	for _, pid := range productIDs {
		req.Items = append(req.Items, LineRequest{ProductID: pid, Quantity: totals[pid]})
	}
	checkoutID := newCheckoutID()
	now := s.now().UTC()
	var pays []pendingPayment
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE group_orders SET status = 'dipesan', pay_mode = ?, checkout_id = ? WHERE id = ? AND status = 'ditutup'`,
			gc.PayMode, checkoutID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return platform.Errorf(platform.KindConflict, "Pesanan kelompok ini baru saja dipesan")
		}
		orders, err := s.placeOrders(ctx, tx, checkoutID, actor.UserID, req, now)
		if err != nil {
			return err
		}
		if err := s.rememberInTx(ctx, tx, actor.UserID, req); err != nil {
			return err
		}
		// One payment time for the whole group order (the shortest of its
		// UMKM's), so its orders expire together and paid shares are
		// refunded once, in full, if the rest never come.
		payBy := orders[0].PayBy
		for _, od := range orders {
			if od.PayBy.Before(payBy) {
				payBy = od.PayBy
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE orders SET pay_by = ? WHERE checkout_id = ?`, payBy, checkoutID); err != nil {
			return err
		}
		for i := range orders {
			orders[i].PayBy = payBy
		}
		shares := splitShares(o.Items, orders)
		if gc.PayMode == PayByCoordinator {
			if pays, err = s.payments.open(ctx, tx, gc.PaymentProvider, orders, now); err != nil {
				return err
			}
		}
		for _, sh := range shares {
			var payment any
			if gc.PayMode == PayEach && sh.Amount > 0 {
				if err := s.payments.payable(gc.PaymentProvider, sh.Amount); err != nil {
					return err
				}
				pp := pendingPayment{provider: gc.PaymentProvider, amount: sh.Amount, expires: payBy}
				if err := tx.QueryRow(ctx, `INSERT INTO payments (provider, status, amount, expires_at, created_at) VALUES (?, 'pending', ?, ?, ?) RETURNING id`,
					pp.provider, pp.amount, pp.expires, now).Scan(&pp.id); err != nil {
					return err
				}
				for _, od := range orders {
					if _, err := tx.Exec(ctx, `INSERT INTO payment_orders (payment_id, order_id) VALUES (?, ?)`, pp.id, od.ID); err != nil {
						return err
					}
				}
				pays, payment = append(pays, pp), pp.id
			}
			if _, err := tx.Exec(ctx, `INSERT INTO group_order_shares (group_order_id, member_id, goods, shipping, amount, payment_id) VALUES (?, ?, ?, ?, ?, ?)`,
				id, sh.MemberID, sh.Goods, sh.Shipping, sh.Amount, payment); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return GroupOrder{}, err
	}
	s.rememberAfterCommit(ctx, actor.UserID, req)
	for _, p := range pays {
		if _, err := s.payments.charge(ctx, p); err != nil {
			s.payments.log.Error("charge payment", "payment", p.id, "err", err)
		}
	}
	return s.GroupOrder(ctx, id)
}

// splitShares divides the orders among members: each member's goods at the
// price ordered, and each order's delivery cost in proportion to the goods
// each member has in it (the rupiah left by rounding go to the member with
// the most goods in that order, so the shares add up to the totals).
func splitShares(items []GroupItem, orders []Order) []GroupShare {
	byMember := map[int64]*GroupShare{}
	var members []int64
	for _, od := range orders {
		price := map[int64]int64{}
		for _, it := range od.Items {
			price[it.ProductID] = it.Price
		}
		goods := map[int64]int64{}
		var inOrder []int64
		for _, it := range items {
			p, ok := price[it.ProductID]
			if !ok {
				continue
			}
			if _, seen := goods[it.MemberID]; !seen {
				inOrder = append(inOrder, it.MemberID)
			}
			goods[it.MemberID] += p * it.Quantity
		}
		var given int64
		top := inOrder[0]
		for _, m := range inOrder {
			if goods[m] > goods[top] {
				top = m
			}
		}
		ship := map[int64]int64{}
		for _, m := range inOrder {
			if od.Subtotal > 0 {
				ship[m] = od.ShippingCost * goods[m] / od.Subtotal
			}
			given += ship[m]
		}
		ship[top] += od.ShippingCost - given
		for _, m := range inOrder {
			sh, ok := byMember[m]
			if !ok {
				sh = &GroupShare{MemberID: m}
				byMember[m] = sh
				members = append(members, m)
			}
			sh.Goods += goods[m]
			sh.Shipping += ship[m]
			sh.Amount += goods[m] + ship[m]
		}
	}
	slices.Sort(members)
	out := make([]GroupShare, 0, len(members))
	for _, m := range members {
		out = append(out, *byMember[m])
	}
	return out
}

// shareOf reports whether payment id is the actor's share of a group order.
func (p *Payments) shareOf(ctx context.Context, id int64) bool {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return false
	}
	var n int
	err := p.db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM group_order_shares WHERE payment_id = ? AND member_id = ?`, id, a.UserID).Scan(&n)
	return err == nil && n > 0
}

// orderFullyPaid reports whether every payment covering an order is paid
// (an order of a group checkout paid by shares waits for all of them).
func orderFullyPaid(ctx context.Context, tx *sqldb.Tx, orderID int64) (bool, error) {
	var unpaid int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM payment_orders po JOIN payments p ON p.id = po.payment_id
		WHERE po.order_id = ? AND p.status <> 'paid'`, orderID).Scan(&unpaid)
	return unpaid == 0, err
}

// refundPaidShares returns the shares already paid for an order that is
// cancelled before all were: each paid share is refunded once, in full.
func refundPaidShares(ctx context.Context, tx *sqldb.Tx, orderID int64, now time.Time) error {
	rows, err := tx.Query(ctx, `SELECT p.id, p.amount FROM payment_orders po JOIN payments p ON p.id = po.payment_id
		WHERE po.order_id = ? AND p.status = 'paid'`, orderID)
	type paid struct{ id, amount int64 }
	// Every paid share or none: a read cut short must not refund only some.
	list, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (p paid, err error) {
		err = r.Scan(&p.id, &p.amount)
		return p, err
	})
	if err != nil {
		return err
	}
	for _, p := range list {
		res, err := tx.Exec(ctx, `UPDATE payments SET status = 'refunded' WHERE id = ? AND status = 'paid'`, p.id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			if _, err := tx.Exec(ctx, `INSERT INTO refunds (order_id, amount, reason, created_at) VALUES (?, ?, ?, ?)`,
				orderID, p.amount, fmt.Sprintf("bagian pesanan kelompok dikembalikan (pembayaran %d)", p.id), now); err != nil {
				return err
			}
		}
	}
	return nil
}
