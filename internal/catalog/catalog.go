// Package catalog holds the products of UMKM: price in whole rupiah, stock,
// weight, photos, halal flag, and the draft/active/archived status. A
// product is listed (visible to buyers) when it is active and its UMKM is
// verified.
package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/memo"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Status of a product.
type Status string

const (
	StatusDraft    Status = "draft"
	StatusActive   Status = "active"
	StatusArchived Status = "archived"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == StatusDraft || s == StatusActive || s == StatusArchived }

// Limits that keep one product page light and one seller honest.
const (
	MaxPhotos  = 8
	MaxPrice   = 1_000_000_000_000 // Rp1 triliun: above this a typo is likelier than a sale
	MaxStock   = 10_000_000
	MaxWeight  = 1_000_000 // 1 tonne, in grams
	maxNameLen = 150
	maxDescLen = 5000
)

// Photo is one product photo, as storage keys.
type Photo struct {
	ID       int64  `json:"id"`
	LargeKey string `json:"large_key"`
	ThumbKey string `json:"thumb_key"`
}

// Seller is the UMKM of a product, as a product shows it.
type Seller struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	ProvinceCode string `json:"province_code"`
	RegencyCode  string `json:"regency_code"`
	// WhatsApp is the number the product page's "chat" button opens; read
	// with the product so that the page needs no second read of the UMKM.
	// Not in the API's listings: least exposure (it is on the UMKM's page).
	WhatsApp string `json:"-"`
}

// Product is one item a UMKM sells.
type Product struct {
	ID          int64       `json:"id"`
	UMKMID      int64       `json:"umkm_id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Category    string      `json:"category"`
	Price       int64       `json:"price"`
	Stock       int64       `json:"stock"`
	WeightGrams int64       `json:"weight_grams"`
	Halal       bool        `json:"halal"`
	Status      Status      `json:"status"`
	Listed      bool        `json:"listed"`
	UMKM        Seller      `json:"umkm"`
	Photos      []Photo     `json:"photos"`
	Tiers       []PriceTier `json:"tiers"` // wholesale prices, by quantity
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// Fields is the editable part of a product.
type Fields struct {
	Name        string
	Description string
	Category    string
	Price       int64
	Stock       int64
	WeightGrams int64
	Halal       bool
	Status      Status
}

// Fields returns the editable part of p.
func (p Product) Fields() Fields {
	return Fields{Name: p.Name, Description: p.Description, Category: p.Category, Price: p.Price, Stock: p.Stock,
		WeightGrams: p.WeightGrams, Halal: p.Halal, Status: p.Status}
}

// Normalize trims f and checks every rule, returning all field errors at once.
func (f *Fields) Normalize() error {
	var v platform.Validation
	f.Name = strings.TrimSpace(f.Name)
	f.Description = strings.TrimSpace(f.Description)
	f.Category = strings.ToLower(strings.TrimSpace(f.Category))
	if f.Status == "" {
		f.Status = StatusActive
	}
	v.Check(f.Name != "", "name", "Nama produk wajib diisi")
	v.Check(utf8.RuneCountInString(f.Name) <= maxNameLen, "name", "Nama produk maksimal 150 karakter")
	v.Check(utf8.RuneCountInString(f.Description) <= maxDescLen, "description", "Deskripsi maksimal 5.000 karakter")
	v.Check(umkm.ValidCategory(f.Category), "category", "Kategori harus salah satu dari: %s", strings.Join(umkm.Categories, ", "))
	v.Check(f.Price >= 0, "price", "Harga tidak boleh negatif")
	v.Check(f.Price <= MaxPrice, "price", "Harga terlalu besar")
	v.Check(f.Stock >= 0, "stock", "Stok tidak boleh negatif")
	v.Check(f.Stock <= MaxStock, "stock", "Stok maksimal %s", platform.Count(MaxStock))
	v.Check(f.WeightGrams >= 0, "weight_grams", "Berat tidak boleh negatif")
	v.Check(f.WeightGrams <= MaxWeight, "weight_grams", "Berat maksimal 1.000.000 gram")
	v.Check(f.Status.Valid(), "status", "Status harus draft, active atau archived")
	return v.Err()
}

// Service runs the catalogue.
type Service struct {
	db       *sqldb.DB
	registry *umkm.Service
	media    media.Storage
	now      func() time.Time
	// counts and suggestions of searches (see search_count.go)
	counts      memo.Cache[string, int]
	suggestions memo.Cache[string, string]
	pages       memo.Cache[pageKey, SearchPage] // see Search
	uncached    atomic.Bool                     // KeepPages(false)
	version     atomic.Uint64                   // see Version
	window      int64                           // when set, replaces search.Match.Window (tests: both sides of it on small data)
	// rum and rumOperators: see rumSchema.
	rum          sync.Once
	rumOperators string
}

// NewService returns a catalogue on db whose photos live in st. It follows
// the registry so that products are listed only while their UMKM is verified.
func NewService(db *sqldb.DB, registry *umkm.Service, st media.Storage) *Service {
	s := &Service{db: db, registry: registry, media: st, now: time.Now}
	s.counts = memo.Cache[string, int]{TTL: searchCacheTTL, Size: searchCacheSize}
	s.suggestions = memo.Cache[string, string]{TTL: searchCacheTTL, Size: searchCacheSize}
	s.pages = memo.Cache[pageKey, SearchPage]{TTL: searchPageTTL, Size: searchPageSize}
	registry.OnChange(s.followUMKM)
	return s
}

const productColumns = `p.id, p.umkm_id, p.name, p.description, p.category, p.price, p.stock, p.weight_grams, p.halal,
	p.status, p.listed, p.created_at, p.updated_at, u.id, u.name, u.province_code, u.regency_code, u.whatsapp`

// scanProduct reads productColumns, then any extra columns into extra.
func scanProduct(row interface{ Scan(...any) error }, extra ...any) (Product, error) {
	var p Product
	err := row.Scan(append([]any{&p.ID, &p.UMKMID, &p.Name, &p.Description, &p.Category, &p.Price, &p.Stock, &p.WeightGrams,
		&p.Halal, &p.Status, &p.Listed, &p.CreatedAt, &p.UpdatedAt, &p.UMKM.ID, &p.UMKM.Name, &p.UMKM.ProvinceCode,
		&p.UMKM.RegencyCode, &p.UMKM.WhatsApp}, extra...)...)
	return p, err
}

func (s *Service) load(ctx context.Context, q sqldb.Querier, id int64) (Product, error) {
	p, err := scanProduct(q.QueryRow(ctx, `SELECT `+productColumns+` FROM products p JOIN umkm u ON u.id = p.umkm_id WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Product{}, platform.NotFound("Produk")
	}
	if err != nil {
		return Product{}, err
	}
	p.Photos, p.Tiers, err = photosAndTiers(ctx, q, id)
	return p, err
}

// photosAndTiers reads a product's photos and its wholesale tiers in one
// query (the product page reads them on every visit).
func photosAndTiers(ctx context.Context, q sqldb.Querier, productID int64) ([]Photo, []PriceTier, error) {
	photos, tiers := []Photo{}, []PriceTier{} // [] in JSON, not null
	rows, err := q.Query(ctx, `SELECT 0, position, id, large_key, thumb_key, 0 FROM product_photos WHERE product_id = ?
		UNION ALL SELECT 1, min_quantity, 0, '', '', price FROM product_tiers WHERE product_id = ?
		ORDER BY 1, 2, 3`, productID, productID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, order, price int64
		var ph Photo
		if err := rows.Scan(&kind, &order, &ph.ID, &ph.LargeKey, &ph.ThumbKey, &price); err != nil {
			return nil, nil, err
		}
		if kind == 0 {
			photos = append(photos, ph)
		} else {
			tiers = append(tiers, PriceTier{MinQuantity: order, Price: price})
		}
	}
	return photos, tiers, rows.Err()
}

// Get returns a product the actor may see: listed products are public; the
// rest only to the UMKM's owner and its province's agency.
func (s *Service) Get(ctx context.Context, id int64) (Product, error) {
	p, err := s.load(ctx, s.db.Reader(), id)
	if err != nil {
		return Product{}, err
	}
	if !p.Listed {
		u, err := s.registry.Get(ctx, p.UMKMID)
		if err != nil || account.Authorize(platform.ActorFrom(ctx), account.ReadPrivate,
			account.Resource{OwnerID: u.OwnerID, ProvinceCode: u.ProvinceCode}) != nil {
			return Product{}, platform.NotFound("Produk")
		}
	}
	return p, nil
}

// Version is the catalogue's version in this process: every product write
// (a product's fields, photos, tiers, listing, or its UMKM's name, region and
// WhatsApp) raises it. What another package keeps of products (the product
// page's rendered parts) keys on it, so that this process's writes show at
// once; a stock change is not a product write here (orders change stock:
// read it live, as Availability does).
func (s *Service) Version() uint64 { return s.version.Load() }

// Availability is what a product page reads live on every visit: what may
// change with each sale.
type Availability struct {
	Stock  int64
	Listed bool
}

// Availability reads a product's stock and whether it is listed: one point
// read, for pages that keep the rest of the product for a few seconds.
func (s *Service) Availability(ctx context.Context, id int64) (Availability, error) {
	var a Availability
	err := s.db.Reader().QueryRow(ctx, `SELECT stock, listed FROM products WHERE id = ?`, id).Scan(&a.Stock, &a.Listed)
	if errors.Is(err, sql.ErrNoRows) {
		return Availability{}, platform.NotFound("Produk")
	}
	return a, err
}

// manageable loads the UMKM of a product and checks the actor may run its catalogue.
func (s *Service) manageable(ctx context.Context, umkmID int64) (umkm.UMKM, error) {
	u, err := s.registry.Get(ctx, umkmID)
	if err != nil {
		return umkm.UMKM{}, err
	}
	return u, umkm.CanManage(ctx, u)
}

// Create adds a product to a UMKM the actor manages.
func (s *Service) Create(ctx context.Context, umkmID int64, f Fields) (Product, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return Product{}, platform.Unauthorized()
	}
	if err := f.Normalize(); err != nil {
		return Product{}, err
	}
	u, err := s.manageable(ctx, umkmID)
	if err != nil {
		if platform.ErrorKind(err) == platform.KindNotFound {
			return Product{}, &platform.Error{Kind: platform.KindInvalid, Message: "UMKM tidak ditemukan",
				Fields: []platform.FieldError{{Field: "umkm_id", Message: "UMKM tidak ditemukan"}}}
		}
		return Product{}, err
	}
	var p Product
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		now := s.now().UTC()
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO products (umkm_id, name, description, category, price, stock, weight_grams, halal,
			status, province_code, regency_code, listed, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.ID, f.Name, f.Description, f.Category, f.Price, f.Stock, f.WeightGrams, f.Halal, string(f.Status),
			u.ProvinceCode, u.RegencyCode, listed(f.Status, u.Status), now, now).Scan(&id)
		if err != nil {
			return err
		}
		if p, err = s.load(ctx, tx, id); err != nil {
			return err
		}
		return s.changed(ctx, tx, "create", nil, p, u)
	})
	return p, err
}

func listed(st Status, us umkm.Status) bool { return st == StatusActive && us == umkm.StatusVerified }

func (s *Service) changed(ctx context.Context, tx *sqldb.Tx, action string, before *Product, after Product, u umkm.UMKM) error {
	var b any
	if before != nil {
		b = before
	}
	if err := audit.Record(ctx, tx, action, "product", after.ID, b, after); err != nil {
		return err
	}
	return s.index(ctx, tx, after, u)
}

func (s *Service) index(ctx context.Context, tx *sqldb.Tx, p Product, u umkm.UMKM) error {
	s.version.Add(1)
	s.counts.Changed()
	s.suggestions.Changed()
	s.pages.Changed()
	return search.IndexProduct(ctx, tx, p.ID, productDoc(p, u))
}

// productDoc is what the index holds of p, sold by u.
func productDoc(p Product, u umkm.UMKM) search.Doc {
	return search.ProductDoc(p.Name, p.Category, p.Description, u.Name, search.Facets{ProvinceCode: u.ProvinceCode,
		RegencyCode: u.RegencyCode, Category: p.Category, Halal: p.Halal, Listed: listed(p.Status, u.Status)})
}

// Update replaces a product's editable fields.
func (s *Service) Update(ctx context.Context, id int64, f Fields) (Product, error) {
	if err := f.Normalize(); err != nil {
		return Product{}, err
	}
	var after Product
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, u, err := s.loadManaged(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE products SET name = ?, description = ?, category = ?, price = ?, stock = ?,
			weight_grams = ?, halal = ?, status = ?, listed = ?, updated_at = ? WHERE id = ?`,
			f.Name, f.Description, f.Category, f.Price, f.Stock, f.WeightGrams, f.Halal, string(f.Status),
			listed(f.Status, u.Status), s.now().UTC(), id); err != nil {
			return err
		}
		if after, err = s.load(ctx, tx, id); err != nil {
			return err
		}
		return s.changed(ctx, tx, "update", &before, after, u)
	})
	return after, err
}

func (s *Service) loadManaged(ctx context.Context, tx *sqldb.Tx, id int64) (Product, umkm.UMKM, error) {
	p, err := s.load(ctx, tx, id)
	if err != nil {
		return Product{}, umkm.UMKM{}, err
	}
	u, err := s.manageable(ctx, p.UMKMID)
	if err != nil {
		if platform.ErrorKind(err) == platform.KindForbidden && !p.Listed {
			return Product{}, umkm.UMKM{}, platform.NotFound("Produk")
		}
		return Product{}, umkm.UMKM{}, err
	}
	return p, u, nil
}

// Archive takes a product off sale. Products are archived, never deleted, so
// that orders can keep pointing at what was sold.
func (s *Service) Archive(ctx context.Context, id int64) (Product, error) {
	var after Product
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, u, err := s.loadManaged(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE products SET status = 'archived', listed = FALSE, updated_at = ? WHERE id = ?`,
			s.now().UTC(), id); err != nil {
			return err
		}
		if after, err = s.load(ctx, tx, id); err != nil {
			return err
		}
		return s.changed(ctx, tx, "archive", &before, after, u)
	})
	return after, err
}

// MayManage reports whether the actor may change the product, before an
// upload for it is read: not found when the actor may not see it,
// unauthorized or forbidden otherwise.
func (s *Service) MayManage(ctx context.Context, productID int64) error {
	p, err := s.Get(ctx, productID)
	if err != nil {
		return err
	}
	_, err = s.manageable(ctx, p.UMKMID)
	return err
}

// followUMKM keeps products' copies of their UMKM's region and visibility in step with it.
func (s *Service) followUMKM(ctx context.Context, tx *sqldb.Tx, u umkm.UMKM) error {
	_, err := tx.Exec(ctx, `UPDATE products SET province_code = ?, regency_code = ?,
		listed = (status = 'active' AND ? = 'verified') WHERE umkm_id = ?`,
		u.ProvinceCode, u.RegencyCode, string(u.Status), u.ID)
	if err != nil {
		return err
	}
	// The UMKM's name, region and status are part of every product's index entry.
	rows, err := tx.Query(ctx, `SELECT id, name, category, description, halal, status FROM products WHERE umkm_id = ?`, u.ID)
	ps, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (p Product, err error) {
		err = r.Scan(&p.ID, &p.Name, &p.Category, &p.Description, &p.Halal, &p.Status)
		return p, err
	})
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := s.index(ctx, tx, p, u); err != nil {
			return err
		}
	}
	return nil
}

// ListForUMKM returns every product of a UMKM, listed or not, for the people
// who manage it (its owner, its province's agency).
func (s *Service) ListForUMKM(ctx context.Context, umkmID int64) ([]Product, error) {
	u, err := s.registry.Get(ctx, umkmID)
	if err != nil {
		return nil, err
	}
	if err := account.Authorize(platform.ActorFrom(ctx), account.ReadPrivate,
		account.Resource{OwnerID: u.OwnerID, ProvinceCode: u.ProvinceCode}); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+productColumns+` FROM products p JOIN umkm u ON u.id = p.umkm_id
		WHERE p.umkm_id = ? ORDER BY p.status, p.id DESC`, umkmID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (Product, error) { return scanProduct(r) })
}
