package mall

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/expo"
	salesfig "github.com/gerai-id/gerai/internal/order/sales" // the sales figures (sales is a sync's batch here)
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Sales at a stall (issue 11 §7, decision 0024): the expo's offline
// cashier, reused. A sale has the expo's shape, bounds and validation
// (expo.CheckSale); it is attributed to the turn that holds the stall on
// the sale's day at the venue, so to the venue, the stall, the day and the
// turn's UMKM.

// tenantTurn is a turn of a stall with its UMKM's owner and province.
type tenantTurn struct {
	id, umkmID, ownerID int64
	province            string
	from, to            string
}

// sellingTurns lists the live turns of a stall whose UMKM the actor may sell
// for (account.SellAtStall: its owner alone).
func (s *Service) sellingTurns(ctx context.Context, q sqldb.Querier, stallID int64) ([]tenantTurn, error) {
	rows, err := q.Query(ctx, `SELECT t.id, t.umkm_id, u.owner_id, u.province_code, CAST(t.from_date AS TEXT), CAST(t.to_date AS TEXT)
		FROM turns t JOIN umkm u ON u.id = t.umkm_id WHERE t.stall_id = ? AND t.status <> 'cancelled' ORDER BY t.from_date`, stallID)
	all, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (t tenantTurn, err error) {
		err = r.Scan(&t.id, &t.umkmID, &t.ownerID, &t.province, &t.from, &t.to)
		return t, err
	})
	if err != nil {
		return nil, err
	}
	a := platform.ActorFrom(ctx)
	var mine []tenantTurn
	for _, t := range all {
		if account.Authorize(a, account.SellAtStall, account.Resource{OwnerID: t.ownerID, ProvinceCode: t.province}) == nil {
			mine = append(mine, t)
		}
	}
	return mine, nil
}

// AuthorizeSellAtStall checks that the actor may record sales at a stall
// of the venue: the owner of a UMKM holding a live turn on it (today or
// another day of its season: a queue is often synced after the day). It
// returns the venue and the stall, and is the first step of SyncSales, so
// a page can refuse before it reads a queue.
func (s *Service) AuthorizeSellAtStall(ctx context.Context, venueID int64, stall string) (Venue, Stall, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return Venue{}, Stall{}, platform.Unauthorized()
	}
	v, err := s.Venue(ctx, venueID)
	if err != nil {
		return v, Stall{}, err
	}
	st, ok, err := s.stallByCode(ctx, s.db.Reader(), v.ID, stall)
	if err != nil {
		return v, st, err
	}
	if !ok {
		return v, st, platform.NotFound("Lapak")
	}
	turns, err := s.sellingTurns(ctx, s.db.Reader(), st.ID)
	if err != nil {
		return v, st, err
	}
	if len(turns) == 0 {
		return v, st, platform.Errorf(platform.KindForbidden, "Lapak %s bukan lapak giliran UMKM Anda", st.Code)
	}
	return v, st, nil
}

// CashierTurn is the turn a tenant's stall cashier sells for, authorised
// as SyncSales: the actor's turn on the stall that holds today at the
// venue (today is true), else its latest one already started, else its
// next one. The page takes the UMKM's products and static QRIS from it.
func (s *Service) CashierTurn(ctx context.Context, venueID int64, stall string) (v Venue, st Stall, t Turn, today bool, err error) {
	if v, st, err = s.AuthorizeSellAtStall(ctx, venueID, stall); err != nil {
		return v, st, t, false, err
	}
	turns, err := s.sellingTurns(ctx, s.db.Reader(), st.ID)
	if err != nil || len(turns) == 0 {
		return v, st, t, false, err
	}
	day := s.today(v)
	pick := turns[0] // in date order: the next one if none has started
	for _, tt := range turns {
		if tt.from <= day {
			pick = tt
		}
		if tt.from <= day && day <= tt.to {
			today = true
			break
		}
	}
	t, err = s.turn(ctx, s.db.Reader(), v.ID, pick.id)
	return v, st, t, today, err
}

// SyncSales stores a stall cashier's queued sales, as the expo's Sync does:
// one transaction for the batch, a sale sent again counted as a duplicate
// (its id is the device's), a sale that cannot be stored rejected on its
// own with its reason. Each sale goes to the turn holding the stall on its
// day at the venue, which must be a turn of a UMKM the actor owns (else it
// is rejected: the stall was not the tenant's that day); its catalogue
// products must be that UMKM's. A sale on a day the stall was released
// (no-show) or the venue does not open is accepted and flagged late: the
// device could not know.
func (s *Service) SyncSales(ctx context.Context, venueID int64, stall string, sales []expo.Sale) (expo.SyncResult, error) {
	v, st, err := s.AuthorizeSellAtStall(ctx, venueID, stall)
	if err != nil {
		return expo.SyncResult{}, err
	}
	if len(sales) > expo.MaxSyncBatch {
		return expo.SyncResult{}, platform.Invalid("sales", "Maksimal %d penjualan per kiriman", expo.MaxSyncBatch)
	}
	cashier := platform.ActorFrom(ctx).UserID
	loc := v.Location()
	now := s.now().UTC()
	var res expo.SyncResult
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res = expo.SyncResult{Rejected: []expo.Rejection{}}
		turns, err := s.sellingTurns(ctx, tx, st.ID)
		if err != nil {
			return err
		}
		products := map[int64]map[int64]string{} // UMKM → its products' names
		catalogue := func(umkmID int64) (map[int64]string, error) {
			if m, ok := products[umkmID]; ok {
				return m, nil
			}
			rows, err := tx.Query(ctx, `SELECT id, name FROM products WHERE umkm_id = ?`, umkmID)
			type named struct {
				id   int64
				name string
			}
			list, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (n named, err error) {
				err = r.Scan(&n.id, &n.name)
				return n, err
			})
			if err != nil {
				return nil, err
			}
			m := map[int64]string{}
			for _, n := range list {
				m[n.id] = n.name
			}
			products[umkmID] = m
			return m, nil
		}
		released := map[string]bool{} // turn and day → released as no-show
		for _, sale := range sales {
			day := sale.SoldAt.In(loc).Format(time.DateOnly)
			var turn *tenantTurn
			for i, t := range turns {
				if !sale.SoldAt.IsZero() && t.from <= day && day <= t.to {
					turn = &turns[i]
				}
			}
			var own map[int64]string
			if turn != nil {
				if own, err = catalogue(turn.umkmID); err != nil {
					return err
				}
			}
			total, rej := expo.CheckSale(sale, func(val *platform.Validation, field string, productID int64) {
				_, ok := own[productID]
				val.Check(turn == nil || ok, field, "Produk ini bukan produk UMKM pemegang lapak")
			})
			if rej == nil && turn == nil {
				rej = expo.Reject(sale.ID, platform.Invalid("sold_at", "Lapak %s tidak dipegang UMKM Anda pada %s", st.Code, day))
			}
			if rej != nil {
				res.Rejected = append(res.Rejected, *rej)
				continue
			}
			key := fmt.Sprint(turn.id, day)
			if _, ok := released[key]; !ok {
				var n int
				if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM checkins WHERE turn_id = ? AND day = ? AND status = 'no_show'`, turn.id, day).Scan(&n); err != nil {
					return err
				}
				released[key] = n > 0
			}
			late := released[key] || !v.opensOn(day)
			id := strings.ToLower(sale.ID)
			r, err := tx.Exec(ctx, `INSERT INTO mall_sales (id, venue_id, stall_id, turn_id, umkm_id, cashier_id, sold_at, sale_day, payment_method, total, late, synced_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
				id, v.ID, st.ID, turn.id, turn.umkmID, cashier, sale.SoldAt.UTC(), day, sale.PaymentMethod, total, late, now)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n == 0 {
				res.Duplicates++
				continue
			}
			if err := salesfig.NoteOffline(ctx, tx, turn.umkmID, day, +1, total); err != nil {
				return err
			}
			for j, it := range sale.Items {
				var product any
				name := strings.TrimSpace(it.Name)
				if it.ProductID != 0 {
					product = it.ProductID
					if name == "" {
						name = own[it.ProductID]
					}
				}
				if _, err := tx.Exec(ctx, `INSERT INTO mall_sale_items (sale_id, line, product_id, name, quantity, price) VALUES (?, ?, ?, ?, ?, ?)`,
					id, j, product, name, it.Quantity, it.Price); err != nil {
					return err
				}
			}
			res.Accepted++
			if late {
				res.Flagged++
			}
		}
		return nil
	})
	return res, err
}

// StallSale is a stored sale at a stall, for the venue's and the tenant's lists.
type StallSale struct {
	ID            string    `json:"id"`
	VenueID       int64     `json:"venue_id"`
	Stall         string    `json:"stall" example:"K-01"`
	TurnID        int64     `json:"turn_id"`
	UMKMID        int64     `json:"umkm_id"`
	UMKMName      string    `json:"umkm_name"`
	SoldAt        time.Time `json:"sold_at"`
	Day           string    `json:"day" example:"2027-01-09" doc:"The market day, at the venue"`
	PaymentMethod string    `json:"payment_method" enum:"cash,qris,transfer,card"`
	Total         int64     `json:"total" doc:"Whole rupiah"`
	// Late: sold on a day the stall was released (no-show) or the venue does not open.
	Late       bool       `json:"late"`
	VoidedAt   *time.Time `json:"voided_at,omitempty"`
	VoidedBy   int64      `json:"voided_by,omitempty"`
	VoidReason string     `json:"void_reason,omitempty"`
}

const stallSaleColumns = `ms.id, ms.venue_id, st.code, ms.turn_id, ms.umkm_id, u.name, ms.sold_at, CAST(ms.sale_day AS TEXT),
	ms.payment_method, ms.total, ms.late, ms.voided_at, COALESCE(ms.voided_by, 0), ms.void_reason`

const stallSaleJoins = ` FROM mall_sales ms JOIN stalls st ON st.id = ms.stall_id JOIN umkm u ON u.id = ms.umkm_id`

func scanStallSale(r sqldb.Scanner) (StallSale, error) {
	var x StallSale
	var voided sql.NullTime
	err := r.Scan(&x.ID, &x.VenueID, &x.Stall, &x.TurnID, &x.UMKMID, &x.UMKMName, &x.SoldAt, &x.Day,
		&x.PaymentMethod, &x.Total, &x.Late, &voided, &x.VoidedBy, &x.VoidReason)
	if voided.Valid {
		x.VoidedAt = &voided.Time
	}
	return x, err
}

// visibleSales relates stall sales to a scope, as applications: a sale is
// its UMKM owner's and its venue's staff's (Own), and the venue's province's.
var visibleSales = account.Columns{
	Own:      "(ms.umkm_id IN (SELECT id FROM umkm WHERE owner_id = ?) OR ms.venue_id IN (SELECT venue_id FROM venue_staff WHERE user_id = ?))",
	Province: "ms.venue_id IN (SELECT id FROM venues WHERE province_code = ?)",
}

// MaxSalesList bounds one list of a venue's sales.
const MaxSalesList = 10_000

// Sales lists the venue's sales of the days from–to (at the venue, both
// inclusive; from defaults to today, to to from), newest first, voided ones
// too: all of them to those who run the venue, its own to a tenant,
// nothing to anyone else.
func (s *Service) Sales(ctx context.Context, venueID int64, from, to string) ([]StallSale, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, platform.Unauthorized()
	}
	v, err := s.Venue(ctx, venueID)
	if err != nil {
		return nil, err
	}
	if from == "" {
		from = s.today(v)
	}
	if to == "" {
		to = from
	}
	var val platform.Validation
	period(&val, "from", "to", from, to)
	if err := val.Err(); err != nil {
		return nil, err
	}
	scope, args := account.ScopeOf(a).Where(visibleSales)
	rows, err := s.db.Reader().Query(ctx, `SELECT `+stallSaleColumns+stallSaleJoins+`
		WHERE ms.venue_id = ? AND ms.sale_day >= ? AND ms.sale_day <= ? AND `+scope+`
		ORDER BY ms.sold_at DESC, ms.id LIMIT ?`, append(append([]any{v.ID, from, to}, args...), MaxSalesList)...)
	return sqldb.Collect(rows, err, scanStallSale)
}

// VoidSale voids a stored sale at the venue, with a reason: the tenant
// whose sale it is, or those who run the venue. The sale stays listed,
// marked; no sum counts it any more; the audit log keeps who, the sale,
// its total and why. Voiding it again is a conflict.
func (s *Service) VoidSale(ctx context.Context, venueID int64, saleID, reason string) (StallSale, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return StallSale{}, platform.Unauthorized()
	}
	v, err := s.Venue(ctx, venueID)
	if err != nil {
		return StallSale{}, err
	}
	id := strings.ToLower(strings.TrimSpace(saleID))
	var owner int64
	err = s.db.Reader().QueryRow(ctx, `SELECT u.owner_id FROM mall_sales ms JOIN umkm u ON u.id = ms.umkm_id WHERE ms.id = ? AND ms.venue_id = ?`,
		id, v.ID).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return StallSale{}, platform.NotFound("Penjualan")
	}
	if err != nil {
		return StallSale{}, err
	}
	if account.Authorize(a, account.VoidSale, account.Resource{OwnerID: owner, ProvinceCode: v.ProvinceCode}) != nil && s.mayRun(ctx, v) != nil {
		return StallSale{}, platform.Errorf(platform.KindForbidden, "Hanya UMKM pemegang lapak atau pengelola lokasi yang dapat membatalkan penjualan")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > expo.MaxVoidReason {
		return StallSale{}, platform.Invalid("reason", "Tulis alasan pembatalan (paling banyak %d karakter)", expo.MaxVoidReason)
	}
	var out StallSale
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.Exec(ctx, `UPDATE mall_sales SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL`,
			s.now().UTC(), a.UserID, reason, id)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return conflict("Penjualan ini sudah dibatalkan")
		}
		if out, err = scanStallSale(tx.QueryRow(ctx, `SELECT `+stallSaleColumns+stallSaleJoins+` WHERE ms.id = ?`, id)); err != nil {
			return err
		}
		if err := salesfig.NoteOffline(ctx, tx, out.UMKMID, out.Day, -1, out.Total); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "void_sale", "venue", v.ID, nil,
			map[string]any{"sale_id": id, "stall": out.Stall, "umkm_id": out.UMKMID, "total": out.Total, "reason": reason})
	})
	return out, err
}

// SalesTotals is the sum of the non-voided sales at the venue on the days
// from–to (YYYY-MM-DD at the venue, both inclusive), of one UMKM (umkmID 0:
// every tenant), read through q (a transaction of the caller's, or the
// reader). It authorises nothing: the fees and the report call it for
// those they let in. Within the bounds of a sale it cannot overflow short
// of 922 million sales; past that it stops at math.MaxInt64.
func (s *Service) SalesTotals(ctx context.Context, q sqldb.Querier, venueID, umkmID int64, from, to string) (int64, error) {
	where, args := "", []any{venueID, from, to}
	if umkmID != 0 {
		where, args = " AND umkm_id = ?", append(args, umkmID)
	}
	var hi, lo sql.NullInt64
	err := q.QueryRow(ctx, `SELECT `+platform.SplitSums("total")+` FROM mall_sales
		WHERE venue_id = ? AND sale_day >= ? AND sale_day <= ? AND voided_at IS NULL`+where, args...).Scan(&hi, &lo)
	if err != nil {
		return 0, err
	}
	var total int64
	var sum platform.CheckedSum
	sum.PlusSplit(&total, hi.Int64, lo.Int64)
	return total, nil
}
