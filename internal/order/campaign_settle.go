package order

import (
	"cmp"
	"context"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Settlement of beli-bareng campaigns, exactly once without a leader:
//
//  1. decide: one transaction, claimed by a guarded UPDATE of the campaign
//     (only one process gets the row), marks every active participant
//     to_confirm (paid) or to_cancel, fixes the outcome and the final price,
//     and returns the stock that was not sold to the product;
//  2. settle in batches: each participant moves from its to_ state with a
//     guarded UPDATE in the same transaction as its refund and order change,
//     so a participant is settled once even when several processes work on
//     the same campaign, or one is killed half-way and another resumes;
//  3. the campaign is marked settled when no participant is left to settle.
//
// Any process running the sweep (every gerai serve) does this; a crash at
// any point leaves the database in a state the next sweep continues from.

// defaultSettleBatch is how many participants one settlement transaction
// handles: short enough not to hold SQLite's single writer for long.
const defaultSettleBatch = 250

// SettleDueCampaigns settles the campaigns whose deadline passed (and
// finishes those a crashed process left half-way). It returns how many
// campaigns it finished.
func (s *Service) SettleDueCampaigns(ctx context.Context) (int, error) {
	ids, err := sqldb.Int64s(ctx, s.db.Reader(), `SELECT id FROM campaigns
		WHERE (status = 'berjalan' AND deadline <= ?) OR (status <> 'berjalan' AND settled_at IS NULL) ORDER BY deadline LIMIT 50`, s.now().UTC())
	if err != nil {
		return 0, err
	}
	done := 0
	for _, id := range ids {
		finished, err := s.SettleCampaign(ctx, id)
		if err != nil {
			return done, err
		}
		if finished {
			done++
		}
	}
	return done, nil
}

// SettleCampaign settles one campaign whose deadline passed; it reports
// whether this call finished it. Calling it again, from any process, is safe.
func (s *Service) SettleCampaign(ctx context.Context, id int64) (bool, error) {
	if err := s.decideCampaign(ctx, id); err != nil {
		return false, err
	}
	for {
		n, err := s.settleParticipants(ctx, id)
		if err != nil {
			return false, err
		}
		if n == 0 {
			break
		}
		if s.afterSettleBatch != nil {
			if err := s.afterSettleBatch(); err != nil {
				return false, err
			}
		}
	}
	res, err := s.db.Writer().Exec(ctx, `UPDATE campaigns SET settled_at = ? WHERE id = ? AND status <> 'berjalan' AND settled_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM campaign_participants WHERE campaign_id = ? AND state IN ('to_confirm', 'to_cancel'))`,
		s.now().UTC(), id, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// decideCampaign fixes a due campaign's outcome, once.
func (s *Service) decideCampaign(ctx context.Context, id int64) error {
	now := s.now().UTC()
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// The claim: also what makes late joins wait, then fail (PostgreSQL
		// locks the row; SQLite has one writer).
		res, err := tx.Exec(ctx, `UPDATE campaigns SET decided_at = ? WHERE id = ? AND status = 'berjalan' AND deadline <= ? AND decided_at IS NULL`, now, id, now)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // not due, or decided by someone else
		}
		if _, err := tx.Exec(ctx, `UPDATE campaign_participants SET state = CASE
				WHEN order_id IN (SELECT id FROM orders WHERE campaign_id = ? AND status = 'dibayar') THEN 'to_confirm' ELSE 'to_cancel' END
			WHERE campaign_id = ? AND state = 'active'`, id, id); err != nil {
			return err
		}
		var paid, minTotal, stock, productID int64
		if err := tx.QueryRow(ctx, `SELECT COALESCE(SUM(quantity), 0) FROM campaign_participants WHERE campaign_id = ? AND state = 'to_confirm'`, id).Scan(&paid); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT min_total, stock, product_id FROM campaigns WHERE id = ?`, id).Scan(&minTotal, &stock, &productID); err != nil {
			return err
		}
		tiers, err := loadTiers(ctx, tx, id)
		if err != nil {
			return err
		}
		status, final, sold := CampaignSucceeded, PriceAt(tiers, paid), paid
		if paid < minTotal {
			status, final, sold = CampaignFailed, 0, 0
			if _, err := tx.Exec(ctx, `UPDATE campaign_participants SET state = 'to_cancel' WHERE campaign_id = ? AND state = 'to_confirm'`, id); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE campaigns SET status = ?, final_price = ?, total_quantity = ? WHERE id = ?`,
			string(status), final, paid, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE products SET stock = stock + ? WHERE id = ?`, stock-sold, productID)
		return err
	})
}

// settleParticipants settles the next batch of a decided campaign's
// participants and returns how many it looked at.
func (s *Service) settleParticipants(ctx context.Context, id int64) (int, error) {
	type part struct {
		id, orderID, qty, unit int64
		state                  string
	}
	var seen int
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		seen = 0
		var status CampaignStatus
		var final int64
		if err := tx.QueryRow(ctx, `SELECT status, final_price FROM campaigns WHERE id = ?`, id).Scan(&status, &final); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, order_id, quantity, unit_price, state FROM campaign_participants
			WHERE campaign_id = ? AND state IN ('to_confirm', 'to_cancel') ORDER BY id LIMIT ?`, id, cmp.Or(s.settleBatch, defaultSettleBatch))
		parts, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (p part, err error) {
			err = r.Scan(&p.id, &p.orderID, &p.qty, &p.unit, &p.state)
			return p, err
		})
		if err != nil {
			return err
		}
		seen = len(parts)
		for _, p := range parts {
			var err error
			if p.state == partToConfirm {
				err = s.confirmParticipant(ctx, tx, p.id, p.orderID, p.qty, p.unit, final, now)
			} else {
				err = s.cancelParticipant(ctx, tx, p.id, p.orderID, status, now)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	return seen, err
}

// confirmParticipant confirms a paid join at the final price. Nobody pays
// more than the price shown when they joined: when people left and the
// final tier is dearer, the join keeps its own price.
func (s *Service) confirmParticipant(ctx context.Context, tx *sqldb.Tx, partID, orderID, qty, unit, final int64, now time.Time) error {
	price := min(unit, final)
	refund := (unit - price) * qty
	res, err := tx.Exec(ctx, `UPDATE campaign_participants SET state = 'confirmed', refund = ? WHERE id = ? AND state = 'to_confirm'`, refund, partID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err // settled by another process
	}
	// The note is a fixed text (translated where it is shown); the final
	// price and the refund are on the order and its refunds.
	note := platform.Msg("beli bareng berhasil")
	if refund > 0 {
		note = platform.Msg("beli bareng berhasil; selisih harga dikembalikan")
		if _, err := tx.Exec(ctx, `UPDATE order_items SET price = ? WHERE order_id = ?`, price, orderID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE orders SET subtotal = subtotal - ?, total = total - ?, updated_at = ? WHERE id = ?`,
			refund, refund, now, orderID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO refunds (order_id, amount, reason, created_at) VALUES (?, ?, ?, ?)`,
			orderID, refund, "selisih harga beli bareng", now); err != nil {
			return err
		}
		if gatewayProvider(ctx, tx, orderID) != "" {
			var umkmID int64
			if err := tx.QueryRow(ctx, `SELECT umkm_id FROM orders WHERE id = ?`, orderID).Scan(&umkmID); err != nil {
				return err
			}
			if err := ledgerEntry(ctx, tx, umkmID, "refund", -refund, orderID, "selisih harga beli bareng", now); err != nil {
				return err
			}
		}
	}
	return s.recordEvent(ctx, tx, orderID, Paid, Paid, 0, note, now)
}

// cancelParticipant cancels a join of a failed campaign, or one not paid by
// the deadline; paid money is refunded by the cancellation.
func (s *Service) cancelParticipant(ctx context.Context, tx *sqldb.Tx, partID, orderID int64, status CampaignStatus, now time.Time) error {
	res, err := tx.Exec(ctx, `UPDATE campaign_participants SET state = 'cancelled' WHERE id = ? AND state = 'to_cancel'`, partID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	o, err := s.load(ctx, tx, orderID)
	if err != nil || !Allowed(o.Status, Cancelled) {
		return err
	}
	reason := platform.Msg("beli bareng gagal: jumlah minimum tidak tercapai")
	if status == CampaignSucceeded {
		reason = platform.Msg("belum dibayar saat beli bareng ditutup")
	}
	if err := s.move(ctx, tx, o, Cancelled, 0, reason, now); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE payments SET status = 'expired' WHERE status = 'pending' AND id IN
		(SELECT payment_id FROM payment_orders WHERE order_id = ?)`, orderID)
	return err
}
