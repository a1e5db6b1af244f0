package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// runTier returns up to limit products of one tier in p's order (reversed
// when back), from the tier's start or past pos.
func (s *Service) runTier(ctx context.Context, p searchPlan, tier int, back bool, pos *searchCursor, limit int) ([]Product, error) {
	m := s.match(p, tier)
	if schema := s.rumSchema(ctx); schema != "" && !p.query.Empty() {
		m = search.InIDOrder(m, schema)
	}
	if p.sort == SortPriceAsc || p.sort == SortPriceDesc {
		// Keyset on (price, id). With words, "+ 0" keeps either database
		// from walking the price index and testing every product against
		// the words: it sorts the matches, which is what a rare word needs.
		price, id := "p.price", "p.id"
		if !p.query.Empty() {
			price, id = "p.price + 0", "p.id + 0"
		}
		ascending := (p.sort == SortPriceAsc) != back
		dir, cmp := "", ">"
		if !ascending {
			dir, cmp = " DESC", "<"
		}
		var cond string
		var condArgs []any
		if pos != nil {
			cond, condArgs = "(p.price, p.id) "+cmp+" (?, ?)", []any{pos.Price, pos.ID}
		}
		return s.searchQuery(ctx, m, price+dir+", "+id+dir, p.where, p.args, cond, condArgs, limit)
	}
	if s.window > 0 && m.Window > 0 {
		m.Window = s.window
	}
	o, sorted := m.Newest, m.NewestSorted
	if back {
		o, sorted = m.Oldest, m.OldestSorted
	}
	var after int64
	if pos != nil {
		after = pos.ID
	}
	if m.Window == 0 {
		by := o.By
		if o.FromEdge {
			edge := after
			if edge == 0 && !back {
				// RUM ranks by a float8 distance: an edge past 2^53 would
				// make every distance the same number and the order arbitrary.
				edge = 1 << 52
			}
			by = fmt.Sprintf(by, edge)
		}
		return s.searchQuery(ctx, m, by, p.where, p.args, keyset(o.After, after), ids(after), limit)
	}
	// PostgreSQL cannot tell whether the matches of a word lie among the
	// newest products or all among the oldest, so it either walks the id
	// index (fast for common words, a whole-table scan for rare ones) or
	// sorts every match (the reverse). Do both, each where it is cheap:
	// walk through the m.Window ids nearest the start first, and only if
	// that does not fill the page, sort the (then few) matches beyond.
	var near string
	var edge int64
	if back {
		edge = after + m.Window
		near = "p.id <= ?"
	} else {
		edge = after
		if edge == 0 {
			if err := s.db.Stale().QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM products`).Scan(&edge); err != nil {
				return nil, err
			}
		}
		edge -= m.Window
		near = "p.id >= ?"
	}
	where := append(p.where[:len(p.where):len(p.where)], near)
	args := append(p.args[:len(p.args):len(p.args)], edge)
	first, err := s.searchQuery(ctx, m, o.By, where, args, keyset(o.After, after), ids(after), limit)
	if err != nil || len(first) == limit || !back && edge <= 0 {
		return first, err
	}
	// Beyond the window: ids below edge (newest first) or above it (back).
	rest, err := s.searchQuery(ctx, m, sorted, p.where, p.args, o.After, []any{edge}, limit-len(first))
	return append(first, rest...), err
}

// keyset is cond when paging from a product, else nothing.
func keyset(cond string, after int64) string {
	if after == 0 {
		return ""
	}
	return cond
}

func ids(after int64) []any {
	if after == 0 {
		return nil
	}
	return []any{after}
}

// searchQuery runs one search statement ordered by order; cond (with
// condArgs), when set, is the keyset condition.
func (s *Service) searchQuery(ctx context.Context, m search.Match, order string, where []string, args []any, cond string, condArgs []any, limit int) ([]Product, error) {
	all := append(append([]any{sqldb.PlanForArgs}, m.FromArgs...), m.WhereArgs...)
	conds := where
	if m.Where != "" {
		conds = append([]string{m.Where}, where...)
	}
	all = append(all, args...)
	if cond != "" {
		conds = append(conds[:len(conds):len(conds)], cond)
		all = append(all, condArgs...)
	}
	all = append(all, limit)
	sqlText := `SELECT ` + productColumns + `,
		COALESCE((SELECT ph.thumb_key FROM product_photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id LIMIT 1), ''),
		COALESCE((SELECT ph.large_key FROM product_photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id LIMIT 1), '')
		FROM products p ` + m.From + ` JOIN umkm u ON u.id = p.umkm_id
		WHERE ` + strings.Join(conds, " AND ") + ` ORDER BY ` + order + ` LIMIT ?`
	rows, err := s.db.Stale().Query(ctx, sqlText, all...)
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

// rumSchema returns the schema of the rum extension's operators when the
// products have the RUM indexes of migration 0032, else "" (SQLite, or a
// PostgreSQL without the extension: search keeps its GIN plan). It is read
// once per process.
func (s *Service) rumSchema(ctx context.Context) string {
	s.rum.Do(func() {
		if s.db.Dialect != sqldb.Postgres {
			return
		}
		// No row (sql.ErrNoRows) means no RUM indexes here.
		s.db.Reader().QueryRow(context.WithoutCancel(ctx), `SELECT n.nspname FROM pg_extension e
			JOIN pg_namespace n ON n.oid = e.extnamespace
			WHERE e.extname = 'rum' AND to_regclass('products_title_rum') IS NOT NULL
			AND to_regclass('products_search_rum') IS NOT NULL`).Scan(&s.rumOperators)
	})
	return s.rumOperators
}
