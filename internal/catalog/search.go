package catalog

import (
	"context"
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
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

// searchCursor is where the next page starts: the relevance tier (text
// queries) and the last product id seen in it. Results are newest first
// within a tier, so both searching and browsing page by keyset.
type searchCursor struct {
	Tier    int   `json:"t,omitempty"`
	AfterID int64 `json:"a,omitempty"`
}

// Search returns listed products matching q: for text, the products with
// every word in their name first, then those with every word elsewhere,
// each newest first (see search.ProductMatch); without text, newest first.
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
		if cur.Tier < 0 || cur.Tier >= search.Tiers || cur.AfterID < 0 {
			return SearchPage{}, platform.Errorf(platform.KindInvalid, "Kursor halaman tidak valid")
		}
	}
	terms := search.DefaultStemmer().QueryTerms(q.Text)
	if q.Text != "" && len(terms) == 0 {
		return SearchPage{Items: []Product{}}, nil // only stop words: nothing to look for
	}

	where := []string{"p.listed = TRUE"}
	var args []any
	add := func(cond string, a any) { where = append(where, cond); args = append(args, a) }
	// With words, the index matches province, regency, category and halal
	// exactly (facet tokens); repeating them here would make PostgreSQL count
	// each filter twice and misjudge how many rows match.
	if len(terms) == 0 {
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

	page := SearchPage{Items: []Product{}}
	var tiers []int // tier of each item
	if len(terms) == 0 {
		items, err := s.searchRun(ctx, search.Match{Order: "p.id DESC", After: "p.id < ?"}, where, args, cur.AfterID, q.Limit+1)
		if err != nil {
			return SearchPage{}, err
		}
		page.Items = items
		tiers = make([]int, len(items))
	} else {
		f := search.Filter{ProvinceCode: q.ProvinceCode, RegencyCode: q.RegencyCode, Category: q.Category, Halal: q.Halal}
		for tier := cur.Tier; tier < search.Tiers && len(page.Items) <= q.Limit; tier++ {
			after := int64(0)
			if tier == cur.Tier {
				after = cur.AfterID
			}
			m := search.ProductMatch(s.db.Dialect, terms, f, tier)
			items, err := s.searchRun(ctx, m, where, args, after, q.Limit+1-len(page.Items))
			if err != nil {
				return SearchPage{}, err
			}
			page.Items = append(page.Items, items...)
			for range items {
				tiers = append(tiers, tier)
			}
		}
	}
	if len(page.Items) > q.Limit {
		page.Items = page.Items[:q.Limit]
		page.NextCursor = platform.EncodeCursor(searchCursor{Tier: tiers[q.Limit-1], AfterID: page.Items[q.Limit-1].ID})
	}
	return page, nil
}

// searchRun runs one search query: m restricts and orders it, where/args
// filter, and after (when non-zero) continues past that id.
func (s *Service) searchRun(ctx context.Context, m search.Match, where []string, args []any, after int64, limit int) ([]Product, error) {
	if m.Window == 0 {
		return s.searchQuery(ctx, m, m.Order, where, args, after, limit)
	}
	// PostgreSQL cannot tell whether the matches of a word lie among the
	// newest products or all among the oldest, so it either walks the id
	// index backwards (fast for common words, a whole-table scan for rare
	// ones) or sorts every match (the reverse). Do both, each where it is
	// cheap: walk back through the newest m.Window products first, and only
	// if that does not fill the page, sort the (then few) older matches.
	hi := after
	if hi == 0 {
		if err := s.db.Reader().QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM products`).Scan(&hi); err != nil {
			return nil, err
		}
	}
	lo := hi - m.Window
	recent, err := s.searchQuery(ctx, m, m.Order, append(where[:len(where):len(where)], "p.id >= ?"), append(args[:len(args):len(args)], lo), hi, limit)
	if err != nil || len(recent) == limit || lo <= 0 {
		return recent, err
	}
	older, err := s.searchQuery(ctx, m, m.SortOrder, where, args, lo, limit-len(recent))
	return append(recent, older...), err
}

// searchQuery runs one search statement ordered by order.
func (s *Service) searchQuery(ctx context.Context, m search.Match, order string, where []string, args []any, after int64, limit int) ([]Product, error) {
	all := append(append([]any{sqldb.PlanForArgs}, m.FromArgs...), m.WhereArgs...)
	conds := where
	if m.Where != "" {
		conds = append([]string{m.Where}, where...)
	}
	all = append(all, args...)
	if after > 0 {
		conds = append(conds, m.After)
		all = append(all, after)
	}
	all = append(all, limit)
	sqlText := `SELECT ` + productColumns + `,
		COALESCE((SELECT ph.thumb_key FROM product_photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id LIMIT 1), ''),
		COALESCE((SELECT ph.large_key FROM product_photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id LIMIT 1), '')
		FROM products p ` + m.From + ` JOIN umkm u ON u.id = p.umkm_id
		WHERE ` + strings.Join(conds, " AND ") + ` ORDER BY ` + order + ` LIMIT ?`
	rows, err := s.db.Reader().Query(ctx, sqlText, all...)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (Product, error) {
		var thumb, large string
		p, err := scanProduct(r, &thumb, &large)
		p.Photos = []Photo{}
		if thumb != "" {
			p.Photos = append(p.Photos, Photo{ThumbKey: thumb, LargeKey: large})
		}
		return p, err
	})
}
