package expo

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// What happens at one exhibitor's booth: the products it brought, who
// manages it, who sells there.

// ExpoProduct is a product an exhibitor brought, with its own stock.
type ExpoProduct struct {
	ID        int64  `json:"id"`
	ProductID int64  `json:"product_id"`
	Name      string `json:"name"`
	Price     int64  `json:"price"`
	Brought   int64  `json:"brought"`
	Stock     int64  `json:"stock"` // what is left at the booth (below zero when sold past it offline)
}

// BringProduct puts a catalogue product of the exhibitor's UMKM on its
// booth with the stock brought to the expo (kept apart from online stock:
// the catalogue's stock does not change). Bringing it again sets the stock.
func (s *Service) BringProduct(ctx context.Context, eventID, exhibitorID, productID, stock int64) (ExpoProduct, error) {
	x, err := s.mayManageBooth(ctx, eventID, exhibitorID)
	if err != nil {
		return ExpoProduct{}, err
	}
	if stock < 0 || stock > 1_000_000 {
		return ExpoProduct{}, platform.Invalid("stock", "Stok yang dibawa 0–1.000.000")
	}
	var name string
	var price, owner int64
	err = s.db.Reader().QueryRow(ctx, `SELECT p.name, p.price, p.umkm_id FROM products p WHERE p.id = ? AND p.status <> 'archived'`, productID).Scan(&name, &price, &owner)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != x.UMKMID) {
		return ExpoProduct{}, platform.Invalid("product_id", "Produk tidak ada di katalog UMKM ini")
	}
	if err != nil {
		return ExpoProduct{}, err
	}
	var id int64
	err = s.db.Writer().QueryRow(ctx, `INSERT INTO expo_products (exhibitor_id, product_id, name, price, stock, brought) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (exhibitor_id, product_id) DO UPDATE SET stock = excluded.stock - (expo_products.brought - expo_products.stock),
		brought = excluded.brought, name = excluded.name, price = excluded.price RETURNING id`,
		exhibitorID, productID, name, price, stock, stock).Scan(&id)
	if err != nil {
		return ExpoProduct{}, err
	}
	list, err := s.Products(ctx, eventID, exhibitorID)
	for _, p := range list {
		if p.ID == id {
			return p, err
		}
	}
	return ExpoProduct{}, err
}

// Products lists what an exhibitor brought.
func (s *Service) Products(ctx context.Context, eventID, exhibitorID int64) ([]ExpoProduct, error) {
	if _, err := s.Exhibitor(ctx, eventID, exhibitorID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT id, COALESCE(product_id, 0), name, price, brought, stock FROM expo_products WHERE exhibitor_id = ? ORDER BY name, id`, exhibitorID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (p ExpoProduct, err error) {
		err = r.Scan(&p.ID, &p.ProductID, &p.Name, &p.Price, &p.Brought, &p.Stock)
		return p, err
	})
}

// mayManageBooth checks the actor may run an exhibitor's booth: its UMKM's
// owner, the organising agency (or an admin).
func (s *Service) mayManageBooth(ctx context.Context, eventID, exhibitorID int64) (Exhibitor, error) {
	e, err := s.Event(ctx, eventID)
	if err != nil {
		return Exhibitor{}, err
	}
	x, err := s.exhibitor(ctx, s.db.Reader(), eventID, exhibitorID)
	if err != nil {
		return x, err
	}
	return x, mayManageBooth(ctx, e, x)
}

// MayManageBooth reports whether the actor manages the exhibitor's booth
// (its owner, the organising agency, an admin): for pages that show the
// owner's controls.
func (s *Service) MayManageBooth(ctx context.Context, e Event, x Exhibitor) bool {
	return mayManageBooth(ctx, e, x) == nil
}

func mayManageBooth(ctx context.Context, e Event, x Exhibitor) error {
	return account.Authorize(platform.ActorFrom(ctx), account.ManageBooth, account.Resource{OwnerID: x.OwnerID, ProvinceCode: e.OrganiserProvince})
}

// AddCashier lets a user record sales at an exhibitor's booth (by email).
func (s *Service) AddCashier(ctx context.Context, eventID, exhibitorID int64, email string) error {
	if _, err := s.mayManageBooth(ctx, eventID, exhibitorID); err != nil {
		return err
	}
	var userID int64
	err := s.db.Reader().QueryRow(ctx, `SELECT id FROM users WHERE email = ?`, strings.ToLower(strings.TrimSpace(email))).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return platform.Invalid("email", "Belum ada akun dengan email ini; minta kasir mendaftar dulu")
	}
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO exhibitor_cashiers (exhibitor_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, exhibitorID, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "add_cashier", "exhibitor", exhibitorID, nil, map[string]int64{"user_id": userID})
	})
}

// maySell checks that the actor may record sales at an exhibitor's booth.
func (s *Service) maySell(ctx context.Context, e Event, x Exhibitor) error {
	delegates, err := sqldb.Int64s(ctx, s.db.Reader(), `SELECT user_id FROM exhibitor_cashiers WHERE exhibitor_id = ?`, x.ID)
	if err != nil {
		return err
	}
	err = account.Authorize(platform.ActorFrom(ctx), account.Sell, account.Resource{OwnerID: x.OwnerID, ProvinceCode: e.OrganiserProvince, Delegates: delegates})
	if platform.ErrorKind(err) == platform.KindForbidden {
		return platform.Errorf(platform.KindForbidden, "Anda bukan kasir booth %s", x.Name)
	}
	return err
}

// sellingBooths relates booths to a scope as Sell does: a booth is its
// UMKM owner's and its cashiers' (Own), and the organising province's.
var sellingBooths = account.Columns{
	Own:      "(x.id IN (SELECT exhibitor_id FROM exhibitor_cashiers WHERE user_id = ?) OR x.umkm_id IN (SELECT id FROM umkm WHERE owner_id = ?))",
	Province: "e.organiser_province = ?",
}

// CashierBooths lists the booths the actor may sell at, across events
// that are not closed.
func (s *Service) CashierBooths(ctx context.Context) ([]Exhibitor, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, platform.Unauthorized()
	}
	scope, args := account.ScopeOf(a).Where(sellingBooths)
	return s.listExhibitors(ctx, `SELECT `+exhibitorColumns+` FROM exhibitors x JOIN events e ON e.id = x.event_id
		WHERE x.status = 'approved' AND e.status IN ('open', 'running') AND `+scope+`
		ORDER BY x.event_id DESC, x.name LIMIT 200`, args...)
}

// AuthorizeSell checks that the actor may record sales at an exhibitor's
// booth, for a page to ask before it reads a device's queue.
func (s *Service) AuthorizeSell(ctx context.Context, eventID, exhibitorID int64) error {
	e, err := s.Event(ctx, eventID)
	if err != nil {
		return err
	}
	x, err := s.exhibitor(ctx, s.db.Reader(), eventID, exhibitorID)
	if err != nil {
		return err
	}
	return s.maySell(ctx, e, x)
}
