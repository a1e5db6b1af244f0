package order

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/gerai-id/gerai/internal/payment/qris"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// DirectQRIS is the payment method that sends the money straight to the
// UMKM: each order gets a dynamic QRIS built from the UMKM's own static
// QRIS (from its bank or e-wallet), and the seller confirms receipt.
const DirectQRIS = "qris_umkm"

// Settings are a UMKM's ordering choices.
type Settings struct {
	PaymentExpiryHours int    `json:"payment_expiry_hours"`
	StaticQRIS         string `json:"static_qris"`
	// QRISMerchant is the merchant name read from StaticQRIS, for the seller to check.
	QRISMerchant string `json:"qris_merchant,omitempty"`
}

// Settings returns a UMKM's ordering settings (defaults when never set).
func (s *Service) Settings(ctx context.Context, umkmID int64) (Settings, error) {
	u, err := s.registry.Get(ctx, umkmID)
	if err != nil {
		return Settings{}, err
	}
	if err := umkm.CanUpdate(ctx, u); err != nil {
		return Settings{}, err
	}
	return loadSettings(ctx, s.db.Reader(), umkmID)
}

func loadSettings(ctx context.Context, q sqldb.Querier, umkmID int64) (Settings, error) {
	st := Settings{PaymentExpiryHours: 24}
	err := q.QueryRow(ctx, `SELECT payment_expiry_hours, static_qris FROM order_settings WHERE umkm_id = ?`, umkmID).
		Scan(&st.PaymentExpiryHours, &st.StaticQRIS)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Settings{}, err
	}
	if st.StaticQRIS != "" {
		if p, err := qris.Parse(st.StaticQRIS); err == nil {
			st.QRISMerchant = p.MerchantName()
		}
	}
	return st, nil
}

// SetSettings changes a UMKM's ordering settings; its seller (or its agency) may.
// A static QRIS is checked: well-formed, CRC right, national QRIS, and static.
func (s *Service) SetSettings(ctx context.Context, umkmID int64, st Settings) (Settings, error) {
	u, err := s.registry.Get(ctx, umkmID)
	if err != nil {
		return Settings{}, err
	}
	if err := umkm.CanUpdate(ctx, u); err != nil {
		return Settings{}, err
	}
	var v platform.Validation
	v.Check(st.PaymentExpiryHours >= 1 && st.PaymentExpiryHours <= 168, "payment_expiry_hours", "Batas waktu bayar 1–168 jam")
	st.StaticQRIS = strings.TrimSpace(st.StaticQRIS)
	if st.StaticQRIS != "" {
		p, err := qris.Parse(st.StaticQRIS)
		switch {
		case err != nil:
			reason, _ := qris.Reason(err) // Parse fails with nothing else
			v.Add("static_qris", "Kode QRIS tidak valid: %s", reason)
		case p.Dynamic():
			v.Add("static_qris", "Ini QRIS dinamis (sekali pakai); masukkan QRIS statis toko Anda")
		}
	}
	if err := v.Err(); err != nil {
		return Settings{}, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM order_settings WHERE umkm_id = ?`, umkmID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO order_settings (umkm_id, payment_expiry_hours, static_qris) VALUES (?, ?, ?)`,
			umkmID, st.PaymentExpiryHours, st.StaticQRIS)
		return err
	})
	if err != nil {
		return Settings{}, err
	}
	return loadSettings(ctx, s.db.Reader(), umkmID)
}

// StaticQRIS is a UMKM's registered static QRIS payload ("" if none). It is
// what is printed at its stall, so it is not private: the expo cashier page
// builds each sale's dynamic QRIS from it on the device, offline.
func (s *Service) StaticQRIS(ctx context.Context, umkmID int64) (string, error) {
	st, err := loadSettings(ctx, s.db.Reader(), umkmID)
	return st.StaticQRIS, err
}
