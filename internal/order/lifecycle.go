package order

import (
	"context"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// TransitionRequest moves an order on.
type TransitionRequest struct {
	To             Status
	Reason         string // dibatalkan
	Courier        string // dikirim by courier
	TrackingNumber string // dikirim by courier
}

// Transition moves an order to req.To if the lifecycle allows it and the
// actor may: the seller processes, ships and cancels; the buyer confirms
// receipt and cancels an unpaid order; payment providers mark orders paid
// (see HandleNotification), and so does the seller for a bank transfer it
// received. Every step is recorded with who and when.
func (s *Service) Transition(ctx context.Context, id int64, req TransitionRequest) (Order, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return Order{}, platform.Unauthorized()
	}
	req.Reason, req.Courier, req.TrackingNumber = strings.TrimSpace(req.Reason), strings.TrimSpace(req.Courier), strings.TrimSpace(req.TrackingNumber)
	var after Order
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		o, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		who := s.roleOf(ctx, o)
		if who == stranger {
			return platform.NotFound("Pesanan")
		}
		if who == sellerRole {
			// Before the lifecycle's own refusal ("dibayar cannot become
			// dikirim"): that the campaign is not settled yet says why.
			if err := campaignHold(o, req.To); err != nil {
				return err
			}
		}
		if !Allowed(o.Status, req.To) {
			return platform.Errorf(platform.KindConflict, "Pesanan berstatus %s tidak dapat menjadi %s", o.Status, req.To)
		}
		if err := mayMove(who, o, req); err != nil {
			return err
		}
		now := s.now().UTC()
		switch req.To {
		case Shipped:
			if o.DeliveryMethod == Courier && (req.Courier == "" || req.TrackingNumber == "") {
				return &platform.Error{Kind: platform.KindInvalid, Message: "Kurir dan nomor resi wajib diisi",
					Fields: []platform.FieldError{{Field: "courier", Message: "Isi nama kurir"}, {Field: "tracking_number", Message: "Isi nomor resi"}}}
			}
			if _, err := tx.Exec(ctx, `UPDATE orders SET courier = ?, tracking_number = ?, shipped_at = ? WHERE id = ?`,
				req.Courier, req.TrackingNumber, now, id); err != nil {
				return err
			}
		case Cancelled:
			if req.Reason == "" || len(req.Reason) > 500 {
				return &platform.Error{Kind: platform.KindInvalid, Message: "Alasan pembatalan wajib diisi",
					Fields: []platform.FieldError{{Field: "reason", Message: "Tuliskan alasan pembatalan (maksimal 500 karakter)"}}}
			}
		case Paid:
			return s.confirmTransfer(ctx, tx, o, now)
		}
		note := req.Reason
		if req.To == Shipped && req.Courier != "" {
			note = req.Courier + " " + req.TrackingNumber
		}
		return s.move(ctx, tx, o, req.To, actor.UserID, note, now)
	})
	if err != nil {
		return Order{}, err
	}
	after, err = s.load(ctx, s.db.Reader(), id)
	return after, err
}

// mayMove checks who may take a step.
func mayMove(who role, o Order, req TransitionRequest) error {
	switch {
	case who == staffRole:
		return platform.Forbidden()
	case req.To == Completed:
		if who != buyerRole {
			return platform.Errorf(platform.KindForbidden, "Hanya pembeli yang mengonfirmasi pesanan diterima")
		}
	case req.To == Cancelled:
		if who == buyerRole && o.Status != AwaitingPayment {
			return platform.Errorf(platform.KindForbidden, "Pesanan yang sudah dibayar dibatalkan oleh penjual (hubungi penjual)")
		}
	case req.To == Paid:
		if who != sellerRole {
			return platform.Errorf(platform.KindForbidden, "Pembayaran dikonfirmasi oleh penjual atau penyedia pembayaran")
		}
	default: // diproses, dikirim
		if who != sellerRole {
			return platform.Errorf(platform.KindForbidden, "Hanya penjual yang memproses dan mengirim pesanan")
		}
	}
	return nil
}

// move changes the status with a guard on the current one, so that two
// processes racing on one order cannot both apply a step; it releases stock
// of cancelled orders and records a refund when paid money goes back.
func (s *Service) move(ctx context.Context, tx *sqldb.Tx, o Order, to Status, actorID int64, note string, now time.Time) error {
	reason := ""
	if to == Cancelled {
		reason = note
	}
	res, err := tx.Exec(ctx, `UPDATE orders SET status = ?, cancel_reason = CASE WHEN ? = 'dibatalkan' THEN ? ELSE cancel_reason END,
		updated_at = ? WHERE id = ? AND status = ?`, string(to), string(to), reason, now, o.ID, string(o.Status))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return platform.Errorf(platform.KindConflict, "Pesanan baru saja berubah; muat ulang halaman")
	}
	if to == Cancelled {
		keptByCampaign := false
		if o.CampaignID != 0 {
			if keptByCampaign, err = releaseCampaignUnits(ctx, tx, o); err != nil {
				return err
			}
		}
		for _, it := range o.Items {
			if keptByCampaign {
				break
			}
			if _, err := tx.Exec(ctx, `UPDATE products SET stock = stock + ? WHERE id = ?`, it.Quantity, it.ProductID); err != nil {
				return err
			}
		}
		if o.Status == AwaitingPayment {
			if err := refundPaidShares(ctx, tx, o.ID, now); err != nil {
				return err
			}
		}
		if o.Status == Paid || o.Status == Processing {
			if _, err := tx.Exec(ctx, `INSERT INTO refunds (order_id, amount, reason, created_at) VALUES (?, ?, ?, ?)`,
				o.ID, o.Total, note, now); err != nil {
				return err
			}
			if gatewayProvider(ctx, tx, o.ID) != "" {
				// The buyer's money goes back out of the UMKM's balance.
				if err := ledgerEntry(ctx, tx, o.UMKMID, "refund", -o.Total, o.ID, note, now); err != nil {
					return err
				}
			}
		}
	}
	if err := s.recordEvent(ctx, tx, o.ID, o.Status, to, actorID, note, now); err != nil {
		return err
	}
	if !s.Mail {
		return nil
	}
	after, err := s.load(ctx, tx, o.ID) // the email tells the order as it is now (tracking number, reason)
	if err != nil {
		return err
	}
	return s.tell(ctx, tx, after, to)
}

// markPaid moves an order whose payment arrived. Money for an order that was
// cancelled meanwhile (it expired) goes back: a refund is recorded.
func (s *Service) markPaid(ctx context.Context, tx *sqldb.Tx, orderID int64, now time.Time) error {
	o, err := s.load(ctx, tx, orderID)
	if err != nil {
		return err
	}
	switch o.Status {
	case AwaitingPayment:
		if err := s.move(ctx, tx, o, Paid, 0, platform.Msg("pembayaran diterima"), now); err != nil {
			return err
		}
		// The money is in the operator's gateway account: it is owed to the UMKM, less the fee.
		if gatewayProvider(ctx, tx, o.ID) != "" {
			if err := ledgerEntry(ctx, tx, o.UMKMID, "earning", o.Total, o.ID, "", now); err != nil {
				return err
			}
			return ledgerEntry(ctx, tx, o.UMKMID, "fee", -Fee(o.Total), o.ID, "", now)
		}
		return nil
	case Cancelled:
		_, err := tx.Exec(ctx, `INSERT INTO refunds (order_id, amount, reason, created_at) VALUES (?, ?, ?, ?)`,
			o.ID, o.Total, "pembayaran diterima setelah pesanan dibatalkan", now)
		return err
	}
	return nil
}

// confirmTransfer is the seller saying the money for an order arrived (bank
// transfer, or a payment to the UMKM's own QRIS).
func (s *Service) confirmTransfer(ctx context.Context, tx *sqldb.Tx, o Order, now time.Time) error {
	var paymentID int64
	var provider string
	err := tx.QueryRow(ctx, `SELECT p.id, p.provider FROM payments p JOIN payment_orders po ON po.payment_id = p.id
		WHERE po.order_id = ? AND p.status = 'pending'`, o.ID).Scan(&paymentID, &provider)
	if err != nil || !paidBySeller(provider) {
		return platform.Errorf(platform.KindConflict, "Pesanan ini dibayar lewat penyedia pembayaran; penjual tidak mengonfirmasinya sendiri")
	}
	if _, err := tx.Exec(ctx, `UPDATE payments SET status = 'paid', paid_at = ? WHERE id = ? AND status = 'pending'`, now, paymentID); err != nil {
		return err
	}
	return s.move(ctx, tx, o, Paid, platform.ActorFrom(ctx).UserID, platform.Msg("transfer dikonfirmasi penjual"), now)
}

// ExpireUnpaid cancels orders whose payment time ran out and returns their
// stock. Each order is claimed by its guarded UPDATE inside its own
// transaction, so any number of processes can sweep at once and each order
// expires exactly once.
func (s *Service) ExpireUnpaid(ctx context.Context) (int, error) {
	return s.sweep(ctx, `SELECT id FROM orders WHERE status = 'menunggu_pembayaran' AND pay_by < ? ORDER BY pay_by LIMIT 200`,
		s.now().UTC(), Cancelled, platform.Msg("batas waktu pembayaran habis"))
}

// CompleteShipped completes orders shipped longer ago than AutoCompleteAfter.
func (s *Service) CompleteShipped(ctx context.Context) (int, error) {
	return s.sweep(ctx, `SELECT id FROM orders WHERE status = 'dikirim' AND shipped_at < ? ORDER BY shipped_at LIMIT 200`,
		s.now().UTC().Add(-s.AutoCompleteAfter), Completed, "selesai otomatis setelah dikirim")
}

func (s *Service) sweep(ctx context.Context, query string, cutoff time.Time, to Status, note string) (int, error) {
	ids, err := sqldb.Int64s(ctx, s.db.Reader(), query, cutoff)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, id := range ids {
		err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
			o, err := s.load(ctx, tx, id)
			if err != nil || !Allowed(o.Status, to) {
				return err
			}
			if err := s.move(ctx, tx, o, to, 0, note, s.now().UTC()); err != nil {
				return err
			}
			if to == Cancelled {
				if _, err := tx.Exec(ctx, `UPDATE payments SET status = 'expired' WHERE status = 'pending' AND id IN
					(SELECT payment_id FROM payment_orders WHERE order_id = ?)`, id); err != nil {
					return err
				}
			}
			done++
			return nil
		})
		if platform.ErrorKind(err) == platform.KindConflict {
			continue // another process took it
		}
		if err != nil {
			return done, err
		}
	}
	return done, nil
}
