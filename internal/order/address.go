package order

import (
	"context"
	"database/sql"
	"errors"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The buyer's last delivery address, kept for the next checkout. It is
// personal data: read only by its owner, never logged.

// rememberSQL keeps a buyer's address in one statement, with no read
// before it: a pickup given without a street keeps the street (and its
// regency) remembered before, so that picking up once does not lose the
// home address; an address already remembered is not written again (a
// repeat buyer's checkout changes no row for it). Its arguments are
// rememberArgs'.
const rememberSQL = `INSERT INTO buyer_addresses (user_id, name, phone, street, regency_code, updated_at) VALUES (?, ?, ?, ?, ?, ?)
	ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, phone = excluded.phone,
		street = CASE WHEN excluded.street = '' THEN buyer_addresses.street ELSE excluded.street END,
		regency_code = CASE WHEN excluded.street = '' THEN buyer_addresses.regency_code ELSE excluded.regency_code END,
		updated_at = excluded.updated_at
	WHERE buyer_addresses.name <> excluded.name OR buyer_addresses.phone <> excluded.phone
		OR (excluded.street <> '' AND (buyer_addresses.street <> excluded.street OR buyer_addresses.regency_code <> excluded.regency_code))`

func (s *Service) rememberArgs(buyerID int64, a Address) []any {
	return []any{buyerID, a.Name, a.Phone, a.Street, a.RegencyCode, s.now().UTC()}
}

// remembers reports whether an order placed with req keeps its address for
// the buyer's next checkout (cart, group order, beli bareng by courier): a
// beli-bareng pickup carries no address of the buyer's.
func (req CheckoutRequest) remembers() bool {
	return req.campaignID == 0 || req.DeliveryMethod == Courier
}

// rememberInTx and rememberAfterCommit keep the address of an order being
// placed; each checkout calls both, and one of them writes. On SQLite the
// address is written in the order's own transaction: it commits with the
// order, and the single writer is spared a write transaction of its own
// after each sale. On PostgreSQL it is written after the order's commit,
// never inside it: the group commit's transaction holds the product's row
// until its commit, and a buyer's address row locked by the batches of two
// processes at once would deadlock them (measured: three processes sold
// 78 orders/s instead of 268). Of two checkouts at once with different
// addresses, the later write stays.
func (s *Service) rememberInTx(ctx context.Context, tx *sqldb.Tx, buyerID int64, req CheckoutRequest) error {
	if tx.Dialect() != sqldb.SQLite || !req.remembers() {
		return nil
	}
	_, err := tx.Exec(ctx, rememberSQL, s.rememberArgs(buyerID, req.Address)...)
	return err
}

// rememberAfterCommit is rememberInTx's PostgreSQL half. The address
// already kept is read first, so that a repeat buyer's checkout writes
// nothing for it. A failure is logged (without the address) and costs only
// the pre-filling.
func (s *Service) rememberAfterCommit(ctx context.Context, buyerID int64, req CheckoutRequest) {
	if s.db.Dialect == sqldb.SQLite || !req.remembers() {
		return
	}
	old, ok, err := s.addressOf(ctx, buyerID)
	a := req.Address
	if err == nil && ok && a.Street == "" {
		a.Street, a.RegencyCode = old.Street, old.RegencyCode
	}
	if err == nil && !(ok && a == old) {
		_, err = s.db.Writer().Exec(ctx, rememberSQL, s.rememberArgs(buyerID, req.Address)...)
	}
	if err != nil {
		s.payments.log.Error("remember the buyer's address", "buyer", buyerID, "err", err)
	}
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
