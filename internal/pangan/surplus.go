package pangan

import (
	"context"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// LinkGroupUMKM links a group (a KWT, usually) to the UMKM it sells its
// members' surplus through: the programme's agency or an admin. The UMKM
// is registered in the usual registry (by the group's seller account) and
// must lie in the programme's province; a UMKM sells for one group of a
// programme at most, so its sales count once.
func (s *Service) LinkGroupUMKM(ctx context.Context, programmeID, groupID, umkmID int64) (FoodGroup, error) {
	p, err := s.runnable(ctx, programmeID)
	if err != nil {
		return FoodGroup{}, err
	}
	g, err := s.group(ctx, s.db.Reader(), p.ID, groupID)
	if err != nil {
		return FoodGroup{}, err
	}
	if s.Registry == nil {
		return FoodGroup{}, platform.Invalid("umkm_id", "Registri UMKM belum disiapkan di server ini")
	}
	u, err := s.Registry.Get(ctx, umkmID)
	if platform.ErrorKind(err) == platform.KindNotFound {
		return FoodGroup{}, platform.Invalid("umkm_id", "UMKM tidak ditemukan")
	}
	if err != nil {
		return FoodGroup{}, err
	}
	if u.ProvinceCode != p.ProvinceCode {
		return FoodGroup{}, platform.Invalid("umkm_id", "UMKM ini bukan dari provinsi program")
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE pangan_groups SET umkm_id = ? WHERE id = ?`, u.ID, g.ID)
		if sqldb.UniqueViolation(err) {
			return platform.Invalid("umkm_id", "UMKM ini sudah terhubung dengan kelompok lain di program ini")
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "link_group_umkm", "pangan_group", g.ID, map[string]any{"umkm_id": g.UMKMID}, map[string]any{"umkm_id": u.ID})
	})
	if err != nil {
		return FoodGroup{}, err
	}
	return s.group(ctx, s.db.Reader(), p.ID, g.ID)
}

// SoldThroughGerai is the value of goods the UMKM linked to the
// programme's groups in an area (a village, district, regency or the
// province) sold in the marketplace, in the months from–to (YYYY-MM, both
// optional, in the province's time zone, by when each order was paid):
// the orders' subtotals (shipping is the courier's, not the group's
// produce), of orders paid and not cancelled (an order is refunded only
// whole, by cancelling it, so this nets refunds). Its reader is who reads
// the area's indicators (province and regency public).
func (s *Service) SoldThroughGerai(ctx context.Context, programmeID int64, areaCode, from, to string) (int64, error) {
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return 0, err
	}
	areaCode = strings.TrimSpace(areaCode)
	if areaCode == "" {
		areaCode = p.ProvinceCode
	}
	var val platform.Validation
	level := levelOf(areaCode)
	val.Check(level != "" && (areaCode == p.ProvinceCode || strings.HasPrefix(areaCode, p.ProvinceCode+".")), "code", "Kode wilayah bukan bagian provinsi program")
	val.Check(from == "" || isMonth(from), "from", "Bulan harus berformat TTTT-BB")
	val.Check(to == "" || isMonth(to), "to", "Bulan harus berformat TTTT-BB")
	if err := val.Err(); err != nil {
		return 0, err
	}
	if level == LevelDistrict || level == LevelVillage {
		if err := s.mayReadArea(ctx, p, areaCode); err != nil {
			return 0, err
		}
	}
	return s.soldThroughGerai(ctx, p, areaCode, from, to)
}

// soldThroughGerai sums the sales without checking the reader.
//
// It reads the orders' tables itself, read-only: the order package has
// no read of a UMKM's paid sales over a period (its List pages one
// UMKM's orders for their owner), and the indicators need one sum over
// many UMKM. The statuses come from package order.
func (s *Service) soldThroughGerai(ctx context.Context, p Programme, areaCode, from, to string) (int64, error) {
	cond, condArgs := ``, []any(nil)
	if col, ok := areaColumn(areaCode); ok && col != "province_code" {
		cond, condArgs = ` AND g.`+col+` = ?`, []any{areaCode}
	}
	return s.sumSales(ctx, p, cond, condArgs, from, to)
}

// sumSales sums the sales of the UMKM linked to the programme's groups
// that cond (over alias g, with its args) picks, paid in the months
// from–to, without checking the reader.
func (s *Service) sumSales(ctx context.Context, p Programme, cond string, condArgs []any, from, to string) (int64, error) {
	loc := p.Location()
	lo, hi := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	if t, err := time.ParseInLocation("2006-01", from, loc); err == nil {
		lo = t.UTC()
	}
	if t, err := time.ParseInLocation("2006-01", to, loc); err == nil && to < "9999-12" {
		hi = t.AddDate(0, 1, 0).UTC()
	}
	// From the programme's few linked groups to their UMKM's orders
	// (orders_umkm) and each order's payment in its history
	// (order_history_order): no scan of the marketplace's tables.
	args := append([]any{p.ID}, condArgs...)
	args = append(args, string(order.Paid), string(order.Processing), string(order.Shipped), string(order.Completed), string(order.Paid), lo, hi)
	var sum int64
	err := s.db.Reader().QueryRow(ctx, `SELECT COALESCE(SUM(o.subtotal), 0) FROM pangan_groups g JOIN orders o ON o.umkm_id = g.umkm_id
		WHERE g.programme_id = ? AND g.umkm_id IS NOT NULL`+cond+` AND o.status IN (?, ?, ?, ?)
		AND EXISTS (SELECT 1 FROM order_history oh WHERE oh.order_id = o.id AND oh.to_status = ? AND oh.created_at >= ? AND oh.created_at < ?)`,
		args...).Scan(&sum)
	return sum, err
}
