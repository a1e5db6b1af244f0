// Package payment takes money for orders: QRIS payloads (qris/), payment
// providers behind one interface (midtrans/, xendit/, the built-in
// simulator, direct QRIS to the UMKM, bank transfer), and their webhooks.
package payment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// maxNotification caps what is read of a webhook's body.
const maxNotification = 1 << 20

// DecodeNotification reads a webhook's JSON body (at most 1 MB) into v and
// returns the body as received; every failure wraps ErrMalformed.
func DecodeNotification(r *http.Request, v any) ([]byte, error) {
	if r.Body == nil {
		return nil, fmt.Errorf("%w: empty body", ErrMalformed)
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxNotification+1))
	if err != nil {
		return nil, fmt.Errorf("%w: read body: %v", ErrMalformed, err)
	}
	if len(raw) > maxNotification {
		return nil, fmt.Errorf("%w: body larger than %d bytes", ErrMalformed, maxNotification)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return raw, nil
}

// Provider is one way of collecting money. Adapters translate provider
// formats (amount strings such as "10000.00") at this boundary: the rest of
// Gerai sees whole rupiah in int64.
type Provider interface {
	Name() string
	// MaxAmount is the most one charge may carry, in whole rupiah; 0 means
	// no limit of the method's own. A checkout whose payment would exceed
	// it is refused, since such an order could never be paid.
	MaxAmount() int64
	CreateCharge(ctx context.Context, c Charge) (ChargeResult, error)
	// ParseNotification verifies and reads a webhook request. It reads the
	// body itself; the caller answers the provider.
	ParseNotification(r *http.Request) (Notification, error)
}

// QRISMaxAmount is Bank Indonesia's limit for one QRIS payment: Rp10.000.000
// per transaksi (PADG 24/1/PADG/2022, raised from Rp5 juta; issuers may
// set lower cumulative limits but not a higher one). Xendit documents the
// same maximum for its QRIS channel; every method that ends in a QRIS code
// (gateways, the simulator, the UMKM's own QRIS) carries it.
const QRISMaxAmount int64 = 10_000_000

// Confirmer is a Provider that can be asked where a payment stands. For
// such a provider a webhook is news to check, not the truth: before a
// payment moves, Gerai asks, so a replayed, reordered or altered
// notification cannot mark one paid.
type Confirmer interface {
	// Confirm returns the provider's current word on paymentID, read like
	// a notification. An error means the provider could not be asked or
	// gave no usable answer; the caller acts on nothing and retries later.
	Confirm(ctx context.Context, paymentID string) (Notification, error)
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
