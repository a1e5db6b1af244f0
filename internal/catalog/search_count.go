package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Counting the matches of a search costs more than finding its first page
// (the index serves a page in id order and stops; a count walks up to
// MaxCount+1 matches), and a spelling suggestion looks up hundreds of
// neighbours of a word; so both are kept for a while (package memo):
// popular searches are asked again and again, and "123 produk" need not be
// exact to the second. Both are dropped when this process indexes a product.
const (
	searchCacheTTL  = 30 * time.Second
	searchCacheSize = 10_000
	// Pages hold products (descriptions included): fewer, and for less
	// long, since their prices and stock show.
	searchPageTTL  = 5 * time.Second
	searchPageSize = 2_000
)

// count returns the number of p's matches, at most MaxCount, and whether there are more.
func (s *Service) count(ctx context.Context, p searchPlan) (int, bool, error) {
	var sqlText string
	var args []any
	if !p.query.Empty() && s.db.Dialect == sqldb.SQLite && len(p.args) == 0 {
		// Without price or seller filters, SQLite counts inside the index
		// alone (the listed facet), not reading a products row per match.
		f := p.facet
		f.Listed = true
		m := search.ProductMatch(s.db.Dialect, p.query, f, search.TierAll)
		sqlText = `SELECT COUNT(*) FROM (SELECT 1 FROM product_fts WHERE product_fts MATCH ? LIMIT ?) c`
		args = []any{m.WhereArgs[0], MaxCount + 1}
	} else {
		m := s.match(p, search.TierAll)
		conds := p.where
		if m.Where != "" {
			conds = append([]string{m.Where}, conds...)
		}
		sqlText = `SELECT COUNT(*) FROM (SELECT 1 FROM products p ` + m.From + ` WHERE ` + strings.Join(conds, " AND ") + ` LIMIT ?) c`
		args = append(append(append(append([]any{sqldb.PlanForArgs}, m.FromArgs...), m.WhereArgs...), p.args...), MaxCount+1)
	}
	n, err := s.counts.Remember(sqlText+"\x00"+fmt.Sprint(args...), func() (n int, err error) {
		err = s.db.Stale().QueryRow(ctx, sqlText, args...).Scan(&n)
		return n, err
	})
	return min(n, MaxCount), n > MaxCount, err
}

// suggest returns text with its words the vocabulary hardly knows replaced
// by better-known neighbours ("pmpek palembang" → "pempek palembang"), or
// "" when there is nothing better.
func (s *Service) suggest(ctx context.Context, text string) (string, error) {
	return s.suggestions.Remember(text, func() (string, error) {
		fix, err := search.Suggest(ctx, s.db.Stale(), search.ParseQuery(text).Roots())
		if err != nil || len(fix) == 0 {
			return "", err
		}
		return search.RewriteQuery(text, fix), nil
	})
}
