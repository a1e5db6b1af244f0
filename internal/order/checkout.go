package order

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// LineRequest is one line a buyer wants: a product and a quantity. Prices
// are never taken from the client: ShownPrice, the unit price the buyer was
// shown (nil: not given), is only compared with the price now, and a
// difference refuses the checkout so that the buyer confirms again.
type LineRequest struct {
	ProductID  int64  `json:"product_id"`
	Quantity   int64  `json:"quantity"`
	ShownPrice *int64 `json:"price,omitempty"`
}

// CheckoutRequest is a buyer's checkout.
type CheckoutRequest struct {
	Items           []LineRequest `json:"items"`
	DeliveryMethod  string        `json:"delivery_method"`
	Address         Address       `json:"address"`
	PaymentProvider string        `json:"payment_provider"`
	// EventID tags the orders of UMKM exhibiting at that expo (the buyer
	// came through its page), for the expo's report.
	EventID int64 `json:"event_id,omitempty"`
	// ShownShipping is the delivery cost the buyer's page showed for each
	// UMKM's order (nil: not compared). As with ShownPrice, the costs are
	// never taken from the client: a difference refuses the checkout
	// (checkShown), so the buyer pays exactly what the page showed.
	ShownShipping map[int64]int64 `json:"shipping,omitempty"`

	// Set for a beli-bareng join (campaign.go), never from a client.
	campaignID int64
	payByCap   time.Time // the payment time ends no later than this
	// sideWrites run with the first order's insert (Checkout).
	sideWrites []sideWrite
}

// sideWrite is a data-modifying statement without RETURNING that runs with
// the first order's insert: the key's claim and emptying the cart. On
// PostgreSQL the insert carries it as one of its CTEs, a round trip fewer
// while the batch holds the product's row; SQLite, in process, runs it on
// its own just before. A failure fails the checkout, and its savepoint
// takes everything back.
type sideWrite struct {
	name, sql string
	args      []any
}

// CheckoutResult is what a checkout created.
type CheckoutResult struct {
	CheckoutID string    `json:"checkout_id"`
	Orders     []Order   `json:"orders"`
	Payments   []Payment `json:"payments"`
	// Replayed is true when an idempotency key returned an earlier checkout.
	Replayed bool `json:"-"`
}

// MaxLines bounds one checkout.
const MaxLines = 100

func (r *CheckoutRequest) validate(providers func(string) bool) error {
	var v platform.Validation
	v.Check(len(r.Items) > 0, "items", "Keranjang kosong: pilih minimal satu produk")
	v.Check(len(r.Items) <= MaxLines, "items", "Maksimal %d produk per checkout", MaxLines)
	seen := map[int64]bool{}
	for i, it := range r.Items {
		field := fmt.Sprintf("items[%d]", i)
		v.Check(it.ProductID > 0, field+".product_id", "Produk tidak dikenal")
		v.Check(it.Quantity > 0, field+".quantity", "Jumlah minimal 1")
		v.Check(it.Quantity <= 10_000, field+".quantity", "Jumlah terlalu besar")
		v.Check(it.ShownPrice == nil || *it.ShownPrice >= 0, field+".price", "Harga tidak boleh negatif")
		v.Check(!seen[it.ProductID], field+".product_id", "Produk yang sama tercantum dua kali")
		seen[it.ProductID] = true
	}
	validateDelivery(&v, r.DeliveryMethod, &r.Address)
	v.Check(providers(r.PaymentProvider), "payment_provider", "Metode pembayaran tidak tersedia")
	return v.Err()
}

// validateDelivery checks a delivery choice and normalises its address.
func validateDelivery(v *platform.Validation, method string, a *Address) {
	checkMethod(v, method)
	a.Name, a.Street, a.RegencyCode = strings.TrimSpace(a.Name), strings.TrimSpace(a.Street), strings.TrimSpace(a.RegencyCode)
	v.Check(a.Name != "" && len(a.Name) <= 150, "address.name", "Nama penerima wajib diisi")
	if p, err := idn.NormalizePhone(a.Phone); err == nil {
		a.Phone = p
	} else if strings.TrimSpace(a.Phone) == "" {
		v.Add("address.phone", "Isi nomor HP penerima (untuk kurir dan penjual)")
	} else {
		v.Add("address.phone", "Nomor HP penerima tidak valid, contoh: 0812-3456-7890")
	}
	v.Check(len(a.Street) <= 500, "address.street", "Alamat terlalu panjang")
	v.Check(method != Courier || a.Street != "", "address.street", "Alamat jalan wajib diisi untuk pengiriman kurir")
	v.Merge(region.RegencyProblem("address.regency_code", a.RegencyCode))
}

// checkMethod checks a delivery method.
func checkMethod(v *platform.Validation, method string) {
	v.Check(method == Pickup || method == Courier, "delivery.method", "Pilih pickup (ambil sendiri) atau courier (kurir)")
}

// hash identifies a request's content for idempotency.
func (r CheckoutRequest) hash() string {
	c := r
	c.Items = slices.Clone(r.Items)
	slices.SortFunc(c.Items, func(a, b LineRequest) int { return int(a.ProductID - b.ProductID) })
	b, _ := json.Marshal(c)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// lineSnapshot is a product as sold.
type lineSnapshot struct {
	Item
	UMKMID  int64
	Regency string
	// payHours is the seller's time to pay in hours, when read with the
	// line (takeStock); 0: not read.
	payHours int
}

var errNoStock = errors.New("order: not enough stock")

// Checkout creates one order per UMKM, takes their stock and opens their
// payment(s), all in one transaction. With an idempotency key, the same key
// and the same request return the first result; another request under the
// same key is a conflict.
func (s *Service) Checkout(ctx context.Context, req CheckoutRequest, idemKey string) (CheckoutResult, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return CheckoutResult{}, platform.Unauthorized()
	}
	if len(idemKey) > 200 {
		return CheckoutResult{}, platform.Errorf(platform.KindInvalid, "Idempotency-Key terlalu panjang (maksimal 200 karakter)")
	}
	if err := req.validate(s.payments.Has); err != nil {
		return CheckoutResult{}, err
	}
	hash := req.hash()
	// No read before the batch: the conditional UPDATE of the stock is the
	// judge, and a refusal by it writes nothing (sqldb.Unwritten) and costs
	// the batch one statement. A precheck of the stock on a read used to
	// come first; in a flash sale's burst every request passed it (all read
	// the stock before the first batch committed), so it was one statement
	// more per request for nothing. Why a line was refused, and whether the
	// key was used before, are read after the batch, for refusals only.
	checkoutID := newCheckoutID()
	// Microseconds are what both databases keep, so the answer built below
	// from the rows as written equals what reading them back would give.
	now := s.now().UTC().Truncate(time.Microsecond)
	var orders []Order
	var pays []pendingPayment
	// Group commit: concurrent checkouts share a commit (see sqldb.InGroupTx),
	// which is most of a checkout's cost when they queue for one writer.
	err := s.db.InGroupTx(ctx, func(ctx context.Context, tx *sqldb.Tx) error {
		// The stock first: in a flash sale most jobs of a batch are refused
		// here, by a statement that wrote nothing (sqldb.Unwritten), and
		// the next job goes on in the same savepoint. Then, with the first
		// order's insert, the cart and the key (a concurrent retry with the
		// same key waits on its primary key, fails on it once the first
		// commits, and replays; the stock it took is rolled back with its
		// savepoint).
		req := req
		req.sideWrites = []sideWrite{{"cart", `DELETE FROM cart_items WHERE owner_key = ?`, []any{UserCartKey(actor.UserID)}}}
		if idemKey != "" {
			req.sideWrites = append(req.sideWrites, sideWrite{"claim", `INSERT INTO idempotency_keys (user_id, key, request_hash, response, created_at)
				VALUES (?, ?, ?, ?, ?)`, []any{actor.UserID, idemKey, hash, checkoutID, now}})
		}
		var err error
		orders, err = s.placeOrders(ctx, tx, checkoutID, actor.UserID, req, now)
		if err != nil {
			if r, ok := err.(*refusedLine); ok && r.first {
				return sqldb.Unwritten(err)
			}
			return err
		}
		if err := s.rememberInTx(ctx, tx, actor.UserID, req); err != nil {
			return err
		}
		pays, err = s.payments.open(ctx, tx, req.PaymentProvider, orders, now)
		return err
	})
	if r := (*refusedLine)(nil); errors.As(err, &r) {
		return s.refused(ctx, actor.UserID, idemKey, hash, r.line, req.Items[r.line])
	}
	if err != nil {
		if idemKey != "" && (sqldb.UniqueViolation(err) || platform.ErrorKind(err) != platform.KindInternal) {
			// Another request with this key committed first (the claim's
			// unique violation), or did before this one was refused (the
			// stock and prices are judged before the key): its answer.
			res, found, rerr := s.replay(ctx, actor.UserID, idemKey, hash)
			if found || rerr != nil {
				return res, rerr
			}
		}
		return CheckoutResult{}, err
	}
	s.rememberAfterCommit(ctx, actor.UserID, req)
	// The provider is asked for its QR code after the orders are safe in the
	// database: a slow or failing gateway never holds a transaction open,
	// and a payment without its code can be charged again.
	res := CheckoutResult{CheckoutID: checkoutID, Orders: placed(orders, actor.UserID, now), Payments: []Payment{}}
	for _, p := range pays {
		pm, err := s.payments.charge(ctx, p)
		if err != nil {
			s.payments.log.Error("charge payment", "payment", p.id, "err", err)
		}
		res.Payments = append(res.Payments, pm)
	}
	return res, nil
}

// placed is how the orders a checkout just wrote read back (as result reads
// them): in id order, lines by product, their first history entry. The
// checkout answers from them instead of reading its rows again: seven
// statements fewer per checkout, each a round trip on PostgreSQL.
func placed(orders []Order, actorID int64, now time.Time) []Order {
	out := slices.Clone(orders)
	slices.SortFunc(out, func(a, b Order) int { return cmp.Compare(a.ID, b.ID) })
	for i := range out {
		o := &out[i]
		o.Items = slices.Clone(o.Items)
		slices.SortFunc(o.Items, func(a, b Item) int { return cmp.Compare(a.ProductID, b.ProductID) })
		o.History = []HistoryEntry{{From: "", To: o.Status, ActorID: actorID, Note: platform.Msg("pesanan dibuat"), At: now}}
	}
	return out
}

// placeOrders takes the stock of req's lines, snapshots them at their price
// now (wholesale tiers applied) and creates one order per UMKM.
func (s *Service) placeOrders(ctx context.Context, tx *sqldb.Tx, checkoutID string, buyerID int64, req CheckoutRequest, now time.Time) ([]Order, error) {
	// Stock first, in product order, so that two checkouts lock shared
	// products in the same order (no deadlock on PostgreSQL), and a sale
	// that fails on stock fails before doing any other work (SQLite has
	// one writer, and in a flash sale most checkouts fail).
	order := make([]int, len(req.Items))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(req.Items[a].ProductID, req.Items[b].ProductID) })
	lines := make([]lineSnapshot, len(req.Items))
	for n, i := range order {
		line, err := takeStock(ctx, tx, req.Items[i])
		if errors.Is(err, errNoStock) {
			return nil, &refusedLine{line: i, first: n == 0, err: lineError(i, err)}
		}
		if err != nil {
			return nil, err
		}
		lines[i] = line
	}
	var changed []platform.FieldError
	for i, it := range req.Items {
		if line := lines[i]; it.ShownPrice != nil && *it.ShownPrice != line.Price {
			changed = append(changed, platform.Field(fmt.Sprintf("items[%d].price", i),
				"Harga %s kini %s per unit (tadinya %s)", line.Name, platform.Rupiah(line.Price), platform.Rupiah(*it.ShownPrice)))
		}
	}
	// Compared with the very price this checkout charges, in the transaction
	// that took the stock: a refusal rolls the stock back.
	if len(changed) > 0 {
		return nil, &platform.Error{Kind: platform.KindConflict,
			Message: "Harga berubah sejak keranjang ditampilkan: periksa harga baru lalu pesan lagi", Fields: changed}
	}
	if err := checkFlow(ctx, tx, req.PaymentProvider, lines); err != nil {
		return nil, err
	}
	return s.createOrders(ctx, tx, checkoutID, buyerID, req, lines, now)
}

// lineError explains why line i cannot be bought.
func lineError(i int, err error) error {
	switch {
	case errors.Is(err, errNoStock):
		return &platform.Error{Kind: platform.KindConflict, Message: "Stok tidak mencukupi",
			Fields: []platform.FieldError{{Field: fmt.Sprintf("items[%d].quantity", i), Message: "Stok tidak mencukupi untuk jumlah ini"}}}
	case errors.Is(err, sql.ErrNoRows):
		return &platform.Error{Kind: platform.KindInvalid, Message: "Produk tidak tersedia",
			Fields: []platform.FieldError{{Field: fmt.Sprintf("items[%d].product_id", i), Message: "Produk tidak ditemukan atau tidak dijual"}}}
	}
	return err
}

// takeStock decrements a listed product's stock if enough remains, and
// returns the line as sold: the product at its price now (wholesale tiers
// applied) and its seller's payment time. The conditional UPDATE is what
// keeps stock from going below zero under any number of concurrent
// checkouts, on one process or many; answering from the row it wrote saves
// the round trips that reading it back took while the row was locked.
func takeStock(ctx context.Context, tx *sqldb.Tx, it LineRequest) (lineSnapshot, error) {
	var l lineSnapshot
	err := tx.QueryRow(ctx, `UPDATE products SET stock = stock - ? WHERE id = ? AND listed = TRUE AND stock >= ?
		RETURNING id, name, `+catalog.TierPriceSQL("products", "?")+`, weight_grams, umkm_id, regency_code,
		COALESCE((SELECT s.payment_expiry_hours FROM order_settings s WHERE s.umkm_id = products.umkm_id), 24)`,
		it.Quantity, it.ProductID, it.Quantity, it.Quantity).
		Scan(&l.ProductID, &l.Name, &l.Price, &l.WeightGrams, &l.UMKMID, &l.Regency, &l.payHours)
	if errors.Is(err, sql.ErrNoRows) {
		return l, errNoStock
	}
	l.Quantity = it.Quantity
	return l, err
}

func (s *Service) createOrders(ctx context.Context, tx *sqldb.Tx, checkoutID string, buyerID int64, req CheckoutRequest,
	lines []lineSnapshot, now time.Time) ([]Order, error) {
	parts, err := s.priceParts(ctx, req.DeliveryMethod, req.Address.RegencyCode, lines)
	if err != nil {
		return nil, err
	}
	if err := checkShown(req.ShownShipping, parts); err != nil {
		return nil, err
	}
	var orders []Order
	for _, p := range parts {
		uid := p.umkmID
		o := Order{CheckoutID: checkoutID, BuyerID: buyerID, UMKMID: uid, Status: AwaitingPayment,
			DeliveryMethod: req.DeliveryMethod, Address: req.Address, CreatedAt: now, UpdatedAt: now,
			Subtotal: p.subtotal, ShippingCost: p.shipping, Total: p.subtotal + p.shipping}
		for _, l := range p.lines {
			o.Items = append(o.Items, l.Item)
		}
		hours := p.lines[0].payHours // read with the stock (takeStock); 0 for a beli-bareng line
		if hours == 0 {
			hours = 24
			err := tx.QueryRow(ctx, `SELECT payment_expiry_hours FROM order_settings WHERE umkm_id = ?`, uid).Scan(&hours)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, err
			}
		}
		o.PayBy = now.Add(time.Duration(hours) * time.Hour)
		if !req.payByCap.IsZero() && req.payByCap.Before(o.PayBy) {
			o.PayBy = req.payByCap
		}
		var campaign, event any
		if req.campaignID != 0 {
			o.CampaignID, campaign = req.campaignID, req.campaignID
		}
		if req.EventID != 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM exhibitors WHERE event_id = ? AND umkm_id = ? AND status = 'approved'`, req.EventID, uid).Scan(&n); err != nil {
				return nil, err
			}
			if n > 0 {
				event = req.EventID
			}
		}
		var side []sideWrite
		if len(orders) == 0 {
			side = req.sideWrites
		}
		id, err := s.insertOrder(ctx, tx, o, campaign, event, side)
		if err != nil {
			return nil, err
		}
		o.ID = id
		if err := s.tell(ctx, tx, o, AwaitingPayment); err != nil {
			return nil, err
		}
		orders = append(orders, o)
	}
	return orders, nil
}

// insertOrder writes a new order awaiting payment, its lines and the first
// entry of its history, and returns its id. On PostgreSQL that is one
// statement (data-modifying CTEs), because in a flash sale it runs while
// the product's row is locked, and each statement is a round trip; SQLite,
// in process, runs the three.
func (s *Service) insertOrder(ctx context.Context, tx *sqldb.Tx, o Order, campaign, event any, side []sideWrite) (int64, error) {
	var actor any
	if id := platform.ActorFrom(ctx).UserID; id != 0 {
		actor = id
	}
	note := platform.Msg("pesanan dibuat")
	args := []any{o.CheckoutID, o.BuyerID, o.UMKMID, string(o.Status), o.Subtotal, o.ShippingCost, o.Total, o.DeliveryMethod,
		o.Address.Name, o.Address.Phone, o.Address.Street, o.Address.RegencyCode, o.PayBy, o.CreatedAt, o.UpdatedAt, campaign, event}
	const insert = `INSERT INTO orders (checkout_id, buyer_id, umkm_id, status, subtotal, shipping_cost, total,
			delivery_method, ship_name, ship_phone, ship_street, ship_regency, pay_by, created_at, updated_at, campaign_id, event_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	var id int64
	if tx.Dialect() == sqldb.Postgres && !o.Status.counted() {
		n := len(o.Items)
		products, names, prices, quantities, weights := make([]int64, n), make([]string, n), make([]int64, n), make([]int64, n), make([]int64, n)
		for i, it := range o.Items {
			products[i], names[i], prices[i], quantities[i], weights[i] = it.ProductID, it.Name, it.Price, it.Quantity, it.WeightGrams
		}
		args = append(args, products, names, prices, quantities, weights, "", string(o.Status), actor, note, o.CreatedAt)
		with := "WITH "
		var sideArgs []any
		for _, w := range side {
			with += w.name + " AS (" + w.sql + "), "
			sideArgs = append(sideArgs, w.args...)
		}
		args = append(sideArgs, args...)
		err := tx.QueryRow(ctx, with+`o AS (`+insert+`),
			i AS (INSERT INTO order_items (order_id, product_id, name, price, quantity, weight_grams)
				SELECT o.id, l.product_id, l.name, l.price, l.quantity, l.weight_grams FROM o,
				unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[]) AS l (product_id, name, price, quantity, weight_grams)),
			h AS (INSERT INTO order_history (order_id, from_status, to_status, actor_id, note, created_at)
				SELECT o.id, ?::text, ?::text, ?::bigint, ?::text, ?::timestamptz FROM o)
			SELECT id FROM o`, args...).Scan(&id)
		return id, err
	}
	for _, w := range side { // the same statements, one by one
		if _, err := tx.Exec(ctx, w.sql, w.args...); err != nil {
			return 0, err
		}
	}
	if err := tx.QueryRow(ctx, insert, args...).Scan(&id); err != nil {
		return 0, err
	}
	for _, it := range o.Items {
		if _, err := tx.Exec(ctx, `INSERT INTO order_items (order_id, product_id, name, price, quantity, weight_grams) VALUES (?, ?, ?, ?, ?, ?)`,
			id, it.ProductID, it.Name, it.Price, it.Quantity, it.WeightGrams); err != nil {
			return 0, err
		}
	}
	return id, s.recordEvent(ctx, tx, id, "", o.Status, platform.ActorFrom(ctx).UserID, note, o.CreatedAt)
}

func (s *Service) recordEvent(ctx context.Context, tx *sqldb.Tx, orderID int64, from, to Status, actorID int64, note string, at time.Time) error {
	var actor any
	if actorID != 0 {
		actor = actorID
	}
	_, err := tx.Exec(ctx, `INSERT INTO order_history (order_id, from_status, to_status, actor_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		orderID, string(from), string(to), actor, note, at)
	if err != nil || (!from.counted() && !to.counted()) || s.SkipSalesNotes {
		return err // placed, expired or cancelled unpaid: nothing the sales figures count
	}
	return sales.Note(ctx, tx, orderID)
}

func newCheckoutID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return "co_" + hex.EncodeToString(b)
}
