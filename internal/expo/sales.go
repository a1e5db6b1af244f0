package expo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Payment methods at the booth.
var paymentMethods = map[string]bool{"cash": true, "qris": true, "transfer": true, "card": true}

// SaleItem is one line of an on-site sale: a product the exhibitor brought
// (ProductID, the catalogue id), or an item typed at the booth.
type SaleItem struct {
	ProductID int64  `json:"product_id,omitempty"`
	Name      string `json:"name"`
	Quantity  int64  `json:"quantity"`
	Price     int64  `json:"price"`
}

// Sale is an on-site sale as the cashier's device recorded it. The device
// makes its id (a UUID), so a sale sent again is recognised.
type Sale struct {
	ID            string     `json:"id"`
	SoldAt        time.Time  `json:"sold_at"`
	PaymentMethod string     `json:"payment_method"`
	Items         []SaleItem `json:"items"`
}

// SyncResult is what a sync did.
type SyncResult struct {
	Accepted   int `json:"accepted"`
	Duplicates int `json:"duplicates"`
	Flagged    int `json:"flagged"` // accepted, but late (after closing) or past the stock brought
}

// MaxSyncBatch bounds one sync: a device sends its queue in pieces.
const MaxSyncBatch = 1000

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func validateSales(sales []Sale) error {
	var v platform.Validation
	v.Check(len(sales) <= MaxSyncBatch, "sales", fmt.Sprintf("Maksimal %d penjualan per kiriman", MaxSyncBatch))
	for i, s := range sales {
		f := fmt.Sprintf("sales[%d]", i)
		v.Check(uuidPattern.MatchString(s.ID), f+".id", "ID penjualan harus UUID buatan perangkat")
		v.Check(!s.SoldAt.IsZero(), f+".sold_at", "Waktu penjualan wajib diisi")
		v.Check(paymentMethods[s.PaymentMethod], f+".payment_method", "Metode bayar: cash, qris, transfer atau card")
		v.Check(len(s.Items) >= 1 && len(s.Items) <= 100, f+".items", "Satu penjualan berisi 1–100 barang")
		for j, it := range s.Items {
			g := fmt.Sprintf("%s.items[%d]", f, j)
			v.Check(it.Quantity > 0 && it.Quantity <= 100_000, g+".quantity", "Jumlah harus lebih dari 0")
			v.Check(it.Price >= 0 && it.Price <= 1_000_000_000, g+".price", "Harga tidak boleh negatif")
			v.Check(it.ProductID != 0 || strings.TrimSpace(it.Name) != "", g+".name", "Nama barang wajib diisi")
			v.Check(len(it.Name) <= 200, g+".name", "Nama barang terlalu panjang")
		}
	}
	return v.Err()
}

// Sync stores a cashier's queued sales for an exhibitor's booth, all or
// nothing. A sale whose id was stored before is counted as a duplicate and
// changes nothing; a sale arriving after the expo closed is accepted and
// flagged; selling past the stock brought is accepted (the cashier could
// not know offline) and flagged, and the booth's stock goes below zero.
func (s *Service) Sync(ctx context.Context, eventID, exhibitorID int64, sales []Sale) (SyncResult, error) {
	e, err := s.Event(ctx, eventID)
	if err != nil {
		return SyncResult{}, err
	}
	x, err := s.exhibitor(ctx, s.db.Reader(), eventID, exhibitorID)
	if err != nil {
		return SyncResult{}, err
	}
	if err := s.maySell(ctx, e, x); err != nil {
		return SyncResult{}, err
	}
	if x.Status != Approved {
		return SyncResult{}, conflict("Peserta ini belum disetujui panitia")
	}
	if err := validateSales(sales); err != nil {
		return SyncResult{}, err
	}
	cashier := platform.ActorFrom(ctx).UserID
	var res SyncResult
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res = SyncResult{}
		var status Status
		if err := tx.QueryRow(ctx, `SELECT status FROM events WHERE id = ?`, eventID).Scan(&status); err != nil {
			return err
		}
		late := status == Closed
		for i, sale := range sales {
			var total int64
			for _, it := range sale.Items {
				total += it.Quantity * it.Price
			}
			r, err := tx.Exec(ctx, `INSERT INTO expo_sales (id, event_id, exhibitor_id, cashier_id, sold_at, sale_day, payment_method, total, late, synced_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
				strings.ToLower(sale.ID), eventID, exhibitorID, cashier, sale.SoldAt.UTC(), e.day(sale.SoldAt), sale.PaymentMethod, total, late, now)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n == 0 {
				res.Duplicates++
				continue
			}
			overStock := false
			for j, it := range sale.Items {
				var expoProduct any
				name := strings.TrimSpace(it.Name)
				if it.ProductID != 0 {
					var id, left int64
					var listed string
					err := tx.QueryRow(ctx, `UPDATE expo_products SET stock = stock - ? WHERE exhibitor_id = ? AND product_id = ? RETURNING id, stock, name`,
						it.Quantity, exhibitorID, it.ProductID).Scan(&id, &left, &listed)
					if err != nil && !errors.Is(err, sql.ErrNoRows) {
						return err
					}
					if err != nil {
						return &platform.Error{Kind: platform.KindInvalid, Message: "Produk tidak terdaftar di booth ini",
							Fields: []platform.FieldError{{Field: fmt.Sprintf("sales[%d].items[%d].product_id", i, j), Message: "Produk ini tidak dibawa ke pameran oleh peserta ini"}}}
					}
					expoProduct = id
					overStock = overStock || left < 0
					if name == "" {
						name = listed
					}
				}
				if _, err := tx.Exec(ctx, `INSERT INTO expo_sale_items (sale_id, line, expo_product_id, name, quantity, price) VALUES (?, ?, ?, ?, ?, ?)`,
					strings.ToLower(sale.ID), j, expoProduct, name, it.Quantity, it.Price); err != nil {
					return err
				}
			}
			if overStock {
				if _, err := tx.Exec(ctx, `UPDATE expo_sales SET over_stock = TRUE WHERE id = ?`, strings.ToLower(sale.ID)); err != nil {
					return err
				}
			}
			res.Accepted++
			if late || overStock {
				res.Flagged++
			}
		}
		return nil
	})
	return res, err
}

// SaleRecord is a stored sale, for the booth's list and the agency.
type SaleRecord struct {
	Sale
	Total     int64 `json:"total"`
	Late      bool  `json:"late"`
	OverStock bool  `json:"over_stock"`
}

// Sales lists an exhibitor's stored sales, newest first (its sellers and the agency).
func (s *Service) Sales(ctx context.Context, eventID, exhibitorID int64, limit int) ([]SaleRecord, error) {
	e, err := s.Event(ctx, eventID)
	if err != nil {
		return nil, err
	}
	x, err := s.exhibitor(ctx, s.db.Reader(), eventID, exhibitorID)
	if err != nil {
		return nil, err
	}
	if err := s.maySell(ctx, e, x); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT id, sold_at, payment_method, total, late, over_stock FROM expo_sales
		WHERE exhibitor_id = ? ORDER BY sold_at DESC, id LIMIT ?`, exhibitorID, limit)
	return sqldb.Collect(rows, err, func(row sqldb.Scanner) (r SaleRecord, err error) {
		err = row.Scan(&r.ID, &r.SoldAt, &r.PaymentMethod, &r.Total, &r.Late, &r.OverStock)
		return r, err
	})
}
