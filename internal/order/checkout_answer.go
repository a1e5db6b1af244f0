package order

import (
	"context"
	"database/sql"
	"errors"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// What a checkout answers when it did not place orders itself: the
// checkout an earlier request with the same Idempotency-Key made, or why a
// line was refused.

// refusedLine is placeOrders' refusal of a line whose conditional UPDATE of
// the stock matched no row: too little stock, or no such listed product.
// first: it was the first line tried, so placeOrders wrote nothing.
type refusedLine struct {
	line  int
	first bool
	err   error
}

func (e *refusedLine) Error() string { return e.err.Error() }
func (e *refusedLine) Unwrap() error { return e.err }

// refused answers a checkout whose line i the stock UPDATE refused, with
// one read: the checkout an earlier request with the same key made (a
// retry of the one that took the last stock gets its orders), else why the
// line was refused (no such listed product, or too little stock).
func (s *Service) refused(ctx context.Context, userID int64, key, hash string, i int, it LineRequest) (CheckoutResult, error) {
	var stock sql.NullInt64
	var storedHash, checkoutID sql.NullString
	err := s.db.Reader().QueryRow(ctx, `SELECT (SELECT stock FROM products WHERE id = ? AND listed = TRUE), k.request_hash, k.response
		FROM (SELECT 1 AS one) AS one LEFT JOIN idempotency_keys k ON k.user_id = ? AND k.key = ?`, it.ProductID, userID, key).
		Scan(&stock, &storedHash, &checkoutID)
	switch {
	case err != nil:
		return CheckoutResult{}, err
	case key != "" && checkoutID.Valid:
		return s.replayed(ctx, storedHash.String, hash, checkoutID.String)
	case !stock.Valid:
		return CheckoutResult{}, lineError(i, sql.ErrNoRows)
	}
	return CheckoutResult{}, lineError(i, errNoStock)
}

// replay returns the checkout an idempotency key already made.
func (s *Service) replay(ctx context.Context, userID int64, key, hash string) (CheckoutResult, bool, error) {
	var storedHash, checkoutID string
	err := s.db.Reader().QueryRow(ctx, `SELECT request_hash, response FROM idempotency_keys WHERE user_id = ? AND key = ?`, userID, key).
		Scan(&storedHash, &checkoutID)
	if errors.Is(err, sql.ErrNoRows) {
		return CheckoutResult{}, false, nil
	}
	if err != nil {
		return CheckoutResult{}, true, err
	}
	res, err := s.replayed(ctx, storedHash, hash, checkoutID)
	return res, true, err
}

// replayed answers a request whose key made checkoutID for a request of
// storedHash: that checkout again, or a conflict when this request differs.
func (s *Service) replayed(ctx context.Context, storedHash, hash, checkoutID string) (CheckoutResult, error) {
	if storedHash != hash {
		return CheckoutResult{}, &platform.Error{Kind: platform.KindConflict,
			Message: "Idempotency-Key ini sudah dipakai untuk checkout yang berbeda"}
	}
	return s.result(ctx, checkoutID, true)
}

// result reads back what a checkout created. It reads on the read pool,
// which sees every committed transaction (WAL on SQLite), so that the
// single SQLite writer is kept for writes.
func (s *Service) result(ctx context.Context, checkoutID string, replayed bool) (CheckoutResult, error) {
	res := CheckoutResult{CheckoutID: checkoutID, Replayed: replayed, Orders: []Order{}, Payments: []Payment{}}
	ids, err := sqldb.Int64s(ctx, s.db.Reader(), `SELECT id FROM orders WHERE checkout_id = ? ORDER BY id`, checkoutID)
	if err != nil {
		return res, err
	}
	for _, id := range ids {
		o, err := s.load(ctx, s.db.Reader(), id)
		if err != nil {
			return res, err
		}
		res.Orders = append(res.Orders, o)
	}
	res.Payments, err = s.payments.forOrders(ctx, ids)
	return res, err
}
