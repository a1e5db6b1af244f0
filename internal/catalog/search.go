package catalog

import (
	"context"
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Query is a buyer's product search. Empty fields do not filter.
type Query struct {
	Text         string
	ProvinceCode string
	RegencyCode  string
	Category     string
	Halal        *bool
	MinPrice     *int64
	MaxPrice     *int64
	UMKMID       int64
	Limit        int
	Cursor       string
}

// Validate checks the values a client typed.
func (q *Query) Validate() error {
	var v platform.Validation
	q.Text = strings.TrimSpace(q.Text)
	v.Check(len(q.Text) <= 200, "q", "Kata kunci maksimal 200 karakter")
	if q.ProvinceCode != "" {
		_, ok := region.ProvinceByCode(q.ProvinceCode)
		v.Check(ok, "province", "Provinsi tidak dikenal")
	}
	if q.RegencyCode != "" {
		_, ok := region.RegencyByCode(q.RegencyCode)
		v.Check(ok, "regency", "Kabupaten/kota tidak dikenal")
	}
	v.Check(q.Category == "" || umkm.ValidCategory(q.Category), "category", "Kategori tidak dikenal")
	v.Check(q.MinPrice == nil || *q.MinPrice >= 0, "min_price", "Harga minimum tidak boleh negatif")
	v.Check(q.MaxPrice == nil || *q.MaxPrice >= 0, "max_price", "Harga maksimum tidak boleh negatif")
	if q.MinPrice != nil && q.MaxPrice != nil && *q.MinPrice > *q.MaxPrice {
		v.Add("max_price", "Harga maksimum lebih kecil dari harga minimum")
	}
	v.Check(q.Limit >= 0 && q.Limit <= 100, "limit", "Batas per halaman 1–100")
	return v.Err()
}

// SearchPage is one page of results.
type SearchPage struct {
	Items      []Product
	NextCursor string
}

// searchCursor is where the next page starts: an offset into the ranked
// result for text queries (ranking orders all matches anyway), the last id
// for browsing without text.
type searchCursor struct {
	Offset  int   `json:"o,omitempty"`
	AfterID int64 `json:"a,omitempty"`
}

// Search returns listed products matching q, best match first (newest first without text).
// Items carry their first photo only.
func (s *Service) Search(ctx context.Context, q Query) (SearchPage, error) {
	if err := q.Validate(); err != nil {
		return SearchPage{}, err
	}
	if q.Limit == 0 {
		q.Limit = 20
	}
	var cur searchCursor
	if q.Cursor != "" {
		if err := platform.DecodeCursor(q.Cursor, &cur); err != nil {
			return SearchPage{}, err
		}
		if cur.Offset < 0 || cur.Offset > 10_000 {
			return SearchPage{}, platform.Errorf(platform.KindInvalid, "Kursor halaman tidak valid")
		}
	}
	terms := search.DefaultStemmer().QueryTerms(q.Text)
	if q.Text != "" && len(terms) == 0 {
		return SearchPage{Items: []Product{}}, nil // only stop words: nothing to look for
	}

	var from, order string
	var args []any
	where := []string{"p.listed = TRUE"}
	if len(terms) > 0 {
		m := search.ProductMatch(s.db.Dialect, terms)
		from, order = m.From, m.Order+", p.id"
		args = append(args, m.FromArgs...)
		where = append(where, m.Where)
		args = append(args, m.WhereArgs...)
	} else {
		order = "p.id DESC"
		if cur.AfterID > 0 {
			where = append(where, "p.id < ?")
			args = append(args, cur.AfterID)
		}
	}
	add := func(cond string, a any) { where = append(where, cond); args = append(args, a) }
	if q.ProvinceCode != "" {
		add("p.province_code = ?", q.ProvinceCode)
	}
	if q.RegencyCode != "" {
		add("p.regency_code = ?", q.RegencyCode)
	}
	if q.Category != "" {
		add("p.category = ?", q.Category)
	}
	if q.Halal != nil {
		add("p.halal = ?", *q.Halal)
	}
	if q.MinPrice != nil {
		add("p.price >= ?", *q.MinPrice)
	}
	if q.MaxPrice != nil {
		add("p.price <= ?", *q.MaxPrice)
	}
	if q.UMKMID != 0 {
		add("p.umkm_id = ?", q.UMKMID)
	}
	sqlText := `SELECT ` + productColumns + `,
		COALESCE((SELECT ph.thumb_key FROM product_photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id LIMIT 1), ''),
		COALESCE((SELECT ph.large_key FROM product_photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id LIMIT 1), '')
		FROM products p ` + from + ` JOIN umkm u ON u.id = p.umkm_id
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	args = append(args, q.Limit+1, cur.Offset)
	rows, err := s.db.Reader().Query(ctx, sqlText, args...)
	if err != nil {
		return SearchPage{}, err
	}
	defer rows.Close()
	page := SearchPage{Items: []Product{}}
	for rows.Next() {
		var p Product
		var thumb, large string
		err := rows.Scan(&p.ID, &p.UMKMID, &p.Name, &p.Description, &p.Category, &p.Price, &p.Stock, &p.WeightGrams,
			&p.Halal, &p.Status, &p.Listed, &p.CreatedAt, &p.UpdatedAt, &p.UMKM.ID, &p.UMKM.Name, &p.UMKM.ProvinceCode,
			&p.UMKM.RegencyCode, &thumb, &large)
		if err != nil {
			return SearchPage{}, err
		}
		p.Photos = []Photo{}
		if thumb != "" {
			p.Photos = append(p.Photos, Photo{ThumbKey: thumb, LargeKey: large})
		}
		page.Items = append(page.Items, p)
	}
	if err := rows.Err(); err != nil {
		return SearchPage{}, err
	}
	if len(page.Items) > q.Limit {
		page.Items = page.Items[:q.Limit]
		if len(terms) > 0 {
			page.NextCursor = platform.EncodeCursor(searchCursor{Offset: cur.Offset + q.Limit})
		} else {
			page.NextCursor = platform.EncodeCursor(searchCursor{AfterID: page.Items[q.Limit-1].ID})
		}
	}
	return page, nil
}
