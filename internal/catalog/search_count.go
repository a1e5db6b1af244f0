package catalog

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Counting the matches of a search costs more than finding its first page
// (the index serves a page in id order and stops; a count walks up to
// MaxCount+1 matches), so counts are bounded and kept for a while: popular
// searches are asked again and again, and "123 produk" need not be exact
// to the second. A count is dropped when this process indexes a product
// (tests and a one-server shop see every change at once) and after
// countTTL (changes made by other servers on the same database).
const (
	countTTL       = 30 * time.Second
	countCacheSize = 10_000
)

type countCache struct {
	gen atomic.Uint64 // raised by every index write of this process
	mu  sync.Mutex
	m   map[string]countEntry
}

type countEntry struct {
	n   int
	gen uint64
	at  time.Time
}

// changed forgets every count.
func (c *countCache) changed() { c.gen.Add(1) }

func (c *countCache) get(key string, now time.Time) (int, bool) {
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if !ok || e.gen != c.gen.Load() || now.Sub(e.at) > countTTL {
		return 0, false
	}
	return e.n, true
}

// put keeps n, counted while the generation was gen: a write that began
// before the count finished makes it stale at once.
func (c *countCache) put(key string, n int, gen uint64, now time.Time) {
	c.mu.Lock()
	if c.m == nil || len(c.m) >= countCacheSize {
		c.m = make(map[string]countEntry) // emptied when full: cheaper than LRU, fine for a hot set
	}
	c.m[key] = countEntry{n: n, gen: gen, at: now}
	c.mu.Unlock()
}

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
	key := sqlText + "\x00" + fmt.Sprint(args...)
	now := time.Now()
	if n, ok := s.counts.get(key, now); ok {
		return min(n, MaxCount), n > MaxCount, nil
	}
	gen := s.counts.gen.Load()
	var n int
	if err := s.db.Reader().QueryRow(ctx, sqlText, args...).Scan(&n); err != nil {
		return 0, false, err
	}
	s.counts.put(key, n, gen, now)
	return min(n, MaxCount), n > MaxCount, nil
}

// suggest returns text with its words the vocabulary hardly knows replaced
// by better-known neighbours ("pmpek palembang" → "pempek palembang"), or
// "" when there is nothing better.
func (s *Service) suggest(ctx context.Context, text string) (string, error) {
	fix, err := search.Suggest(ctx, s.db.Reader(), search.ParseQuery(text).Roots())
	if err != nil || len(fix) == 0 {
		return "", err
	}
	return search.RewriteQuery(text, fix), nil
}
