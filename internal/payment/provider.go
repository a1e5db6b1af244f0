// Package payment takes money for orders: QRIS payloads (qris/), payment
// providers behind one interface (midtrans/, xendit/, the built-in
// simulator, direct QRIS to the UMKM, bank transfer), and their webhooks.
package payment

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Status is where a payment stands.
type Status string

const (
	StatusPending  Status = "pending"
	StatusPaid     Status = "paid"
	StatusExpired  Status = "expired"
	StatusFailed   Status = "failed"
	StatusRefunded Status = "refunded"
)

// Charge asks a provider to collect Amount rupiah for one Gerai payment.
type Charge struct {
	PaymentID     string // Gerai's payment id: the provider's order_id / reference_id
	Amount        int64  // whole rupiah
	Description   string
	ExpiresAt     time.Time
	CustomerName  string
	CustomerEmail string
}

// Check reports a charge a provider would refuse: provider names it in the
// error, idField and maxID are that provider's name and limit for our id.
func (c Charge) Check(provider, idField string, maxID int) error {
	if c.PaymentID == "" || len(c.PaymentID) > maxID {
		return fmt.Errorf("%s: %s must be 1..%d characters, got %d", provider, idField, maxID, len(c.PaymentID))
	}
	if c.Amount <= 0 {
		return fmt.Errorf("%s: amount must be positive, got %d", provider, c.Amount)
	}
	return nil
}

// ChargeResult is what the provider answered.
type ChargeResult struct {
	ProviderRef string // the provider's transaction or QR id
	QRIS        string // the EMVCo QRIS payload to show as a QR code
	ExpiresAt   time.Time
}

// Notification is a provider's webhook call, verified and read.
type Notification struct {
	PaymentID   string // Gerai's payment id, as given in Charge
	ProviderRef string
	Status      Status
	Amount      int64 // whole rupiah, as the provider reports it
	// EventID identifies this notification for idempotency (a provider's
	// event or transaction id plus its status); repeats carry the same one.
	EventID string
	Raw     []byte
}

// ErrBadSignature means a webhook was not signed by the provider: it is
// rejected, logged, and changes nothing.
var ErrBadSignature = errors.New("payment: notification signature does not verify")

// ErrMalformed means a webhook body could not be read.
var ErrMalformed = errors.New("payment: notification is malformed")

// Provider is one way of collecting money. Adapters translate provider
// formats (amount strings such as "10000.00") at this boundary: the rest of
// Gerai sees whole rupiah in int64.
type Provider interface {
	Name() string
	CreateCharge(ctx context.Context, c Charge) (ChargeResult, error)
	// ParseNotification verifies and reads a webhook request. It reads the
	// body itself; the caller answers the provider.
	ParseNotification(r *http.Request) (Notification, error)
}

// Bound gives a provider call a deadline of d when neither the HTTP client
// (Timeout) nor ctx has one, so that a hung gateway never holds a checkout
// forever. Call the returned cancel when done.
func Bound(ctx context.Context, client *http.Client, d time.Duration) (context.Context, context.CancelFunc) {
	if client.Timeout != 0 {
		return ctx, func() {}
	}
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, d)
}
