package order

import (
	"context"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Balance is what the operator holds for one UMKM in its gateway account.
type Balance struct {
	UMKMID       int64  `json:"umkm_id"`
	Name         string `json:"name"`
	ProvinceCode string `json:"province_code"`
	WhatsApp     string `json:"whatsapp"` // E.164; mask it in lists
	Balance      int64  `json:"balance"`
}

// balanceColumns relates the UMKM of the ledger to a scope (only the
// operator opens Balances, whose scope is everything).
var balanceColumns = account.Columns{Own: "u.owner_id = ?", Province: "u.province_code = ?"}

// Balances lists the UMKM with money in the operator's gateway account,
// largest balance first: what is still to be paid out (admin only; a
// forbidden error otherwise).
func (s *Service) Balances(ctx context.Context) ([]Balance, error) {
	if err := s.mayOperate(ctx); err != nil {
		return nil, err
	}
	where, args := account.ScopeOf(platform.ActorFrom(ctx)).Where(balanceColumns)
	rows, err := s.db.Reader().Query(ctx, `SELECT u.id, u.name, u.province_code, u.whatsapp, SUM(l.amount)
		FROM ledger_entries l JOIN umkm u ON u.id = l.umkm_id
		WHERE `+where+`
		GROUP BY u.id, u.name, u.province_code, u.whatsapp
		HAVING SUM(l.amount) <> 0
		ORDER BY SUM(l.amount) DESC, u.id LIMIT 500`, args...)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (b Balance, err error) {
		err = r.Scan(&b.UMKMID, &b.Name, &b.ProvinceCode, &b.WhatsApp, &b.Balance)
		return b, err
	})
}
