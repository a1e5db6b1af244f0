package order

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// MoneyFlow is where a province's buyers pay: the operator's gateway account
// (a ledger per UMKM, one payment across UMKM) or straight to each UMKM
// (its own QRIS, one payment per UMKM). Bank transfer to the UMKM works in both.
type MoneyFlow string

const (
	ThroughGateway MoneyFlow = "gateway"
	StraightToUMKM MoneyFlow = "direct"
)

// Flow returns a province's money flow (through the gateway unless the operator chose otherwise).
func (s *Service) Flow(ctx context.Context, provinceCode string) (MoneyFlow, error) {
	return flowOf(ctx, s.db.Reader(), provinceCode)
}

func flowOf(ctx context.Context, q sqldb.Querier, provinceCode string) (MoneyFlow, error) {
	f := ThroughGateway
	err := q.QueryRow(ctx, `SELECT money_flow FROM province_settings WHERE province_code = ?`, provinceCode).Scan(&f)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	return f, nil
}

// MaySetFlow reports whether the actor chooses provinces' money flows (the
// operator), for pages that show the choice.
func (s *Service) MaySetFlow(ctx context.Context) bool { return s.mayOperate(ctx) == nil }

// mayOperate checks the actor is the platform's operator (money flows, payouts).
func (s *Service) mayOperate(ctx context.Context) error {
	err := account.Authorize(platform.ActorFrom(ctx), account.Operate, account.Resource{})
	if platform.ErrorKind(err) == platform.KindForbidden {
		return platform.Errorf(platform.KindForbidden, "Hanya operator (admin) yang mengatur uang platform")
	}
	return err
}

// SetFlow records the operator's choice for a province (admin only).
func (s *Service) SetFlow(ctx context.Context, provinceCode string, f MoneyFlow) error {
	if err := s.mayOperate(ctx); err != nil {
		return err
	}
	if _, ok := region.ProvinceByCode(provinceCode); !ok {
		return platform.NotFound("Provinsi")
	}
	if f != ThroughGateway && f != StraightToUMKM {
		return &platform.Error{Kind: platform.KindInvalid, Message: "Alur uang harus gateway atau direct",
			Fields: []platform.FieldError{{Field: "money_flow", Message: "Pilih gateway atau direct"}}}
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := flowOf(ctx, tx, provinceCode)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM province_settings WHERE province_code = ?`, provinceCode); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO province_settings (province_code, money_flow) VALUES (?, ?)`, provinceCode, string(f)); err != nil {
			return err
		}
		code, _ := strconv.ParseInt(provinceCode, 10, 64)
		return audit.Record(ctx, tx, "set_money_flow", "province", code, map[string]MoneyFlow{"money_flow": before}, map[string]MoneyFlow{"money_flow": f})
	})
}

// checkFlow refuses a payment method that a line's province does not use.
func checkFlow(ctx context.Context, tx *sqldb.Tx, provider string, lines []lineSnapshot) error {
	if provider == Transfer {
		return nil
	}
	for _, l := range lines {
		r, _ := region.RegencyByCode(l.Regency)
		f, err := flowOf(ctx, tx, r.ProvinceCode)
		if err != nil {
			return err
		}
		direct := provider == DirectQRIS
		if (f == StraightToUMKM) != direct {
			p, _ := region.ProvinceByCode(r.ProvinceCode)
			if f == StraightToUMKM {
				return platform.Invalid("payment_provider", "Di %s pembayaran langsung ke UMKM; pilih QRIS toko atau transfer", p.Name)
			}
			return platform.Invalid("payment_provider", "Di %s pembayaran melalui payment gateway; pilih QRIS simulasi/gateway atau transfer", p.Name)
		}
	}
	return nil
}
