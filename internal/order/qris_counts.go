package order

import (
	"context"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
)

// qrisColumns relate a UMKM's payment settings to a scope through its
// record: an agency counts its province's UMKM.
var qrisColumns = account.Columns{Province: "u.province_code = ?"}

// StaticQRISCount counts the verified UMKM of the actor's scope (and of
// provinceCode, "" for every one in it) that accept QRIS: a static QRIS
// recorded in their payment settings. For the registry dashboard's share
// with QRIS; a role without a province scope (a seller) counts none of
// anybody else's.
func (s *Service) StaticQRISCount(ctx context.Context, provinceCode string) (int64, error) {
	cond, args := account.ScopeOf(platform.ActorFrom(ctx)).Where(qrisColumns)
	if provinceCode != "" {
		cond, args = cond+" AND u.province_code = ?", append(args, provinceCode)
	}
	var n int64
	err := s.db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM order_settings os JOIN umkm u ON u.id = os.umkm_id
		WHERE os.static_qris <> '' AND u.status = 'verified' AND `+cond, args...).Scan(&n)
	return n, err
}
