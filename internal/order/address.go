package order

import (
	"context"
	"database/sql"
	"errors"

	"github.com/gerai-id/gerai/internal/platform"
)

// The buyer's last delivery address, kept for the next checkout (cart,
// group order, beli bareng by courier). It is personal data: read only by
// its owner, never logged.

// remember keeps the address of an order just placed for the buyer's next
// checkout. It runs after the order's commit, never inside it: in a flash
// sale the order's transaction holds the product's row, and a convenience
// must not lengthen that. A failure is logged (without the address) and
// costs only the pre-filling.
func (s *Service) remember(ctx context.Context, buyerID int64, req CheckoutRequest) {
	if req.campaignID != 0 && req.DeliveryMethod != Courier {
		return // a beli-bareng pickup carries no address of the buyer's
	}
	if err := s.rememberAddress(ctx, buyerID, req.Address); err != nil {
		s.payments.log.Error("remember the buyer's address", "buyer", buyerID, "err", err)
	}
}

// rememberAddress stores a buyer's address. A pickup given without a
// street keeps the street (and its regency) remembered before, so that
// picking up once does not lose the home address. An address already
// remembered is not written again (a repeat buyer's checkout writes
// nothing for it); of two checkouts at once with different addresses,
// the later write stays.
func (s *Service) rememberAddress(ctx context.Context, buyerID int64, a Address) error {
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
	_, err = s.db.Writer().Exec(ctx, `INSERT INTO buyer_addresses (user_id, name, phone, street, regency_code, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, phone = excluded.phone, street = excluded.street,
			regency_code = excluded.regency_code, updated_at = excluded.updated_at`,
		buyerID, a.Name, a.Phone, a.Street, a.RegencyCode, s.now().UTC())
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
