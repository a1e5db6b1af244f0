package catalog

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// PriceTier is a wholesale price (harga grosir): from MinQuantity units in
// one line, each costs Price.
type PriceTier struct {
	MinQuantity int64 `json:"min_quantity"`
	Price       int64 `json:"price"`
}

// MaxTiers bounds a product's wholesale table.
const MaxTiers = 5

// TierPriceSQL is the SQL of the unit price of a products row (product is
// its alias in the query) when buying quantity units (a SQL expression: a
// column, a subquery or ?): the wholesale tier reached, or the normal
// price, as UnitPrice computes it. The cart, the checkout and group orders
// all price with it, so the price a buyer sees is the price charged.
func TierPriceSQL(product, quantity string) string {
	return `COALESCE((SELECT t.price FROM product_tiers t WHERE t.product_id = ` + product + `.id AND t.min_quantity <= ` + quantity + `
	ORDER BY t.min_quantity DESC LIMIT 1), ` + product + `.price)`
}

// UnitPrice is the price of one unit when buying quantity units.
func UnitPrice(normal int64, tiers []PriceTier, quantity int64) int64 {
	price := normal
	for _, t := range tiers {
		if quantity >= t.MinQuantity {
			price = t.Price
		}
	}
	return price
}

func validateTiers(tiers []PriceTier, normal int64) error {
	var v platform.Validation
	v.Check(len(tiers) <= MaxTiers, "tiers", "Maksimal %d tingkat harga grosir", MaxTiers)
	for i, t := range tiers {
		f := fmt.Sprintf("tiers[%d]", i)
		v.Check(t.MinQuantity >= 2 && t.MinQuantity <= 100_000, f+".min_quantity", "Jumlah minimal 2–100.000")
		v.Check(t.Price >= 1, f+".price", "Harga grosir minimal Rp1")
		v.Check(t.Price < normal, f+".price", "Harga grosir harus lebih murah dari harga satuan")
		if i > 0 {
			v.Check(t.MinQuantity > tiers[i-1].MinQuantity, f+".min_quantity", "Jumlah tiap tingkat harus lebih besar dari tingkat sebelumnya")
			v.Check(t.Price < tiers[i-1].Price, f+".price", "Harga tiap tingkat harus lebih murah dari tingkat sebelumnya")
		}
	}
	return v.Err()
}

// SetTiers replaces a product's wholesale prices (an empty list removes
// them). Tiers may come in any order; each must be cheaper than the last.
func (s *Service) SetTiers(ctx context.Context, productID int64, tiers []PriceTier) (Product, error) {
	tiers = slices.Clone(tiers)
	slices.SortFunc(tiers, func(a, b PriceTier) int { return cmp.Compare(a.MinQuantity, b.MinQuantity) })
	var after Product
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, u, err := s.loadManaged(ctx, tx, productID)
		if err != nil {
			return err
		}
		if err := validateTiers(tiers, before.Price); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM product_tiers WHERE product_id = ?`, productID); err != nil {
			return err
		}
		for _, t := range tiers {
			if _, err := tx.Exec(ctx, `INSERT INTO product_tiers (product_id, min_quantity, price) VALUES (?, ?, ?)`,
				productID, t.MinQuantity, t.Price); err != nil {
				return err
			}
		}
		if after, err = s.load(ctx, tx, productID); err != nil {
			return err
		}
		return s.changed(ctx, tx, "set_tiers", &before, after, u)
	})
	return after, err
}
