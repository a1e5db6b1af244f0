package order

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Groups (kelompok) and group orders. A coordinator makes a group and
// invites members by a link; for a group order each member adds their own
// items from any UMKM; the coordinator closes it and checks out once: one
// order per UMKM to one address, priced on the group's total quantities (so
// wholesale tiers are reached together). The coordinator pays the whole, or
// each member pays a share (their goods plus a part of the delivery cost in
// proportion); the orders are paid when every share is.

// Group is a kelompok.
type Group struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	CoordinatorID int64         `json:"coordinator_id"`
	InviteToken   string        `json:"invite_token"`
	Members       []GroupMember `json:"members"`
	CreatedAt     time.Time     `json:"created_at"`
}

// GroupMember is a member of a group (the coordinator is one too).
type GroupMember struct {
	UserID   int64     `json:"user_id"`
	Name     string    `json:"name"`
	JoinedAt time.Time `json:"joined_at"`
}

// Group order statuses; the values are what people see.
const (
	GroupOrderOpen    = "terbuka"
	GroupOrderClosed  = "ditutup"
	GroupOrderOrdered = "dipesan"
)

// Pay modes of a group checkout.
const (
	PayByCoordinator = "coordinator"
	PayEach          = "each"
)

// GroupOrder is a group's shared order.
type GroupOrder struct {
	ID            int64        `json:"id"`
	GroupID       int64        `json:"group_id"`
	GroupName     string       `json:"group_name"`
	CoordinatorID int64        `json:"coordinator_id"`
	Title         string       `json:"title"`
	Status        string       `json:"status"`
	PayMode       string       `json:"pay_mode,omitempty"`
	CheckoutID    string       `json:"checkout_id,omitempty"`
	Items         []GroupItem  `json:"items"`
	Shares        []GroupShare `json:"shares"`
	OrderIDs      []int64      `json:"order_ids"`
	CreatedAt     time.Time    `json:"created_at"`
}

// GroupItem is one member's line. UnitPrice is today's price at the group's
// total quantity of the product (or the price ordered, once checked out).
type GroupItem struct {
	ID          int64  `json:"id"`
	MemberID    int64  `json:"member_id"`
	MemberName  string `json:"member_name"`
	ProductID   int64  `json:"product_id"`
	ProductName string `json:"product_name"`
	UMKMID      int64  `json:"umkm_id"`
	UMKMName    string `json:"umkm_name"`
	Quantity    int64  `json:"quantity"`
	UnitPrice   int64  `json:"unit_price"`
	Subtotal    int64  `json:"subtotal"`
}

// GroupShare is what one member owes of a checked-out group order.
type GroupShare struct {
	MemberID      int64  `json:"member_id"`
	MemberName    string `json:"member_name"`
	Goods         int64  `json:"goods"`
	Shipping      int64  `json:"shipping"`
	Amount        int64  `json:"amount"`
	PaymentID     int64  `json:"payment_id,omitempty"`
	PaymentStatus string `json:"payment_status,omitempty"`
}

func newInviteToken() string {
	b := make([]byte, 15)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateGroup makes a group with the actor as its coordinator and first member.
func (s *Service) CreateGroup(ctx context.Context, name string) (Group, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return Group{}, platform.Unauthorized()
	}
	name = strings.TrimSpace(name)
	var v platform.Validation
	v.Check(name != "" && len(name) <= 120, "name", "Nama kelompok wajib diisi (maksimal 120 karakter)")
	if err := v.Err(); err != nil {
		return Group{}, err
	}
	now := s.now().UTC()
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO user_groups (name, coordinator_id, invite_token, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			name, actor.UserID, newInviteToken(), now).Scan(&id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO group_members (group_id, user_id, joined_at) VALUES (?, ?, ?)`, id, actor.UserID, now)
		return err
	})
	if err != nil {
		return Group{}, err
	}
	return s.Group(ctx, id)
}

// Group returns a group to its members (others get not found).
func (s *Service) Group(ctx context.Context, id int64) (Group, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return Group{}, platform.Unauthorized()
	}
	var g Group
	err := s.db.Reader().QueryRow(ctx, `SELECT id, name, coordinator_id, invite_token, created_at FROM user_groups WHERE id = ?`, id).
		Scan(&g.ID, &g.Name, &g.CoordinatorID, &g.InviteToken, &g.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return g, platform.NotFound("Kelompok")
	}
	if err != nil {
		return g, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT m.user_id, u.name, m.joined_at FROM group_members m JOIN users u ON u.id = m.user_id
		WHERE m.group_id = ? ORDER BY m.joined_at, m.user_id`, id)
	if g.Members, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (m GroupMember, err error) {
		err = r.Scan(&m.UserID, &m.Name, &m.JoinedAt)
		return m, err
	}); err != nil {
		return g, err
	}
	members := make([]int64, 0, len(g.Members))
	for _, m := range g.Members {
		members = append(members, m.UserID)
	}
	if account.Authorize(actor, account.Participate, account.Resource{OwnerID: g.CoordinatorID, Delegates: members}) != nil {
		return Group{}, platform.NotFound("Kelompok")
	}
	if mayCoordinate(ctx, g.CoordinatorID) != nil {
		g.InviteToken = "" // only the coordinator hands out the link
	}
	return g, nil
}

// mayCoordinate checks the actor coordinates the group (Coordinate in the policy).
func mayCoordinate(ctx context.Context, coordinatorID int64) error {
	return account.Authorize(platform.ActorFrom(ctx), account.Coordinate, account.Resource{OwnerID: coordinatorID})
}

// MyGroups lists the groups the actor belongs to.
func (s *Service) MyGroups(ctx context.Context) ([]Group, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return nil, platform.Unauthorized()
	}
	ids, err := sqldb.Int64s(ctx, s.db.Reader(), `SELECT group_id FROM group_members WHERE user_id = ? ORDER BY group_id DESC`, actor.UserID)
	if err != nil {
		return nil, err
	}
	out := []Group{}
	for _, id := range ids {
		g, err := s.Group(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

// JoinGroup adds the actor to the group whose invite token this is.
// Joining twice changes nothing.
func (s *Service) JoinGroup(ctx context.Context, token string) (Group, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return Group{}, platform.Unauthorized()
	}
	var id int64
	err := s.db.Reader().QueryRow(ctx, `SELECT id FROM user_groups WHERE invite_token = ?`, token).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || token == "" {
		return Group{}, platform.NotFound("Undangan kelompok")
	}
	if err != nil {
		return Group{}, err
	}
	_, err = s.db.Writer().Exec(ctx, `INSERT INTO group_members (group_id, user_id, joined_at) VALUES (?, ?, ?)`, id, actor.UserID, s.now().UTC())
	if err != nil && !sqldb.UniqueViolation(err) {
		return Group{}, err
	}
	return s.Group(ctx, id)
}

// OpenGroupOrder starts a group order (the coordinator only).
func (s *Service) OpenGroupOrder(ctx context.Context, groupID int64, title string) (GroupOrder, error) {
	g, err := s.Group(ctx, groupID)
	if err != nil {
		return GroupOrder{}, err
	}
	if mayCoordinate(ctx, g.CoordinatorID) != nil {
		return GroupOrder{}, platform.Errorf(platform.KindForbidden, "Hanya koordinator yang membuka pesanan kelompok")
	}
	title = strings.TrimSpace(title)
	var v platform.Validation
	v.Check(title != "" && len(title) <= 120, "title", "Judul pesanan wajib diisi (maksimal 120 karakter)")
	if err := v.Err(); err != nil {
		return GroupOrder{}, err
	}
	var id int64
	if err := s.db.Writer().QueryRow(ctx, `INSERT INTO group_orders (group_id, title, status, created_at) VALUES (?, ?, 'terbuka', ?) RETURNING id`,
		groupID, title, s.now().UTC()).Scan(&id); err != nil {
		return GroupOrder{}, err
	}
	return s.GroupOrder(ctx, id)
}

// GroupOrders lists a group's orders, newest first, to its members.
func (s *Service) GroupOrders(ctx context.Context, groupID int64) ([]GroupOrder, error) {
	if _, err := s.Group(ctx, groupID); err != nil {
		return nil, err
	}
	ids, err := sqldb.Int64s(ctx, s.db.Reader(), `SELECT id FROM group_orders WHERE group_id = ? ORDER BY id DESC`, groupID)
	if err != nil {
		return nil, err
	}
	out := []GroupOrder{}
	for _, id := range ids {
		o, err := s.GroupOrder(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// GroupOrder returns a group order with every member's items and, once
// checked out, the shares, to the group's members.
func (s *Service) GroupOrder(ctx context.Context, id int64) (GroupOrder, error) {
	var o GroupOrder
	err := s.db.Reader().QueryRow(ctx, `SELECT o.id, o.group_id, g.name, g.coordinator_id, o.title, o.status, o.pay_mode, o.checkout_id, o.created_at
		FROM group_orders o JOIN user_groups g ON g.id = o.group_id WHERE o.id = ?`, id).
		Scan(&o.ID, &o.GroupID, &o.GroupName, &o.CoordinatorID, &o.Title, &o.Status, &o.PayMode, &o.CheckoutID, &o.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return o, platform.NotFound("Pesanan kelompok")
	}
	if err != nil {
		return o, err
	}
	if _, err := s.Group(ctx, o.GroupID); err != nil {
		if platform.ErrorKind(err) == platform.KindNotFound {
			return GroupOrder{}, platform.NotFound("Pesanan kelompok")
		}
		return GroupOrder{}, err
	}
	// Prices: what was ordered once checked out; before, today's price at
	// the group's total quantity of each product.
	price := groupTierPrice
	if o.CheckoutID != "" {
		price = `COALESCE((SELECT oi.price FROM order_items oi JOIN orders od ON od.id = oi.order_id
			WHERE od.checkout_id = ? AND oi.product_id = i.product_id), p.price)`
	}
	args := []any{id}
	if o.CheckoutID != "" {
		args = []any{o.CheckoutID, id}
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT i.id, i.member_id, us.name, i.product_id, p.name, u.id, u.name, i.quantity, `+price+`
		FROM group_order_items i JOIN users us ON us.id = i.member_id JOIN products p ON p.id = i.product_id JOIN umkm u ON u.id = p.umkm_id
		WHERE i.group_order_id = ? ORDER BY us.name, i.member_id, u.id, i.id`, args...)
	if o.Items, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (it GroupItem, err error) {
		err = r.Scan(&it.ID, &it.MemberID, &it.MemberName, &it.ProductID, &it.ProductName, &it.UMKMID, &it.UMKMName, &it.Quantity, &it.UnitPrice)
		it.Subtotal = it.UnitPrice * it.Quantity
		return it, err
	}); err != nil {
		return o, err
	}
	rows, err = s.db.Reader().Query(ctx, `SELECT sh.member_id, us.name, sh.goods, sh.shipping, sh.amount, COALESCE(sh.payment_id, 0), COALESCE(p.status, '')
		FROM group_order_shares sh JOIN users us ON us.id = sh.member_id LEFT JOIN payments p ON p.id = sh.payment_id
		WHERE sh.group_order_id = ? ORDER BY us.name, sh.member_id`, id)
	if o.Shares, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (sh GroupShare, err error) {
		err = r.Scan(&sh.MemberID, &sh.MemberName, &sh.Goods, &sh.Shipping, &sh.Amount, &sh.PaymentID, &sh.PaymentStatus)
		return sh, err
	}); err != nil {
		return o, err
	}
	if o.CheckoutID != "" {
		o.OrderIDs, err = sqldb.Int64s(ctx, s.db.Reader(), `SELECT id FROM orders WHERE checkout_id = ? ORDER BY id`, o.CheckoutID)
	}
	return o, err
}

// groupTierPrice is the unit price of a group order line at the group's
// total quantity of its product.
var groupTierPrice = catalog.TierPriceSQL("p",
	`(SELECT SUM(i2.quantity) FROM group_order_items i2 WHERE i2.group_order_id = i.group_order_id AND i2.product_id = i.product_id)`)

// openForEditing loads a group order that members may still change.
func (s *Service) openForEditing(ctx context.Context, tx *sqldb.Tx, id int64) error {
	var status string
	if err := tx.QueryRow(ctx, `SELECT status FROM group_orders WHERE id = ?`, id).Scan(&status); err != nil {
		return err
	}
	if status != GroupOrderOpen {
		return platform.Errorf(platform.KindConflict, "Pesanan kelompok sudah ditutup koordinator")
	}
	return nil
}

// SetGroupItem sets the actor's own quantity of a product in a group order
// (0 removes it).
func (s *Service) SetGroupItem(ctx context.Context, id, productID, quantity int64) (GroupOrder, error) {
	return s.putGroupItem(ctx, id, productID, quantity, false)
}

// AddGroupItem adds quantity to the actor's own line of a product (a
// product page's "add to group order"), in one transaction.
func (s *Service) AddGroupItem(ctx context.Context, id, productID, quantity int64) (GroupOrder, error) {
	return s.putGroupItem(ctx, id, productID, quantity, true)
}

func (s *Service) putGroupItem(ctx context.Context, id, productID, quantity int64, add bool) (GroupOrder, error) {
	if _, err := s.GroupOrder(ctx, id); err != nil {
		return GroupOrder{}, err
	}
	quantityError := func(q int64) error {
		var v platform.Validation
		v.Check(q >= 0 && q <= 10_000 && (!add || quantity > 0), "quantity", "Jumlah 0–10.000")
		return v.Err()
	}
	if err := quantityError(quantity); err != nil {
		return GroupOrder{}, err
	}
	actor := platform.ActorFrom(ctx)
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.openForEditing(ctx, tx, id); err != nil {
			return err
		}
		if quantity == 0 {
			_, err := tx.Exec(ctx, `DELETE FROM group_order_items WHERE group_order_id = ? AND member_id = ? AND product_id = ?`, id, actor.UserID, productID)
			return err
		}
		var listed bool
		err := tx.QueryRow(ctx, `SELECT listed FROM products WHERE id = ?`, productID).Scan(&listed)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !listed) {
			return &platform.Error{Kind: platform.KindInvalid, Message: "Produk tidak tersedia",
				Fields: []platform.FieldError{{Field: "product_id", Message: "Produk tidak ditemukan atau tidak dijual"}}}
		}
		if err != nil {
			return err
		}
		// One statement either way, so two adds at once both count (no
		// read-then-write race on PostgreSQL).
		newQuantity := "excluded.quantity"
		if add {
			newQuantity = "group_order_items.quantity + excluded.quantity"
		}
		var total int64
		if err := tx.QueryRow(ctx, `INSERT INTO group_order_items (group_order_id, member_id, product_id, quantity) VALUES (?, ?, ?, ?)
			ON CONFLICT (group_order_id, member_id, product_id) DO UPDATE SET quantity = `+newQuantity+` RETURNING quantity`,
			id, actor.UserID, productID, quantity).Scan(&total); err != nil {
			return err
		}
		return quantityError(total)
	})
	if err != nil {
		return GroupOrder{}, err
	}
	return s.GroupOrder(ctx, id)
}

// UpdateGroupItem changes one line by its id (0 removes it). Only the
// member who added it may: nobody edits another member's items.
func (s *Service) UpdateGroupItem(ctx context.Context, id, itemID, quantity int64) (GroupOrder, error) {
	if _, err := s.GroupOrder(ctx, id); err != nil {
		return GroupOrder{}, err
	}
	var v platform.Validation
	v.Check(quantity >= 0 && quantity <= 10_000, "quantity", "Jumlah 0–10.000")
	if err := v.Err(); err != nil {
		return GroupOrder{}, err
	}
	actor := platform.ActorFrom(ctx)
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.openForEditing(ctx, tx, id); err != nil {
			return err
		}
		var owner int64
		err := tx.QueryRow(ctx, `SELECT member_id FROM group_order_items WHERE id = ? AND group_order_id = ?`, itemID, id).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) {
			return platform.NotFound("Barang")
		}
		if err != nil {
			return err
		}
		if account.Authorize(actor, account.EditOwn, account.Resource{OwnerID: owner}) != nil {
			return platform.Errorf(platform.KindForbidden, "Barang ini milik anggota lain; hanya dia yang dapat mengubahnya")
		}
		if quantity == 0 {
			_, err = tx.Exec(ctx, `DELETE FROM group_order_items WHERE id = ?`, itemID)
		} else {
			_, err = tx.Exec(ctx, `UPDATE group_order_items SET quantity = ? WHERE id = ?`, quantity, itemID)
		}
		return err
	})
	if err != nil {
		return GroupOrder{}, err
	}
	return s.GroupOrder(ctx, id)
}

// CloseGroupOrder stops members from changing a group order (the
// coordinator only), so that it can be checked out.
func (s *Service) CloseGroupOrder(ctx context.Context, id int64) (GroupOrder, error) {
	o, err := s.GroupOrder(ctx, id)
	if err != nil {
		return o, err
	}
	if mayCoordinate(ctx, o.CoordinatorID) != nil {
		return o, platform.Errorf(platform.KindForbidden, "Hanya koordinator yang menutup pesanan kelompok")
	}
	if len(o.Items) == 0 {
		return o, platform.Errorf(platform.KindConflict, "Pesanan kelompok masih kosong")
	}
	res, err := s.db.Writer().Exec(ctx, `UPDATE group_orders SET status = 'ditutup', closed_at = ? WHERE id = ? AND status = 'terbuka'`, s.now().UTC(), id)
	if err != nil {
		return o, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return o, platform.Errorf(platform.KindConflict, "Pesanan kelompok sudah ditutup")
	}
	return s.GroupOrder(ctx, id)
}

// InviteGroupName is the name of the group an invite token opens (for the
// invitation page), or not found.
func (s *Service) InviteGroupName(ctx context.Context, token string) (string, error) {
	var name string
	err := s.db.Reader().QueryRow(ctx, `SELECT name FROM user_groups WHERE invite_token = ?`, token).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) || token == "" {
		return "", platform.NotFound("Undangan kelompok")
	}
	return name, err
}

// OpenGroupOrders lists the group orders the actor may still add items to.
func (s *Service) OpenGroupOrders(ctx context.Context) ([]GroupOrder, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return nil, nil
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT o.id, o.group_id, g.name, o.title FROM group_orders o
		JOIN user_groups g ON g.id = o.group_id JOIN group_members m ON m.group_id = o.group_id AND m.user_id = ?
		WHERE o.status = 'terbuka' ORDER BY o.id DESC LIMIT 20`, actor.UserID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (o GroupOrder, err error) {
		err = r.Scan(&o.ID, &o.GroupID, &o.GroupName, &o.Title)
		return o, err
	})
}
