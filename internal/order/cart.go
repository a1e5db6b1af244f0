package order

import (
	"context"
	"strconv"
	"time"

	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// UserCartKey is the cart of a logged-in user; a guest's cart is keyed by a
// random token kept in a cookie (GuestCartKey) and merged into the user's
// cart at login.
func UserCartKey(userID int64) string { return "u:" + strconv.FormatInt(userID, 10) }

// GuestCartKey is the cart of a guest's cookie token.
func GuestCartKey(token string) string { return "g:" + token }

// CartLine is a product in a cart, as it is now.
type CartLine struct {
	ProductID   int64  `json:"product_id"`
	Name        string `json:"name"`
	Price       int64  `json:"price"` // per unit at this quantity (wholesale tier applied)
	NormalPrice int64  `json:"normal_price"`
	Quantity    int64  `json:"quantity"`
	Stock       int64  `json:"stock"`
	Available   bool   `json:"available"` // still listed, and enough stock
	WeightGrams int64  `json:"weight_grams"`
	Subtotal    int64  `json:"subtotal"`
}

// CartGroup is the part of a cart one UMKM will fulfil.
type CartGroup struct {
	UMKMID      int64      `json:"umkm_id"`
	UMKMName    string     `json:"umkm_name"`
	RegencyCode string     `json:"regency_code"`
	Lines       []CartLine `json:"lines"`
	Subtotal    int64      `json:"subtotal"`
}

// Cart is a buyer's cart grouped per UMKM.
type Cart struct {
	Groups []CartGroup `json:"groups"`
	Total  int64       `json:"total"`
	Count  int64       `json:"count"`
}

// Carts keeps carts.
type Carts struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewCarts returns carts on db.
func NewCarts(db *sqldb.DB) *Carts { return &Carts{db: db, now: time.Now} }

// Set puts quantity of a product in a cart (0 removes it). The product must
// be on sale; the quantity is checked against stock when shown and at checkout.
func (c *Carts) Set(ctx context.Context, key string, productID, quantity int64) error {
	return c.put(ctx, key, productID, quantity, false)
}

// Add adds quantity of a product to what the cart already holds.
func (c *Carts) Add(ctx context.Context, key string, productID, quantity int64) error {
	return c.put(ctx, key, productID, quantity, true)
}

// maxCartQuantity bounds one cart line.
const maxCartQuantity = 10_000

func (c *Carts) put(ctx context.Context, key string, productID, quantity int64, add bool) error {
	quantityError := func(q int64) error {
		if q < 0 || q > maxCartQuantity || (add && quantity <= 0) {
			return &platform.Error{Kind: platform.KindInvalid, Message: "Jumlah tidak valid",
				Fields: []platform.FieldError{{Field: "quantity", Message: "Jumlah 0–10.000"}}}
		}
		return nil
	}
	if err := quantityError(quantity); err != nil {
		return err
	}
	if quantity == 0 {
		_, err := c.db.Writer().Exec(ctx, `DELETE FROM cart_items WHERE owner_key = ? AND product_id = ?`, key, productID)
		return err
	}
	var stock int64
	if err := c.db.Reader().QueryRow(ctx, `SELECT stock FROM products WHERE id = ? AND listed = TRUE`, productID).Scan(&stock); err != nil {
		return &platform.Error{Kind: platform.KindInvalid, Message: "Produk tidak tersedia",
			Fields: []platform.FieldError{{Field: "product_id", Message: "Produk tidak ditemukan atau tidak dijual"}}}
	}
	newQuantity := "excluded.quantity"
	if add {
		newQuantity = "cart_items.quantity + excluded.quantity"
	}
	return c.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// One upsert, so two adds at once both count and never collide.
		var total int64
		if err := tx.QueryRow(ctx, `INSERT INTO cart_items (owner_key, product_id, quantity, added_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (owner_key, product_id) DO UPDATE SET quantity = `+newQuantity+`, added_at = excluded.added_at RETURNING quantity`,
			key, productID, quantity, c.now().UTC()).Scan(&total); err != nil {
			return err
		}
		if err := quantityError(total); err != nil {
			return err
		}
		if total > stock {
			return &platform.Error{Kind: platform.KindConflict, Message: "Stok tidak mencukupi",
				Fields: []platform.FieldError{platform.Field("quantity", "Stok tersisa %d", stock)}}
		}
		return nil
	})
}

// Merge moves a guest's cart into a user's at login. A product in both
// carts adds up, capped as Add caps a line (maxCartQuantity, and the stock),
// but never to less than either cart held: logging in takes nothing away.
// The lines move in one upsert, so an add to the user's cart at the same
// moment (another tab, another device) still counts; each keeps its place
// (added_at) in the cart it came from.
func (c *Carts) Merge(ctx context.Context, guestKey, userKey string) error {
	least, greatest := "MIN", "MAX" // SQLite's scalar forms of LEAST and GREATEST
	if c.db.Dialect == sqldb.Postgres {
		least, greatest = "LEAST", "GREATEST"
	}
	return c.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// SQLite needs the SELECT's WHERE to parse ON CONFLICT after it.
		if _, err := tx.Exec(ctx, `INSERT INTO cart_items (owner_key, product_id, quantity, added_at)
			SELECT ?, g.product_id, g.quantity, g.added_at FROM cart_items g WHERE g.owner_key = ?
			ON CONFLICT (owner_key, product_id) DO UPDATE SET quantity = `+greatest+`(cart_items.quantity, excluded.quantity,
				`+least+`(cart_items.quantity + excluded.quantity, ?, (SELECT p.stock FROM products p WHERE p.id = excluded.product_id)))`,
			userKey, guestKey, maxCartQuantity); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM cart_items WHERE owner_key = ?`, guestKey)
		return err
	})
}

// tierPriceForCart is the unit price at the cart line's quantity.
var tierPriceForCart = catalog.TierPriceSQL("p", "ci.quantity")

// Get returns a cart grouped per UMKM, with current prices and stock.
func (c *Carts) Get(ctx context.Context, key string) (Cart, error) {
	// The group's regency is its first product's copy of the UMKM's, the
	// origin a checkout prices the courier from (priceParts).
	rows, err := c.db.Reader().Query(ctx, `SELECT p.id, p.name, `+tierPriceForCart+`, p.price, ci.quantity, p.stock, p.listed, p.weight_grams,
		u.id, u.name, p.regency_code
		FROM cart_items ci JOIN products p ON p.id = ci.product_id JOIN umkm u ON u.id = p.umkm_id
		WHERE ci.owner_key = ? ORDER BY u.id, ci.added_at, p.id`, key)
	type groupLine struct {
		CartGroup
		line CartLine
	}
	lines, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (gl groupLine, err error) {
		l := &gl.line
		var listed bool
		err = r.Scan(&l.ProductID, &l.Name, &l.Price, &l.NormalPrice, &l.Quantity, &l.Stock, &listed, &l.WeightGrams,
			&gl.UMKMID, &gl.UMKMName, &gl.RegencyCode)
		l.Available = listed && l.Stock >= l.Quantity
		l.Subtotal = l.Price * l.Quantity
		return gl, err
	})
	if err != nil {
		return Cart{}, err
	}
	cart := Cart{Groups: []CartGroup{}}
	for _, gl := range lines {
		l := gl.line
		if n := len(cart.Groups); n == 0 || cart.Groups[n-1].UMKMID != gl.UMKMID {
			cart.Groups = append(cart.Groups, gl.CartGroup)
		}
		last := &cart.Groups[len(cart.Groups)-1]
		last.Lines = append(last.Lines, l)
		last.Subtotal += l.Subtotal
		cart.Total += l.Subtotal
		cart.Count += l.Quantity
	}
	return cart, nil
}
