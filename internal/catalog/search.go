package catalog

import (
	"context"
	"slices"
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Sort orders of a search.
const (
	SortRelevance = "relevance" // the default: name matches first, then the rest, each newest first
	SortNewest    = "newest"
	SortPriceAsc  = "price_asc"
	SortPriceDesc = "price_desc"
)

// Sorts lists the sort orders, the default first.
var Sorts = []string{SortRelevance, SortNewest, SortPriceAsc, SortPriceDesc}

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
	Sort         string // one of Sorts; "" is SortRelevance
	Limit        int
	Cursor       string
	// NoCount skips the count for a page that does not show it (Count stays 0).
	NoCount bool
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
	if q.Sort == "" {
		q.Sort = SortRelevance
	}
	v.Check(slices.Contains(Sorts, q.Sort), "sort", "Urutan harus salah satu dari: %s", strings.Join(Sorts, ", "))
	v.Check(q.Limit >= 0 && q.Limit <= 100, "limit", "Batas per halaman 1–100")
	return v.Err()
}

// MaxCount bounds the count of a search, so that counting stays cheap:
// above it a page says "more than 1,000".
const MaxCount = 1000

// fewResults: a search finding fewer products than this asks the
// vocabulary for a better spelling.
const fewResults = 3

// SearchPage is one page of results.
type SearchPage struct {
	Items []Product
	// NextCursor continues after the page, PrevCursor before it; "" when
	// there is nothing more that way (PrevCursor is "" on the first page).
	NextCursor, PrevCursor string
	// Count is the number of products found, at most MaxCount; CountMore
	// says there are more than MaxCount.
	Count     int
	CountMore bool
	// Suggestion is a spelling of the query that finds more ("pempek" for
	// "pmpek"), or "". When the query itself found nothing, Corrected is
	// set and the page holds the suggestion's results: later pages are
	// asked for with the suggestion as the query.
	Suggestion string
	Corrected  bool
}

// searchCursor is a position in a sort order: after (or, with Back,
// before) the product with id ID, price Price, in relevance tier Tier.
// Pages never skip or repeat a product while others are added, and a deep
// page costs what the first does (keyset paging; see docs/decisions/0003).
type searchCursor struct {
	Sort  string `json:"s,omitempty"`
	Tier  int    `json:"t,omitempty"`
	ID    int64  `json:"a,omitempty"`
	Price int64  `json:"p,omitempty"`
	Back  bool   `json:"b,omitempty"`
}

func invalidCursor() error {
	return &platform.Error{Kind: platform.KindInvalid, Message: "Kursor halaman tidak valid",
		Fields: []platform.FieldError{{Field: "cursor", Message: "Kursor halaman tidak valid"}}}
}

// Search returns listed products matching q in the order q.Sort: by
// relevance, products with every word in their name first, then (several
// words) those with some in their name, then those with the words only
// elsewhere (description, category, the seller's name and place), each
// newest first (see search.ProductMatch); or newest first, or by price. Words also match their synonyms (search.ParseQuery). The page
// carries the count of matches (bounded by MaxCount) and, when a search
// with words finds fewer than three products, a spelling suggestion; a
// search finding nothing shows the suggestion's results instead.
// Items carry their first photo only.
//
// A page is kept for searchPageTTL (package memo): the same words in the
// same province are asked by visitor after visitor, and search already
// reads what may be a little stale (a replica, db.Stale). This process's
// own product writes drop every kept page (a search racing the write's
// commit may keep the old page until the TTL, as other processes do); prices and stock on the product
// page and at checkout are always read fresh. The page's slices are shared
// between callers: read them, never change them.
func (s *Service) Search(ctx context.Context, q Query) (SearchPage, error) {
	if s.uncached.Load() {
		return s.searchSuggesting(ctx, q)
	}
	return s.pages.Remember(keyOf(q), func() (SearchPage, error) { return s.searchSuggesting(ctx, q) })
}

// KeepPages sets whether Search keeps pages (the default); benchmarks turn
// it off to measure what a search costs when its page is not kept.
func (s *Service) KeepPages(on bool) { s.uncached.Store(!on) }

// pageKey is a Query as a cache key (values, not pointers).
type pageKey struct {
	text, province, regency, category, sort, cursor string
	halal                                           int8 // 0 any, 1 yes, 2 no
	minPrice, maxPrice                              int64
	umkmID                                          int64
	limit                                           int
	noCount                                         bool
}

func keyOf(q Query) pageKey {
	k := pageKey{text: q.Text, province: q.ProvinceCode, regency: q.RegencyCode, category: q.Category, sort: q.Sort,
		cursor: q.Cursor, minPrice: -1, maxPrice: -1, umkmID: q.UMKMID, limit: q.Limit, noCount: q.NoCount}
	if q.Halal != nil {
		k.halal = 2
		if *q.Halal {
			k.halal = 1
		}
	}
	if q.MinPrice != nil {
		k.minPrice = *q.MinPrice
	}
	if q.MaxPrice != nil {
		k.maxPrice = *q.MaxPrice
	}
	return k
}

// searchSuggesting is Search without the kept pages.
func (s *Service) searchSuggesting(ctx context.Context, q Query) (SearchPage, error) {
	page, err := s.search(ctx, q)
	if err != nil || q.Cursor != "" || q.Text == "" || page.Count >= fewResults {
		return page, err
	}
	suggestion, err := s.suggest(ctx, q.Text)
	if err != nil || suggestion == "" {
		return page, err
	}
	alt := q
	alt.Text = suggestion
	better, err := s.search(ctx, alt)
	if err != nil || better.Count <= page.Count {
		return page, err
	}
	if page.Count > 0 {
		page.Suggestion = suggestion
		return page, nil
	}
	better.Suggestion, better.Corrected = suggestion, true
	return better, nil
}

// search is Search without suggestions.
func (s *Service) search(ctx context.Context, q Query) (SearchPage, error) {
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
		if cur.Sort == "" {
			cur.Sort = SortRelevance
		}
		if cur.Sort != q.Sort || cur.Tier < 0 || cur.Tier > search.TierAll || cur.ID < 0 || cur.Price < 0 || cur.Back && cur.ID == 0 {
			return SearchPage{}, invalidCursor()
		}
	}
	sq := search.ParseQuery(q.Text)
	if q.Text != "" && sq.Empty() {
		return SearchPage{Items: []Product{}}, nil // only stop words: nothing to look for
	}
	p := s.plan(q, sq)
	if q.Cursor != "" && !slices.Contains(p.tiers, cur.Tier) {
		return SearchPage{}, invalidCursor()
	}

	var from *searchCursor
	if q.Cursor != "" {
		from = &cur
	}
	items, tiers, err := s.collect(ctx, p, from, q.Limit+1)
	if err != nil {
		return SearchPage{}, err
	}
	if from != nil && from.Back && len(items) <= q.Limit {
		// Paging back reached the start: show the first page itself, in
		// full even if products were added since.
		from = nil
		if items, tiers, err = s.collect(ctx, p, nil, q.Limit+1); err != nil {
			return SearchPage{}, err
		}
	}
	page := SearchPage{Items: items}
	more := len(items) > q.Limit // paging back, always so (see above)
	if more {
		page.Items, tiers = items[:q.Limit], tiers[:q.Limit]
	}
	back := from != nil && from.Back
	if back {
		slices.Reverse(page.Items)
		slices.Reverse(tiers)
	}
	if n := len(page.Items); n > 0 {
		sort := q.Sort
		if sort == SortRelevance {
			sort = "" // the default, as cursors made before there were orders
		}
		at := func(i int, back bool) string {
			c := searchCursor{Sort: sort, Tier: tiers[i], ID: page.Items[i].ID, Back: back}
			if q.Sort == SortPriceAsc || q.Sort == SortPriceDesc {
				c.Price = page.Items[i].Price
			}
			return platform.EncodeCursor(c)
		}
		if more {
			page.NextCursor = at(n-1, false)
		}
		if from != nil {
			page.PrevCursor = at(0, true)
		}
	}
	switch {
	case from == nil && !more:
		page.Count = len(page.Items) // the first page holds every match
	case !q.NoCount:
		if page.Count, page.CountMore, err = s.count(ctx, p); err != nil {
			return SearchPage{}, err
		}
	}
	return page, nil
}

// searchPlan is how one search runs: its relevance tiers (one, TierAll,
// when not sorting by relevance) and the filters every tier shares.
type searchPlan struct {
	sort  string
	query search.Query
	facet search.Filter
	tiers []int
	where []string
	args  []any
}

func (s *Service) plan(q Query, sq search.Query) searchPlan {
	p := searchPlan{sort: q.Sort, query: sq, where: []string{"p.listed = TRUE"}, tiers: []int{search.TierAll}}
	add := func(cond string, a any) { p.where = append(p.where, cond); p.args = append(p.args, a) }
	// With words, the index matches province, regency, category and halal
	// exactly (facet tokens); repeating them here would make PostgreSQL count
	// each filter twice and misjudge how many rows match.
	if sq.Empty() {
		p.tiers = []int{search.TierTitle}
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
	} else {
		p.facet = search.Filter{ProvinceCode: q.ProvinceCode, RegencyCode: q.RegencyCode, Category: q.Category, Halal: q.Halal}
		switch {
		case q.Sort != SortRelevance:
		case len(sq.Terms) == 1: // one word is in the name or not: no middle tier
			p.tiers = []int{search.TierTitle, search.TierBody}
		default:
			p.tiers = []int{search.TierTitle, search.TierSome, search.TierBody}
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
	return p
}

// match is the restriction of one tier.
func (s *Service) match(p searchPlan, tier int) search.Match {
	if p.query.Empty() {
		return search.BrowseMatch()
	}
	return search.ProductMatch(s.db.Dialect, p.query, p.facet, tier)
}

// collect returns up to limit products in p's order from the start, or
// after from, or (from.Back) the nearest ones before from, nearest first;
// with the tier of each.
func (s *Service) collect(ctx context.Context, p searchPlan, from *searchCursor, limit int) ([]Product, []int, error) {
	tiers := p.tiers
	back := from != nil && from.Back
	if from != nil {
		i := slices.Index(tiers, from.Tier)
		if back {
			tiers = slices.Clone(tiers[:i+1])
			slices.Reverse(tiers)
		} else {
			tiers = tiers[i:]
		}
	}
	items := []Product{}
	var itemTiers []int
	for i, tier := range tiers {
		if len(items) >= limit {
			break
		}
		pos := from
		if i > 0 {
			pos = nil
		}
		got, err := s.runTier(ctx, p, tier, back, pos, limit-len(items))
		if err != nil {
			return nil, nil, err
		}
		items = append(items, got...)
		for range got {
			itemTiers = append(itemTiers, tier)
		}
	}
	return items, itemTiers, nil
}
