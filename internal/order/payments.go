package order

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/payment"
	"github.com/gerai-id/gerai/internal/payment/qris"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Payment is money asked for one or more orders.
type Payment struct {
	ID          int64          `json:"id"`
	Provider    string         `json:"provider"`
	Status      payment.Status `json:"status"`
	Amount      int64          `json:"amount"`
	QRIS        string         `json:"qris,omitempty"`
	ProviderRef string         `json:"-"`
	ExpiresAt   time.Time      `json:"expires_at"`
	PaidAt      *time.Time     `json:"paid_at,omitempty"`
	OrderIDs    []int64        `json:"order_ids"`
}

// Transfer is the provider name of a manual bank transfer that the seller confirms.
const Transfer = "transfer"

// Payments keeps payment records and talks to the providers.
type Payments struct {
	db        *sqldb.DB
	providers map[string]payment.Provider
	log       *slog.Logger
	orders    *Service // set by NewService's caller through Bind
	now       func() time.Time
}

// NewPayments returns the payment records on db with the given providers.
func NewPayments(db *sqldb.DB, log *slog.Logger, providers ...payment.Provider) *Payments {
	p := &Payments{db: db, providers: map[string]payment.Provider{}, log: log, now: time.Now}
	for _, pr := range providers {
		p.providers[pr.Name()] = pr
	}
	return p
}

// Bind lets payments move orders when money arrives.
func (p *Payments) Bind(s *Service) { p.orders = s }

// Has reports whether a payment method is available.
func (p *Payments) Has(name string) bool {
	_, ok := p.providers[name]
	return ok || name == Transfer || name == DirectQRIS
}

// maxAmount is the most one payment through method may carry, in whole
// rupiah (0: no limit): the provider's own word, the QRIS limit for the
// UMKM's own QRIS, and none for a bank transfer (the buyer's bank sets its
// limits, and a transfer may be split or sent by RTGS).
func (p *Payments) maxAmount(method string) int64 {
	if pr, ok := p.providers[method]; ok {
		return pr.MaxAmount()
	}
	if method == DirectQRIS {
		return payment.QRISMaxAmount
	}
	return 0
}

// payable refuses a payment that could never be made: nothing to pay (an
// order would wait for money that never comes), or more than the method
// carries.
func (p *Payments) payable(method string, amount int64) error {
	if amount <= 0 {
		return &platform.Error{Kind: platform.KindInvalid, Message: "Pesanan dengan total Rp0 tidak dapat dibayar",
			Fields: []platform.FieldError{{Field: "total", Message: "Total pembayaran harus lebih dari Rp0"}}}
	}
	if limit := p.maxAmount(method); limit > 0 && amount > limit {
		e := platform.Newf(platform.KindInvalid, "Total pembayaran %s melebihi batas metode ini (%s per pembayaran)", platform.Rupiah(amount), platform.Rupiah(limit))
		e.Fields = []platform.FieldError{platform.Field("payment_provider",
			"Maksimal %s per pembayaran dengan metode ini: pilih transfer bank atau kurangi jumlah pesanan", platform.Rupiah(limit))}
		return e
	}
	return nil
}

// paidBySeller reports whether the seller confirms a method's payments itself.
func paidBySeller(provider string) bool { return provider == Transfer || provider == DirectQRIS }

// Provider returns a configured provider.
func (p *Payments) Provider(name string) (payment.Provider, bool) {
	pr, ok := p.providers[name]
	return pr, ok
}

// PublicID is how a payment is named to providers (their order_id / reference_id).
func PublicID(id int64) string { return "GERAI-" + strconv.FormatInt(id, 10) }

func parsePublicID(s string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimPrefix(s, "GERAI-"), 10, 64)
	return n, err == nil && strings.HasPrefix(s, "GERAI-")
}

type pendingPayment struct {
	id       int64
	provider string
	amount   int64
	expires  time.Time
	orderIDs []int64
	qris     string // the UMKM's own dynamic QRIS (DirectQRIS), made in the checkout's transaction
}

// open creates the payment rows of new orders inside the checkout's
// transaction: one payment for all orders through a gateway, one per order
// when the money goes to each UMKM (bank transfer, the UMKM's own QRIS).
func (p *Payments) open(ctx context.Context, tx *sqldb.Tx, provider string, orders []Order, now time.Time) ([]pendingPayment, error) {
	groups := [][]Order{orders}
	if paidBySeller(provider) {
		groups = nil
		for _, o := range orders {
			groups = append(groups, []Order{o})
		}
	}
	var out []pendingPayment
	for _, g := range groups {
		pp := pendingPayment{provider: provider, expires: g[0].PayBy}
		for _, o := range g {
			pp.amount += o.Total
			pp.orderIDs = append(pp.orderIDs, o.ID)
			if o.PayBy.Before(pp.expires) {
				pp.expires = o.PayBy
			}
		}
		// Inside the checkout's transaction: a refusal rolls back the stock.
		if err := p.payable(provider, pp.amount); err != nil {
			return nil, err
		}
		if err := insertPayment(ctx, tx, &pp, g, now); err != nil {
			return nil, err
		}
		if provider == DirectQRIS {
			code, err := directQRIS(ctx, tx, pp, g[0])
			if err != nil {
				return nil, err
			}
			pp.qris = code
		}
		out = append(out, pp)
	}
	return out, nil
}

// insertPayment writes a pending payment of orders and gives pp its id. On
// PostgreSQL the payment and its orders are one statement (a data-modifying
// CTE): at checkout it runs while the products' rows are locked.
func insertPayment(ctx context.Context, tx *sqldb.Tx, pp *pendingPayment, orders []Order, now time.Time) error {
	const insert = `INSERT INTO payments (provider, status, amount, expires_at, created_at) VALUES (?, 'pending', ?, ?, ?) RETURNING id`
	if tx.Dialect() == sqldb.Postgres {
		ids := make([]int64, len(orders))
		for i, o := range orders {
			ids[i] = o.ID
		}
		return tx.QueryRow(ctx, `WITH p AS (`+insert+`),
			po AS (INSERT INTO payment_orders (payment_id, order_id) SELECT p.id, unnest(?::bigint[]) FROM p)
			SELECT id FROM p`, pp.provider, pp.amount, pp.expires, now, ids).Scan(&pp.id)
	}
	if err := tx.QueryRow(ctx, insert, pp.provider, pp.amount, pp.expires, now).Scan(&pp.id); err != nil {
		return err
	}
	for _, o := range orders {
		if _, err := tx.Exec(ctx, `INSERT INTO payment_orders (payment_id, order_id) VALUES (?, ?)`, pp.id, o.ID); err != nil {
			return err
		}
	}
	return nil
}

// directQRIS gives a payment to one UMKM the dynamic QRIS built from the
// UMKM's static one, with the amount set, and returns it.
func directQRIS(ctx context.Context, tx *sqldb.Tx, pp pendingPayment, o Order) (string, error) {
	st, err := loadSettings(ctx, tx, o.UMKMID)
	if err != nil {
		return "", err
	}
	if st.StaticQRIS == "" {
		return "", &platform.Error{Kind: platform.KindInvalid, Message: "Penjual ini belum mendaftarkan QRIS tokonya",
			Fields: []platform.FieldError{{Field: "payment_provider", Message: "Pilih metode pembayaran lain untuk pesanan dari UMKM ini"}}}
	}
	code, err := qris.Dynamic(st.StaticQRIS, pp.amount, PublicID(pp.id))
	if err != nil {
		return "", err
	}
	_, err = tx.Exec(ctx, `UPDATE payments SET qris = ? WHERE id = ?`, code, pp.id)
	return code, err
}

// charge asks the payment's provider for its QR code and stores it.
func (p *Payments) charge(ctx context.Context, pp pendingPayment) (Payment, error) {
	pm := Payment{ID: pp.id, Provider: pp.provider, Status: payment.StatusPending, Amount: pp.amount, ExpiresAt: pp.expires,
		QRIS: pp.qris, OrderIDs: slices.Sorted(slices.Values(pp.orderIDs))}
	pr, ok := p.providers[pp.provider]
	if !ok {
		return pm, nil // bank transfer: nothing to ask anyone
	}
	res, err := pr.CreateCharge(ctx, payment.Charge{PaymentID: PublicID(pp.id), Amount: pp.amount,
		Description: "Pesanan Gerai", ExpiresAt: pp.expires})
	if err != nil {
		return pm, err
	}
	if _, err = p.db.Writer().Exec(ctx, `UPDATE payments SET qris = ?, provider_ref = ? WHERE id = ?`, res.QRIS, res.ProviderRef, pp.id); err != nil {
		return pm, err
	}
	pm.QRIS, pm.ProviderRef = res.QRIS, res.ProviderRef
	return pm, nil
}

const paymentColumns = `id, provider, status, amount, qris, provider_ref, expires_at, paid_at`

func scanPayment(row interface{ Scan(...any) error }) (Payment, error) {
	var pm Payment
	var paid sql.NullTime
	err := row.Scan(&pm.ID, &pm.Provider, &pm.Status, &pm.Amount, &pm.QRIS, &pm.ProviderRef, &pm.ExpiresAt, &paid)
	if paid.Valid {
		t := paid.Time
		pm.PaidAt = &t
	}
	return pm, err
}

func (p *Payments) loadPayment(ctx context.Context, q sqldb.Querier, id int64) (Payment, error) {
	pm, err := scanPayment(q.QueryRow(ctx, `SELECT `+paymentColumns+` FROM payments WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Payment{}, platform.NotFound("Pembayaran")
	}
	if err != nil {
		return Payment{}, err
	}
	if pm.OrderIDs, err = sqldb.Int64s(ctx, q, `SELECT order_id FROM payment_orders WHERE payment_id = ? ORDER BY order_id`, id); err != nil {
		return Payment{}, err
	}
	return pm, nil
}

func (p *Payments) forOrders(ctx context.Context, orderIDs []int64) ([]Payment, error) {
	out := []Payment{}
	seen := map[int64]bool{}
	for _, oid := range orderIDs {
		ids, err := sqldb.Int64s(ctx, p.db.Reader(), `SELECT payment_id FROM payment_orders WHERE order_id = ?`, oid)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			pm, err := p.loadPayment(ctx, p.db.Reader(), id)
			if err != nil {
				return nil, err
			}
			out = append(out, pm)
		}
	}
	return out, nil
}

// Get returns a payment to the buyer of its orders (and their sellers and staff).
func (p *Payments) Get(ctx context.Context, id int64) (Payment, error) {
	pm, err := p.loadPayment(ctx, p.db.Reader(), id)
	if err != nil {
		return Payment{}, err
	}
	for _, oid := range pm.OrderIDs {
		if _, err := p.orders.Get(ctx, oid); err == nil {
			return pm, nil
		}
	}
	if p.shareOf(ctx, id) {
		return pm, nil // a member's share of a group order
	}
	if platform.ActorFrom(ctx).Anonymous() {
		return Payment{}, platform.Unauthorized()
	}
	return Payment{}, platform.NotFound("Pembayaran")
}

// Reject reasons for notifications, logged and answered with a 4xx.
var (
	ErrUnknownPayment = errors.New("order: notification for an unknown payment")
	ErrWrongAmount    = errors.New("order: notification amount differs from the payment")
	// ErrUnconfirmed means the provider could not say whether a notified
	// change is so: nothing changed, and the provider should send it again.
	ErrUnconfirmed = errors.New("order: the provider could not confirm the notification")
)

// HandleNotification applies a verified provider notification. It is
// idempotent: an event seen before changes nothing, and a notification that
// would move a payment backwards (pending after paid) is ignored. When the
// provider can be asked (payment.Confirmer), a change is applied only as
// the provider confirms it.
func (p *Payments) HandleNotification(ctx context.Context, provider string, n payment.Notification) error {
	id, ok := parsePublicID(n.PaymentID)
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownPayment, n.PaymentID)
	}
	n, err := p.confirm(ctx, provider, id, n)
	if err != nil {
		return err
	}
	now := p.now().UTC()
	return p.db.InTx(ctx, func(tx *sqldb.Tx) error {
		pm, err := p.loadPayment(ctx, tx, id)
		if platform.ErrorKind(err) == platform.KindNotFound || (err == nil && pm.Provider != provider) {
			return fmt.Errorf("%w: %q", ErrUnknownPayment, n.PaymentID)
		}
		if err != nil {
			return err
		}
		if n.Amount != pm.Amount {
			return fmt.Errorf("%w: got %d, want %d", ErrWrongAmount, n.Amount, pm.Amount)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO payment_events (provider, event_id, payment_id, status, amount, received_at) VALUES (?, ?, ?, ?, ?, ?)`,
			provider, n.EventID, id, string(n.Status), n.Amount, now); err != nil {
			if sqldb.UniqueViolation(err) {
				return errDuplicate
			}
			return err
		}
		if pm.Status != payment.StatusPending {
			return nil // already settled one way: later or repeated news changes nothing
		}
		switch n.Status {
		case payment.StatusPaid:
			if _, err := tx.Exec(ctx, `UPDATE payments SET status = 'paid', paid_at = ? WHERE id = ? AND status = 'pending'`, now, id); err != nil {
				return err
			}
			for _, oid := range pm.OrderIDs {
				if full, err := orderFullyPaid(ctx, tx, oid); err != nil || !full {
					if err != nil {
						return err
					}
					continue // a group order paid by shares waits for the rest
				}
				if err := p.orders.markPaid(ctx, tx, oid, now); err != nil {
					return err
				}
			}
		case payment.StatusExpired, payment.StatusFailed:
			_, err := tx.Exec(ctx, `UPDATE payments SET status = ? WHERE id = ? AND status = 'pending'`, string(n.Status), id)
			return err
		}
		return nil
	})
}

// confirm asks a provider that can tell (payment.Confirmer) whether what a
// notification claims is so, before the transaction that applies it (a
// gateway call never holds one open). The provider's answer replaces the
// notification: a "settlement" the provider calls pending stays pending.
// Notifications that cannot change anything (they say pending, or the
// payment is settled already) are not checked; ones that do not match the
// payment are refused before anyone is asked.
func (p *Payments) confirm(ctx context.Context, provider string, id int64, n payment.Notification) (payment.Notification, error) {
	c, ok := p.providers[provider].(payment.Confirmer)
	if !ok || n.Status == payment.StatusPending {
		return n, nil
	}
	pm, err := p.loadPayment(ctx, p.db.Reader(), id)
	if platform.ErrorKind(err) == platform.KindNotFound || (err == nil && pm.Provider != provider) {
		return n, fmt.Errorf("%w: %q", ErrUnknownPayment, n.PaymentID)
	}
	if err != nil {
		return n, err
	}
	if n.Amount != pm.Amount {
		return n, fmt.Errorf("%w: got %d, want %d", ErrWrongAmount, n.Amount, pm.Amount)
	}
	if pm.Status != payment.StatusPending {
		return n, nil
	}
	got, err := c.Confirm(ctx, n.PaymentID)
	if err != nil {
		return n, fmt.Errorf("%w: %v", ErrUnconfirmed, err)
	}
	if got.PaymentID != n.PaymentID {
		return n, fmt.Errorf("%w: answer for %q", ErrUnconfirmed, got.PaymentID)
	}
	if got.Status != n.Status {
		p.log.Warn("payment notification contradicted by the provider", "provider", provider, "payment", id,
			"notified", n.Status, "confirmed", got.Status)
	}
	return got, nil
}

var errDuplicate = errors.New("duplicate event")

// IsDuplicate reports whether HandleNotification saw this event before (answer 200: nothing to do).
func IsDuplicate(err error) bool { return errors.Is(err, errDuplicate) }

// payer is who owes a payment: the member whose share of a group order it
// is, or else the buyer of its orders.
func (p *Payments) payer(ctx context.Context, pm Payment) (int64, error) {
	var id int64
	err := p.db.Reader().QueryRow(ctx, `SELECT member_id FROM group_order_shares WHERE payment_id = ?`, pm.ID).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	if len(pm.OrderIDs) == 0 {
		return 0, nil
	}
	err = p.db.Reader().QueryRow(ctx, `SELECT buyer_id FROM orders WHERE id = ?`, pm.OrderIDs[0]).Scan(&id)
	return id, err
}

// MayPay returns nil when the actor may pay pm itself (account.Pay: only
// the buyer who owes it), else an unauthorized or forbidden error.
func (p *Payments) MayPay(ctx context.Context, pm Payment) error {
	owner, err := p.payer(ctx, pm)
	if err != nil {
		return err
	}
	return account.Authorize(platform.ActorFrom(ctx), account.Pay, account.Resource{OwnerID: owner})
}

// simulating is a provider that can pretend to be paid: the built-in simulator.
type simulating interface {
	payment.Provider
	PaidNotification(paymentID string, amount int64) *http.Request
}

// Simulated reports whether a payment's provider is the simulator.
func (p *Payments) Simulated(pm Payment) bool {
	_, ok := p.providers[pm.Provider].(simulating)
	return ok
}

// SimulatePaid pays a simulator payment the way a provider would: a signed
// notification goes through the same parse, verify and apply path as a
// gateway's webhook. Paying twice changes nothing the second time.
func (p *Payments) SimulatePaid(ctx context.Context, id int64) (Payment, error) {
	pm, err := p.Get(ctx, id) // who may not see it gets 404, as on reading
	if err != nil {
		return Payment{}, err
	}
	// Only the buyer who owes the money may say it is paid: the seller, the
	// agency or an admin, who may see the payment, pressing "paid" would fake
	// money that never came.
	if err := p.MayPay(ctx, pm); err != nil {
		return Payment{}, err
	}
	sim, ok := p.providers[pm.Provider].(simulating)
	if !ok {
		return Payment{}, platform.Errorf(platform.KindConflict, "Pembayaran ini tidak memakai simulator")
	}
	n, err := sim.ParseNotification(sim.PaidNotification(PublicID(pm.ID), pm.Amount))
	if err != nil {
		return Payment{}, err
	}
	if err := p.HandleNotification(ctx, sim.Name(), n); err != nil && !IsDuplicate(err) {
		return Payment{}, err
	}
	return p.Get(ctx, id)
}
