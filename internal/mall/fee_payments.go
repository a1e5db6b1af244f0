package mall

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/payment/qris"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Payment methods of an invoice: cash taken by the venue's staff, or the
// invoice's dynamic QRIS paid into the operator's account, whose receipt
// the staff confirm.
const (
	PayCash = "cash"
	PayQRIS = "qris"
)

// Payment is money received against an invoice.
type Payment struct {
	ID         int64     `json:"id"`
	InvoiceID  int64     `json:"invoice_id"`
	Amount     int64     `json:"amount"`
	Method     string    `json:"method" enum:"cash,qris"`
	Reference  string    `json:"reference,omitempty" doc:"A receipt or the QRIS transaction's reference"`
	RecordedBy int64     `json:"recorded_by"`
	At         time.Time `json:"at"`
	// Replayed is true when an Idempotency-Key returned this earlier payment.
	Replayed bool `json:"replayed,omitempty"`
}

const paymentColumns = `id, invoice_id, amount, method, reference, recorded_by, created_at`

func scanPayment(r sqldb.Scanner) (p Payment, err error) {
	err = r.Scan(&p.ID, &p.InvoiceID, &p.Amount, &p.Method, &p.Reference, &p.RecordedBy, &p.At)
	return p, err
}

func (s *Service) payments(ctx context.Context, invoiceID int64) ([]Payment, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT `+paymentColumns+` FROM mall_invoice_payments WHERE invoice_id = ? ORDER BY id`, invoiceID)
	return sqldb.Collect(rows, err, scanPayment)
}

// PaymentFields is a payment the venue's staff record.
type PaymentFields struct {
	Amount    int64
	Method    string // cash or qris
	Reference string
}

// MaxReference bounds a payment's reference, in characters.
const MaxReference = 100

// PayInvoice records a payment of an invoice by the venue's staff (its
// province's agency, an admin), in one transaction with its audit entry.
// key (an Idempotency-Key) is required: the same key on the invoice
// returns the first payment (replayed) and never pays twice; the same key
// with another amount, method or reference is a conflict. A payment past
// what is still owed is refused and changes nothing, also when several
// arrive at once: the conditional update and the table's CHECK decide.
func (s *Service) PayInvoice(ctx context.Context, venueID, invoiceID int64, f PaymentFields, key string) (Payment, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return Payment{}, err
	}
	inv, err := s.invoice(ctx, s.db.Reader(), v, invoiceID)
	if err != nil {
		return Payment{}, err
	}
	key, f.Reference = strings.TrimSpace(key), strings.TrimSpace(f.Reference)
	var val platform.Validation
	val.Check(key != "" && len(key) <= 200, "idempotency_key", "Idempotency-Key wajib diisi (maksimal 200 karakter)")
	val.Check(f.Amount > 0 && f.Amount <= inv.Total, "amount", "Jumlah pembayaran 1–%s (total tagihan)", platform.Rupiah(inv.Total))
	val.Check(f.Method == PayCash || f.Method == PayQRIS, "method", "Cara bayar harus cash atau qris")
	val.Check(utf8.RuneCountInString(f.Reference) <= MaxReference, "reference", "Referensi maksimal %d karakter", MaxReference)
	if err := val.Err(); err != nil {
		return Payment{}, err
	}
	if p, found, err := s.replayPayment(ctx, invoiceID, key, f); found || err != nil {
		return p, err
	}
	now := s.now().UTC()
	replayed := false
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := touch(ctx, tx, v.ID, now); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO mall_invoice_payments (invoice_id, amount, method, reference, idempotency_key, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (invoice_id, idempotency_key) DO NOTHING RETURNING id`,
			invoiceID, f.Amount, f.Method, f.Reference, key, platform.ActorFrom(ctx).UserID, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			replayed = true // a concurrent request with this key came first
			return nil
		}
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE mall_invoices SET paid = paid + ?,
			status = CASE WHEN paid + ? = total THEN 'paid' ELSE status END,
			paid_at = CASE WHEN paid + ? = total THEN ? ELSE paid_at END
			WHERE id = ? AND status = 'open' AND paid + ? <= total`, f.Amount, f.Amount, f.Amount, now, invoiceID, f.Amount)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			cur, err := s.invoice(ctx, tx, v, invoiceID)
			if err != nil {
				return err
			}
			switch cur.Status {
			case InvoicePaid:
				return conflict("Tagihan %s sudah lunas", cur.Number)
			case InvoiceVoid:
				return conflict("Tagihan %s sudah dibatalkan", cur.Number)
			}
			return platform.Invalid("amount", "Pembayaran melebihi sisa tagihan %s", platform.Rupiah(cur.Outstanding))
		}
		return audit.Record(ctx, tx, "pay", "mall_invoice", invoiceID, map[string]any{"paid": inv.Paid, "status": inv.Status},
			map[string]any{"payment_id": id, "amount": f.Amount, "method": f.Method, "reference": f.Reference})
	})
	if err != nil {
		return Payment{}, err
	}
	if replayed {
		p, _, err := s.replayPayment(ctx, invoiceID, key, f)
		return p, err
	}
	return scanPayment(s.db.Reader().QueryRow(ctx, `SELECT `+paymentColumns+` FROM mall_invoice_payments
		WHERE invoice_id = ? AND idempotency_key = ?`, invoiceID, key))
}

// replayPayment returns the payment an idempotency key already made on the invoice.
func (s *Service) replayPayment(ctx context.Context, invoiceID int64, key string, f PaymentFields) (Payment, bool, error) {
	p, err := scanPayment(s.db.Reader().QueryRow(ctx, `SELECT `+paymentColumns+` FROM mall_invoice_payments
		WHERE invoice_id = ? AND idempotency_key = ?`, invoiceID, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Payment{}, false, nil
	}
	if err != nil {
		return Payment{}, true, err
	}
	if p.Amount != f.Amount || p.Method != f.Method || p.Reference != f.Reference {
		return Payment{}, true, conflict("Idempotency-Key ini sudah dipakai untuk pembayaran yang berbeda")
	}
	p.Replayed = true
	return p, true, nil
}

// MaxVoidInvoiceReason bounds the reason for voiding an invoice, in characters.
const MaxVoidInvoiceReason = 500

// VoidInvoice cancels an open invoice nothing was paid of (made by
// mistake, or before a late correction); its period may then be invoiced
// again for that tenant. The venue's staff, its province's agency, an admin.
func (s *Service) VoidInvoice(ctx context.Context, venueID, invoiceID int64, reason string) (Invoice, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return Invoice{}, err
	}
	inv, err := s.invoice(ctx, s.db.Reader(), v, invoiceID)
	if err != nil {
		return Invoice{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxVoidInvoiceReason {
		return Invoice{}, platform.Invalid("reason", "Tulis alasan pembatalan (paling banyak %d karakter)", MaxVoidInvoiceReason)
	}
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := touch(ctx, tx, v.ID, now); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE mall_invoices SET status = 'void', voided_at = ?, voided_by = ?, void_reason = ?
			WHERE id = ? AND status = 'open' AND paid = 0`, now, platform.ActorFrom(ctx).UserID, reason, invoiceID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return conflict("Hanya tagihan terbuka yang belum dibayar sama sekali yang dapat dibatalkan")
		}
		return audit.Record(ctx, tx, "void", "mall_invoice", invoiceID, map[string]any{"status": inv.Status, "total": inv.Total},
			map[string]any{"status": InvoiceVoid, "reason": reason})
	})
	if err != nil {
		return Invoice{}, err
	}
	return s.InvoiceOf(ctx, v.ID, invoiceID)
}

// invoiceQRIS is the dynamic QRIS paying what is still owed on inv into
// the operator's account: "" when nothing is owed or the venue has no
// static QRIS.
func (s *Service) invoiceQRIS(ctx context.Context, inv Invoice) (string, error) {
	if inv.Outstanding <= 0 {
		return "", nil
	}
	static, err := s.staticQRIS(ctx, inv.VenueID)
	if err != nil || static == "" {
		return "", err
	}
	payload, err := qris.Dynamic(static, inv.Outstanding, inv.Number)
	if err != nil {
		return "", nil // past QRIS's own amount bound: pay in cash or in parts
	}
	return payload, nil
}

func (s *Service) staticQRIS(ctx context.Context, venueID int64) (string, error) {
	var static string
	err := s.db.Reader().QueryRow(ctx, `SELECT static_qris FROM venues WHERE id = ?`, venueID).Scan(&static)
	if errors.Is(err, sql.ErrNoRows) {
		return "", platform.NotFound("Lokasi")
	}
	return static, err
}

// VenuePayment is where a venue's tenants pay their fees: the operator's
// static QRIS (from its bank), from which each invoice's dynamic QRIS is built.
type VenuePayment struct {
	VenueID    int64  `json:"venue_id"`
	StaticQRIS string `json:"static_qris"`
	// Merchant is the merchant name read from StaticQRIS, for the operator to check.
	Merchant string `json:"merchant,omitempty"`
}

// VenuePaymentOf returns the venue's payment settings to those who run it.
func (s *Service) VenuePaymentOf(ctx context.Context, venueID int64) (VenuePayment, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return VenuePayment{}, err
	}
	static, err := s.staticQRIS(ctx, v.ID)
	return venuePayment(v.ID, static), err
}

func venuePayment(venueID int64, static string) VenuePayment {
	out := VenuePayment{VenueID: venueID, StaticQRIS: static}
	if p, err := qris.Parse(static); static != "" && err == nil {
		out.Merchant = p.MerchantName()
	}
	return out
}

// SetVenuePayment sets the operator's static QRIS of a venue ("" removes
// it: invoices are then paid in cash only), checked as a UMKM's is: well
// formed, its CRC right, national QRIS, and static.
func (s *Service) SetVenuePayment(ctx context.Context, venueID int64, staticQRIS string) (VenuePayment, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return VenuePayment{}, err
	}
	staticQRIS = strings.TrimSpace(staticQRIS)
	if staticQRIS != "" {
		p, err := qris.Parse(staticQRIS)
		switch {
		case err != nil:
			reason, _ := qris.Reason(err)
			return VenuePayment{}, platform.Invalid("static_qris", "Kode QRIS tidak valid: %s", reason)
		case p.Dynamic():
			return VenuePayment{}, platform.Invalid("static_qris", "Ini QRIS dinamis (sekali pakai); masukkan QRIS statis pengelola")
		}
	}
	before, err := s.staticQRIS(ctx, v.ID)
	if err != nil {
		return VenuePayment{}, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE venues SET static_qris = ?, updated_at = ? WHERE id = ?`, staticQRIS, s.now().UTC(), v.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "set_payment", "venue", v.ID, venuePayment(v.ID, before), venuePayment(v.ID, staticQRIS))
	})
	if err != nil {
		return VenuePayment{}, err
	}
	return venuePayment(v.ID, staticQRIS), nil
}
