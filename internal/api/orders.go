package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/payment"
	"github.com/gerai-id/gerai/internal/platform"
)

// registerOrdering adds the cart, checkout, order and payment routes.
func (h *handlers) registerOrdering(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	huma.Register(api, secured(op("getCart", http.MethodGet, "/api/v1/cart", "The buyer's cart, grouped per UMKM", "ordering")), h.getCart)
	huma.Register(api, secured(op("setCartItem", http.MethodPut, "/api/v1/cart/items/{product_id}", "Put a quantity of a product in the cart (0 removes it)", "ordering")), h.setCartItem)
	checkout := secured(op("checkout", http.MethodPost, "/api/v1/checkout", "Create one order per UMKM, take stock, open payment", "ordering"))
	checkout.DefaultStatus = http.StatusCreated
	huma.Register(api, checkout, h.checkout)
	huma.Register(api, secured(op("listOrders", http.MethodGet, "/api/v1/orders", "The buyer's orders, or a UMKM's orders for its seller", "ordering")), h.listOrders)
	huma.Register(api, secured(op("getOrder", http.MethodGet, "/api/v1/orders/{id}", "One order with items and history", "ordering")), h.getOrder)
	huma.Register(api, secured(op("transitionOrder", http.MethodPost, "/api/v1/orders/{id}/transitions", "Move an order on its lifecycle", "ordering")), h.transitionOrder)
	huma.Register(api, secured(op("getOrderSettings", http.MethodGet, "/api/v1/umkm/{id}/order-settings", "A UMKM's payment expiry and static QRIS", "ordering")), h.getOrderSettings)
	huma.Register(api, secured(op("putOrderSettings", http.MethodPut, "/api/v1/umkm/{id}/order-settings", "Set a UMKM's payment expiry and static QRIS (validated)", "ordering")), h.putOrderSettings)
	huma.Register(api, secured(op("getLedger", http.MethodGet, "/api/v1/umkm/{id}/ledger", "Money held for a UMKM in the operator's gateway account: balance and entries", "ordering")), h.getLedger)
	payout := secured(op("recordPayout", http.MethodPost, "/api/v1/umkm/{id}/payouts", "Record a payout to a UMKM (operator only, up to the balance)", "ordering"))
	payout.DefaultStatus = http.StatusCreated
	huma.Register(api, payout, h.recordPayout)
	huma.Register(api, op("getMoneyFlow", http.MethodGet, "/api/v1/regions/provinces/{code}/money-flow", "Where a province's buyers pay: gateway or direct (to each UMKM)", "ordering"), h.getFlow)
	huma.Register(api, secured(op("putMoneyFlow", http.MethodPut, "/api/v1/regions/provinces/{code}/money-flow", "Choose a province's money flow (operator only)", "ordering")), h.putFlow)
	huma.Register(api, op("getShippingRates", http.MethodGet, "/api/v1/shipping-rates/{scope}", "Courier rates of a province (province:16) or a UMKM (umkm:42)", "ordering"), h.getRates)
	huma.Register(api, secured(op("putShippingRates", http.MethodPut, "/api/v1/shipping-rates/{scope}", "Set courier rates: the agency for its province, the seller for its UMKM", "ordering")), h.putRates)
	huma.Register(api, secured(op("getPayment", http.MethodGet, "/api/v1/payments/{id}", "A payment with its QRIS", "payments")), h.getPayment)
	huma.Register(api, secured(op("simulatePaid", http.MethodPost, "/api/v1/payments/{id}/simulate-paid", "Simulator only: pay, through the same webhook path a provider takes", "payments")), h.simulatePaid)
	huma.Register(api, op("paymentNotify", http.MethodPost, "/api/v1/payments/{provider}/notify", "Provider webhook (signed by the provider)", "payments"), h.notify)
}

type cartOut struct{ Body order.Cart }

func (h *handlers) getCart(ctx context.Context, _ *struct{}) (*cartOut, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, h.problem(ctx, platform.Unauthorized())
	}
	c, err := h.Carts.Get(ctx, order.UserCartKey(a.UserID))
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &cartOut{Body: c}, nil
}

func (h *handlers) setCartItem(ctx context.Context, in *struct {
	ProductID int64 `path:"product_id" minimum:"1"`
	Body      struct {
		Quantity int64 `json:"quantity" minimum:"0" maximum:"10000"`
	}
}) (*cartOut, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, h.problem(ctx, platform.Unauthorized())
	}
	if err := h.Carts.Set(ctx, order.UserCartKey(a.UserID), in.ProductID, in.Body.Quantity); err != nil {
		return nil, h.problem(ctx, err)
	}
	return h.getCart(ctx, nil)
}

// CheckoutIn is the body of POST /api/v1/checkout. Prices are read from the
// catalogue; a price sent with an item is only what the client showed.
type CheckoutIn struct {
	Items           []CheckoutItemIn   `json:"items" minItems:"1" maxItems:"100"`
	Delivery        CheckoutDeliveryIn `json:"delivery"`
	Address         CheckoutAddressIn  `json:"address"`
	PaymentProvider string             `json:"payment_provider" enum:"simulator,midtrans,xendit,transfer,qris_umkm" doc:"qris_umkm: straight to each UMKM's own QRIS, one payment per UMKM"`
	EventID         int64              `json:"event_id,omitempty" doc:"The expo whose page the buyer came from: orders of its exhibitors count in its report"`
}

// CheckoutItemIn is one product and how many.
type CheckoutItemIn struct {
	ProductID int64  `json:"product_id" minimum:"1"`
	Quantity  int64  `json:"quantity" minimum:"1" maximum:"10000"`
	Price     *int64 `json:"price,omitempty" minimum:"0" doc:"The unit price the client showed (wholesale tier applied). Never charged: when it differs from the price now, the checkout is refused with 409 naming the line (items[i].price), nothing is ordered and no stock is held; show the new price and send it again."`
}

// CheckoutDeliveryIn chooses pickup at the UMKM or a courier.
type CheckoutDeliveryIn struct {
	Method string `json:"method" enum:"pickup,courier"`
}

// CheckoutAddressIn is where the orders go.
type CheckoutAddressIn struct {
	Name        string `json:"name" maxLength:"150"`
	Phone       string `json:"phone" maxLength:"30"`
	Street      string `json:"street,omitempty" maxLength:"500"`
	RegencyCode string `json:"regency_code" example:"32.73"`
}

// OrderOut is an order as the API shows it.
type OrderOut struct {
	ID             int64                `json:"id"`
	UMKMID         int64                `json:"umkm_id"`
	Status         string               `json:"status" enum:"menunggu_pembayaran,dibayar,diproses,dikirim,selesai,dibatalkan"`
	Subtotal       int64                `json:"subtotal"`
	ShippingCost   int64                `json:"shipping_cost"`
	Total          int64                `json:"total"`
	DeliveryMethod string               `json:"delivery_method"`
	Courier        string               `json:"courier,omitempty"`
	TrackingNumber string               `json:"tracking_number,omitempty"`
	Address        order.Address        `json:"address"`
	CancelReason   string               `json:"cancel_reason,omitempty"`
	PayBy          time.Time            `json:"pay_by"`
	CreatedAt      time.Time            `json:"created_at"`
	Items          []order.Item         `json:"items"`
	History        []order.HistoryEntry `json:"history"`
	Campaign       *OrderCampaignOut    `json:"campaign,omitempty" doc:"Set when the order is a beli-bareng join"`
}

// OrderCampaignOut is the beli-bareng campaign an order joined.
type OrderCampaignOut struct {
	ID          int64     `json:"id"`
	ProductName string    `json:"product_name"`
	Status      string    `json:"status" enum:"berjalan,berhasil,gagal"`
	Deadline    time.Time `json:"deadline"`
	Settled     bool      `json:"settled" doc:"This join is settled at the final price; until then the seller can neither process nor ship the order"`
	Refund      int64     `json:"refund,omitempty" doc:"The price difference refunded at settlement"`
}

func orderOut(o order.Order) OrderOut {
	return OrderOut{ID: o.ID, UMKMID: o.UMKMID, Status: string(o.Status), Subtotal: o.Subtotal, ShippingCost: o.ShippingCost,
		Total: o.Total, DeliveryMethod: o.DeliveryMethod, Courier: o.Courier, TrackingNumber: o.TrackingNumber,
		Address: o.Address, CancelReason: o.CancelReason, PayBy: o.PayBy, CreatedAt: o.CreatedAt, Items: o.Items, History: o.History,
		Campaign: orderCampaignOut(o.Campaign)}
}

func orderCampaignOut(c *order.OrderCampaign) *OrderCampaignOut {
	if c == nil {
		return nil
	}
	return &OrderCampaignOut{ID: c.ID, ProductName: c.ProductName, Status: string(c.Status), Deadline: c.Deadline,
		Settled: c.Settled, Refund: c.Refund}
}

// PaymentOut is a payment as the API shows it.
type PaymentOut struct {
	ID        int64     `json:"id"`
	Provider  string    `json:"provider"`
	Status    string    `json:"status" enum:"pending,paid,expired,failed,refunded"`
	Amount    int64     `json:"amount"`
	QRIS      string    `json:"qris,omitempty" doc:"EMVCo QRIS payload to show as a QR code"`
	ExpiresAt time.Time `json:"expires_at"`
	OrderIDs  []int64   `json:"order_ids"`
}

func paymentOut(p order.Payment) PaymentOut {
	return PaymentOut{ID: p.ID, Provider: p.Provider, Status: string(p.Status), Amount: p.Amount, QRIS: p.QRIS,
		ExpiresAt: p.ExpiresAt, OrderIDs: p.OrderIDs}
}

type checkoutOut struct {
	Body struct {
		CheckoutID string       `json:"checkout_id"`
		Orders     []OrderOut   `json:"orders"`
		Payments   []PaymentOut `json:"payments"`
	}
}

func (h *handlers) checkout(ctx context.Context, in *struct {
	IdempotencyKey string `header:"Idempotency-Key" maxLength:"200" doc:"Retry with the same key and body to get the same orders"`
	Body           CheckoutIn
}) (*checkoutOut, error) {
	req := order.CheckoutRequest{DeliveryMethod: in.Body.Delivery.Method, PaymentProvider: in.Body.PaymentProvider, EventID: in.Body.EventID,
		Address: order.Address{Name: in.Body.Address.Name, Phone: in.Body.Address.Phone, Street: in.Body.Address.Street,
			RegencyCode: in.Body.Address.RegencyCode}}
	for _, it := range in.Body.Items {
		req.Items = append(req.Items, order.LineRequest{ProductID: it.ProductID, Quantity: it.Quantity, ShownPrice: it.Price})
	}
	res, err := h.Orders.Checkout(ctx, req, in.IdempotencyKey)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	out := &checkoutOut{}
	out.Body.CheckoutID = res.CheckoutID
	out.Body.Orders, out.Body.Payments = []OrderOut{}, []PaymentOut{}
	for _, o := range res.Orders {
		out.Body.Orders = append(out.Body.Orders, orderOut(o))
	}
	for _, p := range res.Payments {
		out.Body.Payments = append(out.Body.Payments, paymentOut(p))
	}
	return out, nil
}

type orderResp struct{ Body OrderOut }

func (h *handlers) getOrder(ctx context.Context, in *IDPath) (*orderResp, error) {
	o, err := h.Orders.Get(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &orderResp{Body: orderOut(o)}, nil
}

type ordersOut struct {
	Body struct {
		Items []OrderOut `json:"items"`
	}
}

func (h *handlers) listOrders(ctx context.Context, in *struct {
	UMKM   int64  `query:"umkm_id" doc:"A UMKM's orders (its seller); without it, the caller's own purchases"`
	Status string `query:"status" enum:"menunggu_pembayaran,dibayar,diproses,dikirim,selesai,dibatalkan,"`
	Limit  int    `query:"limit" minimum:"0" maximum:"100"`
}) (*ordersOut, error) {
	list, err := h.Orders.List(ctx, order.ListFilter{UMKMID: in.UMKM, Status: order.Status(in.Status), Limit: in.Limit})
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	out := &ordersOut{}
	out.Body.Items = []OrderOut{}
	for _, o := range list {
		out.Body.Items = append(out.Body.Items, orderOut(o))
	}
	return out, nil
}

func (h *handlers) transitionOrder(ctx context.Context, in *struct {
	IDPath
	Body struct {
		To             string `json:"to" enum:"dibayar,diproses,dikirim,selesai,dibatalkan"`
		Reason         string `json:"reason,omitempty" maxLength:"500"`
		Courier        string `json:"courier,omitempty" maxLength:"100"`
		TrackingNumber string `json:"tracking_number,omitempty" maxLength:"100"`
	}
}) (*orderResp, error) {
	o, err := h.Orders.Transition(ctx, in.ID, order.TransitionRequest{To: order.Status(in.Body.To), Reason: in.Body.Reason,
		Courier: in.Body.Courier, TrackingNumber: in.Body.TrackingNumber})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &orderResp{Body: orderOut(o)}, nil
}

type paymentResp struct{ Body PaymentOut }

func (h *handlers) getPayment(ctx context.Context, in *IDPath) (*paymentResp, error) {
	p, err := h.Payments.Get(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &paymentResp{Body: paymentOut(p)}, nil
}

func (h *handlers) simulatePaid(ctx context.Context, in *IDPath) (*paymentResp, error) {
	p, err := h.Payments.SimulatePaid(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &paymentResp{Body: paymentOut(p)}, nil
}

type notifyOut struct {
	Body struct {
		Status string `json:"status"`
	}
}

func (h *handlers) notify(ctx context.Context, in *struct {
	Provider string `path:"provider"`
	RawBody  []byte
}) (*notifyOut, error) {
	pr, ok := h.Payments.Provider(in.Provider)
	if !ok {
		return nil, huma.Error404NotFound("Penyedia pembayaran tidak dikenal")
	}
	r, _ := ctx.Value(requestKey{}).(*http.Request)
	if r == nil {
		return nil, h.problem(ctx, errors.New("api: webhook without its request"))
	}
	// The provider's verification needs the headers and the exact body bytes.
	r = r.Clone(ctx)
	r.Body = io.NopCloser(bytes.NewReader(in.RawBody))
	if err := h.applyNotification(ctx, pr, r); err != nil {
		return nil, err
	}
	out := &notifyOut{}
	out.Body.Status = "ok"
	return out, nil
}

type requestKey struct{}

// keepRequest makes the raw request available to handlers that need it (webhooks).
func keepRequest(ctx huma.Context, next func(huma.Context)) {
	r, _ := humago.Unwrap(ctx)
	next(huma.WithValue(ctx, requestKey{}, r))
}

// applyNotification verifies and applies one webhook request.
func (h *handlers) applyNotification(ctx context.Context, pr payment.Provider, r *http.Request) error {
	n, err := pr.ParseNotification(r)
	if err != nil {
		h.Log.Warn("payment notification rejected", "provider", pr.Name(), "err", err)
		if errors.Is(err, payment.ErrBadSignature) {
			return huma.Error401Unauthorized("Tanda tangan notifikasi tidak sah")
		}
		return huma.Error400BadRequest("Notifikasi tidak dapat dibaca")
	}
	err = h.Payments.HandleNotification(ctx, pr.Name(), n)
	switch {
	case err == nil, order.IsDuplicate(err):
		return nil
	case errors.Is(err, order.ErrUnknownPayment), errors.Is(err, order.ErrWrongAmount):
		h.Log.Warn("payment notification rejected", "provider", pr.Name(), "payment", n.PaymentID, "err", err)
		return huma.Error422UnprocessableEntity("Notifikasi tidak cocok dengan pembayaran mana pun")
	case errors.Is(err, order.ErrUnconfirmed):
		// The provider sends the notification again on a non-2xx answer.
		h.Log.Warn("payment notification not confirmed", "provider", pr.Name(), "payment", n.PaymentID, "err", err)
		return huma.Error503ServiceUnavailable("Status pembayaran belum dapat dipastikan ke penyedia; kirim ulang nanti")
	}
	return h.problem(ctx, err)
}

type settingsOut struct{ Body order.Settings }

func (h *handlers) getOrderSettings(ctx context.Context, in *IDPath) (*settingsOut, error) {
	st, err := h.Orders.Settings(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &settingsOut{Body: st}, nil
}

func (h *handlers) putOrderSettings(ctx context.Context, in *struct {
	IDPath
	Body struct {
		PaymentExpiryHours int    `json:"payment_expiry_hours" minimum:"1" maximum:"168"`
		StaticQRIS         string `json:"static_qris,omitempty" maxLength:"512" doc:"The UMKM's static QRIS payload (empty: none)"`
	}
}) (*settingsOut, error) {
	st, err := h.Orders.SetSettings(ctx, in.ID, order.Settings{PaymentExpiryHours: in.Body.PaymentExpiryHours, StaticQRIS: in.Body.StaticQRIS})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &settingsOut{Body: st}, nil
}

// RateIn is one zone's price: the first kilogram, then each one started.
type RateIn struct {
	FirstKg int64 `json:"first_kg" minimum:"0" maximum:"10000000"`
	NextKg  int64 `json:"next_kg" minimum:"0" maximum:"10000000"`
	// NotServed: no courier delivery to this zone (the checkout says so
	// beside the destination); the prices are then ignored.
	NotServed bool `json:"not_served,omitempty"`
}

func (r RateIn) rate() order.Rate {
	return order.Rate{FirstKg: r.FirstKg, NextKg: r.NextKg, NotServed: r.NotServed}
}

// RatesBody is a rate table by zone.
type RatesBody struct {
	SameRegency   RateIn `json:"same_regency"`
	SameProvince  RateIn `json:"same_province"`
	OtherProvince RateIn `json:"other_province"`
}

type ratesOut struct{ Body RatesBody }

func ratesBody(t order.TableRates) RatesBody {
	in := func(z order.Zone) RateIn {
		return RateIn{FirstKg: t[z].FirstKg, NextKg: t[z].NextKg, NotServed: t[z].NotServed}
	}
	return RatesBody{SameRegency: in(order.SameRegency), SameProvince: in(order.SameProvince), OtherProvince: in(order.OtherProvince)}
}

// ScopePath names a rate table; exported because huma reads only exported embedded fields.
type ScopePath struct {
	Scope string `path:"scope" pattern:"^(province|umkm):[0-9]+$" example:"province:16"`
}

func (h *handlers) getRates(ctx context.Context, in *ScopePath) (*ratesOut, error) {
	t, err := h.Rates.Table(ctx, in.Scope)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &ratesOut{Body: ratesBody(t)}, nil
}

func (h *handlers) putRates(ctx context.Context, in *struct {
	ScopePath
	Body RatesBody
}) (*ratesOut, error) {
	b := in.Body
	t := order.TableRates{
		order.SameRegency:   b.SameRegency.rate(),
		order.SameProvince:  b.SameProvince.rate(),
		order.OtherProvince: b.OtherProvince.rate(),
	}
	if err := h.Rates.SetTable(ctx, in.Scope, t); err != nil {
		return nil, h.problem(ctx, err)
	}
	return h.getRates(ctx, &in.ScopePath)
}

type ledgerOut struct{ Body order.Ledger }

func (h *handlers) getLedger(ctx context.Context, in *IDPath) (*ledgerOut, error) {
	l, err := h.Orders.Ledger(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &ledgerOut{Body: l}, nil
}

func (h *handlers) recordPayout(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Amount    int64  `json:"amount" minimum:"1" doc:"Whole rupiah"`
		Reference string `json:"reference" maxLength:"100" doc:"The bank transfer's reference"`
	}
}) (*ledgerOut, error) {
	l, err := h.Orders.RecordPayout(ctx, in.ID, in.Body.Amount, in.Body.Reference)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &ledgerOut{Body: l}, nil
}

type flowBody struct {
	MoneyFlow string `json:"money_flow" enum:"gateway,direct"`
}

type flowOut struct{ Body flowBody }

func (h *handlers) getFlow(ctx context.Context, in *struct{ ProvinceCode }) (*flowOut, error) {
	f, err := h.Orders.Flow(ctx, in.Code)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &flowOut{Body: flowBody{MoneyFlow: string(f)}}, nil
}

func (h *handlers) putFlow(ctx context.Context, in *struct {
	ProvinceCode
	Body flowBody
}) (*flowOut, error) {
	if err := h.Orders.SetFlow(ctx, in.Code, order.MoneyFlow(in.Body.MoneyFlow)); err != nil {
		return nil, h.problem(ctx, err)
	}
	return h.getFlow(ctx, &struct{ ProvinceCode }{in.ProvinceCode})
}

// ProvinceCode is the {code} of a province path; exported because huma reads only exported embedded fields.
type ProvinceCode struct {
	Code string `path:"code" example:"16"`
}
