// Package order turns carts into orders: checkout split per UMKM with stock
// taken in the same transaction, the order lifecycle with its history,
// payments and their webhooks, refunds, and the background sweeps (unpaid
// orders expire, shipped orders complete).
package order

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Status of an order. The values are the Indonesian words buyers and sellers see.
type Status string

const (
	AwaitingPayment Status = "menunggu_pembayaran"
	Paid            Status = "dibayar"
	Processing      Status = "diproses"
	Shipped         Status = "dikirim"
	Completed       Status = "selesai"
	Cancelled       Status = "dibatalkan"
)

// counted reports whether an order in status s is a sale in the figures
// (internal/order/sales): paid and not cancelled.
func (s Status) counted() bool {
	switch s {
	case Paid, Processing, Shipped, Completed:
		return true
	}
	return false
}

// Statuses are every status in the order a purchase goes through them.
var Statuses = []Status{AwaitingPayment, Paid, Processing, Shipped, Completed, Cancelled}

// next lists the transitions the lifecycle allows; anything else is refused.
var next = map[Status][]Status{
	AwaitingPayment: {Paid, Cancelled},
	Paid:            {Processing, Cancelled},
	Processing:      {Shipped, Cancelled},
	Shipped:         {Completed},
}

// Allowed reports whether an order may move from one status to another.
func Allowed(from, to Status) bool {
	for _, s := range next[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Delivery methods.
const (
	Pickup  = "pickup"
	Courier = "courier"
)

// Item is one line of an order: a snapshot of the product at checkout.
type Item struct {
	ProductID   int64  `json:"product_id"`
	Name        string `json:"name"`
	Price       int64  `json:"price"`
	Quantity    int64  `json:"quantity"`
	WeightGrams int64  `json:"weight_grams"`
}

// Address is where an order goes.
type Address struct {
	Name        string `json:"name"`
	Phone       string `json:"phone"`
	Street      string `json:"street"`
	RegencyCode string `json:"regency_code"`
}

// HistoryEntry is one step of an order's history.
type HistoryEntry struct {
	From    Status    `json:"from"`
	To      Status    `json:"to"`
	ActorID int64     `json:"actor_id,omitempty"`
	Note    string    `json:"note,omitempty"`
	At      time.Time `json:"at"`
}

// Order is what one UMKM sells to one buyer in one checkout.
type Order struct {
	ID             int64          `json:"id"`
	CheckoutID     string         `json:"checkout_id"`
	BuyerID        int64          `json:"buyer_id"`
	UMKMID         int64          `json:"umkm_id"`
	CampaignID     int64          `json:"campaign_id,omitempty"` // a beli-bareng participation
	Status         Status         `json:"status"`
	Subtotal       int64          `json:"subtotal"`
	ShippingCost   int64          `json:"shipping_cost"`
	Total          int64          `json:"total"`
	DeliveryMethod string         `json:"delivery_method"`
	Courier        string         `json:"courier,omitempty"`
	TrackingNumber string         `json:"tracking_number,omitempty"`
	Address        Address        `json:"address"`
	CancelReason   string         `json:"cancel_reason,omitempty"`
	PayBy          time.Time      `json:"pay_by"`
	ShippedAt      *time.Time     `json:"shipped_at,omitempty"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
	Items          []Item         `json:"items"`
	History        []HistoryEntry `json:"history"`
	// Campaign is set for a beli-bareng join (CampaignID).
	Campaign *OrderCampaign `json:"campaign,omitempty"`
}

// Service runs ordering.
type Service struct {
	db       *sqldb.DB
	registry *umkm.Service
	shipping RateProvider
	payments *Payments
	now      func() time.Time
	// AutoCompleteAfter is how long after shipping an order completes by itself.
	AutoCompleteAfter time.Duration
	// Mail turns on email to buyers and sellers (through the outbox).
	Mail bool
	// SkipSalesNotes, for the flash-sale benchmark only, leaves out the note
	// each paid order's change writes for the dashboards (sales.Note): their
	// sales figures then stop following the orders (app.Config.SkipSalesNotes).
	SkipSalesNotes bool
	// Link makes the absolute address of a page ("/pesanan/7") for emails;
	// nil leaves the link out.
	Link func(path string) string
	// afterSettleBatch, set by tests, runs after each committed settlement
	// batch; an error stops the settlement there, as a crash would.
	afterSettleBatch func() error
	settleBatch      int // participants per settlement transaction (0: the default)
	running          runningProducts
}

// NewService returns ordering on db.
func NewService(db *sqldb.DB, registry *umkm.Service, shipping RateProvider, payments *Payments) *Service {
	return &Service{db: db, registry: registry, shipping: shipping, payments: payments, now: time.Now,
		AutoCompleteAfter: 7 * 24 * time.Hour}
}

const orderColumns = `id, checkout_id, buyer_id, umkm_id, status, subtotal, shipping_cost, total, delivery_method,
	courier, tracking_number, ship_name, ship_phone, ship_street, ship_regency, cancel_reason, pay_by, shipped_at,
	created_at, updated_at, COALESCE(campaign_id, 0)`

func scanOrder(row interface{ Scan(...any) error }) (Order, error) {
	var o Order
	var shipped sql.NullTime
	err := row.Scan(&o.ID, &o.CheckoutID, &o.BuyerID, &o.UMKMID, &o.Status, &o.Subtotal, &o.ShippingCost, &o.Total,
		&o.DeliveryMethod, &o.Courier, &o.TrackingNumber, &o.Address.Name, &o.Address.Phone, &o.Address.Street,
		&o.Address.RegencyCode, &o.CancelReason, &o.PayBy, &shipped, &o.CreatedAt, &o.UpdatedAt, &o.CampaignID)
	if shipped.Valid {
		t := shipped.Time
		o.ShippedAt = &t
	}
	return o, err
}

// load reads an order with its items and history.
func (s *Service) load(ctx context.Context, q sqldb.Querier, id int64) (Order, error) {
	o, err := scanOrder(q.QueryRow(ctx, `SELECT `+orderColumns+` FROM orders WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, platform.NotFound("Pesanan")
	}
	if err != nil {
		return Order{}, err
	}
	rows, err := q.Query(ctx, `SELECT product_id, name, price, quantity, weight_grams FROM order_items WHERE order_id = ? ORDER BY product_id`, id)
	if o.Items, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (it Item, err error) {
		err = r.Scan(&it.ProductID, &it.Name, &it.Price, &it.Quantity, &it.WeightGrams)
		return it, err
	}); err != nil {
		return Order{}, err
	}
	rows, err = q.Query(ctx, `SELECT from_status, to_status, COALESCE(actor_id, 0), note, created_at FROM order_history WHERE order_id = ? ORDER BY id`, id)
	if o.History, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (e HistoryEntry, err error) {
		err = r.Scan(&e.From, &e.To, &e.ActorID, &e.Note, &e.At)
		return e, err
	}); err != nil {
		return Order{}, err
	}
	if o.CampaignID != 0 {
		if o.Campaign, err = loadOrderCampaign(ctx, q, o); err != nil {
			return Order{}, err
		}
	}
	return o, nil
}

// role is how the actor relates to an order.
type role int

const (
	stranger role = iota
	buyerRole
	sellerRole
	staffRole // agency of the UMKM's province, or admin: may read
)

func (s *Service) roleOf(ctx context.Context, o Order) role {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return stranger
	}
	if a.UserID == o.BuyerID {
		return buyerRole
	}
	u, err := s.registry.Get(ctx, o.UMKMID)
	if err != nil {
		return stranger
	}
	if account.Authorize(a, account.Fulfil, account.Resource{OwnerID: u.OwnerID}) == nil {
		return sellerRole
	}
	if umkm.CanUpdate(ctx, u) == nil {
		return staffRole
	}
	return stranger
}

// Get returns an order to its buyer, its seller, and the staff of its province.
func (s *Service) Get(ctx context.Context, id int64) (Order, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return Order{}, platform.Unauthorized()
	}
	o, err := s.load(ctx, s.db.Reader(), id)
	if err != nil {
		return Order{}, err
	}
	if s.roleOf(ctx, o) == stranger {
		return Order{}, platform.NotFound("Pesanan")
	}
	return o, nil
}

// PaymentsOf returns the payments of an order, to whoever may see the order (see Get).
func (s *Service) PaymentsOf(ctx context.Context, id int64) ([]Payment, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	return s.payments.forOrders(ctx, []int64{id})
}
