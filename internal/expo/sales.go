package expo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	salesfig "github.com/gerai-id/gerai/internal/order/sales" // the sales figures (sales is a sync's batch here)
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

// Bounds of one on-site sale: what a booth can sell at once. A sale past
// them is a slip of the finger or an attack, never a sale; and they keep
// every sum of sales far inside int64 (docs/decisions/0014). The cashier's
// script (web/static/kasir.js) gets them from the page.
const (
	MaxSaleLines    = 100
	MaxLineQuantity = 10_000
	MaxUnitPrice    = 1_000_000_000  // Rp1 miliar
	MaxSaleTotal    = 10_000_000_000 // Rp10 miliar
)

// Rejection is a sale a sync did not store, and why. The rest of the batch
// is stored; the device drops the sale from its queue and shows the reason
// (a sale that cannot be stored now never will be).
type Rejection struct {
	ID     string                `json:"id"`
	Reason string                `json:"reason"`
	Errors []platform.FieldError `json:"errors"` // fields of the sale: "items[0].quantity", "total"
}

// Err is the rejection as an invalid error, for a page that shows it in
// the reader's language. Its message is the reason, that of the first of
// Errors (a sync never rejects a sale without one).
func (r Rejection) Err() error {
	first := r.Errors[0]
	return &platform.Error{Kind: platform.KindInvalid, Message: first.Message, Key: first.Key, Args: first.Args, Fields: r.Errors}
}

// SyncResult is what a sync did.
type SyncResult struct {
	Accepted   int         `json:"accepted"`
	Duplicates int         `json:"duplicates"`
	Flagged    int         `json:"flagged"` // accepted, but late (after closing) or past the stock brought
	Rejected   []Rejection `json:"rejected"`
}

// MaxSyncBatch bounds one sync: a device sends its queue in pieces.
const MaxSyncBatch = 1000

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// DeviceID reports whether id has the form of the ids offline clients make
// (a UUID): the cashier's sales, the field officer's visits.
func DeviceID(id string) bool { return uuidPattern.MatchString(id) }

// CheckSale returns a sale's total, or why it cannot be stored: the one
// validation of an on-site sale, the expo's and the mall stall's
// (docs/decisions/0014). product checks a line's catalogue product
// (productID is never 0) and adds its own error on field ("items[2].product_id")
// when the product cannot be sold there.
func CheckSale(s Sale, product func(v *platform.Validation, field string, productID int64)) (int64, *Rejection) {
	var v platform.Validation
	v.Check(DeviceID(s.ID), "id", "ID penjualan harus UUID buatan perangkat")
	v.Check(!s.SoldAt.IsZero(), "sold_at", "Waktu penjualan wajib diisi")
	v.Check(paymentMethods[s.PaymentMethod], "payment_method", "Metode bayar: cash, qris, transfer atau card")
	v.Check(len(s.Items) >= 1 && len(s.Items) <= MaxSaleLines, "items", "Satu penjualan berisi 1–%d barang", MaxSaleLines)
	var total int64
	inBounds := true
	for j, it := range s.Items {
		g := fmt.Sprintf("items[%d]", j)
		okQty := it.Quantity > 0 && it.Quantity <= MaxLineQuantity
		okPrice := it.Price >= 0 && it.Price <= MaxUnitPrice
		v.Check(okQty, g+".quantity", "Jumlah per barang 1–%s", platform.Count(MaxLineQuantity))
		v.Check(okPrice, g+".price", "Harga satuan paling tinggi %s dan tidak negatif", platform.Rupiah(MaxUnitPrice))
		v.Check(it.ProductID != 0 || strings.TrimSpace(it.Name) != "", g+".name", "Nama barang wajib diisi")
		v.Check(len(it.Name) <= 200, g+".name", "Nama barang terlalu panjang")
		if it.ProductID != 0 {
			product(&v, g+".product_id", it.ProductID)
		}
		inBounds = inBounds && okQty && okPrice
		if inBounds && j < MaxSaleLines {
			// Within the bounds this cannot overflow: 100 × 10^4 × 10^9.
			total += it.Quantity * it.Price
		}
	}
	v.Check(!inBounds || total <= MaxSaleTotal, "total", "Total satu penjualan paling tinggi %s", platform.Rupiah(MaxSaleTotal))
	if err := v.Err(); err != nil {
		return 0, Reject(s.ID, err)
	}
	return total, nil
}

// Reject is the rejection of sale id for err, an invalid error with fields.
func Reject(id string, err error) *Rejection {
	fields := platform.ErrorFields(err)
	return &Rejection{ID: id, Reason: fields[0].Message, Errors: fields}
}

// checkSale is CheckSale at an expo booth: brought holds the catalogue ids
// of the products at the booth.
func checkSale(s Sale, brought map[int64]bool) (int64, *Rejection) {
	return CheckSale(s, func(v *platform.Validation, field string, productID int64) {
		v.Check(brought[productID], field, "Produk ini tidak dibawa ke pameran oleh peserta ini")
	})
}

// Sync stores a cashier's queued sales for an exhibitor's booth. A sale
// whose id was stored before is counted as a duplicate and changes
// nothing; a sale arriving after the expo closed is accepted and flagged;
// selling past the stock brought is accepted (the cashier could not know
// offline) and flagged, and the booth's stock goes below zero. A sale that
// cannot be stored (past the bounds of a sale, an unknown product) is
// rejected with its reason and the others are stored, in one transaction.
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
	if len(sales) > MaxSyncBatch {
		return SyncResult{}, platform.Invalid("sales", "Maksimal %d penjualan per kiriman", MaxSyncBatch)
	}
	// Products are only ever added to a booth, so what is here now is here
	// when the transaction runs.
	ids, err := sqldb.Int64s(ctx, s.db.Reader(), `SELECT product_id FROM expo_products WHERE exhibitor_id = ? AND product_id IS NOT NULL`, exhibitorID)
	if err != nil {
		return SyncResult{}, err
	}
	brought := map[int64]bool{}
	for _, id := range ids {
		brought[id] = true
	}
	rejected := []Rejection{}
	var valid []Sale
	var totals []int64
	for _, sale := range sales {
		total, rej := checkSale(sale, brought)
		if rej != nil {
			rejected = append(rejected, *rej)
			continue
		}
		valid, totals = append(valid, sale), append(totals, total)
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
		for i, sale := range valid {
			id := strings.ToLower(sale.ID)
			r, err := tx.Exec(ctx, `INSERT INTO expo_sales (id, event_id, exhibitor_id, cashier_id, sold_at, sale_day, payment_method, total, late, synced_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
				id, eventID, exhibitorID, cashier, sale.SoldAt.UTC(), e.day(sale.SoldAt), sale.PaymentMethod, totals[i], late, now)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n == 0 {
				res.Duplicates++
				continue
			}
			if err := salesfig.NoteOffline(ctx, tx, x.UMKMID, e.day(sale.SoldAt), +1, totals[i]); err != nil {
				return err
			}
			overStock := false
			for j, it := range sale.Items {
				var expoProduct any
				name := strings.TrimSpace(it.Name)
				if it.ProductID != 0 {
					var pid, left int64
					var listed string
					err := tx.QueryRow(ctx, `UPDATE expo_products SET stock = stock - ? WHERE exhibitor_id = ? AND product_id = ? RETURNING id, stock, name`,
						it.Quantity, exhibitorID, it.ProductID).Scan(&pid, &left, &listed)
					if err != nil {
						return err // checkSale made sure the product is at the booth
					}
					expoProduct = pid
					overStock = overStock || left < 0
					if name == "" {
						name = listed
					}
				}
				if _, err := tx.Exec(ctx, `INSERT INTO expo_sale_items (sale_id, line, expo_product_id, name, quantity, price) VALUES (?, ?, ?, ?, ?, ?)`,
					id, j, expoProduct, name, it.Quantity, it.Price); err != nil {
					return err
				}
			}
			if overStock {
				if _, err := tx.Exec(ctx, `UPDATE expo_sales SET over_stock = TRUE WHERE id = ?`, id); err != nil {
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
	res.Rejected = rejected
	return res, err
}

// SaleRecord is a stored sale, for the booth's list and the agency.
type SaleRecord struct {
	Sale
	Total     int64 `json:"total"`
	Late      bool  `json:"late"`
	OverStock bool  `json:"over_stock"`
	// OverLimit marks a sale past MaxSaleTotal, stored before there were
	// bounds: counted in the report and flagged, until someone voids it.
	OverLimit  bool       `json:"over_limit"`
	VoidedAt   *time.Time `json:"voided_at,omitempty"`
	VoidedBy   int64      `json:"voided_by,omitempty"`
	VoidReason string     `json:"void_reason,omitempty"`
}

const saleColumns = `id, sold_at, payment_method, total, late, over_stock, voided_at, COALESCE(voided_by, 0), void_reason`

func scanSale(row interface{ Scan(...any) error }) (SaleRecord, error) {
	var r SaleRecord
	var voided sql.NullTime
	if err := row.Scan(&r.ID, &r.SoldAt, &r.PaymentMethod, &r.Total, &r.Late, &r.OverStock, &voided, &r.VoidedBy, &r.VoidReason); err != nil {
		return r, err
	}
	if voided.Valid {
		r.VoidedAt = &voided.Time
	}
	r.OverLimit = r.Total > MaxSaleTotal
	return r, nil
}

// Sales lists an exhibitor's stored sales, newest first, voided ones too,
// after the sales past the bounds still counted (its sellers and the agency).
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
	// Sales past the bounds not yet voided come first: the report asks for
	// them to be voided here.
	rows, err := s.db.Reader().Query(ctx, `SELECT `+saleColumns+` FROM expo_sales
		WHERE event_id = ? AND exhibitor_id = ?
		ORDER BY CASE WHEN total > ? AND voided_at IS NULL THEN 0 ELSE 1 END, sold_at DESC, id LIMIT ?`, eventID, exhibitorID, MaxSaleTotal, limit)
	return sqldb.Collect(rows, err, scanSale)
}

// MaxVoidReason bounds the reason given for voiding a sale, in characters.
const MaxVoidReason = 500

// VoidSale voids a stored sale of an event, with a reason: the booth's
// owner and the organising agency may, a cashier may not (it would undo
// its own sales unseen). The sale stays in the booth's list, marked, and
// no longer counts in the report; the expo stock it took comes back; the
// audit log keeps who did it and why. Voiding it again is a conflict.
func (s *Service) VoidSale(ctx context.Context, eventID int64, saleID, reason string) (SaleRecord, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return SaleRecord{}, platform.Unauthorized()
	}
	e, err := s.Event(ctx, eventID)
	if err != nil {
		return SaleRecord{}, err
	}
	id := strings.ToLower(saleID)
	var exhibitorID int64
	err = s.db.Reader().QueryRow(ctx, `SELECT exhibitor_id FROM expo_sales WHERE id = ? AND event_id = ?`, id, eventID).Scan(&exhibitorID)
	if errors.Is(err, sql.ErrNoRows) {
		return SaleRecord{}, platform.NotFound("Penjualan")
	}
	if err != nil {
		return SaleRecord{}, err
	}
	x, err := s.exhibitor(ctx, s.db.Reader(), eventID, exhibitorID)
	if err != nil {
		return SaleRecord{}, err
	}
	if err := s.mayVoid(ctx, e, x); err != nil {
		return SaleRecord{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxVoidReason {
		return SaleRecord{}, platform.Invalid("reason", "Tulis alasan pembatalan (paling banyak %d karakter)", MaxVoidReason)
	}
	actor := platform.ActorFrom(ctx).UserID
	var out SaleRecord
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.Exec(ctx, `UPDATE expo_sales SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL`,
			s.now().UTC(), actor, reason, id)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return conflict("Penjualan ini sudah dibatalkan")
		}
		if _, err := tx.Exec(ctx, `UPDATE expo_products SET stock = stock +
			(SELECT SUM(i.quantity) FROM expo_sale_items i WHERE i.sale_id = ? AND i.expo_product_id = expo_products.id)
			WHERE id IN (SELECT expo_product_id FROM expo_sale_items WHERE sale_id = ?)`, id, id); err != nil {
			return err
		}
		if out, err = scanSale(tx.QueryRow(ctx, `SELECT `+saleColumns+` FROM expo_sales WHERE id = ?`, id)); err != nil {
			return err
		}
		if err := salesfig.NoteOffline(ctx, tx, x.UMKMID, e.day(out.SoldAt), -1, out.Total); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "void_sale", "exhibitor", x.ID, nil, map[string]any{"sale_id": id, "total": out.Total, "reason": reason})
	})
	return out, err
}

// MayVoidSales reports whether the actor may void the sales of a booth,
// for pages that offer it.
func (s *Service) MayVoidSales(ctx context.Context, e Event, x Exhibitor) bool {
	return s.mayVoid(ctx, e, x) == nil
}

func (s *Service) mayVoid(ctx context.Context, e Event, x Exhibitor) error {
	err := account.Authorize(platform.ActorFrom(ctx), account.VoidSale, account.Resource{OwnerID: x.OwnerID, ProvinceCode: e.OrganiserProvince})
	if platform.ErrorKind(err) == platform.KindForbidden {
		return platform.Errorf(platform.KindForbidden, "Hanya pemilik booth %s atau panitia yang dapat membatalkan penjualan", x.Name)
	}
	return err
}
