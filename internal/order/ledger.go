package order

import (
	"context"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// FeeBasisPoints is what a gateway keeps of a QRIS payment: the MDR of 0.7%
// that Bank Indonesia sets for QRIS (the same for Midtrans, Xendit and the simulator).
const FeeBasisPoints = 70

// Fee is the gateway fee on amount, rounded half up to whole rupiah.
func Fee(amount int64) int64 { return (amount*FeeBasisPoints + 5_000) / 10_000 }

// Entry is one line of a UMKM's ledger.
type Entry struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind" enum:"earning,fee,refund,payout"`
	Amount    int64     `json:"amount" doc:"Signed, whole rupiah: earnings positive, the rest negative"`
	OrderID   int64     `json:"order_id,omitempty"`
	Reference string    `json:"reference,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Ledger is a UMKM's money held in the operator's gateway account.
type Ledger struct {
	Balance int64   `json:"balance"`
	Entries []Entry `json:"entries"`
}

func ledgerEntry(ctx context.Context, tx *sqldb.Tx, umkmID int64, kind string, amount, orderID int64, ref string, now time.Time) error {
	var order, actor any
	if orderID != 0 {
		order = orderID
	}
	if a := platform.ActorFrom(ctx); !a.Anonymous() {
		actor = a.UserID
	}
	_, err := tx.Exec(ctx, `INSERT INTO ledger_entries (umkm_id, kind, amount, order_id, reference, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		umkmID, kind, amount, order, ref, actor, now)
	return err
}

// gatewayProvider returns the provider of an order's paid payment when the
// money went through the operator's gateway ("" otherwise).
func gatewayProvider(ctx context.Context, tx *sqldb.Tx, orderID int64) string {
	var provider string
	tx.QueryRow(ctx, `SELECT p.provider FROM payments p JOIN payment_orders po ON po.payment_id = p.id
		WHERE po.order_id = ? AND p.status = 'paid'`, orderID).Scan(&provider)
	if paidBySeller(provider) {
		return ""
	}
	return provider
}

// Ledger returns a UMKM's balance and entries, newest first, to its seller and agency.
func (s *Service) Ledger(ctx context.Context, umkmID int64) (Ledger, error) {
	u, err := s.registry.Get(ctx, umkmID)
	if err != nil {
		return Ledger{}, err
	}
	if err := umkm.CanUpdate(ctx, u); err != nil {
		return Ledger{}, err
	}
	return s.ledger(ctx, s.db.Reader(), umkmID)
}

func (s *Service) ledger(ctx context.Context, q sqldb.Querier, umkmID int64) (Ledger, error) {
	l := Ledger{Entries: []Entry{}}
	if err := q.QueryRow(ctx, `SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE umkm_id = ?`, umkmID).Scan(&l.Balance); err != nil {
		return Ledger{}, err
	}
	rows, err := q.Query(ctx, `SELECT id, kind, amount, COALESCE(order_id, 0), reference, created_at FROM ledger_entries
		WHERE umkm_id = ? ORDER BY id DESC LIMIT 200`, umkmID)
	if err != nil {
		return Ledger{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.Kind, &e.Amount, &e.OrderID, &e.Reference, &e.CreatedAt); err != nil {
			return Ledger{}, err
		}
		l.Entries = append(l.Entries, e)
	}
	return l, rows.Err()
}

// RecordPayout records money paid out to a UMKM (settled by hand, with the
// bank transfer's reference). Only the operator (admin) pays out, and never
// more than the balance.
func (s *Service) RecordPayout(ctx context.Context, umkmID, amount int64, reference string) (Ledger, error) {
	if err := s.mayOperate(ctx); err != nil {
		return Ledger{}, err
	}
	reference = strings.TrimSpace(reference)
	var v platform.Validation
	v.Check(amount > 0, "amount", "Jumlah harus lebih dari nol")
	v.Check(reference != "" && len(reference) <= 100, "reference", "Isi nomor referensi transfer")
	if err := v.Err(); err != nil {
		return Ledger{}, err
	}
	var out Ledger
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		l, err := s.ledger(ctx, tx, umkmID)
		if err != nil {
			return err
		}
		if amount > l.Balance {
			return &platform.Error{Kind: platform.KindConflict, Message: "Jumlah melebihi saldo UMKM",
				Fields: []platform.FieldError{{Field: "amount", Message: "Saldo saat ini lebih kecil"}}}
		}
		if err := ledgerEntry(ctx, tx, umkmID, "payout", -amount, 0, reference, s.now().UTC()); err != nil {
			return err
		}
		out, err = s.ledger(ctx, tx, umkmID)
		return err
	})
	return out, err
}
