package order

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The buyer's last delivery address, kept for the next checkout (cart,
// group order, beli bareng by courier). It is personal data: read only by
// its owner, never logged.

// rememberAddress keeps a buyer's address in the transaction that places
// an order with it. A pickup given without a street keeps the street (and
// its regency) remembered before, so that picking up once does not lose
// the home address. An address already remembered is not written again:
// a repeat buyer's checkout takes no row lock for it (read on the read
// pool, outside the transaction; two checkouts at once with different
// addresses both write, and the later one stays).
func (s *Service) rememberAddress(ctx context.Context, tx *sqldb.Tx, buyerID int64, a Address, now time.Time) error {
	old, ok, err := s.addressOf(ctx, buyerID)
	if err != nil {
		return err
	}
	if ok && a.Street == "" {
		a.Street, a.RegencyCode = old.Street, old.RegencyCode
	}
	if ok && a == old {
		return nil
	}
	_, err = tx.Exec(ctx, `INSERT INTO buyer_addresses (user_id, name, phone, street, regency_code, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, phone = excluded.phone, street = excluded.street,
			regency_code = excluded.regency_code, updated_at = excluded.updated_at`,
		buyerID, a.Name, a.Phone, a.Street, a.RegencyCode, now)
	return err
}

// LastAddress returns the actor's own last delivery address, false when
// there is none yet (or the actor is anonymous). There is no way to read
// another user's.
func (s *Service) LastAddress(ctx context.Context) (Address, bool, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return Address{}, false, nil
	}
	return s.addressOf(ctx, actor.UserID)
}

func (s *Service) addressOf(ctx context.Context, userID int64) (Address, bool, error) {
	var a Address
	err := s.db.Reader().QueryRow(ctx, `SELECT name, phone, street, regency_code FROM buyer_addresses WHERE user_id = ?`, userID).
		Scan(&a.Name, &a.Phone, &a.Street, &a.RegencyCode)
	if errors.Is(err, sql.ErrNoRows) {
		return Address{}, false, nil
	}
	return a, err == nil, err
}
