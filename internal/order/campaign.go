package order

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Beli bareng (group-buy campaigns). A seller, or the agency promoting its
// UMKM, sets stock aside for a campaign with price tiers by the campaign's
// total quantity. Each join is an order of its own (the order lifecycle,
// payments, refunds and ledger apply unchanged) at the price of the tier the
// total reaches with it. At the deadline a settlement (campaign_settle.go)
// confirms every paid join at the final price and refunds the difference, or
// cancels and refunds them all when the minimum was not reached.

// CampaignStatus is where a campaign stands; the values are what people see.
type CampaignStatus string

const (
	CampaignRunning   CampaignStatus = "berjalan"
	CampaignSucceeded CampaignStatus = "berhasil"
	CampaignFailed    CampaignStatus = "gagal"
)

// Tier is a price from a quantity on: a campaign's total, or one line's
// quantity for wholesale prices.
type Tier struct {
	MinQuantity int64 `json:"min_quantity"`
	Price       int64 `json:"price"`
}

// Campaign is a beli-bareng campaign.
type Campaign struct {
	ID             int64          `json:"id"`
	UMKMID         int64          `json:"umkm_id"`
	UMKMName       string         `json:"umkm_name"`
	ProvinceCode   string         `json:"province_code"`
	ProductID      int64          `json:"product_id"`
	ProductName    string         `json:"product_name"`
	NormalPrice    int64          `json:"normal_price"`
	Status         CampaignStatus `json:"status"`
	Tiers          []Tier         `json:"tiers"`
	MinTotal       int64          `json:"min_total"`
	PerPersonLimit int64          `json:"per_person_limit"`
	Stock          int64          `json:"stock"`
	TotalQuantity  int64          `json:"total_quantity"`
	Deadline       time.Time      `json:"deadline"`
	FinalPrice     int64          `json:"final_price,omitempty"`
	SettledAt      *time.Time     `json:"settled_at,omitempty"`
	CreatedAt      time.Time      `json:"created_at"`
}

// PriceAt is the unit price when the campaign's total is total: the price of
// the highest tier reached, or the first tier's before any is reached.
func PriceAt(tiers []Tier, total int64) int64 {
	if len(tiers) == 0 {
		return 0
	}
	p := tiers[0].Price
	for _, t := range tiers {
		if total >= t.MinQuantity {
			p = t.Price
		}
	}
	return p
}

// CurrentPrice is the unit price at the campaign's total now.
func (c Campaign) CurrentPrice() int64 { return PriceAt(c.Tiers, c.TotalQuantity) }

// NextTier is the next cheaper tier not yet reached, if any.
func (c Campaign) NextTier() (Tier, bool) {
	for _, t := range c.Tiers {
		if t.MinQuantity > c.TotalQuantity && t.Price < c.CurrentPrice() {
			return t, true
		}
	}
	return Tier{}, false
}

// Remaining is the stock set aside that can still be joined.
func (c Campaign) Remaining() int64 { return c.Stock - c.TotalQuantity }

// NewCampaign is what a seller or agency enters to open a campaign.
type NewCampaign struct {
	ProductID      int64
	Tiers          []Tier
	MinTotal       int64
	PerPersonLimit int64
	Stock          int64
	Deadline       time.Time
}

// MaxCampaignDays bounds how far away a deadline may be.
const MaxCampaignDays = 90

func validateTiers(v *platform.Validation, tiers []Tier) {
	v.Check(len(tiers) >= 1 && len(tiers) <= 10, "tiers", "Isi 1–10 tingkat harga")
	for i, t := range tiers {
		f := fmt.Sprintf("tiers[%d]", i)
		v.Check(t.MinQuantity >= 1 && t.MinQuantity <= 1_000_000, f+".min_quantity", "Jumlah minimal 1–1.000.000")
		v.Check(t.Price >= 1 && t.Price <= 1_000_000_000, f+".price", "Harga Rp1 – Rp1.000.000.000")
		if i > 0 {
			v.Check(t.MinQuantity > tiers[i-1].MinQuantity, f+".min_quantity", "Jumlah tiap tingkat harus lebih besar dari tingkat sebelumnya")
			v.Check(t.Price < tiers[i-1].Price, f+".price", "Harga tiap tingkat harus lebih murah dari tingkat sebelumnya")
		}
	}
}

func (n *NewCampaign) validate(now time.Time, productStock int64) error {
	var v platform.Validation
	validateTiers(&v, n.Tiers)
	v.Check(n.Stock >= 1, "stock", "Stok untuk beli bareng minimal 1")
	v.Check(n.Stock <= productStock, "stock", "Stok produk hanya %d", productStock)
	v.Check(n.MinTotal >= 1 && n.MinTotal <= n.Stock, "min_total", "Jumlah minimum 1 sampai stok beli bareng")
	v.Check(n.PerPersonLimit >= 1 && n.PerPersonLimit <= n.Stock, "per_person_limit", "Batas per orang 1 sampai stok beli bareng")
	v.Check(n.Deadline.After(now.Add(time.Minute)), "deadline", "Batas waktu paling cepat satu menit dari sekarang, agar pembeli sempat ikut")
	v.Check(n.Deadline.Before(now.AddDate(0, 0, MaxCampaignDays)), "deadline", "Batas waktu paling lama %d hari lagi", MaxCampaignDays)
	return v.Err()
}

// CreateCampaign opens a campaign on a listed product of a UMKM the actor
// may update (its seller, or the agency of its province), and sets its stock
// aside from the product's.
func (s *Service) CreateCampaign(ctx context.Context, n NewCampaign) (Campaign, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return Campaign{}, platform.Unauthorized()
	}
	var umkmID, productStock int64
	var listed bool
	err := s.db.Reader().QueryRow(ctx, `SELECT umkm_id, stock, listed FROM products WHERE id = ?`, n.ProductID).Scan(&umkmID, &productStock, &listed)
	if errors.Is(err, sql.ErrNoRows) {
		return Campaign{}, &platform.Error{Kind: platform.KindInvalid, Message: "Produk tidak ditemukan",
			Fields: []platform.FieldError{{Field: "product_id", Message: "Produk tidak ditemukan"}}}
	}
	if err != nil {
		return Campaign{}, err
	}
	u, err := s.registry.Get(ctx, umkmID)
	if err != nil {
		return Campaign{}, err
	}
	if err := umkm.CanUpdate(ctx, u); err != nil {
		return Campaign{}, err
	}
	if !listed {
		return Campaign{}, &platform.Error{Kind: platform.KindInvalid, Message: "Produk belum tampil untuk pembeli (UMKM belum terverifikasi atau produk tidak aktif)",
			Fields: []platform.FieldError{{Field: "product_id", Message: "Pilih produk yang aktif dari UMKM terverifikasi"}}}
	}
	now := s.now().UTC()
	n.Tiers = sortTiers(n.Tiers)
	if err := n.validate(now, productStock); err != nil {
		return Campaign{}, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := takeStock(ctx, tx, LineRequest{ProductID: n.ProductID, Quantity: n.Stock}); err != nil {
			if errors.Is(err, errNoStock) {
				return &platform.Error{Kind: platform.KindConflict, Message: "Stok produk tidak cukup",
					Fields: []platform.FieldError{{Field: "stock", Message: "Stok produk baru saja berkurang; kurangi stok beli bareng"}}}
			}
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO campaigns (umkm_id, product_id, created_by, status, min_total, per_person_limit, stock, deadline, created_at)
			VALUES (?, ?, ?, 'berjalan', ?, ?, ?, ?, ?) RETURNING id`,
			umkmID, n.ProductID, actor.UserID, n.MinTotal, n.PerPersonLimit, n.Stock, n.Deadline.UTC(), now).Scan(&id)
		if err != nil {
			return err
		}
		if err := insertTiers(ctx, tx, id, n.Tiers); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "create", "campaign", id, nil, n)
	})
	if err != nil {
		return Campaign{}, err
	}
	s.running.forget()
	return s.Campaign(ctx, id)
}

func insertTiers(ctx context.Context, tx *sqldb.Tx, campaignID int64, tiers []Tier) error {
	if _, err := tx.Exec(ctx, `DELETE FROM campaign_tiers WHERE campaign_id = ?`, campaignID); err != nil {
		return err
	}
	for _, t := range tiers {
		if _, err := tx.Exec(ctx, `INSERT INTO campaign_tiers (campaign_id, min_quantity, price) VALUES (?, ?, ?)`,
			campaignID, t.MinQuantity, t.Price); err != nil {
			return err
		}
	}
	return nil
}

// SetCampaignTiers changes a campaign's tiers, only while nobody has joined:
// a participant joined on the prices shown to them.
func (s *Service) SetCampaignTiers(ctx context.Context, id int64, tiers []Tier) (Campaign, error) {
	c, err := s.Campaign(ctx, id)
	if err != nil {
		return c, err
	}
	if err := s.mayManageCampaign(ctx, c); err != nil {
		return c, err
	}
	tiers = sortTiers(tiers)
	var v platform.Validation
	validateTiers(&v, tiers)
	if err := v.Err(); err != nil {
		return c, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var joined int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM campaign_participants WHERE campaign_id = ?`, id).Scan(&joined); err != nil {
			return err
		}
		var status string
		if err := tx.QueryRow(ctx, `SELECT status FROM campaigns WHERE id = ?`, id).Scan(&status); err != nil {
			return err
		}
		if joined > 0 || status != string(CampaignRunning) {
			return platform.Errorf(platform.KindConflict, "Tingkat harga tidak dapat diubah setelah ada peserta yang ikut")
		}
		if err := insertTiers(ctx, tx, id, tiers); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "set_tiers", "campaign", id, c.Tiers, tiers)
	})
	if err != nil {
		return c, err
	}
	return s.Campaign(ctx, id)
}

// MayManageCampaign reports whether the actor may change a campaign (its
// UMKM's seller, or the agency of its province).
func (s *Service) MayManageCampaign(ctx context.Context, c Campaign) bool {
	return s.mayManageCampaign(ctx, c) == nil
}

func (s *Service) mayManageCampaign(ctx context.Context, c Campaign) error {
	u, err := s.registry.Get(ctx, c.UMKMID)
	if err != nil {
		return err
	}
	return umkm.CanUpdate(ctx, u)
}

const campaignColumns = `c.id, c.umkm_id, u.name, u.province_code, c.product_id, p.name, p.price, c.status, c.min_total,
	c.per_person_limit, c.stock, c.total_quantity, c.deadline, c.final_price, c.settled_at, c.created_at`

const campaignFrom = ` FROM campaigns c JOIN umkm u ON u.id = c.umkm_id JOIN products p ON p.id = c.product_id`

func scanCampaign(row interface{ Scan(...any) error }) (Campaign, error) {
	var c Campaign
	var settled sql.NullTime
	err := row.Scan(&c.ID, &c.UMKMID, &c.UMKMName, &c.ProvinceCode, &c.ProductID, &c.ProductName, &c.NormalPrice, &c.Status,
		&c.MinTotal, &c.PerPersonLimit, &c.Stock, &c.TotalQuantity, &c.Deadline, &c.FinalPrice, &settled, &c.CreatedAt)
	if settled.Valid {
		t := settled.Time
		c.SettledAt = &t
	}
	return c, err
}

// Campaign returns a campaign with its tiers; campaigns are public.
func (s *Service) Campaign(ctx context.Context, id int64) (Campaign, error) {
	return s.loadCampaign(ctx, s.db.Reader(), id)
}

func (s *Service) loadCampaign(ctx context.Context, q sqldb.Querier, id int64) (Campaign, error) {
	c, err := scanCampaign(q.QueryRow(ctx, `SELECT `+campaignColumns+campaignFrom+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, platform.NotFound("Beli bareng")
	}
	if err != nil {
		return c, err
	}
	c.Tiers, err = loadTiers(ctx, q, id)
	return c, err
}

func loadTiers(ctx context.Context, q sqldb.Querier, campaignID int64) ([]Tier, error) {
	rows, err := q.Query(ctx, `SELECT min_quantity, price FROM campaign_tiers WHERE campaign_id = ? ORDER BY min_quantity`, campaignID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (t Tier, err error) {
		err = r.Scan(&t.MinQuantity, &t.Price)
		return t, err
	})
}

// CampaignFilter selects campaigns to list.
type CampaignFilter struct {
	UMKMID    int64
	ProductID int64
	Running   bool // only those still open for joining
	Limit     int
}

// Campaigns lists campaigns, newest first, with their tiers.
func (s *Service) Campaigns(ctx context.Context, f CampaignFilter) ([]Campaign, error) {
	q := `SELECT ` + campaignColumns + campaignFrom + ` WHERE 1 = 1`
	var args []any
	if f.UMKMID != 0 {
		q += ` AND c.umkm_id = ?`
		args = append(args, f.UMKMID)
	}
	if f.ProductID != 0 {
		q += ` AND c.product_id = ?`
		args = append(args, f.ProductID)
	}
	if f.Running {
		q += ` AND c.status = 'berjalan' AND c.deadline > ?`
		args = append(args, s.now().UTC())
	}
	q += ` ORDER BY c.id DESC LIMIT ?`
	args = append(args, cmp.Or(f.Limit, 50))
	rows, err := s.db.Reader().Query(ctx, q, args...)
	out, err := sqldb.Collect(rows, err, scanCampaign)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Tiers, err = loadTiers(ctx, s.db.Reader(), out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sortTiers orders tiers by quantity (clients may send them in any order).
func sortTiers(tiers []Tier) []Tier {
	out := slices.Clone(tiers)
	slices.SortFunc(out, func(a, b Tier) int { return cmp.Compare(a.MinQuantity, b.MinQuantity) })
	return out
}
